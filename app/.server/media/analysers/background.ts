// Background analyser: pure white (marketplace packshot), transparent (cut-out), solid colour or scene,
// from the statistics of the border band, where the background shows even when the product fills the frame.
import { assertImage, forEachBorderPixel, deltaE, srgbToLab, type Lab } from "./pixels";
import type { AnalyserImage, AnalyserResult, ImageAnalyser, TagSuggestion } from "./types";

export type BackgroundKind = "pure white" | "transparent" | "solid" | "scene";

const ZH: Record<BackgroundKind, string> = { "pure white": "纯白背景", transparent: "透明背景", solid: "纯色背景", scene: "场景图" };

/** Outer share of each side read as the border band. */
export const BAND = 0.04;
// Amazon asks for RGB 255,255,255; 245 leaves room for JPEG noise and resampling at the product's edge.
const WHITE_MIN = 245;
// Alpha at or below this is "transparent" (resampling softens a cut-out's edge a little).
const TRANSPARENT_MAX = 16;
// Share of the band needed for each kind: "nearly all" is less than all because products and their
// shadows may touch the frame (Amazon wants the product to fill 85% of it).
const TRANSPARENT_SHARE = 0.6;
const WHITE_SHARE = 0.85;
const UNIFORM_SHARE = 0.85;
/** ΔE within which a band pixel counts as the band's (median) colour: noise and soft vignettes pass. */
const UNIFORM_DE = 12;

export interface BorderStats {
  transparent: number;
  white: number;
  /** Share of the band that is opaque and within ΔE 12 of the opaque pixels' median colour. */
  uniform: number;
}

export const backgroundAnalyser: ImageAnalyser = {
  id: "background",
  version: 1,
  async analyse(image: AnalyserImage): Promise<AnalyserResult> {
    assertImage(image);
    return { tags: [classifyBackground(borderStats(image))] };
  },
};

export function borderStats(image: AnalyserImage): BorderStats {
  const { width: w, height: h, channels: ch, data } = image;
  let total = 0, transparent = 0, white = 0;
  const opaque: number[] = [];
  forEachBorderPixel(w, h, BAND, (x, y) => {
    const p = (y * w + x) * ch;
    const a = ch === 4 ? data[p + 3]! : 255;
    total++;
    if (a <= TRANSPARENT_MAX) transparent++;
    else {
      if (a >= 250 && data[p]! >= WHITE_MIN && data[p + 1]! >= WHITE_MIN && data[p + 2]! >= WHITE_MIN) white++;
      if (a >= 128) opaque.push(p);
    }
  });
  return { transparent: transparent / total, white: white / total, uniform: uniformShare(data, opaque) * (opaque.length / total) };
}

/** Share of the given pixels within UNIFORM_DE of their per-channel median colour. */
function uniformShare(data: Uint8Array, pixels: readonly number[]): number {
  if (pixels.length === 0) return 0;
  const median = (k: number) => {
    const counts = new Uint32Array(256);
    for (const p of pixels) counts[data[p + k]!]++;
    let seen = 0;
    for (let v = 0; v < 256; v++) if ((seen += counts[v]!) * 2 >= pixels.length) return v;
    return 255;
  };
  const ref: Lab = srgbToLab(median(0), median(1), median(2));
  // Every 2nd pixel is plenty for a share and halves the Lab conversions.
  let near = 0, seen = 0;
  for (let i = 0; i < pixels.length; i += 2, seen++) {
    const p = pixels[i]!;
    if (deltaE(srgbToLab(data[p]!, data[p + 1]!, data[p + 2]!), ref) <= UNIFORM_DE) near++;
  }
  return near / seen;
}

/** Confidence runs from 0.55 at a kind's threshold to 1 when the whole band agrees. */
export function classifyBackground(s: BorderStats): TagSuggestion {
  const above = (share: number, threshold: number) => 0.55 + (0.45 * (share - threshold)) / (1 - threshold);
  const tag = (value: BackgroundKind, confidence: number): TagSuggestion => ({
    facet: "background",
    value,
    valueZh: ZH[value],
    confidence: Math.round(Math.min(1, Math.max(0, confidence)) * 1000) / 1000,
  });
  if (s.transparent >= TRANSPARENT_SHARE) return tag("transparent", above(s.transparent, TRANSPARENT_SHARE));
  if (s.white >= WHITE_SHARE) return tag("pure white", above(s.white, WHITE_SHARE));
  if (s.uniform >= UNIFORM_SHARE) return tag("solid", above(s.uniform, UNIFORM_SHARE));
  // The further from uniform, the surer it is a scene: 0.85 → 0.55, 0 → 1.
  return tag("scene", 0.55 + (0.45 * (UNIFORM_SHARE - s.uniform)) / UNIFORM_SHARE);
}
