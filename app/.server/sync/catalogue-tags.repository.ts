// Rows behind catalogue tags (issue #7): what the listings an asset is placed on say about it, and the
// asset's tag rows of source "catalogue". Every query takes a whole batch of assets (an import of 1,000
// products touches each asset with a handful of statements in all, not per asset).
import type { Tx } from "../db/database";

/** The placements of these assets on listings that still exist, with the listing's catalogue fields and channel. */
export function listCatalogueSources(db: Tx, shopId: string, assetIds: string[]) {
  return db.placement.findMany({
    where: { shopId, assetId: { in: assetIds }, listing: { deletedAt: null } },
    select: {
      assetId: true,
      listing: { select: { productType: true, vendor: true, productTags: true, collections: true, account: { select: { channel: true } } } },
    },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
}

/** The assets placed on any of these listings. */
export async function assetIdsPlacedOn(db: Tx, shopId: string, listingIds: string[]): Promise<string[]> {
  if (!listingIds.length) return [];
  const rows = await db.placement.findMany({ where: { shopId, listingId: { in: listingIds } }, select: { assetId: true }, distinct: ["assetId"] });
  return rows.map((r) => r.assetId);
}

/** Tags by normalised name, created where missing (two statements, however many names). */
export async function ensureTags(db: Tx, shopId: string, tags: Array<{ name: string; label: string }>): Promise<Map<string, string>> {
  if (!tags.length) return new Map();
  await db.tag.createMany({ data: tags.map((t) => ({ shopId, name: t.name, label: t.label })), skipDuplicates: true });
  const rows = await db.tag.findMany({ where: { shopId, name: { in: tags.map((t) => t.name) } }, select: { id: true, name: true } });
  return new Map(rows.map((r) => [r.name, r.id]));
}

/** The assets' tag rows that matter to catalogue tags: every catalogue row, and any row of the tags wanted. */
export function listCatalogueTagRows(db: Tx, shopId: string, assetIds: string[], tagIds: string[]) {
  return db.assetTag.findMany({
    where: { shopId, assetId: { in: assetIds }, OR: [{ source: "catalogue" }, ...(tagIds.length ? [{ tagId: { in: tagIds } }] : [])] },
    select: { assetId: true, tagId: true, source: true, state: true },
  });
}

export function createCatalogueTagRows(db: Tx, shopId: string, rows: Array<{ assetId: string; tagId: string; analyser: string }>) {
  return db.assetTag.createMany({
    data: rows.map((r) => ({ shopId, assetId: r.assetId, tagId: r.tagId, source: "catalogue", facet: "catalogue", analyser: r.analyser, confidence: 1, state: "accepted" })),
    skipDuplicates: true,
  });
}

/** Removes catalogue rows no listing gives any more; rejected ones stay (so the tag never comes back). */
export function deleteCatalogueTagRows(db: Tx, shopId: string, rows: Array<{ assetId: string; tagId: string }>) {
  return db.assetTag.deleteMany({ where: { shopId, source: "catalogue", state: { not: "rejected" }, OR: rows.map((r) => ({ assetId: r.assetId, tagId: r.tagId })) } });
}
