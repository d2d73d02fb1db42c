// The safety analyser (issue #7, id "safety"): facet "safety", "safe" (安全) or "sensitive" (敏感).
// nsfwjs (MobileNetV2, bundled in the package) runs in the vision worker thread (vision-pool.ts,
// vision.worker.ts) and gives five class probabilities: Drawing, Hentai, Neutral, Porn, Sexy.
//
// Conservative by design: an image is "sensitive" only when Porn + Hentai + Sexy together clearly dominate
// (≥ SENSITIVE_THRESHOLD); otherwise it is "safe", with confidence Neutral + Drawing — an ambiguous image
// is still "safe" but with a low confidence a reviewer can filter on. Swimwear and lingerie shots score
// "Sexy": the threshold keeps an ordinary catalogue from being flagged.
import { getVisionPool, type SafetyScores, type VisionPool } from "./vision-pool";
import type { AnalyserImage, AnalyserResult, ImageAnalyser, TagSuggestion } from "./types";

export { type SafetyClass, type SafetyScores, SAFETY_CLASSES } from "./vision-pool";

export const SAFETY_ANALYSER_ID = "safety";
export const SAFETY_ANALYSER_VERSION = 1;

/** Porn + Hentai + Sexy from which an image is "sensitive". */
export const SENSITIVE_THRESHOLD = 0.7;

const round2 = (n: number) => Math.round(n * 100) / 100;

/** The single "safety" tag for nsfwjs's class probabilities. */
export function safetyTag(scores: SafetyScores["scores"]): TagSuggestion {
  const unsafe = scores.Porn + scores.Hentai + scores.Sexy;
  const safe = scores.Neutral + scores.Drawing;
  const total = unsafe + safe || 1;
  const share = unsafe / total; // the probabilities sum to ~1; normalise rounding drift
  return share >= SENSITIVE_THRESHOLD
    ? { facet: "safety", value: "sensitive", valueZh: "敏感", confidence: round2(share) }
    : { facet: "safety", value: "safe", valueZh: "安全", confidence: round2(1 - share) };
}

export interface SafetyAnalyser extends ImageAnalyser {
  /** nsfwjs's class probabilities behind the tag. */
  classify(image: AnalyserImage): Promise<SafetyScores>;
}

/** A safety analyser on the given pool (default: the shared vision pool, started on first use). */
export function createSafetyAnalyser(pool: VisionPool | (() => VisionPool) = getVisionPool): SafetyAnalyser {
  const poolOf = () => (typeof pool === "function" ? pool() : pool);
  return {
    id: SAFETY_ANALYSER_ID,
    version: SAFETY_ANALYSER_VERSION,
    classify: (image) => poolOf().classifySafety(image),
    async analyse(image: AnalyserImage): Promise<AnalyserResult> {
      return { tags: [safetyTag((await poolOf().classifySafety(image)).scores)] };
    },
  };
}

export const safetyAnalyser: SafetyAnalyser = createSafetyAnalyser();
