// Local filesystem blob store: `<root>/<namespace>/ab/cd/<sha256>`, written to `<root>/.tmp/`, fsynced,
// renamed into place (atomic on one filesystem), then the directory fsynced.
import { randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import { copyFile, type FileHandle, mkdir, open, opendir, readdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import {
  asBlobError, assertBlobKey, assertNamespace, assertRange, BlobError, blobKey, parseBlobKey,
  type BlobRef, type BlobStore, type ByteRange,
} from "./blob-core";
import { fsyncDir, hashFile, isErrno, mkdirDurable, statOrNull, sweepTempDir } from "./blob-temp";
import { verifying } from "./blob-verify";
import { createTempWriter, type TempBlob } from "./blob-writer";

export interface FsBlobStoreConfig {
  kind?: "fs";
  root: string;
  /** Defaults to `<root>/.tmp`; keep it on the same filesystem as root so commits are a rename. */
  tempDir?: string;
  verifyOnRead?: boolean;
}

const HEX2 = /^[0-9a-f]{2}$/;

export function createFsBlobStore(cfg: FsBlobStoreConfig): BlobStore {
  const root = path.resolve(cfg.root);
  const tempDir = path.resolve(cfg.tempDir ?? path.join(root, ".tmp"));
  const verifyDefault = cfg.verifyOnRead ?? false;
  let tempReady: Promise<void> | undefined;
  const ensureTempDir = () =>
    (tempReady ??= mkdir(tempDir, { recursive: true }).then(() => undefined, (e: unknown) => {
      tempReady = undefined;
      throw e;
    }));

  const fileOf = (key: string): string => {
    assertBlobKey(key);
    const file = path.join(root, ...key.split("/"));
    // Defence in depth: the key grammar already rules out escaping the root.
    if (!file.startsWith(root + path.sep)) throw new TypeError(`blob key escapes the store root: ${key}`);
    return file;
  };

  async function commit(tmp: TempBlob, namespace: string): Promise<BlobRef> {
    const key = blobKey(namespace, tmp.sha256);
    const file = fileOf(key);
    const ref = { key, sha256: tmp.sha256, bytes: tmp.bytes };
    try {
      // Content-addressed: same key, same bytes. A size mismatch means a damaged copy; replace it.
      const existing = await statOrNull(file);
      if (existing?.size === tmp.bytes) {
        await rm(tmp.tempPath, { force: true });
        return ref;
      }
      const dir = path.dirname(file);
      await mkdirDurable(dir);
      // Two concurrent commits of the same content both rename; the second replaces an identical file.
      await moveInto(tmp.tempPath, file);
      await fsyncDir(dir);
      return ref;
    } catch (e) {
      throw asBlobError(e, `storing ${key}`);
    }
  }

  const store: BlobStore = {
    kind: "fs",
    keyFor: blobKey,

    createWriter: (opts) => createTempWriter({ tempDir, maxBytes: opts?.maxBytes, ensureTempDir, commit }),

    async putFile(namespace, file, opts) {
      assertNamespace(namespace);
      if (opts?.consume) {
        // Our own work file: make it durable and rename it into place, no second copy.
        const blob = await hashFile(file).catch((e: unknown) => { throw asBlobError(e, `reading ${file}`); });
        const fh = await open(file, "r+");
        await fh.sync().finally(() => fh.close());
        return commit({ ...blob, tempPath: file }, namespace);
      }
      // Copy through a writer rather than moving the caller's file: it may still be in use.
      const writer = store.createWriter();
      try {
        await pipeline(createReadStream(file), writer.stream);
        return await writer.commit(namespace);
      } catch (e) {
        await writer.abort();
        throw asBlobError(e, `storing ${file}`);
      }
    },

    async open(key, opts) {
      const { sha256 } = assertBlobKey(key);
      if (opts?.range) assertRange(opts.range);
      const fh = await open(fileOf(key), "r").catch((e: unknown) => {
        throw isErrno(e, "ENOENT") ? new BlobError("not_found", `no blob ${key}`) : asBlobError(e, `opening ${key}`);
      });
      if (opts?.range) return openRange(fh, opts.range, key);
      const stream = fh.createReadStream(); // closes fh when done or destroyed
      return (opts?.verify ?? verifyDefault) ? verifying(stream, sha256, key) : stream;
    },

    async withLocalFile(key, fn) {
      const { sha256 } = assertBlobKey(key);
      const file = fileOf(key);
      if (!(await statOrNull(file))) throw new BlobError("not_found", `no blob ${key}`);
      if (verifyDefault && (await hashFile(file)).sha256 !== sha256) {
        throw new BlobError("corrupt", `stored bytes of ${key} do not match its hash`);
      }
      return fn(file);
    },

    async stat(key) {
      const st = await statOrNull(fileOf(key)).catch((e: unknown) => { throw asBlobError(e, `stat ${key}`); });
      return st ? { bytes: st.size } : null;
    },

    async delete(key) {
      // Empty ab/cd directories are left: removing them would race a concurrent commit's mkdir+rename.
      await rm(fileOf(key), { force: true }).catch((e: unknown) => { throw asBlobError(e, `deleting ${key}`); });
    },

    list: (namespace) => listNamespace(root, namespace),

    sweepTemp: (olderThanMs) => sweepTempDir(tempDir, olderThanMs),
  };
  return store;
}

async function openRange(fh: FileHandle, range: ByteRange, key: string): Promise<Readable> {
  const { size } = await fh.stat();
  if (range.start >= size) {
    await fh.close();
    throw new RangeError(`range ${range.start}-${range.end} not satisfiable for ${key} (${size} bytes)`);
  }
  return fh.createReadStream({ start: range.start, end: Math.min(range.end, size - 1) });
}

/** rename, or copy + fsync + rename when tempDir is on another filesystem (EXDEV). */
async function moveInto(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (e) {
    if (!isErrno(e, "EXDEV")) throw e;
    const staging = `${to}.${randomUUID()}.part`; // not a valid key name, so list() never reports it
    try {
      await copyFile(from, staging);
      const fh = await open(staging, "r+");
      await fh.sync().finally(() => fh.close());
      await rename(staging, to);
    } finally {
      await rm(staging, { force: true });
    }
    await rm(from, { force: true });
  }
}

async function readdirOrEmpty(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).sort();
  } catch (e) {
    if (isErrno(e, "ENOENT")) return [];
    throw e;
  }
}

async function* listNamespace(root: string, namespace: string): AsyncGenerator<{ key: string; modifiedAt: Date }> {
  assertNamespace(namespace); // inside the generator: a bad namespace rejects the first next()
  const base = path.join(root, namespace);
  for (const a of await readdirOrEmpty(base)) {
    if (!HEX2.test(a)) continue;
    for (const b of await readdirOrEmpty(path.join(base, a))) {
      if (!HEX2.test(b)) continue;
      const dir = path.join(base, a, b);
      let handle;
      try {
        handle = await opendir(dir);
      } catch (e) {
        if (isErrno(e, "ENOENT")) continue; // removed while we walked
        throw e;
      }
      for await (const entry of handle) {
        const key = `${namespace}/${a}/${b}/${entry.name}`;
        if (!entry.isFile() || !parseBlobKey(key)) continue;
        const st = await statOrNull(path.join(dir, entry.name));
        if (st) yield { key, modifiedAt: st.mtime };
      }
    }
  }
}
