// Image probing and the one-decode preview/thumb/pHash pipeline (sharp/libvips).
import { open, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import sharp, { type Metadata, type OutputInfo, type Sharp, type SharpOptions } from "sharp";
import { summariseEmbedded, type EmbeddedMetadata } from "./embedded";
import { MediaError, mediaErrors } from "./errors";
import { labelOf } from "./formats";
import { iccProfileName } from "./icc";
import { PHASH_SIZE, phashFromGrey } from "./phash";
import { checkComplete, isSvgHead, SNIFF_HEAD_BYTES, SNIFF_TAIL_BYTES } from "./sniff";
import { sanitizeSvg } from "./svg";
import type { MediaOutput } from "./types";

export type { EmbeddedMetadata } from "./embedded";

/** A path, or the file's bytes. */
export type ImageInput = string | Buffer;

export interface ImageProbe {
  format: string;
  /** Display size, after EXIF orientation. For SVG: the intrinsic size at 72 dpi. */
  width: number;
  height: number;
  space: string;
  channels: number;
  depth: string;
  hasAlpha: boolean;
  orientation?: number;
  density?: number;
  pages?: number;
  isProgressive: boolean;
  iccProfile?: string;
}

export interface RenderOptions {
  workDir: string;
  maxPixels: number;
  /** The sniffed type. Without it the file's first bytes are read to spot SVG. */
  mime?: string;
  previewSize?: number;
  thumbSize?: number;
}

export interface RenderedImage {
  outputs: MediaOutput[];
  /** 64-bit DCT pHash, 16 lower-case hex chars. */
  phash: string;
}

export const PREVIEW_SIZE = 1600;
export const THUMB_SIZE = 400;
const PREVIEW_QUALITY = 82;
const THUMB_QUALITY = 78;

/** Header-only probe; rejects too many pixels before anything is decoded. */
export async function probeImage(input: ImageInput, limits: { maxPixels: number }, mime?: string): Promise<ImageProbe> {
  return (await inspectImage(input, limits, mime)).probe;
}

/** EXIF/IPTC/XMP summary (no GPS coordinates). Never throws: no metadata gives an empty summary. */
export async function readEmbeddedMetadata(input: ImageInput, mime?: string): Promise<EmbeddedMetadata> {
  try {
    const src = await openSource(input, mime);
    if (src.svg) return { keywords: [], hasGps: false };
    const { exif, xmp, iptc } = await sharp(src.input, { limitInputPixels: false }).metadata();
    return await summariseEmbedded({ exif, xmp, iptc });
  } catch {
    return { keywords: [], hasGps: false };
  }
}

/** Probe + embedded metadata from one header read. */
export async function inspectImage(
  input: ImageInput,
  limits: { maxPixels: number },
  mime?: string,
): Promise<{ probe: ImageProbe; embedded: EmbeddedMetadata }> {
  const src = await openSource(input, mime);
  let meta: Metadata;
  try {
    // Header only: no limit here so the message can say how big the image is; every decode below has one.
    meta = await sharp(src.input, { limitInputPixels: false }).metadata();
  } catch (e) {
    throw await decodeError(e, src, limits.maxPixels);
  }
  const probe = toProbe(meta, src, limits.maxPixels);
  const embedded = src.svg ? { keywords: [], hasGps: false } : await summariseEmbedded(meta);
  return { probe, embedded };
}

/**
 * One decode (shrink-on-load straight to preview size, EXIF auto-orient, sRGB), then from those pixels:
 * - preview: fit inside 1600², JPEG q82 when opaque; WebP q82 keeping alpha when any pixel is transparent
 *   (a product cut-out flattened onto white would look like it has a white background);
 * - thumb: fit inside 400², WebP q78 (keeps alpha);
 * - pHash from the thumb's pixels (same decode). Animated GIF/WebP and multi-page TIFF: first frame/page.
 */
export async function renderImageOutputs(input: ImageInput, opts: RenderOptions): Promise<RenderedImage> {
  const previewSize = opts.previewSize ?? PREVIEW_SIZE;
  const thumbSize = opts.thumbSize ?? THUMB_SIZE;
  const src = await openSource(input, opts.mime);
  const options: SharpOptions = { limitInputPixels: opts.maxPixels, failOn: "truncated", autoOrient: true };
  if (src.svg) options.density = await svgDensity(src, previewSize);

  let decoded: { data: Buffer; info: OutputInfo };
  try {
    decoded = await sharp(src.input, options)
      .resize(previewSize, previewSize, { fit: "inside", withoutEnlargement: true })
      .toColourspace("srgb")
      .raw({ depth: "uchar" })
      .toBuffer({ resolveWithObject: true });
  } catch (e) {
    throw await decodeError(e, src, opts.maxPixels);
  }

  const { data, info } = decoded;
  if (info.channels !== 3 && info.channels !== 4) throw mediaErrors.corrupt(labelFor(src), undefined, `${info.channels} channels after sRGB`);
  const channels = info.channels;
  const pixels = () => sharp(data, { raw: { width: info.width, height: info.height, channels } });
  // Thumb pixels are downscaled once (in libvips' threads while the alpha scan below runs); the thumb file
  // and the pHash both come from them.
  const thumbPixels = pixels()
    .resize(thumbSize, thumbSize, { fit: "inside", withoutEnlargement: true })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const transparent = channels === 4 && usesAlpha(data);
  const opaque = (p: Sharp) => (channels === 4 && !transparent ? p.removeAlpha() : p);

  const previewPath = join(opts.workDir, transparent ? "preview.webp" : "preview.jpg");
  const thumbPath = join(opts.workDir, "thumb.webp");
  const encodePreview = (
    transparent
      ? pixels().webp({ quality: PREVIEW_QUALITY, alphaQuality: 90 })
      : opaque(pixels()).jpeg({ quality: PREVIEW_QUALITY, mozjpeg: false })
  ).toFile(previewPath);
  const thumbAndHash = thumbPixels.then(({ data: t, info: ti }) => {
    const small = () => opaque(sharp(t, { raw: { width: ti.width, height: ti.height, channels } }));
    return Promise.all([
      small().webp({ quality: THUMB_QUALITY }).toFile(thumbPath),
      (transparent ? small().flatten({ background: "#ffffff" }) : small())
        .greyscale()
        .resize(PHASH_SIZE, PHASH_SIZE, { fit: "fill" })
        .raw()
        .toBuffer({ resolveWithObject: true }),
    ]);
  });
  const [preview, [thumb, grey]] = await Promise.all([encodePreview, thumbAndHash]);

  return {
    outputs: [
      output("preview", previewPath, transparent ? "image/webp" : "image/jpeg", preview),
      output("thumb", thumbPath, "image/webp", thumb),
    ],
    phash: phashFromGrey(firstChannel(grey.data, grey.info.channels)),
  };
}

interface Source {
  input: ImageInput;
  svg: boolean;
  /** Known or guessed type, for messages and the truncation check. */
  mime?: string;
}

/** SVG is sanitised before librsvg sees it, whatever the caller passed. */
async function openSource(input: ImageInput, mime?: string): Promise<Source> {
  const head = mime ? undefined : await readHead(input);
  const type = mime ?? (head ? magicMime(head) : undefined);
  const svg = mime ? mime === "image/svg+xml" : isSvgHead(head!);
  if (!svg) return { input, svg, mime: type };
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

function labelFor(src: Source, format?: string): string {
  if (src.mime) return labelOf(src.mime) === "file" ? "image" : labelOf(src.mime);
  return (format && FORMAT_LABELS[format]) ?? "image";
}

function toProbe(m: Metadata, src: Source, maxPixels: number): ImageProbe {
  const label = labelFor(src, m.format);
  if (!m.width || !m.height) throw mediaErrors.corrupt(label, "it has no width or height");
  const width = m.autoOrient?.width ?? m.width;
  const height = m.autoOrient?.height ?? m.height;
  // SVG is rasterised at a density we choose, so its intrinsic size is not a pixel count.
  if (!src.svg && m.width * m.height > maxPixels) throw mediaErrors.tooManyPixels(label, width, height, maxPixels);
  const probe: ImageProbe = {
    format: m.format,
    width,
    height,
    space: m.space,
    channels: m.channels,
    depth: m.depth,
    hasAlpha: m.hasAlpha,
    isProgressive: m.isProgressive,
  };
  if (m.orientation) probe.orientation = m.orientation;
  if (m.density) probe.density = m.density;
  if (m.pages && m.pages > 1) probe.pages = m.pages;
  const icc = iccProfileName(m.icc);
  if (icc) probe.iccProfile = icc;
  return probe;
}

/** Density (dpi) at which the SVG's longest side comes out at about `target` px. */
async function svgDensity(src: Source, target: number): Promise<number> {
  let m: Metadata;
  try {
    m = await sharp(src.input, { limitInputPixels: false }).metadata();
  } catch (e) {
    throw await decodeError(e, src, Number.MAX_SAFE_INTEGER);
  }
  const longest = Math.max(m.width ?? 0, m.height ?? 0);
  if (!longest) throw mediaErrors.corrupt("SVG", "it has no size");
  return Math.min(100_000, Math.max(1, (72 * target) / longest));
}

async function decodeError(e: unknown, src: Source, maxPixels: number): Promise<MediaError> {
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

const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

function usesAlpha(rgba: Buffer): boolean {
  if (LITTLE_ENDIAN && rgba.byteOffset % 4 === 0) {
    // RGBA read as little-endian words: alpha is each word's top byte.
    const words = new Uint32Array(rgba.buffer, rgba.byteOffset, rgba.length >>> 2);
    for (let i = 0; i < words.length; i++) if (words[i]! < 0xff000000) return true;
    return false;
  }
  for (let i = 3; i < rgba.length; i += 4) if (rgba[i]! < 255) return true;
  return false;
}

function firstChannel(data: Buffer, channels: number): Uint8Array {
  if (channels === 1) return data;
  const out = new Uint8Array(data.length / channels);
  for (let i = 0; i < out.length; i++) out[i] = data[i * channels]!;
  return out;
}

function output(presetId: MediaOutput["presetId"], path: string, mime: string, info: OutputInfo): MediaOutput {
  return { presetId, path, mime, width: info.width, height: info.height, bytes: info.size };
}
