import { afterAll, beforeAll, describe, expect, it } from "vitest";
import sharp from "sharp";
import { AppError } from "../app/.server/errors";
import { ingestStream, type IngestDeps, ingestDepsOf } from "../app/.server/library/ingest.service";
import { processVersion } from "../app/.server/library/process-version.job";
import { sweepOrphanBlobs } from "../app/.server/library/orphans";
import { DB_KINDS } from "./support/db";
import { storedBlobFiles, streamOf } from "./support/files";
import { fakeExe, pngBombHeader, pngWithAlpha, SCRIPTED_SVG, solidJpeg } from "./support/images";
import { createTestServices, createTestShop, TEST_ACTOR, type TestContext } from "./support/services";

describe.each(DB_KINDS)("ingest on %s", (kind) => {
  let t: TestContext;
  let shopId: string;
  let deps: IngestDeps;
  const blobRoot = () => (t.config.blobs.kind === "fs" ? t.config.blobs.root : "");
  const rowCounts = async () => {
    const p = t.services.db.prisma;
    return { assets: await p.asset.count({ where: { shopId } }), versions: await p.assetVersion.count({ where: { shopId } }), blobs: await p.blob.count({ where: { shopId } }) };
  };
  const upload = (buf: Buffer, filename: string, target = {}) => ingestStream(deps, shopId, TEST_ACTOR, { stream: streamOf(buf), filename }, target);
  const expectRejected = async (p: Promise<unknown>, kind: string) => {
    const err = await p.then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).kind).toBe(kind);
    expect((err as AppError).message.length).toBeGreaterThan(10);
    return err as AppError;
  };

  beforeAll(async () => {
    t = await createTestServices(kind);
    shopId = (await createTestShop(t.services)).id;
    deps = ingestDepsOf(t.services);
  });
  afterAll(async () => t?.close());

  it("stores the same file once and reports the duplicate", async () => {
    const jpeg = await solidJpeg({ r: 200, g: 30, b: 30 });
    const first = await upload(jpeg, "red-sneaker_main.jpg");
    expect(first.status).toBe("created");
    if (first.status !== "created") return;
    expect(first.title).toBe("Red sneaker main");
    const second = await upload(jpeg, "copy-of-red.jpg");
    expect(second).toMatchObject({ status: "duplicate", duplicateOf: { assetId: first.assetId, versionNumber: 1 } });
    const blobs = await t.services.db.prisma.blob.findMany({ where: { shopId, sha256: first.sha256 } });
    expect(blobs).toHaveLength(1);
    expect((await storedBlobFiles(blobRoot())).filter((f) => f.endsWith(first.sha256))).toHaveLength(1);
  });

  it("two concurrent uploads of the same bytes make one asset and one duplicate", async () => {
    const jpeg = await solidJpeg({ r: 120, g: 120, b: 5 }, 700);
    const outs = await Promise.all([upload(jpeg, "a.jpg"), upload(jpeg, "b.jpg"), upload(jpeg, "c.jpg")]);
    expect(outs.map((o) => o.status).sort()).toEqual(["created", "duplicate", "duplicate"]);
    const sha = outs[0]!.sha256;
    expect(await t.services.db.prisma.blob.count({ where: { shopId, sha256: sha } })).toBe(1);
    expect((await storedBlobFiles(blobRoot())).filter((f) => f.endsWith(sha))).toHaveLength(1);
  });

  it("enqueues processing in the same transaction and the job makes thumb, preview, metadata and pHash", async () => {
    const out = await upload(await solidJpeg({ r: 20, g: 60, b: 200 }, 1800), "blue.jpg");
    if (out.status !== "created") throw new Error("expected created");
    const jobs = await t.services.queue.boss.findJobs("ingest.process", { key: out.versionId });
    expect(jobs).toHaveLength(1);
    await processVersion({ prisma: deps.prisma, blobs: deps.blobs, config: t.config }, shopId, out.versionId, { lastAttempt: false });
    const v = await t.services.db.prisma.assetVersion.findUniqueOrThrow({ where: { id: out.versionId }, include: { renditions: { include: { blob: true } } } });
    expect(v.processing).toBe("ready");
    expect(v.width).toBe(1800);
    expect(v.phash).toMatch(/^[0-9a-f]{16}$/);
    const byPreset = Object.fromEntries(v.renditions.map((r) => [r.presetId, r]));
    expect(byPreset.thumb!.width).toBeLessThanOrEqual(400);
    expect(byPreset.preview!.width).toBe(1600);
    const thumbBytes = await t.services.blobs.withLocalFile(byPreset.thumb!.blob.storageKey, (p) => sharp(p).metadata());
    expect(thumbBytes.width).toBe(byPreset.thumb!.width);
    // Running the job again changes nothing (idempotent).
    await processVersion({ prisma: deps.prisma, blobs: deps.blobs, config: t.config }, shopId, out.versionId, { lastAttempt: false });
    expect(await t.services.db.prisma.rendition.count({ where: { versionId: out.versionId } })).toBe(2);
  });

  it("a crash between blob write and commit leaves no rows and no bytes", async () => {
    const before = await rowCounts();
    const filesBefore = await storedBlobFiles(blobRoot());
    const crashing = { ...deps, beforeCommit: async () => { throw new Error("simulated crash"); } };
    await expect(ingestStream(crashing, shopId, TEST_ACTOR, { stream: streamOf(await solidJpeg({ r: 1, g: 2, b: 3 })), filename: "x.jpg" })).rejects.toThrow("simulated crash");
    expect(await rowCounts()).toEqual(before);
    expect(await storedBlobFiles(blobRoot())).toEqual(filesBefore);
  });

  it("bytes left by a killed process (no row) are swept", async () => {
    const w = t.services.blobs.createWriter();
    w.stream.end(Buffer.from("orphaned bytes"));
    await w.done();
    const ref = await w.commit(shopId);
    expect(await t.services.blobs.stat(ref.key)).not.toBeNull();
    const removed = await sweepOrphanBlobs(t.services, shopId, { olderThanMs: 0, now: new Date(Date.now() + 1000) });
    expect(removed).toBeGreaterThanOrEqual(1);
    expect(await t.services.blobs.stat(ref.key)).toBeNull();
    // Referenced blobs survive the sweep.
    expect((await storedBlobFiles(blobRoot())).length).toBeGreaterThan(0);
  });

  it("rejects bad files with a clear error and stores nothing", async () => {
    const before = await rowCounts();
    const filesBefore = await storedBlobFiles(blobRoot());
    await expectRejected(upload(pngBombHeader(), "bomb.png"), "too_many_pixels");
    const full = await solidJpeg({ r: 9, g: 9, b: 9 }, 800);
    const truncated = await expectRejected(upload(full.subarray(0, Math.floor(full.length / 2)), "half.jpg"), "truncated_file");
    expect(truncated.message).toMatch(/truncated/i);
    await expectRejected(upload(Buffer.alloc(0), "empty.jpg"), "empty_file");
    const exe = await expectRejected(upload(fakeExe(), "holiday.jpg"), "unsupported_type");
    expect(exe.message).toMatch(/Windows program/);
    expect(await rowCounts()).toEqual(before);
    expect(await storedBlobFiles(blobRoot())).toEqual(filesBefore);
    const tmp = await storedBlobFiles(t.config.blobs.tempDir);
    expect(tmp).toEqual([]);
  });

  it("enforces the configured size limits while streaming and keeps nothing", async () => {
    const before = await rowCounts();
    const jpeg = await solidJpeg({ r: 200, g: 200, b: 10 }, 900);
    const small = { ...deps, limits: { ...deps.limits, maxUploadBytes: 1000 } };
    const err = await ingestStream(small, shopId, TEST_ACTOR, { stream: streamOf(jpeg), filename: "big.jpg" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).kind).toBe("file_too_large");
    const imageCap = { ...deps, limits: { ...deps.limits, maxImageBytes: 1000 } };
    await expectRejected(ingestStream(imageCap, shopId, TEST_ACTOR, { stream: streamOf(jpeg), filename: "big2.jpg" }), "file_too_large");
    expect(await rowCounts()).toEqual(before);
    expect(await storedBlobFiles(t.config.blobs.tempDir)).toEqual([]);
  });

  it("accepts a complete JPEG with a trailer after its end marker (as some cameras write)", async () => {
    const jpeg = await solidJpeg({ r: 33, g: 66, b: 99 }, 500);
    const out = await upload(Buffer.concat([jpeg, Buffer.from("SEFT trailer bytes from a phone camera")]), "phone.jpg");
    expect(out.status).toBe("created");
  });

  it("accepts an SVG with a script but only ever rasterises it", async () => {
    const out = await upload(SCRIPTED_SVG, "logo.svg");
    if (out.status !== "created") throw new Error("expected created");
    await processVersion({ prisma: deps.prisma, blobs: deps.blobs, config: t.config }, shopId, out.versionId, { lastAttempt: false });
    const renditions = await t.services.db.prisma.rendition.findMany({ where: { versionId: out.versionId } });
    expect(renditions.length).toBe(2);
    for (const r of renditions) expect(r.mime).not.toBe("image/svg+xml");
  });

  it("adds versions, approves, restores; identical content is refused as a new version", async () => {
    const { changeVersionState, restoreVersion, getAsset } = await import("../app/.server/library/assets.service");
    const lib = { prisma: deps.prisma, queue: deps.queue };
    const proc = (versionId: string) => processVersion({ prisma: deps.prisma, blobs: deps.blobs, config: t.config }, shopId, versionId, { lastAttempt: false });
    const v1 = await upload(await pngWithAlpha(), "bag.png");
    if (v1.status !== "created") throw new Error("expected created");
    await expect(changeVersionState(lib, shopId, TEST_ACTOR, v1.versionId, "approve")).rejects.toThrow(/still being processed/);
    await proc(v1.versionId);
    await changeVersionState(lib, shopId, TEST_ACTOR, v1.versionId, "approve");
    const v2 = await upload(await pngWithAlpha(320), "bag-v2.png", { assetId: v1.assetId });
    if (v2.status !== "created") throw new Error("expected created");
    expect(v2.versionNumber).toBe(2);
    await expectRejected(upload(await pngWithAlpha(320), "bag-v2-again.png", { assetId: v1.assetId }), "conflict");
    await proc(v2.versionId);
    let { asset } = await getAsset(lib, shopId, TEST_ACTOR, v1.assetId);
    expect(asset.liveVersionId).toBe(v1.versionId);
    expect(asset.latestVersionId).toBe(v2.versionId);
    await changeVersionState(lib, shopId, TEST_ACTOR, v2.versionId, "approve");
    ({ asset } = await getAsset(lib, shopId, TEST_ACTOR, v1.assetId));
    expect(asset.liveVersionId).toBe(v2.versionId);

    const v3 = await restoreVersion(lib, shopId, TEST_ACTOR, v1.versionId);
    expect(v3.number).toBe(3);
    const { asset: after, versions } = await getAsset(lib, shopId, TEST_ACTOR, v1.assetId);
    const restored = versions.find((v) => v.number === 3)!;
    const original = versions.find((v) => v.number === 1)!;
    expect(restored.blobId).toBe(original.blobId); // no second copy of the bytes
    expect(restored.processing).toBe("ready");
    expect(restored.state).toBe("draft");
    expect(restored.renditions.map((r) => r.presetId).sort()).toEqual(["preview", "thumb"]);
    expect(after.latestVersionId).toBe(restored.id);
    expect(after.liveVersionId).toBe(v2.versionId); // a draft is not live until approved
    const audit = await deps.prisma.auditEvent.findMany({ where: { shopId, subjectId: v1.assetId }, orderBy: { createdAt: "asc" } });
    expect(audit.map((a) => a.action)).toEqual([
      "asset.created", "version.created", "version.approved", "version.created", "version.approved", "version.restored",
    ]);
  });
});
