import type { Tx } from "../db/database";
import { scopeWhere, type MarketScope } from "./assets.repository";
import type { Prisma } from "../../.generated/prisma/client";
import type { VersionState } from "./types";
import { bandColumns } from "./similar/bands";

export const versionWithBlob = { blob: true, renditions: { include: { blob: true } }, asset: { select: { markets: true, kind: true, title: true, liveVersionId: true } } } as const;

export function findVersion(db: Tx, shopId: string, versionId: string) {
  return db.assetVersion.findFirst({ where: { id: versionId, shopId }, include: versionWithBlob });
}

export function findVersionByNumber(db: Tx, shopId: string, assetId: string, number: number) {
  return db.assetVersion.findFirst({ where: { shopId, assetId, number }, include: versionWithBlob });
}

export function listVersions(db: Tx, shopId: string, assetId: string) {
  return db.assetVersion.findMany({
    where: { shopId, assetId },
    orderBy: { number: "desc" },
    include: versionWithBlob,
  });
}

export function findVersionsByBlob(db: Tx, shopId: string, blobId: string) {
  return db.assetVersion.findMany({
    where: { shopId, blobId },
    orderBy: { createdAt: "asc" },
    include: { asset: { select: { id: true, title: true, archivedAt: true, markets: true } } },
  });
}

export function createVersion(
  db: Tx,
  shopId: string,
  data: Omit<Prisma.AssetVersionUncheckedCreateInput, "shopId" | "bytes"> & { bytes: number | bigint },
) {
  // The pHash's bands are written with it (find similar looks candidates up by them).
  const bands = typeof data.phash === "string" ? bandColumns(data.phash) : {};
  return db.assetVersion.create({ data: { ...data, ...bands, shopId, bytes: BigInt(data.bytes) } });
}

export function setVersionState(
  db: Tx,
  shopId: string,
  versionId: string,
  state: VersionState,
  extra: { approvedBy?: string; approvedAt?: Date; reviewChainId?: string | null; reviewStep?: number | null } = {},
) {
  return db.assetVersion.updateMany({ where: { id: versionId, shopId }, data: { state, ...extra } });
}

export function setProcessingResult(
  db: Tx,
  shopId: string,
  versionId: string,
  data: {
    processing: "ready" | "failed";
    processingError?: string | null;
    width?: number | null;
    height?: number | null;
    metadata?: Prisma.InputJsonValue;
    phash?: string | null;
  },
) {
  const bands = data.phash !== undefined ? bandColumns(data.phash) : {};
  return db.assetVersion.updateMany({ where: { id: versionId, shopId }, data: { ...data, ...bands } });
}

export function createRendition(
  db: Tx,
  shopId: string,
  data: { versionId: string; presetId: string; recipeHash: string; blobId: string; mime: string; width: number; height: number; bytes: number },
) {
  return db.rendition.upsert({
    where: { versionId_presetId_recipeHash: { versionId: data.versionId, presetId: data.presetId, recipeHash: data.recipeHash } },
    create: { ...data, shopId },
    update: { blobId: data.blobId, mime: data.mime, width: data.width, height: data.height, bytes: data.bytes },
  });
}

/** Which of these contents are already some version's bytes in the shop. */
export async function knownVersionShas(db: Tx, shopId: string, scope: MarketScope, shas: string[]): Promise<string[]> {
  const visible = { asset: scopeWhere(scope) };
  const rows = await db.blob.findMany({ where: { shopId, sha256: { in: shas }, versions: { some: visible } }, select: { sha256: true } });
  return rows.map((r) => r.sha256);
}

export function listVersionStates(db: Tx, shopId: string, assetId: string) {
  return db.assetVersion.findMany({ where: { shopId, assetId }, select: { id: true, number: true, state: true, mergedFromAssetId: true } });
}

export function findVersionOfAsset(db: Tx, shopId: string, assetId: string, versionId: string) {
  return db.assetVersion.findFirst({ where: { id: versionId, assetId, shopId }, include: versionWithBlob });
}

/** A rendition's bytes by the public media address (shop media key + sha256). */
export function findRenditionByMediaAddress(db: Tx, mediaKey: string, sha256: string) {
  return db.rendition.findFirst({
    where: { shop: { mediaKey, uninstalledAt: null }, blob: { sha256 } },
    include: { blob: true },
  });
}

/** What the ingest job needs, in one query. */
export function findVersionForProcessing(db: Tx, shopId: string, versionId: string) {
  return db.assetVersion.findFirst({
    where: { id: versionId, shopId },
    select: { id: true, assetId: true, processing: true, mime: true, blob: { select: { storageKey: true } }, asset: { select: { kind: true } } },
  });
}
