// REST API v1 of the sync engine through the real route modules (placements, usage map, rollback, sync
// status, sync now, one listing's sync view) on a real database. Publishing itself is sync.test.ts's:
// no worker runs here, so placements stay pending and states other than pending are set on the rows.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFakeCatalogue, FakeChannelState } from "../connectors/fake/fake-channel";
import { useServices } from "../app/.server/context";
import { issueApiKey } from "../app/.server/governance/api-keys.service";
import { changeVersionState } from "../app/.server/library/assets.service";
import { ingestDepsOf, ingestStream } from "../app/.server/library/ingest.service";
import { processVersion } from "../app/.server/library/process-version.job";
import { connectAccount } from "../app/.server/sync/accounts.service";
import { importCatalogue } from "../app/.server/sync/catalogue.service";
import * as placementsRoute from "../app/routes/api.v1.placements";
import * as placementRoute from "../app/routes/api.v1.placements.$placementId";
import * as usageRoute from "../app/routes/api.v1.assets.$assetId.usage";
import * as rollbackRoute from "../app/routes/api.v1.assets.$assetId.rollback";
import * as syncRoute from "../app/routes/api.v1.sync";
import * as listingSyncRoute from "../app/routes/api.v1.listings.$listingId.sync";
import { DB_KINDS } from "./support/db";
import { streamOf } from "./support/files";
import { solidJpeg } from "./support/images";
import { createTestServices, createTestShop, TEST_ADMIN, type TestContext } from "./support/services";

const BASE = "http://localhost/api/v1";
type Json = Record<string, any>;

const call = async (fn: (args: any) => Promise<Response> | Response, req: Request, params: Record<string, string> = {}) => {
  const res = await fn({ request: req, params, context: {} });
  const text = await res.text();
  let body: Json = {};
  try { body = JSON.parse(text); } catch { body = { raw: text }; }
  return { status: res.status, headers: res.headers, body, text };
};

describe.each(DB_KINDS)("placements REST API on %s", (kind) => {
  let t: TestContext;
  let shopA: string;
  let shopB: string;
  let keyA: string;
  let keyB: string;
  const listings = new Map<string, string>(); // externalId → listing id (shop A)
  let hero: { assetId: string; v1: string; v2: string };
  let assetOfB: string;
  const prisma = () => t.services.db.prisma;
  const lib = () => ({ prisma: prisma(), queue: t.services.queue });

  const auth = (key: string) => ({ Authorization: `Bearer ${key}` });
  const get = (key: string, path: string) => new Request(`${BASE}${path}`, { headers: auth(key) });
  const send = (key: string, method: string, path: string, body?: unknown) =>
    new Request(`${BASE}${path}`, { method, headers: { ...auth(key), "Content-Type": "application/json" }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const L = (externalId: string) => listings.get(externalId)!;

  async function upload(shopId: string, color: { r: number; g: number; b: number }, filename: string, assetId?: string) {
    const d = ingestDepsOf(t.services);
    const o = await ingestStream(d, shopId, TEST_ADMIN, { stream: streamOf(await solidJpeg(color, 800)), filename }, assetId ? { assetId } : {});
    if (o.status !== "created") throw new Error(`expected created, got ${o.status}`);
    await processVersion({ prisma: d.prisma, blobs: d.blobs, config: t.config, queue: t.services.queue }, shopId, o.versionId, { lastAttempt: false });
    return o;
  }

  beforeAll(async () => {
    t = await createTestServices(kind);
    useServices(t.services);
    shopA = (await createTestShop(t.services)).id;
    shopB = (await createTestShop(t.services)).id;
    keyA = (await issueApiKey(prisma(), shopA, TEST_ADMIN, "ci A")).token;
    keyB = (await issueApiKey(prisma(), shopB, TEST_ADMIN, "ci B")).token;

    const state = new FakeChannelState();
    for (const id of ["p1", "p2", "p3", "p4", "p5"]) state.seedListing(id, 2);
    const account = await connectAccount({ prisma: prisma(), sealer: t.services.sealer }, shopA, TEST_ADMIN, {
      channel: "shopify",
      externalId: "fake.myshopify.com",
      name: "Fake store",
      region: null,
      marketplaces: [],
      scopes: [],
      grant: null,
    });
    await importCatalogue(prisma(), shopA, account.id, createFakeCatalogue(state, new Map([["p1", "Linen shirt"], ["p2", "Wool scarf"], ["p3", "Silk tie"]])));
    for (const l of await prisma().listing.findMany({ where: { shopId: shopA } })) listings.set(l.externalId, l.id);

    // v1 approved; v2 stays a draft (never approved), which a rollback must refuse.
    const v1 = await upload(shopA, { r: 20, g: 90, b: 160 }, "hero.jpg");
    await changeVersionState(lib(), shopA, TEST_ADMIN, v1.versionId, "approve");
    const v2 = await upload(shopA, { r: 160, g: 90, b: 20 }, "hero-v2.jpg", v1.assetId);
    hero = { assetId: v1.assetId, v1: v1.versionId, v2: v2.versionId };
    assetOfB = (await upload(shopB, { r: 5, g: 200, b: 5 }, "b.jpg")).assetId;
  });
  afterAll(async () => {
    useServices(null);
    await t?.close();
  });

  it("places an asset on listings: 201 with the batch and pending placements, and a publish job per listing", async () => {
    const res = await call(placementsRoute.action, send(keyA, "POST", "/placements", { assetId: hero.assetId, listingIds: [L("p1"), L("p2"), L("p3")], slot: "main" }));
    expect(res.status).toBe(201);
    expect(res.body.batchId).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.body.placements).toHaveLength(3);
    for (const p of res.body.placements)
      expect(p).toMatchObject({ assetId: hero.assetId, slot: "main", presetId: "shopify.product", state: "pending", pinnedVersionId: null, followsLatest: true, batchId: res.body.batchId });
    const jobs = (await t.services.queue.boss.findJobs("sync.publish", { queued: true })) as Array<{ data: { listingId: string } }>;
    expect(new Set(jobs.map((j) => j.data.listingId))).toEqual(new Set([L("p1"), L("p2"), L("p3")]));

    // Pinned to v1 in pos2 of another listing.
    const pinned = await call(placementsRoute.action, send(keyA, "POST", "/placements", { assetId: hero.assetId, listingIds: [L("p4")], slot: "pos2", pinnedVersionId: hero.v1 }));
    expect(pinned.status).toBe(201);
    expect(pinned.body.placements[0]).toMatchObject({ slot: "pos2", pinnedVersionId: hero.v1, followsLatest: false });
  });

  it("refuses bad bodies with 400 and another shop's ids with 404", async () => {
    const badSlot = await call(placementsRoute.action, send(keyA, "POST", "/placements", { assetId: hero.assetId, listingIds: [L("p5")], slot: "top" }));
    expect(badSlot.status).toBe(400);
    expect(badSlot.body).toMatchObject({ code: "validation" });
    expect(badSlot.body.message).toMatch(/slot/);
    const noListings = await call(placementsRoute.action, send(keyA, "POST", "/placements", { assetId: hero.assetId, slot: "main" }));
    expect(noListings.status).toBe(400);
    expect(noListings.body.message).toMatch(/listingIds/);
    const empty = await call(placementsRoute.action, send(keyA, "POST", "/placements", { assetId: hero.assetId, listingIds: [], slot: "main" }));
    expect(empty.status).toBe(400);
    const notJson = await call(placementsRoute.action, new Request(`${BASE}/placements`, { method: "POST", headers: auth(keyA), body: "nope" }));
    expect(notJson.status).toBe(400);
    const draftPin = await call(placementsRoute.action, send(keyA, "POST", "/placements", { assetId: hero.assetId, listingIds: [L("p5")], slot: "main", pinnedVersionId: hero.v2 }));
    expect(draftPin.status).toBe(400);
    expect(draftPin.body.message).toMatch(/never approved/);

    // Shop B's asset on shop A's listings; shop B naming shop A's listings.
    const foreignAsset = await call(placementsRoute.action, send(keyA, "POST", "/placements", { assetId: assetOfB, listingIds: [L("p5")], slot: "main" }));
    expect(foreignAsset.status).toBe(404);
    const foreignListings = await call(placementsRoute.action, send(keyB, "POST", "/placements", { assetId: assetOfB, listingIds: [L("p5")], slot: "main" }));
    expect(foreignListings.status).toBe(400);
    expect(foreignListings.body.message).toMatch(/not found/);
    expect(await prisma().placement.count({ where: { listingId: L("p5") } })).toBe(0);
  });

  it("lists with filters and pages with a cursor; GET one; shop B sees none of it", async () => {
    const all = await call(placementsRoute.loader, get(keyA, `/placements?assetId=${hero.assetId}`));
    expect(all.status).toBe(200);
    expect(all.body.items).toHaveLength(4);
    expect(all.body.items[0]).toMatchObject({ assetTitle: "Hero", channel: "shopify", marketplaceId: null, slotLabel: expect.any(String) });
    expect(all.body.items.map((i: Json) => i.listingTitle)).toEqual(expect.arrayContaining(["Linen shirt", "Wool scarf", "Silk tie", "Product p4"]));

    const one = await call(placementsRoute.loader, get(keyA, `/placements?listingId=${L("p4")}`));
    expect(one.body.items.map((i: Json) => i.slot)).toEqual(["pos2"]);
    expect((await call(placementsRoute.loader, get(keyA, "/placements?channel=amazon"))).body.items).toEqual([]);
    expect((await call(placementsRoute.loader, get(keyA, "/placements?state=live"))).body.items).toEqual([]);
    expect((await call(placementsRoute.loader, get(keyA, "/placements?state=sideways"))).status).toBe(400);
    expect((await call(placementsRoute.loader, get(keyA, "/placements?assetId=nope"))).status).toBe(400);

    const seen = new Set<string>();
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof call>> = await call(placementsRoute.loader, get(keyA, `/placements?limit=3${cursor ? `&cursor=${cursor}` : ""}`));
      expect(page.status).toBe(200);
      for (const i of page.body.items) {
        expect(seen.has(i.id)).toBe(false);
        seen.add(i.id);
      }
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen.size).toBe(4);

    const id = all.body.items[0].id;
    const got = await call(placementRoute.loader, get(keyA, `/placements/${id}`), { placementId: id });
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ id, assetId: hero.assetId, state: "pending" });
    expect((await call(placementRoute.loader, get(keyB, `/placements/${id}`), { placementId: id })).status).toBe(404);
    expect((await call(placementRoute.loader, get(keyA, "/placements/x"), { placementId: "x" })).status).toBe(400);
    expect((await call(placementsRoute.loader, get(keyB, "/placements"))).body.items).toEqual([]);
  });

  it("the usage map lists every listing and slot of the asset; 404 for another shop", async () => {
    const res = await call(usageRoute.loader, get(keyA, `/assets/${hero.assetId}/usage`), { assetId: hero.assetId });
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(4);
    expect(res.body.items.find((u: Json) => u.listingId === L("p4"))).toMatchObject({ slot: "pos2", pinnedVersion: 1, followsLatest: false, channel: "shopify", state: "pending" });
    expect(res.body.items.find((u: Json) => u.listingId === L("p1"))).toMatchObject({ listingTitle: "Linen shirt", slot: "main", followsLatest: true });
    expect((await call(usageRoute.loader, get(keyB, `/assets/${hero.assetId}/usage`), { assetId: hero.assetId })).status).toBe(404);
  });

  it("rolls back to a version number, refuses a never-approved one, and follows the latest again", async () => {
    const path = `/assets/${hero.assetId}/rollback`;
    const params = { assetId: hero.assetId };
    const back = await call(rollbackRoute.action, send(keyA, "POST", path, { version: 1 }), params);
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({ placements: 4, batchId: expect.any(String) });
    const usage = await call(usageRoute.loader, get(keyA, `/assets/${hero.assetId}/usage`), params);
    expect(usage.body.items.every((u: Json) => u.pinnedVersion === 1)).toBe(true);

    const draft = await call(rollbackRoute.action, send(keyA, "POST", path, { version: 2 }), params);
    expect(draft.status).toBe(400);
    expect(draft.body.message).toMatch(/never approved/);
    const missing = await call(rollbackRoute.action, send(keyA, "POST", path, { version: 9 }), params);
    expect(missing.status).toBe(400);
    expect(missing.body.message).toMatch(/no version 9/);
    expect((await call(rollbackRoute.action, send(keyA, "POST", path, {}), params)).status).toBe(400);
    expect((await call(rollbackRoute.action, send(keyA, "POST", path, { version: 1, follow: "latest" }), params)).status).toBe(400);
    expect((await call(rollbackRoute.action, send(keyB, "POST", path, { version: 1 }), params)).status).toBe(404);

    const latest = await call(rollbackRoute.action, send(keyA, "POST", path, { follow: "latest" }), params);
    expect(latest.status).toBe(200);
    const after = await call(usageRoute.loader, get(keyA, `/assets/${hero.assetId}/usage`), params);
    expect(after.body.items.every((u: Json) => u.followsLatest)).toBe(true);
  });

  it("sync status shows batches, counts and problems; sync now and retry queue publishes; one listing's view", async () => {
    // A channel refused one placement (the worker would record this; here it is set on the row).
    const failedId = (await call(placementsRoute.loader, get(keyA, `/placements?listingId=${L("p2")}`))).body.items[0].id;
    await prisma().placement.update({ where: { id: failedId }, data: { state: "failed", lastError: "Image URL could not be fetched.", lastErrorCode: "MEDIA_ERROR" } });

    const status = await call(syncRoute.loader, get(keyA, "/sync"));
    expect(status.status).toBe(200);
    expect(status.body.states).toMatchObject({ pending: 3, failed: 1 });
    // The newest batch (follow latest) holds every placement of the asset now; a failure is an end state.
    expect(status.body.batches[0]).toMatchObject({ reason: "follow_latest", total: 4, done: 1, counts: { pending: 3, failed: 1 }, finishedAt: null });
    expect(status.body.batches.map((b: Json) => b.reason)).toEqual(expect.arrayContaining(["swap", "rollback", "follow_latest"]));
    expect(status.body.problems).toEqual([expect.objectContaining({ id: failedId, state: "failed", listingTitle: "Wool scarf", lastError: "Image URL could not be fetched.", lastErrorCode: "MEDIA_ERROR" })]);
    expect((await call(placementsRoute.loader, get(keyA, "/placements?state=failed"))).body.items.map((i: Json) => i.id)).toEqual([failedId]);

    const retry = await call(syncRoute.action, send(keyA, "POST", "/sync", { failedOnly: true }));
    expect(retry.status).toBe(202);
    expect(retry.body).toMatchObject({ listings: 1, batchId: expect.any(String) });
    expect((await call(placementRoute.loader, get(keyA, `/placements/${failedId}`), { placementId: failedId })).body).toMatchObject({ state: "pending", lastError: null });

    const now = await call(syncRoute.action, send(keyA, "POST", "/sync", { assetId: hero.assetId }));
    expect(now.status).toBe(202);
    expect(now.body.listings).toBe(4);
    expect((await call(syncRoute.action, send(keyA, "POST", "/sync", { listingId: "p1" }))).status).toBe(400);
    expect((await call(syncRoute.action, send(keyA, "POST", "/sync", { everything: true }))).status).toBe(400);

    const view = await call(listingSyncRoute.loader, get(keyA, `/listings/${L("p1")}/sync`), { listingId: L("p1") });
    expect(view.status).toBe(200);
    expect(view.body.listing).toMatchObject({ id: L("p1"), title: "Linen shirt", channel: "shopify", deleted: false });
    expect(view.body.current).toHaveLength(2);
    expect(view.body.placements).toEqual([expect.objectContaining({ assetId: hero.assetId, slot: "main", state: "pending" })]);
    expect((await call(listingSyncRoute.loader, get(keyB, `/listings/${L("p1")}/sync`), { listingId: L("p1") })).status).toBe(404);
    // Shop B's status holds nothing of shop A.
    expect((await call(syncRoute.loader, get(keyB, "/sync"))).body).toMatchObject({ batches: [], states: {}, problems: [] });
  });

  it("a placement's actions: sync (202), restore, adopt and keep only when drifted, delete (204)", async () => {
    const items = (await call(placementsRoute.loader, get(keyA, `/placements?assetId=${hero.assetId}`))).body.items as Json[];
    const [first, second, third] = items.map((i) => i.id as string);
    const act = (key: string, id: string, action: string) => call(placementRoute.action, send(key, "POST", `/placements/${id}`, { action }), { placementId: id });

    const synced = await act(keyA, first!, "sync");
    expect(synced.status).toBe(202);
    expect(synced.body.listings).toBe(1);
    expect((await act(keyA, first!, "restore")).status).toBe(409); // not drifted
    expect((await act(keyA, first!, "dance")).status).toBe(400);
    expect((await act(keyB, first!, "sync")).status).toBe(404);

    await prisma().placement.updateMany({ where: { id: { in: [second!, third!] } }, data: { state: "drifted", observedRef: "ext-someone-else", observedUrl: "https://fake.example/x.jpg" } });
    // Keep theirs fetches the channel's image first: one that cannot be fetched changes nothing (503).
    await prisma().placement.update({ where: { id: second! }, data: { observedUrl: "http://127.0.0.1:9/x.jpg" } });
    const unreachable = await act(keyA, second!, "keep");
    expect(unreachable.status).toBe(503);
    expect(unreachable.body).toMatchObject({ code: "unavailable" });
    expect((await call(placementRoute.loader, get(keyA, `/placements/${second}`), { placementId: second! })).body).toMatchObject({ state: "drifted" });
    expect((await act(keyA, first!, "keep")).status).toBe(409); // not drifted
    const restored = await act(keyA, second!, "restore");
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({ id: second, state: "pending" });
    const adopted = await act(keyA, third!, "adopt");
    expect(adopted.status).toBe(200);
    expect(adopted.body).toEqual({ id: third, adopted: true });
    expect((await call(placementRoute.loader, get(keyA, `/placements/${third}`), { placementId: third! })).status).toBe(404);

    const delB = await call(placementRoute.action, send(keyB, "DELETE", `/placements/${first}`), { placementId: first! });
    expect(delB.status).toBe(404);
    const del = await call(placementRoute.action, send(keyA, "DELETE", `/placements/${first}`), { placementId: first! });
    expect(del.status).toBe(204);
    expect((await call(placementRoute.loader, get(keyA, `/placements/${first}`), { placementId: first! })).status).toBe(404);
    const usage = await call(usageRoute.loader, get(keyA, `/assets/${hero.assetId}/usage`), { assetId: hero.assetId });
    expect(usage.body.items).toHaveLength(2);
    expect((await call(placementRoute.action, new Request(`${BASE}/placements/${first}`, { method: "PUT", headers: auth(keyA) }), { placementId: first! })).status).toBe(400);
  });
});
