// Placements, as the merchant handles them: place an asset in a slot of many listings (the Swap flow),
// remove it, roll an asset back to an earlier version or let it follow the latest approved one again,
// restore our image over a channel edit or adopt theirs, retry, and the usage map. Each change is one
// transaction with its audit event and the publish jobs of the listings it touches.
import { isSlotId, slotIndex, type ChannelCapabilities, type ChannelId, type SlotId } from "../../../connectors/channel";
import { AMAZON_CAPABILITIES } from "../../../connectors/amazon";
import { SHOPIFY_CAPABILITIES } from "../../../connectors/shopify";
import { TIKTOK_CAPABILITIES } from "../../../connectors/tiktok";
import { BULK_TRANSACTION, type Prisma } from "../db/database";
import { AppError, notFound } from "../errors";
import { authorize } from "../governance/authorize";
import { writeAudit } from "../governance/audit.repository";
import { allows, type Principal } from "../governance/policy";
import type { JobQueue } from "../jobs/queue";
import { findAsset } from "../library/assets.repository";
import { decodeCursor, keysetPage, pageLimit } from "../library/cursor";
import type { Actor } from "../library/types";
import { findVersion, findVersionByNumber, listVersions } from "../library/versions.repository";
import { defaultPresetFor } from "./candidates";
import type { ObservedImage } from "./planner";
import {
  deletePlacementRow,
  deletePlacementRows,
  findListingsByIds,
  findPlacement,
  findPlacementsAt,
  insertPlacements,
  listPlacementRows,
  listPlacementsOfAsset,
  setPinnedOfAsset,
  updatePlacement,
  type PlacementFilter,
} from "./placements.repository";
import { enqueuePublish, openBatch } from "./reconcile.service";
import { refreshCatalogueTags } from "./catalogue-tags.service";

export interface PlacementDeps {
  prisma: Prisma;
  queue: JobQueue;
}

const CAPABILITIES: Record<ChannelId, ChannelCapabilities> = { shopify: SHOPIFY_CAPABILITIES, amazon: AMAZON_CAPABILITIES, tiktok: TIKTOK_CAPABILITIES };
export const capabilitiesOf = (channel: string): ChannelCapabilities | null => CAPABILITIES[channel as ChannelId] ?? null;

/** How a slot is called on a channel (Amazon's own names). */
export function slotLabel(channel: string, slot: string): string {
  if (!isSlotId(slot)) return slot;
  if (channel === "amazon") return slot === "main" ? "MAIN" : `PT0${slotIndex(slot)}`;
  return slot === "main" ? "Main image" : `Position ${slotIndex(slot) + 1}`;
}

export interface PlaceInput {
  assetId: string;
  listingIds: string[];
  slot: string;
  /** Pin to a version (else the placement follows the latest approved version). */
  pinnedVersionId?: string | null;
}

/** Images on a listing as we last knew them (read back, else the catalogue import). */
function knownGallery(listing: { gallery: unknown; images: unknown }): Array<{ externalRef: string; sourceKey: string | null; url: string | null }> {
  const g = listing.gallery as ObservedImage[] | null;
  if (g?.length) return g.map((i) => ({ externalRef: i.externalRef, sourceKey: i.sourceKey, url: i.url ?? null }));
  return ((listing.images as Array<{ externalRef: string; url: string | null }> | null) ?? []).map((i) => ({ externalRef: i.externalRef, sourceKey: null, url: i.url ?? null }));
}

/** Places the asset in `slot` of every listing (replacing whatever placement held that slot) and publishes. */
export async function placeAsset(deps: PlacementDeps, shopId: string, actor: Actor, input: PlaceInput) {
  if (!isSlotId(input.slot)) throw new AppError("validation", `“${input.slot}” is not a slot (main, pos2, pos3 …).`);
  const slot: SlotId = input.slot;
  const listingIds = [...new Set(input.listingIds)];
  if (!listingIds.length) throw new AppError("validation", "Pick at least one listing.");
  if (listingIds.length > 5000) throw new AppError("validation", "Place an asset on at most 5,000 listings at once.");
  return deps.prisma.$transaction(async (tx) => {
    const asset = await findAsset(tx, shopId, input.assetId);
    if (!asset || !allows(actor, "asset.view", asset)) throw notFound("That asset");
    authorize(actor, "asset.edit", asset);
    if (asset.kind !== "image") throw new AppError("validation", "Only images can be placed on listings.");
    if (asset.archivedAt) throw new AppError("validation", "The asset is archived; unarchive it first.");
    if (input.pinnedVersionId) {
      const v = await findVersion(tx, shopId, input.pinnedVersionId);
      if (!v || v.assetId !== asset.id) throw new AppError("validation", "That version is not a version of this asset.");
      if (!v.approvedAt) throw new AppError("validation", `Version ${v.number} was never approved; pin an approved version.`);
    }
    const listings = await findListingsByIds(tx, shopId, listingIds);
    if (listings.length !== listingIds.length) throw new AppError("validation", `${listingIds.length - listings.length} of the listings were not found in this shop.`);
    for (const l of listings) {
      const caps = capabilitiesOf(l.account.channel);
      if (!caps) throw new AppError("validation", `Assetline does not publish to ${l.account.channel}.`);
      if (!caps.slots.includes(slot)) throw new AppError("validation", `${l.title}: ${l.account.channel} has no ${slot} (it takes ${caps.maxImages} images).`);
      if (l.deletedAt) throw new AppError("validation", `${l.title} no longer exists on ${l.account.channel}.`);
    }
    // One query each, however many listings (up to 5,000 in one transaction).
    const existingAt = new Map((await findPlacementsAt(tx, shopId, listingIds, slot)).map((p) => [p.listingId, p]));
    if (existingAt.size) await deletePlacementRows(tx, shopId, [...existingAt.values()].map((p) => p.id));
    const rows = [];
    for (const l of listings) {
      const existing = existingAt.get(l.id);
      const inSlot = knownGallery(l)[slotIndex(slot)];
      rows.push({
        assetId: asset.id,
        listingId: l.id,
        slot,
        presetId: defaultPresetFor(l.account.channel as ChannelId, slot),
        pinnedVersionId: input.pinnedVersionId ?? null,
        // The image it replaces: an image we did not manage stays out of the gallery once ours is live.
        displacedRef: existing ? existing.displacedRef : inSlot && !inSlot.sourceKey ? inSlot.externalRef : null,
        batchId: null,
        createdBy: actor.name,
      });
    }
    const created = await insertPlacements(tx, shopId, rows);
    // The asset takes the listings' catalogue tags; an asset this one displaced may lose some.
    await refreshCatalogueTags(tx, shopId, [asset.id, ...[...existingAt.values()].map((p) => p.assetId)]);
    const batch = await openBatch(
      tx,
      shopId,
      { reason: "swap", title: `“${asset.title}” placed in ${slot} of ${listings.length} listing${listings.length === 1 ? "" : "s"}`, assetId: asset.id, createdBy: actor.name },
      { listingIds, assetIds: [asset.id] },
    );
    await writeAudit(tx, shopId, actor, {
      action: "placement.created",
      subjectType: "asset",
      subjectId: asset.id,
      data: { slot, listings: listings.length, pinnedVersionId: input.pinnedVersionId ?? null, batchId: batch.id },
    });
    await enqueuePublish(tx, deps.queue, shopId, listingIds);
    return { batchId: batch.id, placements: created.map((c) => ({ ...c, batchId: batch.id })) };
  }, BULK_TRANSACTION);
}

/** Takes the asset off the listing (the next publish removes our image; a required slot is refilled). */
export async function removePlacement(deps: PlacementDeps, shopId: string, actor: Actor, placementId: string) {
  await deps.prisma.$transaction(async (tx) => {
    const p = await findPlacement(tx, shopId, placementId);
    if (!p || !allows(actor, "asset.view", p.asset)) throw notFound("That placement");
    authorize(actor, "asset.edit", p.asset);
    await deletePlacementRow(tx, shopId, p.id);
    await refreshCatalogueTags(tx, shopId, [p.assetId]); // tags only this listing gave go with it
    await writeAudit(tx, shopId, actor, { action: "placement.deleted", subjectType: "asset", subjectId: p.assetId, data: { listingId: p.listingId, slot: p.slot } });
    await enqueuePublish(tx, deps.queue, shopId, [p.listingId]);
  });
}

/**
 * Rollback (pin every placement of the asset to an approved version) or follow the latest approved
 * version again (null). One batch: the Sync page shows it reach every listing.
 */
export async function setAssetVersion(deps: PlacementDeps, shopId: string, actor: Actor, assetId: string, versionId: string | null) {
  return deps.prisma.$transaction(async (tx) => {
    const asset = await findAsset(tx, shopId, assetId);
    if (!asset || !allows(actor, "asset.view", asset)) throw notFound("That asset");
    authorize(actor, "asset.edit", asset);
    let title = `“${asset.title}” follows its latest approved version`;
    if (versionId) {
      const v = await findVersion(tx, shopId, versionId);
      if (!v || v.assetId !== asset.id) throw new AppError("validation", "That version is not a version of this asset.");
      if (!v.approvedAt || v.state === "rejected") throw new AppError("validation", `Version ${v.number} was never approved; roll back to an approved version.`);
      title = `“${asset.title}” rolled back to v${v.number}`;
    }
    const batch = await openBatch(tx, shopId, { reason: versionId ? "rollback" : "follow_latest", title, assetId, versionId, createdBy: actor.name }, { assetIds: [assetId] });
    const res = await setPinnedOfAsset(tx, shopId, assetId, versionId, batch.id);
    await writeAudit(tx, shopId, actor, { action: versionId ? "placement.rolled_back" : "placement.follow_latest", subjectType: "asset", subjectId: assetId, data: { versionId, placements: res.count } });
    const listingIds = [...new Set((await listPlacementsOfAsset(tx, shopId, assetId)).map((p) => p.listingId))];
    await enqueuePublish(tx, deps.queue, shopId, listingIds);
    return { batchId: batch.id, placements: res.count };
  }, BULK_TRANSACTION);
}

/**
 * Rollback by the number the merchant sees (v3) rather than a version id (REST and CLI). The asset is
 * checked first so another shop's or another market's asset is "not found", never "has no version 3".
 */
export async function rollbackToNumber(deps: PlacementDeps, shopId: string, actor: Actor, assetId: string, number: number) {
  const asset = await findAsset(deps.prisma, shopId, assetId);
  if (!asset || !allows(actor, "asset.view", asset)) throw notFound("That asset");
  const v = await findVersionByNumber(deps.prisma, shopId, assetId, number);
  if (!v) throw new AppError("validation", `“${asset.title}” has no version ${number}.`);
  return setAssetVersion(deps, shopId, actor, assetId, v.id);
}

/** A drifted placement: put our image back (restore), or keep the channel's and stop managing the slot (adopt). */
export async function resolveDrift(deps: PlacementDeps, shopId: string, actor: Actor, placementId: string, choice: "restore" | "adopt") {
  await deps.prisma.$transaction(async (tx) => {
    const p = await findPlacement(tx, shopId, placementId);
    if (!p || !allows(actor, "asset.view", p.asset)) throw notFound("That placement");
    authorize(actor, "asset.edit", p.asset);
    if (p.state !== "drifted") throw new AppError("invalid_state", "Only a drifted placement can be restored or adopted.");
    if (choice === "restore") {
      // Forget what was applied: the planner puts our image back where the channel's now is.
      await updatePlacement(tx, shopId, p.id, { state: "pending", displacedRef: p.observedRef, appliedSourceKey: null, externalRef: null, fingerprint: null, observedRef: null, observedUrl: null, lastError: null, lastErrorCode: null });
      await enqueuePublish(tx, deps.queue, shopId, [p.listingId]);
    } else {
      await deletePlacementRow(tx, shopId, p.id);
      await refreshCatalogueTags(tx, shopId, [p.assetId]);
    }
    await writeAudit(tx, shopId, actor, { action: choice === "restore" ? "placement.restored" : "placement.adopted", subjectType: "asset", subjectId: p.assetId, data: { listingId: p.listingId, slot: p.slot } });
  });
}

/** "Sync now" / Retry: the placements (of a listing, an asset, or every failed one) are published again. */
export async function syncNow(deps: PlacementDeps, shopId: string, actor: Actor, scope: { listingId?: string; assetId?: string; failedOnly?: boolean }) {
  authorize(actor, "asset.edit");
  return deps.prisma.$transaction(async (tx) => {
    if (scope.listingId && !(await findListingsByIds(tx, shopId, [scope.listingId])).length) throw notFound("That listing");
    if (scope.assetId) {
      const asset = await findAsset(tx, shopId, scope.assetId);
      if (!asset || !allows(actor, "asset.view", asset)) throw notFound("That asset");
      authorize(actor, "asset.edit", asset);
    }
    const filter: PlacementFilter = { ...(scope.listingId ? { listingId: scope.listingId } : {}), ...(scope.assetId ? { assetId: scope.assetId } : {}) };
    const rows = [];
    for (const state of scope.failedOnly ? ["failed", "blocked"] : [undefined]) {
      let after: { createdAt: Date; id: string } | null = null;
      for (;;) {
        const page = await listPlacementRows(tx, shopId, { ...filter, ...(state ? { state } : {}) }, after, 500);
        rows.push(...page.slice(0, 500).filter((p) => allows(actor, "asset.edit", p.asset)));
        if (page.length <= 500) break;
        after = page[499]!;
      }
    }
    if (!rows.length) return { listings: 0, batchId: null };
    for (const p of rows) if (p.state === "failed" || p.state === "blocked") await updatePlacement(tx, shopId, p.id, { state: "pending", lastError: null, lastErrorCode: null });
    const listingIds = [...new Set(rows.map((p) => p.listingId))];
    const batch = await openBatch(tx, shopId, { reason: "manual", title: scope.failedOnly ? "Retry of failed placements" : "Sync now", assetId: scope.assetId ?? null, createdBy: actor.name }, { listingIds });
    await writeAudit(tx, shopId, actor, { action: "sync.requested", subjectType: "shop", subjectId: shopId, data: { ...scope, listings: listingIds.length } });
    await enqueuePublish(tx, deps.queue, shopId, listingIds);
    return { listings: listingIds.length, batchId: batch.id };
  });
}

export interface UsageRow {
  id: string;
  listingId: string;
  listingTitle: string;
  listingExternalId: string;
  listingGone: boolean;
  channel: string;
  accountName: string;
  marketplaceId: string;
  slot: string;
  slotLabel: string;
  presetId: string;
  state: string;
  followsLatest: boolean;
  pinnedVersion: number | null;
  liveVersion: number | null;
  desiredVersion: number | null;
  showing: "asset" | "fallback" | null;
  lastError: string | null;
  lastErrorCode: string | null;
  observedUrl: string | null;
  lastSyncedAt: string | null;
  liveAt: string | null;
}

/** The usage map: every listing, channel, marketplace and slot where the asset is placed. */
export async function usageMap(deps: PlacementDeps, shopId: string, caller: Principal, assetId: string): Promise<UsageRow[]> {
  const asset = await findAsset(deps.prisma, shopId, assetId);
  if (!asset || !allows(caller, "asset.view", asset)) throw notFound("That asset");
  const numbers = new Map((await listVersions(deps.prisma, shopId, assetId)).map((v) => [v.id, v.number]));
  const rows = await listPlacementsOfAsset(deps.prisma, shopId, assetId);
  const order = (p: (typeof rows)[number]) => [p.listing.account.channel, p.listing.title, p.listing.marketplaceId, String(isSlotId(p.slot) ? slotIndex(p.slot) : 99).padStart(3, "0")].join("\u0000");
  rows.sort((a, b) => order(a).localeCompare(order(b)));
  return rows.map((p) => ({
    id: p.id,
    listingId: p.listingId,
    listingTitle: p.listing.title,
    listingExternalId: p.listing.externalId,
    listingGone: p.listing.deletedAt !== null,
    channel: p.listing.account.channel,
    accountName: p.listing.account.name,
    marketplaceId: p.listing.marketplaceId,
    slot: p.slot,
    slotLabel: slotLabel(p.listing.account.channel, p.slot),
    presetId: p.presetId,
    state: p.state,
    followsLatest: !p.pinnedVersionId,
    pinnedVersion: p.pinnedVersionId ? (numbers.get(p.pinnedVersionId) ?? null) : null,
    liveVersion: p.appliedAssetId === assetId && p.appliedVersionId ? (numbers.get(p.appliedVersionId) ?? null) : null,
    desiredVersion: p.desiredAssetId === assetId && p.desiredVersionId ? (numbers.get(p.desiredVersionId) ?? null) : null,
    showing: p.appliedAssetId ? (p.appliedAssetId === assetId ? "asset" : "fallback") : null,
    lastError: p.lastError,
    lastErrorCode: p.lastErrorCode,
    observedUrl: p.observedUrl,
    lastSyncedAt: p.lastSyncedAt?.toISOString() ?? null,
    liveAt: p.liveAt?.toISOString() ?? null,
  }));
}

/** Placements, newest first, filtered (REST list). */
export async function listPlacements(deps: PlacementDeps, shopId: string, caller: Principal, filter: PlacementFilter, page: { cursor?: string | null; limit?: number }) {
  const limit = pageLimit(page.limit, 50);
  const rows = await listPlacementRows(deps.prisma, shopId, filter, decodeCursor(page.cursor), limit);
  const res = keysetPage(rows, limit);
  return { ...res, items: res.items.filter((p) => allows(caller, "asset.view", p.asset)) };
}

export async function getPlacement(deps: PlacementDeps, shopId: string, caller: Principal, id: string) {
  const p = await findPlacement(deps.prisma, shopId, id);
  if (!p || !allows(caller, "asset.view", p.asset)) throw notFound("That placement");
  return p;
}
