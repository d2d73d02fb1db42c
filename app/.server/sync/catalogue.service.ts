// Catalogue import (issue #4): every listing of a channel account with its current images, page by page,
// so merchants can browse and pick listings. Channel calls happen outside transactions (DESIGN §3); each
// page is written in one. Listings the import no longer sees are marked deleted, not dropped (the usage
// map keeps its history).
import type { Catalogue, ListingSummary } from "../../../connectors/channel";
import type { Prisma } from "../db/database";
import { AppError, notFound } from "../errors";
import { writeAudit } from "../governance/audit.repository";
import type { JobQueue } from "../jobs/queue";
import type { Actor } from "../library/types";
import { authorize } from "../governance/authorize";
import type { Principal } from "../governance/policy";
import { decodeCursor, keysetPage, pageLimit } from "../library/cursor";
import { findAccountRow } from "./channel-accounts.repository";
import { countListingsOfAccount, findShopifyListings, listListingRows, markUnseenListingsDeleted, setAccountImportResult, upsertListingRows, type ListingFilter } from "./listings.repository";

const toRow = (s: ListingSummary) => ({
  externalId: s.ref.externalId,
  marketplaceId: s.ref.marketplaceId ?? "",
  title: s.title.slice(0, 500),
  skus: s.skus,
  status: s.status,
  productType: s.ref.productType ?? null,
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
      await prisma.$transaction((tx) => upsertListingRows(tx, shopId, accountId, page.items.map(toRow), now()));
      seen += page.items.length;
      cursor = page.nextCursor;
    } while (cursor);
  } catch (e) {
    await setAccountImportResult(prisma, shopId, accountId, { at: now(), error: e instanceof Error ? e.message.slice(0, 500) : "The import failed." });
    throw e;
  }
  const deleted = await prisma.$transaction(async (tx) => {
    const n = await markUnseenListingsDeleted(tx, shopId, accountId, started);
    await setAccountImportResult(tx, shopId, accountId, { at: now(), error: null });
    return n;
  });
  return { listings: seen, deleted };
}

export async function browseListings(prisma: Prisma, shopId: string, caller: Principal, filter: ListingFilter, page: { cursor?: string | null; limit?: number }) {
  authorize(caller, "asset.view");
  const limit = pageLimit(page.limit, 50);
  const rows = await listListingRows(prisma, shopId, filter, decodeCursor(page.cursor), limit);
  return keysetPage(rows, limit);
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
