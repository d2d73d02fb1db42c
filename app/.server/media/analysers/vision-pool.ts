// The vision worker pool (issue #7): worker threads that each host both TensorFlow.js models of the
// "vision" (people, faces, COCO objects: @vladmandic/human) and "safety" (nsfwjs) analysers on the WASM
// backend. Each model loads on the first request that needs it, once per worker (vision.worker.ts). The
// pool itself is the generic one of worker-pool.ts.
//
// tfjs's WASM backend runs single-threaded under Node, so one worker uses one core. A detection is sent
// as two requests — the people models (face + mesh, pose) and the object detector (CenterNet, the larger
// half) — which two workers run at once, the safety check following on whichever frees first: an asset
// takes about as long as CenterNet instead of all three models one after the other.
import type { AnalyserImage } from "./types";
import { resolveWorkerFile, WorkerPool } from "./worker-pool";

/** Decoded sRGB pixels, as the analysers share them (alpha, when present, is flattened on white). */
export type VisionImage = Pick<AnalyserImage, "data" | "width" | "height" | "channels">;

/** [x, y, width, height] as fractions of the image's width and height. */
export type NormalisedBox = [number, number, number, number];

export interface FaceDetection {
  /** Face confidence after the face mesh (Human's `faceScore`): low for faces the detector imagined. */
  score: number;
  /** The face detector's own score (BlazeFace). */
  detectorScore: number;
  box: NormalisedBox;
}

export interface BodyDetection {
  /** Pose confidence (MoveNet Lightning, single person). */
  score: number;
  /** Keypoints (of 17) seen with a score ≥ 0.3. */
  keypoints: number;
  box: NormalisedBox;
}

export interface ObjectDetection {
  /** COCO class name as the detector labels it ("cup", "cat", "dining table"). */
  label: string;
  score: number;
  box: NormalisedBox;
}

export interface VisionTimings {
  /** Time this request waited for the model to load (null when it was already loaded). */
  loadMs: number | null;
  /** Inference, tensor preparation included. */
  inferMs: number;
}

export interface VisionDetections {
  faces: FaceDetection[];
  bodies: BodyDetection[];
  objects: ObjectDetection[];
  timings: VisionTimings;
}

/** nsfwjs (MobileNetV2) classes. */
export type SafetyClass = "Drawing" | "Hentai" | "Neutral" | "Porn" | "Sexy";
export const SAFETY_CLASSES: readonly SafetyClass[] = ["Drawing", "Hentai", "Neutral", "Porn", "Sexy"];

export interface SafetyScores {
  /** Probability of each class (they sum to ~1). */
  scores: Record<SafetyClass, number>;
  timings: VisionTimings;
}

/** The half of a detection one request runs: the people models (faces, pose) or the COCO object detector. */
export type DetectPart = "people" | "objects";

export type VisionRequest = { kind: "detect"; image: VisionImage; part: DetectPart } | { kind: "safety"; image: VisionImage };
export type VisionReply = { kind: "detect"; detections: VisionDetections } | { kind: "safety"; safety: SafetyScores };

export interface VisionPoolOptions {
  /**
   * Worker threads (each holds its own copy of the models, ~100 MB with both loaded). Default 2: the two
   * halves of a detection run at once. With 1, they run one after the other.
   */
  size?: number;
  /** A request (model load included on a fresh worker) taking longer fails and its worker is replaced. Default 120 s. */
  timeoutMs?: number;
  /** Path of the worker module, when it is neither beside this file nor at app/.server/media/analysers/. */
  workerFile?: string;
}

/** The pixels in a buffer of their own, so that posting them copies (or moves) just the image. */
function ownPixels(image: VisionImage): VisionImage {
  const { data } = image;
  const own = data.byteOffset === 0 && data.byteLength === data.buffer.byteLength && data.buffer instanceof ArrayBuffer;
  return { data: own ? data : new Uint8Array(data), width: image.width, height: image.height, channels: image.channels };
}

function checkImage(image: VisionImage): void {
  if (image.data.length !== image.width * image.height * image.channels) {
    throw new Error(`Pixel buffer is ${image.data.length} bytes, expected ${image.width}×${image.height}×${image.channels}`);
  }
}

export class VisionPool {
  private readonly pool: WorkerPool<VisionRequest, VisionReply>;

  constructor(options: VisionPoolOptions = {}) {
    this.pool = new WorkerPool({ label: "Vision", workerFile: resolveWorkerFile("vision.worker.ts", options.workerFile), size: options.size ?? 2, timeoutMs: options.timeoutMs });
  }

  /** Faces, bodies and COCO objects in an image (Human: BlazeFace + face mesh, MoveNet, CenterNet). */
  async detect(image: VisionImage): Promise<VisionDetections> {
    checkImage(image);
    const pixels = ownPixels(image);
    const [people, objects] = await Promise.all((["people", "objects"] as const).map((part) => this.detectPart(pixels, part)));
    const loads = [people.timings.loadMs, objects.timings.loadMs].filter((ms): ms is number => ms !== null);
    return {
      faces: people.faces,
      bodies: people.bodies,
      objects: objects.objects,
      // Work done, whether the halves ran side by side or not.
      timings: { loadMs: loads.length ? Math.max(...loads) : null, inferMs: people.timings.inferMs + objects.timings.inferMs },
    };
  }

  private async detectPart(image: VisionImage, part: DetectPart): Promise<VisionDetections> {
    const reply = await this.pool.run({ kind: "detect", image, part });
    if (reply.kind !== "detect") throw new Error("Vision worker answered a detect request with " + reply.kind);
    return reply.detections;
  }

  /** nsfwjs class probabilities for an image. */
  async classifySafety(image: VisionImage): Promise<SafetyScores> {
    checkImage(image);
    const reply = await this.pool.run({ kind: "safety", image: ownPixels(image) });
    if (reply.kind !== "safety") throw new Error("Vision worker answered a safety request with " + reply.kind);
    return reply.safety;
  }

  /** Requests waiting for a worker plus those running. */
  get pending(): number {
    return this.pool.pending;
  }

  /** Fails queued and running requests and stops the workers. */
  close(): Promise<void> {
    return this.pool.close();
  }
}

let shared: VisionPool | null = null;

/** The process-wide vision pool, shared by the vision and safety analysers (two workers unless configured on first call). */
export function getVisionPool(options?: VisionPoolOptions): VisionPool {
  shared ??= new VisionPool(options);
  return shared;
}

/** Stops the shared pool's worker (service shutdown, end of tests). The next use starts a new one. */
export async function closeVisionPool(): Promise<void> {
  const pool = shared;
  shared = null;
  await pool?.close();
}
