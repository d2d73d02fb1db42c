// Streams a stored blob as an HTTP response. Originals are always attachments with nosniff (an SVG or
// HTML-ish file must never run in our origin); renditions are immutable, content-addressed images.
import { Readable } from "node:stream";
import type { BlobStore } from "../media/blob-store";

export async function blobResponse(
  blobs: BlobStore,
  blob: { storageKey: string; mime: string; bytes: bigint | number },
  opts: { attachmentName?: string; immutable?: boolean },
): Promise<Response> {
  const stream = await blobs.open(blob.storageKey);
  const headers = new Headers({
    "Content-Type": opts.attachmentName ? safeDownloadType(blob.mime) : blob.mime,
    "Content-Length": String(blob.bytes),
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": opts.immutable ? "public, max-age=31536000, immutable" : "private, no-store",
  });
  if (opts.attachmentName) headers.set("Content-Disposition", contentDisposition(opts.attachmentName));
  if (opts.immutable) headers.set("Content-Security-Policy", "default-src 'none'; sandbox");
  return new Response(Readable.toWeb(stream) as ReadableStream, { status: 200, headers });
}

/** Active types are downloaded as bytes, never rendered by the browser. */
const safeDownloadType = (mime: string) => (mime === "image/svg+xml" ? "application/octet-stream" : mime);

export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
