import type { Tx } from "../db/database";
import { scopeWhere, type MarketScope } from "./assets.repository";

export const normaliseTag = (label: string) => label.trim().replace(/\s+/g, " ").toLowerCase();

const USER_OWNS = { source: "user", state: "accepted", analyser: null, decidedBy: null, decidedAt: null } as const;

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
      // A tag the merchant types is theirs, whatever suggested it before (even a rejected suggestion).
      update: source === "user" ? USER_OWNS : {},
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
  // Auto tags (suggested or rejected) the merchant now adds by hand become theirs.
  if (source === "user" && assetIds.length && tags.length)
    await db.assetTag.updateMany({ where: { shopId, assetId: { in: assetIds }, tagId: { in: tags.map((t) => t.id) }, source: "auto" }, data: USER_OWNS });
  return tags;
}

/** Tags in use, with counts over active assets within the caller's market scope (counts never reveal others). */
export function listTagsWithCounts(db: Tx, shopId: string, scope: MarketScope, limit = 200) {
  const visible = { state: "accepted", asset: { archivedAt: null, ...scopeWhere(scope) } };
  return db.tag.findMany({
    where: { shopId, assets: { some: visible } },
    orderBy: { name: "asc" },
    take: limit,
    select: { name: true, label: true, _count: { select: { assets: { where: visible } } } },
  });
}

export interface AutoTagInput {
  /** Canonical English value (the tag's label; its normalised form is the name). */
  value: string;
  valueZh?: string;
  facet: string;
  confidence: number;
  state: "accepted" | "suggested";
}

/** Tags by normalised name, with the Chinese label filled in where the analysers' lexicon has one. */
async function upsertLexiconTags(db: Tx, shopId: string, items: Array<{ value: string; valueZh?: string }>) {
  const byName = new Map<string, { label: string; labelZh?: string }>();
  for (const i of items) {
    const label = i.value.trim().replace(/\s+/g, " ").slice(0, 80);
    if (label) byName.set(normaliseTag(label), { label, labelZh: i.valueZh?.trim().slice(0, 80) || undefined });
  }
  const out = new Map<string, { id: string }>();
  for (const [name, { label, labelZh }] of byName) {
    const tag = await db.tag.upsert({
      where: { shopId_name: { shopId, name } },
      create: { shopId, name, label, labelZh: labelZh ?? null },
      update: labelZh ? { labelZh } : {},
      select: { id: true },
    });
    out.set(name, tag);
  }
  return out;
}

/**
 * Makes the asset's undecided auto tags of `analyser` exactly `suggestions`. Never touches user or
 * metadata tags, tags a person accepted or rejected (a rejected row stays, so the tag is never added
 * again), nor a tag another analyser already placed.
 */
export async function replaceAutoTags(db: Tx, shopId: string, assetId: string, analyser: string, suggestions: AutoTagInput[]) {
  const tags = await upsertLexiconTags(db, shopId, suggestions);
  const ids = [...tags.values()].map((t) => t.id);
  await db.assetTag.deleteMany({ where: { shopId, assetId, source: "auto", analyser, decidedAt: null, tagId: { notIn: ids } } });
  const existing = new Map(
    (await db.assetTag.findMany({ where: { shopId, assetId, tagId: { in: ids } }, select: { tagId: true, source: true, analyser: true, decidedAt: true } })).map((r) => [r.tagId, r]),
  );
  for (const s of suggestions) {
    const tag = tags.get(normaliseTag(s.value));
    if (!tag) continue;
    const row = existing.get(tag.id);
    const data = { facet: s.facet, confidence: s.confidence, state: s.state, analyser };
    if (!row) {
      await db.assetTag.create({ data: { shopId, assetId, tagId: tag.id, source: "auto", ...data } });
      existing.set(tag.id, { tagId: tag.id, source: "auto", analyser, decidedAt: null });
    } else if (row.source === "auto" && row.analyser === analyser && !row.decidedAt) {
      await db.assetTag.updateMany({ where: { shopId, assetId, tagId: tag.id }, data });
    }
  }
}

export const assetTagDetail = { tag: { select: { id: true, name: true, label: true, labelZh: true } } } as const;

/** Every tag row of the asset, rejected ones included (the asset page's tag panel). */
export function listAssetTagsDetailed(db: Tx, shopId: string, assetId: string) {
  return db.assetTag.findMany({ where: { shopId, assetId }, include: assetTagDetail, orderBy: [{ createdAt: "asc" }, { tagId: "asc" }] });
}

export function findAssetTag(db: Tx, shopId: string, assetId: string, tagId: string) {
  return db.assetTag.findFirst({ where: { shopId, assetId, tagId }, include: assetTagDetail });
}

export function setAssetTagDecision(
  db: Tx,
  shopId: string,
  assetId: string,
  tagId: string,
  data: { state: "accepted" | "suggested" | "rejected"; decidedBy: string | null; decidedAt: Date | null },
) {
  return db.assetTag.updateMany({ where: { shopId, assetId, tagId }, data });
}
