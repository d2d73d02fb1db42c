// sync.publish (DESIGN §1, §5, §6): makes one listing show what its placements want. It reads the
// listing back, notices drift, resolves each placement's candidates, asks the pure planner for the
// gallery, and — only when it differs from what the channel shows — calls Channel.setImages (set
// semantics, so a repeated or crashed run does no harm), then records what the channel answered.
// It is the only job that touches a listing's gallery (one per listing at a time: stately key
// publish:<listingId>); read-backs run as publishes that find nothing to change.
import { Readable } from "node:stream";
import { ChannelError, type Channel, type ChannelId, type ChannelImage, type ListingRef } from "../../../connectors/channel";
import type { Config } from "../config";
import type { Prisma } from "../db/database";
import type { JobQueue } from "../jobs/queue";
import type { BlobStore } from "../media/blob-store";
import type { ChannelProvider } from "./channel-provider";
import { candidatesFor, mainPresetOf, targetUnderPreset, type ResolveContext } from "./candidates";
import { plan, stateOfShown, type DesiredImage, type ManagedTarget, type ObservedImage, type PlacementInput, type PlacementOutcome, type PlacementState } from "./planner";
import { findListingForSync, findShopForPublish, listPlacementsOfListing, saveChannelMedia, setListingSync, updatePlacement, type PlacementUpdate } from "./placements.repository";
import { settleBatches, tellShop } from "./outcomes";
import { detectDrift, observedFromChannel, withoutPassingFailures, withPendingOverlay } from "./observe";
import type { ReadCache } from "./read-cache";
import { forgetListingCatalogue } from "./catalogue-tags.service";

export interface SyncDeps {
  prisma: Prisma;
  blobs: BlobStore;
  queue: JobQueue;
  config: Config;
  channels: ChannelProvider;
  /** Galleries read in bulk by a read-back, for the listings' own publishes (see read-cache.ts). */
  reads?: ReadCache;
}

type PlacementRow = Awaited<ReturnType<typeof listPlacementsOfListing>>[number];
type ListingRow = NonNullable<Awaited<ReturnType<typeof findListingForSync>>>;
type ShopForPublish = NonNullable<Awaited<ReturnType<typeof findShopForPublish>>>;

/** How long a channel may take to show what it accepted before the placement counts as failed. */
export const SUBMITTED_TTL_MS = 24 * 3600_000;

/** When to read a listing back after a write the channel still processes (grows while it processes). */
export function readbackDelayMs(sinceWriteMs: number): number {
  return Math.min(60_000, Math.max(1_000, Math.round(sinceWriteMs / 2)));
}

export async function publishListing(deps: SyncDeps, shopId: string, listingId: string, opts: { lastAttempt: boolean; now?: () => Date }): Promise<void> {
  const now = opts.now ?? (() => new Date());
  // Work for a shop that uninstalled the app stops at once (the one read of the shop a publish makes).
  const shop = await findShopForPublish(deps.prisma, shopId);
  if (!shop || shop.uninstalledAt) return;
  const listing = await findListingForSync(deps.prisma, shopId, listingId);
  if (!listing) return;
  const placements = await listPlacementsOfListing(deps.prisma, shopId, listingId);
  const previous = ((listing.gallery as ObservedImage[] | null) ?? []).filter((o) => o.sourceKey);
  if (!placements.length && !previous.length) {
    if (listing.syncState !== "idle") await setListingSync(deps.prisma, shopId, listingId, { syncState: "idle", syncError: null });
    return;
  }
  if (listing.account.status !== "active")
    return failListing(deps, listing, placements, `Reconnect the ${listing.account.channel} account “${listing.account.name}” to publish to it.`, "account_" + listing.account.status);
  if (listing.deletedAt) return failListing(deps, listing, placements, "The listing no longer exists on the channel.", "not_found");

  const channel = await deps.channels.channelFor(listing.account);
  const ref: ListingRef = {
    accountId: listing.account.id,
    externalId: listing.externalId,
    ...(listing.marketplaceId ? { marketplaceId: listing.marketplaceId } : {}),
    ...(listing.productType ? { productType: listing.productType } : {}),
  };
  let changing: PlacementRow[] = [];
  try {
    // A read-back may have just read this listing with others in one call; newer than all we know, it serves.
    const known = Math.max(listing.syncedAt?.getTime() ?? 0, listing.galleryReadAt?.getTime() ?? 0);
    const cached = deps.reads?.take(listingId, known);
    const read = cached ? cached.images : await channel.readImages(ref);
    if (read === null) {
      await setListingSync(deps.prisma, shopId, listingId, { deletedAt: now() });
      await forgetListingCatalogue(deps.prisma, shopId, listingId);
      return failListing(deps, listing, placements, "The listing no longer exists on the channel.", "not_found");
    }
    const seen = observedFromChannel(read);
    const at = now();
    // Drift first: a live placement whose image the channel no longer shows as we left it.
    const drifts = detectDrift(placements, seen);
    if (drifts.length)
      await deps.prisma.$transaction(async (tx) => {
        for (const d of drifts) {
          await updatePlacement(tx, shopId, d.placement.id, { state: "drifted", observedRef: d.observed?.externalRef ?? null, observedUrl: d.observed?.url ?? null, lastError: d.message, lastErrorCode: "drift" });
          d.placement.state = "drifted";
          await tellShop(tx, deps.queue, shopId, {
            kind: "placement.drifted",
            title: `“${d.placement.asset.title}” was changed on ${channelName(listing.account.channel)}`,
            body: `${listing.title} · ${d.placement.slot}: ${d.message} Restore ours or adopt theirs.`,
            link: `/app/assets/${d.placement.assetId}`,
            subjectType: "placement",
            subjectId: d.placement.id,
          });
        }
      });
    // An image of ours the channel failed in passing is planned as absent, so it is sent again.
    const shown = withoutPassingFailures(placements, seen);
    const observed = withoutPassingFailures(placements, withPendingOverlay(placements, seen, at, SUBMITTED_TTL_MS));

    const p = await planListing(deps, shop, listing, placements, observed, channel, at);
    changing = placements.filter((pl) => {
      const o = p.outcomes.get(pl.id);
      return o?.kind === "show" && (pl.appliedSourceKey !== o.target.sourceKey || !shown.some((s) => s.sourceKey === o.target.sourceKey));
    });
    if (!p.changed) return await record(deps, listing, placements, p.outcomes, seen, at, false);

    const desired = p.desired.map((d) => toChannelImage(deps.blobs, d));
    const problems = channel.validate(desired);
    if (problems.length)
      return failListing(deps, listing, changing.length ? changing : placements, problems.map((x) => x.message).join(" "), problems[0]!.rule);

    // Placements before their listing: the order of every other writer (merchant changes, record,
    // failListing). The other way round, a rollback made while this runs deadlocks with it on PostgreSQL.
    // "Syncing" is only shown: it is written while the channel is, not before (on the embedded database
    // its statements would queue behind every other publish's before the first channel write), and is
    // settled before anything else this publish writes.
    const marking = deps.prisma.$transaction(async (tx) => {
      for (const pl of changing) await updatePlacement(tx, shopId, pl.id, { state: "syncing" });
      await setListingSync(tx, shopId, listingId, { syncState: "syncing", syncError: null });
    });
    marking.catch(() => {}); // awaited below, before any other write
    let result: Awaited<ReturnType<Channel["setImages"]>>;
    try {
      result = await channel.setImages(ref, desired, {
        basedOn: read, // the plan was made from this read: the connector need not read again
        // Saved before the gallery uses it: a crash after this still recognises the image as ours.
        onCreated: (img) => saveChannelMedia(deps.prisma, shopId, listing.account.id, img.externalRef, img.sourceKey ?? ""),
      });
    } finally {
      await marking;
    }
    await record(deps, listing, placements, p.outcomes, observedFromChannel(result), now(), true);
  } catch (e) {
    if (e instanceof ChannelError && e.kind === "throttled") {
      // Not a failure: come back when the channel says, without spending an attempt (DESIGN §5).
      await deps.queue.send("sync.publish", { shopId, listingId }, { startAfter: new Date(Date.now() + (e.retryAfterMs ?? 1000)), group: listing.accountId });
      await setListingSync(deps.prisma, shopId, listingId, { syncState: "queued" });
      return;
    }
    const affected = changing.length ? changing : placements.filter((pl) => pl.state !== "drifted");
    if (e instanceof ChannelError && e.kind === "not_found") {
      await setListingSync(deps.prisma, shopId, listingId, { deletedAt: now() });
      await forgetListingCatalogue(deps.prisma, shopId, listingId);
      return failListing(deps, listing, affected, "The listing no longer exists on the channel.", e.channelCode ?? "not_found");
    }
    if (e instanceof ChannelError && (e.kind === "validation" || e.kind === "auth"))
      return failListing(deps, listing, affected, e.message, e.channelCode ?? e.kind);
    if (!opts.lastAttempt) {
      await setListingSync(deps.prisma, shopId, listingId, { syncState: "queued", syncError: e instanceof Error ? e.message : String(e) });
      throw e;
    }
    return failListing(deps, listing, affected, e instanceof Error ? e.message : String(e), e instanceof ChannelError ? (e.channelCode ?? e.kind) : "error");
  }
}

/** Resolves every placement's candidates and plans; promotes an image to a required slot when needed. */
async function planListing(deps: SyncDeps, shop: ShopForPublish, listing: ListingRow, placements: PlacementRow[], observed: ObservedImage[], channel: Channel, at: Date) {
  const channelId = listing.account.channel as ChannelId;
  const ctx: ResolveContext = {
    deps: { prisma: deps.prisma, db: deps.prisma, blobs: deps.blobs, queue: deps.queue, config: deps.config },
    shopId: listing.shopId,
    mediaKey: shop.mediaKey,
    gateEpoch: shop.gateEpoch,
    publicUrl: deps.config.publicUrl,
    channel: channelId,
    market: marketOf(listing),
    now: at,
    loaded: new Map(placements.map((pl) => [pl.assetId, pl.asset])),
    cache: new Map(),
  };
  const shopFallback = shop.fallbackAssetId;
  const inputs: PlacementInput[] = [];
  for (const pl of placements)
    inputs.push({
      id: pl.id,
      slot: pl.slot as PlacementInput["slot"],
      state: pl.state as PlacementState,
      candidates: pl.state === "drifted" ? [] : await candidatesFor(ctx, pl, shopFallback),
      applied: pl.appliedSourceKey ? { sourceKey: pl.appliedSourceKey, externalRef: pl.externalRef } : null,
      displacedRef: pl.displacedRef,
    });
  const input = { capabilities: channel.capabilities, placements: inputs, observed };
  let p = plan(input);
  if ([...p.outcomes.values()].some((o) => o.kind === "blocked")) {
    // A required slot has nothing to show: the next managed image may take it, under the main preset.
    for (const i of inputs) {
      const o = p.outcomes.get(i.id);
      if (o?.kind === "show") i.mainTarget = await targetUnderPreset(ctx, o.target.versionId, o.target.assetId, mainPresetOf(channelId));
    }
    p = plan(input);
  }
  return p;
}

function marketOf(listing: ListingRow): string | null {
  const markets = (listing.account.marketplaces as Array<{ id: string; countryCode?: string | null }> | null) ?? [];
  const m = markets.find((x) => x.id === listing.marketplaceId) ?? (markets.length === 1 ? markets[0] : undefined);
  return m?.countryCode ?? null;
}

function toChannelImage(blobs: BlobStore, d: DesiredImage): ChannelImage {
  if (d.kind === "external") return { kind: "external", slot: d.slot, externalRef: d.externalRef };
  const t: ManagedTarget = d.target;
  return {
    kind: "managed",
    slot: d.slot,
    sourceKey: t.sourceKey,
    url: t.url,
    mime: t.mime,
    width: t.width,
    height: t.height,
    open: async () => Readable.toWeb(await blobs.open(t.storageKey)) as ReadableStream<Uint8Array>,
  };
}

/** Writes what the channel shows for each placement, the listing's gallery, and what comes next. */
async function record(
  deps: SyncDeps,
  listing: ListingRow,
  placements: PlacementRow[],
  outcomes: Map<string, PlacementOutcome>,
  shown: ObservedImage[],
  at: Date,
  wrote: boolean,
) {
  const shopId = listing.shopId;
  let waiting = false;
  let oldestSubmit: Date | null = null;
  await deps.prisma.$transaction(async (tx) => {
    for (const pl of placements) {
      const o = outcomes.get(pl.id);
      if (!o || o.kind === "drifted") continue;
      const update = placementUpdate(pl, o, shown, at);
      if (!update) continue;
      if (update.state === "submitted") {
        waiting = true;
        // Since when the channel has been processing this image (a new image restarts the clock).
        const since = update.lastSyncedAt instanceof Date ? update.lastSyncedAt : (pl.lastSyncedAt ?? at);
        if (!oldestSubmit || since < oldestSubmit) oldestSubmit = since;
      }
      await updatePlacement(tx, shopId, pl.id, update);
      if (update.state !== pl.state && (update.state === "blocked" || update.state === "withdrawn"))
        await tellShop(tx, deps.queue, shopId, {
          kind: update.state === "blocked" ? "placement.blocked" : "placement.withdrawn",
          title:
            update.state === "blocked"
              ? `“${pl.asset.title}” must come off ${listing.title}, but nothing can replace it`
              : `“${pl.asset.title}” was taken off ${listing.title}`,
          body: `${channelName(listing.account.channel)} · ${pl.slot}: ${String(update.lastError ?? "")}`,
          link: `/app/assets/${pl.assetId}`,
          subjectType: "placement",
          subjectId: pl.id,
        });
    }
    await setListingSync(tx, shopId, listing.id, {
      gallery: shown as unknown as object,
      galleryReadAt: at,
      syncState: waiting ? "waiting" : "idle",
      syncError: null,
      ...(wrote ? { syncedAt: at } : {}),
    });
    if (waiting) {
      const since = at.getTime() - (oldestSubmit ?? at).getTime();
      await deps.queue.enqueue(tx, "sync.readback", { shopId, listingId: listing.id }, { startAfter: new Date(at.getTime() + readbackDelayMs(since)) });
    }
    await settleBatches(tx, deps.queue, shopId, [...new Set(placements.map((p) => p.batchId).filter((b): b is string => Boolean(b)))], at);
  });
}

function placementUpdate(pl: PlacementRow, o: PlacementOutcome, shown: ObservedImage[], at: Date): PlacementUpdate | null {
  switch (o.kind) {
    case "show": {
      const img = shown.find((s) => s.sourceKey === o.target.sourceKey);
      const desired = { desiredAssetId: o.target.assetId, desiredVersionId: o.target.versionId, desiredSourceKey: o.target.sourceKey };
      if (!img) {
        // Accepted but not shown yet (e.g. Amazon still processing after a restart of the worker).
        const stillWaiting = pl.state === "submitted" && pl.appliedSourceKey === o.target.sourceKey && pl.lastSyncedAt && at.getTime() - pl.lastSyncedAt.getTime() < SUBMITTED_TTL_MS;
        if (stillWaiting) return { ...desired, state: "submitted" };
        return { ...desired, state: "failed", lastError: "The channel did not show the image after accepting it.", lastErrorCode: "not_shown", lastSyncedAt: at };
      }
      const s = stateOfShown(img);
      return {
        ...desired,
        state: s.state,
        appliedAssetId: o.target.assetId,
        appliedVersionId: o.target.versionId,
        appliedSourceKey: o.target.sourceKey,
        externalRef: img.externalRef,
        fingerprint: img.fingerprint,
        observedRef: null,
        observedUrl: null,
        lastError: o.via === "asset" ? s.error : (s.error ?? `Showing the ${o.via === "asset_fallback" ? "asset's fallback" : "shop's default fallback"} image.`),
        lastErrorCode: s.code,
        // Still processing the image submitted before: its clock runs on (read-back pacing, SUBMITTED_TTL_MS).
        // A different image (a new version written while the old one processed) starts its own.
        lastSyncedAt: pl.state === "submitted" && pl.appliedSourceKey === o.target.sourceKey && s.state === "submitted" ? pl.lastSyncedAt : at,
        ...(s.state === "live" && pl.state !== "live" ? { liveAt: at } : {}),
      };
    }
    case "withdrawn":
      return { state: "withdrawn", appliedAssetId: null, appliedVersionId: null, appliedSourceKey: null, externalRef: null, fingerprint: null, desiredAssetId: null, desiredVersionId: null, desiredSourceKey: null, lastError: o.reason, lastErrorCode: "withdrawn", lastSyncedAt: at };
    case "blocked":
      return { state: "blocked", lastError: o.reason, lastErrorCode: "blocked", lastSyncedAt: at };
    case "waiting":
      return pl.state === "pending" ? null : { state: "pending" };
    case "drifted":
      return null;
  }
}

/** Marks placements failed with the channel's message (and the listing), and settles their batches. */
async function failListing(deps: SyncDeps, listing: ListingRow, placements: PlacementRow[], message: string, code: string) {
  const shopId = listing.shopId;
  await deps.prisma.$transaction(async (tx) => {
    for (const pl of placements) await updatePlacement(tx, shopId, pl.id, { state: "failed", lastError: message, lastErrorCode: code, lastSyncedAt: new Date() });
    await setListingSync(tx, shopId, listing.id, { syncState: "failed", syncError: message });
    const unbatched = placements.filter((p) => !p.batchId);
    if (unbatched.length)
      await tellShop(tx, deps.queue, shopId, {
        kind: "sync.failed",
        title: `Publishing to ${listing.title} on ${channelName(listing.account.channel)} failed`,
        body: message,
        link: `/app/sync`,
        subjectType: "listing",
        subjectId: listing.id,
      });
    await settleBatches(tx, deps.queue, shopId, [...new Set(placements.map((p) => p.batchId).filter((b): b is string => Boolean(b)))], new Date());
  });
}

export const channelName = (c: string) => (c === "amazon" ? "Amazon" : c === "tiktok" ? "TikTok Shop" : c === "shopify" ? "Shopify" : c);

