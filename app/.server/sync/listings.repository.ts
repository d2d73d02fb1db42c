import type { Tx } from "../db/database";
import type { Prisma as P } from "../../.generated/prisma/client";
import { likeLiteral } from "../db/like";

export interface ListingRow {
  externalId: string;
  marketplaceId: string;
  title: string;
  skus: string[];
  status: string | null;
  productType: string | null;
  vendor: string | null;
  productTags: string[];
  collections: string[];
  images: P.InputJsonValue;
}

/** The fields catalogue tags are made of (sync/catalogue-tags.service.ts). */
export interface CatalogueFields {
  productType: string | null;
  vendor: string | null;
  productTags: string[];
  collections: string[];
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
export const sameCatalogue = (a: CatalogueFields, b: CatalogueFields) =>
  a.productType === b.productType && a.vendor === b.vendor && sameList(a.productTags, b.productTags) && sameList(a.collections, b.collections);

/**
 * Writes what the catalogue import read; a listing seen again is no longer deleted. Answers the ids of
 * listings already known whose catalogue fields changed or that came back (their assets' catalogue tags
 * are due): one read for the whole page.
 */
export async function upsertListingRows(db: Tx, shopId: string, accountId: string, rows: ListingRow[], readAt: Date): Promise<string[]> {
  const before = new Map(
    (
      await db.listing.findMany({
        where: { shopId, accountId, externalId: { in: rows.map((r) => r.externalId) } },
        select: { id: true, externalId: true, marketplaceId: true, productType: true, vendor: true, productTags: true, collections: true, deletedAt: true },
      })
    ).map((l) => [`${l.externalId}\u0000${l.marketplaceId}`, l]),
  );
  const changed: string[] = [];
  for (const r of rows) {
    const data = {
      title: r.title, skus: r.skus, status: r.status, productType: r.productType, vendor: r.vendor, productTags: r.productTags, collections: r.collections,
      images: r.images, readAt, catalogueAt: readAt, deletedAt: null,
    };
    const old = before.get(`${r.externalId}\u0000${r.marketplaceId}`);
    if (old && (old.deletedAt || !sameCatalogue(old, r))) changed.push(old.id);
    await db.listing.upsert({
      where: { accountId_externalId_marketplaceId: { accountId, externalId: r.externalId, marketplaceId: r.marketplaceId } },
      create: { shopId, accountId, externalId: r.externalId, marketplaceId: r.marketplaceId, ...data },
      update: data,
    });
  }
  return changed;
}

/** Listings of the account the import did not see again: gone from the channel. Answers their ids. */
export async function markUnseenListingsDeleted(db: Tx, shopId: string, accountId: string, importStartedAt: Date): Promise<string[]> {
  const gone = await db.listing.findMany({ where: { shopId, accountId, readAt: { lt: importStartedAt }, deletedAt: null }, select: { id: true } });
  if (gone.length) await db.listing.updateMany({ where: { shopId, id: { in: gone.map((l) => l.id) } }, data: { deletedAt: new Date() } });
  return gone.map((l) => l.id);
}

/** Shopify listings of the shop for a product GID (a products/update webhook), with when their catalogue fields were read. */
export function findShopifyListingsByProduct(db: Tx, shopId: string, productGid: string) {
  return db.listing.findMany({
    where: { shopId, externalId: productGid, account: { channel: "shopify" } },
    select: { id: true, productType: true, vendor: true, productTags: true, collections: true, catalogueAt: true },
  });
}

export function setListingCatalogue(db: Tx, shopId: string, listingId: string, data: Omit<CatalogueFields, "collections"> & { title?: string; catalogueAt: Date }) {
  return db.listing.updateMany({ where: { shopId, id: listingId }, data });
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

function listingWhere(shopId: string, f: ListingFilter): P.ListingWhereInput {
  return {
    shopId,
    ...(f.includeDeleted ? {} : { deletedAt: null }),
    ...(f.accountId ? { accountId: f.accountId } : {}),
    ...(f.channel ? { account: { channel: f.channel } } : {}),
    ...(f.marketplaceId ? { marketplaceId: f.marketplaceId } : {}),
    ...(f.q ? { OR: [{ title: { contains: likeLiteral(f.q), mode: "insensitive" as const } }, { skus: { has: f.q } }] } : {}),
  };
}

export function listListingRows(db: Tx, shopId: string, f: ListingFilter, after: { createdAt: Date; id: string } | null, limit: number) {
  const where = listingWhere(shopId, f);
  if (after) where.AND = [{ OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] }];
  return db.listing.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    include: { account: { select: { id: true, channel: true, name: true } } },
  });
}

/** How many listings match the filter (the swap's "select all matching"). */
export function countListings(db: Tx, shopId: string, f: ListingFilter) {
  return db.listing.count({ where: listingWhere(shopId, f) });
}

/** The ids of the listings that match, newest first, at most `limit`, with the channels among all of them. */
export async function findListingIdsMatching(db: Tx, shopId: string, f: ListingFilter, limit: number) {
  const where = listingWhere(shopId, f);
  const [rows, accounts] = await Promise.all([
    db.listing.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: limit, select: { id: true } }),
    db.listing.groupBy({ where, by: ["accountId"] }),
  ]);
  const channels = accounts.length
    ? await db.channelAccount.findMany({ where: { shopId, id: { in: accounts.map((a) => a.accountId) } }, select: { channel: true }, distinct: ["channel"] })
    : [];
  return { ids: rows.map((r) => r.id), channels: channels.map((c) => c.channel) };
}

export function countListingsOfAccount(db: Tx, shopId: string, accountId: string) {
  return db.listing.count({ where: { shopId, accountId, deletedAt: null } });
}

/** Our listings of the shop's Shopify store for these product GIDs (App Bridge's product picker). */
export function findShopifyListings(db: Tx, shopId: string, productGids: string[]) {
  return db.listing.findMany({ where: { shopId, externalId: { in: productGids }, deletedAt: null, account: { channel: "shopify" } }, select: { id: true, externalId: true } });
}
