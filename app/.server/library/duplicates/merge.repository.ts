// Reads and writes of a merge (issue #7): the assets with what the plan needs, and the moves it makes.
// Every query is scoped by shopId; they run inside the merge's one transaction.
import type { Tx } from "../../db/database";
import type { PlanTag } from "./merge-plan";

export function findAssetsForMerge(db: Tx, shopId: string, ids: string[]) {
  return db.asset.findMany({
    where: { shopId, id: { in: ids } },
    select: {
      id: true, title: true, kind: true, markets: true, createdAt: true, archivedAt: true, mergedIntoId: true,
      latestVersionId: true, liveVersionId: true,
      versions: { select: { id: true, number: true, state: true, originalFilename: true }, orderBy: { number: "asc" } },
      placements: {
        select: {
          id: true, listingId: true, slot: true, pinnedVersionId: true, desiredAssetId: true, desiredVersionId: true,
          listing: { select: { title: true, account: { select: { channel: true } } } },
        },
      },
      rights: { select: { licenceStart: true, licenceEnd: true, territories: true, channels: true, containsPeople: true, modelReleaseRef: true, status: true } },
      tags: { select: { tagId: true, source: true, state: true, confidence: true, facet: true, analyser: true, decidedBy: true, decidedAt: true, tag: { select: { label: true } } } },
      collections: { select: { collection: { select: { id: true, name: true, shopId: true } } } },
      renditionFixes: { select: { presetId: true } },
    },
  });
}

/** Locks the assets' rows for the rest of the transaction (two merges of one asset run one after the other). */
export async function lockAssets(db: Tx, shopId: string, ids: string[]) {
  await db.asset.updateMany({ where: { shopId, id: { in: ids } }, data: { updatedAt: new Date() } });
}

export function moveVersion(db: Tx, shopId: string, versionId: string, to: { assetId: string; number: number; fromAssetId: string; fromNumber: number }) {
  return db.assetVersion.updateMany({
    where: { shopId, id: versionId },
    data: { assetId: to.assetId, number: to.number, mergedFromAssetId: to.fromAssetId, mergedFromNumber: to.fromNumber },
  });
}

export function setVersionCount(db: Tx, shopId: string, assetId: string, versionCount: number) {
  return db.asset.updateMany({ where: { shopId, id: assetId }, data: { versionCount } });
}

/** The merged-away asset: archived, says where it went, no versions of its own any more. Never deleted. */
export function markMerged(db: Tx, shopId: string, assetId: string, intoId: string, at: Date) {
  return db.asset.updateMany({
    where: { shopId, id: assetId },
    data: { archivedAt: at, mergedIntoId: intoId, mergedAt: at, latestVersionId: null, liveVersionId: null, versionCount: 0 },
  });
}

export function upsertMergedTag(db: Tx, shopId: string, assetId: string, t: PlanTag) {
  const row = { source: t.source, state: t.state, confidence: t.confidence, facet: t.facet, analyser: t.analyser, decidedBy: t.decidedBy, decidedAt: t.decidedAt };
  return db.assetTag.upsert({
    where: { assetId_tagId: { assetId, tagId: t.tagId } },
    create: { shopId, assetId, tagId: t.tagId, ...row },
    update: row,
  });
}

export function movePlacement(db: Tx, shopId: string, placementId: string, assetId: string) {
  // Pending: the next publish re-plans it (a moved placement may now show the survivor's live version).
  return db.placement.updateMany({ where: { shopId, id: placementId }, data: { assetId, state: "pending", lastError: null, lastErrorCode: null } });
}

/** Rights rows that fall back to a merged asset fall back to the survivor (never to themselves). */
export async function repointFallbacks(db: Tx, shopId: string, mergedIds: string[], survivorId: string): Promise<number> {
  const self = await db.rights.updateMany({ where: { shopId, assetId: survivorId, fallbackAssetId: { in: mergedIds } }, data: { fallbackAssetId: null } });
  const others = await db.rights.updateMany({ where: { shopId, fallbackAssetId: { in: mergedIds } }, data: { fallbackAssetId: survivorId } });
  return self.count + others.count;
}

/** The shop's default fallback image, when it is a merged asset, becomes the survivor. Whether it did. */
export async function repointShopFallback(db: Tx, shopId: string, mergedIds: string[], survivorId: string): Promise<boolean> {
  const r = await db.syncSettings.updateMany({ where: { shopId, defaultFallbackAssetId: { in: mergedIds } }, data: { defaultFallbackAssetId: survivorId } });
  return r.count > 0;
}

export async function isShopFallback(db: Tx, shopId: string, assetIds: string[]): Promise<boolean> {
  return (await db.syncSettings.count({ where: { shopId, defaultFallbackAssetId: { in: assetIds } } })) > 0;
}

/** A merged asset's rendition Fix for one preset becomes the survivor's (the plan checked it has none). */
export function moveRenditionFix(db: Tx, shopId: string, fromAssetId: string, presetId: string, toAssetId: string) {
  return db.renditionFix.updateMany({ where: { shopId, assetId: fromAssetId, presetId }, data: { assetId: toAssetId } });
}

/** Listings whose other placements show (or should show) a merged asset as their fallback. */
export async function listingsShowingAsFallback(db: Tx, shopId: string, mergedIds: string[]): Promise<string[]> {
  const rows = await db.placement.findMany({
    where: { shopId, assetId: { notIn: mergedIds }, OR: [{ desiredAssetId: { in: mergedIds } }, { appliedAssetId: { in: mergedIds } }] },
    select: { listingId: true },
    distinct: ["listingId"],
  });
  return rows.map((r) => r.listingId);
}

/** Share links that name a merged asset: they name the survivor instead (so the link keeps working). */
export async function repointShareLinks(db: Tx, shopId: string, mergedIds: string[], survivorId: string): Promise<number> {
  const links = await db.shareLink.findMany({ where: { shopId, assetIds: { hasSome: mergedIds } }, select: { id: true, assetIds: true } });
  for (const l of links) {
    const ids = [...new Set(l.assetIds.map((id) => (mergedIds.includes(id) ? survivorId : id)))];
    await db.shareLink.updateMany({ where: { shopId, id: l.id }, data: { assetIds: ids } });
  }
  return links.length;
}

export function countShareLinksNaming(db: Tx, shopId: string, assetIds: string[]) {
  return db.shareLink.count({ where: { shopId, assetIds: { hasSome: assetIds } } });
}

/** Where a merged asset went (for downloads and pages that name it). */
export function findMergedInto(db: Tx, shopId: string, assetId: string) {
  return db.asset.findFirst({ where: { shopId, id: assetId, mergedIntoId: { not: null } }, select: { mergedIntoId: true, mergedAt: true } });
}
