// The blob store contract (DESIGN §4): types, the error type and the key layout shared by both
// implementations. Kept apart from blob-store.ts so the implementations can import it without a cycle.
import type { Readable, Writable } from "node:stream";

export interface BlobRef { key: string; sha256: string; bytes: number }

/** Inclusive byte range, as in HTTP `Range: bytes=start-end`; `end` past the last byte is clamped. */
export interface ByteRange { start: number; end: number }

export interface BlobWriter {
  /** Pipe the upload here; sha256 and byte count are computed while streaming. */
  readonly stream: Writable;
  /** First 4100 bytes seen (for type sniffing), filled as data arrives. */
  readonly head: Uint8Array;
  /** Last 64 bytes seen (for truncation checks). */
  readonly tail: Uint8Array;
  readonly bytes: number;
  /** Resolves when the stream finished and the temp file is fsynced. */
  done(): Promise<{ sha256: string; bytes: number; tempPath: string }>;
  /** Moves the bytes to their content address; if it exists already, discards the temp (idempotent). */
  commit(namespace: string): Promise<BlobRef>;
  /** Removes the temp file; safe to call twice, a no-op after a successful commit. */
  abort(): Promise<void>;
}

export interface BlobStore {
  readonly kind: "fs" | "s3";
  /** Exceeding maxBytes errors the stream with BlobError('too_large') and removes the temp file. */
  createWriter(opts?: { maxBytes?: number }): BlobWriter;
  /**
   * Hashes a local file (e.g. a rendition we made) and stores it by content. The file is left in place,
   * unless `consume` says the caller no longer needs it: then the store may move it instead of copying.
   */
  putFile(namespace: string, path: string, opts?: { consume?: boolean }): Promise<BlobRef>;
  /**
   * verify: hash while streaming; the stream errors with BlobError('corrupt') at the end if the hash
   * differs from the key. Ignored for range reads (a part cannot be checked against the whole's hash).
   * A range that starts past the end rejects with RangeError.
   */
  open(key: string, opts?: { verify?: boolean; range?: ByteRange }): Promise<Readable>;
  /** fs: the stored file itself (do not modify it); s3: downloaded to a temp file, removed afterwards. */
  withLocalFile<T>(key: string, fn: (path: string) => Promise<T>): Promise<T>;
  stat(key: string): Promise<{ bytes: number } | null>;
  /** Missing is fine. */
  delete(key: string): Promise<void>;
  /** Every stored blob of a namespace, for the orphan sweeper. */
  list(namespace: string): AsyncIterable<{ key: string; modifiedAt: Date }>;
  keyFor(namespace: string, sha256: string): string;
  /** Removes temp files (crashed uploads/downloads) older than `olderThanMs`; returns how many. */
  sweepTemp(olderThanMs: number): Promise<number>;
}

export type BlobErrorKind = "too_large" | "corrupt" | "not_found" | "io";

export class BlobError extends Error {
  override readonly name = "BlobError";
  constructor(readonly kind: BlobErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export function isBlobError(e: unknown, kind?: BlobErrorKind): e is BlobError {
  return e instanceof BlobError && (kind === undefined || e.kind === kind);
}

// Namespaces are shop ids (uuid). Only [a-z0-9-] and no dots, so a key can never contain "." / ".."
// segments or separators and cannot escape the store root or bucket prefix.
const NAMESPACE = /^[a-z0-9][a-z0-9-]{0,63}$/;
const SHA256 = /^[0-9a-f]{64}$/;
const KEY = /^([a-z0-9][a-z0-9-]{0,63})\/([0-9a-f]{2})\/([0-9a-f]{2})\/([0-9a-f]{64})$/;

export const isBlobNamespace = (ns: string): boolean => NAMESPACE.test(ns);
export const isSha256 = (sha: string): boolean => SHA256.test(sha);

export function assertNamespace(ns: string): void {
  if (typeof ns !== "string" || !NAMESPACE.test(ns)) throw new TypeError(`invalid blob namespace: ${JSON.stringify(ns)}`);
}

/** `<namespace>/<sha[0..2]>/<sha[2..4]>/<sha256>` — never derived from a filename. */
export function blobKey(namespace: string, sha256: string): string {
  assertNamespace(namespace);
  if (typeof sha256 !== "string" || !SHA256.test(sha256)) throw new TypeError(`invalid sha256: ${JSON.stringify(sha256)}`);
  return `${namespace}/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
}

/** Parses a key made by blobKey; null for anything else (including traversal attempts). */
export function parseBlobKey(key: string): { namespace: string; sha256: string } | null {
  const m = typeof key === "string" ? KEY.exec(key) : null;
  if (!m) return null;
  const [, namespace, a, b, sha256] = m as unknown as [string, string, string, string, string];
  if (sha256.slice(0, 2) !== a || sha256.slice(2, 4) !== b) return null;
  return { namespace, sha256 };
}

export function assertBlobKey(key: string): { namespace: string; sha256: string } {
  const parsed = parseBlobKey(key);
  if (!parsed) throw new TypeError(`invalid blob key: ${JSON.stringify(key)}`);
  return parsed;
}

export function assertRange(range: ByteRange): void {
  const { start, end } = range;
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end < start) {
    throw new RangeError(`invalid byte range ${start}-${end}`);
  }
}

/** Wraps an I/O failure (errno, SDK error) as BlobError('io'); BlobErrors pass through unchanged. */
export function asBlobError(e: unknown, what: string): BlobError {
  if (e instanceof BlobError) return e;
  return new BlobError("io", `${what}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
}
