// Catalogue tags (issue #7): an asset placed on a listing is tagged with what the channel's catalogue says
// about that product — product type, vendor, each collection, each product tag (Shopify; Amazon and TikTok
// listings give their product type where the connector has one). Source "catalogue", confidence 1,
// accepted; AssetTag.analyser says which field of which channel ("shopify.vendor").
//
// Recomputed, in the transaction of the change, whenever what feeds them changes: a placement created,
// removed or moved, a listing's catalogue fields changed by an import or a products/update webhook, a
// listing gone from the channel. A tag no listing gives any more is removed — unless the merchant rejected
// it: that row stays, so the tag is never added again. A tag the asset already has from another source
// (typed by the merchant, from the file, an analyser's) keeps that row.
import type { Prisma, Tx } from "../db/database";
import { normaliseTag } from "../library/tags.repository";
import { reindexAsset } from "../library/search-index.service";
import {
  assetIdsPlacedOn,
  createCatalogueTagRows,
  deleteCatalogueTagRows,
  ensureTags,
  listCatalogueSources,
  listCatalogueTagRows,
} from "./catalogue-tags.repository";

/** The catalogue fields a tag can come from, in the order a value's origin is named. */
export type CatalogueField = "product_type" | "vendor" | "collection" | "product_tag";

export interface CatalogueSource {
  channel: string;
  productType: string | null;
  vendor: string | null;
  productTags: string[];
  collections: string[];
}

export interface CatalogueTag {
  name: string;
  label: string;
  /** "<channel>.<field>" of the first listing and field that gave it. */
  analyser: string;
}

const MAX_LABEL = 80;

/** The tags a set of listings gives an asset, deduplicated by normalised name (pure). */
export function catalogueTagsOf(sources: readonly CatalogueSource[]): CatalogueTag[] {
  const out = new Map<string, CatalogueTag>();
  for (const s of sources) {
    const fields: Array<[CatalogueField, readonly (string | null)[]]> = [
      ["product_type", [s.productType]],
      ["vendor", [s.vendor]],
      ["collection", s.collections],
      ["product_tag", s.productTags],
    ];
    for (const [field, values] of fields)
      for (const v of values) {
        const label = (v ?? "").trim().replace(/\s+/g, " ").slice(0, MAX_LABEL);
        const name = normaliseTag(label);
        if (name && !out.has(name)) out.set(name, { name, label, analyser: `${s.channel}.${field}` });
      }
  }
  return [...out.values()];
}

const CHUNK = 500;

/**
 * Makes the catalogue tags of these assets what their placements give, and reindexes the assets whose
 * tags changed. A fixed number of statements per 500 assets, plus one reindex per asset that changed.
 * Answers the ids of the assets whose tags changed.
 */
export async function refreshCatalogueTags(tx: Tx, shopId: string, assetIds: readonly string[]): Promise<string[]> {
  const touched: string[] = [];
  const ids = [...new Set(assetIds)];
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    const sources = new Map<string, CatalogueSource[]>();
    for (const p of await listCatalogueSources(tx, shopId, chunk)) {
      const l = p.listing;
      sources.set(p.assetId, [...(sources.get(p.assetId) ?? []), { channel: l.account.channel, productType: l.productType, vendor: l.vendor, productTags: l.productTags, collections: l.collections }]);
    }
    const wanted = new Map(chunk.map((a) => [a, catalogueTagsOf(sources.get(a) ?? [])]));
    const allTags = new Map<string, { name: string; label: string }>();
    for (const list of wanted.values()) for (const t of list) if (!allTags.has(t.name)) allTags.set(t.name, t);
    const tagIds = await ensureTags(tx, shopId, [...allTags.values()]);

    const rows = await listCatalogueTagRows(tx, shopId, chunk, [...tagIds.values()]);
    const existing = new Map(rows.map((r) => [`${r.assetId}:${r.tagId}`, r]));
    const create: Array<{ assetId: string; tagId: string; analyser: string }> = [];
    const keep = new Set<string>();
    for (const [assetId, list] of wanted)
      for (const t of list) {
        const tagId = tagIds.get(t.name);
        if (!tagId) continue;
        keep.add(`${assetId}:${tagId}`);
        if (!existing.has(`${assetId}:${tagId}`)) create.push({ assetId, tagId, analyser: t.analyser });
      }
    const remove = rows.filter((r) => r.source === "catalogue" && r.state !== "rejected" && !keep.has(`${r.assetId}:${r.tagId}`));
    if (create.length) await createCatalogueTagRows(tx, shopId, create);
    if (remove.length) await deleteCatalogueTagRows(tx, shopId, remove);
    const changed = new Set([...create.map((c) => c.assetId), ...remove.map((r) => r.assetId)]);
    for (const assetId of changed) await reindexAsset(tx, shopId, assetId);
    touched.push(...changed);
  }
  return touched;
}

/** After listings' catalogue fields changed (import, webhook) or they went away: their assets' tags. */
export async function refreshCatalogueTagsOfListings(tx: Tx, shopId: string, listingIds: readonly string[]): Promise<string[]> {
  if (!listingIds.length) return [];
  return refreshCatalogueTags(tx, shopId, await assetIdsPlacedOn(tx, shopId, [...new Set(listingIds)]));
}

/** A listing found gone from the channel (a publish read it back as deleted): its products' tags go. */
export function forgetListingCatalogue(prisma: Prisma, shopId: string, listingId: string): Promise<string[]> {
  return prisma.$transaction((tx) => refreshCatalogueTagsOfListings(tx, shopId, [listingId]));
}
