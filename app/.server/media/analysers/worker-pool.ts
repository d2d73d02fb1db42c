// A small pool of worker threads for the model-backed analysers (issue #7: OCR, vision, safety):
// inference never runs on the app's event loop. Each worker loads its models once and serves one request
// at a time; requests queue in order. Workers start on the first request, are unref'd while idle (a
// forgotten pool never keeps a process alive) and are replaced after a crash or a time-out.
//
// How a worker starts: worker modules are TypeScript, so they are loaded through tsx's `tsImport` from a
// tiny eval'd bootstrap — the same way bin/assetline.mjs runs .ts code, and it works alike under vitest,
// `tsx` (npm run worker) and the Vite-built server (tsx is a runtime dependency). Node 20 does not apply
// `--import tsx` hooks to a worker's entry module, hence the bootstrap. The file is found next to this
// module (source runs) or under the project root (the built bundle lives in build/server/).
//
// The worker side answers through `serveRequests` (below): messages are `{ id, request }` envelopes and
// replies `{ id, ok, result | error }`.
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parentPort, Worker } from "node:worker_threads";

/** What the pool posts to a worker. */
export interface WorkerEnvelope<Req> {
  id: number;
  request: Req;
}

/** What a worker posts back. */
export type WorkerReply<Res> = { id: number; ok: true; result: Res } | { id: number; ok: false; error: string };

export interface WorkerPoolOptions {
  /** Names the pool in errors: "OCR" gives "OCR timed out after …", "OCR pool is closed". */
  label: string;
  /** Absolute path of the worker module (see `resolveWorkerFile`). */
  workerFile: string;
  /** Passed to each worker's `workerData` (structured-cloneable). */
  workerData?: unknown;
  /** Worker threads. Default 1. */
  size?: number;
  /** A request (model load included on a fresh worker) taking longer fails and its worker is replaced. Default 120 s. */
  timeoutMs?: number;
}

interface Job<Req, Res> {
  id: number;
  request: Req;
  transfer: ArrayBuffer[];
  resolve: (r: Res) => void;
  reject: (e: Error) => void;
}

interface Slot<Req, Res> {
  worker: Worker;
  job: Job<Req, Res> | null;
  timer: NodeJS.Timeout | null;
}

/**
 * A worker module of this folder: beside this file when running from source, else under the project root
 * (built bundle). `explicit` overrides both.
 */
export function resolveWorkerFile(fileName: string, explicit?: string): string {
  const candidates = explicit
    ? [path.resolve(explicit)]
    : [fileURLToPath(new URL(`./${fileName}`, import.meta.url)), path.resolve(process.cwd(), "app/.server/media/analysers", fileName)];
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new Error(`Worker module ${fileName} not found (looked at ${candidates.join(", ")})`);
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

export class WorkerPool<Req, Res> {
  private readonly label: string;
  private readonly size: number;
  private readonly timeoutMs: number;
  private readonly workerData: unknown;
  private readonly code: string;
  private readonly slots: (Slot<Req, Res> | null)[];
  private readonly queue: Job<Req, Res>[] = [];
  private nextId = 1;
  private closed = false;

  constructor(options: WorkerPoolOptions) {
    this.label = options.label;
    this.size = Math.max(1, Math.floor(options.size ?? 1));
    this.timeoutMs = options.timeoutMs ?? 120_000;
    this.workerData = options.workerData;
    this.code = bootstrapCode(options.workerFile);
    this.slots = Array.from({ length: this.size }, () => null);
  }

  /**
   * Runs a request on the next free worker. `transfer` lists buffers moved (not copied) to the worker; the
   * caller must not use them afterwards. Rejects when the pool is closed, the worker fails, or the request
   * times out.
   */
  run(request: Req, transfer: ArrayBuffer[] = []): Promise<Res> {
    if (this.closed) return Promise.reject(new Error(`${this.label} pool is closed`));
    return new Promise<Res>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, request, transfer, resolve, reject });
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
    const err = new Error(`${this.label} pool is closed`);
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
      slot.timer = setTimeout(() => this.fail(i, slot, new Error(`${this.label} timed out after ${this.timeoutMs} ms`)), this.timeoutMs);
      slot.worker.postMessage({ id: job.id, request: job.request } satisfies WorkerEnvelope<Req>, job.transfer);
    }
  }

  private spawn(i: number): Slot<Req, Res> {
    const worker = new Worker(this.code, { eval: true, workerData: this.workerData });
    const slot: Slot<Req, Res> = { worker, job: null, timer: null };
    this.slots[i] = slot;
    worker.unref();
    worker.on("message", (reply: WorkerReply<Res>) => {
      const job = slot.job;
      if (!job || job.id !== reply.id) return;
      if (slot.timer) clearTimeout(slot.timer);
      slot.timer = null;
      slot.job = null;
      worker.unref();
      if (reply.ok) job.resolve(reply.result);
      else job.reject(new Error(`${this.label} failed: ${reply.error}`));
      this.pump();
    });
    worker.on("error", (err) => this.fail(i, slot, err));
    worker.on("exit", (code) => this.fail(i, slot, new Error(`${this.label} worker exited (code ${code})`)));
    return slot;
  }

  /** Drops a broken worker: its request fails, the next request starts a fresh one. */
  private fail(i: number, slot: Slot<Req, Res>, err: Error): void {
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

/**
 * Worker side: answers the pool's requests with `handle`, one reply per request (errors become
 * `{ ok: false }` replies). Throws when not running as a worker thread.
 */
export function serveRequests<Req, Res>(name: string, handle: (request: Req) => Promise<Res>): void {
  const port = parentPort;
  if (!port) throw new Error(`${name} runs as a worker thread (start it through its pool)`);
  port.on("message", ({ id, request }: WorkerEnvelope<Req>) => {
    handle(request).then(
      (result) => port.postMessage({ id, ok: true, result } satisfies WorkerReply<Res>),
      (err: unknown) => port.postMessage({ id, ok: false, error: err instanceof Error ? err.message : String(err) } satisfies WorkerReply<Res>),
    );
  });
}
