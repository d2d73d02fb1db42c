// "Keep theirs as a new version" on the Shopify sandbox: someone changes a placement's image on Shopify;
// the placement turns drifted; the merchant keeps the channel's image — it becomes the asset's newest
// version (a draft, like any upload), the slot is Shopify's again and nothing is published over it. A
// channel image that cannot be fetched or is not an image changes nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestDepsOf } from "../app/.server/library/ingest.service";
import { adoptAsVersion, channelFileName } from "../app/.server/sync/adopt.service";
import { onChannelProductChanged } from "../app/.server/sync/drift.service";
import { placeAsset } from "../app/.server/sync/placements.service";
import { DB_KINDS } from "./support/db";
import { TEST_ADMIN } from "./support/services";
import { startSyncSandboxes, type SyncSandboxes } from "./support/sync-sandboxes";

describe.each(DB_KINDS)("keep the channel's image as a new version (%s)", (kind) => {
  let w: SyncSandboxes;

  beforeAll(async () => {
    w = await startSyncSandboxes({ kind, name: "adopt", listings: 1 });
  });
  afterAll(async () => {
    await w?.close();
  });

  it("a drifted Shopify image becomes version 2 (a draft), the placement is released, Shopify keeps its image; a failed copy changes nothing", async () => {
    const product = w.listings.shopify[0]!;
    const hero = await w.approvedVersion(0, "hero");
    await placeAsset(w.lib(), w.shopId, TEST_ADMIN, { assetId: hero.assetId, listingIds: [product.id], slot: "main" });
    expect(await w.converge(hero.assetId)).toMatchObject([{ state: "live", liveVersion: 1 }]);

    const medium = w.shopifyFirst(product.externalId);
    w.shopify.state.editOnChannel(medium.id);
    await onChannelProductChanged(w.prisma(), w.t.services.queue, w.shopId, { channel: "shopify", externalId: product.externalId, changedAt: new Date() });
    const [drifted] = await w.converge(hero.assetId, 25_000, { anyState: true });
    expect(drifted).toMatchObject({ state: "drifted", observedUrl: expect.stringContaining("edited-") });
    const theirs = w.shopifyFirst(product.externalId).filename;

    const deps = ingestDepsOf(w.t.services);
    const versions = () => w.prisma().assetVersion.count({ where: { assetId: hero.assetId } });
    // The channel does not answer, or answers with something that is not an image: nothing changes.
    const down: typeof fetch = async () => new Response("busy", { status: 503 });
    await expect(adoptAsVersion({ ...deps, fetch: down }, w.shopId, TEST_ADMIN, drifted!.id)).rejects.toMatchObject({ kind: "unavailable" });
    const text: typeof fetch = async () => new Response("<html>not an image</html>", { status: 200, headers: { "content-type": "text/html" } });
    await expect(adoptAsVersion({ ...deps, fetch: text }, w.shopId, TEST_ADMIN, drifted!.id)).rejects.toMatchObject({ kind: "unsupported_type" });
    expect(await versions()).toBe(1);
    expect((await w.placementsOf(hero.assetId))[0]).toMatchObject({ state: "drifted" });

    const kept = await adoptAsVersion(deps, w.shopId, TEST_ADMIN, drifted!.id);
    expect(kept.versionNumber).toBe(2);
    const v2 = await w.prisma().assetVersion.findUniqueOrThrow({ where: { id: kept.versionId }, include: { blob: true } });
    expect(v2).toMatchObject({ assetId: hero.assetId, state: "draft", originalFilename: theirs, note: expect.stringMatching(/^Kept from Shopify: .+ · /) });
    expect(v2.blob.mime).toBe("image/jpeg");
    // Released: no placement left, nothing queued to publish over Shopify's image, which is as they left it.
    expect(await w.placementsOf(hero.assetId)).toEqual([]);
    expect(await w.queuedSyncJobs()).toEqual([]);
    expect(w.shopifyFirst(product.externalId).filename).toBe(theirs);
    expect(await w.prisma().auditEvent.count({ where: { shopId: w.shopId, action: "placement.adopted" } })).toBe(1);
    // Only a drifted placement's image can be kept (it is gone now).
    await expect(adoptAsVersion(deps, w.shopId, TEST_ADMIN, drifted!.id)).rejects.toMatchObject({ kind: "not_found" });
  });
});

describe("channelFileName", () => {
  it("is the URL's own file name, else the channel and slot", () => {
    expect(channelFileName("https://cdn.shopify.com/s/files/1/0/files/IMG%202231.jpg?v=3", "shopify", "main")).toBe("IMG 2231.jpg");
    expect(channelFileName("https://p16-oec.tiktokcdn.com/tos-abc/7c2f", "tiktok", "pos2")).toBe("tiktok-pos2");
    expect(channelFileName("not a url", "amazon", "main")).toBe("amazon-main");
  });
});
