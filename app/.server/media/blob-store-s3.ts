// S3-compatible blob store. Uploads stream to a local temp file while hashing (we need the hash before
// we know the key), then the file is uploaded to `<prefix><namespace>/ab/cd/<sha256>`.
import { createWriteStream } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import {
  DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, S3Client,
} from "@aws-sdk/client-s3";
import {
  asBlobError, assertBlobKey, assertNamespace, assertRange, BlobError, blobKey, parseBlobKey,
  type BlobRef, type BlobStore,
} from "./blob-core";
import { uploadFile, type S3UploadTuning } from "./blob-s3-upload";
import { hashFile, sweepTempDir, tempFilePath } from "./blob-temp";
import { verifying } from "./blob-verify";
import { createTempWriter, type TempBlob } from "./blob-writer";

export interface S3BlobStoreConfig {
  kind?: "s3";
  bucket: string;
  region: string;
  endpoint?: string;
  forcePathStyle?: boolean;
  /** Both or neither; without them the SDK's default credential chain applies. */
  accessKeyId?: string;
  secretAccessKey?: string;
  /** Prepended to every object key ("assets/" → "assets/<ns>/ab/cd/<sha>"); a "/" is added if missing. */
  prefix?: string;
  /** Local directory for uploads in progress and withLocalFile downloads. */
  tempDir: string;
  verifyOnRead?: boolean;
}

export interface S3Tuning extends S3UploadTuning {
  /** ListObjectsV2 page size (default 1000; tests use a small one to exercise pagination). */
  listPageSize?: number;
  /** Use this client instead of building one from the config. */
  client?: S3Client;
}

export function createS3BlobStore(cfg: S3BlobStoreConfig, tuning: S3Tuning = {}): BlobStore {
  const client = tuning.client ?? new S3Client({
    region: cfg.region,
    ...(cfg.endpoint ? { endpoint: cfg.endpoint } : {}),
    ...(cfg.forcePathStyle !== undefined ? { forcePathStyle: cfg.forcePathStyle } : {}),
    ...(cfg.accessKeyId && cfg.secretAccessKey
      ? { credentials: { accessKeyId: cfg.accessKeyId, secretAccessKey: cfg.secretAccessKey } }
      : {}),
    // The SDK's default CRC32 trailers (aws-chunked) are rejected by many S3-compatible servers; we send
    // our own SHA-256 (single put) / Content-MD5 (parts) and verify reads with the key's hash instead.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
  const bucket = cfg.bucket;
  const prefix = !cfg.prefix || cfg.prefix.endsWith("/") ? (cfg.prefix ?? "") : `${cfg.prefix}/`;
  const tempDir = path.resolve(cfg.tempDir);
  const verifyDefault = cfg.verifyOnRead ?? false;
  let tempReady: Promise<void> | undefined;
  const ensureTempDir = () =>
    (tempReady ??= mkdir(tempDir, { recursive: true }).then(() => undefined, (e: unknown) => {
      tempReady = undefined;
      throw e;
    }));
  const objectKey = (key: string) => {
    assertBlobKey(key);
    return prefix + key;
  };

  async function headBytes(key: string): Promise<number | null> {
    const Key = objectKey(key); // outside the try: a bad key is a TypeError, not an io error
    try {
      const out = await client.send(new HeadObjectCommand({ Bucket: bucket, Key }));
      return out.ContentLength ?? 0;
    } catch (e) {
      if (isNotFound(e)) return null;
      throw asBlobError(e, `HeadObject ${key}`);
    }
  }

  /** Uploads unless an object of the right size is already at the key (a size mismatch is repaired). */
  async function store(namespace: string, file: string, blob: { sha256: string; bytes: number }): Promise<BlobRef> {
    const key = blobKey(namespace, blob.sha256);
    if ((await headBytes(key)) !== blob.bytes) {
      await uploadFile({ client, bucket, objectKey: objectKey(key) }, file, blob, tuning)
        .catch((e: unknown) => { throw asBlobError(e, `uploading ${key}`); });
    }
    return { key, sha256: blob.sha256, bytes: blob.bytes };
  }

  async function commit(tmp: TempBlob, namespace: string): Promise<BlobRef> {
    const ref = await store(namespace, tmp.tempPath, tmp);
    await rm(tmp.tempPath, { force: true });
    return ref;
  }

  const self: BlobStore = {
    kind: "s3",
    keyFor: blobKey,

    createWriter: (opts) => createTempWriter({ tempDir, maxBytes: opts?.maxBytes, ensureTempDir, commit }),

    async putFile(namespace, file, opts) {
      assertNamespace(namespace);
      // Hash in place and upload from the file itself: no temp copy needed.
      const blob = await hashFile(file).catch((e: unknown) => { throw asBlobError(e, `reading ${file}`); });
      const ref = await store(namespace, file, blob);
      if (opts?.consume) await rm(file, { force: true });
      return ref;
    },

    async open(key, opts) {
      const { sha256 } = assertBlobKey(key);
      const range = opts?.range;
      if (range) assertRange(range);
      let body: unknown;
      try {
        const out = await client.send(new GetObjectCommand({
          Bucket: bucket, Key: objectKey(key), Range: range ? `bytes=${range.start}-${range.end}` : undefined,
        }));
        body = out.Body;
      } catch (e) {
        if (isNotFound(e)) throw new BlobError("not_found", `no blob ${key}`);
        if (statusOf(e) === 416) throw new RangeError(`range ${range?.start}-${range?.end} not satisfiable for ${key}`);
        throw asBlobError(e, `GetObject ${key}`);
      }
      if (!(body instanceof Readable)) throw new BlobError("io", `GetObject ${key}: body is not a Node stream`);
      return !range && (opts?.verify ?? verifyDefault) ? verifying(body, sha256, key) : body;
    },

    async withLocalFile(key, fn) {
      assertBlobKey(key);
      await ensureTempDir();
      const tmp = tempFilePath(tempDir);
      try {
        // Always verified: we stream every byte anyway, and a corrupt original must not reach a pipeline.
        await pipeline(await self.open(key, { verify: true }), createWriteStream(tmp, { flags: "wx" }))
          .catch((e: unknown) => { throw asBlobError(e, `downloading ${key}`); });
        return await fn(tmp);
      } finally {
        await rm(tmp, { force: true });
      }
    },

    async stat(key) {
      const bytes = await headBytes(key);
      return bytes === null ? null : { bytes };
    },

    async delete(key) {
      // S3 DeleteObject succeeds for a missing key.
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: objectKey(key) }))
        .catch((e: unknown) => { throw asBlobError(e, `DeleteObject ${key}`); });
    },

    list: (namespace) => listNamespace(namespace),

    sweepTemp: (olderThanMs) => sweepTempDir(tempDir, olderThanMs),
  };

  async function* listNamespace(namespace: string): AsyncGenerator<{ key: string; modifiedAt: Date }> {
    assertNamespace(namespace); // inside the generator: a bad namespace rejects the first next()
    let token: string | undefined;
    do {
      const page = await client.send(new ListObjectsV2Command({
        Bucket: bucket, Prefix: `${prefix}${namespace}/`, ContinuationToken: token, MaxKeys: tuning.listPageSize,
      })).catch((e: unknown) => { throw asBlobError(e, `ListObjectsV2 ${namespace}`); });
      for (const obj of page.Contents ?? []) {
        const key = obj.Key?.slice(prefix.length);
        if (key && parseBlobKey(key)) yield { key, modifiedAt: obj.LastModified ?? new Date(0) };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  return self;
}

function statusOf(e: unknown): number | undefined {
  return typeof e === "object" && e !== null
    ? (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode
    : undefined;
}

function isNotFound(e: unknown): boolean {
  const name = e instanceof Error ? e.name : "";
  if (name === "NoSuchBucket") return false; // a misconfiguration, not a missing blob
  return name === "NoSuchKey" || name === "NotFound" || statusOf(e) === 404;
}
