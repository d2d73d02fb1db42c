// Shopify and Amazon fetch our renditions by URL (SHOPIFY_MEDIA_BY_URL=always, as from a deployment with a public
// address). When a download fails (our server briefly answered 503), Shopify fails the medium with
// IMAGE_DOWNLOAD_FAILURE: the publish attempt fails in passing, and the next attempt sends the image
// again — it does not read the failed copy as "already there" and fail the placement for good (the
// bench's 1,000-listing run stalled on exactly that). The jobs run as the worker runs them, through pg-boss
// with its retry delay; what Shopify shows is read from the sandbox. Amazon tells of a failed download
// only later, on read-back (IMAGE_DOWNLOAD_FAILED): the image is sent again under a new URL, at most
// MAX_RESENDS times, then the placement fails with Amazon's message.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChannelError } from "../connectors/channel";
import { MAX_RESENDS } from "../connectors/amazon/gallery";
import { placeAsset } from "../app/.server/sync/placements.service";
import { DB_KINDS } from "./support/db";
import { TEST_ADMIN } from "./support/services";
import { startSyncSandboxes, type SyncSandboxes } from "./support/sync-sandboxes";

describe.each(DB_KINDS)("a rendition a channel could not download is sent again (%s)", (kind) => {
  let w: SyncSandboxes;

  beforeAll(async () => {
    w = await startSyncSandboxes({ kind, name: "dlretry", listings: 2, env: { SHOPIFY_MEDIA_BY_URL: "always" } });
  });
  afterAll(async () => {
    await w?.close();
  });

  it("v2's download fails once: the attempt fails in passing, the retry replaces v1 with v2 — live, same media count, no failed copy", async () => {
    const product = w.listings.shopify[0]!;
    const hero = await w.approvedVersion(0, "hero");
    await placeAsset(w.lib(), w.shopId, TEST_ADMIN, { assetId: hero.assetId, listingIds: [product.id], slot: "main" });
    expect(await w.converge(hero.assetId)).toMatchObject([{ state: "live", liveVersion: 1 }]);
    const count = w.shopifyMediaCount(product.externalId);
    const v1 = await w.renditionOf(hero.versionId, "shopify");
    expect(w.media.requests.some((r) => r.path.endsWith(`${v1.sha}.${v1.ext}`) && r.status === 200)).toBe(true);

    w.media.failNext(1);
    const v2 = await w.approvedVersion(1, "hero", hero.assetId);
    const rows = await w.converge(hero.assetId, 60_000); // pg-boss retries the failed attempt after its retry delay
    expect(rows).toMatchObject([{ state: "live", liveVersion: 2, lastError: null }]);
    const { sha, ext } = await w.renditionOf(v2.versionId, "shopify");
    const first = w.shopifyFirst(product.externalId);
    expect(first.status).toBe("READY");
    expect(first.filename).toMatch(new RegExp(`^${sha}(_[0-9a-f-]{36})?\\.${ext}$`));
    expect(w.shopifyMediaCount(product.externalId)).toBe(count);
    const v2Downloads = w.media.requests.filter((r) => r.path.endsWith(`${sha}.${ext}`)).map((r) => r.status);
    expect(v2Downloads).toEqual([503, 200]);
    // One attempt failed, as a passing failure (pg-boss retried it), with Shopify's own code.
    expect(w.errors).toHaveLength(1);
    expect(w.errors[0]).toBeInstanceOf(ChannelError);
    expect(w.errors[0]).toMatchObject({ kind: "transient", channelCode: "IMAGE_DOWNLOAD_FAILURE" });
  });

  it("Amazon: v2's download fails once — read back as a passing failure, sent again under ?resend=1, live; failing every time, the placement fails after the last resend", async () => {
    const sku = w.listings.amazon[0]!;
    const hero = await w.approvedVersion(2, "amazon hero");
    await placeAsset(w.lib(), w.shopId, TEST_ADMIN, { assetId: hero.assetId, listingIds: [sku.id], slot: "main" });
    expect(await w.converge(hero.assetId)).toMatchObject([{ state: "live", liveVersion: 1 }]);

    w.media.failNext(1);
    const v2 = await w.approvedVersion(3, "amazon hero", hero.assetId);
    expect(await w.converge(hero.assetId, 60_000)).toMatchObject([{ state: "live", liveVersion: 2, lastError: null }]);
    const { sha, url } = await w.renditionOf(v2.versionId, "amazon");
    expect(w.amazonMain(sku.externalId)).toMatchObject({ url: `${url}?resend=1`, issue: null, ingested: `${url}?resend=1` });
    expect(w.media.requests.filter((r) => r.path.includes(sha)).map((r) => r.status)).toEqual([503, 200]);

    // Our server never answers: the first send and MAX_RESENDS more, then failed with Amazon's own words.
    w.media.failNext(100);
    const v3 = await w.approvedVersion(4, "amazon hero", hero.assetId);
    expect(await w.converge(hero.assetId, 90_000, { anyState: true })).toMatchObject([{ state: "failed", lastError: expect.stringMatching(/could not be downloaded/) }]);
    const v3r = await w.renditionOf(v3.versionId, "amazon");
    expect(w.media.requests.filter((r) => r.path.includes(v3r.sha)).map((r) => r.status)).toEqual(Array(MAX_RESENDS + 1).fill(503));
    expect(w.amazonMain(sku.externalId).url).toBe(`${v3r.url}?resend=${MAX_RESENDS}`);
    w.media.failNext(0);
  });
});
