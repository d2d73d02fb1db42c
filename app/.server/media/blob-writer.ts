// One upload in progress: streamed to a local temp file while hashing, with constant memory.
// Both stores use it; only the commit step (rename vs. upload) differs.
import { createHash } from "node:crypto";
import type { FileHandle } from "node:fs/promises";
import { open, rm } from "node:fs/promises";
import { once } from "node:events";
import { Writable } from "node:stream";
import { asBlobError, assertNamespace, BlobError, type BlobRef, type BlobWriter } from "./blob-core";
import { tempFilePath } from "./blob-temp";

const HEAD_BYTES = 4100; // enough for file-type's magic-number sniffing
const TAIL_BYTES = 64;

export interface TempBlob { sha256: string; bytes: number; tempPath: string }

export interface TempWriterOptions {
  tempDir: string;
  maxBytes?: number | undefined;
  /** Creates tempDir once per store. */
  ensureTempDir: () => Promise<void>;
  /** Moves/uploads the finished temp file to its content address; must consume (remove) the temp. */
  commit: (tmp: TempBlob, namespace: string) => Promise<BlobRef>;
}

export function createTempWriter(opts: TempWriterOptions): BlobWriter {
  if (opts.maxBytes !== undefined && !(opts.maxBytes >= 0)) throw new RangeError("maxBytes must be >= 0");
  return new TempWriter(opts);
}

class TempWriter implements BlobWriter {
  readonly stream: Writable;
  private readonly tempPath: string;
  private readonly hash = createHash("sha256");
  private readonly headBuf = Buffer.alloc(HEAD_BYTES);
  private headLen = 0;
  private tailBuf = Buffer.alloc(0);
  private count = 0;
  private fh: FileHandle | undefined;
  private complete = false; // temp file written, fsynced and closed
  private digest = "";
  private state: "open" | "committed" | "aborted" = "open";
  private readonly result: Promise<TempBlob>;
  private pending: { namespace: string; promise: Promise<BlobRef> } | undefined;

  constructor(private readonly opts: TempWriterOptions) {
    this.tempPath = tempFilePath(opts.tempDir);
    this.stream = new Writable({
      construct: (cb) => void this.openTemp().then(() => cb(), (e: unknown) => cb(asBlobError(e, "opening temp file"))),
      write: (chunk: Buffer, _enc, cb) =>
        void this.writeChunk(chunk).then(() => cb(), (e: unknown) => cb(asBlobError(e, "writing temp file"))),
      final: (cb) => void this.finish().then(() => cb(), (e: unknown) => cb(asBlobError(e, "syncing temp file"))),
      destroy: (err, cb) => void this.release().then(() => cb(err), (e: Error) => cb(err ?? e)),
    });
    this.result = new Promise<TempBlob>((resolve, reject) => {
      this.stream.once("finish", () => resolve({ sha256: this.digest, bytes: this.count, tempPath: this.tempPath }));
      this.stream.once("error", reject);
      // Settles only if neither of the above did (destroy() without an error).
      this.stream.once("close", () => reject(new BlobError("io", "upload stream closed before it finished")));
    });
    this.result.catch(() => {}); // a caller that never calls done() must not cause an unhandled rejection
  }

  get head(): Uint8Array { return this.headBuf.subarray(0, this.headLen); }
  get tail(): Uint8Array { return this.tailBuf; }
  get bytes(): number { return this.count; }

  done(): Promise<TempBlob> {
    return this.result;
  }

  commit(namespace: string): Promise<BlobRef> {
    if (this.pending) {
      if (this.pending.namespace === namespace) return this.pending.promise;
      return Promise.reject(new BlobError("io", "writer is already committed to another namespace"));
    }
    if (this.state === "aborted") return Promise.reject(new BlobError("io", "writer was aborted"));
    const promise = (async () => {
      assertNamespace(namespace);
      const ref = await this.opts.commit(await this.result, namespace);
      this.state = "committed";
      return ref;
    })();
    const entry = { namespace, promise };
    this.pending = entry;
    // A failed commit (e.g. S3 unreachable) leaves the temp in place, so it may be retried or aborted.
    promise.catch(() => { if (this.pending === entry) this.pending = undefined; });
    return promise;
  }

  async abort(): Promise<void> {
    if (this.pending) await this.pending.promise.catch(() => {});
    if (this.state === "committed") return;
    this.state = "aborted";
    if (!this.stream.destroyed) this.stream.destroy();
    // Wait for _destroy: it may still be opening or closing the temp file.
    if (!this.stream.closed) await once(this.stream, "close").catch(() => {});
    await rm(this.tempPath, { force: true });
  }

  private async openTemp(): Promise<void> {
    await this.opts.ensureTempDir();
    this.fh = await open(this.tempPath, "wx");
  }

  private async writeChunk(chunk: Buffer): Promise<void> {
    const max = this.opts.maxBytes;
    if (max !== undefined && this.count + chunk.length > max) {
      throw new BlobError("too_large", `upload exceeds the limit of ${max} bytes`);
    }
    this.hash.update(chunk);
    this.capture(chunk);
    this.count += chunk.length;
    const fh = this.fh;
    if (!fh) throw new BlobError("io", "temp file is not open");
    for (let off = 0; off < chunk.length;) {
      const { bytesWritten } = await fh.write(chunk, off, chunk.length - off);
      off += bytesWritten;
    }
  }

  private capture(chunk: Buffer): void {
    if (this.headLen < HEAD_BYTES) {
      this.headLen += chunk.copy(this.headBuf, this.headLen, 0, HEAD_BYTES - this.headLen);
    }
    if (chunk.length >= TAIL_BYTES) {
      this.tailBuf = Buffer.from(chunk.subarray(chunk.length - TAIL_BYTES)); // copy: don't pin the chunk
    } else {
      const merged = Buffer.concat([this.tailBuf, chunk]);
      this.tailBuf = merged.subarray(Math.max(0, merged.length - TAIL_BYTES));
    }
  }

  private async finish(): Promise<void> {
    const fh = this.fh;
    if (!fh) throw new BlobError("io", "temp file is not open");
    await fh.sync();
    this.fh = undefined;
    await fh.close();
    this.complete = true;
    this.digest = this.hash.digest("hex");
  }

  /** Runs on destroy (error, abort, or auto-destroy after finish): close, and drop an incomplete temp. */
  private async release(): Promise<void> {
    const fh = this.fh;
    this.fh = undefined;
    if (fh) await fh.close().catch(() => {});
    if (!this.complete) await rm(this.tempPath, { force: true });
  }
}
