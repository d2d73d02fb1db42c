// Colour analyser: the named dominant colours and a colour histogram for "find similar". On a packshot
// (white or transparent border) both describe the product alone: a white background would otherwise be
// the dominant colour of every catalogue image and make them all look alike.
import { addToHistogram, COLOUR_BINS, normaliseHistogram } from "./colour-features";
import { colourNamed, nameColour, type ColourName } from "./colour-names";
import { dominantColours } from "./palette";
import { assertImage, forEachBorderPixel, chroma, srgbToLab, type Lab } from "./pixels";
import type { AnalyserImage, AnalyserResult, ImageAnalyser, TagSuggestion } from "./types";

/** Working resolution: at most this many samples on the long side (9216 at most in all). */
export const COLOUR_GRID = 96;
const PALETTE_SIZE = 6;
/** A name is suggested when its colours cover at least this share of the (product) pixels. */
export const MIN_SHARE = 0.1;
// Cells less opaque than this are left out (fully transparent pixels have no colour to speak of).
const MIN_OPACITY = 0.1;
// A packshot: this share of the border band (outer 3%) is transparent or near-white.
const PLAIN_BORDER_SHARE = 0.85;
// Below this share of opaque weight left after removing the background, the "product" is noise (a blank
// or nearly blank image): the whole image is described instead.
const MIN_PRODUCT_SHARE = 0.02;

interface Grid {
  width: number;
  height: number;
  lab: Lab[];
  /** 0..1 alpha of the sample. */
  opacity: Float64Array;
}

export const colourAnalyser: ImageAnalyser = {
  id: "colour",
  version: 1,
  async analyse(image: AnalyserImage): Promise<AnalyserResult> {
    assertImage(image);
    const grid = toGrid(image);
    const weights = productWeights(grid);
    const hist = new Float64Array(COLOUR_BINS);
    for (let i = 0; i < weights.length; i++) if (weights[i]! > 0) addToHistogram(hist, grid.lab[i]!, weights[i]!);
    return { tags: colourTags(grid.lab, weights), features: { colour: normaliseHistogram(hist) } };
  },
};

/**
 * Point samples on a grid of ≤ COLOUR_GRID cells a side, one preview pixel per cell (its centre). Not a
 * box average: averaging a cell that straddles an edge invents a colour (black + white → grey) that at
 * 64 cells a side covers a tenth of a small product; the preview's own resampling mixes only at 512 px.
 */
function toGrid(image: AnalyserImage): Grid {
  const { width: w, height: h, channels: ch, data } = image;
  const scale = Math.min(1, COLOUR_GRID / Math.max(w, h));
  const gw = Math.max(1, Math.round(w * scale));
  const gh = Math.max(1, Math.round(h * scale));
  const lab: Lab[] = new Array(gw * gh);
  const opacity = new Float64Array(gw * gh);
  for (let gy = 0; gy < gh; gy++) {
    const y = Math.floor(((gy + 0.5) * h) / gh);
    for (let gx = 0; gx < gw; gx++) {
      const p = (y * w + Math.floor(((gx + 0.5) * w) / gw)) * ch;
      const c = gy * gw + gx;
      opacity[c] = ch === 4 ? data[p + 3]! / 255 : 1;
      lab[c] = srgbToLab(data[p]!, data[p + 1]!, data[p + 2]!);
    }
  }
  return { width: gw, height: gh, lab, opacity };
}

const nearWhite = (c: Lab): boolean => c.L >= 90 && chroma(c) <= 8;

/**
 * Per-cell weight for the palette: its opacity, except that on a packshot (border band mostly
 * transparent or near-white) the background is zero. The background is what a flood fill from the
 * border reaches through transparent/near-white cells, so white parts inside the product still count.
 */
function productWeights(grid: Grid): Float64Array {
  const { width: gw, height: gh, lab, opacity } = grid;
  const weights = Float64Array.from(opacity, (o) => (o >= MIN_OPACITY ? o : 0));
  const plain = (i: number) => opacity[i]! < 0.5 || nearWhite(lab[i]!);
  const border: number[] = [];
  forEachBorderPixel(gw, gh, 0.03, (x, y) => border.push(y * gw + x));
  if (border.filter(plain).length < PLAIN_BORDER_SHARE * border.length) return weights;

  const background = new Uint8Array(gw * gh);
  const stack = border.filter(plain);
  for (const i of stack) background[i] = 1;
  while (stack.length) {
    const i = stack.pop()!;
    const x = i % gw, y = (i - x) / gw;
    for (const j of [x > 0 ? i - 1 : -1, x < gw - 1 ? i + 1 : -1, y > 0 ? i - gw : -1, y < gh - 1 ? i + gw : -1]) {
      if (j >= 0 && !background[j] && plain(j)) {
        background[j] = 1;
        stack.push(j);
      }
    }
  }
  const product = weights.map((w, i) => (background[i] ? 0 : w));
  const sum = (a: Float64Array) => a.reduce((s, v) => s + v, 0);
  return sum(product) >= MIN_PRODUCT_SHARE * sum(weights) ? product : weights;
}

// Confidence: how much of the image the name covers (0.1 → 0.625, ≥ 0.4 → 1) times how close its
// colours are to the name's prototype (exact → 1, far → 0.5).
const shareFactor = (share: number) => 0.5 + 0.5 * Math.min(1, share / 0.4);
const closeness = (distance: number) => 0.5 + 0.5 * Math.exp(-((distance / 25) ** 2));

function colourTags(lab: readonly Lab[], weights: Float64Array): TagSuggestion[] {
  const palette = dominantColours(lab, Array.from(weights), PALETTE_SIZE);
  const named = new Map<ColourName, { share: number; close: number }>();
  for (const c of palette) {
    const { name, distance } = nameColour(c);
    const e = named.get(name) ?? { share: 0, close: 0 };
    e.close += closeness(distance) * c.share; // share-weighted mean, divided below
    e.share += c.share;
    named.set(name, e);
  }
  const tags = new Map<string, TagSuggestion>();
  const suggest = (name: ColourName, confidence: number) => {
    const prev = tags.get(name.value);
    if (!prev || prev.confidence < confidence) tags.set(name.value, { facet: "colour", value: name.value, valueZh: name.valueZh, confidence: round(confidence) });
  };
  for (const [name, { share, close }] of named) {
    if (share < MIN_SHARE) continue;
    const confidence = shareFactor(share) * (close / share);
    suggest(name, confidence);
    if (name.broader) suggest(colourNamed(name.broader), confidence * 0.7);
  }
  return [...tags.values()].sort((p, q) => q.confidence - p.confidence);
}

const round = (v: number) => Math.round(v * 1000) / 1000;
