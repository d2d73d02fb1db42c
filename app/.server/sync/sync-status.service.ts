// What the Sync page, `assetline sync status` and GET /api/v1/sync show: running and recent batches with
// their progress, placement counts by state, the placements that need the merchant (failed, blocked,
// drifted) with the channel's own message, and one listing's current vs desired gallery.
import type { Prisma } from "../db/database";
import { notFound } from "../errors";
import { allows, type Principal } from "../governance/policy";
import { findAsset } from "../library/assets.repository";
import type { ObservedImage } from "./planner";
import { batchStateCounts, findListingForSync, listBatchRows, listPlacementRows, listPlacementsOfListing, stateCounts } from "./placements.repository";
import { slotLabel } from "./placements.service";
import { IN_FLIGHT } from "./outcomes";

export interface BatchView {
  id: string;
  reason: string;
  title: string;
  assetId: string | null;
  createdAt: string;
  finishedAt: string | null;
  total: number;
  counts: Record<string, number>;
  /** Placements that reached an end state (live, withdrawn, failed, blocked, drifted). */
  done: number;
  /** Every placement moved on to a later batch before this one finished. */
  superseded: boolean;
}

export async function syncStatus(prisma: Prisma, shopId: string, caller: Principal, opts: { batches?: number } = {}) {
  const batches = await listBatchRows(prisma, shopId, { limit: opts.batches ?? 20 });
  const counts = await batchStateCounts(prisma, shopId, batches.map((b) => b.id));
  const views: BatchView[] = batches.map((b) => {
    const mine = counts.filter((c) => c.batchId === b.id);
    const byState = Object.fromEntries(mine.map((c) => [c.state, c.count]));
    const now = mine.reduce((s, c) => s + c.count, 0);
    // Superseded (every placement moved on to a later batch): it keeps the size it had.
    const superseded = now === 0 && b.finishedAt !== null;
    const total = superseded ? b.total : now;
    return {
      superseded,
      id: b.id,
      reason: b.reason,
      title: b.title,
      assetId: b.assetId,
      createdAt: b.createdAt.toISOString(),
      finishedAt: b.finishedAt?.toISOString() ?? null,
      total,
      counts: byState,
      done: superseded ? total : mine.filter((c) => !IN_FLIGHT.has(c.state)).reduce((s, c) => s + c.count, 0),
    };
  });
  const problems = [];
  for (const state of ["failed", "blocked", "drifted"]) {
    const rows = await listPlacementRows(prisma, shopId, { state }, null, 100);
    problems.push(...rows.slice(0, 100).filter((p) => allows(caller, "asset.view", p.asset)));
  }
  return {
    batches: views,
    states: Object.fromEntries((await stateCounts(prisma, shopId)).map((c) => [c.state, c.count])) as Record<string, number>,
    problems: problems.map((p) => ({
      id: p.id,
      state: p.state,
      assetId: p.assetId,
      assetTitle: p.asset.title,
      listingId: p.listingId,
      listingTitle: p.listing.title,
      channel: p.listing.account.channel,
      accountName: p.listing.account.name,
      slot: p.slot,
      slotLabel: slotLabel(p.listing.account.channel, p.slot),
      lastError: p.lastError,
      lastErrorCode: p.lastErrorCode,
      observedUrl: p.observedUrl,
      lastSyncedAt: p.lastSyncedAt?.toISOString() ?? null,
    })),
  };
}

/** One listing: what the channel showed last, and what each placement wants there. */
export async function listingSyncView(prisma: Prisma, shopId: string, caller: Principal, listingId: string) {
  const listing = await findListingForSync(prisma, shopId, listingId);
  if (!listing) throw notFound("That listing");
  const placements = await listPlacementsOfListing(prisma, shopId, listingId);
  const current = ((listing.gallery as ObservedImage[] | null) ?? null) ?? ((listing.images as Array<{ externalRef: string; url: string | null }>) ?? []).map((i, n) => ({ slot: n === 0 ? "main" : `pos${n + 1}`, externalRef: i.externalRef, sourceKey: null, url: i.url, state: "ready", issues: [] }));
  const visible = [];
  for (const p of placements) {
    const asset = await findAsset(prisma, shopId, p.assetId);
    if (asset && allows(caller, "asset.view", asset)) visible.push(p);
  }
  return {
    listing: {
      id: listing.id,
      title: listing.title,
      externalId: listing.externalId,
      marketplaceId: listing.marketplaceId,
      channel: listing.account.channel,
      accountName: listing.account.name,
      syncState: listing.syncState,
      syncError: listing.syncError,
      syncedAt: listing.syncedAt?.toISOString() ?? null,
      galleryReadAt: listing.galleryReadAt?.toISOString() ?? null,
      deleted: listing.deletedAt !== null,
    },
    current,
    placements: visible.map((p) => ({
      id: p.id,
      assetId: p.assetId,
      assetTitle: p.asset.title,
      slot: p.slot,
      slotLabel: slotLabel(listing.account.channel, p.slot),
      state: p.state,
      desiredSourceKey: p.desiredSourceKey,
      appliedSourceKey: p.appliedSourceKey,
      lastError: p.lastError,
    })),
  };
}
