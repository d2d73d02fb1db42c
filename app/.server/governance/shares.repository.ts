import type { Tx } from "../db/database";

export function createShareRow(
  db: Tx,
  shopId: string,
  data: { tokenHash: string; name: string; assetIds: string[]; passwordHash: string | null; expiresAt: Date | null; previewOnly: boolean; createdBy: string },
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
    include: { _count: { select: { access: true } } },
  });
}

export function revokeShareRow(db: Tx, shopId: string, id: string) {
  return db.shareLink.updateMany({ where: { shopId, id, revokedAt: null }, data: { revokedAt: new Date() } });
}

export function recordShareAccess(db: Tx, shopId: string, data: { shareId: string; action: string; assetId: string | null; ipHash: string }) {
  return db.shareAccess.create({ data: { shopId, ...data } });
}

export function listShareAccess(db: Tx, shopId: string, shareId: string, limit = 200) {
  return db.shareAccess.findMany({ where: { shopId, shareId }, orderBy: { at: "desc" }, take: limit });
}

export function sharedAssets(db: Tx, shopId: string, ids: string[]) {
  return db.asset.findMany({
    where: { shopId, id: { in: ids }, archivedAt: null },
    include: {
      rights: true,
      liveVersion: { include: { blob: true, renditions: { where: { presetId: { in: ["preview", "share.preview"] } }, include: { blob: true } } } },
      latestVersion: { include: { blob: true, renditions: { where: { presetId: { in: ["preview", "share.preview"] } }, include: { blob: true } } } },
    },
  });
}
