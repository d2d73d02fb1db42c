// The vision analyser (issue #7, id "vision"): people and COCO objects, for the "people" and "object"
// facets. @vladmandic/human runs in the vision worker thread (vision-pool.ts, vision.worker.ts): BlazeFace
// confirmed by the face mesh, MoveNet Lightning (body pose) and CenterNet (80 COCO classes).
//
// Tags:
//   - people: "person" (人物) and "model shot" (模特图) when a person is seen, else "product only" (纯产品图);
//   - object: one tag per COCO class seen (best score), with its Chinese name; "person" is left to the
//     people facet.
//
// Thresholds, from the models' scores on the evaluation photos (test/fixtures/eval/photos, vision.test.ts):
// on photos of people the mesh-confirmed face scores ≥ 0.99 (BlazeFace ≥ 0.74), the pose 0.76–0.77 with
// 10–11 keypoints and CenterNet's "person" 0.58–0.60; on photos without anyone (cat, cup, motorcycle,
// horse, rocket, packshots) no face survives the mesh, the pose stays ≤ 0.36 with ≤ 2 keypoints and
// "person" ≤ 0.27. Real objects scored 0.44–0.71 and spurious ones ≤ 0.27, hence MIN_OBJECT_SCORE 0.35.
import { COCO_NAMES_ZH } from "./coco-names";
import { getVisionPool, type VisionDetections, type VisionPool } from "./vision-pool";
import type { AnalyserImage, AnalyserResult, ImageAnalyser, TagSuggestion } from "./types";

export { VisionPool, getVisionPool, closeVisionPool, type VisionDetections, type VisionPoolOptions } from "./vision-pool";
export { COCO_NAMES_ZH } from "./coco-names";

export const VISION_ANALYSER_ID = "vision";
export const VISION_ANALYSER_VERSION = 1;

/** A face counts when the mesh confirms it (faceScore) and the detector was fairly sure. */
export const MIN_FACE_SCORE = 0.8;
export const MIN_FACE_DETECTOR_SCORE = 0.5;
/** A pose counts as a person from this score with at least MIN_BODY_KEYPOINTS of its 17 keypoints seen. */
export const MIN_BODY_SCORE = 0.5;
export const MIN_BODY_KEYPOINTS = 6;
/** CenterNet's "person" counts from this score. */
export const MIN_PERSON_OBJECT_SCORE = 0.5;
/** Other COCO objects are tagged from this score. */
export const MIN_OBJECT_SCORE = 0.35;

const round2 = (n: number) => Math.round(n * 100) / 100;

export interface PersonEvidence {
  /** A person is seen. */
  present: boolean;
  /** Strongest qualifying signal when present; else the strongest (weak) hint of a person, 0..1. */
  score: number;
}

/** Whether the detections show a person: a confirmed face, a clear pose, or CenterNet's "person". */
export function personEvidence(d: Pick<VisionDetections, "faces" | "bodies" | "objects">): PersonEvidence {
  // A face's strength: mean of the mesh's and the detector's scores (the mesh alone saturates at 1).
  const faceSignals = d.faces.map((f) => ({ ok: f.score >= MIN_FACE_SCORE && f.detectorScore >= MIN_FACE_DETECTOR_SCORE, score: (f.score + f.detectorScore) / 2 }));
  const bodySignals = d.bodies.map((b) => ({ ok: b.score >= MIN_BODY_SCORE && b.keypoints >= MIN_BODY_KEYPOINTS, score: b.score }));
  const objectSignals = d.objects.filter((o) => o.label === "person").map((o) => ({ ok: o.score >= MIN_PERSON_OBJECT_SCORE, score: o.score }));
  const signals = [...faceSignals, ...bodySignals, ...objectSignals];
  const qualifying = signals.filter((s) => s.ok);
  const best = (xs: { score: number }[]) => xs.reduce((m, s) => Math.max(m, s.score), 0);
  return qualifying.length ? { present: true, score: best(qualifying) } : { present: false, score: best(signals) };
}

/** The "people" and "object" tags of a detection result. */
export function visionTags(d: Pick<VisionDetections, "faces" | "bodies" | "objects">): TagSuggestion[] {
  const tags: TagSuggestion[] = [];
  const person = personEvidence(d);
  if (person.present) {
    const confidence = round2(person.score);
    tags.push({ facet: "people", value: "person", valueZh: "人物", confidence }, { facet: "people", value: "model shot", valueZh: "模特图", confidence });
  } else {
    tags.push({ facet: "people", value: "product only", valueZh: "纯产品图", confidence: round2(1 - person.score) });
  }
  const best = new Map<string, number>();
  for (const o of d.objects) {
    if (o.label === "person" || o.score < MIN_OBJECT_SCORE) continue;
    best.set(o.label, Math.max(best.get(o.label) ?? 0, o.score));
  }
  for (const [label, score] of [...best].sort((a, b) => b[1] - a[1])) {
    tags.push({ facet: "object", value: label, valueZh: COCO_NAMES_ZH[label], confidence: round2(score) });
  }
  return tags;
}

export interface VisionAnalyser extends ImageAnalyser {
  /** The raw detections (faces, poses, objects with boxes) behind the tags. */
  detect(image: AnalyserImage): Promise<VisionDetections>;
}

/** A vision analyser on the given pool (default: the shared pool, started on first use). */
export function createVisionAnalyser(pool: VisionPool | (() => VisionPool) = getVisionPool): VisionAnalyser {
  const poolOf = () => (typeof pool === "function" ? pool() : pool);
  return {
    id: VISION_ANALYSER_ID,
    version: VISION_ANALYSER_VERSION,
    detect: (image) => poolOf().detect(image),
    async analyse(image: AnalyserImage): Promise<AnalyserResult> {
      return { tags: visionTags(await poolOf().detect(image)) };
    },
  };
}

export const visionAnalyser: VisionAnalyser = createVisionAnalyser();
