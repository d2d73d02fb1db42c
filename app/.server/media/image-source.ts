// Where image bytes come from (path or buffer, SVG sanitised) and how decode failures are explained.
import { open, readFile, stat } from "node:fs/promises";
import { MediaError, mediaErrors } from "./errors";
import { labelOf } from "./formats";
import { checkComplete, isSvgHead, SNIFF_HEAD_BYTES, SNIFF_TAIL_BYTES } from "./sniff";
import { sanitizeSvg } from "./svg";

/** A path, or the file's bytes. */
export type ImageInput = string | Buffer;

export interface Source {
  input: ImageInput;
  svg: boolean;
  /** Known or guessed type, for messages and the truncation check. */
  mime?: string;
}

/**
 * SVG is sanitised before librsvg sees it, whatever the caller passed: libvips picks its loader from the
 * content, so the head is checked even when the caller says the type.
 */
export async function openSource(input: ImageInput, mime?: string): Promise<Source> {
  const head = await readHead(input);
  const svg = mime === "image/svg+xml" || isSvgHead(head);
  if (!svg) return { input, svg, mime: mime ?? magicMime(head) };
  const text = typeof input === "string" ? await readFile(input, "utf8") : input.toString("utf8");
  return { input: Buffer.from(sanitizeSvg(text), "utf8"), svg: true, mime: "image/svg+xml" };
}

async function readHead(input: ImageInput): Promise<Uint8Array> {
  if (typeof input !== "string") return input.subarray(0, SNIFF_HEAD_BYTES);
  const fh = await open(input, "r");
  try {
    const buf = Buffer.alloc(SNIFF_HEAD_BYTES);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

async function readTail(input: ImageInput): Promise<Uint8Array> {
  if (typeof input !== "string") return input.subarray(Math.max(0, input.length - SNIFF_TAIL_BYTES));
  const fh = await open(input, "r");
  try {
    const { size } = await fh.stat();
    const buf = Buffer.alloc(Math.min(size, SNIFF_TAIL_BYTES));
    const { bytesRead } = await fh.read(buf, 0, buf.length, size - buf.length);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

function magicMime(head: Uint8Array): string | undefined {
  const ascii = (from: number, to: number) => String.fromCharCode(...head.subarray(from, to));
  if (head[0] === 0xff && head[1] === 0xd8) return "image/jpeg";
  if (head[0] === 0x89 && ascii(1, 4) === "PNG") return "image/png";
  if (head.length >= 12 && ascii(0, 4) === "RIFF" && ascii(8, 12) === "WEBP") return "image/webp";
  return undefined;
}

const FORMAT_LABELS: Record<string, string> = {
  jpeg: "JPEG", png: "PNG", webp: "WebP image", heif: "AVIF image", gif: "GIF", tiff: "TIFF", svg: "SVG",
};

export function labelFor(src: Source, format?: string): string {
  if (src.mime) return labelOf(src.mime) === "file" ? "image" : labelOf(src.mime);
  return (format && FORMAT_LABELS[format]) ?? "image";
}

export async function decodeError(e: unknown, src: Source, maxPixels: number): Promise<MediaError> {
  if (e instanceof MediaError) return e;
  const message = e instanceof Error ? e.message : String(e);
  const label = labelFor(src);
  if (/exceeds pixel limit/i.test(message)) return mediaErrors.tooManyPixels(label, undefined, undefined, maxPixels);
  if (/premature end|truncated|unexpected end|end of (file|data|stream|input)|not enough (data|image)|short read/i.test(message))
    return mediaErrors.truncated(label, message);
  if (await looksCutOff(src)) return mediaErrors.truncated(label, message);
  if (/unsupported image format/i.test(message)) return mediaErrors.corrupt(label, `its content is not a valid ${label}`, message);
  return mediaErrors.corrupt(label, undefined, message);
}

// libpng, libwebp and others report a cut-off file as a generic read error: look at how the file is framed.
async function looksCutOff(src: Source): Promise<boolean> {
  try {
    const [head, tail, size] = await Promise.all([readHead(src.input), readTail(src.input), sizeOf(src.input)]);
    const magic = magicMime(head);
    if (magic === "image/jpeg" || magic === "image/png") return !checkComplete(magic, tail);
    if (magic === "image/webp") return new DataView(head.buffer, head.byteOffset).getUint32(4, true) + 8 > size;
    return false;
  } catch {
    return false;
  }
}

async function sizeOf(input: ImageInput): Promise<number> {
  return typeof input === "string" ? (await stat(input)).size : input.length;
}
