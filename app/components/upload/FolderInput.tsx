// "Upload folder": a directory picker. Each picked file knows its path inside the folder
// (webkitRelativePath), which the upload sends as `folder` so the server tags by folder ("Spring 2026/
// Amazon" → spring, 2026, amazon). Hidden files and the junk operating systems leave in folders are skipped.
import { forwardRef, useImperativeHandle, useRef } from "react";

export interface FolderInputHandle {
  open(): void;
}

const JUNK = new Set(["thumbs.db", "desktop.ini", "icon\r"]);

/** The files of a picked folder worth uploading: no dot-files (.DS_Store, ._x.jpg) or Thumbs.db/desktop.ini. */
export function folderFiles(files: Iterable<File>): File[] {
  return [...files].filter((f) => {
    const segments = (f.webkitRelativePath || f.name).split("/");
    return !segments.some((s) => s.startsWith(".")) && !JUNK.has(f.name.toLowerCase());
  });
}

export const FolderInput = forwardRef<FolderInputHandle, { onFiles(files: File[]): void }>(function FolderInput({ onFiles }, ref) {
  const input = useRef<HTMLInputElement>(null);
  useImperativeHandle(ref, () => ({ open: () => input.current?.click() }), []);
  // React does not know webkitdirectory/directory: set them as attributes.
  const dirProps = { webkitdirectory: "", directory: "" } as Record<string, string>;
  return (
    <input
      ref={input}
      type="file"
      multiple
      hidden
      id="library-folder-input"
      data-testid="folder-upload-input"
      {...dirProps}
      onChange={(e) => {
        const files = folderFiles(e.currentTarget.files ?? []);
        e.currentTarget.value = ""; // the same folder again uploads again
        if (files.length) onFiles(files);
      }}
    />
  );
});
