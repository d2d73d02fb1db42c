// The sync engine's world for tests against the real connectors: the Shopify, Amazon and TikTok
// sandboxes (small catalogues, short processing), the app's /media route, test services whose settings
// point at them (demo mode, the Shopify sandbox as the demo store), a shop whose three accounts are
// linked through the channels' consent pages and whose catalogues are imported. Plus what the tests do
// with it: approved packshots, sync jobs run as the worker runs them, and what each sandbox SHOWS (read
// from its state, not from our database). Used by test/sync-channels.test.ts and test/sync-faults.test.ts.
import sharp from "sharp";
import { expect } from "vitest";
import type { ChannelId } from "../../connectors/channel";
import { startAmazonSandbox, type AmazonSandbox } from "../../sandbox/amazon";
import { startShopifySandbox, type ShopifySandbox } from "../../sandbox/shopify";
import { startTikTokSandbox, type TikTokSandbox } from "../../sandbox/tiktok";
import { createMember } from "../../app/.server/governance/members.repository";
import { actorOf } from "../../app/.server/governance/members.service";
import { changeVersionState } from "../../app/.server/library/assets.service";
import { ingestDepsOf, ingestStream } from "../../app/.server/library/ingest.service";
import { processVersion } from "../../app/.server/library/process-version.job";
import type { Actor } from "../../app/.server/library/types";
import { SHOPIFY_API_VERSION } from "../../app/.server/shopify-version";
import { importCatalogue } from "../../app/.server/sync/catalogue.service";
import { finishConnect, startConnect, type ConnectChannel } from "../../app/.server/sync/connect.service";
import { usageMap } from "../../app/.server/sync/placements.service";
import type { SyncDeps } from "../../app/.server/sync/publish.job";
import { syncHandlers } from "../../app/.server/sync/sync.jobs";
import type { DbKind } from "./db";
import { streamOf } from "./files";
import { sandboxChannelEnv } from "./channel-env";
import { startMediaServer, type MediaServer } from "./media-server";
import { createTestServices, createTestShop, TEST_ADMIN, type TestContext } from "./services";

export const APP = "http://app.test";
export const CHANNELS: ChannelId[] = ["shopify", "amazon", "tiktok"];
export const PRESET: Record<ChannelId, string> = { shopify: "shopify.product", amazon: "amazon.main", tiktok: "tiktok.main" };
export const TIKTOK_UPLOAD = "/product/202309/images/upload";
export const SYNC_JOBS = ["sync.publish", "sync.readback"] as const;
/** Shopify media the app put there are named <sha256>.<ext> (Shopify may add _<uuid>). */
export const OURS = /^[0-9a-f]{64}/;

/** A product on a white background filling ~87% of the frame: passes amazon.main (white, ≥ 85%). */
export async function packshot(seed: number, size = 1500): Promise<Buffer> {
  const c = (v: number) => ((v % 256) + 256) % 256;
  const inner = Math.round((size * 13) / 15);
  const product = await sharp({ create: { width: inner, height: inner, channels: 3, background: { r: c(30 + seed * 40), g: c(60 + seed * 10), b: c(140 - seed * 20) } } }).png().toBuffer();
  return sharp({ create: { width: size, height: size, channels: 3, background: { r: 255, g: 255, b: 255 } } })
    .composite([{ input: product, left: Math.round((size - inner) / 2), top: Math.round((size - inner) / 2) }])
    .jpeg({ quality: 90 })
    .toBuffer();
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const decode = (s: string) => s.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n))).replace(/&amp;/g, "&").replace(/&quot;/g, '"');

/** The seller's browser on a channel's consent page: read the form, press Approve, follow the redirect back to us. */
export async function approveConsent(url: string, channel: ConnectChannel): Promise<URLSearchParams> {
  const page = await fetch(url);
  expect(page.status).toBe(200);
  const html = await page.text();
  const action = /<form method="post" action="([^"]+)">/.exec(html)?.[1];
  expect(action).toBeTruthy();
  const form = new URLSearchParams();
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) form.set(m[1]!, decode(m[2]!));
  form.set("decision", "approve");
  const res = await fetch(new URL(action!, url), { method: "POST", body: form, redirect: "manual" });
  expect(res.status).toBe(302);
  const back = new URL(res.headers.get("location")!);
  expect(`${back.origin}${back.pathname}`).toBe(`${APP}/oauth/${channel}/callback`);
  return back.searchParams;
}

export interface SyncSandboxesOptions {
  kind: DbKind;
  /** Names the Shopify sandbox's shop (<name>-<kind>.myshopify.com) and the demo app. */
  name: string;
  /** Listings seeded on each channel (all of them are imported). */
  listings: number;
  /** More settings for the test services (and for a worker process: see `workerEnv`). */
  env?: Record<string, string>;
  /** Side of the packshots approvedVersion ingests (default 1500 px). */
  packshotSize?: number;
}

export interface SyncSandboxes {
  shopify: ShopifySandbox;
  amazon: AmazonSandbox;
  tiktok: TikTokSandbox;
  media: MediaServer;
  t: TestContext;
  /** What the sync jobs get (the services' composition: demo mode with the Shopify sandbox as the store). */
  deps: SyncDeps;
  shopId: string;
  mediaKey: string;
  admin: Actor;
  accountIds: Record<ChannelId, string>;
  /** Per channel: the imported listings, by the channel's id (our id, the channel's id). */
  listings: Record<ChannelId, Array<{ id: string; externalId: string }>>;
  /** Images TikTok held before the app uploaded anything. */
  seededTikTokUris: Set<string>;
  /** Errors of jobs run by runDueJobs (each also failed its pg-boss job). */
  errors: unknown[];
  /**
   * The environment of a separate worker process (`npm run worker`) on this world: the channel
   * settings, this test's data directory (blobs, the demo encryption key) and database.
   */
  workerEnv(): Record<string, string>;
  prisma(): TestContext["services"]["db"]["prisma"];
  lib(): { prisma: TestContext["services"]["db"]["prisma"]; queue: TestContext["services"]["queue"] };
  boss(): TestContext["services"]["queue"]["boss"];
  /** Ingests a packshot (a new asset, or a new version of `assetId`), processes and approves it. */
  approvedVersion(seed: number, title: string, assetId?: string): Promise<{ assetId: string; versionId: string }>;
  /** Claims the due sync jobs and runs them as the worker does (concurrently; complete, or fail = an attempt spent). */
  runDueJobs(): Promise<number>;
  queuedSyncJobs(): Promise<unknown[]>;
  placementsOf(assetId: string): ReturnType<typeof usageMap>;
  /**
   * Runs jobs (waiting out startAfter of readbacks and throttled re-sends) until every placement is live
   * and nothing is queued (`anyState`: until nothing is queued, whatever the placements' states).
   */
  converge(assetId: string, timeoutMs?: number, opts?: { anyState?: boolean }): ReturnType<typeof usageMap>;
  /** sha256 and public URL of the rendition a channel gets for a version. */
  renditionOf(versionId: string, channel: ChannelId): Promise<{ sha: string; ext: string; url: string; width: number; height: number }>;
  shopifyFirst(productId: string): ShopifySandbox["state"]["media"] extends Map<string, infer M> ? M : never;
  shopifyMediaCount(productId: string): number;
  amazonMain(sku: string): { url: string | null; issue: unknown; ingested: string | null };
  tiktokFirst(productId: string): { uri: string; status: string; count: number };
  tiktokUploads(): number;
  /** The rendition sha256 the app saved (onCreated) for a TikTok image uri, if any. */
  knownSha(uri: string): Promise<string | null>;
  close(): Promise<void>;
}

export async function startSyncSandboxes(opts: SyncSandboxesOptions): Promise<SyncSandboxes> {
  const { kind, listings: n } = opts;
  const shopifyApp = { clientId: `${opts.name}-app`, clientSecret: `${opts.name}-secret` };
  // Small catalogues and short processing so the engine's waits (Shopify media, Amazon ingestion, TikTok audit) stay short.
  const shopify = await startShopifySandbox({ shop: `${opts.name}-${kind}.myshopify.com`, seedProducts: n, processingMs: 50, versions: [SHOPIFY_API_VERSION], bucket: { maximumAvailable: 20_000, restoreRate: 1000 }, ...shopifyApp });
  const amazon = await startAmazonSandbox({ seedListings: n, processingDelayMs: 200, redirectUris: [`${APP}/oauth/amazon/callback`] });
  const tiktok = await startTikTokSandbox({ seedProducts: n, auditDelayMs: 200, redirectUrl: `${APP}/oauth/tiktok/callback` });
  const seededTikTokUris = new Set(tiktok.state.images.keys());
  let t: TestContext | undefined;
  const media = await startMediaServer(() => (t ? { prisma: t.services.db.prisma, blobs: t.services.blobs } : null));
  const channelEnv: Record<string, string> = {
    ASSETLINE_MODE: "demo",
    ASSETLINE_PUBLIC_URL: media.url,
    // Demo mode's composition (context.ts) with this sandbox as the demo store.
    ...sandboxChannelEnv({ shopify, amazon, tiktok, shopifyApp }),
    ...opts.env,
  };
  const close = async () => {
    await t?.close();
    await Promise.allSettled([shopify.close(), amazon.close(), tiktok.close(), media.close()]);
  };
  try {
    t = await createTestServices(kind, { env: channelEnv });
    const ctx = t;
    const p = ctx.services.db.prisma;
    const deps: SyncDeps = { prisma: p, blobs: ctx.services.blobs, queue: ctx.services.queue, config: ctx.services.config, channels: ctx.services.channels };
    const shop = await createTestShop(ctx.services);
    const shopId = shop.id;
    const admin = actorOf(await createMember(p, shopId, { name: "Owner", role: "admin", markets: [], isOwner: true }));
    const accountIds = {} as Record<ChannelId, string>;
    const listings = {} as Record<ChannelId, Array<{ id: string; externalId: string }>>;
    for (const channel of CHANNELS) {
      const url = await startConnect(ctx.services, shopId, admin, channel, "US", APP);
      const [account] = await finishConnect(ctx.services, channel, await approveConsent(url, channel), APP);
      expect(account).toMatchObject({ channel, status: "active" });
      accountIds[channel] = account!.id;
      const r = await importCatalogue(p, shopId, account!.id, await ctx.services.channels.channelFor(account!));
      expect(r.listings).toBe(n);
      const rows = await p.listing.findMany({ where: { shopId, accountId: account!.id }, orderBy: { externalId: "asc" } });
      listings[channel] = rows.map((l) => ({ id: l.id, externalId: l.externalId }));
    }

    const lib = () => ({ prisma: p, queue: ctx.services.queue });
    const boss = () => ctx.services.queue.boss;
    const errors: unknown[] = [];

    async function approvedVersion(seed: number, title: string, assetId?: string) {
      const d = ingestDepsOf(ctx.services);
      const o = await ingestStream(d, shopId, TEST_ADMIN, { stream: streamOf(await packshot(seed, opts.packshotSize)), filename: `${title}.jpg` }, assetId ? { assetId } : {});
      if (o.status !== "created") throw new Error(`expected created, got ${o.status}`);
      await processVersion({ prisma: d.prisma, blobs: d.blobs, config: ctx.config, queue: ctx.services.queue }, shopId, o.versionId, { lastAttempt: false });
      await changeVersionState(lib(), shopId, TEST_ADMIN, o.versionId, "approve");
      return { assetId: o.assetId, versionId: o.versionId };
    }

    // One set of handlers for the world, as a worker has (their read cache lives as long as they do).
    const h = syncHandlers(deps);
    async function runDueJobs(): Promise<number> {
      let ran = 0;
      for (const name of SYNC_JOBS) {
        const jobs = await boss().fetch<{ shopId: string; listingId: string }>(name, { batchSize: 50, includeMetadata: true });
        ran += jobs.length;
        await Promise.all(
          jobs.map(async (job) => {
            try {
              if (name === "sync.publish") await h.publish(job.data, { lastAttempt: job.retryCount >= job.retryLimit, signal: new AbortController().signal });
              else await h.readback(job.data);
              await boss().complete(name, job.id);
            } catch (e) {
              errors.push(e);
              await boss().fail(name, job.id, { message: e instanceof Error ? e.message : String(e) });
            }
          }),
        );
      }
      return ran;
    }

    const queuedSyncJobs = async () => (await Promise.all(SYNC_JOBS.map((name) => boss().findJobs(name, { data: { shopId }, queued: true })))).flat();
    const placementsOf = (assetId: string) => usageMap(lib(), shopId, TEST_ADMIN, assetId);

    async function converge(assetId: string, timeoutMs = 25_000, opts: { anyState?: boolean } = {}) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        if (await runDueJobs()) continue;
        const queued = await queuedSyncJobs();
        const rows = await placementsOf(assetId);
        if (!queued.length) {
          if (opts.anyState || rows.every((r) => r.state === "live")) return rows;
          throw new Error(`nothing queued, but not all live: ${JSON.stringify(rows.map((r) => [r.channel, r.listingTitle, r.state, r.lastError]))}`);
        }
        if (Date.now() > deadline)
          throw new Error(`did not converge: ${JSON.stringify(rows.map((r) => [r.channel, r.listingTitle, r.state, r.lastError]))}; errors: ${errors.map(String).join(" | ")}`);
        await sleep(50);
      }
    }

    async function renditionOf(versionId: string, channel: ChannelId) {
      const r = await p.rendition.findFirstOrThrow({ where: { shopId, versionId, presetId: PRESET[channel] }, include: { blob: true }, orderBy: { createdAt: "desc" } });
      const ext = r.mime === "image/png" ? "png" : r.mime === "image/webp" ? "webp" : "jpg";
      return { sha: r.blob.sha256, ext, url: `${media.url}/media/${shop.mediaKey}/${r.blob.sha256}.${ext}`, width: r.width, height: r.height };
    }

    return {
      shopify,
      amazon,
      tiktok,
      media,
      t: ctx,
      deps,
      shopId,
      mediaKey: shop.mediaKey,
      admin,
      accountIds,
      listings,
      seededTikTokUris,
      errors,
      workerEnv: () => ({
        ...channelEnv,
        ASSETLINE_DATA_DIR: ctx.dataDir,
        DATABASE_URL: ctx.services.db.url ?? "",
        LOG_LEVEL: "silent",
      }),
      prisma: () => p,
      lib,
      boss,
      approvedVersion,
      runDueJobs,
      queuedSyncJobs,
      placementsOf,
      converge,
      renditionOf,
      shopifyFirst: (productId) => shopify.state.media.get(shopify.state.products.get(productId)!.mediaIds[0]!)!,
      shopifyMediaCount: (productId) => shopify.state.products.get(productId)!.mediaIds.length,
      amazonMain: (sku) => {
        const l = amazon.state.listings.get(sku)!;
        const v = l.attributes.main_product_image_locator as Array<{ media_location: string }> | undefined;
        return { url: v?.[0]?.media_location ?? null, issue: l.imageIssues.get("main_product_image_locator") ?? null, ingested: l.mainImage?.link ?? null };
      },
      tiktokFirst: (productId) => {
        const prod = tiktok.state.products.get(productId)!;
        return { uri: prod.mainImages[0]!, status: prod.status, count: prod.mainImages.length };
      },
      tiktokUploads: () => tiktok.state.requests.filter((r) => r.path === TIKTOK_UPLOAD && r.code === 0).length,
      knownSha: async (uri) => (await p.channelMedia.findFirst({ where: { shopId, accountId: accountIds.tiktok, externalRef: uri } }))?.sourceKey ?? null,
      close,
    };
  } catch (e) {
    await close();
    throw e;
  }
}
