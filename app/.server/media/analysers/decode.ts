// The one decode all image analysers share: EXIF-oriented sRGB pixels, long side ≤ PREVIEW_EDGE.
import sharp, { type Metadata, type SharpOptions } from "sharp";
import { mediaErrors } from "../errors";
import { decodeError, labelFor, openSource, type ImageInput } from "../image-source";
import { PREVIEW_EDGE, type AnalyserImage } from "./types";

export interface LoadOptions {
  /** Pixel limit of the master (the library's `limits.maxPixels`); sharp's own default otherwise. */
  maxPixels?: number;
  /** The sniffed type, for messages. */
  mime?: string;
}

// sharp's default limitInputPixels (0x3FFF²).
const DEFAULT_MAX_PIXELS = 0x3fff * 0x3fff;

/**
 * Decodes `input` (path or bytes; SVG is sanitised first, as at ingest) for the analysers: auto-oriented,
 * shrunk (never enlarged) to fit PREVIEW_EDGE², sRGB, 8 bits. Alpha is kept only when the file has it,
 * so opaque images cost 3 bytes a pixel and "transparent" is never guessed from an added channel.
 * Animated images and multi-page TIFFs: the first frame/page. Failures are MediaErrors.
 */
export async function loadAnalyserImage(input: ImageInput, opts: LoadOptions = {}): Promise<AnalyserImage> {
  const maxPixels = opts.maxPixels ?? DEFAULT_MAX_PIXELS;
  const src = await openSource(input, opts.mime);
  const options: SharpOptions = { limitInputPixels: maxPixels, failOn: "truncated", autoOrient: true };
  let meta: Metadata;
  try {
    meta = await sharp(src.input, { limitInputPixels: false }).metadata();
  } catch (e) {
    throw await decodeError(e, src, maxPixels);
  }
  // Display size of the master (after EXIF orientation); for SVG its intrinsic size at 72 dpi.
  const originalWidth = meta.autoOrient?.width ?? meta.width;
  const originalHeight = meta.autoOrient?.height ?? meta.height;
  if (!originalWidth || !originalHeight) throw mediaErrors.corrupt(labelFor(src, meta.format), "it has no width or height");
  // SVG is rasterised at the density that makes its long side PREVIEW_EDGE, so small icons are not blurry.
  if (src.svg) options.density = Math.min(100_000, Math.max(1, (72 * PREVIEW_EDGE) / Math.max(originalWidth, originalHeight)));

  try {
    const { data, info } = await sharp(src.input, options)
      .resize(PREVIEW_EDGE, PREVIEW_EDGE, { fit: "inside", withoutEnlargement: !src.svg })
      .toColourspace("srgb")
      .raw({ depth: "uchar" })
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3 && info.channels !== 4) throw mediaErrors.corrupt(labelFor(src, meta.format), undefined, `${info.channels} channels after sRGB`);
    return {
      data: new Uint8Array(data.buffer, data.byteOffset, data.length),
      width: info.width,
      height: info.height,
      channels: info.channels,
      originalWidth,
      originalHeight,
    };
  } catch (e) {
    throw await decodeError(e, src, maxPixels);
  }
}
