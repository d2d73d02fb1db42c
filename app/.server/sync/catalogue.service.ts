// Catalogue import (issue #4): every listing of a channel account with its current images, page by page,
// so merchants can browse and pick listings. Channel calls happen outside transactions (DESIGN §3); each
// page is written in one. Listings the import no longer sees are marked deleted, not dropped (the usage
// map keeps its history).
import type { Catalogue, ListingSummary } from "../../../connectors/channel";
import { BULK_TRANSACTION, type Prisma } from "../db/database";
import { AppError, notFound } from "../errors";
import { writeAudit } from "../governance/audit.repository";
import type { JobQueue } from "../jobs/queue";
import type { Actor } from "../library/types";
import { authorize } from "../governance/authorize";
import type { Principal } from "../governance/policy";
import { decodeCursor, keysetPage, pageLimit } from "../library/cursor";
import { findAccountRow } from "./channel-accounts.repository";
import { refreshCatalogueTagsOfListings } from "./catalogue-tags.service";
import {
  countListings,
  countListingsOfAccount,
  findListingIdsMatching,
  findShopifyListings,
  findShopifyListingsByProduct,
  listListingRows,
  markUnseenListingsDeleted,
  sameCatalogue,
  setAccountImportResult,
  setListingCatalogue,
  upsertListingRows,
  type ListingFilter,
  type ListingRow,
} from "./listings.repository";

const toRow = (s: ListingSummary): ListingRow => ({
  externalId: s.ref.externalId,
  marketplaceId: s.ref.marketplaceId ?? "",
  title: s.title.slice(0, 500),
  skus: s.skus,
  status: s.status,
  // Shopify's product type comes with the catalogue; Amazon's is on the listing's ref.
  productType: s.catalogue?.productType ?? s.ref.productType ?? null,
  vendor: s.catalogue?.vendor ?? null,
  productTags: s.catalogue?.tags ?? [],
  collections: s.catalogue?.collections ?? [],
  images: s.images.map((i) => ({ externalRef: i.externalRef, url: i.url, width: i.width, height: i.height })),
});

export async function importCatalogue(
  prisma: Prisma,
  shopId: string,
  accountId: string,
  catalogue: Catalogue,
  opts: { pageSize?: number; now?: () => Date } = {},
): Promise<{ listings: number; deleted: number }> {
  const now = opts.now ?? (() => new Date());
  const account = await findAccountRow(prisma, shopId, accountId);
  if (!account) throw notFound("That channel account");
  const started = now();
  let cursor: string | null = null;
  let seen = 0;
  try {
    do {
      const page = await catalogue.listListings(accountId, { cursor, limit: opts.pageSize ?? 100 });
      await prisma.$transaction(async (tx) => {
        const changed = await upsertListingRows(tx, shopId, accountId, page.items.map(toRow), now());
        // Assets placed on a product whose type, vendor, tags or collections changed: their catalogue tags.
        await refreshCatalogueTagsOfListings(tx, shopId, changed);
      }, BULK_TRANSACTION);
      seen += page.items.length;
      cursor = page.nextCursor;
    } while (cursor);
  } catch (e) {
    await setAccountImportResult(prisma, shopId, accountId, { at: now(), error: e instanceof Error ? e.message.slice(0, 500) : "The import failed." });
    throw e;
  }
  const deleted = await prisma.$transaction(async (tx) => {
    const gone = await markUnseenListingsDeleted(tx, shopId, accountId, started);
    await refreshCatalogueTagsOfListings(tx, shopId, gone); // a product gone from the channel tags nothing
    await setAccountImportResult(tx, shopId, accountId, { at: now(), error: null });
    return gone.length;
  }, BULK_TRANSACTION);
  return { listings: seen, deleted };
}

export async function browseListings(prisma: Prisma, shopId: string, caller: Principal, filter: ListingFilter, page: { cursor?: string | null; limit?: number }) {
  authorize(caller, "asset.view");
  const limit = pageLimit(page.limit, 50);
  const rows = await listListingRows(prisma, shopId, filter, decodeCursor(page.cursor), limit);
  return keysetPage(rows, limit);
}

/** Most listings one "select all matching" reaches (placeAsset's limit for one swap). */
export const MATCH_MAX = 5000;

/**
 * Every listing that matches a browse filter, for "select all matching": how many there are, the ids of
 * the first MATCH_MAX (newest first) and the channels among them (the slots offered are those every one has).
 */
export async function listingsMatching(prisma: Prisma, shopId: string, caller: Principal, filter: Pick<ListingFilter, "q" | "channel">) {
  authorize(caller, "asset.view");
  const f = { q: filter.q, channel: filter.channel };
  const total = await countListings(prisma, shopId, f);
  const { ids, channels } = total ? await findListingIdsMatching(prisma, shopId, f, MATCH_MAX) : { ids: [], channels: [] };
  return { total, ids, channels };
}

/** How many listings match a browse filter. */
export async function countMatchingListings(prisma: Prisma, shopId: string, caller: Principal, filter: Pick<ListingFilter, "q" | "channel">) {
  authorize(caller, "asset.view");
  return countListings(prisma, shopId, { q: filter.q, channel: filter.channel });
}

/** Products chosen in Shopify's own picker → our listing ids; the GIDs not imported yet are named. */
export async function listingsForShopifyProducts(prisma: Prisma, shopId: string, caller: Principal, productGids: string[]) {
  authorize(caller, "asset.view");
  const rows = await findShopifyListings(prisma, shopId, productGids);
  const found = new Set(rows.map((r) => r.externalId));
  return { listingIds: rows.map((r) => r.id), missing: productGids.filter((g) => !found.has(g)) };
}

export const listingCount = (prisma: Prisma, shopId: string, accountId: string) => countListingsOfAccount(prisma, shopId, accountId);

/** "Import now": queues the account's catalogue import (deduplicated per account by the queue). */
export async function requestImport(deps: { prisma: Prisma; queue: JobQueue }, shopId: string, actor: Actor, accountId: string) {
  authorize(actor, "asset.edit");
  const account = await findAccountRow(deps.prisma, shopId, accountId);
  if (!account) throw notFound("That channel account");
  if (account.status === "disconnected") throw new AppError("invalid_state", "This account is disconnected; connect it again first.");
  await deps.queue.send("catalogue.import", { shopId, accountId });
  await writeAudit(deps.prisma, shopId, actor, { action: "channel.import_requested", subjectType: "channel_account", subjectId: accountId, data: { channel: account.channel } });
}

/**
 * The catalogue fields of a Shopify products/update webhook body (REST-shaped: product_type, vendor, tags
 * as one comma-separated string). Collections are not in it: they stay as the last import read them.
 * Null when the body carries none of these fields.
 */
export function catalogueOfWebhook(payload: unknown): { title?: string; productType: string | null; vendor: string | null; productTags: string[] } | null {
  const p = (typeof payload === "object" && payload !== null ? payload : {}) as Record<string, unknown>;
  if (!("product_type" in p) && !("vendor" in p) && !("tags" in p)) return null;
  const text = (v: unknown) => (typeof v === "string" && v.trim() ? v.trim() : null);
  const tags = typeof p.tags === "string" ? p.tags.split(",") : Array.isArray(p.tags) ? p.tags.filter((t): t is string => typeof t === "string") : [];
  return {
    ...(typeof p.title === "string" && p.title.trim() ? { title: p.title.trim().slice(0, 500) } : {}),
    productType: text(p.product_type),
    vendor: text(p.vendor),
    productTags: tags.map((t) => t.trim()).filter(Boolean),
  };
}

/**
 * products/update: a product's type, vendor or tags changed in Shopify. The listing takes them (unless
 * the import already read something newer: webhooks may arrive late or out of order) and the assets
 * placed on it get their catalogue tags again, in one transaction. Answers how many listings changed.
 */
export async function onProductCatalogueChanged(prisma: Prisma, shopId: string, change: { productGid: string; changedAt: Date | null; payload: unknown }): Promise<number> {
  const fields = catalogueOfWebhook(change.payload);
  if (!fields) return 0;
  const at = change.changedAt ?? new Date();
  return prisma.$transaction(async (tx) => {
    const changed: string[] = [];
    for (const l of await findShopifyListingsByProduct(tx, shopId, change.productGid)) {
      if (l.catalogueAt && l.catalogueAt.getTime() > at.getTime()) continue; // we read a newer state already
      await setListingCatalogue(tx, shopId, l.id, { ...fields, catalogueAt: at });
      if (!sameCatalogue(l, { ...fields, collections: l.collections })) changed.push(l.id);
    }
    await refreshCatalogueTagsOfListings(tx, shopId, changed);
    return changed.length;
  });
}
