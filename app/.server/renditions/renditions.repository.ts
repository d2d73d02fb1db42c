// Every database read and write of channel renditions, Fix recipes and shop presets. Shop-scoped.
import type { Tx } from "../db/database";
import type { Prisma as P } from "../../.generated/prisma/client";
import { scopeWhere, type MarketScope } from "../library/assets.repository";

// ---------------------------------------------------------------------------------------------------
// Shop presets

export function listShopPresetRows(db: Tx, shopId: string) {
  return db.shopPreset.findMany({ where: { shopId }, orderBy: { presetId: "asc" } });
}

export function upsertShopPreset(
  db: Tx,
  shopId: string,
  row: { presetId: string; basePresetId: string | null; label: string | null; eager: boolean | null; overrides: P.InputJsonValue },
) {
  return db.shopPreset.upsert({
    where: { shopId_presetId: { shopId, presetId: row.presetId } },
    create: { shopId, ...row },
    update: { basePresetId: row.basePresetId, label: row.label, eager: row.eager, overrides: row.overrides },
  });
}

export function deleteShopPreset(db: Tx, shopId: string, presetId: string) {
  return db.shopPreset.deleteMany({ where: { shopId, presetId } });
}

/** The channels the shop has linked (and not disconnected). */
export async function connectedChannels(db: Tx, shopId: string): Promise<string[]> {
  const rows = await db.channelAccount.findMany({ where: { shopId, status: { not: "disconnected" } }, select: { channel: true }, distinct: ["channel"] });
  return rows.map((r) => r.channel);
}

// ---------------------------------------------------------------------------------------------------
// Fix recipes

export function listFixesOfAsset(db: Tx, shopId: string, assetId: string) {
  return db.renditionFix.findMany({ where: { shopId, assetId } });
}

export function listFixesOfAssets(db: Tx, shopId: string, assetIds: string[]) {
  return db.renditionFix.findMany({ where: { shopId, assetId: { in: assetIds } } });
}

export function upsertFix(db: Tx, shopId: string, f: { assetId: string; presetId: string; recipe: P.InputJsonValue; createdByName: string }) {
  return db.renditionFix.upsert({
    where: { assetId_presetId: { assetId: f.assetId, presetId: f.presetId } },
    create: { shopId, ...f },
    update: { recipe: f.recipe, createdByName: f.createdByName },
  });
}

export function deleteFix(db: Tx, shopId: string, assetId: string, presetId: string) {
  return db.renditionFix.deleteMany({ where: { shopId, assetId, presetId } });
}

// ---------------------------------------------------------------------------------------------------
// Versions and renditions

/** A version with what building and checking its channel renditions needs. */
export function findVersionForRenditions(db: Tx, shopId: string, versionId: string) {
  return db.assetVersion.findFirst({
    where: { id: versionId, shopId },
    include: {
      blob: true,
      renditions: { include: { blob: true } },
      asset: { select: { id: true, kind: true, title: true, description: true, markets: true, archivedAt: true, latestVersionId: true, liveVersionId: true } },
    },
  });
}

export function saveRendition(
  db: Tx,
  shopId: string,
  data: { versionId: string; presetId: string; recipeHash: string; blobId: string; mime: string; width: number; height: number; bytes: number; compliance: P.InputJsonValue; verdict: string },
) {
  return db.rendition.upsert({
    where: { versionId_presetId_recipeHash: { versionId: data.versionId, presetId: data.presetId, recipeHash: data.recipeHash } },
    create: { ...data, shopId },
    update: { blobId: data.blobId, mime: data.mime, width: data.width, height: data.height, bytes: data.bytes, compliance: data.compliance, verdict: data.verdict },
    include: { blob: true },
  });
}

/**
 * The current version (live, else latest) of every visible, active image asset, with its renditions of
 * the given presets — what the Compliance view summarises. Ordered newest first.
 */
export function listCurrentVersionsWithRenditions(db: Tx, shopId: string, scope: MarketScope, presetIds: string[], limit: number, assetIds?: string[]) {
  return db.asset.findMany({
    where: { shopId, kind: "image", archivedAt: null, ...scopeWhere(scope), ...(assetIds ? { id: { in: assetIds } } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
    select: {
      id: true,
      title: true,
      markets: true,
      liveVersionId: true,
      latestVersionId: true,
      liveVersion: { select: { id: true, number: true, processing: true, renditions: { where: { presetId: { in: [...presetIds, "thumb"] } }, include: { blob: true } } } },
      latestVersion: { select: { id: true, number: true, processing: true, renditions: { where: { presetId: { in: [...presetIds, "thumb"] } }, include: { blob: true } } } },
      renditionFixes: true,
    },
  });
}

/** The current version (live, else latest) of every active, processed image asset — for eager backfills. */
export async function listCurrentImageVersionIds(db: Tx, shopId: string): Promise<string[]> {
  const rows = await db.asset.findMany({
    where: { shopId, kind: "image", archivedAt: null, latestVersionId: { not: null } },
    select: { liveVersionId: true, latestVersionId: true },
  });
  return [...new Set(rows.flatMap((r) => [r.liveVersionId, r.latestVersionId]).filter((v): v is string => !!v))];
}
