// One behavioural suite for every BlobStore implementation (fs, s3). Imported by test files only.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, readFile, rm, utimes, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BlobError, type BlobRef, type BlobStore } from "./blob-store";

export interface BlobStoreHarness {
  store: BlobStore;
  /** Replaces the stored bytes behind a key behind the store's back (bit rot, tampering). */
  corrupt(key: string, bytes: Uint8Array): Promise<void>;
  /** Temp files the store holds right now. */
  tempFiles(): Promise<string[]>;
  /** A directory the store's sweepTemp() looks at. */
  tempDir: string;
  dispose(): Promise<void>;
}

export const sha256Of = (b: Uint8Array): string => createHash("sha256").update(b).digest("hex");

export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c as Uint8Array));
  return Buffer.concat(chunks);
}

export async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

export async function writeBlob(
  store: BlobStore, namespace: string, chunks: Uint8Array[], opts?: { maxBytes?: number },
): Promise<BlobRef> {
  const w = store.createWriter(opts);
  await pipeline(Readable.from(chunks), w.stream);
  return w.commit(namespace);
}

async function expectBlobError(p: Promise<unknown>, kind: BlobError["kind"]): Promise<void> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(BlobError);
  expect((err as BlobError).kind).toBe(kind);
}

export function blobStoreContract(name: string, makeStore: () => Promise<BlobStoreHarness>): void {
  describe(`BlobStore contract: ${name}`, () => {
    let h: BlobStoreHarness;
    let store: BlobStore;
    let ns: string;
    beforeEach(async () => {
      h = await makeStore();
      store = h.store;
      ns = randomUUID();
    });
    afterEach(async () => {
      await h.dispose();
    });

    it("streams, hashes and stores by content", async () => {
      const data = randomBytes(10_000);
      const w = store.createWriter();
      await pipeline(Readable.from([data.subarray(0, 3000), data.subarray(3000, 4099), data.subarray(4099)]), w.stream);
      expect(w.bytes).toBe(10_000);
      expect(Buffer.from(w.head).equals(data.subarray(0, 4100))).toBe(true);
      expect(Buffer.from(w.tail).equals(data.subarray(-64))).toBe(true);
      const done = await w.done();
      expect(done).toMatchObject({ sha256: sha256Of(data), bytes: 10_000 });
      const ref = await w.commit(ns);
      const sha = sha256Of(data);
      expect(ref).toEqual({ key: `${ns}/${sha.slice(0, 2)}/${sha.slice(2, 4)}/${sha}`, sha256: sha, bytes: 10_000 });
      expect(store.keyFor(ns, sha)).toBe(ref.key);
      expect((await readAll(await store.open(ref.key))).equals(data)).toBe(true);
      expect(await store.stat(ref.key)).toEqual({ bytes: 10_000 });
      expect(await h.tempFiles()).toEqual([]);
    });

    it("head and tail work with tiny chunks and tiny uploads", async () => {
      const w = store.createWriter();
      await pipeline(Readable.from([Buffer.from("ab"), Buffer.from("c")]), w.stream);
      expect(Buffer.from(w.head).toString()).toBe("abc");
      expect(Buffer.from(w.tail).toString()).toBe("abc");
      await w.abort();
    });

    it("stores an empty blob", async () => {
      const ref = await writeBlob(store, ns, []);
      expect(ref.bytes).toBe(0);
      expect(ref.sha256).toBe(sha256Of(Buffer.alloc(0)));
      expect((await readAll(await store.open(ref.key, { verify: true }))).length).toBe(0);
    });

    it("same bytes twice give the same key and one object; commit is idempotent", async () => {
      const data = randomBytes(5000);
      const a = await writeBlob(store, ns, [data]);
      const w = store.createWriter();
      await pipeline(Readable.from([data.subarray(0, 1), data.subarray(1)]), w.stream);
      const b = await w.commit(ns);
      expect(await w.commit(ns)).toEqual(b);
      expect(b).toEqual(a);
      expect((await collect(store.list(ns))).map((x) => x.key)).toEqual([a.key]);
      expect(await h.tempFiles()).toEqual([]);
    });

    it("concurrent commits of the same content both succeed", async () => {
      const data = randomBytes(50_000);
      const refs = await Promise.all([1, 2, 3].map(() => writeBlob(store, ns, [data])));
      expect(new Set(refs.map((r) => r.key)).size).toBe(1);
      expect((await readAll(await store.open(refs[0]!.key, { verify: true }))).equals(data)).toBe(true);
      expect(await collect(store.list(ns))).toHaveLength(1);
      expect(await h.tempFiles()).toEqual([]);
    });

    it("the same content in two namespaces is two blobs", async () => {
      const data = randomBytes(100);
      const other = randomUUID();
      const a = await writeBlob(store, ns, [data]);
      const b = await writeBlob(store, other, [data]);
      expect(a.key).not.toBe(b.key);
      await store.delete(a.key);
      expect(await store.stat(b.key)).toEqual({ bytes: 100 });
    });

    it("exceeding maxBytes errors the stream with too_large and leaves no temp file", async () => {
      const w = store.createWriter({ maxBytes: 1000 });
      const err = await pipeline(Readable.from([randomBytes(600), randomBytes(600)]), w.stream).then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(BlobError);
      expect((err as BlobError).kind).toBe("too_large");
      await expectBlobError(w.done(), "too_large");
      await expectBlobError(w.commit(ns), "too_large");
      expect(await h.tempFiles()).toEqual([]);
      await w.abort();
      // Exactly the limit is fine.
      const ok = await writeBlob(store, ns, [randomBytes(1000)], { maxBytes: 1000 });
      expect(ok.bytes).toBe(1000);
    });

    it("abort removes the temp file, is safe twice, and blocks a later commit", async () => {
      const w = store.createWriter();
      await pipeline(Readable.from([randomBytes(2000)]), w.stream);
      const { tempPath } = await w.done();
      expect(await h.tempFiles()).toHaveLength(1);
      expect(await readFile(tempPath)).toHaveLength(2000);
      await w.abort();
      await w.abort();
      expect(await h.tempFiles()).toEqual([]);
      await expect(w.commit(ns)).rejects.toBeInstanceOf(BlobError);
      expect(await collect(store.list(ns))).toEqual([]);
    });

    it("abort mid-stream removes the partial temp file", async () => {
      const w = store.createWriter();
      await new Promise<void>((resolve, reject) => w.stream.write(randomBytes(3000), (e) => (e ? reject(e) : resolve())));
      expect(w.bytes).toBe(3000);
      await w.abort();
      expect(await h.tempFiles()).toEqual([]);
      await expect(w.done()).rejects.toBeInstanceOf(Error);
    });

    it("abort after commit is a no-op", async () => {
      const w = store.createWriter();
      await pipeline(Readable.from([randomBytes(100)]), w.stream);
      const ref = await w.commit(ns);
      await w.abort();
      expect(await store.stat(ref.key)).toEqual({ bytes: 100 });
    });

    it("verify on read detects corrupted stored bytes", async () => {
      const data = randomBytes(20_000);
      const ref = await writeBlob(store, ns, [data]);
      expect((await readAll(await store.open(ref.key, { verify: true }))).equals(data)).toBe(true);
      const bad = Buffer.from(data);
      bad[12_345] = bad[12_345]! ^ 0xff;
      await h.corrupt(ref.key, bad);
      await expectBlobError(readAll(await store.open(ref.key, { verify: true })), "corrupt");
      // Without verify the (corrupt) bytes are served as they are.
      expect((await readAll(await store.open(ref.key, { verify: false }))).equals(bad)).toBe(true);
    });

    it("reads byte ranges (inclusive end, clamped)", async () => {
      const data = randomBytes(1000);
      const ref = await writeBlob(store, ns, [data]);
      const part = await readAll(await store.open(ref.key, { range: { start: 10, end: 19 } }));
      expect(part.equals(data.subarray(10, 20))).toBe(true);
      const rest = await readAll(await store.open(ref.key, { range: { start: 990, end: 5000 }, verify: true }));
      expect(rest.equals(data.subarray(990))).toBe(true);
      await expect(store.open(ref.key, { range: { start: 1000, end: 1100 } })).rejects.toBeInstanceOf(RangeError);
      await expect(store.open(ref.key, { range: { start: 5, end: 4 } })).rejects.toBeInstanceOf(RangeError);
      await expect(store.open(ref.key, { range: { start: -1, end: 4 } })).rejects.toBeInstanceOf(RangeError);
    });

    it("stat, delete and list", async () => {
      const refs = await Promise.all([1, 2, 3, 4, 5].map((n) => writeBlob(store, ns, [randomBytes(n * 10)])));
      await writeBlob(store, randomUUID(), [randomBytes(10)]); // another namespace stays out of list(ns)
      const listed = await collect(store.list(ns));
      expect(listed.map((x) => x.key).sort()).toEqual(refs.map((r) => r.key).sort());
      for (const x of listed) {
        expect(x.modifiedAt).toBeInstanceOf(Date);
        expect(Math.abs(x.modifiedAt.getTime() - Date.now())).toBeLessThan(10 * 60_000);
      }
      await store.delete(refs[0]!.key);
      await store.delete(refs[0]!.key); // missing is fine
      expect(await store.stat(refs[0]!.key)).toBeNull();
      await expectBlobError(store.open(refs[0]!.key), "not_found");
      expect(await collect(store.list(ns))).toHaveLength(4);
      expect(await collect(store.list(randomUUID()))).toEqual([]);
    });

    it("withLocalFile gives a readable local path", async () => {
      const data = randomBytes(3000);
      const ref = await writeBlob(store, ns, [data]);
      let seen = "";
      const result = await store.withLocalFile(ref.key, async (p) => {
        seen = p;
        expect((await readFile(p)).equals(data)).toBe(true);
        return 42;
      });
      expect(result).toBe(42);
      expect(seen).not.toBe("");
      const missing = store.keyFor(ns, sha256Of(Buffer.from("nope")));
      await expectBlobError(store.withLocalFile(missing, async () => 1), "not_found");
      expect(await h.tempFiles()).toEqual([]);
    });

    it("putFile stores a local file by content and leaves it in place", async () => {
      const dir = await mkdtemp(path.join(os.tmpdir(), "blob-putfile-"));
      try {
        const file = path.join(dir, "rendition.webp");
        const data = randomBytes(7000);
        await writeFile(file, data);
        const ref = await store.putFile(ns, file);
        expect(ref).toEqual({ key: store.keyFor(ns, sha256Of(data)), sha256: sha256Of(data), bytes: 7000 });
        expect(await store.putFile(ns, file)).toEqual(ref);
        expect((await readFile(file)).equals(data)).toBe(true);
        expect((await readAll(await store.open(ref.key, { verify: true }))).equals(data)).toBe(true);
        await expect(store.putFile(ns, path.join(dir, "missing"))).rejects.toBeInstanceOf(BlobError);
        expect(await h.tempFiles()).toEqual([]);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });

    it("putFile with consume takes the caller's file (moved or removed) and stores its bytes", async () => {
      const dir = await mkdtemp(path.join(os.tmpdir(), "blob-consume-"));
      try {
        const data = randomBytes(5000);
        const first = path.join(dir, "a.webp");
        await writeFile(first, data);
        const ref = await store.putFile(ns, first, { consume: true });
        expect(ref.sha256).toBe(sha256Of(data));
        await expect(readFile(first)).rejects.toThrow();
        expect((await readAll(await store.open(ref.key, { verify: true }))).equals(data)).toBe(true);
        // Same content again: the existing object stays and the new file is still taken.
        const second = path.join(dir, "b.webp");
        await writeFile(second, data);
        expect(await store.putFile(ns, second, { consume: true })).toEqual(ref);
        await expect(readFile(second)).rejects.toThrow();
        expect(await h.tempFiles()).toEqual([]);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });

    it("rejects bad namespaces, hashes and keys (no path traversal)", async () => {
      const sha = sha256Of(Buffer.from("x"));
      for (const bad of ["..", "../etc", "a/b", "", "A-UPPER", "x.y", "-lead", "a".repeat(65), "ns\0"]) {
        expect(() => store.keyFor(bad, sha)).toThrow(TypeError);
        await expect(store.putFile(bad, "/etc/hostname")).rejects.toBeInstanceOf(TypeError);
        await expect(collect(store.list(bad))).rejects.toBeInstanceOf(TypeError);
      }
      for (const bad of ["abc", sha.toUpperCase(), `${sha}0`, `../${sha.slice(3)}`, ""]) {
        expect(() => store.keyFor(ns, bad)).toThrow(TypeError);
      }
      const w = store.createWriter();
      await pipeline(Readable.from([Buffer.from("x")]), w.stream);
      await expect(w.commit("../../etc")).rejects.toBeInstanceOf(TypeError);
      await w.abort();
      const badKeys = [
        "../../etc/passwd", `${ns}/../../${sha}`, `${ns}/${sha.slice(0, 2)}/${sha.slice(2, 4)}/../${sha}`,
        `${ns}/00/00/${sha}`, `/${ns}/${sha.slice(0, 2)}/${sha.slice(2, 4)}/${sha}`, `${ns}/${sha}`,
      ];
      for (const key of badKeys) {
        await expect(store.open(key)).rejects.toBeInstanceOf(TypeError);
        await expect(store.stat(key)).rejects.toBeInstanceOf(TypeError);
        await expect(store.delete(key)).rejects.toBeInstanceOf(TypeError);
        await expect(store.withLocalFile(key, async () => 1)).rejects.toBeInstanceOf(TypeError);
      }
    });

    it("sweepTemp removes old leftover temp files only", async () => {
      const w = store.createWriter();
      await pipeline(Readable.from([randomBytes(10)]), w.stream);
      const { tempPath } = await w.done();
      expect(path.dirname(tempPath)).toBe(path.resolve(h.tempDir));
      const foreign = path.join(h.tempDir, "not-ours.txt");
      await writeFile(foreign, "keep");
      expect(await store.sweepTemp(60_000)).toBe(0);
      const old = new Date(Date.now() - 3600_000);
      await utimes(tempPath, old, old);
      await utimes(foreign, old, old);
      expect(await store.sweepTemp(60_000)).toBe(1);
      expect(await readFile(foreign, "utf8")).toBe("keep");
      await rm(foreign);
      await expect(w.commit(ns)).rejects.toBeInstanceOf(BlobError);
      await w.abort();
    });
  });
}
