import type { Tx } from "../db/database";
import { Prisma } from "../../.generated/prisma/client";
import type { AssetKind, VersionState } from "./types";
import { likeLiteral } from "../db/like";

export const assetListInclude = {
  latestVersion: { include: { blob: true, renditions: { where: { presetId: { in: ["thumb", "preview"] } }, include: { blob: true } } } },
  // Rejected auto tags are kept (so re-runs never add them again) but are no tags of the asset.
  tags: { where: { state: { not: "rejected" } }, include: { tag: true }, orderBy: { createdAt: "asc" } },
  rights: true,
} satisfies Prisma.AssetInclude;

export function createAsset(
  db: Tx,
  shopId: string,
  data: { title: string; kind: AssetKind; description?: string; markets?: string[]; languages?: string[]; campaign?: string | null; createdBy: string },
) {
  return db.asset.create({ data: { ...data, shopId } });
}

export function findAsset(db: Tx, shopId: string, assetId: string) {
  return db.asset.findFirst({ where: { id: assetId, shopId }, include: assetListInclude });
}

/** Atomically takes the next version number (row lock inside the transaction). */
export async function takeNextVersionNumber(db: Tx, shopId: string, assetId: string): Promise<number> {
  const res = await db.asset.updateManyAndReturn({
    where: { id: assetId, shopId },
    data: { versionCount: { increment: 1 } },
    select: { versionCount: true },
  });
  if (!res[0]) throw new Error(`asset ${assetId} vanished`);
  return res[0].versionCount;
}

export function setAssetPointers(
  db: Tx,
  shopId: string,
  assetId: string,
  data: { latestVersionId?: string; liveVersionId?: string | null },
) {
  return db.asset.updateMany({ where: { id: assetId, shopId }, data });
}

export function updateAssetFields(
  db: Tx,
  shopId: string,
  assetId: string,
  data: { title?: string; description?: string; markets?: string[]; languages?: string[]; campaign?: string | null; archivedAt?: Date | null },
) {
  return db.asset.updateMany({ where: { id: assetId, shopId }, data });
}

export interface AssetListFilter {
  kind?: AssetKind;
  state?: VersionState;
  tag?: string;
  q?: string;
  archived?: boolean;
  ids?: string[];
  sha256?: string[];
  collectionId?: string;
}

/** Markets the caller is limited to (null = all): global assets (no markets) are always in scope. */
export type MarketScope = string[] | null;
export const scopeWhere = (scope: MarketScope): Prisma.AssetWhereInput =>
  scope ? { OR: [{ markets: { isEmpty: true } }, { markets: { hasSome: scope } }] } : {};
/** scopeWhere in SQL, over the Asset row aliased `alias` (raw queries: search). Keep the two in step. */
export const scopeSql = (scope: MarketScope, alias: "a" | "x" | "y"): Prisma.Sql =>
  scope ? Prisma.sql`(cardinality(${Prisma.raw(alias)}."markets") = 0 OR ${Prisma.raw(alias)}."markets" && ${scope}::text[])` : Prisma.sql`TRUE`;

/** Assets by id with what a list shows (search results), in no particular order. */
export function listAssetsByIds(db: Tx, shopId: string, ids: string[]) {
  return db.asset.findMany({ where: { shopId, id: { in: ids } }, include: assetListInclude });
}

export interface Keyset {
  createdAt: Date;
  id: string;
}

export function listAssets(db: Tx, shopId: string, scope: MarketScope, f: AssetListFilter, after: Keyset | null, limit: number) {
  const where: Prisma.AssetWhereInput = {
    shopId,
    AND: [scopeWhere(scope)],
    ...(f.sha256 ? {} : { archivedAt: f.archived ? { not: null } : null }),
    ...(f.kind ? { kind: f.kind } : {}),
    ...(f.state ? { latestVersion: { state: f.state } } : {}),
    ...(f.tag ? { tags: { some: { state: "accepted", tag: { name: f.tag.trim().toLowerCase() } } } } : {}),
    ...(f.q ? { title: { contains: likeLiteral(f.q), mode: "insensitive" as const } } : {}),
    ...(f.ids ? { id: { in: f.ids } } : {}),
    ...(f.collectionId ? { collections: { some: { collectionId: f.collectionId } } } : {}),
    ...(f.sha256 ? { versions: { some: { blob: { sha256: { in: f.sha256 } } } } } : {}),
  };
  if (after) {
    where.OR = [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }];
  }
  return db.asset.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    include: assetListInclude,
  });
}

export function countAssets(db: Tx, shopId: string, scope: MarketScope) {
  return db.asset.count({ where: { shopId, archivedAt: null, ...scopeWhere(scope) } });
}

export function archiveMany(db: Tx, shopId: string, ids: string[], archivedAt: Date | null) {
  return db.asset.updateMany({ where: { shopId, id: { in: ids } }, data: { archivedAt } });
}

export function findOwnedAssetIds(db: Tx, shopId: string, scope: MarketScope, ids: string[]) {
  return db.asset.findMany({ where: { shopId, id: { in: ids }, ...scopeWhere(scope) }, select: { id: true, title: true, mergedIntoId: true } });
}
