// What compliance checks need to know about an image, measured from its pixels: size, format, bytes,
// colour space, transparency, how pure-white its background is, and how much of the frame the product
// fills. Pure (sharp only): the `check` CLI runs measureImage on a local file; the rendition pipeline runs
// measureRendition, which decodes only for the pixel measures a preset's rules read.
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
  // measureRendition leaves the pixel measures its caller's rules do not need as NaN (stored as null in JSON).
}

/** A pixel at least this close to white in every channel counts as background when finding the product. */
export const NEAR_WHITE = 235;
/** Measured on at most this many pixels per side (nearest-neighbour, so pure values stay pure). */
const ANALYSIS_SIDE = 1000;

/** Every measure, from the image's header and its pixels (the `check` CLI, any image). */
export async function measureImage(input: Buffer): Promise<ImageMeasure> {
  return measureWith(input, { background: true, fill: true, transparency: true });
}

/** Which pixel measures a caller needs; the rest are NaN (not measured). */
export interface MeasureNeeds {
  /** backgroundPureWhite and backgroundNearWhite. */
  background?: boolean;
  fill?: boolean;
  /** transparentShare (exactly 0 without a decode when the file has no alpha channel). */
  transparency?: boolean;
}

/** What a preset's rules read from the pixels (checkImage reads nothing else from them). */
export function measureNeedsOf(rules: { pureWhiteBackground?: boolean; minFill?: number; transparencyAllowed?: boolean }): MeasureNeeds {
  return { background: rules.pureWhiteBackground === true, fill: rules.minFill !== undefined, transparency: rules.transparencyAllowed === false };
}

/**
 * The measures `needs` asks for, from the encoded bytes (what a channel receives), decoding only when a
 * pixel measure is needed: size, format, colour space and ICC come from the header; a file without an alpha
 * channel has a transparent share of exactly 0. Where the pixels are decoded, the numbers are the ones
 * measureImage gives (same sampling). Measures not asked for are NaN.
 */
export async function measureRendition(input: Buffer, needs: MeasureNeeds): Promise<ImageMeasure> {
  return measureWith(input, needs);
}

async function measureWith(input: Buffer, needs: MeasureNeeds): Promise<ImageMeasure> {
  const meta = await sharp(input).metadata();
  const width = meta.autoOrient?.width ?? meta.width ?? 0;
  const height = meta.autoOrient?.height ?? meta.height ?? 0;
  const hasAlpha = meta.hasAlpha === true;
  const decode = needs.background === true || needs.fill === true || (needs.transparency === true && hasAlpha);
  const px = decode ? await analysePixels(input, hasAlpha) : null;
  return {
    width,
    height,
    format: meta.format ?? "unknown",
    bytes: input.length,
    space: meta.space ?? "unknown",
    hasIccProfile: Boolean(meta.icc),
    transparentShare: px ? px.transparentShare : hasAlpha ? NaN : 0,
    backgroundPureWhite: px && needs.background ? px.backgroundPureWhite : NaN,
    backgroundNearWhite: px && needs.background ? px.backgroundNearWhite : NaN,
    fill: px && needs.fill ? px.fill : NaN,
  };
}

async function analysePixels(input: Buffer, hasAlpha: boolean): Promise<Pick<ImageMeasure, "transparentShare" | "backgroundPureWhite" | "backgroundNearWhite" | "fill">> {
  // An opaque file decodes without an added alpha channel (a quarter less to read); every pixel counts as
  // alpha 255 then, exactly what ensureAlpha would have added.
  let img = sharp(input)
    .rotate()
    .resize({ width: ANALYSIS_SIDE, height: ANALYSIS_SIDE, fit: "inside", withoutEnlargement: true, kernel: "nearest" });
  if (hasAlpha) img = img.ensureAlpha();
  const { data, info } = await img.raw().toBuffer({ resolveWithObject: true });
  const w = info.width;
  const h = info.height;
  const ch = info.channels;
  // Grey images come as 1 (or 2, with alpha) channels: the grey value stands for all three colours.
  const g = ch >= 3 ? 1 : 0;
  const b = ch >= 3 ? 2 : 0;
  const a = hasAlpha && (ch === 2 || ch === 4) ? ch - 1 : -1;
  let minX = w, minY = h, maxX = -1, maxY = -1, transparent = 0;
  for (let y = 0, i = 0; y < h; y++)
    for (let x = 0; x < w; x++, i += ch) {
      const alpha = a < 0 ? 255 : data[i + a]!;
      if (alpha < 255) transparent++;
      if (alpha < 250 || (data[i]! >= NEAR_WHITE && data[i + g]! >= NEAR_WHITE && data[i + b]! >= NEAR_WHITE)) continue;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
  let bg = 0, pure = 0, near = 0;
  const count = (i: number) => {
    bg++;
    if (a >= 0 && data[i + a] !== 255) return;
    const r = data[i]!, gg = data[i + g]!, bb = data[i + b]!;
    if (r === 255 && gg === 255 && bb === 255) pure++;
    if (r >= NEAR_WHITE && gg >= NEAR_WHITE && bb >= NEAR_WHITE) near++;
  };
  // JPEG rings around the product's edge, within the 8×8 blocks the edge crosses (our encodes are 4:4:4):
  // that band — at least one block, 1 % on large images — is neither product nor background.
  const m = Math.max(8, Math.round(Math.max(w, h) * 0.01));
  for (let y = 0; y < h; y++) {
    const row = y * w * ch;
    if (maxX < 0 || y < minY - m || y > maxY + m) {
      for (let x = 0; x < w; x++) count(row + x * ch);
    } else {
      // Rows through the product: only the columns either side of its (widened) box.
      for (let x = 0; x < Math.min(w, minX - m); x++) count(row + x * ch);
      for (let x = Math.max(0, maxX + m + 1); x < w; x++) count(row + x * ch);
    }
  }
  return {
    transparentShare: transparent / (w * h),
    backgroundPureWhite: bg ? pure / bg : 0,
    backgroundNearWhite: bg ? near / bg : 0,
    fill: maxX < 0 ? 0 : Math.max((maxX - minX + 1) / w, (maxY - minY + 1) / h),
  };
}
