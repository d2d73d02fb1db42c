// Pure steps of the PaddleOCR pipeline the OCR worker runs (paddle.ts): the same pre- and post-processing
// as @gutenye/ocr-common (PP-OCRv4 detection + recognition), written on typed arrays. The package builds
// plain JS arrays of every pixel (push + spread) and walks tensors through iterators: on a 512 px preview
// that was ~100 ms of the ~300 ms its detection took. Results are the package's, line for line
// (paddle.test.ts checks both against each other on the evaluation images).

/** The detector takes sides that are multiples of this. */
export const DETECTOR_STRIDE = 32;
/** Detector probabilities above this count as text (the package's value). */
export const DETECTOR_THRESHOLD = 0.03;
/** Height the recogniser reads a line at. */
export const RECOGNISER_HEIGHT = 48;
/** Recognised boxes below this mean probability are dropped before lines are grouped (the package's value). */
export const MIN_BOX_CONFIDENCE = 0.5;

/** Four corner points [x, y], clockwise from top-left, in the detector input's pixels. */
export type Quad = number[][];

/** The detector input size for an image: each side rounded up to a multiple of DETECTOR_STRIDE. */
export function detectorSize(width: number, height: number): { width: number; height: number } {
  const up = (n: number) => Math.max(DETECTOR_STRIDE, Math.ceil(n / DETECTOR_STRIDE) * DETECTOR_STRIDE);
  return { width: up(width), height: up(height) };
}

/**
 * RGBA pixels to the models' input: planar float32 in B, G, R order, scaled to 0..1 (no mean/std: the
 * package found it reads better without).
 */
export function toPlanarBgr(rgba: Uint8Array, width: number, height: number): Float32Array {
  const plane = width * height;
  const out = new Float32Array(3 * plane);
  for (let i = 0, p = 0; p < plane; i += 4, p++) {
    out[p] = rgba[i + 2]! / 255;
    out[plane + p] = rgba[i + 1]! / 255;
    out[2 * plane + p] = rgba[i]! / 255;
  }
  return out;
}

/** The detector's probability map as the black-and-white RGBA mask the contour finder reads. */
export function textMask(probabilities: Float32Array, threshold = DETECTOR_THRESHOLD): Uint8Array {
  const out = new Uint8Array(probabilities.length * 4);
  for (let i = 0, o = 0; i < probabilities.length; i++, o += 4) {
    const v = probabilities[i]! > threshold ? 255 : 0;
    out[o] = v;
    out[o + 1] = v;
    out[o + 2] = v;
    out[o + 3] = 255;
  }
  return out;
}

/**
 * CTC greedy decoding of one recogniser output ([steps, classes] probabilities): best class per step,
 * blanks (class 0) and repeats dropped; the text and the mean probability of its characters.
 */
export function decodeCtc(probabilities: Float32Array, steps: number, classes: number, dictionary: readonly string[]): { text: string; mean: number } {
  let text = "";
  let sum = 0;
  let count = 0;
  let previous = -1;
  for (let s = 0; s < steps; s++) {
    const base = s * classes;
    let best = 0;
    let bestP = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < classes; c++) {
      const p = probabilities[base + c]!;
      if (p > bestP) {
        bestP = p;
        best = c;
      }
    }
    const repeat = previous === best;
    previous = best;
    if (best === 0 || repeat) continue;
    text += dictionary[best - 1] ?? "";
    sum += bestP;
    count++;
  }
  return { text, mean: count ? sum / count : 0 };
}

export interface RecognisedBox {
  text: string;
  mean: number;
  box: Quad;
}

export interface GroupedLine {
  text: string;
  mean: number;
  box: Quad | undefined;
}

/**
 * Boxes to lines, as the package does: boxes below MIN_BOX_CONFIDENCE dropped, boxes whose vertical
 * midlines are within half the mean box height share a line (left to right, joined by a space), lines
 * top to bottom. `boxes` are in the order the package sees them (the detector's contours, reversed).
 */
export function groupIntoLines(boxes: readonly RecognisedBox[]): GroupedLine[] {
  const kept = boxes.filter((b) => b.mean >= MIN_BOX_CONFIDENCE);
  if (!kept.length) return [];
  const averageHeight = kept.reduce((sum, b) => sum + (b.box[2]![1]! - b.box[0]![1]!), 0) / kept.length;
  const midline = (q: Quad) => (q[0]![1]! + q[2]![1]!) / 2;
  const groups: RecognisedBox[][] = [];
  for (const b of kept) {
    const m = midline(b.box);
    const group = groups.find((g) => Math.abs(midline(g[0]!.box) - m) < averageHeight / 2);
    if (group) group.push(b);
    else groups.push([b]);
  }
  for (const g of groups) g.sort((a, b) => a.box[0]![0]! - b.box[0]![0]!);
  groups.sort((a, b) => a[0]!.box[0]![1]! - b[0]!.box[0]![1]!);
  return groups.map((g) => {
    const first = g[0]!.box;
    const last = g[g.length - 1]!.box;
    return {
      text: g.map((b) => b.text).join(" "),
      mean: g.reduce((sum, b) => sum + b.mean, 0) / g.length,
      box: [first[0]!, last[1]!, last[2]!, first[3]!],
    };
  });
}
