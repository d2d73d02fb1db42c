import type { Tx } from "../db/database";

export interface SyncSettingsData {
  defaultFallbackAssetId: string | null;
  webhookUrl: string | null;
  emailTo: string[];
  notifyKinds: string[];
}

export function findSyncSettings(db: Tx, shopId: string) {
  return db.syncSettings.findUnique({ where: { shopId } });
}

export function upsertSyncSettings(db: Tx, shopId: string, data: SyncSettingsData) {
  return db.syncSettings.upsert({ where: { shopId }, create: { shopId, ...data }, update: data });
}

/** Images that may stand in for an asset on listings (the settings' default fallback picker), by title. */
export function listFallbackCandidates(db: Tx, shopId: string, limit: number) {
  return db.asset.findMany({
    where: { shopId, kind: "image", archivedAt: null },
    orderBy: [{ title: "asc" }, { id: "asc" }],
    take: limit,
    select: { id: true, title: true },
  });
}
