// Uploads a local file to S3 with bounded memory: one PutObject for small files, multipart otherwise.
// Parts are read into buffers (not streamed) so the SDK can retry a failed part on its own; memory is
// at most partSize × concurrency. (Same approach as @aws-sdk/lib-storage, without the dependency.)
import { createHash } from "node:crypto";
import { open, readFile } from "node:fs/promises";
import {
  AbortMultipartUploadCommand, CompleteMultipartUploadCommand, CreateMultipartUploadCommand, PutObjectCommand,
  type S3Client, UploadPartCommand,
} from "@aws-sdk/client-s3";
import { BlobError } from "./blob-core";

export interface S3UploadTuning {
  /** Default 8 MiB; S3 requires ≥ 5 MiB for every part but the last. */
  partSize?: number;
  /** Parts in flight at once; default 4. */
  partConcurrency?: number;
}

const MiB = 1024 * 1024;
const MAX_PARTS = 10_000;

export interface UploadTarget { client: S3Client; bucket: string; objectKey: string }

export async function uploadFile(
  t: UploadTarget, file: string, blob: { sha256: string; bytes: number }, tuning: S3UploadTuning = {},
): Promise<void> {
  // Grow parts for huge files so we stay under S3's 10 000-part limit.
  const partSize = Math.max(tuning.partSize ?? 8 * MiB, 5 * MiB, Math.ceil(blob.bytes / MAX_PARTS));
  const metadata = { sha256: blob.sha256 }; // x-amz-meta-sha256
  if (blob.bytes <= partSize) {
    const body = await readFile(file); // bounded by partSize
    if (body.length !== blob.bytes) throw new BlobError("io", `${file} changed while it was being stored`);
    await t.client.send(new PutObjectCommand({
      Bucket: t.bucket, Key: t.objectKey, Body: body, ContentLength: body.length, Metadata: metadata,
      // S3 checks the whole object against our hash on arrival.
      ChecksumSHA256: Buffer.from(blob.sha256, "hex").toString("base64"),
    }));
    return;
  }
  await multipart(t, file, blob.bytes, partSize, tuning.partConcurrency ?? 4, metadata);
}

async function multipart(
  t: UploadTarget, file: string, bytes: number, partSize: number, concurrency: number, metadata: Record<string, string>,
): Promise<void> {
  const { Bucket, Key } = { Bucket: t.bucket, Key: t.objectKey };
  const { UploadId } = await t.client.send(new CreateMultipartUploadCommand({ Bucket, Key, Metadata: metadata }));
  if (!UploadId) throw new BlobError("io", `no UploadId for ${Key}`);
  const fh = await open(file, "r");
  const count = Math.ceil(bytes / partSize);
  const etags: string[] = new Array<string>(count);
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < count) {
      const i = next++;
      const start = i * partSize;
      const body = Buffer.allocUnsafe(Math.min(partSize, bytes - start));
      for (let off = 0; off < body.length;) {
        const { bytesRead } = await fh.read(body, off, body.length - off, start + off);
        if (bytesRead === 0) throw new BlobError("io", `${file} is shorter than ${bytes} bytes`);
        off += bytesRead;
      }
      const out = await t.client.send(new UploadPartCommand({
        Bucket, Key, UploadId, PartNumber: i + 1, Body: body, ContentLength: body.length,
        ContentMD5: createHash("md5").update(body).digest("base64"),
      }));
      if (!out.ETag) throw new BlobError("io", `no ETag for part ${i + 1} of ${Key}`);
      etags[i] = out.ETag;
    }
  };
  try {
    // allSettled, not all: abort only after every in-flight part has stopped.
    const results = await Promise.allSettled(
      Array.from({ length: Math.min(concurrency, count) }, () => worker().catch((e: unknown) => {
        failed = true;
        throw e;
      })),
    );
    const rejected = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (rejected) throw rejected.reason;
    await t.client.send(new CompleteMultipartUploadCommand({
      Bucket, Key, UploadId,
      MultipartUpload: { Parts: etags.map((ETag, i) => ({ ETag, PartNumber: i + 1 })) },
    }));
  } catch (e) {
    await t.client.send(new AbortMultipartUploadCommand({ Bucket, Key, UploadId })).catch(() => {});
    throw e;
  } finally {
    await fh.close();
  }
}
