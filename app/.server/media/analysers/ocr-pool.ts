// A small pool of OCR worker threads (issue #7): inference (ONNX + tesseract WASM) never runs on the app's
// event loop. Each worker loads the models once and serves one request at a time; requests queue in
// order. Workers start on the first request, are unref'd while idle (a forgotten pool never keeps a
// process alive) and are replaced after a crash or a time-out.
//
// How the worker starts: ocr.worker.ts is TypeScript, so it is loaded through tsx's `tsImport` from a
// tiny eval'd bootstrap — the same way bin/assetline.mjs runs .ts code, and it works alike under vitest,
// `tsx` (npm run worker) and the Vite-built server (tsx is a runtime dependency). Node 20 does not apply
// `--import tsx` hooks to a worker's entry module, hence the bootstrap. The file is found next to this
// module (source runs) or under the project root (the built bundle lives in build/server/).
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { OcrResult } from "./ocr-text";

export type { OcrResult } from "./ocr-text";

/** Decoded pixels (as the analysers share them). */
export interface OcrRawImage {
  data: Uint8Array;
  width: number;
  height: number;
  channels: 1 | 2 | 3 | 4;
}

/** An encoded image (PNG, JPEG, WebP, …: whatever sharp reads) or raw pixels. */
export type OcrInput = Uint8Array | OcrRawImage;

export interface OcrPoolOptions {
  /** Worker threads (each holds its own copy of the models, ~150 MB). Default 1. */
  size?: number;
  /** ONNX intra-op threads per worker. Default: the machine's parallelism divided by `size`. */
  threads?: number;
  /** A request (model load included on a fresh worker) taking longer fails and its worker is replaced. Default 120 s. */
  timeoutMs?: number;
  /** Paddle lines below this mean probability are dropped (default 0.7). */
  minLineConfidence?: number;
  /** Path of the worker module, when it is neither beside this file nor at app/.server/media/analysers/. */
  workerFile?: string;
}

/** Sent to the worker's `workerData`. */
export interface OcrWorkerData {
  threads?: number;
  minLineConfidence?: number;
}

export type OcrRequest =
  | { id: number; kind: "encoded"; data: Uint8Array }
  | { id: number; kind: "raw"; data: Uint8Array; width: number; height: number; channels: 1 | 2 | 3 | 4 };

export type OcrReply = { id: number; ok: true; result: OcrResult } | { id: number; ok: false; error: string };

interface Job {
  id: number;
  input: OcrInput;
  resolve: (r: OcrResult) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  job: Job | null;
  timer: NodeJS.Timeout | null;
}

const WORKER_FILE = "ocr.worker.ts";

/** The worker module: beside this file when running from source, else under the project root (built bundle). */
export function resolveWorkerFile(explicit?: string): string {
  const candidates = explicit
    ? [path.resolve(explicit)]
    : [fileURLToPath(new URL(`./${WORKER_FILE}`, import.meta.url)), path.resolve(process.cwd(), "app/.server/media/analysers", WORKER_FILE)];
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new Error(`OCR worker module not found (looked at ${candidates.join(", ")})`);
  return found;
}

/** tsx's ESM API (the `import` condition of its "./esm/api" export), as a file URL. */
function tsxEsmApi(): string {
  const require = createRequire(import.meta.url);
  const pkgFile = require.resolve("tsx/package.json");
  const pkg = JSON.parse(readFileSync(pkgFile, "utf8")) as { exports?: Record<string, unknown> };
  const entry = pkg.exports?.["./esm/api"];
  const target =
    typeof entry === "object" && entry !== null && "import" in entry
      ? (entry as { import: string | { default?: string } }).import
      : undefined;
  const rel = typeof target === "string" ? target : target?.default;
  if (!rel) throw new Error("tsx does not export ./esm/api for import");
  return pathToFileURL(path.join(path.dirname(pkgFile), rel)).href;
}

function bootstrapCode(file: string): string {
  const url = pathToFileURL(file).href;
  if (!/\.[cm]?ts$/.test(file)) return `import(${JSON.stringify(url)});`;
  return `import(${JSON.stringify(tsxEsmApi())}).then((tsx) => tsx.tsImport(${JSON.stringify(url)}, ${JSON.stringify(url)}));`;
}

export class OcrPool {
  private readonly size: number;
  private readonly timeoutMs: number;
  private readonly workerData: OcrWorkerData;
  private readonly code: string;
  private readonly slots: (Slot | null)[];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;

  constructor(options: OcrPoolOptions = {}) {
    this.size = Math.max(1, Math.floor(options.size ?? 1));
    this.timeoutMs = options.timeoutMs ?? 120_000;
    const cpus = typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
    this.workerData = { threads: options.threads ?? Math.max(1, Math.floor(cpus / this.size)), minLineConfidence: options.minLineConfidence };
    this.code = bootstrapCode(resolveWorkerFile(options.workerFile));
    this.slots = Array.from({ length: this.size }, () => null);
  }

  /** Reads the text in an image. Rejects when the pool is closed, the worker fails, or the request times out. */
  recognise(input: OcrInput): Promise<OcrResult> {
    if (this.closed) return Promise.reject(new Error("OCR pool is closed"));
    return new Promise<OcrResult>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, input, resolve, reject });
      this.pump();
    });
  }

  /** Requests waiting for a worker plus those running. */
  get pending(): number {
    return this.queue.length + this.slots.filter((s) => s?.job).length;
  }

  /** Fails queued and running requests and stops the workers. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const err = new Error("OCR pool is closed");
    for (const job of this.queue.splice(0)) job.reject(err);
    await Promise.all(
      this.slots.map(async (slot, i) => {
        if (!slot) return;
        this.slots[i] = null;
        if (slot.timer) clearTimeout(slot.timer);
        slot.job?.reject(err);
        slot.job = null;
        await slot.worker.terminate();
      }),
    );
  }

  private pump(): void {
    for (let i = 0; i < this.slots.length && this.queue.length; i++) {
      const slot = this.slots[i] ?? this.spawn(i);
      if (slot.job) continue;
      const job = this.queue.shift()!;
      slot.job = job;
      slot.worker.ref();
      slot.timer = setTimeout(() => this.fail(i, slot, new Error(`OCR timed out after ${this.timeoutMs} ms`)), this.timeoutMs);
      const req: OcrRequest =
        job.input instanceof Uint8Array
          ? { id: job.id, kind: "encoded", data: job.input }
          : { id: job.id, kind: "raw", data: job.input.data, width: job.input.width, height: job.input.height, channels: job.input.channels };
      slot.worker.postMessage(req);
    }
  }

  private spawn(i: number): Slot {
    const worker = new Worker(this.code, { eval: true, workerData: this.workerData });
    const slot: Slot = { worker, job: null, timer: null };
    this.slots[i] = slot;
    worker.unref();
    worker.on("message", (reply: OcrReply) => {
      const job = slot.job;
      if (!job || job.id !== reply.id) return;
      if (slot.timer) clearTimeout(slot.timer);
      slot.timer = null;
      slot.job = null;
      worker.unref();
      if (reply.ok) job.resolve(reply.result);
      else job.reject(new Error(`OCR failed: ${reply.error}`));
      this.pump();
    });
    worker.on("error", (err) => this.fail(i, slot, err));
    worker.on("exit", (code) => this.fail(i, slot, new Error(`OCR worker exited (code ${code})`)));
    return slot;
  }

  /** Drops a broken worker: its request fails, the next request starts a fresh one. */
  private fail(i: number, slot: Slot, err: Error): void {
    if (this.slots[i] !== slot) return;
    this.slots[i] = null;
    if (slot.timer) clearTimeout(slot.timer);
    const job = slot.job;
    slot.job = null;
    void slot.worker.terminate();
    job?.reject(err);
    if (!this.closed) this.pump();
  }
}
