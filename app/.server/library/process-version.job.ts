// `ingest.process`: metadata, pHash, thumbnail and preview for one version (then, for images, `analyse.run`). Idempotent: a version that is
// no longer pending is left alone, and renditions are upserted on (versionId, presetId, recipeHash).
import { mkdtemp, rm } from "node:fs/promises";
import path from "node:path";
import type { Config } from "../config";
import type { Prisma } from "../db/database";
import type { BlobStore } from "../media/blob-store";
import { MediaError } from "../media/errors";
import { processMedia, type ProcessedMedia } from "../media/process";
import { findBlobByStorageKey, upsertBlob } from "./blobs.repository";
import { replaceAssetTags } from "./tags.repository";
import { reindexAsset } from "./search-index.service";
import { createRendition, findVersionForProcessing, setProcessingResult } from "./versions.repository";
import type { AssetKind } from "./types";
import type { JobQueue } from "../jobs/queue";
import { loadShopPresets } from "../renditions/renditions.service";
import type { Prisma as P } from "../../.generated/prisma/client";

/** Bump when thumb/preview output changes, so new renditions are told apart from old ones. */
export const BASE_RECIPE = "base-v1";

export interface ProcessDeps {
  prisma: Prisma;
  blobs: BlobStore;
  config: Pick<Config, "limits" | "dataDir">;
  /** When given, the shop's eager channel renditions are queued in the same commit as the result. */
  queue?: JobQueue;
}

export async function processVersion(deps: ProcessDeps, shopId: string, versionId: string, opts: { lastAttempt: boolean }) {
  const v = await findVersionForProcessing(deps.prisma, shopId, versionId);
  if (!v || v.processing !== "pending") return;
  const asset = v.asset;
  const workDir = await mkdtemp(path.join(deps.config.dataDir, "tmp", "work-")).catch(async () => {
    const { mkdir } = await import("node:fs/promises");
    await mkdir(path.join(deps.config.dataDir, "tmp"), { recursive: true });
    return mkdtemp(path.join(deps.config.dataDir, "tmp", "work-"));
  });
  // Channel renditions the shop builds for every new image (DESIGN §10 presets), one job per version;
  // looked up while the media is processed, not after.
  const eagerPresets: Promise<string[]> =
    deps.queue && asset.kind === "image" ? loadShopPresets(deps.prisma, shopId).then((l) => l.filter((p) => p.eager).map((p) => p.preset.id)) : Promise.resolve([]);
  eagerPresets.catch(() => {});
  try {
    let result: ProcessedMedia;
    try {
      result = await deps.blobs.withLocalFile(v.blob.storageKey, (file) =>
        processMedia({ path: file, mime: v.mime, kind: asset.kind as AssetKind, workDir, limits: { maxPixels: deps.config.limits.maxPixels } }),
      );
    } catch (err) {
      // A file we cannot read will not read better on retry: record why, visibly, and stop.
      if (err instanceof MediaError || opts.lastAttempt) {
        await setProcessingResult(deps.prisma, shopId, versionId, { processing: "failed", processingError: (err as Error).message });
        return;
      }
      throw err;
    }
    const eager = await eagerPresets;
    const stored: Array<{ out: ProcessedMedia["outputs"][number]; ref: { key: string; sha256: string; bytes: number } }> = [];
    stored.push(...(await Promise.all(result.outputs.map(async (out) => ({ out, ref: await deps.blobs.putFile(shopId, out.path, { consume: true }) })))));
    try {
      await deps.prisma.$transaction(async (tx) => {
        for (const { out, ref } of stored) {
          const blob = await upsertBlob(tx, shopId, { sha256: ref.sha256, bytes: ref.bytes, mime: out.mime, storageKey: ref.key });
          await createRendition(tx, shopId, {
            versionId, presetId: out.presetId, recipeHash: BASE_RECIPE, blobId: blob.id, mime: out.mime, width: out.width, height: out.height, bytes: out.bytes,
          });
        }
        await setProcessingResult(tx, shopId, versionId, {
          processing: "ready",
          processingError: null,
          width: result.width ?? null,
          height: result.height ?? null,
          metadata: result.metadata as P.InputJsonValue,
          phash: result.phash ?? null,
        });
        if (result.keywords.length) {
          await replaceAssetTags(tx, shopId, v.assetId, result.keywords, "metadata");
          await reindexAsset(tx, shopId, v.assetId);
        }
        if (deps.queue && eager.length) await deps.queue.enqueue(tx, "rendition.build", { shopId, versionId, presetIds: eager });
        // Auto-tagging reads the preview stored above, so it is queued with it (images only).
        if (deps.queue && asset.kind === "image") await deps.queue.enqueue(tx, "analyse.run", { shopId, versionId });
      });
    } catch (err) {
      // The version (or the whole shop) was deleted while we worked: keep no bytes that no row owns.
      for (const { ref } of stored)
        if (!(await findBlobByStorageKey(deps.prisma, shopId, ref.key).catch(() => ({ id: "?" })))) await deps.blobs.delete(ref.key).catch(() => {});
      throw err;
    }
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
