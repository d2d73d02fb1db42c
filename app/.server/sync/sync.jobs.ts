// The sync engine's job handlers. sync.publish runs publishListing (the worker runs a fair share of them
// per channel account: the job's group); sync.readback (scheduled after a write the channel still processes, and periodically for
// channels without change webhooks) hands over to sync.publish, so that one job at a time touches a
// listing (the stately key publish:<listingId>).
import type { JobContext } from "../jobs/worker";
import { findListingForSync, listingsDueForReadback } from "./placements.repository";
import { publishListing, type SyncDeps } from "./publish.job";

/** Amazon and TikTok send us nothing when a seller edits images: they are read back this often. */
export const READBACK_EVERY_MS = 30 * 60_000;
export function syncHandlers(deps: SyncDeps) {
  return {
    publish: (p: { shopId: string; listingId: string }, ctx: JobContext) => publishListing(deps, p.shopId, p.listingId, { lastAttempt: ctx.lastAttempt }),
    async readback(p: { shopId: string; listingId: string }) {
      const listing = await findListingForSync(deps.prisma, p.shopId, p.listingId);
      if (listing) await deps.queue.send("sync.publish", p, { group: listing.accountId });
    },
  };
}

/** The periodic read-back (run with rights.scan every minute): listings not read for a while. */
export async function scheduleReadbacks(deps: Pick<SyncDeps, "prisma" | "queue">, now = new Date()): Promise<number> {
  const due = await listingsDueForReadback(deps.prisma, ["amazon", "tiktok"], new Date(now.getTime() - READBACK_EVERY_MS), 500);
  if (due.length) await deps.queue.sendMany("sync.readback", due.map((l) => ({ shopId: l.shopId, listingId: l.id })));
  return due.length;
}
