// The OCR worker pool (issue #7): PaddleOCR + tesseract run in worker threads (ocr.worker.ts) on the
// generic pool of worker-pool.ts — one request at a time per worker, queued in order, workers started on
// first use, unref'd while idle and replaced after a crash or a time-out.
import type { OcrResult } from "./ocr-text";
import { resolveWorkerFile, WorkerPool } from "./worker-pool";

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
  /**
   * ONNX intra-op threads per worker. Default 1: the OCR worker shares the cores with the two vision
   * workers (vision-pool.ts) and the app, and a larger onnxruntime thread pool spins while it waits.
   */
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
  | { kind: "encoded"; data: Uint8Array }
  | { kind: "raw"; data: Uint8Array; width: number; height: number; channels: 1 | 2 | 3 | 4 };

export class OcrPool {
  private readonly pool: WorkerPool<OcrRequest, OcrResult>;

  constructor(options: OcrPoolOptions = {}) {
    const size = Math.max(1, Math.floor(options.size ?? 1));
    const workerData: OcrWorkerData = { threads: Math.max(1, Math.floor(options.threads ?? 1)), minLineConfidence: options.minLineConfidence };
    this.pool = new WorkerPool({ label: "OCR", workerFile: resolveWorkerFile("ocr.worker.ts", options.workerFile), workerData, size, timeoutMs: options.timeoutMs });
  }

  /** Reads the text in an image. Rejects when the pool is closed, the worker fails, or the request times out. */
  recognise(input: OcrInput): Promise<OcrResult> {
    const request: OcrRequest =
      input instanceof Uint8Array
        ? { kind: "encoded", data: input }
        : { kind: "raw", data: input.data, width: input.width, height: input.height, channels: input.channels };
    return this.pool.run(request);
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
