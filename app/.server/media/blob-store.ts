// Content-addressed blob store (DESIGN §4): the public entry point. Import from here, not the parts.
import type { BlobStore } from "./blob-core";
import { createFsBlobStore, type FsBlobStoreConfig } from "./blob-store-fs";
import { createS3BlobStore, type S3BlobStoreConfig } from "./blob-store-s3";

export {
  BlobError, blobKey, isBlobError, isBlobNamespace, isSha256, parseBlobKey,
  type BlobErrorKind, type BlobRef, type BlobStore, type BlobWriter, type ByteRange,
} from "./blob-core";
export { createFsBlobStore, type FsBlobStoreConfig } from "./blob-store-fs";
export { createS3BlobStore, type S3BlobStoreConfig, type S3Tuning } from "./blob-store-s3";

export type BlobStoreConfig = (FsBlobStoreConfig & { kind: "fs" }) | (S3BlobStoreConfig & { kind: "s3" });

export function createBlobStore(cfg: BlobStoreConfig): BlobStore {
  switch (cfg.kind) {
    case "fs":
      return createFsBlobStore(cfg);
    case "s3":
      return createS3BlobStore(cfg);
  }
}
