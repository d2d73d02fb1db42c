// Auto-tagging end to end (issue #7): ingest queues `analyse.run` with the ready version; the job runs the
// registered analysers once over the preview and stores one VersionAnalysis per analyser, the OCR text,
// and the asset's auto tags (accepted or suggested by each analyser's threshold, with the Chinese name);
// rejecting a tag keeps it away through forced re-runs and new versions; raising one analyser's version
// re-runs only it; a failing analyser is recorded while the others store; tags are per shop; REST
// accept/reject/undo and analyse with auth, scope, role and validation errors.
import sharp from "sharp";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useServices } from "../app/.server/context";
import { issueApiKey } from "../app/.server/governance/api-keys.service";
import { runAnalysis, type AnalyseDeps } from "../app/.server/library/analyse.job";
import { editAsset, getAsset } from "../app/.server/library/assets.service";
import { FILENAME_TAGGER } from "../app/.server/library/filename-tagger";
import { decideTag, getTagPanel } from "../app/.server/library/auto-tags.service";
import { ingestDepsOf, ingestStream } from "../app/.server/library/ingest.service";
import { presentAsset } from "../app/.server/library/present";
import { processVersion } from "../app/.server/library/process-version.job";
import { listTagsWithCounts } from "../app/.server/library/tags.repository";
import { colourAnalyser } from "../app/.server/media/analysers/colour";
import { shapeAnalyser } from "../app/.server/media/analysers/shape";
import { ANALYSERS, closeAnalysers, type RegisteredAnalyser } from "../app/.server/media/analysers/registry";
import { productShot } from "../app/.server/media/analysers/test-images";
import type { ImageAnalyser } from "../app/.server/media/analysers/types";
import * as tagDecisionApi from "../app/routes/api.v1.assets.$assetId.tags.$tagId.$decision";
import * as tagsApi from "../app/routes/api.v1.assets.$assetId.tags";
import * as analyseApi from "../app/routes/api.v1.assets.$assetId.analyse";
import * as backfillApi from "../app/routes/api.v1.analyse";
import { DB_KINDS } from "./support/db";
import { streamOf } from "./support/files";
import { createTestServices, createTestShop, TEST_ACTOR, TEST_ADMIN, type TestContext } from "./support/services";

/** Bold English text on white, wide enough for OCR to read at the analysers' 512 px. */
async function textImage(words: string): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1000" height="400"><rect width="100%" height="100%" fill="#ffffff"/>
    <text x="60" y="230" font-family="DejaVu Sans" font-size="80" font-weight="bold" fill="#111111">${words}</text></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

/** A keyword analyser with a confidence below its threshold: its tag starts as a suggestion. */
const keywordAnalyser = (values: string[], version = 1): RegisteredAnalyser => ({
  analyser: { id: "keywords", version, analyse: async () => ({ tags: values.map((value) => ({ facet: "keyword" as const, value, valueZh: value === "mug" ? "杯子" : undefined, confidence: 0.5 })) }) },
  acceptAt: 0.8,
});
const failing: ImageAnalyser = { id: "boom", version: 1, analyse: async () => { throw new Error("model file missing"); } };
const bumped = (a: ImageAnalyser, version: number): ImageAnalyser => ({ ...a, version, analyse: (img) => a.analyse(img) });

describe.each(DB_KINDS)("auto-tagging on %s", (kind) => {
  let t: TestContext;
  let shopId: string;
  let otherShopId: string;
  const deps = (analysers?: readonly RegisteredAnalyser[]): AnalyseDeps => ({ prisma: t.services.db.prisma, blobs: t.services.blobs, config: t.config, ...(analysers ? { analysers } : {}) });
  const lib = () => ({ prisma: t.services.db.prisma, queue: t.services.queue });
  const rows = (versionId: string) => t.services.db.prisma.versionAnalysis.findMany({ where: { versionId }, orderBy: { analyser: "asc" } });
  const panel = (assetId: string, sid = shopId) => getTagPanel(lib(), sid, TEST_ADMIN, assetId);
  const tagOf = async (assetId: string, name: string) => (await panel(assetId)).tags.find((x) => x.name === name);

  async function upload(bytes: Buffer, filename: string, opts: { assetId?: string; shop?: string } = {}) {
    const d = ingestDepsOf(t.services);
    const sid = opts.shop ?? shopId;
    const o = await ingestStream(d, sid, TEST_ADMIN, { stream: streamOf(bytes), filename }, opts.assetId ? { assetId: opts.assetId } : {});
    if (o.status !== "created") throw new Error(`expected created, got ${o.status}`);
    await processVersion({ prisma: d.prisma, blobs: d.blobs, config: t.config, queue: t.services.queue }, sid, o.versionId, { lastAttempt: false });
    return o;
  }

  let blue: { assetId: string; versionId: string };

  beforeAll(async () => {
    t = await createTestServices(kind);
    useServices(t.services);
    shopId = (await createTestShop(t.services)).id;
    otherShopId = (await createTestShop(t.services)).id;
  });
  afterAll(async () => {
    useServices(null);
    await closeAnalysers(); // the OCR pool (and any other analyser's workers)
    await t?.close();
  });

  it("ingest queues analyse.run with the ready version; a blue packshot on white gets accepted colour, background and shape tags", async () => {
    blue = await upload(await productShot("#1f4fd0", { width: 900, height: 900 }), "IMG_0001.jpg");
    const jobs = await t.services.queue.boss.findJobs("analyse.run", { key: blue.versionId });
    expect(jobs.map((j) => j.data)).toEqual([{ shopId, versionId: blue.versionId }]);

    const out = await runAnalysis(deps(), { shopId, versionId: blue.versionId });
    expect(out.tagged).toBe(true);
    expect(out.ran.map((r) => `${r.analyser}:${r.status}`).sort()).toEqual(ANALYSERS.map((a) => `${a.analyser.id}:ok`).sort());
    const stored = await rows(blue.versionId);
    // The image analysers, and the filename tagger that ran at ingest (a camera name: no tags from it).
    expect(stored.map((r) => [r.analyser, r.analyserVersion, r.status])).toEqual(
      [...ANALYSERS.map((a) => [a.analyser.id, a.analyser.version, "ok"]), [FILENAME_TAGGER.id, FILENAME_TAGGER.version, "ok"]].sort((x, y) => String(x[0]).localeCompare(String(y[0]))),
    );
    expect((stored.find((r) => r.analyser === "colour")!.result as { features: { colour: number[] } }).features.colour.length).toBeGreaterThan(0);

    const p = await panel(blue.assetId);
    const byName = Object.fromEntries(p.tags.map((x) => [x.name, x]));
    expect(byName.blue).toMatchObject({ label: "blue", labelZh: "蓝色", source: "auto", analyser: "colour", facet: "colour", state: "accepted" });
    expect(byName.blue!.confidence).toBeGreaterThanOrEqual(0.6);
    expect(byName["pure white"]).toMatchObject({ labelZh: "纯白背景", facet: "background", state: "accepted" });
    expect(byName.square).toMatchObject({ labelZh: "方形", facet: "orientation", state: "accepted" });
    expect(byName["1:1"]).toMatchObject({ facet: "aspect", state: "accepted" });
    expect(byName.small).toMatchObject({ facet: "size" }); // 900 px: the master's size, not the preview's
    expect(byName["has text"]).toBeUndefined();
    expect(p.text).toBeNull();
    expect(p.analyses.every((a) => a.status === "ok")).toBe(true);

    // The asset's tags (REST shape) carry them; the library's tag filter counts accepted ones.
    const { asset } = await getAsset(lib(), shopId, TEST_ADMIN, blue.assetId);
    expect(presentAsset("k", asset).tags.find((x) => x.name === "blue")).toMatchObject({ labelZh: "蓝色", source: "auto", state: "accepted" });
    expect((await listTagsWithCounts(t.services.db.prisma, shopId, null)).find((x) => x.name === "blue")?._count.assets).toBe(1);

    // Safe to run twice: nothing is due, nothing changes.
    expect(await runAnalysis(deps(), { shopId, versionId: blue.versionId })).toMatchObject({ ran: [], skipped: "up_to_date" });
    expect((await rows(blue.versionId)).map((r) => r.updatedAt.getTime())).toEqual(stored.map((r) => r.updatedAt.getTime()));
  }, 180_000); // the first run loads every model (OCR, two vision workers) cold

  it("an image with English text gets its OCR text stored and the “has text” / english tags", async () => {
    const o = await upload(await textImage("SUMMER SALE"), "banner.png");
    await runAnalysis(deps(), { shopId, versionId: o.versionId });
    const v = await t.services.db.prisma.assetVersion.findUniqueOrThrow({ where: { id: o.versionId } });
    expect(v.ocrText?.toUpperCase()).toContain("SUMMER");
    expect(v.ocrText?.toUpperCase()).toContain("SALE");
    expect(v.ocrLanguage).toBe("en");
    const p = await panel(o.assetId);
    expect(p.text).toMatchObject({ language: "en" });
    expect(p.tags.find((x) => x.name === "has text")).toMatchObject({ labelZh: "有文字", facet: "text", analyser: "ocr" });
    expect(p.tags.find((x) => x.name === "english")).toMatchObject({ labelZh: "英文", facet: "language" });
    expect(p.tags.find((x) => x.name === "landscape")).toMatchObject({ facet: "orientation" });
    // The version DTO carries the text for the asset page.
    const { asset, versions } = await getAsset(lib(), shopId, TEST_ADMIN, o.assetId);
    expect(presentAsset("k", asset, versions).latestVersion!.text!.content.toUpperCase()).toContain("SUMMER");
  }, 120_000);

  it("a rejected tag stays away through a forced re-run and a new version; accepting a suggestion keeps it; undo gives it back", async () => {
    const blueTag = (await tagOf(blue.assetId, "blue"))!;
    const rejected = await decideTag(lib(), shopId, TEST_ACTOR, blue.assetId, blueTag.id!, "reject");
    expect(rejected).toMatchObject({ name: "blue", state: "rejected" });
    await runAnalysis(deps(), { shopId, versionId: blue.versionId, force: true });
    expect(await tagOf(blue.assetId, "blue")).toMatchObject({ state: "rejected", source: "auto" });
    // Rejected tags are no tags of the asset: not in its DTO, nor in the tag filter.
    const { asset } = await getAsset(lib(), shopId, TEST_ADMIN, blue.assetId);
    expect(asset.tags.map((x) => x.tag.name)).not.toContain("blue");
    expect((await listTagsWithCounts(t.services.db.prisma, shopId, null)).find((x) => x.name === "blue")).toBeUndefined();

    // A suggestion (below its analyser's threshold) is accepted, and survives a run that no longer suggests it.
    await runAnalysis(deps([keywordAnalyser(["mug", "bottle"])]), { shopId, versionId: blue.versionId });
    expect(await tagOf(blue.assetId, "mug")).toMatchObject({ state: "suggested", labelZh: "杯子", confidence: 0.5, facet: "keyword" });
    await decideTag(lib(), shopId, TEST_ACTOR, blue.assetId, (await tagOf(blue.assetId, "mug"))!.id!, "accept");
    await runAnalysis(deps([keywordAnalyser(["cup"], 2)]), { shopId, versionId: blue.versionId });
    expect(await tagOf(blue.assetId, "mug")).toMatchObject({ state: "accepted" });
    expect(await tagOf(blue.assetId, "bottle")).toBeUndefined(); // undecided: replaced by the new run
    expect(await tagOf(blue.assetId, "cup")).toMatchObject({ state: "suggested" });

    // A new version (red) re-tags the asset: red comes, blue stays rejected, the rejection is not lost.
    const v2 = await upload(await productShot("#d01818", { width: 900, height: 900 }), "IMG_0002.jpg", { assetId: blue.assetId });
    await runAnalysis(deps(), { shopId, versionId: v2.versionId });
    expect(await tagOf(blue.assetId, "red")).toMatchObject({ state: "accepted", labelZh: "红色" });
    expect(await tagOf(blue.assetId, "blue")).toMatchObject({ state: "rejected" });
    // Re-analysing the older version stores its rows but leaves the asset's tags to the latest.
    const before = (await panel(blue.assetId)).tags.map((x) => `${x.name}:${x.state}`).sort();
    expect((await runAnalysis(deps([{ analyser: colourAnalyser, acceptAt: 0.6 }]), { shopId, versionId: blue.versionId, force: true })).tagged).toBe(false);
    expect((await panel(blue.assetId)).tags.map((x) => `${x.name}:${x.state}`).sort()).toEqual(before);

    // Undo: the tag is an undecided suggestion again (state from its confidence), managed by the analyser.
    const undone = await decideTag(lib(), shopId, TEST_ACTOR, blue.assetId, blueTag.id!, "undo");
    expect(undone.state).toBe("accepted");
    await runAnalysis(deps(), { shopId, versionId: v2.versionId, force: true, analysers: ["colour"] });
    expect(await tagOf(blue.assetId, "blue")).toBeUndefined(); // the red version does not suggest blue

    // A merchant typing a rejected tag makes it theirs.
    await decideTag(lib(), shopId, TEST_ACTOR, blue.assetId, (await tagOf(blue.assetId, "red"))!.id!, "reject");
    await editAsset(lib(), shopId, TEST_ACTOR, blue.assetId, { tags: ["Red"] });
    expect(await tagOf(blue.assetId, "red")).toMatchObject({ source: "user", state: "accepted", analyser: null });
    const audit = await t.services.db.prisma.auditEvent.findMany({ where: { shopId, subjectId: blue.assetId, action: { startsWith: "asset.tag_" } } });
    expect(audit.map((a) => a.action).sort()).toEqual(["asset.tag_accepted", "asset.tag_rejected", "asset.tag_rejected", "asset.tag_restored"]);
  }, 120_000);

  it("raising one analyser's version re-runs only it; a failing analyser is recorded and the others still store", async () => {
    const o = await upload(await productShot("#20a020", { width: 600, height: 800 }), "IMG_0003.jpg");
    const v1: RegisteredAnalyser[] = [{ analyser: colourAnalyser, acceptAt: 0.6 }, { analyser: shapeAnalyser, acceptAt: 0.8 }];
    await runAnalysis(deps(v1), { shopId, versionId: o.versionId });
    const first = await rows(o.versionId);
    expect(first.map((r) => `${r.analyser}@${r.analyserVersion}`)).toEqual(["colour@1", `filename@${FILENAME_TAGGER.version}`, "shape@1"]);
    await new Promise((r) => setTimeout(r, 20));

    const v2: RegisteredAnalyser[] = [v1[0]!, { analyser: bumped(shapeAnalyser, 2), acceptAt: 0.8 }];
    expect((await runAnalysis(deps(v2), { shopId, versionId: o.versionId })).ran.map((r) => r.analyser)).toEqual(["shape"]);
    const second = await rows(o.versionId);
    expect(second.map((r) => `${r.analyser}@${r.analyserVersion}`)).toEqual(["colour@1", `filename@${FILENAME_TAGGER.version}`, "shape@2"]);
    expect(second[0]!.updatedAt.getTime()).toBe(first[0]!.updatedAt.getTime());
    expect(second[1]!.updatedAt.getTime()).toBe(first[1]!.updatedAt.getTime());
    expect(second[2]!.updatedAt.getTime()).toBeGreaterThan(first[2]!.updatedAt.getTime());
    expect(await tagOf(o.assetId, "portrait")).toMatchObject({ state: "accepted" });

    const withFailure: RegisteredAnalyser[] = [...v2, { analyser: failing, acceptAt: 0.5 }, keywordAnalyser(["plant"])];
    const out = await runAnalysis(deps(withFailure), { shopId, versionId: o.versionId });
    expect(out.ran).toEqual([
      { analyser: "boom", status: "failed", error: "model file missing" },
      { analyser: "keywords", status: "ok" },
    ]);
    const third = await rows(o.versionId);
    expect(third.find((r) => r.analyser === "boom")).toMatchObject({ status: "failed", error: "model file missing", analyserVersion: 1 });
    expect(await tagOf(o.assetId, "plant")).toMatchObject({ state: "suggested" });
    // A failed analyser is due again on the next run; the stored ones are not.
    expect((await runAnalysis(deps(withFailure), { shopId, versionId: o.versionId })).ran.map((r) => r.analyser)).toEqual(["boom"]);
  });

  it("tags and analyses are per shop: another shop sees nothing and cannot run or decide on them", async () => {
    const blueTag = (await panel(blue.assetId)).tags[0]!;
    await expect(getTagPanel(lib(), otherShopId, TEST_ADMIN, blue.assetId)).rejects.toMatchObject({ kind: "not_found" });
    await expect(decideTag(lib(), otherShopId, TEST_ADMIN, blue.assetId, blueTag.id!, "reject")).rejects.toMatchObject({ kind: "not_found" });
    expect(await runAnalysis(deps(), { shopId: otherShopId, versionId: blue.versionId })).toMatchObject({ skipped: "missing" });
    expect(await listTagsWithCounts(t.services.db.prisma, otherShopId, null)).toEqual([]);
    expect(await t.services.db.prisma.versionAnalysis.count({ where: { shopId: otherShopId } })).toBe(0);
    expect(await t.services.db.prisma.assetTag.count({ where: { shopId: otherShopId } })).toBe(0);
  });

  it("REST: tags panel, accept/reject/undo with auth, role, market scope and validation errors; analyse and backfill queue jobs", async () => {
    const prisma = t.services.db.prisma;
    const editor = (await issueApiKey(prisma, shopId, TEST_ADMIN, "tags editor", "editor")).token;
    const viewer = (await issueApiKey(prisma, shopId, TEST_ADMIN, "tags viewer", "viewer")).token;
    const deOnly = (await issueApiKey(prisma, shopId, TEST_ADMIN, "DE editor", "editor", ["DE"])).token;
    const call = async (mod: { loader?: unknown; action?: unknown }, url: string, params: Record<string, string>, init: RequestInit & { key?: string | null } = {}) => {
      const fn = (init.method && init.method !== "GET" ? mod.action : mod.loader) as (a: LoaderFunctionArgs | ActionFunctionArgs) => Promise<Response>;
      const key = init.key === undefined ? editor : init.key;
      const headers: Record<string, string> = { "content-type": "application/json", ...(key ? { Authorization: `Bearer ${key}` } : {}) };
      const res = await fn({ request: new Request(`http://x${url}`, { ...init, headers }), params, context: {} } as ActionFunctionArgs);
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const { assetId } = blue;
    await editAsset(lib(), shopId, TEST_ADMIN, assetId, { markets: ["US"] });
    const tags = await call(tagsApi, `/api/v1/assets/${assetId}/tags`, { assetId });
    expect(tags.status).toBe(200);
    const list = tags.body.tags as Array<{ id: string; name: string; state: string; source: string }>;
    const square = list.find((x) => x.name === "square")!;
    const decide = (tagId: string, decision: string, init: RequestInit & { key?: string | null } = {}) =>
      call(tagDecisionApi, `/api/v1/assets/${assetId}/tags/${tagId}/${decision}`, { assetId, tagId, decision }, { method: "POST", ...init });

    expect(await decide(square.id, "reject")).toMatchObject({ status: 200, body: { name: "square", state: "rejected", source: "auto" } });
    expect(await decide(square.id, "accept")).toMatchObject({ status: 200, body: { state: "accepted" } });
    expect(await decide(square.id, "undo")).toMatchObject({ status: 200, body: { state: "accepted" } });
    expect((await decide(square.id, "reject", { key: null })).status).toBe(401);
    expect(await decide(square.id, "reject", { key: viewer })).toMatchObject({ status: 403, body: { code: "forbidden" } });
    expect(await decide(square.id, "reject", { key: deOnly })).toMatchObject({ status: 404, body: { code: "not_found" } }); // a US asset
    expect((await call(tagsApi, `/api/v1/assets/${assetId}/tags`, { assetId }, { key: deOnly })).status).toBe(404);
    expect((await decide("not-a-uuid", "reject")).status).toBe(400);
    expect(await decide(square.id, "delete")).toMatchObject({ status: 404, body: { code: "not_found" } });
    expect(await decide("00000000-0000-4000-8000-000000000000", "reject")).toMatchObject({ status: 404, body: { message: "That tag was not found." } });
    const userTag = list.find((x) => x.source === "user")!; // "red", typed in by the merchant above
    expect(await decide(userTag.id, "reject")).toMatchObject({ status: 409, body: { code: "invalid_state" } });
    expect((await decide(square.id, "reject", { method: "PUT" })).status).toBe(400);

    // Analyse again: 202 with a forced job for the latest version; bad analyser names and bodies are 400.
    const latest = (await prisma.asset.findUniqueOrThrow({ where: { id: assetId } })).latestVersionId!;
    const queued = await call(analyseApi, `/api/v1/assets/${assetId}/analyse`, { assetId }, { method: "POST", body: JSON.stringify({ force: true, analysers: ["ocr"] }) });
    expect(queued).toMatchObject({ status: 202, body: { queued: 1 } });
    const jobs = await t.services.queue.boss.findJobs("analyse.run", { data: { versionId: latest, force: true }, queued: true });
    expect(jobs.map((j) => j.data)).toEqual([{ shopId, versionId: latest, force: true, analysers: ["ocr"] }]);
    expect(await call(analyseApi, `/api/v1/assets/${assetId}/analyse`, { assetId }, { method: "POST", body: JSON.stringify({ analysers: ["nope"] }) })).toMatchObject({ status: 400, body: { code: "validation" } });
    expect((await call(analyseApi, `/api/v1/assets/${assetId}/analyse`, { assetId }, { method: "POST", body: "{" })).status).toBe(400);
    expect((await call(analyseApi, `/api/v1/assets/${assetId}/analyse`, { assetId }, { method: "POST", body: JSON.stringify({ force: "yes" }) })).status).toBe(400);
    expect((await call(analyseApi, `/api/v1/assets/${assetId}/analyse`, { assetId }, { method: "POST", key: viewer })).status).toBe(403);
    expect((await call(analyseApi, `/api/v1/assets/${assetId}/analyse`, { assetId }, { method: "POST", key: deOnly })).status).toBe(404);
    // Backfill: every image asset's latest version in the caller's scope (the DE key does not reach the US asset).
    const all = await call(backfillApi, "/api/v1/analyse", {}, { method: "POST", body: "" });
    expect(all).toMatchObject({ status: 202, body: { queued: 3 } });
    const de = await call(backfillApi, "/api/v1/analyse", {}, { method: "POST", body: JSON.stringify({ force: true }), key: deOnly });
    expect(de).toMatchObject({ status: 202, body: { queued: 2 } });
    expect((await call(backfillApi, "/api/v1/analyse", {}, { method: "POST", key: viewer })).status).toBe(403);
  });
});
