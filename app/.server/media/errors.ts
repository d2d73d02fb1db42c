export type MediaErrorKind =
  | "empty"
  | "unsupported_type"
  | "too_large"
  | "too_many_pixels"
  | "truncated"
  | "corrupt"
  | "tool_missing";

/** A problem with an uploaded file (or the tools that read it), phrased for the person who uploaded it. */
export class MediaError extends Error {
  override readonly name = "MediaError";
  constructor(
    readonly kind: MediaErrorKind,
    message: string,
    /** The tool's own words, for logs; not shown to the uploader. */
    readonly detail?: string,
  ) {
    super(message);
  }
}

export function isMediaError(e: unknown): e is MediaError {
  return e instanceof MediaError;
}

const mp = (px: number): string => `${Math.round(px / 1e6).toLocaleString("en-US")} MP`;
const size = (bytes: number): string =>
  bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(1)} GB`
  : bytes >= 1024 ** 2 ? `${(bytes / 1024 ** 2).toFixed(1)} MB`
  : bytes >= 1024 ? `${Math.round(bytes / 1024)} KB`
  : `${bytes} bytes`;

// Message constructors, so every layer (upload, ingest, UI) says the same thing.
export const mediaErrors = {
  empty: (): MediaError =>
    new MediaError("empty", "This file is empty (0 bytes). Check the file on your computer and upload it again."),
  unsupported: (what: string): MediaError =>
    new MediaError(
      "unsupported_type",
      `This file looks like ${what}, which is not an image, video, audio file or PDF we accept. ` +
        "Upload JPEG, PNG, WebP, AVIF, GIF, TIFF or SVG images, MP4/MOV/WebM video, MP3/WAV/M4A/OGG/FLAC audio, or PDF.",
    ),
  tooLarge: (bytes: number, maxBytes: number): MediaError =>
    new MediaError(
      "too_large",
      `This file is ${size(bytes)}; the limit is ${size(maxBytes)}. Export a smaller version and upload it again.`,
    ),
  tooManyPixels: (label: string, width: number | undefined, height: number | undefined, maxPixels: number) =>
    new MediaError(
      "too_many_pixels",
      (width && height
        ? `This ${label} is ${width.toLocaleString("en-US")} × ${height.toLocaleString("en-US")} px (${mp(width * height)}); `
        : `This ${label} has more pixels than we can process; `) +
        `the limit is ${mp(maxPixels)}. Resize it (for example to 8000 px on the longest side) and upload it again.`,
    ),
  truncated: (label: string, detail?: string): MediaError =>
    new MediaError(
      "truncated",
      `This ${label} is truncated (the upload was cut off or the file is damaged). Re-export it and upload again.`,
      detail,
    ),
  /** `reason` is shown to the uploader; `detail` (a tool's message) only goes to logs. */
  corrupt: (label: string, reason?: string, detail?: string): MediaError =>
    new MediaError(
      "corrupt",
      `This ${label} could not be read${reason ? ` (${reason})` : ""}; the file is damaged or not what its type says. ` +
        "Open it in an editor, re-export it and upload again.",
      detail,
    ),
  toolMissing: (tool: string, pkg: string): MediaError =>
    new MediaError(
      "tool_missing",
      `The server cannot process this file because "${tool}" is not installed. ` +
        `An administrator needs to install it (Debian/Ubuntu: apt-get install ${pkg}); then retry the upload.`,
    ),
};
