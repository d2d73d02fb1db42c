// Placements (the usage map), sync batches, the channel media we created, and the listing's sync
// bookkeeping. Every query is scoped by shop.
import type { Tx } from "../db/database";
import type { Prisma as P } from "../../.generated/prisma/client";

export interface NewPlacement {
  assetId: string;
  listingId: string;
  slot: string;
  presetId: string;
  pinnedVersionId: string | null;
  displacedRef: string | null;
  batchId: string | null;
  createdBy: string | null;
}

export function insertPlacements(db: Tx, shopId: string, rows: NewPlacement[]) {
  return db.placement.createManyAndReturn({ data: rows.map((r) => ({ shopId, ...r })) });
}

const listingInclude = {
  listing: { select: { id: true, title: true, externalId: true, marketplaceId: true, deletedAt: true, skus: true, account: { select: { id: true, channel: true, name: true, status: true } } } },
} as const;

export function findPlacement(db: Tx, shopId: string, id: string) {
  return db.placement.findFirst({ where: { shopId, id }, include: { ...listingInclude, asset: { select: { id: true, title: true, markets: true } } } });
}

/** The placements in `slot` of these listings (one query, however many listings). */
export function findPlacementsAt(db: Tx, shopId: string, listingIds: string[], slot: string) {
  return db.placement.findMany({ where: { shopId, listingId: { in: listingIds }, slot } });
}

/** The usage map of one asset: every listing and slot it is placed in. */
export function listPlacementsOfAsset(db: Tx, shopId: string, assetId: string) {
  return db.placement.findMany({ where: { shopId, assetId }, include: listingInclude, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
}

/** What the planner needs of a listing's placements: the asset, its rights and approved versions. */
export function listPlacementsOfListing(db: Tx, shopId: string, listingId: string) {
  return db.placement.findMany({
    where: { shopId, listingId },
    include: { asset: { select: { id: true, title: true, kind: true, markets: true, archivedAt: true, liveVersionId: true, rights: true } } },
    orderBy: { createdAt: "asc" },
  });
}

export interface PlacementFilter {
  assetId?: string;
  listingId?: string;
  state?: string;
  channel?: string;
  batchId?: string;
}

export function listPlacementRows(db: Tx, shopId: string, f: PlacementFilter, after: { createdAt: Date; id: string } | null, limit: number) {
  const where: P.PlacementWhereInput = {
    shopId,
    ...(f.assetId ? { assetId: f.assetId } : {}),
    ...(f.listingId ? { listingId: f.listingId } : {}),
    ...(f.state ? { state: f.state } : {}),
    ...(f.batchId ? { batchId: f.batchId } : {}),
    ...(f.channel ? { listing: { account: { channel: f.channel } } } : {}),
  };
  if (after) where.AND = [{ OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] }];
  return db.placement.findMany({
    where,
    include: { ...listingInclude, asset: { select: { id: true, title: true, markets: true } } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
  });
}

export function deletePlacementRow(db: Tx, shopId: string, id: string) {
  return db.placement.deleteMany({ where: { shopId, id } });
}

export function deletePlacementRows(db: Tx, shopId: string, ids: string[]) {
  return db.placement.deleteMany({ where: { shopId, id: { in: ids } } });
}

export type PlacementUpdate = Partial<
  Pick<
    P.PlacementUncheckedUpdateInput,
    | "state"
    | "pinnedVersionId"
    | "presetId"
    | "desiredAssetId"
    | "desiredVersionId"
    | "desiredSourceKey"
    | "appliedAssetId"
    | "appliedVersionId"
    | "appliedSourceKey"
    | "externalRef"
    | "fingerprint"
    | "observedRef"
    | "observedUrl"
    | "lastError"
    | "lastErrorCode"
    | "batchId"
    | "lastSyncedAt"
    | "liveAt"
    | "displacedRef"
  >
>;

export function updatePlacement(db: Tx, shopId: string, id: string, data: PlacementUpdate) {
  return db.placement.updateMany({ where: { shopId, id }, data });
}

/** Pins (rollback) or unpins (follow latest) every placement of an asset, in one batch. */
export function setPinnedOfAsset(db: Tx, shopId: string, assetId: string, pinnedVersionId: string | null, batchId: string) {
  return db.placement.updateMany({ where: { shopId, assetId }, data: { pinnedVersionId, batchId, state: "pending", lastError: null, lastErrorCode: null } });
}

/**
 * Listings whose gallery may change when these assets change: they are placed there, or they supply
 * (as a fallback) what a placement shows or should show.
 */
export async function listingIdsUsingAssets(db: Tx, shopId: string, assetIds: string[]): Promise<string[]> {
  if (!assetIds.length) return [];
  const rows = await db.placement.findMany({
    where: { shopId, OR: [{ assetId: { in: assetIds } }, { desiredAssetId: { in: assetIds } }, { appliedAssetId: { in: assetIds } }] },
    select: { listingId: true },
    distinct: ["listingId"],
  });
  return rows.map((r) => r.listingId);
}

/** Marks the placements of these listings and assets as part of a batch (the Sync page counts them). */
export interface BatchScope {
  assetIds?: string[];
  listingIds?: string[];
  placementIds?: string[];
}

export function assignBatch(db: Tx, shopId: string, where: BatchScope, batchId: string) {
  return db.placement.updateMany({
    where: {
      shopId,
      ...(where.assetIds ? { OR: [{ assetId: { in: where.assetIds } }, { desiredAssetId: { in: where.assetIds } }] } : {}),
      ...(where.listingIds ? { listingId: { in: where.listingIds } } : {}),
      ...(where.placementIds ? { id: { in: where.placementIds } } : {}),
    },
    data: { batchId },
  });
}

/** The batches the placements of this scope belong to now. */
export async function batchIdsInScope(db: Tx, shopId: string, where: BatchScope): Promise<string[]> {
  const rows = await db.placement.findMany({
    where: {
      shopId,
      batchId: { not: null },
      ...(where.assetIds ? { OR: [{ assetId: { in: where.assetIds } }, { desiredAssetId: { in: where.assetIds } }] } : {}),
      ...(where.listingIds ? { listingId: { in: where.listingIds } } : {}),
      ...(where.placementIds ? { id: { in: where.placementIds } } : {}),
    },
    select: { batchId: true },
    distinct: ["batchId"],
  });
  return rows.map((r) => r.batchId!);
}

export function countPlacementsOfBatch(db: Tx, shopId: string, batchId: string) {
  return db.placement.count({ where: { shopId, batchId } });
}

// ── Batches ────────────────────────────────────────────────────────────────────────────────────────

export function insertBatch(db: Tx, shopId: string, b: { reason: string; title: string; assetId?: string | null; versionId?: string | null; createdBy?: string | null }) {
  return db.syncBatch.create({ data: { shopId, reason: b.reason, title: b.title, assetId: b.assetId ?? null, versionId: b.versionId ?? null, createdBy: b.createdBy ?? null } });
}

export function setBatchTotal(db: Tx, shopId: string, id: string, total: number) {
  return db.syncBatch.updateMany({ where: { shopId, id }, data: { total } });
}

export function finishBatch(db: Tx, shopId: string, id: string, at: Date) {
  return db.syncBatch.updateMany({ where: { shopId, id, finishedAt: null }, data: { finishedAt: at } });
}

export function findBatch(db: Tx, shopId: string, id: string) {
  return db.syncBatch.findFirst({ where: { shopId, id } });
}

export function listBatchRows(db: Tx, shopId: string, opts: { open?: boolean; limit: number }) {
  return db.syncBatch.findMany({
    where: { shopId, ...(opts.open ? { finishedAt: null } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: opts.limit,
  });
}

/** Placements per state for each batch. */
/** Whether any placement of the batch is in one of `states` (one index probe on batchId + state). */
export async function batchHasPlacementIn(db: Tx, shopId: string, batchId: string, states: string[]): Promise<boolean> {
  return (await db.placement.findFirst({ where: { shopId, batchId, state: { in: states } }, select: { id: true } })) !== null;
}

export async function batchStateCounts(db: Tx, shopId: string, batchIds: string[]) {
  if (!batchIds.length) return [];
  const rows = await db.placement.groupBy({ by: ["batchId", "state"], where: { shopId, batchId: { in: batchIds } }, _count: { _all: true } });
  return rows.map((r) => ({ batchId: r.batchId!, state: r.state, count: r._count._all }));
}

export async function stateCounts(db: Tx, shopId: string) {
  const rows = await db.placement.groupBy({ by: ["state"], where: { shopId }, _count: { _all: true } });
  return rows.map((r) => ({ state: r.state, count: r._count._all }));
}

/** What a placement's candidate needs of its asset (the library's findAsset also loads tags and versions). */
export function findAssetForCandidates(db: Tx, shopId: string, assetId: string) {
  return db.asset.findFirst({ where: { id: assetId, shopId }, select: { id: true, title: true, kind: true, archivedAt: true, liveVersionId: true } });
}

// ── Listings, as the sync engine sees them ──────────────────────────────────────────────────────────

export function findListingForSync(db: Tx, shopId: string, listingId: string) {
  return db.listing.findFirst({
    where: { shopId, id: listingId },
    include: { account: { select: { id: true, shopId: true, channel: true, externalId: true, region: true, marketplaces: true, status: true, name: true } } },
  });
}

export function findListingsByIds(db: Tx, shopId: string, ids: string[]) {
  return db.listing.findMany({ where: { shopId, id: { in: ids } }, include: { account: { select: { id: true, channel: true, name: true, status: true } } } });
}

export function setListingSync(
  db: Tx,
  shopId: string,
  listingId: string,
  data: Partial<Pick<P.ListingUncheckedUpdateInput, "syncState" | "syncError" | "syncedAt" | "gallery" | "galleryReadAt" | "deletedAt">>,
) {
  return db.listing.updateMany({ where: { shopId, id: listingId }, data });
}

/** listing id → its channel account id (the fairness group of its publish jobs). */
export async function accountsOfListings(db: Tx, shopId: string, listingIds: string[]): Promise<Map<string, string>> {
  const rows = await db.listing.findMany({ where: { shopId, id: { in: listingIds } }, select: { id: true, accountId: true } });
  return new Map(rows.map((r) => [r.id, r.accountId]));
}

export function setListingsQueued(db: Tx, shopId: string, listingIds: string[]) {
  return db.listing.updateMany({ where: { shopId, id: { in: listingIds } }, data: { syncState: "queued" } });
}

/**
 * Placements of the account's listings a reconnect should publish again: those that failed, and those that
 * never went out and belong to no running change (a placement in an open batch — a swap made a moment ago —
 * is on its way, and stays in the batch whose progress the merchant follows).
 */
export async function placementsToResync(db: Tx, shopId: string, accountId: string): Promise<Array<{ id: string; listingId: string }>> {
  const rows = await db.placement.findMany({
    where: { shopId, listing: { accountId, deletedAt: null }, state: { in: ["failed", "pending", "syncing"] } },
    select: { id: true, listingId: true, state: true, batchId: true },
  });
  const batchIds = [...new Set(rows.flatMap((r) => (r.state !== "failed" && r.batchId ? [r.batchId] : [])))];
  const open = new Set(
    batchIds.length ? (await db.syncBatch.findMany({ where: { shopId, id: { in: batchIds }, finishedAt: null }, select: { id: true } })).map((b) => b.id) : [],
  );
  return rows.filter((r) => r.state === "failed" || !r.batchId || !open.has(r.batchId)).map((r) => ({ id: r.id, listingId: r.listingId }));
}

/**
 * Listings of an account worth reading together with one being read back: those waiting on the channel
 * for at least as long (read last no later than `waitingReadBefore`), and those with placements not read
 * since `staleBefore` (periodic read-back). Oldest read first.
 */
export function listingsToReadAlong(db: Tx, shopId: string, accountId: string, opts: { exclude: string[]; waitingReadBefore: Date; staleBefore: Date; limit: number }) {
  return db.listing.findMany({
    where: {
      shopId,
      accountId,
      deletedAt: null,
      id: { notIn: opts.exclude },
      placements: { some: {} },
      OR: [{ syncState: "waiting", galleryReadAt: { lte: opts.waitingReadBefore } }, { galleryReadAt: null }, { galleryReadAt: { lt: opts.staleBefore } }],
    },
    select: { id: true, externalId: true, marketplaceId: true, productType: true, syncState: true, galleryReadAt: true, syncedAt: true },
    orderBy: { galleryReadAt: { sort: "asc", nulls: "first" } },
    take: opts.limit,
  });
}

/** Listings with placements whose gallery was not read since `before`, across shops (periodic read-back). */
export function listingsDueForReadback(db: Tx, channels: string[], before: Date, limit: number) {
  return db.listing.findMany({
    where: {
      deletedAt: null,
      placements: { some: {} },
      account: { channel: { in: channels }, status: "active" },
      shop: { uninstalledAt: null },
      syncState: { in: ["idle", "failed"] },
      OR: [{ galleryReadAt: null }, { galleryReadAt: { lt: before } }],
    },
    select: { id: true, shopId: true },
    orderBy: { galleryReadAt: { sort: "asc", nulls: "first" } },
    take: limit,
  });
}

// ── Channel media (TikTok uri ↔ our rendition) ──────────────────────────────────────────────────────

export async function saveChannelMedia(db: Tx, shopId: string, accountId: string, externalRef: string, sourceKey: string) {
  await db.channelMedia.upsert({
    where: { accountId_externalRef: { accountId, externalRef } },
    create: { shopId, accountId, externalRef, sourceKey },
    update: { sourceKey },
  });
}

export async function sourceKeyOfChannelMedia(db: Tx, shopId: string, accountId: string, externalRef: string): Promise<string | null> {
  const row = await db.channelMedia.findFirst({ where: { shopId, accountId, externalRef }, select: { sourceKey: true } });
  return row?.sourceKey ?? null;
}

interface ShopForPublish {
  mediaKey: string;
  gateEpoch: number;
  fallbackAssetId: string | null;
  uninstalledAt: Date | null;
}

/** What a publish needs of its shop, in one statement: installed, media URLs' key, gate epoch, default fallback. */
export async function findShopForPublish(db: Tx, shopId: string): Promise<ShopForPublish | null> {
  const rows = await db.$queryRaw<ShopForPublish[]>`
    SELECT s."mediaKey", s."gateEpoch", ss."defaultFallbackAssetId"::text AS "fallbackAssetId", s."uninstalledAt"
    FROM "Shop" s LEFT JOIN "SyncSettings" ss ON ss."shopId" = s.id
    WHERE s.id = ${shopId}::uuid`;
  return rows[0] ?? null;
}

/** A listing of the shop on a channel by the channel's id for it (webhooks name products this way). */
export function findListingByExternalId(db: Tx, shopId: string, channel: string, externalId: string) {
  return db.listing.findFirst({
    where: { shopId, externalId, account: { channel }, placements: { some: {} } },
    select: { id: true, accountId: true, galleryReadAt: true },
  });
}

export function countPlacementsOfAccount(db: Tx, shopId: string, accountId: string) {
  return db.placement.count({ where: { shopId, listing: { accountId } } });
}
