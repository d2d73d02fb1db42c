// The in-process worker: an upload's `ingest.process` job runs through pg-boss and the version becomes
// ready; a repeated job is harmless; `shop.purge` erases a shop's rows and bytes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestStream, ingestDepsOf } from "../app/.server/library/ingest.service";
import { purgeShop } from "../app/.server/shops/purge.job";
import { createCollection } from "../app/.server/library/collections.service";
import { createShare } from "../app/.server/governance/shares.service";
import { issueApiKey } from "../app/.server/governance/api-keys.service";
import { setRights } from "../app/.server/governance/rights.service";
import { changeVersionState } from "../app/.server/library/assets.service";
import { createMember } from "../app/.server/governance/members.repository";
import { actorOf } from "../app/.server/governance/members.service";
import { DB_KINDS } from "./support/db";
import { storedBlobFiles, streamOf } from "./support/files";
import { solidJpeg } from "./support/images";
import { createTestServices, createTestShop, TEST_ACTOR, type TestContext } from "./support/services";

async function waitFor<T>(fn: () => Promise<T | null | undefined | false>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe.each(DB_KINDS)("jobs on %s", (kind) => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestServices(kind, { worker: true });
  });
  afterAll(async () => t?.close());

  it("processes uploads in the background worker", async () => {
    const shop = await createTestShop(t.services);
    const deps = ingestDepsOf(t.services);
    const outs = [];
    for (let i = 0; i < 3; i++)
      outs.push(await ingestStream(deps, shop.id, TEST_ACTOR, { stream: streamOf(await solidJpeg({ r: i * 60, g: 10, b: 10 }, 1200)), filename: `p${i}.jpg` }));
    for (const o of outs) {
      if (o.status !== "created") throw new Error("expected created");
      const v = await waitFor(async () => {
        const row = await t.services.db.prisma.assetVersion.findUnique({ where: { id: o.versionId } });
        return row?.processing === "ready" ? row : null;
      });
      expect(v.phash).toBeTruthy();
    }
    // A late duplicate job for a processed version does nothing.
    const first = outs[0]!;
    if (first.status !== "created") return;
    await t.services.queue.send("ingest.process", { shopId: shop.id, versionId: first.versionId });
    await new Promise((r) => setTimeout(r, 1500));
    expect(await t.services.db.prisma.rendition.count({ where: { versionId: first.versionId, presetId: { in: ["thumb", "preview"] } } })).toBe(2);
    // The shop sells on its Shopify store, so the worker also built and checked that channel's rendition.
    const channel = await waitFor(() => t.services.db.prisma.rendition.findFirst({ where: { versionId: first.versionId, presetId: "shopify.product" } }));
    expect(channel).toMatchObject({ width: 1200, height: 1200, mime: "image/jpeg", verdict: "pass" });
  });

  it("shop.purge erases every row and blob of the shop, and only that shop", async () => {
    const doomed = await createTestShop(t.services);
    const kept = await createTestShop(t.services);
    const deps = ingestDepsOf(t.services);
    const jpeg = await solidJpeg({ r: 5, g: 200, b: 5 });
    const d = await ingestStream(deps, doomed.id, TEST_ACTOR, { stream: streamOf(jpeg), filename: "d.jpg" });
    await ingestStream(deps, kept.id, TEST_ACTOR, { stream: streamOf(jpeg), filename: "k.jpg" });
    if (d.status !== "created") throw new Error("expected created");
    await waitFor(async () => (await t.services.db.prisma.assetVersion.findUnique({ where: { id: d.versionId } }))?.processing === "ready");
    await t.services.db.prisma.session.create({ data: { id: "offline_x", shop: doomed.domain, state: "s", accessToken: "sealed" } });
    // Something in every table a shop can own: members, notifications, collections, shares, rights, keys.
    const p = t.services.db.prisma;
    const admin = actorOf(await createMember(p, doomed.id, { name: "Admin", role: "admin", markets: [], isOwner: true }));
    const editor = actorOf(await createMember(p, doomed.id, { name: "Editor", role: "editor", markets: [], isOwner: false }));
    await createCollection(p, doomed.id, admin, { name: "C", assetIds: [d.assetId] });
    await createShare(p, doomed.id, admin, { name: "S", assetIds: [d.assetId], expiresAt: null, password: null, previewOnly: true });
    await issueApiKey(p, doomed.id, admin, "k");
    await changeVersionState({ prisma: p, queue: t.services.queue }, doomed.id, editor, d.versionId, "submit");
    await setRights({ prisma: p, queue: t.services.queue }, doomed.id, admin, d.assetId, { licensor: "L", licenceStart: null, licenceEnd: null, territories: [], channels: [], containsPeople: false, modelReleaseRef: null, fallbackAssetId: null });
    const tables = await p.$queryRawUnsafe<Array<{ table_name: string }>>(
      `select table_name from information_schema.columns where table_schema = 'public' and column_name = 'shopId' order by table_name`,
    );
    const rowsOfShop = async () => {
      const out: Record<string, number> = {};
      for (const { table_name } of tables) {
        const [r] = await p.$queryRawUnsafe<Array<{ n: number }>>(`select count(*)::int as n from "${table_name}" where "shopId" = $1::uuid`, doomed.id);
        if (r!.n) out[table_name] = r!.n;
      }
      return out;
    };
    expect(Object.keys(await rowsOfShop())).toEqual(
      expect.arrayContaining(["Asset", "AssetVersion", "Blob", "Member", "Notification", "Collection", "ShareLink", "ApiKey", "Approval", "Rights", "AuditEvent"]),
    );
    // The eager rendition build that ingest queued may still be writing: that race is the next test's;
    // this one checks that every table and blob is covered, so it purges a shop at rest.
    await waitFor(async () => {
      const [r] = await p.$queryRawUnsafe<Array<{ n: number }>>(
        `select count(*)::int as n from pgboss.job where state in ('created', 'retry', 'active') and data->>'shopId' = $1`,
        doomed.id,
      );
      return r!.n === 0;
    }, 20_000);
    await purgeShop({ prisma: t.services.db.prisma, blobs: t.services.blobs }, doomed.id);
    expect(await rowsOfShop()).toEqual({}); // 0 rows of the shop in any table
    expect(await p.shop.findUnique({ where: { id: doomed.id } })).toBeNull();
    expect(await p.asset.count({ where: { shopId: doomed.id } })).toBe(0);
    expect(await p.blob.count({ where: { shopId: doomed.id } })).toBe(0);
    expect(await p.session.count({ where: { shop: doomed.domain } })).toBe(0);
    const root = t.config.blobs.kind === "fs" ? t.config.blobs.root : "";
    expect((await storedBlobFiles(root)).some((f) => f.includes(doomed.id))).toBe(false);
    expect((await storedBlobFiles(root)).some((f) => f.includes(kept.id))).toBe(true);
    expect(await p.asset.count({ where: { shopId: kept.id } })).toBe(1);
  });

  it("a purge while the shop's jobs are running still ends with no bytes of the shop", async () => {
    const doomed = await createTestShop(t.services);
    const deps = ingestDepsOf(t.services);
    for (let i = 0; i < 3; i++)
      await ingestStream(deps, doomed.id, TEST_ACTOR, { stream: streamOf(await solidJpeg({ r: 90, g: i * 70, b: 9 }, 2000)), filename: `r${i}.jpg` });
    await purgeShop({ prisma: t.services.db.prisma, blobs: t.services.blobs }, doomed.id);
    const root = t.config.blobs.kind === "fs" ? t.config.blobs.root : "";
    await waitFor(async () => !(await storedBlobFiles(root)).some((f) => f.includes(doomed.id)), 20_000);
    await new Promise((r) => setTimeout(r, 1500)); // and nothing reappears once the jobs settle
    expect((await storedBlobFiles(root)).some((f) => f.includes(doomed.id))).toBe(false);
  });

  it("an uninstalled shop's queued work stops at once", async () => {
    const shop = await createTestShop(t.services);
    await t.services.db.prisma.shop.update({ where: { id: shop.id }, data: { uninstalledAt: new Date() } });
    const deps = ingestDepsOf(t.services);
    const o = await ingestStream(deps, shop.id, TEST_ACTOR, { stream: streamOf(await solidJpeg({ r: 3, g: 77, b: 200 })), filename: "late.jpg" });
    if (o.status !== "created") throw new Error("expected created");
    await waitFor(async () => {
      const jobs = await t.services.queue.boss.findJobs("ingest.process", { key: o.versionId });
      return jobs.length > 0 && jobs.every((j) => j.state === "completed");
    });
    const v = await t.services.db.prisma.assetVersion.findUniqueOrThrow({ where: { id: o.versionId } });
    expect(v.processing).toBe("pending"); // nothing was processed for the uninstalled shop
    expect(await t.services.db.prisma.rendition.count({ where: { versionId: o.versionId } })).toBe(0);
  });

  it("a file that cannot be decoded is marked failed with a message, not retried forever", async () => {
    const shop = await createTestShop(t.services);
    const deps = ingestDepsOf(t.services);
    // Valid header and end marker, garbage in between: passes the upload checks, fails the decode.
    const sharp = (await import("sharp")).default;
    const good = await sharp({ create: { width: 600, height: 600, channels: 3, background: { r: 1, g: 2, b: 3 } } }).jpeg().toBuffer();
    const broken = Buffer.concat([good.subarray(0, 700), Buffer.alloc(4000, 0x55), Buffer.from([0xff, 0xd9])]);
    const o = await ingestStream(deps, shop.id, TEST_ACTOR, { stream: streamOf(broken), filename: "broken.jpg" });
    if (o.status !== "created") throw new Error("expected created");
    const v = await waitFor(async () => {
      const row = await t.services.db.prisma.assetVersion.findUnique({ where: { id: o.versionId } });
      return row?.processing === "failed" ? row : null;
    });
    expect(v.processingError).toMatch(/damaged|corrupt|could not|cannot/i);
  });
});
