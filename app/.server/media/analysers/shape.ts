// Shape analyser: orientation, aspect ratio class and size class, from the ORIGINAL master's size (the
// preview is shrunk, and its rounding would blur 1:1 against 1.003:1).
import type { AnalyserImage, AnalyserResult, ImageAnalyser, TagSuggestion } from "./types";

/** Relative tolerance (on the ratio, log scale) within which an image is square or has a named aspect. */
export const ASPECT_TOLERANCE = 0.03;

/** Ratios channels and cameras use (width:height). 5:4 is here as the landscape twin of 4:5. */
export const ASPECTS: readonly { value: string; ratio: number }[] = [
  { value: "1:1", ratio: 1 },
  { value: "4:5", ratio: 4 / 5 },
  { value: "3:4", ratio: 3 / 4 },
  { value: "2:3", ratio: 2 / 3 },
  { value: "9:16", ratio: 9 / 16 },
  { value: "5:4", ratio: 5 / 4 },
  { value: "4:3", ratio: 4 / 3 },
  { value: "3:2", ratio: 3 / 2 },
  { value: "16:9", ratio: 16 / 9 },
];

/**
 * Size classes by the long side. "small" is below 1000 px, which is where Amazon's zoom starts, so
 * "small" reads as "too small for marketplace zoom"; 2000 px (Shopify's recommended 2048 for square
 * product images, roughly) starts "large", and 4000 px (a camera original) "huge".
 */
export const SIZE_CLASSES: readonly { value: string; valueZh: string; minLongSide: number }[] = [
  { value: "huge", valueZh: "超大图", minLongSide: 4000 },
  { value: "large", valueZh: "大图", minLongSide: 2000 },
  { value: "medium", valueZh: "中图", minLongSide: 1000 },
  { value: "small", valueZh: "小图", minLongSide: 0 },
];

const ORIENTATION_ZH = { square: "方形", portrait: "竖版", landscape: "横版" } as const;

export const shapeAnalyser: ImageAnalyser = {
  id: "shape",
  version: 1,
  async analyse(image: AnalyserImage): Promise<AnalyserResult> {
    return { tags: shapeTags(image.originalWidth, image.originalHeight) };
  },
};

export function shapeTags(width: number, height: number): TagSuggestion[] {
  if (!(width > 0 && height > 0)) return []; // unknown size: nothing to say
  const offBy = (ratio: number) => Math.abs(Math.log(width / height / ratio));
  const orientation = offBy(1) <= ASPECT_TOLERANCE ? "square" : width > height ? "landscape" : "portrait";
  const tags: TagSuggestion[] = [{ facet: "orientation", value: orientation, valueZh: ORIENTATION_ZH[orientation], confidence: 1 }];

  const nearest = ASPECTS.reduce((best, a) => (offBy(a.ratio) < offBy(best.ratio) ? a : best));
  const off = offBy(nearest.ratio);
  // Exactly on the ratio → 1; at the edge of the tolerance → 0.6 (a crop that is "about" 4:5).
  if (off <= ASPECT_TOLERANCE) tags.push({ facet: "aspect", value: nearest.value, confidence: round(1 - (0.4 * off) / ASPECT_TOLERANCE) });

  const size = SIZE_CLASSES.find((s) => Math.max(width, height) >= s.minLongSide)!;
  tags.push({ facet: "size", value: size.value, valueZh: size.valueZh, confidence: 1 });
  return tags;
}

const round = (v: number) => Math.round(v * 1000) / 1000;
