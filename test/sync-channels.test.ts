// The sync engine against the real connectors and their sandboxes (test/sync.test.ts covers the engine's
// rules with the in-memory channel): the three accounts are linked through their consent pages, the
// catalogues imported, and an approved packshot placed in `main` of two listings per channel. The queued
// jobs run as the worker runs them (claimed, completed or failed through pg-boss), readbacks included,
// until every placement is live. What each channel shows is read from the SANDBOX, not from our
// database. Then a new version replaces the old one everywhere (no duplicate media on Shopify, one TikTok
// upload per listing), a 429 storm costs no pg-boss attempt, and expired tokens are refreshed mid-run.
import sharp from "sharp";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ChannelId } from "../connectors/channel";
import { startAmazonSandbox, type AmazonSandbox } from "../sandbox/amazon";
import { startShopifySandbox, type ShopifySandbox } from "../sandbox/shopify";
import { startTikTokSandbox, type TikTokSandbox } from "../sandbox/tiktok";
import type { AppServices } from "../app/.server/context";
import { createMember } from "../app/.server/governance/members.repository";
import { actorOf } from "../app/.server/governance/members.service";
import { changeVersionState } from "../app/.server/library/assets.service";
import { ingestDepsOf, ingestStream } from "../app/.server/library/ingest.service";
import { processVersion } from "../app/.server/library/process-version.job";
import type { Actor } from "../app/.server/library/types";
import { SHOPIFY_API_VERSION } from "../app/.server/shopify-version";
import { importCatalogue } from "../app/.server/sync/catalogue.service";
import { channelFactories } from "../app/.server/sync/channel-factories";
import { createChannelProvider } from "../app/.server/sync/channel-provider";
import { finishConnect, startConnect, type ConnectChannel } from "../app/.server/sync/connect.service";
import { placeAsset, setAssetVersion, usageMap } from "../app/.server/sync/placements.service";
import type { SyncDeps } from "../app/.server/sync/publish.job";
import { syncHandlers } from "../app/.server/sync/sync.jobs";
import { DB_KINDS } from "./support/db";
import { streamOf } from "./support/files";
import { startMediaServer, type MediaServer } from "./support/media-server";
import { createTestServices, createTestShop, TEST_ADMIN, type TestContext } from "./support/services";

const APP = "http://app.test";
const CHANNELS: ChannelId[] = ["shopify", "amazon", "tiktok"];
const PRESET: Record<ChannelId, string> = { shopify: "shopify.product", amazon: "amazon.main", tiktok: "tiktok.main" };
const TIKTOK_UPLOAD = "/product/202309/images/upload";
const SYNC_JOBS = ["sync.publish", "sync.readback"] as const;

/** A product on a white background filling ~87% of the frame: passes amazon.main (white, ≥ 85%). */
async function packshot(seed: number): Promise<Buffer> {
  const product = await sharp({ create: { width: 1300, height: 1300, channels: 3, background: { r: 30 + seed * 40, g: 60 + seed * 10, b: 140 - seed * 20 } } }).png().toBuffer();
  return sharp({ create: { width: 1500, height: 1500, channels: 3, background: { r: 255, g: 255, b: 255 } } })
    .composite([{ input: product, left: 100, top: 100 }])
    .jpeg({ quality: 90 })
    .toBuffer();
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const decode = (s: string) => s.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n))).replace(/&amp;/g, "&").replace(/&quot;/g, '"');

/** The seller's browser on a channel's consent page: read the form, press Approve, follow the redirect back to us. */
async function approveConsent(url: string, channel: ConnectChannel): Promise<URLSearchParams> {
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

describe.each(DB_KINDS)("sync engine on the channel sandboxes (%s)", (kind) => {
  let shopify: ShopifySandbox;
  let amazon: AmazonSandbox;
  let tiktok: TikTokSandbox;
  let media: MediaServer;
  let t: TestContext;
  /** The test services with the demo store's Shopify (what createServices composes in demo mode). */
  let app: AppServices;
  let deps: SyncDeps;
  let shopId: string;
  let mediaKey: string;
  let admin: Actor;
  const accountIds = {} as Record<ChannelId, string>;
  /** Per channel: the imported listings we place on (our id, the channel's id). */
  const listings = {} as Record<ChannelId, Array<{ id: string; externalId: string }>>;
  const prisma = () => t.services.db.prisma;
  const lib = () => ({ prisma: prisma(), queue: t.services.queue });
  const boss = () => t.services.queue.boss;
  const shopifyApp = { clientId: "sync-channels-app", clientSecret: "sync-channels-secret" };
  let seededTikTokUris = new Set<string>();

  async function approvedVersion(seed: number, title: string, assetId?: string) {
    const d = ingestDepsOf(t.services);
    const o = await ingestStream(d, shopId, TEST_ADMIN, { stream: streamOf(await packshot(seed)), filename: `${title}.jpg` }, assetId ? { assetId } : {});
    if (o.status !== "created") throw new Error(`expected created, got ${o.status}`);
    await processVersion({ prisma: d.prisma, blobs: d.blobs, config: t.config, queue: t.services.queue }, shopId, o.versionId, { lastAttempt: false });
    await changeVersionState(lib(), shopId, TEST_ADMIN, o.versionId, "approve");
    return o;
  }

  /** Claims the due sync jobs and runs them as the worker does (concurrently; complete, or fail = an attempt spent). */
  const errors: unknown[] = [];
  async function runDueJobs(): Promise<number> {
    const h = syncHandlers(deps);
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

  const queuedSyncJobs = async () => (await Promise.all(SYNC_JOBS.map((n) => boss().findJobs(n, { data: { shopId }, queued: true })))).flat();

  const placementsOf = async (assetId: string) => usageMap(lib(), shopId, TEST_ADMIN, assetId);

  /** Runs jobs (waiting out startAfter of readbacks and throttled re-sends) until every placement is live and nothing is queued. */
  async function converge(assetId: string, timeoutMs = 25_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (await runDueJobs()) continue;
      const queued = await queuedSyncJobs();
      const rows = await placementsOf(assetId);
      if (!queued.length) {
        if (rows.every((r) => r.state === "live")) return rows;
        throw new Error(`nothing queued, but not all live: ${JSON.stringify(rows.map((r) => [r.channel, r.listingTitle, r.state, r.lastError]))}`);
      }
      if (Date.now() > deadline)
        throw new Error(`did not converge: ${JSON.stringify(rows.map((r) => [r.channel, r.listingTitle, r.state, r.lastError]))}; errors: ${errors.map(String).join(" | ")}`);
      await sleep(50);
    }
  }

  /** sha256 and public URL of the rendition a channel gets for a version. */
  async function renditionOf(versionId: string, channel: ChannelId) {
    const r = await prisma().rendition.findFirstOrThrow({ where: { shopId, versionId, presetId: PRESET[channel] }, include: { blob: true }, orderBy: { createdAt: "desc" } });
    const ext = r.mime === "image/png" ? "png" : r.mime === "image/webp" ? "webp" : "jpg";
    return { sha: r.blob.sha256, ext, url: `${media.url}/media/${mediaKey}/${r.blob.sha256}.${ext}`, width: r.width, height: r.height };
  }

  // ---- what each sandbox shows (read from its state, not from our database) ----------------------
  const shopifyFirst = (productId: string) => shopify.state.media.get(shopify.state.products.get(productId)!.mediaIds[0]!)!;
  const shopifyMediaCount = (productId: string) => shopify.state.products.get(productId)!.mediaIds.length;
  const amazonMain = (sku: string) => {
    const l = amazon.state.listings.get(sku)!;
    const v = l.attributes.main_product_image_locator as Array<{ media_location: string }> | undefined;
    return { url: v?.[0]?.media_location ?? null, issue: l.imageIssues.get("main_product_image_locator") ?? null, ingested: l.mainImage?.link ?? null };
  };
  const tiktokFirst = (productId: string) => {
    const p = tiktok.state.products.get(productId)!;
    return { uri: p.mainImages[0]!, status: p.status, count: p.mainImages.length };
  };
  const tiktokUploads = () => tiktok.state.requests.filter((r) => r.path === TIKTOK_UPLOAD && r.code === 0).length;
  const knownSha = async (uri: string) => (await prisma().channelMedia.findFirst({ where: { shopId, accountId: accountIds.tiktok, externalRef: uri } }))?.sourceKey ?? null;

  /** Every listing we placed on shows version `versionId` first, as each channel keeps it. */
  async function expectShown(versionId: string, which = listings) {
    for (const l of which.shopify) {
      const { sha, ext } = await renditionOf(versionId, "shopify");
      // Shopify keeps the source's file name, with _<uuid> added when the shop already has one by that name.
      const first = shopifyFirst(l.externalId);
      expect(first.status).toBe("READY");
      expect(first.filename).toMatch(new RegExp(`^${sha}(_[0-9a-f-]{36})?\\.${ext}$`));
    }
    for (const l of which.amazon) {
      const { url } = await renditionOf(versionId, "amazon");
      expect(amazonMain(l.externalId)).toEqual({ url, issue: null, ingested: url });
    }
    for (const l of which.tiktok) {
      const { sha, width, height } = await renditionOf(versionId, "tiktok");
      const first = tiktokFirst(l.externalId);
      expect(first.status).toBe("ACTIVATE"); // out of audit
      // A uri TikTok gave for an upload of our rendition (not a seeded image), and saved by onCreated as ours.
      expect(seededTikTokUris.has(first.uri)).toBe(false);
      expect(tiktok.state.images.get(first.uri)).toMatchObject({ useCase: "MAIN_IMAGE", width, height });
      expect(await knownSha(first.uri)).toBe(sha);
    }
  }

  beforeAll(async () => {
    // Small catalogues and short processing so the engine's waits (Shopify media, Amazon ingestion, TikTok audit) stay short.
    shopify = await startShopifySandbox({ shop: `sync-${kind}.myshopify.com`, seedProducts: 4, processingMs: 50, versions: [SHOPIFY_API_VERSION], bucket: { maximumAvailable: 20_000, restoreRate: 1000 }, ...shopifyApp });
    amazon = await startAmazonSandbox({ seedListings: 4, processingDelayMs: 200, redirectUris: [`${APP}/oauth/amazon/callback`] });
    tiktok = await startTikTokSandbox({ seedProducts: 4, auditDelayMs: 200, redirectUrl: `${APP}/oauth/tiktok/callback` });
    seededTikTokUris = new Set(tiktok.state.images.keys());
    media = await startMediaServer(() => (t ? { prisma: t.services.db.prisma, blobs: t.services.blobs } : null));
    const a = amazon.state.opts;
    t = await createTestServices(kind, {
      env: {
        ASSETLINE_PUBLIC_URL: media.url,
        SHOPIFY_ADMIN_ORIGIN: shopify.url,
        AMAZON_APP_ID: a.applicationId,
        AMAZON_CLIENT_ID: a.clientId,
        AMAZON_CLIENT_SECRET: a.clientSecret,
        AMAZON_DRAFT_APP: "1",
        AMAZON_LWA_URL: amazon.lwaUrl,
        AMAZON_SPAPI_URL_NA: amazon.url,
        AMAZON_CONSENT_URL_US: amazon.consentUrl,
        TIKTOK_APP_KEY: tiktok.state.opts.appKey,
        TIKTOK_APP_SECRET: tiktok.state.opts.appSecret,
        TIKTOK_SERVICE_ID: tiktok.state.opts.serviceId,
        TIKTOK_AUTH_URL: tiktok.authUrl,
        TIKTOK_API_URL: tiktok.url,
        TIKTOK_AUTHORIZE_URL: `${tiktok.authUrl}/open/authorize`,
        TIKTOK_AUTHORIZE_URL_US: `${tiktok.authUrl}/open/authorize`,
      },
    });
    // Demo mode's composition (context.ts) with this test's Shopify sandbox as the demo store.
    const config = { ...t.config, channels: { ...t.config.channels, demoShopifyApp: shopifyApp } };
    const p = t.services.db.prisma;
    const channels = createChannelProvider(
      { prisma: p, sealer: t.services.sealer, config },
      channelFactories({ prisma: p, sealer: t.services.sealer, demoShopify: { origin: shopify.url, version: SHOPIFY_API_VERSION, ...shopifyApp } }),
    );
    app = { ...t.services, config, channels };
    deps = { prisma: p, blobs: t.services.blobs, queue: t.services.queue, config, channels };

    const shop = await createTestShop(t.services);
    shopId = shop.id;
    mediaKey = shop.mediaKey;
    admin = actorOf(await createMember(p, shopId, { name: "Owner", role: "admin", markets: [], isOwner: true }));
    for (const channel of CHANNELS) {
      const url = await startConnect(app, shopId, admin, channel, "US", APP);
      const [account] = await finishConnect(app, channel, await approveConsent(url, channel), APP);
      expect(account).toMatchObject({ channel, status: "active" });
      accountIds[channel] = account!.id;
      const r = await importCatalogue(p, shopId, account!.id, await app.channels.channelFor(account!));
      expect(r.listings).toBe(4);
      const rows = await p.listing.findMany({ where: { shopId, accountId: account!.id }, orderBy: { externalId: "asc" } });
      listings[channel] = rows.map((l) => ({ id: l.id, externalId: l.externalId }));
    }
  });
  beforeEach(() => {
    errors.length = 0;
  });
  afterAll(async () => {
    await t?.close();
    await Promise.allSettled([shopify?.close(), amazon?.close(), tiktok?.close(), media?.close()]);
  });

  const firstTwo = () => Object.fromEntries(CHANNELS.map((c) => [c, listings[c].slice(0, 2)])) as typeof listings;
  let hero: { assetId: string; versionId: string };
  let v2: { versionId: string };

  it("an approved packshot placed in main of two listings per channel goes live on all three sandboxes", async () => {
    hero = await approvedVersion(0, "hero");
    const two = firstTwo();
    for (const c of CHANNELS) await placeAsset(lib(), shopId, TEST_ADMIN, { assetId: hero.assetId, listingIds: two[c].map((l) => l.id), slot: "main" });
    const rows = await converge(hero.assetId);
    expect(rows).toHaveLength(6);
    expect(rows.every((r) => r.liveVersion === 1)).toBe(true);
    await expectShown(hero.versionId, two);
    // Amazon downloaded our rendition from its public /media URL; another shop's address does not answer.
    const { url } = await renditionOf(hero.versionId, "amazon");
    expect(media.requests.filter((r) => `${media.url}${r.path}` === url && r.status === 200).length).toBeGreaterThan(0);
    expect((await fetch(url.replace(`/media/${mediaKey}/`, "/media/another-shop/"))).status).toBe(404);
    expect(amazon.state.ingestion.errors).toEqual([]);
    expect(errors).toEqual([]);
  });

  it("an approved v2 replaces v1 everywhere: Shopify keeps its media count, TikTok uploads once per listing", async () => {
    const two = firstTwo();
    const mediaBefore = two.shopify.map((l) => shopifyMediaCount(l.externalId));
    const idsBefore = two.shopify.map((l) => shopifyFirst(l.externalId).id);
    const tiktokBefore = two.tiktok.map((l) => tiktokFirst(l.externalId).count);
    const uploads = tiktokUploads();
    v2 = await approvedVersion(1, "hero", hero.assetId);
    const rows = await converge(hero.assetId);
    expect(rows.map((r) => r.liveVersion)).toEqual([2, 2, 2, 2, 2, 2]);
    await expectShown(v2.versionId, two);
    // No duplicate left behind: the same number of media, and v2 took v1's place (fileUpdate keeps the id).
    expect(two.shopify.map((l) => shopifyMediaCount(l.externalId))).toEqual(mediaBefore);
    expect(two.shopify.map((l) => shopifyFirst(l.externalId).id)).toEqual(idsBefore);
    const ours = [...shopify.state.media.values()].filter((m) => /^[0-9a-f]{64}/.test(m.filename));
    const attached = new Set(two.shopify.flatMap((l) => shopify.state.products.get(l.externalId)!.mediaIds));
    expect(ours.filter((m) => attached.has(m.id))).toHaveLength(2);
    expect(two.tiktok.map((l) => tiktokFirst(l.externalId).count)).toEqual(tiktokBefore);
    expect(tiktokUploads() - uploads).toBe(2);
    // Publishing again sends nothing to any channel (set semantics through the real connectors).
    const marks = { s: shopify.state.requests.length, a: amazon.state.requests.filter((r) => r.operation === "patchListingsItem").length, t: tiktok.state.requests.length };
    for (const c of CHANNELS) for (const l of two[c]) await syncHandlers(deps).publish({ shopId, listingId: l.id }, { lastAttempt: false, signal: new AbortController().signal });
    expect(shopify.state.requests.slice(marks.s).filter((r) => /mutation/.test(r.query ?? ""))).toEqual([]);
    expect(amazon.state.requests.filter((r) => r.operation === "patchListingsItem").length).toBe(marks.a);
    expect(tiktok.state.requests.slice(marks.t).filter((r) => r.method === "POST")).toEqual([]);
    expect(errors).toEqual([]);
  });

  it("a 429 storm on all three channels: everything still goes live, and no pg-boss attempt is spent on throttling", async () => {
    const started = new Date();
    const before = { s: shopify.state.requests.length, a: amazon.state.requests.length, t: tiktok.state.requests.length };
    const uploads = tiktokUploads();
    amazon.state.throttleNext(5);
    tiktok.state.throttleNext(4, 1);
    shopify.state.throttleNext(3);
    const v3 = await approvedVersion(2, "hero", hero.assetId);
    const third = Object.fromEntries(CHANNELS.map((c) => [c, [listings[c][2]!]])) as typeof listings;
    for (const c of CHANNELS) await placeAsset(lib(), shopId, TEST_ADMIN, { assetId: hero.assetId, listingIds: third[c].map((l) => l.id), slot: "main" });
    const rows = await converge(hero.assetId, 40_000);
    expect(rows).toHaveLength(9);
    expect(rows.map((r) => r.liveVersion)).toEqual(Array(9).fill(3));
    await expectShown(v3.versionId, Object.fromEntries(CHANNELS.map((c) => [c, listings[c].slice(0, 3)])) as typeof listings);

    // The storm did happen on each channel…
    expect(amazon.state.requests.slice(before.a).filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(5);
    expect(tiktok.state.requests.slice(before.t).filter((r) => r.status === 429 && r.code === 36009002).length).toBeGreaterThanOrEqual(4);
    expect(shopify.state.requests.slice(before.s).some((r) => (r.errorCodes ?? []).includes("THROTTLED"))).toBe(true);
    // …and cost no attempt: every publish completed on its first try; the throttled ones were re-sent for later.
    const jobs = (await boss().findJobs<{ shopId: string }>("sync.publish", { data: { shopId } })).filter((j) => j.createdOn >= started);
    expect(jobs.length).toBeGreaterThan(0);
    expect(jobs.filter((j) => j.retryCount !== 0)).toEqual([]);
    expect(jobs.every((j) => j.state === "completed")).toBe(true);
    expect(jobs.filter((j) => j.startAfter.getTime() - j.createdOn.getTime() >= 500).length).toBeGreaterThan(0);
    // A throttled publish stops at its first read, so nothing was uploaded twice: one TikTok upload per listing for v3.
    expect(tiktokUploads() - uploads).toBe(3);
    expect(errors).toEqual([]);
  });

  it("access tokens that expire mid-run are refreshed, and the rollback to v2 still converges", async () => {
    const refreshes = { a: amazon.state.lwa.issued.refresh_token, t: tiktok.state.tokenGrants.refresh, s: shopify.state.refreshes };
    shopify.state.expireToken();
    await setAssetVersion(lib(), shopId, TEST_ADMIN, hero.assetId, v2.versionId);
    // First round: Shopify publishes (after a refresh), Amazon and TikTok accept and start processing…
    await runDueJobs();
    const mid = await placementsOf(hero.assetId);
    expect(mid.filter((r) => r.channel === "shopify").map((r) => r.state)).toEqual(["live", "live", "live"]);
    expect(mid.filter((r) => r.channel !== "shopify").map((r) => r.state)).toEqual(Array(6).fill("submitted"));
    // …and their tokens expire before the read-backs.
    amazon.state.expireAccessToken();
    tiktok.state.expireAccessToken();
    const rows = await converge(hero.assetId);
    expect(rows.map((r) => [r.liveVersion, r.pinnedVersion])).toEqual(Array(9).fill([2, 2]));
    await expectShown(v2.versionId, Object.fromEntries(CHANNELS.map((c) => [c, listings[c].slice(0, 3)])) as typeof listings);
    expect(shopify.state.refreshes).toBeGreaterThan(refreshes.s);
    expect(amazon.state.lwa.issued.refresh_token).toBeGreaterThan(refreshes.a);
    expect(tiktok.state.tokenGrants.refresh).toBeGreaterThan(refreshes.t);
    const accounts = await prisma().channelAccount.findMany({ where: { shopId } });
    expect(accounts.map((a) => a.status)).toEqual(["active", "active", "active"]);
    expect(errors).toEqual([]);
  });
});
