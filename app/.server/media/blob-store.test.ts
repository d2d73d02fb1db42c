import { createHash, randomBytes, randomUUID } from "node:crypto";
import { existsSync, statSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { blobStoreContract, readAll, sha256Of, writeBlob } from "./blob-store.contract";
import { BlobError, createBlobStore, parseBlobKey, type BlobStore } from "./blob-store";

async function listTemp(dir: string): Promise<string[]> {
  return readdir(dir).catch(() => []);
}

blobStoreContract("fs", async () => {
  const root = await mkdtemp(path.join(os.tmpdir(), "blob-fs-"));
  const tempDir = path.join(root, ".tmp");
  return {
    store: createBlobStore({ kind: "fs", root }),
    tempDir,
    corrupt: (key, bytes) => writeFile(path.join(root, key), bytes),
    tempFiles: () => listTemp(tempDir),
    dispose: () => rm(root, { recursive: true, force: true }),
  };
});

describe("fs blob store", () => {
  let root: string;
  let ns: string;
  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), "blob-fs-"));
    ns = randomUUID();
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("lays files out as <root>/<ns>/ab/cd/<sha256> with temps under <root>/.tmp", async () => {
    const store = createBlobStore({ kind: "fs", root });
    expect(store.kind).toBe("fs");
    const data = randomBytes(100);
    const sha = sha256Of(data);
    const ref = await writeBlob(store, ns, [data]);
    expect(parseBlobKey(ref.key)).toEqual({ namespace: ns, sha256: sha });
    expect(await readFile(path.join(root, ns, sha.slice(0, 2), sha.slice(2, 4), sha))).toEqual(data);
    expect(await readdir(path.join(root, ".tmp"))).toEqual([]);
  });

  it("verifyOnRead comes from the config and can be overridden per call", async () => {
    const store = createBlobStore({ kind: "fs", root, verifyOnRead: true });
    const data = randomBytes(1000);
    const ref = await writeBlob(store, ns, [data]);
    await writeFile(path.join(root, ref.key), randomBytes(1000));
    await expect(readAll(await store.open(ref.key))).rejects.toMatchObject({ kind: "corrupt" });
    expect(await readAll(await store.open(ref.key, { verify: false }))).toHaveLength(1000);
    await expect(store.withLocalFile(ref.key, async () => 1)).rejects.toMatchObject({ kind: "corrupt" });
  });

  it("a commit replaces a damaged (wrong-size) file at the address", async () => {
    const store = createBlobStore({ kind: "fs", root });
    const data = randomBytes(500);
    const ref = await writeBlob(store, ns, [data]);
    await writeFile(path.join(root, ref.key), data.subarray(0, 100)); // truncated
    await writeBlob(store, ns, [data]);
    expect(await readAll(await store.open(ref.key, { verify: true }))).toEqual(data);
  });

  // tempDir on another filesystem: the commit must copy + fsync + rename instead of a plain rename.
  const shm = "/dev/shm";
  const otherDevice = existsSync(shm) && statSync(shm).dev !== statSync(os.tmpdir()).dev;
  it.skipIf(!otherDevice)("commits across filesystems (EXDEV) when tempDir is elsewhere", async () => {
    const tempDir = await mkdtemp(path.join(shm, "blob-tmp-"));
    try {
      const store = createBlobStore({ kind: "fs", root, tempDir });
      const data = randomBytes(3000);
      const ref = await writeBlob(store, ns, [data]);
      expect(await readAll(await store.open(ref.key, { verify: true }))).toEqual(data);
      expect(await readdir(tempDir)).toEqual([]);
      expect((await readdir(path.dirname(path.join(root, ref.key))))).toEqual([ref.sha256]);
    } finally {
      await rm(tempDir, { recursive: true, force: true });
    }
  });

  it("createBlobStore builds an s3 store without connecting", () => {
    const s3 = createBlobStore({ kind: "s3", bucket: "b", region: "us-east-1", tempDir: root });
    expect(s3.kind).toBe("s3");
  });

  it("streams 300 MB through writer, commit and verified read with constant memory", async () => {
    const store: BlobStore = createBlobStore({ kind: "fs", root });
    const CHUNK = 1024 * 1024;
    const TOTAL_CHUNKS = 300;
    const base = randomBytes(CHUNK);
    const expected = createHash("sha256");
    const rssBefore = process.memoryUsage().rss;
    let peak = rssBefore;
    const sample = () => { peak = Math.max(peak, process.memoryUsage().rss); };
    const timer = setInterval(sample, 20);
    try {
      async function* generate() {
        for (let i = 0; i < TOTAL_CHUNKS; i++) {
          const chunk = Buffer.from(base);
          chunk.writeUInt32BE(i, (i * 4099) % (CHUNK - 4)); // every chunk differs
          expected.update(chunk);
          yield chunk;
        }
      }
      const w = store.createWriter({ maxBytes: TOTAL_CHUNKS * CHUNK });
      await pipeline(Readable.from(generate()), w.stream);
      const ref = await w.commit(ns);
      expect(ref.bytes).toBe(TOTAL_CHUNKS * CHUNK);
      expect(ref.sha256).toBe(expected.digest("hex"));
      let read = 0;
      for await (const c of await store.open(ref.key, { verify: true })) {
        read += (c as Buffer).length;
        sample();
      }
      expect(read).toBe(TOTAL_CHUNKS * CHUNK);
    } finally {
      clearInterval(timer);
    }
    const growthMb = (peak - rssBefore) / 1024 / 1024;
    expect(growthMb).toBeLessThan(150);
  }, 30_000);

  it("BlobError carries its kind", () => {
    const e = new BlobError("too_large", "x");
    expect(e).toBeInstanceOf(Error);
    expect(e.kind).toBe("too_large");
    expect(e.name).toBe("BlobError");
  });
});
