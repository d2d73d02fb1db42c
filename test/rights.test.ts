// Rights: recorded by editors, enforced on downloads, and re-evaluated by the rights.scan job.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useServices } from "../app/.server/context";
import { issueApiKey } from "../app/.server/governance/api-keys.service";
import { scanRights, setRights, type RightsInput } from "../app/.server/governance/rights.service";
import { getVersionOfAsset } from "../app/.server/library/assets.service";
import { ingestStream, ingestDepsOf } from "../app/.server/library/ingest.service";
import * as originalApi from "../app/routes/api.v1.assets.$assetId.versions.$versionId.original";
import { DB_KINDS } from "./support/db";
import { streamOf } from "./support/files";
import { solidJpeg } from "./support/images";
import { createTestServices, createTestShop, TEST_ACTOR, TEST_ADMIN, type TestContext } from "./support/services";

const DAY = 24 * 3600 * 1000;
const terms = (t: Partial<RightsInput> = {}): RightsInput => ({
  licensor: "Studio Nord", licenceStart: null, licenceEnd: null, territories: [], channels: [],
  containsPeople: false, modelReleaseRef: null, fallbackAssetId: null, ...t,
});

describe.each(DB_KINDS)("rights on %s", (kind) => {
  let t: TestContext;
  let shopId: string;
  const made: Array<{ assetId: string; versionId: string }> = [];
  const lib = () => ({ prisma: t.services.db.prisma, queue: t.services.queue });

  beforeAll(async () => {
    t = await createTestServices(kind);
    useServices(t.services);
    shopId = (await createTestShop(t.services)).id;
    const deps = ingestDepsOf(t.services);
    for (let i = 0; i < 3; i++) {
      const o = await ingestStream(deps, shopId, TEST_ACTOR, { stream: streamOf(await solidJpeg({ r: 10 + i * 90, g: 150, b: 40 })), filename: `model-shot-${i}.jpg` });
      if (o.status !== "created") throw new Error("expected created");
      made.push({ assetId: o.assetId, versionId: o.versionId });
    }
  });
  afterAll(async () => {
    useServices(null);
    await t?.close();
  });

  it("an expired licence blocks downloads, in the app and through the API", async () => {
    const { assetId, versionId } = made[0]!;
    const r = await setRights({ prisma: t.services.db.prisma, queue: t.services.queue }, shopId, TEST_ACTOR, assetId, terms({ licenceEnd: new Date(Date.now() - DAY) }));
    expect(r.status).toBe("expired");
    await expect(getVersionOfAsset(lib(), shopId, TEST_ACTOR, assetId, versionId, "asset.download")).rejects.toThrow(/licence ended/);
    const key = (await issueApiKey(t.services.db.prisma, shopId, TEST_ADMIN, "dl")).token;
    const res = await originalApi.loader({
      request: new Request(`http://x/api/v1/assets/${assetId}/versions/${versionId}/original`, { headers: { Authorization: `Bearer ${key}` } }),
      params: { assetId, versionId },
      context: {},
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { message: string }).message).toMatch(/Downloading this asset is blocked: Its licence ended/);
    // Viewing stays possible, so people can see what needs replacing.
    expect((await getVersionOfAsset(lib(), shopId, TEST_ACTOR, assetId, versionId)).id).toBe(versionId);
  });

  it("a zip download streams the allowed originals and lists what was left out (and why)", async () => {
    const downloadsApi = await import("../app/routes/api.v1.downloads");
    const p = t.services.db.prisma;
    const deps = ingestDepsOf(t.services);
    const okBytes = await solidJpeg({ r: 201, g: 17, b: 99 }, 500);
    const ok = await ingestStream(deps, shopId, TEST_ACTOR, { stream: streamOf(okBytes), filename: "zip-ok.jpg" });
    if (ok.status !== "created") throw new Error("expected created");
    const key = (await issueApiKey(p, shopId, TEST_ADMIN, "zip")).token;
    const res = await downloadsApi.action({
      request: new Request("http://x/api/v1/downloads", { method: "POST", headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" }, body: JSON.stringify({ assetIds: [ok.assetId, made[0]!.assetId] }) }),
      params: {},
      context: {},
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/zip");
    const zip = Buffer.from(await res.arrayBuffer());
    expect(zip.includes(okBytes)).toBe(true); // stored as is
    expect(zip.includes(Buffer.from("zip-ok.jpg"))).toBe(true);
    expect(zip.includes(Buffer.from("NOT INCLUDED.txt"))).toBe(true);
    expect(zip.includes(Buffer.from("licence ended"))).toBe(true); // made[0] has an expired licence
    const usage = await p.auditEvent.findFirstOrThrow({ where: { shopId, action: "asset.downloaded" }, orderBy: { createdAt: "desc" } });
    expect(usage.data).toMatchObject({ assetIds: [ok.assetId], files: 1, skipped: 1, as: "zip" });
    const none = await downloadsApi.action({
      request: new Request("http://x/api/v1/downloads", { method: "POST", headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" }, body: JSON.stringify({ assetIds: [made[0]!.assetId] }) }),
      params: {},
      context: {},
    });
    expect(none.status).toBe(403);
  });

  it("licences needing attention are listed for editors in scope (the in-app notice)", async () => {
    const { rightsNeedingAttention } = await import("../app/.server/governance/rights.service");
    const { editAsset } = await import("../app/.server/library/assets.service");
    const p = t.services.db.prisma;
    const listed = await rightsNeedingAttention(p, shopId, TEST_ACTOR);
    expect(listed.map((r) => r.asset.id)).toContain(made[0]!.assetId); // expired in the first test
    expect(await rightsNeedingAttention(p, shopId, { ...TEST_ACTOR, role: "viewer" })).toEqual([]);
    await editAsset(lib(), shopId, TEST_ADMIN, made[0]!.assetId, { markets: ["EU"] });
    const us = await rightsNeedingAttention(p, shopId, { ...TEST_ACTOR, markets: ["US"] });
    expect(us.map((r) => r.asset.id)).not.toContain(made[0]!.assetId);
    await editAsset(lib(), shopId, TEST_ADMIN, made[0]!.assetId, { markets: [] });
  });

  it("validates terms and who may set them", async () => {
    const { assetId } = made[1]!;
    await expect(setRights({ prisma: t.services.db.prisma, queue: t.services.queue }, shopId, TEST_ACTOR, assetId, terms({ licenceStart: new Date(), licenceEnd: new Date(Date.now() - DAY) }))).rejects.toThrow(/end after it starts/);
    const viewer = { ...TEST_ACTOR, role: "viewer" as const };
    await expect(setRights({ prisma: t.services.db.prisma, queue: t.services.queue }, shopId, viewer, assetId, terms())).rejects.toThrow(/cannot edit/);
    const people = await setRights({ prisma: t.services.db.prisma, queue: t.services.queue }, shopId, TEST_ACTOR, assetId, terms({ containsPeople: true }));
    expect(people.status).toBe("restricted");
    const released = await setRights({ prisma: t.services.db.prisma, queue: t.services.queue }, shopId, TEST_ACTOR, assetId, terms({ containsPeople: true, modelReleaseRef: "MR-114" }));
    expect(released.status).toBe("ok");
  });

  it("a fallback must be a visible, active asset of the same kind", async () => {
    const { editAsset, setArchived } = await import("../app/.server/library/assets.service");
    const { fallbackOf } = await import("../app/.server/governance/rights.service");
    const p = t.services.db.prisma;
    const [a, b] = [made[1]!.assetId, made[2]!.assetId];
    const saved = await setRights({ prisma: p, queue: t.services.queue }, shopId, TEST_ACTOR, a, terms({ fallbackAssetId: b }));
    expect(saved.fallbackAssetId).toBe(b);
    expect(await fallbackOf(p, shopId, TEST_ACTOR, b)).toMatchObject({ id: b, visible: true });
    await expect(setRights({ prisma: p, queue: t.services.queue }, shopId, TEST_ACTOR, a, terms({ fallbackAssetId: a }))).rejects.toThrow(/its own fallback/);
    await editAsset(lib(), shopId, TEST_ADMIN, b, { markets: ["EU"] });
    const usEditor = { ...TEST_ACTOR, markets: ["US"] };
    await expect(setRights({ prisma: p, queue: t.services.queue }, shopId, usEditor, a, terms({ fallbackAssetId: b }))).rejects.toThrow(/fallback asset was not found/);
    expect(await fallbackOf(p, shopId, usEditor, b)).toMatchObject({ visible: false, title: "An asset outside your markets" });
    await editAsset(lib(), shopId, TEST_ADMIN, b, { markets: [] });
    await setArchived(lib(), shopId, TEST_ADMIN, [b], true);
    await expect(setRights({ prisma: p, queue: t.services.queue }, shopId, TEST_ACTOR, a, terms({ fallbackAssetId: b }))).rejects.toThrow(/archived/);
    await setArchived(lib(), shopId, TEST_ADMIN, [b], false);
    const pdf = await ingestStream(ingestDepsOf(t.services), shopId, TEST_ACTOR, {
      stream: streamOf(Buffer.from("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")),
      filename: "spec-sheet.pdf",
    });
    if (pdf.status !== "created") throw new Error("expected created");
    await expect(setRights({ prisma: p, queue: t.services.queue }, shopId, TEST_ACTOR, a, terms({ fallbackAssetId: pdf.assetId }))).rejects.toThrow(/must be an image/);
  });

  it("rights.scan warns once seven days ahead, then expires the licence", async () => {
    const { assetId, versionId } = made[2]!;
    const end = new Date(Date.now() + 30 * DAY);
    await setRights({ prisma: t.services.db.prisma, queue: t.services.queue }, shopId, TEST_ACTOR, assetId, terms({ licenceEnd: end }));
    const p = t.services.db.prisma;
    const notices = () => p.auditEvent.count({ where: { shopId, subjectId: assetId, action: "rights.expiry_notice" } });
    await scanRights(p, t.services.queue, new Date(end.getTime() - 10 * DAY));
    expect((await p.rights.findUniqueOrThrow({ where: { assetId } })).status).toBe("ok");
    const first = await scanRights(p, t.services.queue, new Date(end.getTime() - 5 * DAY));
    expect(first.warned).toBeGreaterThanOrEqual(1);
    expect((await p.rights.findUniqueOrThrow({ where: { assetId } })).status).toBe("expiring");
    await scanRights(p, t.services.queue, new Date(end.getTime() - 4 * DAY));
    expect(await notices()).toBe(1); // told once
    await scanRights(p, t.services.queue, new Date(end.getTime() + 1000));
    expect((await p.rights.findUniqueOrThrow({ where: { assetId } })).status).toBe("expired");
    const changes = await p.auditEvent.findMany({ where: { shopId, subjectId: assetId, action: "rights.status_changed" }, orderBy: { createdAt: "asc" } });
    expect(changes.map((c) => (c.data as { to: string }).to)).toEqual(["expiring", "expired"]);
    // Enforcement reads the real clock (here the licence still runs), never a stale stored status.
    expect((await getVersionOfAsset(lib(), shopId, TEST_ACTOR, assetId, versionId, "asset.download")).id).toBe(versionId);
  });
});
