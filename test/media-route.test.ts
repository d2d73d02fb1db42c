// GET /media/<mediaKey>/<sha256>.<ext> against a real database and blob store: the rendition's bytes at
// its content address; lookups of one address share one query and are kept briefly (channels download one
// rendition once per listing while the publish jobs keep the database busy); a miss is asked again; an
// uninstalled shop stops being served once the kept lookup lapses; a blob gone from the store is a 404 and
// the lookup is forgotten.
import type { LoaderFunctionArgs } from "@remix-run/node";
import sharp from "sharp";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { useServices } from "../app/.server/context";
import { ingestDepsOf, ingestStream } from "../app/.server/library/ingest.service";
import { processVersion } from "../app/.server/library/process-version.job";
import { findRendition, forgetRendition } from "../app/.server/library/renditions.service";
import { buildRenditionsJob } from "../app/.server/renditions/build.job";
import { renditionDeps } from "../app/.server/renditions/renditions.service";
import * as mediaRoute from "../app/routes/media.$mediaKey.$file";
import { DB_KINDS } from "./support/db";
import { streamOf } from "./support/files";
import { createTestServices, createTestShop, TEST_ADMIN, type TestContext } from "./support/services";

describe.each(DB_KINDS)("the /media route on %s", (kind) => {
  let t: TestContext;

  /** A shop with one ready shopify.product rendition: its media key, sha256 and blob storage key. */
  async function shopWithRendition(seed: number) {
    const shop = await createTestShop(t.services);
    const bytes = await sharp({ create: { width: 900, height: 900, channels: 3, background: { r: 20 + seed, g: 90, b: 160 } } }).jpeg().toBuffer();
    const d = ingestDepsOf(t.services);
    const o = await ingestStream(d, shop.id, TEST_ADMIN, { stream: streamOf(bytes), filename: `hero-${seed}.jpg` }, {});
    if (o.status !== "created") throw new Error(`expected created, got ${o.status}`);
    await processVersion({ prisma: d.prisma, blobs: d.blobs, config: t.config, queue: t.services.queue }, shop.id, o.versionId, { lastAttempt: false });
    await buildRenditionsJob(renditionDeps(t.services), { shopId: shop.id, versionId: o.versionId, presetIds: ["shopify.product"] });
    const r = await t.services.db.prisma.rendition.findFirstOrThrow({ where: { shopId: shop.id, versionId: o.versionId, presetId: "shopify.product" }, include: { blob: true } });
    return { shopId: shop.id, mediaKey: shop.mediaKey, sha: r.blob.sha256, storageKey: r.blob.storageKey, bytes: Number(r.blob.bytes) };
  }
  const get = (mediaKey: string, file: string) =>
    mediaRoute.loader({ params: { mediaKey, file }, request: new Request(`http://app.test/media/${mediaKey}/${file}`), context: {} } as LoaderFunctionArgs);

  beforeAll(async () => {
    t = await createTestServices(kind);
    useServices(t.services);
  });
  afterAll(async () => {
    useServices(null);
    forgetRendition();
    await t?.close();
  });
  beforeEach(() => forgetRendition());

  it("serves the rendition's bytes at its content address, immutable; a malformed or unknown address is a 404", async () => {
    const r = await shopWithRendition(1);
    const res = await get(r.mediaKey, `${r.sha}.jpg`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/jpeg");
    expect(res.headers.get("cache-control")).toContain("immutable");
    const body = Buffer.from(await res.arrayBuffer());
    expect(body.length).toBe(r.bytes);
    expect(await sharp(body).metadata()).toMatchObject({ format: "jpeg" });
    expect((await get(r.mediaKey, `${"0".repeat(64)}.jpg`)).status).toBe(404);
    expect((await get(r.mediaKey, "not-a-sha.jpg")).status).toBe(404);
    expect((await get("someone-elses-key", `${r.sha}.jpg`)).status).toBe(404);
  });

  it("downloads of one address at once share one lookup, kept for a while; a miss is asked again", async () => {
    const r = await shopWithRendition(2);
    const prisma = t.services.db.prisma;
    const first = findRendition(prisma, r.mediaKey, r.sha);
    expect(findRendition(prisma, r.mediaKey, r.sha)).toBe(first);
    expect(await first).toMatchObject({ blob: { sha256: r.sha } });
    expect(findRendition(prisma, r.mediaKey, r.sha)).toBe(first);
    const unknown = "f".repeat(64);
    const miss = findRendition(prisma, r.mediaKey, unknown);
    expect(await miss).toBeNull();
    expect(findRendition(prisma, r.mediaKey, unknown)).not.toBe(miss);
  });

  it("an uninstalled shop stops being served once the kept lookup lapses (30 s)", async () => {
    const r = await shopWithRendition(3);
    expect((await get(r.mediaKey, `${r.sha}.jpg`)).status).toBe(200);
    await t.services.db.prisma.shop.update({ where: { id: r.shopId }, data: { uninstalledAt: new Date() } });
    // Within the window the kept lookup answers (as a CDN would for far longer: the URL is immutable).
    expect(await findRendition(t.services.db.prisma, r.mediaKey, r.sha)).not.toBeNull();
    expect(await findRendition(t.services.db.prisma, r.mediaKey, r.sha, Date.now() + 31_000)).toBeNull();
    expect((await get(r.mediaKey, `${r.sha}.jpg`)).status).toBe(404);
  });

  it("a blob gone from the store is a 404, and the lookup is forgotten so it is asked again", async () => {
    const r = await shopWithRendition(4);
    const kept = findRendition(t.services.db.prisma, r.mediaKey, r.sha);
    await kept;
    await t.services.blobs.delete(r.storageKey);
    expect((await get(r.mediaKey, `${r.sha}.jpg`)).status).toBe(404);
    expect(findRendition(t.services.db.prisma, r.mediaKey, r.sha)).not.toBe(kept);
  });
});
