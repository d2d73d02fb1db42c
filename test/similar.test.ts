// Find similar (issue #7 §4) on both databases: real images through ingest (pHash and its bands) and the
// colour analyser; a resized and recompressed copy of a photo-like image is a near-duplicate, another
// product is not; same colour ranks above another colour; an uploaded probe finds its original; market
// scope and other shops are never crossed; the migration's SQL backfill gives the bands ingest gives;
// REST auth and validation; the optional embedding re-rank.
import { randomUUID } from "node:crypto";
import sharp from "sharp";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useServices } from "../app/.server/context";
import { issueApiKey } from "../app/.server/governance/api-keys.service";
import { runAnalysis } from "../app/.server/library/analyse.job";
import { editAsset, setArchived } from "../app/.server/library/assets.service";
import { ingestDepsOf, ingestStream } from "../app/.server/library/ingest.service";
import { processVersion } from "../app/.server/library/process-version.job";
import { phashBands } from "../app/.server/library/similar/bands";
import { coreBins, coreCells, encodeColour } from "../app/.server/library/similar/colour-code";
import { findNearDuplicates, findSimilar, type EmbeddingProvider } from "../app/.server/library/similar/similar.service";
import { findColourCandidates } from "../app/.server/library/similar/similar.repository";
import { colourAnalyser } from "../app/.server/media/analysers/colour";
import { productShot } from "../app/.server/media/analysers/test-images";
import * as assetSimilarApi from "../app/routes/api.v1.assets.$assetId.similar";
import * as similarApi from "../app/routes/api.v1.similar";
import { DB_KINDS } from "./support/db";
import { streamOf } from "./support/files";
import { createTestServices, createTestShop, TEST_ADMIN, type TestContext } from "./support/services";
import { runCli, serveRoutes } from "./support/cli-harness";

/** A photo-like scene: a sky gradient, hills, a sun and a few shapes, seeded so two seeds differ. */
async function scene(seed: number, width = 1600, height = 1200): Promise<Buffer> {
  let s = seed;
  const rnd = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const shapes = Array.from({ length: 14 }, () => {
    const c = `hsl(${Math.floor(rnd() * 360)},${40 + Math.floor(rnd() * 50)}%,${25 + Math.floor(rnd() * 50)}%)`;
    return rnd() < 0.5
      ? `<circle cx="${rnd() * width}" cy="${rnd() * height}" r="${40 + rnd() * 200}" fill="${c}"/>`
      : `<rect x="${rnd() * width}" y="${rnd() * height}" width="${60 + rnd() * 400}" height="${60 + rnd() * 300}" fill="${c}" transform="rotate(${rnd() * 40 - 20})"/>`;
  }).join("");
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><linearGradient id="g" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="hsl(${seed * 47 % 360},60%,70%)"/><stop offset="1" stop-color="hsl(${seed * 91 % 360},50%,30%)"/></linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#g)"/>${shapes}</svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 92 }).toBuffer();
}
const resizedCopy = (img: Buffer) => sharp(img).resize(800).jpeg({ quality: 70 }).toBuffer();

/** A disc of `colour` on white: the bottle's colour, another shape. */
const disc = (colour: string) =>
  sharp(Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="1000" height="1000"><rect width="100%" height="100%" fill="#ffffff"/><circle cx="500" cy="520" r="330" fill="${colour}"/></svg>`))
    .jpeg({ quality: 85 })
    .toBuffer();
/** A wide band of `colour` across white: yet another shape. */
const band = (colour: string) =>
  sharp(Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="1000" height="1000"><rect width="100%" height="100%" fill="#ffffff"/><rect x="0" y="380" width="1000" height="260" fill="${colour}"/></svg>`))
    .jpeg({ quality: 85 })
    .toBuffer();

describe.each(DB_KINDS)("find similar on %s", (kind) => {
  let t: TestContext;
  let shopId: string;
  let otherShopId: string;
  const deps = () => ({ prisma: t.services.db.prisma, maxPixels: t.config.limits.maxPixels });
  const lib = () => ({ prisma: t.services.db.prisma, queue: t.services.queue });
  const ids: Record<string, string> = {};
  const images: Record<string, Buffer> = {};

  async function upload(bytes: Buffer, filename: string, sid = shopId) {
    const d = ingestDepsOf(t.services);
    const o = await ingestStream(d, sid, TEST_ADMIN, { stream: streamOf(bytes), filename });
    if (o.status !== "created") throw new Error(`expected created, got ${o.status}`);
    await processVersion({ prisma: d.prisma, blobs: d.blobs, config: t.config, queue: t.services.queue }, sid, o.versionId, { lastAttempt: false });
    await runAnalysis({ prisma: d.prisma, blobs: d.blobs, config: t.config, analysers: [{ analyser: colourAnalyser, acceptAt: 0.6 }] }, { shopId: sid, versionId: o.versionId });
    return o.assetId;
  }

  beforeAll(async () => {
    t = await createTestServices(kind);
    useServices(t.services);
    shopId = (await createTestShop(t.services)).id;
    otherShopId = (await createTestShop(t.services)).id;
    images.photo = await scene(3);
    images.copy = await resizedCopy(images.photo);
    images.other = await scene(11);
    images.redBottle = await productShot("#d02020", { width: 1000, height: 1000 });
    images.redDisc = await disc("#d42424");
    images.blueBand = await band("#1f4fd0");
    for (const name of ["photo", "copy", "other", "redBottle", "redDisc", "blueBand"]) ids[name] = await upload(images[name]!, `${name}.jpg`);
    // The same copy, in a market a US-only key cannot see, and in another shop.
    ids.deCopy = await upload(await sharp(images.photo).resize(1000).jpeg({ quality: 75 }).toBuffer(), "de-copy.jpg");
    await editAsset(lib(), shopId, TEST_ADMIN, ids.deCopy, { markets: ["DE"] });
    await editAsset(lib(), shopId, TEST_ADMIN, ids.photo, { markets: ["US"] });
    ids.foreign = await upload(images.copy, "foreign.jpg", otherShopId);
  }, 120_000);
  afterAll(async () => {
    useServices(null);
    await t?.close();
  });

  it("ingest stores the pHash's four bands beside it; the migration's SQL computes the same", async () => {
    const db = t.services.db.prisma;
    const v = await db.assetVersion.findFirstOrThrow({ where: { shopId, assetId: ids.photo } });
    expect(v.phash).toMatch(/^[0-9a-f]{16}$/);
    expect([v.phashB0, v.phashB1, v.phashB2, v.phashB3]).toEqual(phashBands(v.phash));
    const [row] = await db.$queryRawUnsafe<Array<{ b: number[] }>>(
      `SELECT ARRAY[('x' || substr("phash", 1, 4))::bit(16)::int, ('x' || substr("phash", 5, 4))::bit(16)::int, ('x' || substr("phash", 9, 4))::bit(16)::int, ('x' || substr("phash", 13, 4))::bit(16)::int] AS b FROM "AssetVersion" WHERE "id" = $1::uuid`,
      v.id,
    );
    expect(row!.b).toEqual(phashBands(v.phash));
  });

  it("the Asset row's pHash and colour are its latest version's, through every write that changes them", async () => {
    const db = t.services.db.prisma;
    // The oracle: read from the version and its colour analysis, independently of the triggers.
    const expectInStep = async () => {
      const assets = await db.asset.findMany({ where: { shopId }, select: { id: true, latestVersionId: true, latestPhash: true, latestColour: true } });
      for (const a of assets) {
        const v = a.latestVersionId ? await db.assetVersion.findUniqueOrThrow({ where: { id: a.latestVersionId } }) : null;
        const va = a.latestVersionId ? await db.versionAnalysis.findFirst({ where: { versionId: a.latestVersionId, analyser: "colour", status: "ok" } }) : null;
        const hist = (va?.result as { features?: { colour?: number[] } } | null)?.features?.colour ?? null;
        // …and its colour index: the core bins, weights and other bins of that histogram (the SQL colour_core_cells and coreCells agree).
        const cells = (await db.assetColourCell.findMany({ where: { assetId: a.id } })).sort((x, y) => x.bin - y.bin)
          .map((c) => ({ bin: c.bin, weight: c.weight, other: c.other, versionId: c.versionId, phash: c.phash, colour: Buffer.from(c.colour).toString("hex") }));
        expect({ id: a.id, phash: a.latestPhash, colour: a.latestColour ? Buffer.from(a.latestColour).toString("hex") : null, cells }).toEqual({
          id: a.id,
          phash: v?.phash ?? null,
          colour: hist ? encodeColour(hist)!.toString("hex") : null,
          cells: hist && encodeColour(hist) ? coreCells(hist).map((c) => ({ ...c, versionId: v!.id, phash: v!.phash, colour: encodeColour(hist)!.toString("hex") })) : [],
        });
      }
      return assets;
    };
    const before = await expectInStep();
    expect(before.filter((a) => a.latestColour).length).toBeGreaterThanOrEqual(7);
    // A new version: no colour until it is analysed, then its own; its pHash once processed.
    const d = ingestDepsOf(t.services);
    const o = await ingestStream(d, shopId, TEST_ADMIN, { stream: streamOf(images.redDisc!), filename: "v2.jpg" }, { assetId: ids.blueBand! });
    if (o.status !== "created") throw new Error(o.status);
    await expectInStep();
    await processVersion({ prisma: d.prisma, blobs: d.blobs, config: t.config, queue: t.services.queue }, shopId, o.versionId, { lastAttempt: false });
    await expectInStep();
    await runAnalysis({ prisma: d.prisma, blobs: d.blobs, config: t.config, analysers: [{ analyser: colourAnalyser, acceptAt: 0.6 }] }, { shopId, versionId: o.versionId });
    const after = await expectInStep();
    expect(after.find((a) => a.id === ids.blueBand)!.latestColour).not.toBeNull();
    // The analysis rewritten, failed, removed; the pHash changed; a forged write of the columns.
    const row = await db.versionAnalysis.findFirstOrThrow({ where: { versionId: o.versionId, analyser: "colour" } });
    const hist = new Array<number>(64).fill(0);
    hist[5] = 1;
    await db.versionAnalysis.update({ where: { id: row.id }, data: { result: { tags: [], features: { colour: hist } } } });
    expect(Buffer.from((await expectInStep()).find((a) => a.id === ids.blueBand)!.latestColour!).readUInt16BE(10)).toBe(10_000);
    await db.versionAnalysis.update({ where: { id: row.id }, data: { status: "failed" } });
    expect((await expectInStep()).find((a) => a.id === ids.blueBand)!.latestColour).toBeNull();
    await db.versionAnalysis.update({ where: { id: row.id }, data: { status: "ok", result: row.result as object } });
    await db.versionAnalysis.delete({ where: { id: row.id } });
    await expectInStep();
    await db.assetVersion.update({ where: { id: o.versionId }, data: { phash: "0123456789abcdef" } });
    expect((await expectInStep()).find((a) => a.id === ids.blueBand)!.latestPhash).toBe("0123456789abcdef");
    await db.asset.update({ where: { id: ids.blueBand! }, data: { latestPhash: "ffffffffffffffff", latestColour: Buffer.alloc(128) } });
    await expectInStep();
    // Back to the first version as the latest (what removing a version does): its own again.
    const first = await db.assetVersion.findFirstOrThrow({ where: { assetId: ids.blueBand!, number: 1 } });
    await db.asset.update({ where: { id: ids.blueBand! }, data: { latestVersionId: first.id } });
    await expectInStep();
    await runAnalysis({ prisma: d.prisma, blobs: d.blobs, config: t.config, analysers: [{ analyser: colourAnalyser, acceptAt: 0.6 }] }, { shopId, versionId: o.versionId });
    await db.asset.update({ where: { id: ids.blueBand! }, data: { latestVersionId: o.versionId } });
    await expectInStep();
    await db.asset.update({ where: { id: ids.blueBand! }, data: { latestVersionId: first.id } });
  });

  it("a resized, recompressed copy is a near-duplicate of the photo (distance ≤ 10); another product is not", async () => {
    const near = await findNearDuplicates(deps(), shopId, TEST_ADMIN, ids.photo!);
    if (process.env.SIMILAR_DEBUG) console.log(near.map((m) => [Object.entries(ids).find(([, v]) => v === m.assetId)?.[0], m.distance]));
    const copy = near.find((m) => m.assetId === ids.copy);
    expect(copy).toBeDefined();
    expect(copy!.distance).toBeLessThanOrEqual(10);
    expect(copy!.reason).toBe("near duplicate");
    expect(near.map((m) => m.assetId)).not.toContain(ids.other);
    expect(near.map((m) => m.assetId)).not.toContain(ids.photo); // never itself
    expect(near.map((m) => m.assetId)).not.toContain(ids.foreign);

    const all = await findSimilar(deps(), shopId, TEST_ADMIN, { assetId: ids.photo! }, 20);
    expect(all.items[0]).toMatchObject({ reason: "near duplicate" });
    expect(all.items.slice(0, 2).map((i) => i.assetId).sort()).toEqual([ids.copy, ids.deCopy].sort());
    const other = all.items.find((i) => i.assetId === ids.other);
    if (other) expect(other.reason).toBe("similar colours");
    for (const i of all.items) {
      expect(i.score).toBeGreaterThan(0);
      expect(i.score).toBeLessThanOrEqual(1);
      expect(i.asset.id).toBe(i.assetId);
    }
  });

  it("similar colours: the same colour in another shape ranks above another colour", async () => {
    const r = await findSimilar(deps(), shopId, TEST_ADMIN, { assetId: ids.redBottle! }, 20);
    if (process.env.SIMILAR_DEBUG) console.log(r.items.map((i) => [Object.entries(ids).find(([, v]) => v === i.assetId)?.[0], i.reason, i.distance, i.colourDistance, i.score]));
    const order = r.items.map((i) => i.assetId);
    const disc = r.items.find((i) => i.assetId === ids.redDisc);
    expect(disc).toBeDefined();
    expect(disc!.colourDistance).toBeLessThan(0.5);
    const blueAt = order.indexOf(ids.blueBand!);
    if (blueAt >= 0) expect(order.indexOf(ids.redDisc!)).toBeLessThan(blueAt);
    expect(order).not.toContain(ids.redBottle);
  });

  it("the colour pass looks through the whole library by core colour bins, not only its newest assets", async () => {
    const db = t.services.db.prisma;
    // Core bins: a few for a product on white, every side holding > 75% of its histogram.
    const red = (await db.asset.findUniqueOrThrow({ where: { id: ids.redBottle! } })).latestColour!;
    const hist = Array.from({ length: 64 }, (_, i) => Buffer.from(red).readUInt16BE(i * 2) / 10_000);
    const core = coreBins(hist);
    expect(core.length).toBeGreaterThan(0);
    expect(core.length).toBeLessThan(8);
    const total = hist.reduce((a, b) => a + b, 0);
    expect(core.reduce((a, i) => a + hist[i]!, 0)).toBeGreaterThan(0.75 * total);
    // With room for two candidates the newest two assets would be the blue band and the German copy: the
    // red disc is older, yet found through the red bins it shares with the bottle (as near in weight).
    const r = await findSimilar(deps(), shopId, TEST_ADMIN, { assetId: ids.redBottle! }, 20, { scanLimit: 2 });
    expect(r.items.map((i) => i.assetId)).toContain(ids.redDisc);
    const newest = await db.asset.findMany({ where: { shopId, archivedAt: null, NOT: { id: ids.redBottle! } }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: 2, select: { id: true } });
    expect(newest.map((a) => a.id)).not.toContain(ids.redDisc);
  });

  it("colour candidates: nearest share in the bin, and among those whose second colour is the probe's too", async () => {
    // A shop of bare assets and hand-made cells (the repository reads that table alone): 40 white-on-blue
    // images whose white share crowds the probe's, and one white-on-red a little farther in white share.
    const db = t.services.db.prisma;
    const sid = (await createTestShop(t.services)).id;
    const cell = async (title: string, bin: number, weight: number, other: number) => {
      const a = await db.asset.create({ data: { shopId: sid, title, kind: "image", markets: [], languages: [], description: "" } });
      await db.assetColourCell.create({ data: { shopId: sid, assetId: a.id, bin, weight, other, versionId: randomUUID(), phash: null, colour: Buffer.alloc(128) } });
      return a.id;
    };
    for (let i = 0; i < 40; i++) await cell(`white on blue ${i}`, 48, 6500 + i * 25, 16);
    const onRed = await cell("white on red", 48, 6000, 62);
    const probe = [{ bin: 48, weight: 7000, other: 62 }];
    // Room for eight: two above and two below the probe's share in the bin, the same among (white, red).
    const found = (await findColourCandidates(db, sid, probe, { limit: 8 })).map((r) => r.assetId);
    expect(found).toContain(onRed);
    expect(found.length).toBeLessThanOrEqual(8);
    // Without the red second colour it would not have been reached: the nearest in white share alone are all blue.
    const byShare = (await findColourCandidates(db, sid, [{ bin: 48, weight: 7000, other: 99 }], { limit: 8 })).map((r) => r.assetId);
    expect(byShare).not.toContain(onRed);
  });

  it("an uploaded probe (not stored) finds its original first", async () => {
    const before = await t.services.db.prisma.assetVersion.count({ where: { shopId } });
    const probe = await sharp(images.photo!).resize(640).webp({ quality: 60 }).toBuffer();
    const r = await findSimilar(deps(), shopId, TEST_ADMIN, { image: probe }, 10);
    expect(r.items[0]!.reason).toBe("near duplicate");
    expect(r.items.filter((i) => i.reason === "near duplicate").map((i) => i.assetId)).toEqual(expect.arrayContaining([ids.photo, ids.copy]));
    expect(r.items.map((i) => i.assetId)).not.toContain(ids.foreign);
    expect(await t.services.db.prisma.assetVersion.count({ where: { shopId } })).toBe(before);
  });

  it("scope: an asset outside the caller's markets is never returned, nor is another shop's", async () => {
    const us = { role: "viewer" as const, markets: ["US"] };
    const viaAsset = await findSimilar(deps(), shopId, us, { assetId: ids.photo! }, 100);
    expect(viaAsset.items.map((i) => i.assetId)).toContain(ids.copy);
    expect(viaAsset.items.map((i) => i.assetId)).not.toContain(ids.deCopy);
    const viaImage = await findSimilar(deps(), shopId, us, { image: images.copy! }, 100);
    expect(viaImage.items.map((i) => i.assetId)).not.toContain(ids.deCopy);
    expect((await findNearDuplicates(deps(), shopId, us, ids.photo!)).map((m) => m.assetId)).not.toContain(ids.deCopy);
    // The out-of-scope asset itself cannot be a probe either.
    await expect(findSimilar(deps(), shopId, us, { assetId: ids.deCopy! }, 10)).rejects.toMatchObject({ kind: "not_found" });
  });

  it("archived assets drop out", async () => {
    const archived = await upload(await sharp(images.photo!).resize(900).jpeg({ quality: 80 }).toBuffer(), "archived-copy.jpg");
    expect((await findNearDuplicates(deps(), shopId, TEST_ADMIN, ids.photo!)).map((m) => m.assetId)).toContain(archived);
    await setArchived(lib(), shopId, TEST_ADMIN, [archived], true);
    expect((await findNearDuplicates(deps(), shopId, TEST_ADMIN, ids.photo!)).map((m) => m.assetId)).not.toContain(archived);
    expect((await findSimilar(deps(), shopId, TEST_ADMIN, { image: images.photo! }, 100)).items.map((i) => i.assetId)).not.toContain(archived);
  });

  it("an embedding provider, when configured, re-ranks by cosine (a test fake)", async () => {
    const fake: EmbeddingProvider = { embed: async (img) => { const m = await sharp(img).stats(); return m.channels.map((c) => c.mean); } };
    const r = await findSimilar({ ...deps(), blobs: t.services.blobs, embeddings: fake }, shopId, TEST_ADMIN, { assetId: ids.redBottle! }, 5);
    expect(r.items.length).toBeGreaterThan(0);
    expect(r.items.every((i) => typeof i.embeddingSimilarity === "number")).toBe(true);
  });

  describe("REST", () => {
    let editor: string;
    let usOnly: string;
    beforeAll(async () => {
      editor = (await issueApiKey(t.services.db.prisma, shopId, TEST_ADMIN, "similar editor", "editor")).token;
      usOnly = (await issueApiKey(t.services.db.prisma, shopId, TEST_ADMIN, "US viewer", "viewer", ["US"])).token;
    });
    const get = async (assetId: string, qs = "", key: string | null = editor) => {
      const headers: Record<string, string> = key ? { Authorization: `Bearer ${key}` } : {};
      const res = await assetSimilarApi.loader({ request: new Request(`http://x/api/v1/assets/${assetId}/similar${qs}`, { headers }), params: { assetId }, context: {} } as LoaderFunctionArgs);
      return { status: res.status, body: (await res.json()) as any };
    };
    const post = async (body: BodyInit | null, headers: Record<string, string>, key: string | null = editor, qs = "") => {
      const h: Record<string, string> = { ...headers, ...(key ? { Authorization: `Bearer ${key}` } : {}) };
      const res = await similarApi.action({ request: new Request(`http://x/api/v1/similar${qs}`, { method: "POST", headers: h, body }), params: {}, context: {} } as ActionFunctionArgs);
      return { status: res.status, body: (await res.json()) as any };
    };

    it("GET /api/v1/assets/:id/similar: items with the asset as the library lists it", async () => {
      const r = await get(ids.photo!, "?limit=3");
      expect(r.status).toBe(200);
      expect(r.body.items.length).toBeLessThanOrEqual(3);
      expect(r.body.items[0]).toMatchObject({ reason: "near duplicate", asset: { kind: "image" } });
      expect(typeof r.body.items[0].distance).toBe("number");
      expect(typeof r.body.items[0].score).toBe("number");
      expect(typeof r.body.items[0].versionId).toBe("string");
      expect(r.body.items[0].asset.id).toBeDefined();
    });

    it("GET: auth, validation, scope", async () => {
      expect((await get(ids.photo!, "", null)).status).toBe(401);
      const bad = await get("not-a-uuid");
      expect(bad.status).toBe(400);
      expect(bad.body).toMatchObject({ code: "validation" });
      expect((await get(ids.photo!, "?limit=0")).body).toMatchObject({ code: "validation" });
      expect((await get(ids.photo!, "?limit=abc")).status).toBe(400);
      expect((await get("00000000-0000-4000-8000-000000000000")).status).toBe(404);
      expect((await get(ids.deCopy!, "", usOnly)).status).toBe(404);
      const us = await get(ids.photo!, "?limit=100", usOnly);
      expect(us.status).toBe(200);
      expect(us.body.items.map((i: any) => i.asset.id)).not.toContain(ids.deCopy);
    });

    it("POST /api/v1/similar: multipart or raw body finds the original; type, size and auth are checked", async () => {
      const form = new FormData();
      form.append("file", new Blob([new Uint8Array(images.copy!)], { type: "image/jpeg" }), "probe.jpg");
      const m = await post(form, {});
      expect(m.status).toBe(200);
      expect(m.body.items.filter((i: any) => i.reason === "near duplicate").map((i: any) => i.asset.id)).toContain(ids.photo);
      const raw = await post(new Uint8Array(images.photo!), { "Content-Type": "image/jpeg" }, usOnly, "?limit=50");
      expect(raw.status).toBe(200);
      expect(raw.body.items.map((i: any) => i.asset.id)).toContain(ids.copy);
      expect(raw.body.items.map((i: any) => i.asset.id)).not.toContain(ids.deCopy);

      expect((await post(new Uint8Array(images.photo!), { "Content-Type": "image/jpeg" }, null)).status).toBe(401);
      const text = await post("hello, not an image", { "Content-Type": "image/png" });
      expect(text.status).toBe(415);
      expect(text.body.code).toBe("unsupported_type");
      const svg = await post('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>', { "Content-Type": "image/svg+xml" });
      expect(svg.body.code).toBe("unsupported_type");
      expect((await post(new Uint8Array(0), { "Content-Type": "image/png" })).body.code).toBe("empty_file");
      const json = await post("{}", { "Content-Type": "application/json" });
      expect(json).toMatchObject({ status: 400, body: { code: "validation" } });
      const big = await post(new Uint8Array(21 * 1024 * 1024).fill(1), { "Content-Type": "image/jpeg" });
      expect(big).toMatchObject({ status: 413, body: { code: "file_too_large" } });
      const truncated = await post(new Uint8Array(images.photo!.subarray(0, 2000)), { "Content-Type": "image/jpeg" });
      expect(truncated.status).toBeGreaterThanOrEqual(400);
      expect(typeof truncated.body.message).toBe("string");
    });

    it("CLI: npx assetline similar <asset-id> prints the matches, or JSON", async () => {
      const server = await serveRoutes(async (request, path) => {
        const m = /^\/api\/v1\/assets\/([^/]+)\/similar/.exec(path);
        return m
          ? assetSimilarApi.loader({ request, params: { assetId: m[1]! }, context: {} } as LoaderFunctionArgs)
          : new Response(JSON.stringify({ code: "not_found", message: "no route" }), { status: 404 });
      });
      const run = (args: string[]) => runCli(args, { url: server.url, key: editor });
      try {
        const table = await run(["similar", ids.photo!]);
        expect(table.stderr).toBe("");
        expect(table.code).toBe(0);
        expect(table.stdout).toMatch(/copy\.jpg|copy/);
        expect(table.stdout).toContain("near duplicate, 0 bits apart");
        const json = await run(["similar", ids.photo!, "--json", "--limit", "2"]);
        expect(json.code).toBe(0);
        const body = JSON.parse(json.stdout);
        expect(body.items.length).toBeLessThanOrEqual(2);
        expect(body.items[0]).toMatchObject({ reason: "near duplicate" });
        const missing = await run(["similar"]);
        expect(missing.code).not.toBe(0);
        const bad = await run(["similar", "nope"]);
        expect(bad.code).not.toBe(0);
        expect(bad.stderr).toContain("UUID");
      } finally {
        await server.close();
      }
    });
  });
});
