import type { Tx } from "../db/database";
import { scopeWhere, type MarketScope } from "./assets.repository";

export const normaliseTag = (label: string) => label.trim().replace(/\s+/g, " ").toLowerCase();

export async function upsertTags(db: Tx, shopId: string, labels: string[]) {
  const byName = new Map<string, string>();
  for (const l of labels) {
    const label = l.trim().replace(/\s+/g, " ").slice(0, 80);
    if (label) byName.set(normaliseTag(label), label);
  }
  const tags = [];
  for (const [name, label] of byName) {
    tags.push(await db.tag.upsert({ where: { shopId_name: { shopId, name } }, create: { shopId, name, label }, update: {} }));
  }
  return tags;
}

/** Makes the asset's tags of `source` exactly `labels`; other sources are left alone. */
export async function replaceAssetTags(db: Tx, shopId: string, assetId: string, labels: string[], source: string) {
  const tags = await upsertTags(db, shopId, labels);
  const keep = tags.map((t) => t.id);
  await db.assetTag.deleteMany({ where: { shopId, assetId, source, tagId: { notIn: keep } } });
  for (const t of tags) {
    await db.assetTag.upsert({
      where: { assetId_tagId: { assetId, tagId: t.id } },
      create: { shopId, assetId, tagId: t.id, source },
      update: source === "user" ? { source } : {},
    });
  }
  return tags;
}

export async function addTagsToAssets(db: Tx, shopId: string, assetIds: string[], labels: string[], source: string) {
  const tags = await upsertTags(db, shopId, labels);
  await db.assetTag.createMany({
    data: assetIds.flatMap((assetId) => tags.map((t) => ({ shopId, assetId, tagId: t.id, source }))),
    skipDuplicates: true,
  });
  return tags;
}

/** Tags in use, with counts over active assets within the caller's market scope (counts never reveal others). */
export function listTagsWithCounts(db: Tx, shopId: string, scope: MarketScope, limit = 200) {
  const visible = { asset: { archivedAt: null, ...scopeWhere(scope) } };
  return db.tag.findMany({
    where: { shopId, assets: { some: visible } },
    orderBy: { name: "asc" },
    take: limit,
    select: { name: true, label: true, _count: { select: { assets: { where: visible } } } },
  });
}
