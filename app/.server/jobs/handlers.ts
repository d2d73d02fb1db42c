// The one map from job name to handler. Names without a handler yet belong to later issues
// (sync, analysis, rights); nothing enqueues them until their handler exists.
import type { Config } from "../config";
import type { Prisma } from "../db/database";
import type { BlobStore } from "../media/blob-store";
import { processVersion } from "../library/process-version.job";
import { purgeShop } from "../shops/purge.job";
import type { JobQueue } from "./queue";
import type { JobHandlers } from "./worker";

export interface HandlerDeps {
  prisma: Prisma;
  blobs: BlobStore;
  queue: JobQueue;
  config: Config;
}

export function buildHandlers(deps: HandlerDeps): JobHandlers {
  return {
    "ingest.process": (p, ctx) => processVersion(deps, p.shopId, p.versionId, { lastAttempt: ctx.lastAttempt }),
    "shop.purge": (p) => purgeShop(deps, p.shopId),
  };
}
