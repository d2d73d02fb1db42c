// Duplicates (issue #7) on both databases, with real images through ingest (pHash, bands) and the colour
// analyser: a resized and recompressed copy groups with its original while the same product in another
// colour does not; "not duplicates" keeps a pair apart; merge keeps every version (numbers, blobs,
// approval states), tags (a rejected one stays rejected), collections and placements (pinned and
// following), queues a publish where the gallery changes, archives the merged asset and marks it; it is
// all or nothing; permissions and market scope; REST and CLI.
import sharp from "sharp";
import { scene } from "./support/images";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFakeCatalogue, FakeChannelState } from "../connectors/fake/fake-channel";
import { useServices } from "../app/.server/context";
import { issueApiKey } from "../app/.server/governance/api-keys.service";
import { runAnalysis } from "../app/.server/library/analyse.job";
import { changeVersionState, editAsset, getVersionOfAsset, setArchived } from "../app/.server/library/assets.service";
import { decideTag } from "../app/.server/library/auto-tags.service";
import { createCollection } from "../app/.server/library/collections.service";
import { ingestDepsOf, ingestStream } from "../app/.server/library/ingest.service";
import { processVersion } from "../app/.server/library/process-version.job";
import { replaceAutoTags } from "../app/.server/library/tags.repository";
import { dismissDuplicates, listDuplicateGroups } from "../app/.server/library/duplicates/duplicates.service";
import { mergeAssets, previewMerge } from "../app/.server/library/duplicates/merge.service";
import { colourAnalyser } from "../app/.server/media/analysers/colour";
import { productShot } from "../app/.server/media/analysers/test-images";
import { connectAccount } from "../app/.server/sync/accounts.service";
import { importCatalogue } from "../app/.server/sync/catalogue.service";
import { placeAsset } from "../app/.server/sync/placements.service";
import * as duplicatesApi from "../app/routes/api.v1.duplicates";
import * as mergeApi from "../app/routes/api.v1.duplicates.merge";
import * as dismissApi from "../app/routes/api.v1.duplicates.dismiss";
import { DB_KINDS } from "./support/db";
import { streamOf } from "./support/files";
import { runCli, serveRoutes } from "./support/cli-harness";
import { createTestServices, createTestShop, TEST_ACTOR, TEST_ADMIN, type TestContext } from "./support/services";

/** VersionPair (kept by triggers) against every two versions of the shop compared in TypeScript. */
async function expectPairsInStep(db: TestContext["services"]["db"]["prisma"], shopId: string) {
  const versions = await db.assetVersion.findMany({ where: { shopId }, select: { id: true, phash: true, blobId: true } });
  const bandsOf = (h: string) => [0, 1, 2, 3].map((i) => h.slice(i * 4, i * 4 + 4));
  const bits = (a: string, b: string) => (BigInt(`0x${a}`) ^ BigInt(`0x${b}`)).toString(2).replace(/0/g, "").length;
  const expected: string[] = [];
  for (const x of versions)
    for (const y of versions) {
      if (x.id >= y.id) continue;
      const same = x.blobId === y.blobId;
      const distance = x.phash && y.phash ? bits(x.phash, y.phash) : null;
      const band = !!x.phash && !!y.phash && bandsOf(x.phash).some((b, i) => b === bandsOf(y.phash!)[i]);
      if (same || (band && distance! <= 8)) expected.push(JSON.stringify([x.id, y.id, distance, same]));
    }
  const stored = (await db.versionPair.findMany({ where: { shopId } })).map((p) => JSON.stringify([p.versionAId, p.versionBId, p.distance, p.sameBytes]));
  expect(stored.sort()).toEqual(expected.sort());
  expect(expected.length).toBeGreaterThan(0);
}

/** Half the size, JPEG quality 65: what a marketplace download or a re-export makes of an image. */
const resizedCopy = (img: Buffer, width = 600, quality = 65) => sharp(img).resize(width).jpeg({ quality }).toBuffer();

describe.each(DB_KINDS)("duplicates on %s", (kind) => {
  let t: TestContext;
  let shopId: string;
  const ids: Record<string, string> = {};
  const versions: Record<string, string> = {};
  const listings = new Map<string, string>();
  const db = () => t.services.db.prisma;
  const lib = () => ({ prisma: db(), queue: t.services.queue });
  const dupDeps = () => ({ prisma: db() });

  async function upload(bytes: Buffer, filename: string, assetId?: string) {
    const d = ingestDepsOf(t.services);
    const o = await ingestStream(d, shopId, TEST_ADMIN, { stream: streamOf(bytes), filename }, assetId ? { assetId } : {});
    if (o.status !== "created") throw new Error(`expected created, got ${o.status}`);
    await processVersion({ prisma: d.prisma, blobs: d.blobs, config: t.config, queue: t.services.queue }, shopId, o.versionId, { lastAttempt: false });
    await runAnalysis({ prisma: d.prisma, blobs: d.blobs, config: t.config, analysers: [{ analyser: colourAnalyser, acceptAt: 0.6 }] }, { shopId, versionId: o.versionId });
    return o;
  }
  const groupWith = async (assetId: string, caller = TEST_ADMIN) => {
    const r = await listDuplicateGroups(dupDeps(), shopId, caller, { limit: 50 });
    return r.groups.find((g) => g.members.some((m) => m.asset.id === assetId))?.members.map((m) => m.asset.id).sort() ?? null;
  };
  const publishQueued = async () =>
    new Set(((await t.services.queue.boss.findJobs("sync.publish", { queued: true })) as Array<{ data: { listingId: string } }>).map((j) => j.data.listingId));

  beforeAll(async () => {
    t = await createTestServices(kind);
    useServices(t.services);
    shopId = (await createTestShop(t.services)).id;
    const tan = await productShot("#c8a27a", { width: 1000, height: 1000 });
    const black = await productShot("#1f1f1f", { width: 1000, height: 1000 });
    const photo = await scene(5);

    // The tan product (kept): v1 approved. Its copy: v1 approved (resized), v2 a draft (another copy).
    const tanV1 = await upload(tan, "tan-sneaker.jpg");
    ids.tan = tanV1.assetId;
    versions.tanV1 = tanV1.versionId;
    await changeVersionState(lib(), shopId, TEST_ADMIN, tanV1.versionId, "approve");
    const copyV1 = await upload(await resizedCopy(tan), "tan-sneaker-small.jpg");
    ids.copy = copyV1.assetId;
    versions.copyV1 = copyV1.versionId;
    await changeVersionState(lib(), shopId, TEST_ADMIN, copyV1.versionId, "approve");
    versions.copyV2 = (await upload(await sharp(tan).resize(800).jpeg({ quality: 60 }).toBuffer(), "tan-sneaker-web.jpg", ids.copy)).versionId;
    ids.black = (await upload(black, "black-sneaker.jpg")).assetId;
    ids.photo = (await upload(photo, "beach.jpg")).assetId;
    ids.photoCopy = (await upload(await resizedCopy(photo), "beach-small.jpg")).assetId;
    ids.other = (await upload(await scene(23), "forest.jpg")).assetId;
    // Out of a US member's markets: a DE copy of the photo.
    ids.deCopy = (await upload(await resizedCopy(photo, 500, 70), "beach-de.jpg")).assetId;
    await editAsset(lib(), shopId, TEST_ADMIN, ids.deCopy, { markets: ["DE"] });

    const state = new FakeChannelState();
    for (const id of ["p1", "p2", "p3", "p4"]) state.seedListing(id, 2);
    const account = await connectAccount({ prisma: db(), sealer: t.services.sealer }, shopId, TEST_ADMIN, {
      channel: "shopify", externalId: "dups.myshopify.com", name: "Dups store", region: null, marketplaces: [], scopes: [], grant: null,
    });
    await importCatalogue(db(), shopId, account.id, createFakeCatalogue(state, new Map([["p1", "Tan sneaker"], ["p2", "Tan sneaker kids"], ["p3", "Sneaker bundle"], ["p4", "Sneaker set"]])));
    for (const l of await db().listing.findMany({ where: { shopId } })) listings.set(l.externalId, l.id);
  }, 180_000);
  afterAll(async () => {
    useServices(null);
    await t?.close();
  });

  it("a resized, recompressed copy groups with its original; the same product in another colour does not", async () => {
    const r = await listDuplicateGroups(dupDeps(), shopId, TEST_ADMIN, { limit: 50 });
    if (process.env.DUPS_DEBUG) console.log(JSON.stringify(r.groups.map((g) => ({ members: g.members.map((m) => m.asset.title), pairs: g.pairs })), null, 1));
    expect(await groupWith(ids.tan!)).toEqual([ids.tan, ids.copy].sort());
    expect(await groupWith(ids.black!)).toBeNull();
    expect(await groupWith(ids.photo!)).toEqual([ids.photo, ids.photoCopy, ids.deCopy].sort());
    expect(await groupWith(ids.other!)).toBeNull();
    const g = r.groups.find((x) => x.members.some((m) => m.asset.id === ids.tan))!;
    const pair = g.pairs[0]!;
    expect(pair.distance).toBeLessThanOrEqual(8);
    expect(pair.colourDistance).toBeLessThan(0.35);
    // Suggested: more versions wins (neither is placed yet).
    expect(g.suggestedSurvivorId).toBe(ids.copy);
    expect(r.totalGroups).toBe(2);
    // The black sneaker is near the tan one by pHash alone (pHash ignores colour): the colour check keeps it out.
    const [tanRow, blackRow] = await Promise.all([ids.tan, ids.black].map((id) => db().assetVersion.findFirstOrThrow({ where: { shopId, assetId: id } })));
    const bits = (BigInt(`0x${tanRow!.phash}`) ^ BigInt(`0x${blackRow!.phash}`)).toString(2).replace(/0/g, "").length;
    if (process.env.DUPS_DEBUG) console.log("tan vs black pHash bits", bits);
  });

  it("the stored version pairs are exactly a comparison of every two versions (band shared and ≤ 8 bits, or the same bytes)", async () => {
    await expectPairsInStep(db(), shopId);
    // A pHash changed (a re-process) and changed back; a version removed: the pairs follow.
    const v = await db().assetVersion.findFirstOrThrow({ where: { shopId, assetId: ids.photoCopy } });
    await db().assetVersion.update({ where: { id: v.id }, data: { phash: "ffffffffffffffff", phashB0: 65535, phashB1: 65535, phashB2: 65535, phashB3: 65535 } });
    expect(await db().versionPair.count({ where: { OR: [{ versionAId: v.id }, { versionBId: v.id }] } })).toBe(0);
    await expectPairsInStep(db(), shopId);
    await db().assetVersion.update({ where: { id: v.id }, data: { phash: v.phash, phashB0: v.phashB0, phashB1: v.phashB1, phashB2: v.phashB2, phashB3: v.phashB3 } });
    await expectPairsInStep(db(), shopId);
    expect(await db().versionPair.count({ where: { OR: [{ versionAId: v.id }, { versionBId: v.id }] } })).toBeGreaterThan(0);
  });

  it("a hundred copies of one file store a bounded number of pairs and still make one group", async () => {
    const other = (await createTestShop(t.services)).id;
    const blob = await db().blob.create({ data: { shopId: other, sha256: "f".repeat(64), bytes: 1n, mime: "image/jpeg", storageKey: "placeholder" } });
    const n = 100;
    for (let i = 0; i < n; i++) {
      const asset = await db().asset.create({ data: { shopId: other, title: `Placeholder ${i}`, kind: "image", versionCount: 1 } });
      const v = await db().assetVersion.create({
        data: { shopId: other, assetId: asset.id, number: 1, blobId: blob.id, state: "approved", originalFilename: "coming-soon.jpg", mime: "image/jpeg", bytes: 1, phash: "0000000000000000", phashB0: 0, phashB1: 0, phashB2: 0, phashB3: 0 },
      });
      await db().asset.update({ where: { id: asset.id }, data: { latestVersionId: v.id } });
    }
    const pairs = await db().versionPair.count({ where: { shopId: other } });
    expect(pairs).toBeLessThanOrEqual(n * (8 + 4 * 16));
    expect(pairs).toBeLessThan((n * (n - 1)) / 2); // not every two of them
    const r = await listDuplicateGroups(dupDeps(), other, TEST_ADMIN, { limit: 50 });
    expect(r.groups.map((g) => g.members.length)).toEqual([n]);
  });

  it("pages of groups follow a cursor; market scope hides what the caller cannot see", async () => {
    const first = await listDuplicateGroups(dupDeps(), shopId, TEST_ADMIN, { limit: 1 });
    expect(first.groups).toHaveLength(1);
    expect(first.groups[0]!.members).toHaveLength(3); // largest first
    const second = await listDuplicateGroups(dupDeps(), shopId, TEST_ADMIN, { limit: 1, cursor: first.nextCursor });
    expect(second.groups).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    expect(second.groups[0]!.key).not.toBe(first.groups[0]!.key);
    const us = { role: "viewer" as const, markets: ["US"] };
    expect(await groupWith(ids.photo!, { ...TEST_ACTOR, ...us })).toEqual([ids.photo, ids.photoCopy].sort());
  });

  it("'not duplicates' keeps a pair apart from then on", async () => {
    await dismissDuplicates(dupDeps(), shopId, TEST_ACTOR, [ids.photoCopy!, ids.deCopy!]);
    // The photo stays grouped with one of them; the dismissed two are never in one group (not even through the photo).
    const g = await groupWith(ids.photo!);
    expect(g).toHaveLength(2);
    const r = await listDuplicateGroups(dupDeps(), shopId, TEST_ADMIN, { limit: 50 });
    for (const x of r.groups) expect(x.members.some((m) => m.asset.id === ids.photoCopy) && x.members.some((m) => m.asset.id === ids.deCopy)).toBe(false);
    await dismissDuplicates(dupDeps(), shopId, TEST_ACTOR, [ids.photo!, ids.photoCopy!, ids.deCopy!]);
    expect(await groupWith(ids.photo!)).toBeNull();
    // Twice is fine; one asset is not a pair; a viewer may not.
    expect((await dismissDuplicates(dupDeps(), shopId, TEST_ACTOR, [ids.photo!, ids.deCopy!])).added).toBe(0);
    await expect(dismissDuplicates(dupDeps(), shopId, TEST_ACTOR, [ids.photo!])).rejects.toMatchObject({ kind: "validation" });
    await expect(dismissDuplicates(dupDeps(), shopId, { ...TEST_ACTOR, role: "viewer" }, [ids.tan!, ids.copy!])).rejects.toMatchObject({ kind: "forbidden" });
    await expect(dismissDuplicates(dupDeps(), shopId, { ...TEST_ACTOR, markets: ["US"] }, [ids.photo!, ids.deCopy!])).rejects.toMatchObject({ kind: "not_found" });
  });

  describe("merge", () => {
    const L = (x: string) => listings.get(x)!;
    beforeAll(async () => {
      // The copy: following (p1 main), pinned to its v1 (p2 main), and on p4 beside the tan one (conflict).
      await placeAsset(lib(), shopId, TEST_ADMIN, { assetId: ids.copy!, listingIds: [L("p1")], slot: "main" });
      await placeAsset(lib(), shopId, TEST_ADMIN, { assetId: ids.copy!, listingIds: [L("p2")], slot: "main", pinnedVersionId: versions.copyV1! });
      await placeAsset(lib(), shopId, TEST_ADMIN, { assetId: ids.copy!, listingIds: [L("p4")], slot: "pos2" });
      await placeAsset(lib(), shopId, TEST_ADMIN, { assetId: ids.tan!, listingIds: [L("p3"), L("p4")], slot: "main" });
      // As after a publish: each placement shows its own asset's version.
      await db().placement.updateMany({ where: { shopId, assetId: ids.copy }, data: { desiredAssetId: ids.copy, desiredVersionId: versions.copyV1, state: "live" } });
      await db().placement.updateMany({ where: { shopId, assetId: ids.tan }, data: { desiredAssetId: ids.tan, desiredVersionId: versions.tanV1, state: "live" } });
      // Tags: "summer" suggested on both, rejected on the tan one, typed by hand on the copy; "sale" only on the copy.
      await replaceAutoTags(db(), shopId, ids.tan!, "colour", [{ value: "summer", facet: "season", confidence: 0.7, state: "suggested" }]);
      const summer = await db().tag.findFirstOrThrow({ where: { shopId, name: "summer" } });
      await decideTag({ prisma: db() }, shopId, TEST_ADMIN, ids.tan!, summer.id, "reject");
      await editAsset(lib(), shopId, TEST_ADMIN, ids.copy!, { tags: ["summer", "sale"] });
      await createCollection(db(), shopId, TEST_ADMIN, { name: "Spring drop", assetIds: [ids.copy!] });
      await db().rights.create({ data: { shopId, assetId: ids.copy!, licenceEnd: new Date("2027-03-01T00:00:00Z"), territories: ["US"] } });
      // Rendition Fixes: the copy's Amazon MAIN fix has no counterpart on the tan one; both fixed Amazon other.
      const fix = (assetId: string, presetId: string, recipe: object) => db().renditionFix.create({ data: { shopId, assetId, presetId, recipe, createdByName: "Test" } });
      await fix(ids.copy!, "amazon.main", { whitenBackground: true });
      await fix(ids.copy!, "amazon.other", { fit: "contain" });
      await fix(ids.tan!, "amazon.other", { whitenBackground: true });
      // The copy is the shop's default fallback image.
      await db().syncSettings.create({ data: { shopId, defaultFallbackAssetId: ids.copy! } });
      await t.services.queue.boss.deleteQueuedJobs("sync.publish");
    });

    const input = () => ({ survivorId: ids.tan!, assetIds: [ids.copy!] });

    it("the preview says exactly what will happen and changes nothing", async () => {
      const before = await db().assetVersion.findMany({ where: { shopId, assetId: ids.copy }, orderBy: { number: "asc" } });
      const p = await previewMerge(dupDeps(), shopId, TEST_ACTOR, input());
      expect(p.dryRun).toBe(true);
      expect(p.versions.map((v) => [v.fromNumber, v.number, v.state])).toEqual([[1, 2, "approved"], [2, 3, "draft"]]);
      const byListing = new Map(p.placements.map((x) => [x.listingId, x]));
      expect(byListing.get(L("p1"))).toMatchObject({ pinnedNumber: null, publish: true }); // follows the tan one's v1 now
      expect(byListing.get(L("p2"))).toMatchObject({ pinnedNumber: 2, publish: false }); // same version, new number
      expect(p.conflicts).toEqual([expect.objectContaining({ listingId: L("p4"), slot: "pos2", keptSlot: "main" })]);
      expect(p.listingsToPublish.sort()).toEqual([L("p1"), L("p4")].sort());
      expect(p.rights.map((r) => r.message).join(" ")).toMatch(/licence ends 2027-03-01.*licensed only in US/s);
      expect(p.tags.map((x) => x.label)).toContain("sale");
      expect(p.tags.map((x) => x.label)).not.toContain("summer");
      expect(p.tagsKept).toEqual([expect.objectContaining({ label: "summer", state: "rejected" })]);
      expect(p.collections.map((c) => c.name)).toEqual(["Spring drop"]);
      expect(p.fixes).toEqual([{ presetId: "amazon.main", fromAssetId: ids.copy }]);
      expect(p.fixesKept).toEqual([{ presetId: "amazon.other", fromAssetId: ids.copy }]);
      expect(p.shopFallback).toBe(true);
      expect(await db().assetVersion.findMany({ where: { shopId, assetId: ids.copy }, orderBy: { number: "asc" } })).toEqual(before);
      expect(await publishQueued()).toEqual(new Set());
    });

    it("is all or nothing: a failure midway leaves everything as it was", async () => {
      const snapshot = async () => ({
        versions: await db().assetVersion.findMany({ where: { shopId }, orderBy: { id: "asc" }, select: { id: true, assetId: true, number: true } }),
        placements: await db().placement.findMany({ where: { shopId }, orderBy: { id: "asc" }, select: { id: true, assetId: true, pinnedVersionId: true } }),
        tags: await db().assetTag.findMany({ where: { shopId }, orderBy: [{ assetId: "asc" }, { tagId: "asc" }], select: { assetId: true, tagId: true, state: true, source: true } }),
        assets: await db().asset.findMany({ where: { shopId }, orderBy: { id: "asc" }, select: { id: true, archivedAt: true, mergedIntoId: true, versionCount: true, latestVersionId: true } }),
        collections: await db().collectionAsset.findMany({ where: { assetId: { in: [ids.tan!, ids.copy!] } }, orderBy: { assetId: "asc" } }),
        fixes: await db().renditionFix.findMany({ where: { shopId }, orderBy: { id: "asc" }, select: { id: true, assetId: true, presetId: true } }),
        settings: await db().syncSettings.findUnique({ where: { shopId } }),
      });
      const before = await snapshot();
      for (const failAt of ["tags", "placements", "archive"] as const) {
        await expect(
          mergeAssets({ ...lib(), afterStep: (s) => { if (s === failAt) throw new Error(`injected at ${s}`); } }, shopId, TEST_ACTOR, input()),
        ).rejects.toThrow(`injected at ${failAt}`);
        expect(await snapshot()).toEqual(before);
      }
      expect(await publishQueued()).toEqual(new Set());
    });

    it("permissions and scope: a viewer may not; an asset outside the caller's markets is not found", async () => {
      await expect(mergeAssets(lib(), shopId, { ...TEST_ACTOR, role: "viewer" }, input())).rejects.toMatchObject({ kind: "forbidden" });
      await expect(previewMerge(dupDeps(), shopId, { ...TEST_ACTOR, role: "reviewer" }, input())).rejects.toMatchObject({ kind: "forbidden" });
      await expect(mergeAssets(lib(), shopId, { ...TEST_ACTOR, markets: ["US"] }, { survivorId: ids.photo!, assetIds: [ids.deCopy!] })).rejects.toMatchObject({ kind: "not_found" });
      await expect(mergeAssets(lib(), shopId, TEST_ACTOR, { survivorId: ids.tan!, assetIds: [ids.tan!] })).rejects.toMatchObject({ kind: "validation" });
    });

    it("merge keeps every version, tags, collections and placements; archives and marks the merged asset; queues publishes", async () => {
      const copyVersionsBefore = await db().assetVersion.findMany({ where: { shopId, assetId: ids.copy }, orderBy: { number: "asc" } });
      const r = await mergeAssets(lib(), shopId, TEST_ACTOR, input());
      expect(r.dryRun).toBe(false);

      const after = await db().assetVersion.findMany({ where: { shopId, assetId: ids.tan }, orderBy: { number: "asc" } });
      expect(after.map((v) => v.number)).toEqual([1, 2, 3]);
      expect(after[0]!.id).toBe(versions.tanV1);
      for (const [i, old] of copyVersionsBefore.entries()) {
        const moved = after[i + 1]!;
        expect(moved).toMatchObject({ id: old.id, blobId: old.blobId, state: old.state, approvedAt: old.approvedAt, approvedBy: old.approvedBy, phash: old.phash, mergedFromAssetId: ids.copy, mergedFromNumber: old.number });
      }
      expect(await db().rendition.count({ where: { shopId, versionId: versions.copyV1 } })).toBeGreaterThan(0);
      const tan = await db().asset.findFirstOrThrow({ where: { shopId, id: ids.tan } });
      expect(tan).toMatchObject({ latestVersionId: versions.tanV1, liveVersionId: versions.tanV1, versionCount: 3, archivedAt: null });
      const copy = await db().asset.findFirstOrThrow({ where: { shopId, id: ids.copy } });
      expect(copy.archivedAt).not.toBeNull();
      expect(copy).toMatchObject({ mergedIntoId: ids.tan, versionCount: 0, latestVersionId: null });

      // Tags: "summer" stays rejected on the survivor; "sale" (typed on the copy) is the survivor's now.
      const tags = await db().assetTag.findMany({ where: { shopId, assetId: ids.tan }, include: { tag: true } });
      expect(tags.find((x) => x.tag.name === "summer")).toMatchObject({ state: "rejected" });
      expect(tags.find((x) => x.tag.name === "sale")).toMatchObject({ state: "accepted", source: "user" });
      // Collections: the survivor is in the copy's collection.
      const spring = await db().collection.findFirstOrThrow({ where: { shopId, name: "Spring drop" }, include: { assets: true } });
      expect(spring.assets.map((a) => a.assetId)).toEqual([ids.tan]);

      // Placements: following and pinned moved (pinned to the same, moved version); the conflicting one is gone.
      const placements = await db().placement.findMany({ where: { shopId } });
      const at = (l: string) => placements.filter((p) => p.listingId === L(l));
      expect(at("p1")).toEqual([expect.objectContaining({ assetId: ids.tan, pinnedVersionId: null, slot: "main" })]);
      expect(at("p2")).toEqual([expect.objectContaining({ assetId: ids.tan, pinnedVersionId: versions.copyV1, slot: "main" })]);
      expect(at("p4")).toEqual([expect.objectContaining({ assetId: ids.tan, slot: "main" })]);
      expect(placements.filter((p) => p.assetId === ids.copy)).toEqual([]);
      // Fixes: the copy's Amazon MAIN fix is the tan one's now; the tan one kept its own Amazon other fix and
      // the copy's stays with the copy (nothing deleted). The shop falls back to the tan one.
      const fixes = await db().renditionFix.findMany({ where: { shopId }, select: { assetId: true, presetId: true, recipe: true } });
      expect(fixes.sort((a, b) => `${a.assetId}${a.presetId}`.localeCompare(`${b.assetId}${b.presetId}`))).toEqual(
        [
          { assetId: ids.tan, presetId: "amazon.main", recipe: { whitenBackground: true } },
          { assetId: ids.tan, presetId: "amazon.other", recipe: { whitenBackground: true } },
          { assetId: ids.copy, presetId: "amazon.other", recipe: { fit: "contain" } },
        ].sort((a, b) => `${a.assetId}${a.presetId}`.localeCompare(`${b.assetId}${b.presetId}`)),
      );
      expect(r.shopFallback).toBe(true);
      expect((await db().syncSettings.findUniqueOrThrow({ where: { shopId } })).defaultFallbackAssetId).toBe(ids.tan);
      // A publish for the listings whose gallery changes (p1 now shows the tan v1; p4 loses pos2), not p2.
      expect(await publishQueued()).toEqual(new Set([L("p1"), L("p4")]));

      const audit = await db().auditEvent.findMany({ where: { shopId, action: { in: ["asset.merged", "asset.merged_into"] } } });
      expect(audit.map((a) => a.action).sort()).toEqual(["asset.merged", "asset.merged_into"]);
      // The merged asset's old download address says where it went.
      await expect(getVersionOfAsset(lib(), shopId, TEST_ADMIN, ids.copy!, versions.copyV1!)).rejects.toMatchObject({ kind: "gone", message: expect.stringContaining("merged into") });
      // Pairs are between versions: moving versions to the survivor leaves them exact.
      await expectPairsInStep(db(), shopId);
      // It no longer shows in groups; merging it again is refused.
      expect(await groupWith(ids.tan!)).toBeNull();
      await expect(mergeAssets(lib(), shopId, TEST_ACTOR, input())).rejects.toMatchObject({ kind: "invalid_state" });
      // A merged-away asset has no versions left: it cannot be unarchived (alone or with others), and
      // archiving it again with others leaves its date alone.
      await expect(setArchived(lib(), shopId, TEST_ADMIN, [ids.other!, ids.copy!], false)).rejects.toMatchObject({ kind: "invalid_state", message: expect.stringContaining("merged into") });
      expect(await setArchived(lib(), shopId, TEST_ADMIN, [ids.copy!], true)).toBe(0);
      expect((await db().asset.findFirstOrThrow({ where: { shopId, id: ids.copy } })).archivedAt).toEqual(copy.archivedAt);
    });
  });

  describe("REST and CLI", () => {
    let editor: string;
    let viewer: string;
    beforeAll(async () => {
      editor = (await issueApiKey(db(), shopId, TEST_ADMIN, "dups editor", "editor")).token;
      viewer = (await issueApiKey(db(), shopId, TEST_ADMIN, "dups viewer", "viewer")).token;
      // A fresh pair to list and merge.
      const img = await scene(31);
      ids.restA = (await upload(img, "rest-a.jpg")).assetId;
      ids.restB = (await upload(await resizedCopy(img), "rest-b.jpg")).assetId;
    }, 60_000);
    const get = async (qs = "", key: string | null = editor) => {
      const res = await duplicatesApi.loader({ request: new Request(`http://x/api/v1/duplicates${qs}`, { headers: key ? { Authorization: `Bearer ${key}` } : {} }), params: {}, context: {} } as LoaderFunctionArgs);
      return { status: res.status, body: (await res.json()) as any };
    };
    const post = async (route: { action: (a: ActionFunctionArgs) => Promise<Response> }, body: unknown, key: string | null = editor) => {
      const headers: Record<string, string> = { "Content-Type": "application/json", ...(key ? { Authorization: `Bearer ${key}` } : {}) };
      const res = await route.action({ request: new Request("http://x/api/v1/duplicates/x", { method: "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body) }), params: {}, context: {} } as ActionFunctionArgs);
      return { status: res.status, body: (await res.json()) as any };
    };

    it("GET /api/v1/duplicates lists groups with thumbnails, counts and the suggested survivor", async () => {
      const r = await get("?limit=10");
      expect(r.status).toBe(200);
      const g = r.body.groups.find((x: any) => x.assets.some((a: any) => a.id === ids.restA));
      expect(g.assets.map((a: any) => a.id).sort()).toEqual([ids.restA, ids.restB].sort());
      expect(g.assets[0]).toMatchObject({ versionCount: 1, placements: 0 });
      expect(typeof g.assets[0].thumbnailUrl).toBe("string");
      expect([ids.restA, ids.restB]).toContain(g.suggestedSurvivorId);
      expect((await get("", null)).status).toBe(401);
      expect((await get("?limit=0")).body).toMatchObject({ code: "validation" });
      expect((await get("?bogus=1")).status).toBe(400);
    });

    it("POST merge (dry run, then for real) and dismiss: validation and roles", async () => {
      expect((await post(mergeApi, { survivorId: ids.restA, assetIds: [ids.restB] }, viewer)).status).toBe(403);
      expect((await post(mergeApi, { survivorId: "nope", assetIds: [ids.restB] })).body).toMatchObject({ code: "validation" });
      expect((await post(mergeApi, { survivorId: ids.restA, assetIds: [] })).status).toBe(400);
      expect((await post(mergeApi, "not json")).status).toBe(400);
      expect((await post(dismissApi, { assetIds: [ids.restA] })).status).toBe(400);
      const dry = await post(mergeApi, { survivorId: ids.restA, assetIds: [ids.restB], dryRun: true });
      expect(dry.status).toBe(200);
      expect(dry.body).toMatchObject({ dryRun: true, survivor: { id: ids.restA }, versions: [{ number: 2, from: { number: 1, assetId: ids.restB } }], slotConflicts: [], listingsToPublish: 0 });
      expect((await db().asset.findFirstOrThrow({ where: { id: ids.restB } })).mergedIntoId).toBeNull();
    });

    it("CLI: npx assetline duplicates [--json] and merge --dry-run / merge", async () => {
      const server = await serveRoutes(async (request, path) => {
        if (path.startsWith("/api/v1/duplicates/merge")) return mergeApi.action({ request, params: {}, context: {} } as ActionFunctionArgs);
        if (path.startsWith("/api/v1/duplicates")) return duplicatesApi.loader({ request, params: {}, context: {} } as LoaderFunctionArgs);
        return new Response(JSON.stringify({ code: "not_found", message: "no route" }), { status: 404 });
      });
      const run = (args: string[]) => runCli(args, { url: server.url, key: editor });
      try {
        const table = await run(["duplicates"]);
        expect(table.stderr).toBe("");
        expect(table.code).toBe(0);
        expect(table.stdout).toContain("Rest a");
        expect(table.stdout).toContain("keep →");
        const json = JSON.parse((await run(["duplicates", "--json"])).stdout);
        expect(json.groups.length).toBeGreaterThan(0);
        const dry = await run(["merge", ids.restA!, ids.restB!, "--dry-run"]);
        expect(dry.code).toBe(0);
        expect(dry.stdout).toContain("Would merge");
        expect(dry.stdout).toContain("Nothing was changed");
        expect((await db().asset.findFirstOrThrow({ where: { id: ids.restB } })).mergedIntoId).toBeNull();
        const done = await run(["merge", ids.restA!, ids.restB!]);
        expect(done.stderr).toBe("");
        expect(done.stdout).toContain("Merged");
        expect((await db().asset.findFirstOrThrow({ where: { id: ids.restB } })).mergedIntoId).toBe(ids.restA);
        const bad = await run(["merge", ids.restA!]);
        expect(bad.code).not.toBe(0);
        const notUuid = await run(["merge", ids.restA!, "nope"]);
        expect(notUuid.code).not.toBe(0);
        expect(notUuid.stderr).toContain("UUID");
      } finally {
        await server.close();
      }
    });
  });
});
