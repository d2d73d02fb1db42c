// Channel renditions against a real database and real images: eager builds queued with the ingest result,
// renditions stored once per (version, preset, recipe hash) with their findings (one Blob for presets that
// render the same bytes, even when separate jobs build them at once), shop overrides and custom
// presets, the compliance gate (image + market text rules), the stored and audited Fix that later versions
// follow until it is removed, the Compliance overview with bulk fix, and the REST endpoints.
import sharp from "sharp";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useServices } from "../app/.server/context";
import { issueApiKey } from "../app/.server/governance/api-keys.service";
import { editAsset } from "../app/.server/library/assets.service";
import { ingestDepsOf, ingestStream } from "../app/.server/library/ingest.service";
import { processVersion } from "../app/.server/library/process-version.job";
import { buildRenditionsJob } from "../app/.server/renditions/build.job";
import { applyFix, bulkFix, complianceOverview, removeFix, versionChannelChecks } from "../app/.server/renditions/compliance.service";
import { resetPreset, savePreset } from "../app/.server/renditions/presets.service";
import { ensureRenditions, gate, loadShopPresets, renditionDeps } from "../app/.server/renditions/renditions.service";
import { upsertAccountRow } from "../app/.server/sync/channel-accounts.repository";
import * as renditionsApi from "../app/routes/api.v1.renditions";
import * as gateApi from "../app/routes/api.v1.renditions.gate";
import * as fixesApi from "../app/routes/api.v1.renditions.fixes";
import { DB_KINDS } from "./support/db";
import { streamOf } from "./support/files";
import { createTestServices, createTestShop, TEST_ACTOR, TEST_ADMIN, type TestContext } from "./support/services";

/** A dark product filling `fill` of a square frame on a uniform background of grey level `bg`. */
async function packshot(opts: { frame?: number; fill: number; bg: number; seed?: number }): Promise<Buffer> {
  const frame = opts.frame ?? 1600;
  const side = Math.round(frame * opts.fill);
  const product = await sharp({ create: { width: side, height: side, channels: 3, background: { r: 40 + (opts.seed ?? 0), g: 60, b: 120 } } }).png().toBuffer();
  return sharp({ create: { width: frame, height: frame, channels: 3, background: { r: opts.bg, g: opts.bg, b: opts.bg } } })
    .composite([{ input: product, left: Math.round((frame - side) / 2), top: Math.round((frame - side) / 2) }])
    .jpeg({ quality: 92 })
    .toBuffer();
}

describe.each(DB_KINDS)("channel renditions on %s", (kind) => {
  let t: TestContext;
  let shopId: string;
  let mediaKey: string;
  const deps = () => renditionDeps(t.services);
  /** The DE-only asset of the Fix test; its latest version fails Amazon MAIN once the Fix is removed. */
  let deAssetId = "";
  const lib = () => ({ prisma: t.services.db.prisma, queue: t.services.queue });

  async function upload(bytes: Buffer, filename: string, assetId?: string) {
    const d = ingestDepsOf(t.services);
    const o = await ingestStream(d, shopId, TEST_ADMIN, { stream: streamOf(bytes), filename }, assetId ? { assetId } : {});
    if (o.status !== "created") throw new Error(`expected created, got ${o.status}`);
    await processVersion({ prisma: d.prisma, blobs: d.blobs, config: t.config, queue: t.services.queue }, shopId, o.versionId, { lastAttempt: false });
    return o;
  }

  beforeAll(async () => {
    t = await createTestServices(kind);
    useServices(t.services);
    const shop = await createTestShop(t.services);
    shopId = shop.id;
    mediaKey = shop.mediaKey;
  });
  afterAll(async () => {
    useServices(null);
    await t?.close();
  });

  it("a shop sells on Shopify by default; linking Amazon makes its presets eager; ingest queues the eager set in one job", async () => {
    const eager = async () => (await loadShopPresets(t.services.db.prisma, shopId)).filter((p) => p.eager).map((p) => p.preset.id);
    expect(await eager()).toEqual(["shopify.product"]);
    await upsertAccountRow(t.services.db.prisma, shopId, { channel: "amazon", externalId: "A1SELLER" }, { name: "EU seller", region: "eu", marketplaces: [], scopes: [], connectedBy: "test" });
    expect(await eager()).toEqual(["shopify.product", "amazon.main", "amazon.other"]);
    const o = await upload(await packshot({ fill: 0.9, bg: 255 }), "mug.jpg");
    const jobs = await t.services.queue.boss.findJobs("rendition.build", { data: { versionId: o.versionId }, queued: true });
    expect(jobs.map((j) => j.data)).toEqual([{ shopId, versionId: o.versionId, presetIds: ["shopify.product", "amazon.main", "amazon.other"] }]);
    await buildRenditionsJob(deps(), { shopId, versionId: o.versionId, presetIds: ["shopify.product", "amazon.main", "amazon.other", "custom.gone"] });
    const { checks } = await versionChannelChecks(deps(), shopId, mediaKey, TEST_ADMIN, o.assetId, o.versionId);
    const main = checks.find((c) => c.preset.id === "amazon.main")!;
    expect(main).toMatchObject({ state: "ready", verdict: "pass", fixable: false, fix: null });
    expect(main.rendition!.url).toMatch(new RegExp(`^/media/${mediaKey}/[0-9a-f]{64}\\.jpg$`));
    expect(main.findings.find((f) => f.rule === "background")).toMatchObject({ severity: "info", measured: "100.0%" });
    expect(checks.find((c) => c.preset.id === "tiktok.main")).toMatchObject({ state: "on_demand", rendition: null });
    // Building again reuses the stored rendition (same id): unique on (version, preset, recipe hash).
    const again = await ensureRenditions(deps(), shopId, o.versionId, ["amazon.main"]);
    expect(again.get("amazon.main")!.id).toBe(main.rendition!.id);
  });

  it("the gate blocks a master too small for Amazon and passes a 900 px one with a zoom warning", async () => {
    const tiny = await upload(await packshot({ frame: 400, fill: 0.9, bg: 255, seed: 3 }), "tiny.jpg");
    const g = await gate(deps(), shopId, mediaKey, tiny.versionId, "amazon.main");
    expect(g.allowed).toBe(false);
    expect(g.findings.filter((f) => f.severity === "block").map((f) => f.rule)).toEqual(["min_size"]);
    const mid = await upload(await packshot({ frame: 900, fill: 0.9, bg: 255, seed: 4 }), "mid.jpg");
    const g2 = await gate(deps(), shopId, mediaKey, mid.versionId, "amazon.main");
    expect(g2.allowed).toBe(true);
    expect(g2.findings.find((f) => f.rule === "zoom")).toMatchObject({ severity: "warn", message: "900 px is too small for zoom (needs 1000 px). Upload a larger master." });
    expect(g2.rendition).toMatchObject({ width: 900, height: 900 });
  });

  it("market text rules join the gate: “全网最低价” blocks Tmall for a CN asset and not Amazon for a US one", async () => {
    const o = await upload(await packshot({ fill: 0.9, bg: 255, seed: 5 }), "promo.jpg");
    await editAsset(lib(), shopId, TEST_ADMIN, o.assetId, { title: "全网最低价 保温杯", markets: ["US"] });
    expect((await gate(deps(), shopId, mediaKey, o.versionId, "amazon.main")).allowed).toBe(true);
    const tmall = await gate(deps(), shopId, mediaKey, o.versionId, "tmall.main");
    expect(tmall.allowed).toBe(false);
    expect(tmall.findings.find((f) => f.rule === "cn.absolute_terms")).toMatchObject({ measured: "“最” in title", required: "not in CN" });
    // A custom preset is on its base preset's channel, so the same market rules apply to it.
    await savePreset(lib(), shopId, TEST_ADMIN, { kind: "custom", presetId: "custom.tmall-global", basePresetId: "tmall.main", label: "Tmall Global", eager: false, overrides: {} });
    expect((await gate(deps(), shopId, mediaKey, o.versionId, "custom.tmall-global")).allowed).toBe(false);
    await resetPreset(t.services.db.prisma, shopId, TEST_ADMIN, "custom.tmall-global");
  });

  it("presets that render a master to the same bytes, built at once by separate jobs, share one blob", async () => {
    // A 1000 px square master comes out of shopify.product (≤ 2048, contain on white) and tiktok.main
    // (≤ 1200, the same) as the same JPEG: two publishes building one each race on the blob's unique key.
    for (let i = 0; i < 4; i++) {
      const o = await upload(await packshot({ frame: 1000, fill: 0.87, bg: 255, seed: 20 + i * 40 }), `twin-${i}.jpg`);
      const [a, b] = await Promise.all([
        ensureRenditions(deps(), shopId, o.versionId, ["shopify.product"]),
        ensureRenditions(deps(), shopId, o.versionId, ["tiktok.main"]),
      ]);
      expect(a.get("shopify.product")!.blobId).toBe(b.get("tiktok.main")!.blobId);
    }
  });

  it("non-images and unknown versions are refused by the gate with a reason", async () => {
    const g = await gate(deps(), shopId, mediaKey, "00000000-0000-4000-8000-000000000000", "amazon.main");
    expect(g).toMatchObject({ allowed: false, rendition: null });
    expect(g.findings[0]).toMatchObject({ severity: "block", message: "That version was not found." });
  });

  it("a shop override (contain on white) exposes fill and background; Fix whitens and pads, is audited, follows later versions and can be removed", async () => {
    await savePreset(lib(), shopId, TEST_ADMIN, { kind: "builtin", presetId: "amazon.main", eager: true, overrides: { fit: "contain-white" } });
    const o = await upload(await packshot({ fill: 0.7, bg: 250, seed: 6 }), "offwhite.jpg");
    const before = await gate(deps(), shopId, mediaKey, o.versionId, "amazon.main");
    expect(before.allowed).toBe(false);
    const blocking = Object.fromEntries(before.findings.filter((f) => f.severity === "block").map((f) => [f.rule, f]));
    expect(blocking.background).toMatchObject({ fix: "whiten-background" });
    expect(blocking.fill).toMatchObject({ fix: "pad-to-fill" });
    expect(Number.parseFloat(blocking.fill!.measured)).toBeLessThan(85);

    // An editor without the asset's market may not fix it; the editor with it may.
    await editAsset(lib(), shopId, TEST_ADMIN, o.assetId, { markets: ["DE"] });
    deAssetId = o.assetId;
    await expect(applyFix(deps(), shopId, { ...TEST_ACTOR, markets: ["US"] }, o.assetId, o.versionId, "amazon.main")).rejects.toMatchObject({ kind: "not_found" });
    const fixed = await applyFix(deps(), shopId, { ...TEST_ACTOR, markets: ["DE"] }, o.assetId, o.versionId, "amazon.main");
    expect(fixed.verdict).toBe("pass");
    const { checks } = await versionChannelChecks(deps(), shopId, mediaKey, TEST_ADMIN, o.assetId, o.versionId);
    const c = checks.find((x) => x.preset.id === "amazon.main")!;
    expect(c.fix!.description).toEqual(["background whitened to pure white", "product trimmed and padded to fill 90%"]);
    expect(c.before).toMatchObject({ verdict: "fail" });
    expect(c.rendition).toMatchObject({ verdict: "pass" });
    expect(Number.parseFloat(c.findings.find((f) => f.rule === "fill")!.measured)).toBeGreaterThanOrEqual(85);
    const audit = await t.services.db.prisma.auditEvent.findMany({ where: { shopId, subjectId: o.assetId, action: "rendition.fix_applied" } });
    expect(audit).toHaveLength(1);

    // A later version follows the Fix without being asked.
    const v2 = await upload(await packshot({ fill: 0.6, bg: 250, seed: 7 }), "offwhite-v2.jpg", o.assetId);
    expect((await gate(deps(), shopId, mediaKey, v2.versionId, "amazon.main")).allowed).toBe(true);
    // Removing it goes back to the preset alone.
    await removeFix(deps(), shopId, TEST_ADMIN, o.assetId, "amazon.main");
    expect((await gate(deps(), shopId, mediaKey, v2.versionId, "amazon.main")).allowed).toBe(false);
    await expect(removeFix(deps(), shopId, TEST_ADMIN, o.assetId, "amazon.main")).rejects.toMatchObject({ kind: "not_found" });
    await expect(applyFix(deps(), shopId, TEST_ADMIN, (await upload(await packshot({ frame: 300, fill: 0.9, bg: 255, seed: 8 }), "t.jpg")).assetId, o.versionId, "amazon.main")).rejects.toMatchObject({ kind: "not_found" });
  });

  it("the Compliance overview counts and lists failing assets per eager preset, and bulk fix stores Fixes and queues rebuilds", async () => {
    const a = await upload(await packshot({ fill: 0.65, bg: 250, seed: 9 }), "bulk-a.jpg");
    const b = await upload(await packshot({ fill: 0.9, bg: 255, seed: 10 }), "bulk-b.jpg");
    await ensureRenditions(deps(), shopId, a.versionId, ["amazon.main"]);
    await ensureRenditions(deps(), shopId, b.versionId, ["amazon.main"]);
    const o = await complianceOverview(deps(), shopId, mediaKey, TEST_ADMIN);
    const main = o.summaries.find((s) => s.preset.id === "amazon.main")!;
    expect(main.failing.map((f) => f.assetId)).toContain(a.assetId);
    expect(main.failing.map((f) => f.assetId)).not.toContain(b.assetId);
    expect(main.failing.find((f) => f.assetId === a.assetId)).toMatchObject({ fixable: true, fixed: false });
    expect(main.counts.fail).toBeGreaterThanOrEqual(1);
    expect(main.counts.pass).toBeGreaterThanOrEqual(1);
    expect(main.failing.map((f) => f.assetId)).toContain(deAssetId);
    // A viewer limited to JP does not see the DE asset, in the list or in the counts.
    const jp = (await complianceOverview(deps(), shopId, mediaKey, { ...TEST_ACTOR, role: "viewer", markets: ["JP"] })).summaries.find((s) => s.preset.id === "amazon.main")!;
    expect(jp.failing.map((f) => f.assetId)).not.toContain(deAssetId);
    expect(jp.counts.fail).toBe(main.counts.fail - 1);

    const r = await bulkFix(deps(), shopId, TEST_ACTOR, "amazon.main", [a.assetId, b.assetId]);
    expect(r.fixed).toEqual([a.assetId]);
    expect(r.skipped).toEqual([{ assetId: b.assetId, reason: "nothing can be fixed automatically" }]);
    const jobs = await t.services.queue.boss.findJobs("rendition.build", { data: { versionId: a.versionId }, queued: true });
    expect(jobs.some((j) => (j.data as { presetIds: string[] }).presetIds.includes("amazon.main"))).toBe(true);
    await buildRenditionsJob(deps(), { shopId, versionId: a.versionId, presetIds: ["amazon.main"] });
    const after = (await complianceOverview(deps(), shopId, mediaKey, TEST_ADMIN)).summaries.find((s) => s.preset.id === "amazon.main")!;
    expect(after.failing.map((f) => f.assetId)).not.toContain(a.assetId);
  });

  it("presets: admins override and add custom presets (validated, audited); a changed preset builds a new rendition", async () => {
    await expect(savePreset(lib(), shopId, TEST_ACTOR, { kind: "builtin", presetId: "tiktok.main", eager: true, overrides: {} })).rejects.toMatchObject({ kind: "forbidden" });
    await expect(savePreset(lib(), shopId, TEST_ADMIN, { kind: "builtin", presetId: "thumb", eager: true, overrides: {} })).rejects.toMatchObject({ kind: "validation" });
    await expect(savePreset(lib(), shopId, TEST_ADMIN, { kind: "builtin", presetId: "tiktok.main", eager: true, overrides: { width: 5 } })).rejects.toMatchObject({ kind: "validation" });
    await expect(savePreset(lib(), shopId, TEST_ADMIN, { kind: "custom", presetId: "custom.Bad Id", basePresetId: "shopee.main", label: "x", eager: null, overrides: {} })).rejects.toMatchObject({ kind: "validation" });
    const custom = await savePreset(lib(), shopId, TEST_ADMIN, {
      kind: "custom",
      presetId: "custom.lazada",
      basePresetId: "shopee.main",
      label: "Lazada main",
      eager: true,
      overrides: { width: 600, height: 600, rules: { maxBytes: 500_000 } },
    });
    expect(custom.preset).toMatchObject({ id: "custom.lazada", label: "Lazada main", width: 600, channel: "shopee", rules: { maxBytes: 500_000, minShortestSide: 500 } });
    const o = await upload(await packshot({ fill: 0.9, bg: 255, seed: 11 }), "lazada.jpg");
    const jobs = await t.services.queue.boss.findJobs("rendition.build", { data: { versionId: o.versionId }, queued: true });
    expect((jobs[0]!.data as { presetIds: string[] }).presetIds).toContain("custom.lazada");
    const r1 = (await ensureRenditions(deps(), shopId, o.versionId, ["custom.lazada"])).get("custom.lazada")!;
    expect([r1.width, r1.height]).toEqual([600, 600]);
    await savePreset(lib(), shopId, TEST_ADMIN, { ...{ kind: "custom", presetId: "custom.lazada", basePresetId: "shopee.main", label: "Lazada main", eager: true }, overrides: { width: 700, height: 700 } });
    const r2 = (await ensureRenditions(deps(), shopId, o.versionId, ["custom.lazada"])).get("custom.lazada")!;
    expect(r2.recipeHash).not.toBe(r1.recipeHash);
    expect(r2.width).toBe(700);
    // Switching a preset on for every version also queues it for the images already in the library.
    await savePreset(lib(), shopId, TEST_ADMIN, { kind: "builtin", presetId: "tiktok.main", eager: true, overrides: {} });
    const backfill = await t.services.queue.boss.findJobs("rendition.build", { data: { versionId: o.versionId, presetIds: ["tiktok.main"] }, queued: true });
    expect(backfill).toHaveLength(1);
    await resetPreset(t.services.db.prisma, shopId, TEST_ADMIN, "custom.lazada");
    expect((await loadShopPresets(t.services.db.prisma, shopId)).some((p) => p.preset.id === "custom.lazada")).toBe(false);
    const saved = await t.services.db.prisma.auditEvent.count({ where: { shopId, action: { in: ["preset.saved", "preset.deleted"] } } });
    expect(saved).toBeGreaterThanOrEqual(3);
  });

  it("REST: list a version's channel checks, build on demand, ask the gate, apply and remove a Fix; bad bodies get 400", async () => {
    const key = (await issueApiKey(t.services.db.prisma, shopId, TEST_ADMIN, "renditions")).token;
    const auth = { Authorization: `Bearer ${key}` };
    const o = await upload(await packshot({ fill: 0.7, bg: 250, seed: 12 }), "api.jpg");
    const call = async (mod: { loader?: unknown; action?: unknown }, url: string, init: RequestInit = {}) => {
      const fn = (init.method && init.method !== "GET" ? mod.action : mod.loader) as (a: LoaderFunctionArgs | ActionFunctionArgs) => Promise<Response>;
      const res = await fn({ request: new Request(`http://x${url}`, { ...init, headers: { ...auth, "content-type": "application/json" } }), params: {}, context: {} } as LoaderFunctionArgs);
      return { status: res.status, body: res.status === 204 ? null : ((await res.json()) as Record<string, unknown>) };
    };
    const built = await call(renditionsApi, "/api/v1/renditions", { method: "POST", body: JSON.stringify({ assetId: o.assetId, versionId: o.versionId, presetIds: ["amazon.main", "tiktok.main"] }) });
    expect(built.status).toBe(201);
    expect((built.body!.items as Array<{ presetId: string }>).map((r) => r.presetId).sort()).toEqual(["amazon.main", "tiktok.main"]);
    const list = await call(renditionsApi, `/api/v1/renditions?assetId=${o.assetId}&versionId=${o.versionId}`);
    expect((list.body!.items as Array<{ preset: { id: string }; state: string }>).find((c) => c.preset.id === "tiktok.main")!.state).toBe("ready");
    const g = await call(gateApi, `/api/v1/renditions/gate?versionId=${o.versionId}&presetId=amazon.main`);
    expect(g.body).toMatchObject({ allowed: false });
    const fixed = await call(fixesApi, "/api/v1/renditions/fixes", { method: "POST", body: JSON.stringify({ assetId: o.assetId, versionId: o.versionId, presetId: "amazon.main" }) });
    expect(fixed).toMatchObject({ status: 201, body: { verdict: "pass" } });
    expect((await call(gateApi, `/api/v1/renditions/gate?versionId=${o.versionId}&presetId=amazon.main`)).body).toMatchObject({ allowed: true });
    expect((await call(fixesApi, "/api/v1/renditions/fixes", { method: "DELETE", body: JSON.stringify({ assetId: o.assetId, presetId: "amazon.main" }) })).status).toBe(204);
    expect((await call(fixesApi, "/api/v1/renditions/fixes", { method: "POST", body: "{" })).status).toBe(400);
    expect((await call(renditionsApi, "/api/v1/renditions", { method: "POST", body: JSON.stringify({ assetId: o.assetId, versionId: o.versionId, presetIds: ["../etc"] }) })).status).toBe(400);
    expect((await call(gateApi, `/api/v1/renditions/gate?versionId=nope&presetId=amazon.main`)).status).toBe(400);
  });
});
