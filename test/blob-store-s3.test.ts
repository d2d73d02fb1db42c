// The blob store contract against S3, served by s3rver (an in-process S3 emulator) on 127.0.0.1:0.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { HeadObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  blobStoreContract, collect, readAll, sha256Of, writeBlob,
} from "../app/.server/media/blob-store.contract";
import { BlobError, createBlobStore, createS3BlobStore, type S3Tuning } from "../app/.server/media/blob-store";

// s3rver is CommonJS without types; describe just what we use.
interface S3rverInstance { run(): Promise<{ address: string; port: number }>; close(): Promise<void> }
type S3rverCtor = new (opts: {
  address: string; port: number; directory: string; silent: boolean; configureBuckets: { name: string }[];
}) => S3rverInstance;
const require = createRequire(import.meta.url);
const S3rver = require("s3rver") as S3rverCtor;

// s3rver 3.7 encrypts ListObjectsV2 continuation tokens with single DES, which OpenSSL 3 (Node ≥ 17) only
// offers through the legacy provider: every truncated listing fails with ERR_OSSL_EVP_UNSUPPORTED.
// Triple DES with K1=K2=K3 is the same cipher (EDE collapses to single DES) and is in the default
// provider, so we remap "des" for this test process only. s3rver calls crypto.createCipheriv at call time.
type CryptoFns = Pick<typeof import("node:crypto"), "createCipheriv" | "createDecipheriv">;
const cryptoCjs = require("node:crypto") as CryptoFns;
const original: CryptoFns = { createCipheriv: cryptoCjs.createCipheriv, createDecipheriv: cryptoCjs.createDecipheriv };
function remapDes(): void {
  const triple = (key: unknown) => (Buffer.isBuffer(key) && key.length === 8 ? Buffer.concat([key, key, key]) : key);
  type Fn = (alg: string, key: unknown, iv: unknown, opts?: unknown) => unknown;
  const wrap = (fn: Fn): Fn => (alg, key, iv, opts) =>
    alg === "des" ? fn("des-ede3-cbc", triple(key), iv, opts) : fn(alg, key, iv, opts);
  cryptoCjs.createCipheriv = wrap(original.createCipheriv as Fn) as CryptoFns["createCipheriv"];
  cryptoCjs.createDecipheriv = wrap(original.createDecipheriv as Fn) as CryptoFns["createDecipheriv"];
}

const BUCKET = "assetline-test";
const CREDS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };
let server: S3rverInstance;
let serverDir: string;
let endpoint: string;
let client: S3Client;

beforeAll(async () => {
  remapDes();
  serverDir = await mkdtemp(path.join(os.tmpdir(), "s3rver-"));
  server = new S3rver({ address: "127.0.0.1", port: 0, directory: serverDir, silent: true, configureBuckets: [{ name: BUCKET }] });
  const { port } = await server.run();
  endpoint = `http://127.0.0.1:${port}`;
  client = new S3Client({
    region: "us-east-1", endpoint, forcePathStyle: true, credentials: CREDS,
    requestChecksumCalculation: "WHEN_REQUIRED", responseChecksumValidation: "WHEN_REQUIRED",
  });
});

afterAll(async () => {
  client?.destroy();
  await server?.close();
  await rm(serverDir, { recursive: true, force: true });
  cryptoCjs.createCipheriv = original.createCipheriv;
  cryptoCjs.createDecipheriv = original.createDecipheriv;
});

async function makeS3(tuning: S3Tuning = {}) {
  const tempDir = await mkdtemp(path.join(os.tmpdir(), "blob-s3-tmp-"));
  const prefix = `t-${randomUUID()}/`; // isolates each store inside the one bucket
  const store = createS3BlobStore(
    { bucket: BUCKET, region: "us-east-1", endpoint, forcePathStyle: true, ...CREDS, prefix, tempDir },
    tuning,
  );
  return {
    store,
    prefix,
    tempDir,
    corrupt: async (key: string, bytes: Uint8Array) => {
      await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: prefix + key, Body: bytes }));
    },
    tempFiles: () => readdir(tempDir).catch(() => []),
    dispose: () => rm(tempDir, { recursive: true, force: true }),
  };
}

// Small list pages so the contract's list test crosses page boundaries (ContinuationToken).
blobStoreContract("s3 (s3rver)", () => makeS3({ listPageSize: 2 }));

describe("s3 blob store", () => {
  it("is built by createBlobStore and works without a prefix", async () => {
    const tempDir = await mkdtemp(path.join(os.tmpdir(), "blob-s3-tmp-"));
    try {
      const store = createBlobStore({
        kind: "s3", bucket: BUCKET, region: "us-east-1", endpoint, forcePathStyle: true, ...CREDS, tempDir,
      });
      expect(store.kind).toBe("s3");
      const data = randomBytes(1234);
      const ref = await writeBlob(store, randomUUID(), [data]);
      const head = await client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: ref.key }));
      expect(head.ContentLength).toBe(1234);
      expect(head.Metadata?.sha256).toBe(ref.sha256);
    } finally {
      await rm(tempDir, { recursive: true, force: true });
    }
  });

  it("uploads large files in parts and reads them back verified", async () => {
    const h = await makeS3({ partSize: 5 * 1024 * 1024, partConcurrency: 2 });
    try {
      const chunks = Array.from({ length: 12 }, () => randomBytes(1024 * 1024)); // 12 MiB → 3 parts
      const ref = await writeBlob(h.store, randomUUID(), chunks);
      const head = await client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: h.prefix + ref.key }));
      expect(head.ContentLength).toBe(12 * 1024 * 1024);
      expect(head.Metadata?.sha256).toBe(ref.sha256);
      const back = await readAll(await h.store.open(ref.key, { verify: true }));
      expect(createHash("sha256").update(back).digest("hex")).toBe(ref.sha256);
      expect(await h.tempFiles()).toEqual([]);
    } finally {
      await h.dispose();
    }
  }, 30_000);

  it("skips the upload when the object already exists", async () => {
    const calls: string[] = [];
    const counting = new S3Client({
      region: "us-east-1", endpoint, forcePathStyle: true, credentials: CREDS,
      requestChecksumCalculation: "WHEN_REQUIRED", responseChecksumValidation: "WHEN_REQUIRED",
    });
    counting.middlewareStack.add((next, context) => (args) => {
      calls.push(String(context.commandName));
      return next(args);
    }, { step: "initialize" });
    const h = await makeS3({ client: counting });
    try {
      const ns = randomUUID();
      const data = randomBytes(2048);
      await writeBlob(h.store, ns, [data]);
      expect(calls).toEqual(["HeadObjectCommand", "PutObjectCommand"]);
      calls.length = 0;
      await writeBlob(h.store, ns, [data]);
      expect(calls).toEqual(["HeadObjectCommand"]);
    } finally {
      counting.destroy();
      await h.dispose();
    }
  });

  it("pages through many objects", async () => {
    const h = await makeS3({ listPageSize: 3 });
    try {
      const ns = randomUUID();
      const refs = await Promise.all(Array.from({ length: 10 }, () => writeBlob(h.store, ns, [randomBytes(16)])));
      const listed = await collect(h.store.list(ns));
      expect(listed.map((x) => x.key).sort()).toEqual(refs.map((r) => r.key).sort());
    } finally {
      await h.dispose();
    }
  });

  it("withLocalFile refuses a corrupted object and removes its download", async () => {
    const h = await makeS3();
    try {
      const data = randomBytes(4000);
      const ref = await writeBlob(h.store, randomUUID(), [data]);
      await h.corrupt(ref.key, randomBytes(4000));
      let called = false;
      const err = await h.store.withLocalFile(ref.key, async () => { called = true; }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(BlobError);
      expect((err as BlobError).kind).toBe("corrupt");
      expect(called).toBe(false);
      expect(await h.tempFiles()).toEqual([]);
    } finally {
      await h.dispose();
    }
  });

  it("a missing bucket is an io error, not a missing blob", async () => {
    const tempDir = await mkdtemp(path.join(os.tmpdir(), "blob-s3-tmp-"));
    try {
      const store = createS3BlobStore({
        bucket: "no-such-bucket", region: "us-east-1", endpoint, forcePathStyle: true, ...CREDS, tempDir,
      });
      const key = store.keyFor(randomUUID(), sha256Of(Buffer.from("x")));
      await expect(store.open(key)).rejects.toMatchObject({ kind: "io" });
    } finally {
      await rm(tempDir, { recursive: true, force: true });
    }
  });
});
