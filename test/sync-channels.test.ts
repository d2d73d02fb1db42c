// The sync engine against the real connectors and their sandboxes (test/sync.test.ts covers the engine's
// rules with the in-memory channel): the three accounts are linked through their consent pages, the
// catalogues imported, and an approved packshot placed in `main` of two listings per channel. The queued
// jobs run as the worker runs them (claimed, completed or failed through pg-boss), readbacks included,
// until every placement is live. What each channel shows is read from the SANDBOX, not from our
// database. Then a new version replaces the old one everywhere (no duplicate media on Shopify, one TikTok
// upload per listing), a 429 storm costs no pg-boss attempt, expired tokens are refreshed mid-run (once
// for concurrent callers), and a version approved while Amazon still processes the previous one is timed
// from its own write.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ChannelId } from "../connectors/channel";
import { placeAsset, setAssetVersion } from "../app/.server/sync/placements.service";
import { syncHandlers } from "../app/.server/sync/sync.jobs";
import { DB_KINDS } from "./support/db";
import { TEST_ADMIN } from "./support/services";
import { CHANNELS, sleep, startSyncSandboxes, type SyncSandboxes } from "./support/sync-sandboxes";

describe.each(DB_KINDS)("sync engine on the channel sandboxes (%s)", (kind) => {
  let w: SyncSandboxes;
  // Short names for the world's parts (set in beforeAll).
  let shopify: SyncSandboxes["shopify"], amazon: SyncSandboxes["amazon"], tiktok: SyncSandboxes["tiktok"], media: SyncSandboxes["media"];
  let deps: SyncSandboxes["deps"];
  let shopId: string;
  let mediaKey: string;
  let listings: SyncSandboxes["listings"];
  const prisma = () => w.prisma();
  const lib = () => w.lib();
  const boss = () => w.boss();
  const errors = () => w.errors;
  const approvedVersion = (seed: number, title: string, assetId?: string) => w.approvedVersion(seed, title, assetId);
  const runDueJobs = () => w.runDueJobs();
  const placementsOf = (assetId: string) => w.placementsOf(assetId);
  const converge = (assetId: string, timeoutMs?: number) => w.converge(assetId, timeoutMs);
  const renditionOf = (versionId: string, channel: ChannelId) => w.renditionOf(versionId, channel);
  const shopifyFirst = (productId: string) => w.shopifyFirst(productId);
  const shopifyMediaCount = (productId: string) => w.shopifyMediaCount(productId);
  const amazonMain = (sku: string) => w.amazonMain(sku);
  const tiktokFirst = (productId: string) => w.tiktokFirst(productId);
  const tiktokUploads = () => w.tiktokUploads();
  const knownSha = (uri: string) => w.knownSha(uri);

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
      expect(w.seededTikTokUris.has(first.uri)).toBe(false);
      expect(tiktok.state.images.get(first.uri)).toMatchObject({ useCase: "MAIN_IMAGE", width, height });
      expect(await knownSha(first.uri)).toBe(sha);
    }
  }

  beforeAll(async () => {
    // Demo mode's composition (context.ts) with this test's Shopify sandbox as the demo store.
    w = await startSyncSandboxes({ kind, name: "sync", listings: 4 });
    ({ shopify, amazon, tiktok, media, deps, shopId, mediaKey, listings } = w);
  });
  beforeEach(() => {
    if (w) w.errors.length = 0;
  });
  afterAll(async () => {
    await w?.close();
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
    expect(errors()).toEqual([]);
  });

  it("an approved v2 replaces v1 everywhere: Shopify keeps its media count, TikTok uploads once per listing", async () => {
    const two = firstTwo();
    const mediaBefore = two.shopify.map((l) => shopifyMediaCount(l.externalId));
    const idsBefore = two.shopify.map((l) => shopifyFirst(l.externalId).id);
    const tiktokBefore = two.tiktok.map((l) => tiktokFirst(l.externalId).count);
    const uploads = tiktokUploads();
    const amazonMark = amazon.state.requests.length;
    v2 = await approvedVersion(1, "hero", hero.assetId);
    const rows = await converge(hero.assetId);
    expect(rows.map((r) => r.liveVersion)).toEqual([2, 2, 2, 2, 2, 2]);
    // Amazon: one single read per publish at most; its read-backs read the listings together
    // (searchListingsItems by SKU), so confirming a write spends none of getListingsItem's 5 a second.
    const amazonOps = amazon.state.requests.slice(amazonMark).map((r) => r.operation);
    expect(amazonOps.filter((o) => o === "patchListingsItem")).toHaveLength(2);
    expect(amazonOps.filter((o) => o === "getListingsItem").length).toBeLessThanOrEqual(2);
    expect(amazonOps.filter((o) => o === "searchListingsItems").length).toBeGreaterThanOrEqual(1);
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
    expect(errors()).toEqual([]);
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
    expect(errors()).toEqual([]);
  });

  it("access tokens that expire mid-run are refreshed, and the rollback to v2 still converges", async () => {
    const refreshes = { a: amazon.state.lwa.issued.refresh_token, t: tiktok.state.tokenGrants.refresh, s: shopify.state.refreshes };
    // Every channel's token expires before the first round (so each publish refreshes whatever the timing),
    // and Amazon's and TikTok's again before the read-backs.
    shopify.state.expireToken();
    amazon.state.expireAccessToken();
    tiktok.state.expireAccessToken();
    amazon.state.setProcessingDelay(1500);
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
    amazon.state.setProcessingDelay(200);
    expect(rows.map((r) => [r.liveVersion, r.pinnedVersion])).toEqual(Array(9).fill([2, 2]));
    await expectShown(v2.versionId, Object.fromEntries(CHANNELS.map((c) => [c, listings[c].slice(0, 3)])) as typeof listings);
    // Three publishes met the expired token at once: one refresh (single-flight), the others used its token.
    expect(shopify.state.refreshes).toBe(refreshes.s + 1);
    expect(amazon.state.lwa.issued.refresh_token).toBeGreaterThan(refreshes.a);
    expect(tiktok.state.tokenGrants.refresh).toBeGreaterThan(refreshes.t);
    const accounts = await prisma().channelAccount.findMany({ where: { shopId } });
    expect(accounts.map((a) => a.status)).toEqual(["active", "active", "active"]);
    expect(errors()).toEqual([]);
  });

  it("a version approved while Amazon still processes the previous one is timed from its own write", async () => {
    const three = Object.fromEntries(CHANNELS.map((c) => [c, listings[c].slice(0, 3)])) as typeof listings;
    // Back to the latest (v3): Amazon takes 2 s over it…
    amazon.state.setProcessingDelay(2000);
    await setAssetVersion(lib(), shopId, TEST_ADMIN, hero.assetId, null);
    await runDueJobs();
    const first = (await placementsOf(hero.assetId)).filter((r) => r.channel === "amazon");
    expect(first.map((r) => [r.state, r.desiredVersion])).toEqual(Array(3).fill(["submitted", 3]));
    // …and before it is done v4 is approved, which Amazon takes quickly.
    await sleep(1000);
    amazon.state.setProcessingDelay(200);
    const approvedAt = Date.now();
    const v4 = await approvedVersion(3, "hero", hero.assetId);
    await runDueJobs();
    const second = (await placementsOf(hero.assetId)).filter((r) => r.channel === "amazon");
    expect(second.map((r) => [r.state, r.desiredVersion])).toEqual(Array(3).fill(["submitted", 4]));
    // v4's submission is timed from its own write, not from v3's: the read-back pacing (readbackDelayMs)
    // and the SUBMITTED_TTL_MS deadline count from it.
    for (const r of second) expect(Date.parse(r.lastSyncedAt!)).toBeGreaterThanOrEqual(approvedAt);
    const rows = await converge(hero.assetId);
    expect(rows.map((r) => r.liveVersion)).toEqual(Array(9).fill(4));
    await expectShown(v4.versionId, three);
    expect(errors()).toEqual([]);
  });
});
