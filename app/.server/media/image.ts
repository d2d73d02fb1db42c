// Image probing and the one-decode preview/thumb/pHash pipeline (sharp/libvips).
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import sharp, { type Metadata, type OutputInfo, type SharpOptions } from "sharp";

// Every file we decode is different: libvips' operation cache would only hold memory, never hit.
sharp.cache(false);
import { summariseEmbedded, type EmbeddedMetadata } from "./embedded";
import { mediaErrors } from "./errors";
import { iccProfileName } from "./icc";
import { decodeError, labelFor, openSource, type ImageInput, type Source } from "./image-source";
import { PHASH_SIZE, phashFromGrey } from "./phash";
import type { MediaOutput } from "./types";
import { buildFromPixels } from "../renditions/builder";
import { PRESETS, type Preset } from "../renditions/presets";
export type { EmbeddedMetadata } from "./embedded";
export type { ImageInput } from "./image-source";

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
  /** The sniffed type, for messages. SVG is recognised (and sanitised) from content either way. */
  mime?: string;
  previewSize?: number;
  thumbSize?: number;
}

export interface RenderedImage {
  outputs: MediaOutput[];
  /** 64-bit DCT pHash, 16 lower-case hex chars. */
  phash: string;
}

// The library presets (DESIGN §10 `thumb`, `preview`) are made here, at ingest, from the same decode as
// the pHash and with alpha kept (WebP), which the channel builder does not need; their boxes are the
// preset table's, so there is one definition of each.
export const PREVIEW_SIZE = PRESETS.preview.width;
export const THUMB_SIZE = PRESETS.thumb.width;

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
 * - preview and thumb: the library presets (renditions/presets.ts) through the channel builder — preview
 *   inside 1600², JPEG q82, or WebP q82 keeping alpha when any pixel is transparent
 *   (a product cut-out flattened onto white would look like it has a white background);
 *   and thumb inside 400², WebP q78 (keeps alpha);
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
  // The library presets come from the channel builder (one definition of fit and encoding), fed these
  // pixels; the pHash is taken from the same pixels shrunk to the thumb's size.
  const sized = (p: Preset, side: number): Preset => (side === p.width ? p : { ...p, width: side, height: side });
  // Thumb pixels are downscaled once (as the preview encodes); the thumb file and the pHash both come
  // from them, as before the builder made the files (stored pHashes stay comparable).
  const thumbPixels = sharp(data, { raw: { width: info.width, height: info.height, channels } })
    .resize(thumbSize, thumbSize, { fit: "inside", withoutEnlargement: true })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const [preview, [thumb, grey]] = await Promise.all([
    buildFromPixels({ data, width: info.width, height: info.height, channels }, [sized(PRESETS.preview, previewSize)]),
    thumbPixels.then(({ data: t, info: ti }) =>
      Promise.all([
        buildFromPixels({ data: t, width: ti.width, height: ti.height, channels }, [sized(PRESETS.thumb, thumbSize)]),
        sharp(t, { raw: { width: ti.width, height: ti.height, channels } })
          .flatten({ background: "#ffffff" })
          .greyscale()
          .resize(PHASH_SIZE, PHASH_SIZE, { fit: "fill" })
          .raw()
          .toBuffer({ resolveWithObject: true }),
      ]),
    ),
  ]);
  const built = new Map([...preview, ...thumb]);
  const outputs: MediaOutput[] = [];
  for (const id of ["preview", "thumb"] as const) {
    const b = built.get(id)!;
    const file = join(opts.workDir, `${id}.${b.format === "jpeg" ? "jpg" : b.format}`);
    await writeFile(file, b.bytes);
    outputs.push({ presetId: id, path: file, mime: `image/${b.format}`, width: b.width, height: b.height, bytes: b.bytes.length });
  }
  return { outputs, phash: phashFromGrey(firstChannel(grey.data, grey.info.channels)) };
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

function firstChannel(data: Buffer, channels: number): Uint8Array {
  if (channels === 1) return data;
  const out = new Uint8Array(data.length / channels);
  for (let i = 0; i < out.length; i++) out[i] = data[i * channels]!;
  return out;
}

