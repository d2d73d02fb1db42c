// What compliance checks need to know about an image, measured from its pixels: size, format, bytes,
// colour space, transparency, how pure-white its background is, and how much of the frame the product
// fills. Pure (sharp only): the `check` CLI runs it on a local file.
import sharp from "sharp";

export interface ImageMeasure {
  width: number;
  height: number;
  /** jpeg | png | webp | tiff | gif | … as sharp reads it. */
  format: string;
  bytes: number;
  /** srgb, cmyk, b-w, … */
  space: string;
  hasIccProfile: boolean;
  /** Share of pixels that are not fully opaque. */
  transparentShare: number;
  /**
   * Background = pixels outside the product's bounding box (and the 1 % band around it where JPEG rings);
   * shares of it exactly 255,255,255 / near white.
   */
  backgroundPureWhite: number;
  backgroundNearWhite: number;
  /** The product's bounding box (non-near-white, opaque pixels) along its longer side over the frame, 0–1. */
  fill: number;
}

/** A pixel at least this close to white in every channel counts as background when finding the product. */
export const NEAR_WHITE = 235;
/** Measured on at most this many pixels per side (nearest-neighbour, so pure values stay pure). */
const ANALYSIS_SIDE = 1000;

export async function measureImage(input: Buffer): Promise<ImageMeasure> {
  const meta = await sharp(input).metadata();
  const width = meta.autoOrient?.width ?? meta.width ?? 0;
  const height = meta.autoOrient?.height ?? meta.height ?? 0;
  const { data, info } = await sharp(input)
    .rotate()
    .resize({ width: ANALYSIS_SIDE, height: ANALYSIS_SIDE, fit: "inside", withoutEnlargement: true, kernel: "nearest" })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const w = info.width;
  const h = info.height;
  let minX = w, minY = h, maxX = -1, maxY = -1, transparent = 0;
  const isBackground = (i: number) => data[i + 3]! < 250 || (data[i]! >= NEAR_WHITE && data[i + 1]! >= NEAR_WHITE && data[i + 2]! >= NEAR_WHITE);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 4;
      if (data[i + 3]! < 255) transparent++;
      if (isBackground(i)) continue;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
  let bg = 0, pure = 0, near = 0;
  // JPEG rings for a few pixels around the product's edge: that band is neither product nor background.
  const m = Math.max(4, Math.round(Math.max(w, h) * 0.01));
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      if (maxX >= 0 && x >= minX - m && x <= maxX + m && y >= minY - m && y <= maxY + m) continue;
      const i = (y * w + x) * 4;
      bg++;
      const opaque = data[i + 3] === 255;
      if (opaque && data[i] === 255 && data[i + 1] === 255 && data[i + 2] === 255) pure++;
      if (opaque && data[i]! >= NEAR_WHITE && data[i + 1]! >= NEAR_WHITE && data[i + 2]! >= NEAR_WHITE) near++;
    }
  const fill = maxX < 0 ? 0 : Math.max((maxX - minX + 1) / w, (maxY - minY + 1) / h);
  return {
    width,
    height,
    format: meta.format ?? "unknown",
    bytes: input.length,
    space: meta.space ?? "unknown",
    hasIccProfile: Boolean(meta.icc),
    transparentShare: transparent / (w * h),
    backgroundPureWhite: bg ? pure / bg : 0,
    backgroundNearWhite: bg ? near / bg : 0,
    fill,
  };
}
