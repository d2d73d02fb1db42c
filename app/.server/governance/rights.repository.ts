import type { Tx } from "../db/database";
import { scopeWhere, type MarketScope } from "../library/assets.repository";

export interface RightsData {
  licensor: string | null;
  licenceStart: Date | null;
  licenceEnd: Date | null;
  territories: string[];
  channels: string[];
  containsPeople: boolean;
  modelReleaseRef: string | null;
  fallbackAssetId: string | null;
  status: string;
}

export function findRights(db: Tx, shopId: string, assetId: string) {
  return db.rights.findFirst({ where: { shopId, assetId } });
}

export function upsertRights(db: Tx, shopId: string, assetId: string, data: RightsData, statusChanged: boolean) {
  const changed = statusChanged ? { statusChangedAt: new Date() } : {};
  return db.rights.upsert({
    where: { assetId },
    create: { shopId, assetId, ...data },
    update: { ...data, ...changed },
  });
}

/**
 * The rights.scan job's batch: rows whose status can still change with time (a licence window is set
 * and it has not expired yet). Deliberately across shops — it is the one system job that sweeps them;
 * every write that follows is keyed by (shopId, assetId).
 */
export function rightsWithOpenWindow(db: Tx, after: string | null, limit: number) {
  return db.rights.findMany({
    where: {
      status: { not: "expired" },
      OR: [{ licenceEnd: { not: null } }, { licenceStart: { not: null } }],
      shop: { uninstalledAt: null },
      ...(after ? { assetId: { gt: after } } : {}),
    },
    orderBy: { assetId: "asc" },
    take: limit,
    include: { asset: { select: { title: true } } },
  });
}

export function setRightsStatus(db: Tx, shopId: string, assetId: string, status: string, extra: { expiryNotifiedAt?: Date } = {}) {
  return db.rights.updateMany({ where: { shopId, assetId }, data: { status, statusChangedAt: new Date(), ...extra } });
}

export function markExpiryNotified(db: Tx, shopId: string, assetId: string) {
  return db.rights.updateMany({ where: { shopId, assetId }, data: { expiryNotifiedAt: new Date() } });
}

/** Assets whose licence needs attention (expiring or expired), within the caller's market scope. */
export function listRightsNeedingAttention(db: Tx, shopId: string, scope: MarketScope, limit = 100) {
  return db.rights.findMany({
    where: {
      shopId,
      status: { in: ["expiring", "expired", "restricted"] },
      asset: { archivedAt: null, ...scopeWhere(scope) },
    },
    orderBy: [{ licenceEnd: "asc" }],
    take: limit,
    include: { asset: { select: { id: true, title: true } } },
  });
}
