import type { Tx } from "../db/database";
import { scopeWhere, type MarketScope } from "../library/assets.repository";
import type { Prisma as P } from "../../.generated/prisma/client";

export function listChainRows(db: Tx, shopId: string) {
  return db.approvalChain.findMany({ where: { shopId }, orderBy: { createdAt: "asc" } });
}

export function findChainRow(db: Tx, shopId: string, id: string) {
  return db.approvalChain.findFirst({ where: { shopId, id } });
}

export function createChainRow(db: Tx, shopId: string, data: { name: string; assetKind: string | null; collectionId: string | null; steps: P.InputJsonValue }) {
  return db.approvalChain.create({ data: { shopId, ...data } });
}

export function deleteChainRow(db: Tx, shopId: string, id: string) {
  return db.approvalChain.deleteMany({ where: { shopId, id } });
}

export async function collectionIdsOf(db: Tx, shopId: string, assetId: string): Promise<string[]> {
  const rows = await db.collectionAsset.findMany({ where: { assetId, collection: { shopId } }, select: { collectionId: true } });
  return rows.map((r) => r.collectionId);
}

export function recordApproval(
  db: Tx,
  shopId: string,
  data: { versionId: string; chainId: string | null; step: number; stepName: string; decision: string; comment: string | null; actorId: string; actorName: string },
) {
  return db.approval.create({ data: { shopId, ...data } });
}

export function listApprovals(db: Tx, shopId: string, versionIds: string[]) {
  return db.approval.findMany({ where: { shopId, versionId: { in: versionIds } }, orderBy: { createdAt: "asc" } });
}

/** Versions waiting for review, newest first, within the caller's market scope (null = all). */
export function listVersionsInReview(db: Tx, shopId: string, scope: MarketScope, limit = 200) {
  return db.assetVersion.findMany({
    where: {
      shopId,
      state: "in_review",
      asset: { archivedAt: null, ...scopeWhere(scope) },
    },
    orderBy: { createdAt: "desc" },
    take: limit,
    include: { asset: { select: { id: true, title: true, kind: true, markets: true } }, renditions: { where: { presetId: "thumb" }, include: { blob: true } } },
  });
}
