import type { Tx } from "../db/database";
import { scopeWhere, type MarketScope } from "../library/assets.repository";

export function createShareRow(
  db: Tx,
  shopId: string,
  data: {
    tokenHash: string;
    name: string;
    assetIds: string[];
    collectionId: string | null;
    scoped: boolean;
    scopeMarkets: string[];
    passwordHash: string | null;
    expiresAt: Date | null;
    previewOnly: boolean;
    createdBy: string;
  },
) {
  return db.shareLink.create({ data: { shopId, ...data } });
}

/** By token hash — the public entry point; the row names its shop. */
export function findShareByTokenHash(db: Tx, tokenHash: string) {
  return db.shareLink.findUnique({ where: { tokenHash }, include: { shop: true } });
}

export function listShareRows(db: Tx, shopId: string) {
  return db.shareLink.findMany({
    where: { shopId },
    orderBy: { createdAt: "desc" },
    include: { _count: { select: { access: true } }, collection: { select: { id: true, name: true } } },
  });
}

export function revokeShareRow(db: Tx, shopId: string, id: string) {
  return db.shareLink.updateMany({ where: { shopId, id, revokedAt: null }, data: { revokedAt: new Date() } });
}

export function recordShareAccess(db: Tx, shopId: string, data: { shareId: string; action: string; assetId: string | null; ipHash: string }) {
  return db.shareAccess.create({ data: { shopId, ...data } });
}

export async function listShareAccess(db: Tx, shopId: string, shareId: string, limit = 200) {
  const rows = await db.shareAccess.findMany({ where: { shopId, shareId }, orderBy: { at: "desc" }, take: limit });
  // Titles of the assets named (no relation on purpose: the log outlives deleted assets).
  const ids = [...new Set(rows.map((r) => r.assetId).filter((x): x is string => Boolean(x)))];
  const titles = new Map((await db.asset.findMany({ where: { shopId, id: { in: ids } }, select: { id: true, title: true } })).map((a) => [a.id, a]));
  return rows.map((r) => ({ ...r, asset: r.assetId ? (titles.get(r.assetId) ?? null) : null }));
}

/** The shared assets, never beyond the market scope the link's creator had. */
export function sharedAssets(db: Tx, shopId: string, ids: string[], scope: MarketScope, presets: string[] = ["preview", "share.preview"]) {
  return db.asset.findMany({
    where: { shopId, id: { in: ids }, archivedAt: null, ...scopeWhere(scope) },
    include: {
      rights: true,
      liveVersion: { include: { blob: true, renditions: { where: { presetId: { in: presets } }, include: { blob: true } } } },
      latestVersion: { include: { blob: true, renditions: { where: { presetId: { in: presets } }, include: { blob: true } } } },
    },
  });
}
