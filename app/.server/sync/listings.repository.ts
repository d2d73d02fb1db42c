import type { Tx } from "../db/database";
import type { Prisma as P } from "../../.generated/prisma/client";

export interface ListingRow {
  externalId: string;
  marketplaceId: string;
  title: string;
  skus: string[];
  status: string | null;
  productType: string | null;
  images: P.InputJsonValue;
}

/** Writes what the catalogue import read; a listing seen again is no longer deleted. */
export async function upsertListingRows(db: Tx, shopId: string, accountId: string, rows: ListingRow[], readAt: Date) {
  for (const r of rows) {
    const data = { title: r.title, skus: r.skus, status: r.status, productType: r.productType, images: r.images, readAt, deletedAt: null };
    await db.listing.upsert({
      where: { accountId_externalId_marketplaceId: { accountId, externalId: r.externalId, marketplaceId: r.marketplaceId } },
      create: { shopId, accountId, externalId: r.externalId, marketplaceId: r.marketplaceId, ...data },
      update: data,
    });
  }
}

/** Listings of the account the import did not see again: gone from the channel. */
export async function markUnseenListingsDeleted(db: Tx, shopId: string, accountId: string, importStartedAt: Date) {
  const res = await db.listing.updateMany({ where: { shopId, accountId, readAt: { lt: importStartedAt }, deletedAt: null }, data: { deletedAt: new Date() } });
  return res.count;
}

export function setAccountImportResult(db: Tx, shopId: string, accountId: string, result: { at: Date; error: string | null }) {
  return db.channelAccount.updateMany({
    where: { shopId, id: accountId },
    data: result.error ? { lastImportError: result.error } : { lastImportAt: result.at, lastImportError: null },
  });
}

export interface ListingFilter {
  /** Title or SKU contains. */
  q?: string;
  channel?: string;
  accountId?: string;
  marketplaceId?: string;
  includeDeleted?: boolean;
}

export function listListingRows(db: Tx, shopId: string, f: ListingFilter, after: { createdAt: Date; id: string } | null, limit: number) {
  const where: P.ListingWhereInput = {
    shopId,
    ...(f.includeDeleted ? {} : { deletedAt: null }),
    ...(f.accountId ? { accountId: f.accountId } : {}),
    ...(f.channel ? { account: { channel: f.channel } } : {}),
    ...(f.marketplaceId ? { marketplaceId: f.marketplaceId } : {}),
    ...(f.q ? { OR: [{ title: { contains: f.q, mode: "insensitive" as const } }, { skus: { has: f.q } }] } : {}),
  };
  if (after) where.AND = [{ OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] }];
  return db.listing.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    include: { account: { select: { id: true, channel: true, name: true } } },
  });
}

export function countListingsOfAccount(db: Tx, shopId: string, accountId: string) {
  return db.listing.count({ where: { shopId, accountId, deletedAt: null } });
}

/** Our listings of the shop's Shopify store for these product GIDs (App Bridge's product picker). */
export function findShopifyListings(db: Tx, shopId: string, productGids: string[]) {
  return db.listing.findMany({ where: { shopId, externalId: { in: productGids }, deletedAt: null, account: { channel: "shopify" } }, select: { id: true, externalId: true } });
}
