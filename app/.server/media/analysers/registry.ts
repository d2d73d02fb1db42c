// The analysers the `analyse.run` job runs over every image version (issue #7), and how their tags start
// out. Adding an analyser is one line here: its module exports an ImageAnalyser (and, when it keeps a
// worker pool, the function that stops it); raising its `version` re-runs it (and only it) over the library.
import { backgroundAnalyser } from "./background";
import { colourAnalyser } from "./colour";
import { closeOcrPool, ocrAnalyser } from "./ocr";
import { safetyAnalyser } from "./safety";
import { shapeAnalyser } from "./shape";
import { closeVisionPool } from "./vision-pool";
import { visionAnalyser } from "./vision";
import type { ImageAnalyser, TagSuggestion } from "./types";

export interface RegisteredAnalyser {
  analyser: ImageAnalyser;
  /** A suggestion at or above this confidence is shown as an accepted tag; below it, as a suggestion to accept. */
  acceptAt: number;
  /** Suggestions below this confidence are not stored as tags at all (they stay in the analysis result). */
  minConfidence?: number;
  /** Stops what the analyser keeps running (a worker pool) at shutdown; it restarts on next use. */
  close?: () => Promise<void>;
}

export const ANALYSERS: readonly RegisteredAnalyser[] = [
  // acceptAt from `npm run eval:tags` (≥ 95 % precision for accepted tags): at 0.6 a colour covering only
  // 10–15 % of the product (background seen through a mug's handle) was shown; from 0.65 it is suggested.
  { analyser: colourAnalyser, acceptAt: 0.65, minConfidence: 0.3 },
  { analyser: backgroundAnalyser, acceptAt: 0.7 },
  { analyser: shapeAnalyser, acceptAt: 0.8 },
  { analyser: ocrAnalyser, acceptAt: 0.8, minConfidence: 0.5, close: closeOcrPool },
  // People/objects and safety share one worker (Human + nsfwjs on tfjs WASM); closing it twice is harmless.
  // acceptAt 0.75 (eval:tags): people seen scored ≥ 0.87, while drawn products and banners reached 0.72.
  { analyser: visionAnalyser, acceptAt: 0.75, minConfidence: 0.35, close: closeVisionPool },
  { analyser: safetyAnalyser, acceptAt: 0.8, close: closeVisionPool },
];

/** The registered analysers a deployment runs (config ANALYSERS); an unknown id is a configuration error. */
export function enabledAnalysers(ids: readonly string[] | null): readonly RegisteredAnalyser[] {
  if (!ids) return ANALYSERS;
  const unknown = ids.filter((id) => !ANALYSERS.some((a) => a.analyser.id === id));
  if (unknown.length) throw new Error(`ANALYSERS names unknown analyser(s): ${unknown.join(", ")} (known: ${ANALYSERS.map((a) => a.analyser.id).join(", ")})`);
  return ANALYSERS.filter((a) => ids.includes(a.analyser.id));
}

export type AutoTagState = "accepted" | "suggested";

/** The state a fresh auto tag starts in, or null when it is not kept as a tag. */
export function initialTagState(entry: Pick<RegisteredAnalyser, "acceptAt" | "minConfidence">, tag: TagSuggestion): AutoTagState | null {
  if (tag.confidence < (entry.minConfidence ?? 0)) return null;
  return tag.confidence >= entry.acceptAt ? "accepted" : "suggested";
}

/** Stops every analyser's worker threads (service shutdown, end of tests). */
export async function closeAnalysers(): Promise<void> {
  await Promise.all(ANALYSERS.map((a) => a.close?.()));
}
