// The search index columns of Asset (issue #7): what they are built from, and writing them. searchVector
// is a tsvector Prisma cannot type, so it is written with raw SQL (the same statement on PGlite and
// PostgreSQL).
import type { Tx } from "../db/database";
import { Prisma as P } from "../../.generated/prisma/client";

/** What an asset's search text is made of: its fields, accepted tags and the latest version's file and OCR text. */
export function findSearchSource(db: Tx, shopId: string, assetId: string) {
  return db.asset.findFirst({
    where: { id: assetId, shopId },
    select: {
      id: true,
      title: true,
      description: true,
      campaign: true,
      // Suggested and rejected auto tags are not the asset's tags: they are not searchable.
      tags: { where: { state: "accepted" }, select: { tag: { select: { name: true, label: true, labelZh: true } } }, orderBy: { createdAt: "asc" } },
      latestVersion: { select: { originalFilename: true, ocrText: true } },
    },
  });
}

/**
 * Stores the text and its tsvector (SQL search_vector, search_words migration): the title's tokens weighted
 * A, the rest B, and every character and bigram of its Chinese text.
 */
export function writeSearchIndex(db: Tx, shopId: string, assetId: string, index: { searchText: string; titleText: string; restText: string }) {
  return db.$executeRaw`
    UPDATE "Asset"
       SET "searchText" = ${index.searchText},
           "searchVector" = search_vector(${index.titleText}, ${index.restText}, ${index.searchText})
     WHERE "id" = ${assetId}::uuid AND "shopId" = ${shopId}::uuid`;
}

/**
 * A page of assets (any shop) whose index was never written (rows from before the search migration), or
 * of every asset when `all`: the backfill's batch, in (shopId, id) order after `after`.
 */
export function listAssetsToIndex(db: Tx, opts: { all: boolean; after: { shopId: string; id: string } | null; limit: number }) {
  const missing = opts.all ? P.sql`TRUE` : P.sql`"searchVector" IS NULL`;
  const after = opts.after ? P.sql`("shopId", "id") > (${opts.after.shopId}::uuid, ${opts.after.id}::uuid)` : P.sql`TRUE`;
  return db.$queryRaw<Array<{ shopId: string; id: string }>>`
    SELECT "shopId"::text AS "shopId", "id"::text AS "id" FROM "Asset"
     WHERE ${missing} AND ${after}
     ORDER BY "shopId", "id" LIMIT ${opts.limit}`;
}

/**
 * Folds the FacetCountDelta rows the Asset trigger appended into FacetCount (every shop, one statement):
 * run on the minute tick so that browsing sums a minute of changes at most.
 */
export async function compactFacetCounts(db: Tx): Promise<void> {
  await db.$executeRaw`SELECT "facet_counts_compact"()`;
}
