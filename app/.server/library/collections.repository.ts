import type { Tx } from "../db/database";
import { scopeWhere, type MarketScope } from "./assets.repository";

/** Collections with how many active assets of the caller's scope each holds (counts never reveal more). */
export function listCollectionRows(db: Tx, shopId: string, scope: MarketScope) {
  return db.collection.findMany({
    where: { shopId },
    orderBy: { name: "asc" },
    include: {
      _count: { select: { assets: { where: { asset: { archivedAt: null, ...scopeWhere(scope) } } } } },
      approvalChains: { select: { id: true, name: true } },
    },
  });
}

export function findCollectionRow(db: Tx, shopId: string, id: string) {
  return db.collection.findFirst({ where: { shopId, id }, include: { approvalChains: { select: { id: true, name: true } } } });
}

export function findCollectionByName(db: Tx, shopId: string, name: string) {
  return db.collection.findFirst({ where: { shopId, name: { equals: name, mode: "insensitive" } } });
}

export function createCollectionRow(db: Tx, shopId: string, data: { name: string; description: string; createdBy: string }) {
  return db.collection.create({ data: { shopId, ...data } });
}

export function updateCollectionRow(db: Tx, shopId: string, id: string, data: { name?: string; description?: string }) {
  return db.collection.updateMany({ where: { shopId, id }, data });
}

export function deleteCollectionRow(db: Tx, shopId: string, id: string) {
  return db.collection.deleteMany({ where: { shopId, id } });
}

/** Adds the assets (already checked to be the shop's); answers how many were not in it before. */
export async function addCollectionAssets(db: Tx, collectionId: string, assetIds: string[]) {
  const res = await db.collectionAsset.createMany({ data: assetIds.map((assetId) => ({ collectionId, assetId })), skipDuplicates: true });
  return res.count;
}

export async function removeCollectionAssets(db: Tx, shopId: string, collectionId: string, assetIds: string[]) {
  const res = await db.collectionAsset.deleteMany({ where: { collectionId, assetId: { in: assetIds }, collection: { shopId } } });
  return res.count;
}

/** Ids of the collection's active assets within a scope, most recently added first. */
export async function collectionAssetIds(db: Tx, shopId: string, collectionId: string, scope: MarketScope, limit = 5000) {
  const rows = await db.collectionAsset.findMany({
    where: { collectionId, collection: { shopId }, asset: { shopId, archivedAt: null, ...scopeWhere(scope) } },
    orderBy: { addedAt: "desc" },
    select: { assetId: true },
    take: limit,
  });
  return rows.map((r) => r.assetId);
}

/** The collections an asset is in. */
export function collectionsOfAsset(db: Tx, shopId: string, assetId: string) {
  return db.collection.findMany({ where: { shopId, assets: { some: { assetId } } }, orderBy: { name: "asc" }, select: { id: true, name: true } });
}
