// Dominant colours of a set of weighted Lab samples: weighted k-means, deterministic.
import type { Lab } from "./pixels";

export interface PaletteColour extends Lab {
  /** Share of the total sample weight, 0..1. */
  share: number;
}

// Samples are first pooled into Lab cells of this size (ΔE units), so a stray edge pixel is one light
// cell rather than a seed that steals a cluster, and the k-means works on a few hundred points.
const CELL = 6;
const ITERATIONS = 15;

/**
 * Up to `k` colours sorted by share (largest first). Seeds: the heaviest cell, then repeatedly the cell
 * with the largest weight × squared distance to the seeds so far (greedy k-means++, no randomness, so
 * the same image always gives the same palette).
 */
export function dominantColours(samples: readonly Lab[], weights: readonly number[], k: number): PaletteColour[] {
  const cells = new Map<string, { L: number; a: number; b: number; w: number }>();
  let total = 0;
  for (let i = 0; i < samples.length; i++) {
    const w = weights[i]!;
    if (!(w > 0)) continue;
    const s = samples[i]!;
    const key = `${Math.round(s.L / CELL)},${Math.round(s.a / CELL)},${Math.round(s.b / CELL)}`;
    const c = cells.get(key);
    if (c) {
      c.L += s.L * w;
      c.a += s.a * w;
      c.b += s.b * w;
      c.w += w;
    } else cells.set(key, { L: s.L * w, a: s.a * w, b: s.b * w, w });
    total += w;
  }
  if (total === 0) return [];
  const pts = [...cells.values()].map((c) => ({ L: c.L / c.w, a: c.a / c.w, b: c.b / c.w, w: c.w }));
  const d2 = (p: Lab, q: Lab) => (p.L - q.L) ** 2 + (p.a - q.a) ** 2 + (p.b - q.b) ** 2;

  const centres: Lab[] = [];
  const nearest = new Float64Array(pts.length).fill(Infinity);
  let seed = pts.reduce((best, p, i) => (p.w > pts[best]!.w ? i : best), 0);
  while (centres.length < Math.min(k, pts.length)) {
    const c = pts[seed]!;
    centres.push({ L: c.L, a: c.a, b: c.b });
    let score = 0;
    for (let i = 0; i < pts.length; i++) {
      nearest[i] = Math.min(nearest[i]!, d2(pts[i]!, c));
      if (pts[i]!.w * nearest[i]! > score) {
        score = pts[i]!.w * nearest[i]!;
        seed = i;
      }
    }
    if (score === 0) break; // every cell is a seed already
  }

  const assign = new Int32Array(pts.length).fill(-1);
  const sums = centres.map(() => ({ L: 0, a: 0, b: 0, w: 0 }));
  for (let it = 0; it < ITERATIONS; it++) {
    let moved = false;
    for (const s of sums) s.L = s.a = s.b = s.w = 0;
    for (let i = 0; i < pts.length; i++) {
      const p = pts[i]!;
      let best = 0;
      let bestD = Infinity;
      for (let j = 0; j < centres.length; j++) {
        const d = d2(p, centres[j]!);
        if (d < bestD) {
          bestD = d;
          best = j;
        }
      }
      if (assign[i] !== best) moved = true;
      assign[i] = best;
      const s = sums[best]!;
      s.L += p.L * p.w;
      s.a += p.a * p.w;
      s.b += p.b * p.w;
      s.w += p.w;
    }
    for (let j = 0; j < centres.length; j++) {
      const s = sums[j]!;
      if (s.w > 0) centres[j] = { L: s.L / s.w, a: s.a / s.w, b: s.b / s.w };
    }
    if (!moved) break;
  }
  return centres
    .map((c, j) => ({ ...c, share: sums[j]!.w / total }))
    .filter((c) => c.share > 0)
    .sort((p, q) => q.share - p.share);
}
