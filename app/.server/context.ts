// Composition root: builds the process-wide services once (database, blob store, job queue, worker)
// and hands them to routes. Kept on globalThis so Vite's dev reloads do not open a second PGlite.
import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { createSealer, type Sealer } from "./crypto";
import { createChannelProvider, type ChannelProvider } from "./sync/channel-provider";
import { channelFactories } from "./sync/channel-factories";
import { startDemoSandboxes, type DemoSandboxes } from "./shops/demo-sandboxes";
import { getConfig, type Config } from "./config";
import { SHOPIFY_API_VERSION } from "./shopify-version";
import { startEmbeddedMaintenance } from "./db/maintenance";
import { openDatabase, type Database } from "./db/database";
import { applyMigrations, MIGRATIONS_DIR, readMigrations } from "./db/migrate";
import { startJobQueue, type JobQueue } from "./jobs/queue";
import { startWorker, type Worker } from "./jobs/worker";
import { closeAnalysers } from "./media/analysers/registry";
import { createBlobStore } from "./media/blob-store";
import type { BlobStore } from "./media/blob-store";
import { buildHandlers } from "./jobs/handlers";
import { DEMO_SHOP_DOMAIN, ensureDemoShop } from "./shops/demo";
import { sweepOrphanBlobs } from "./library/orphans";
import { backfillSearchIndex } from "./library/search-index.service";

export interface AppServices {
  config: Config;
  db: Database;
  blobs: BlobStore;
  queue: JobQueue;
  worker: Worker | null;
  /** Seals channel tokens at rest (AES-256-GCM, key id inside, owner as associated data). */
  sealer: Sealer;
  /** Builds the connector for a linked channel account. */
  channels: ChannelProvider;
  /** Demo mode: the in-process channel sandboxes (null otherwise). */
  sandboxes: DemoSandboxes | null;
  close(): Promise<void>;
}

export interface BootOptions {
  /** Run job handlers in this process (the embedded default; `npm run worker` for scale-out). */
  worker?: boolean;
  /** Seed the demo shop and its sample library (demo mode only). */
  seedDemo?: boolean;
  /** An already open database (tests open copies of a migrated template). */
  db?: Database;
  /** Demo mode: run the channel sandboxes in-process (default: when seeding the demo). */
  sandboxes?: boolean;
}

export async function createServices(baseConfig: Config, opts: BootOptions = {}): Promise<AppServices> {
  let config = baseConfig;
  await mkdir(config.dataDir, { recursive: true });
  const db =
    opts.db ??
    (await openDatabase(config.database.kind === "postgres" ? config.database : { kind: "pglite", dataDir: config.database.dataDir }));
  try {
    await db.withConn(async (conn) => applyMigrations(conn, await readMigrations(MIGRATIONS_DIR)));
    const blobs = createBlobStore(config.blobs);
    const runWorker = opts.worker ?? config.worker.inline;
    const queue = await startJobQueue(db, {
      supervise: runWorker,
      superviseIntervalSeconds: config.jobs.superviseIntervalSeconds,
      syncJobs: { timeoutSeconds: config.jobs.syncTimeoutSeconds, heartbeatSeconds: config.jobs.syncHeartbeatSeconds },
    });
    const sealer = await sealerFor(config);
    // Demo: the channels are the in-process sandboxes, and the settings point at them.
    const sandboxes = config.mode === "demo" && (opts.sandboxes ?? opts.seedDemo ?? true) ? await startDemoSandboxes(config, DEMO_SHOP_DOMAIN) : null;
    if (sandboxes) config = { ...config, channels: sandboxes.channels };
    // The demo store: the in-process sandbox, or one the caller runs and names in the config (a benchmark).
    const demoApp = config.mode === "demo" ? config.channels.demoShopifyApp : null;
    const demoShopify = sandboxes
      ? { origin: sandboxes.shopify.sandbox.url, version: sandboxes.shopify.version, clientId: sandboxes.shopify.clientId, clientSecret: sandboxes.shopify.clientSecret }
      : demoApp && config.channels.shopifyAdminOrigin
        ? { origin: config.channels.shopifyAdminOrigin, version: SHOPIFY_API_VERSION, ...demoApp }
        : null;
    const channels = createChannelProvider({ prisma: db.prisma, sealer, config }, channelFactories({ prisma: db.prisma, sealer, demoShopify }));
    const worker = runWorker
      ? await startWorker(queue, buildHandlers({ prisma: db.prisma, blobs, queue, config, channels }), { concurrency: config.worker.concurrency, sync: config.sync })
      : null;
    // PGlite has no autovacuum: the process that runs the worker vacuums it (db/maintenance.ts).
    const stopMaintenance = runWorker ? startEmbeddedMaintenance(db, config.dbMaintenanceIntervalSeconds * 1000) : async () => {};
    const services: AppServices = {
      config,
      db,
      blobs,
      queue,
      worker,
      sealer,
      channels,
      sandboxes,
      async close() {
        await worker?.stop();
        await stopMaintenance();
        // The analysers' worker threads the analyse jobs started (they restart on next use).
        if (worker) await closeAnalysers();
        await queue.stop();
        await sandboxes?.close();
        await db.close();
      },
    };
    // Temp files of uploads cut off by a crash; a day is longer than any upload in flight.
    if (runWorker) void blobs.sweepTemp(24 * 3600 * 1000).catch(() => {});
    // Assets from before the search index existed (the search_index migration) get indexed once.
    if (runWorker) void backfillSearchIndex(db.prisma).catch((e) => console.warn("[search] index backfill failed:", e.message));
    if (config.mode === "demo") {
      const shop = await ensureDemoShop(services, { seed: opts.seedDemo ?? true });
      if (runWorker) void sweepOrphanBlobs(services, shop.id).catch((e) => console.warn("[blobs] sweep failed:", e.message));
    }
    return services;
  } catch (err) {
    await db.close().catch(() => {});
    throw err;
  }
}

/**
 * The configured key (required in Shopify mode); the demo, which has no configuration, keeps a key of
 * its own in the data directory (0600), so sandbox accounts' tokens are sealed like real ones.
 */
async function sealerFor(config: Config): Promise<Sealer> {
  if (config.encryptionKey) return createSealer(config.encryptionKey, config.previousEncryptionKeys);
  const file = path.join(config.dataDir, "encryption-key");
  let key = await readFile(file, "utf8").then((s) => s.trim(), () => "");
  if (!key) {
    key = randomBytes(32).toString("base64");
    await writeFile(file, `${key}\n`, { mode: 0o600, flag: "wx" }).catch(async () => {
      key = (await readFile(file, "utf8")).trim(); // another process wrote it first
    });
  }
  return createSealer(key, config.previousEncryptionKeys);
}

const g = globalThis as unknown as { __assetline?: Promise<AppServices> };

/** The process-wide services, created on first use. */
export function getServices(): Promise<AppServices> {
  g.__assetline ??= createServices(getConfig()).catch((err) => {
    g.__assetline = undefined;
    throw err;
  });
  return g.__assetline;
}

/** Installs already built services as the process-wide ones (tests, CLI tools that build their own). */
export function useServices(services: AppServices | null): void {
  g.__assetline = services ? Promise.resolve(services) : undefined;
}

export async function closeServices(): Promise<void> {
  const s = g.__assetline;
  g.__assetline = undefined;
  if (s) await (await s).close();
}
