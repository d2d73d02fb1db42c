// The one map from job name to handler. Names without a handler yet belong to later issues
// (sync, rights); nothing enqueues them until their handler exists.
import type { Config } from "../config";
import type { Prisma } from "../db/database";
import type { BlobStore } from "../media/blob-store";
import { processVersion } from "../library/process-version.job";
import { enabledAnalysers } from "../media/analysers/registry";
import { runAnalysis } from "../library/analyse.job";
import { purgeShop } from "../shops/purge.job";
import { findShopById } from "../shops/shops.repository";
import { scanRights } from "../governance/rights.service";
import { ChannelError } from "../../../connectors/channel";
import type { ChannelProvider } from "../sync/channel-provider";
import { findAccountRow } from "../sync/channel-accounts.repository";
import { importCatalogue } from "../sync/catalogue.service";
import { buildRenditionsJob } from "../renditions/build.job";
import { sendActivity } from "../notify/send.job";
import { scheduleReadbacks, syncHandlers } from "../sync/sync.jobs";
import { compactFacetCounts } from "../library/search-index.repository";
import { seedDemoPlacements } from "../shops/demo-placements";
import { resyncAccount } from "../sync/reconcile.service";
import type { JobName, JobPayloads } from "./names";
import type { JobQueue } from "./queue";
import type { JobContext, JobHandlers } from "./worker";

export interface HandlerDeps {
  prisma: Prisma;
  blobs: BlobStore;
  queue: JobQueue;
  config: Config;
  channels: ChannelProvider;
}

export function buildHandlers(deps: HandlerDeps): JobHandlers {
  // Work for a shop that uninstalled the app stops at once: its queued jobs finish as no-ops.
  // shop.purge is the exception: it is how an uninstalled shop's data is erased.
  const forInstalledShop =
    <N extends JobName>(fn: (p: JobPayloads[N], ctx: JobContext) => Promise<void>) =>
    async (p: JobPayloads[N], ctx: JobContext) => {
      const shop = await findShopById(deps.prisma, (p as { shopId: string }).shopId);
      if (!shop || shop.uninstalledAt) return;
      await fn(p, ctx);
    };
  const sync = syncHandlers(deps);
  const analysers = enabledAnalysers(deps.config.analysers);
  return {
    // A publish reads its shop once, for this check and what it needs of the shop (publish.job.ts).
    "sync.publish": (p, ctx) => sync.publish(p, ctx),
    "sync.readback": forInstalledShop<"sync.readback">((p) => sync.readback(p)),
    "ingest.process": forInstalledShop<"ingest.process">((p, ctx) =>
      processVersion(deps, p.shopId, p.versionId, { lastAttempt: ctx.lastAttempt }),
    ),
    "rendition.build": forInstalledShop<"rendition.build">((p) => buildRenditionsJob(deps, p)),
    "analyse.run": forInstalledShop<"analyse.run">(async (p) => {
      await runAnalysis({ ...deps, analysers }, p);
    }),
    "shop.purge": (p) => purgeShop(deps, p.shopId),
    "catalogue.import": forInstalledShop<"catalogue.import">(async (p) => {
      const account = await findAccountRow(deps.prisma, p.shopId, p.accountId);
      if (!account || account.status === "disconnected") return;
      const channel = await deps.channels.channelFor(account);
      try {
        await importCatalogue(deps.prisma, p.shopId, p.accountId, channel);
        // Placements that failed while the account could not be reached (or never went out) go now.
        await resyncAccount(deps.prisma, deps.queue, p.shopId, p.accountId);
        // The demo places a sample packshot on a few of the sandbox's listings (no-op for real shops).
        await seedDemoPlacements(deps, p.shopId, p.accountId).catch((e: Error) => console.warn("[demo] placing sample assets failed:", e.message));
      } catch (e) {
        // Throttled: come back when the channel says, without spending an attempt (DESIGN §5).
        if (e instanceof ChannelError && e.kind === "throttled") {
          await deps.queue.send("catalogue.import", p, { startAfter: new Date(Date.now() + (e.retryAfterMs ?? 1000)) });
          return;
        }
        throw e;
      }
    }),
    "rights.scan": async () => {
      // Channels without change webhooks are read back for drift on the same minute tick.
      await scheduleReadbacks(deps).catch((e: Error) => console.warn("[sync] read-back scheduling failed:", e.message));
      await scanRights(deps.prisma, deps.queue);
      // Search: fold the minute's facet count changes in (browsing sums what is not folded yet).
      await compactFacetCounts(deps.prisma).catch((e: Error) => console.warn("[search] compacting facet counts failed:", e.message));
    },
    "notify.send": forInstalledShop<"notify.send">((p, ctx) =>
      sendActivity(deps, p.shopId, p.activityId, { lastAttempt: ctx.lastAttempt, signal: ctx.signal }),
    ),
  };
}
