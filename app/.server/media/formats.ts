export type MediaKind = "image" | "video" | "audio" | "document";

export interface MediaFormat {
  mime: string;
  ext: string;
  kind: MediaKind;
  /** Human name used in messages ("This JPEG is truncated…"). */
  label: string;
}

const list: MediaFormat[] = [
  { mime: "image/jpeg", ext: "jpg", kind: "image", label: "JPEG" },
  { mime: "image/png", ext: "png", kind: "image", label: "PNG" },
  { mime: "image/webp", ext: "webp", kind: "image", label: "WebP image" },
  { mime: "image/avif", ext: "avif", kind: "image", label: "AVIF image" },
  { mime: "image/gif", ext: "gif", kind: "image", label: "GIF" },
  { mime: "image/tiff", ext: "tif", kind: "image", label: "TIFF" },
  { mime: "image/svg+xml", ext: "svg", kind: "image", label: "SVG" },
  { mime: "video/mp4", ext: "mp4", kind: "video", label: "MP4 video" },
  { mime: "video/x-m4v", ext: "m4v", kind: "video", label: "M4V video" },
  { mime: "video/quicktime", ext: "mov", kind: "video", label: "QuickTime video" },
  { mime: "video/webm", ext: "webm", kind: "video", label: "WebM video" },
  { mime: "audio/mpeg", ext: "mp3", kind: "audio", label: "MP3 file" },
  { mime: "audio/wav", ext: "wav", kind: "audio", label: "WAV file" },
  { mime: "audio/x-m4a", ext: "m4a", kind: "audio", label: "M4A file" },
  { mime: "audio/aac", ext: "aac", kind: "audio", label: "AAC file" },
  { mime: "audio/ogg", ext: "ogg", kind: "audio", label: "Ogg audio file" },
  { mime: "audio/flac", ext: "flac", kind: "audio", label: "FLAC file" },
  { mime: "application/pdf", ext: "pdf", kind: "document", label: "PDF" },
];

/** The allowlist, keyed by canonical MIME type. */
export const MEDIA_FORMATS: ReadonlyMap<string, MediaFormat> = new Map(list.map((f) => [f.mime, f]));

export function formatOf(mime: string): MediaFormat | undefined {
  return MEDIA_FORMATS.get(mime);
}

export function labelOf(mime: string): string {
  return MEDIA_FORMATS.get(mime)?.label ?? "file";
}
