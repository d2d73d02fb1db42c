// The colour histogram kept for "find similar" (features.colour) and the distance between two of them.
//
// 64 bins = 4 lightness levels × 16 slots, slot 0 being neutral (greys) and slots 1..15 hue sectors of
// 24° in Lab (LCh). Hue is what people compare first, and a polar layout keeps pure blue, purple and
// magenta apart where a 4×4×4 grid over a and b would put them in one corner bin. Each pixel is spread
// over its two nearest lightness levels and hue sectors (and between neutral and hue by chroma), so a
// resized or recompressed copy moves weight a little instead of flipping it to another bin.
import { chroma, type Lab } from "./pixels";

export const COLOUR_BINS = 64;
const LEVELS = 4;
const SLOTS = 16;
const HUES = SLOTS - 1;
// Chroma below NEUTRAL_C is grey; above CHROMATIC_C fully coloured; linear in between.
const NEUTRAL_C = 6;
const CHROMATIC_C = 18;

/** Adds `weight` of one Lab colour to a 64-bin histogram (not normalised). */
export function addToHistogram(hist: Float64Array, c: Lab, weight: number): void {
  // Lightness: centres at 12.5, 37.5, 62.5, 87.5.
  const lp = Math.min(LEVELS - 1, Math.max(0, (c.L / 100) * LEVELS - 0.5));
  const l0 = Math.floor(lp);
  const l1 = Math.min(LEVELS - 1, l0 + 1);
  const lw1 = lp - l0;
  const cw = Math.min(1, Math.max(0, (chroma(c) - NEUTRAL_C) / (CHROMATIC_C - NEUTRAL_C)));
  const spread = (slot: number, w: number) => {
    hist[l0 * SLOTS + slot] += w * (1 - lw1);
    hist[l1 * SLOTS + slot] += w * lw1;
  };
  if (cw < 1) spread(0, weight * (1 - cw));
  if (cw > 0) {
    const deg = ((Math.atan2(c.b, c.a) * 180) / Math.PI + 360) % 360;
    // Hue sector centres at 0°, 24°, …; circular between the last and the first.
    const hp = deg / (360 / HUES);
    const h0 = Math.floor(hp) % HUES;
    const h1 = (h0 + 1) % HUES;
    const hw1 = hp - Math.floor(hp);
    spread(1 + h0, weight * cw * (1 - hw1));
    spread(1 + h1, weight * cw * hw1);
  }
}

/** Scales the histogram to sum to 1 (left all zeros when empty). Returns plain numbers, 4 decimals. */
export function normaliseHistogram(hist: Float64Array): number[] {
  let sum = 0;
  for (const v of hist) sum += v;
  return Array.from(hist, (v) => (sum > 0 ? Math.round((v / sum) * 1e4) / 1e4 : 0));
}

/**
 * 0 (same colours) .. 1 (nothing in common): one minus the histogram intersection of the two histograms
 * normalised. Two empty histograms (fully transparent images) are the same; one empty is as far as can be.
 */
export function colourDistance(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new RangeError(`colour histograms differ in length (${a.length} vs ${b.length})`);
  let sa = 0, sb = 0;
  for (let i = 0; i < a.length; i++) {
    if (!(a[i]! >= 0 && b[i]! >= 0)) throw new RangeError("colour histograms hold non-negative numbers");
    sa += a[i]!;
    sb += b[i]!;
  }
  if (sa === 0 || sb === 0) return sa === sb ? 0 : 1;
  let common = 0;
  for (let i = 0; i < a.length; i++) common += Math.min(a[i]! / sa, b[i]! / sb);
  return Math.min(1, Math.max(0, 1 - common));
}
