// Reads the image of POST /api/v1/similar: multipart (field `file`) or the raw bytes as the body
// (Content-Type image/* or application/octet-stream), at most `maxBytes` — counted while reading, so an
// oversized body is refused without being held. The type itself is sniffed from the bytes by the service.
import type { Readable } from "node:stream";
import { AppError } from "../../errors";
import { streamMultipart } from "../../http/multipart";

/** Probes are small by nature: at most this, or the library's image limit when lower. */
export const PROBE_MAX_BYTES = 20 * 1024 * 1024;

const tooLarge = (maxBytes: number) => new AppError("file_too_large", `The image may be at most ${Math.round(maxBytes / 1024 / 1024)} MB.`);

async function collect(chunks: AsyncIterable<Uint8Array>, maxBytes: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let total = 0;
  for await (const c of chunks) {
    total += c.length;
    if (total > maxBytes) throw tooLarge(maxBytes);
    parts.push(Buffer.from(c));
  }
  return Buffer.concat(parts);
}

export async function readProbeImage(request: Request, maxBytes: number): Promise<Buffer> {
  const type = (request.headers.get("content-type") ?? "").toLowerCase();
  const declared = Number(request.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > maxBytes + 64 * 1024) throw tooLarge(maxBytes);
  if (type.startsWith("multipart/form-data")) {
    const { results } = await streamMultipart(request, {
      maxFiles: 1,
      fileField: "file",
      onFile: async (part) => collect(part.stream as Readable, maxBytes),
    });
    const first = results[0];
    if (!first) throw new AppError("validation", "Send the image in the multipart field `file`.");
    if (first.status === "rejected") throw first.reason;
    return first.value;
  }
  if (type.startsWith("image/") || type.startsWith("application/octet-stream")) {
    if (!request.body) throw new AppError("empty_file", "The image is empty.");
    return collect(request.body as unknown as AsyncIterable<Uint8Array>, maxBytes);
  }
  throw new AppError("validation", "Send the image as multipart/form-data (field `file`) or as the raw body with an image/* Content-Type.");
}
