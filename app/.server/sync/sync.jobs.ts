// The sync engine's job handlers. sync.publish runs publishListing (the worker runs a fair share of them
// per channel account: the job's group); sync.readback (scheduled after a write the channel still processes, and periodically for
// channels without change webhooks) hands over to sync.publish, so that one job at a time touches a
// listing (the stately key publish:<listingId>).
import { ChannelError, type ListingRef } from "../../../connectors/channel";
import type { JobContext } from "../jobs/worker";
import { findListingForSync, listingsDueForReadback, listingsToReadAlong } from "./placements.repository";
import { publishListing, readbackDelayMs, type SyncDeps } from "./publish.job";
import { ReadCache } from "./read-cache";

/** Amazon and TikTok send us nothing when a seller edits images: they are read back this often. */
export const READBACK_EVERY_MS = 30 * 60_000;
/** Listings read in one bulk read (Amazon's searchListingsItems takes 20 SKUs). */
const READ_ALONG = 20;

export function syncHandlers(deps: SyncDeps) {
  const d: SyncDeps = { ...deps, reads: deps.reads ?? new ReadCache() };
  return {
    publish: (p: { shopId: string; listingId: string }, ctx: JobContext) => publishListing(d, p.shopId, p.listingId, { lastAttempt: ctx.lastAttempt }),
    async readback(p: { shopId: string; listingId: string }) {
      const listing = await findListingForSync(d.prisma, p.shopId, p.listingId);
      if (!listing) return;
      await readAlong(d, listing).catch((e: Error) => {
        // Only an optimisation: the publish reads the listing itself.
        if (!(e instanceof ChannelError)) console.warn("[sync] bulk read-back failed:", e.message);
      });
      await d.queue.send("sync.publish", p, { group: listing.accountId });
    },
  };
}

/**
 * Where the channel reads many listings in one call: reads this listing with up to 19 others of its
 * account that wait on the channel as long or longer (or are due a periodic read), and keeps the galleries
 * for their publishes. Their own read-backs then find them read.
 */
async function readAlong(deps: SyncDeps, listing: NonNullable<Awaited<ReturnType<typeof findListingForSync>>>): Promise<void> {
  const reads = deps.reads;
  if (!reads || reads.has(listing.id) || listing.account.status !== "active" || listing.deletedAt) return;
  const channel = await deps.channels.channelFor(listing.account);
  if (!channel.readImagesMany) return;
  const now = Date.now();
  const candidates = await listingsToReadAlong(deps.prisma, listing.shopId, listing.accountId, {
    exclude: [listing.id],
    waitingReadBefore: new Date(now - readbackDelayMs(0)),
    staleBefore: new Date(now - READBACK_EVERY_MS),
    limit: READ_ALONG * 5,
  });
  // A listing waiting on the channel comes along when it has waited as long as this one, or its own
  // read-back is due: during a propagation each listing's read-back is due a moment after the one before,
  // so without the second rule nearly every bulk read carried one listing (1,000 calls for 1,000 writes).
  // Not earlier: its read-back would take a read made before the channel could have processed the write.
  const mine = listing.galleryReadAt ?? new Date(now);
  // One marketplace per batch: the answer is keyed by SKU, which may repeat across marketplaces.
  const batch = [listing, ...candidates.filter((o) => comesAlong(o, mine, now) && !reads.has(o.id) && o.marketplaceId === listing.marketplaceId)].slice(0, READ_ALONG);
  const refOf = (l: { externalId: string; marketplaceId: string | null; productType: string | null }): ListingRef => ({
    accountId: listing.accountId,
    externalId: l.externalId,
    ...(l.marketplaceId ? { marketplaceId: l.marketplaceId } : {}),
    ...(l.productType ? { productType: l.productType } : {}),
  });
  const at = Date.now();
  const galleries = await channel.readImagesMany(batch.map(refOf));
  for (const l of batch) if (galleries.has(l.externalId)) reads.put(l.id, { at, images: galleries.get(l.externalId) ?? null });
}

/** Whether a listing is read along with one last read at `mine` (see readAlong). */
export function comesAlong(o: { syncState: string; galleryReadAt: Date | null; syncedAt: Date | null }, mine: Date, now: number): boolean {
  if (o.syncState !== "waiting" || !o.galleryReadAt) return true; // due a periodic read
  return o.galleryReadAt.getTime() <= mine.getTime() || readbackDueAt(o.galleryReadAt, o.syncedAt) <= now;
}

/** When the read-back after a listing's last read falls due (as publish schedules it: the wait grows with the time since the write). */
export function readbackDueAt(readAt: Date, wroteAt: Date | null): number {
  return readAt.getTime() + readbackDelayMs(readAt.getTime() - (wroteAt ?? readAt).getTime());
}

/** The periodic read-back (run with rights.scan every minute): listings not read for a while. */
export async function scheduleReadbacks(deps: Pick<SyncDeps, "prisma" | "queue">, now = new Date()): Promise<number> {
  const due = await listingsDueForReadback(deps.prisma, ["amazon", "tiktok"], new Date(now.getTime() - READBACK_EVERY_MS), 500);
  if (due.length) await deps.queue.sendMany("sync.readback", due.map((l) => ({ shopId: l.shopId, listingId: l.id })));
  return due.length;
}
