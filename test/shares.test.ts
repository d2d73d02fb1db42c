// Share links through the real public routes: preview-only never returns original bytes, downloads
// when allowed, passwords (Argon2id) with rate-limited guesses, revocation, expiry, rights, access log.
import { createHash } from "node:crypto";
import type { LoaderFunctionArgs } from "@remix-run/node";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useServices } from "../app/.server/context";
import { setRights } from "../app/.server/governance/rights.service";
import { createShare, revokeShare, shareAccessLog } from "../app/.server/governance/shares.service";
import { ingestStream, ingestDepsOf } from "../app/.server/library/ingest.service";
import { processVersion } from "../app/.server/library/process-version.job";
import * as page from "../app/routes/s.$token";
import * as preview from "../app/routes/s.$token.preview.$assetId";
import * as download from "../app/routes/s.$token.download.$assetId";
import * as zipRoute from "../app/routes/s.$token.zip";
import { DB_KINDS } from "./support/db";
import { streamOf } from "./support/files";
import { createTestServices, createTestShop, TEST_ACTOR, type TestContext } from "./support/services";

const sha = (b: Buffer | Uint8Array) => createHash("sha256").update(b).digest("hex");
const ctx = (ip = "203.0.113.7") => ({ clientIp: ip });
const args = (url: string, params: Record<string, string>, init: RequestInit = {}, ip?: string) =>
  ({ request: new Request(`http://localhost${url}`, init), params, context: ctx(ip) }) as unknown as LoaderFunctionArgs;

describe.each(DB_KINDS)("share links on %s", (kind) => {
  let t: TestContext;
  let shopId: string;
  const assets: Array<{ assetId: string; original: Buffer }> = [];

  beforeAll(async () => {
    t = await createTestServices(kind);
    useServices(t.services);
    shopId = (await createTestShop(t.services)).id;
    const deps = ingestDepsOf(t.services);
    for (let i = 0; i < 3; i++) {
      // Photo-like (noisy) originals, so "smaller than the original" means something.
      const original = await sharp({ create: { width: 1800, height: 1800, channels: 3, background: "#808080", noise: { type: "gaussian", mean: 90 + i * 40, sigma: 35 } } }).jpeg({ quality: 92 }).toBuffer();
      const o = await ingestStream(deps, shopId, TEST_ACTOR, { stream: streamOf(original), filename: `campaign-${i}.jpg` });
      if (o.status !== "created") throw new Error("expected created");
      await processVersion({ prisma: deps.prisma, blobs: deps.blobs, config: t.config }, shopId, o.versionId, { lastAttempt: false });
      assets.push({ assetId: o.assetId, original });
    }
  });
  afterAll(async () => {
    useServices(null);
    await t?.close();
  });

  it("a preview-only link shows watermarked previews and never the original bytes", async () => {
    const { token } = await createShare(t.services.db.prisma, shopId, TEST_ACTOR, { name: "Agency preview", assetIds: [assets[0]!.assetId, assets[1]!.assetId], expiresAt: null, password: null, previewOnly: true });
    const state = await page.loader(args(`/s/${token}`, { token }));
    expect(state).toMatchObject({ kind: "open", previewOnly: true });
    expect((state as { assets: unknown[] }).assets).toHaveLength(2);
    const res = await preview.loader(args(`/s/${token}/preview/${assets[0]!.assetId}`, { token, assetId: assets[0]!.assetId }));
    expect(res.status).toBe(200);
    const bytes = Buffer.from(await res.arrayBuffer());
    const meta = await sharp(bytes).metadata();
    expect(Math.max(meta.width!, meta.height!)).toBeLessThanOrEqual(800);
    expect(sha(bytes)).not.toBe(sha(assets[0]!.original));
    expect(bytes.length).toBeLessThan(assets[0]!.original.length / 2);
    // No unwatermarked rendition is ever what the link serves.
    const plain = await t.services.db.prisma.rendition.findMany({ where: { version: { assetId: assets[0]!.assetId }, presetId: { in: ["thumb", "preview"] } }, include: { blob: true } });
    for (const r of plain) expect(r.blob.sha256).not.toBe(sha(bytes));
    const dl = await download.loader(args(`/s/${token}/download/${assets[0]!.assetId}`, { token, assetId: assets[0]!.assetId }));
    expect(dl.status).toBe(403);
    expect((await zipRoute.loader(args(`/s/${token}/zip`, { token }))).status).toBe(403);
    // An asset outside the link is not reachable through it.
    const other = await preview.loader(args(`/s/${token}/preview/${assets[2]!.assetId}`, { token, assetId: assets[2]!.assetId }));
    expect(other.status).toBe(404);
  });

  it("a download link returns the original; revoked and expired links are refused", async () => {
    const made = await createShare(t.services.db.prisma, shopId, TEST_ACTOR, { name: "Press kit", assetIds: [assets[2]!.assetId], expiresAt: new Date(Date.now() + 3600_000), password: null, previewOnly: false });
    const dl = await download.loader(args(`/s/${made.token}/download/${assets[2]!.assetId}`, { token: made.token, assetId: assets[2]!.assetId }));
    expect(dl.status).toBe(200);
    const zipRes = await zipRoute.loader(args(`/s/${made.token}/zip`, { token: made.token }));
    expect(zipRes.headers.get("content-type")).toBe("application/zip");
    expect(Buffer.from(await zipRes.arrayBuffer()).includes(assets[2]!.original)).toBe(true);
    expect(sha(Buffer.from(await dl.arrayBuffer()))).toBe(sha(assets[2]!.original));
    await revokeShare(t.services.db.prisma, shopId, TEST_ACTOR, made.share.id);
    expect(await page.loader(args(`/s/${made.token}`, { token: made.token }))).toMatchObject({ kind: "refused", status: 410 });
    expect((await download.loader(args(`/s/${made.token}/download/${assets[2]!.assetId}`, { token: made.token, assetId: assets[2]!.assetId }))).status).toBe(410);

    const soon = await createShare(t.services.db.prisma, shopId, TEST_ACTOR, { name: "Soon gone", assetIds: [assets[2]!.assetId], expiresAt: new Date(Date.now() + 1000), password: null, previewOnly: true });
    await t.services.db.prisma.shareLink.update({ where: { id: soon.share.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await page.loader(args(`/s/${soon.token}`, { token: soon.token }))).toMatchObject({ kind: "refused", status: 410 });
    expect(await page.loader(args(`/s/AAAAAAAAAAAAAAAAAAAAAA`, { token: "AAAAAAAAAAAAAAAAAAAAAA" }))).toMatchObject({ kind: "refused", status: 404 });
  });

  it("password links: the right password opens, 20 wrong ones are rate-limited", async () => {
    const made = await createShare(t.services.db.prisma, shopId, TEST_ACTOR, { name: "Locked", assetIds: [assets[1]!.assetId], expiresAt: null, password: "s3cret-pass", previewOnly: true });
    expect((await t.services.db.prisma.shareLink.findUniqueOrThrow({ where: { id: made.share.id } })).passwordHash).toMatch(/^\$argon2id\$/);
    expect(await page.loader(args(`/s/${made.token}`, { token: made.token }))).toEqual({ kind: "password" });
    const tryPassword = (pw: string, ip?: string) =>
      page.action(args(`/s/${made.token}`, { token: made.token }, { method: "POST", body: new URLSearchParams({ password: pw }) }, ip) as never) as Promise<Response>;
    const ok = await tryPassword("s3cret-pass");
    expect(ok.status).toBe(302);
    const cookie = ok.headers.get("set-cookie")!.split(";")[0]!;
    expect(await page.loader(args(`/s/${made.token}`, { token: made.token }, { headers: { cookie } }))).toMatchObject({ kind: "open" });
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) statuses.push((await tryPassword(`guess-${i}`, `198.51.100.${i % 3}`)).status);
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(10).every((s) => s === 429)).toBe(true);
    expect((await tryPassword("s3cret-pass")).status).toBe(429); // locked for the window, even with the right one
    const log = await shareAccessLog(t.services.db.prisma, shopId, TEST_ACTOR, made.share.id);
    expect(log.filter((l) => l.action === "password_failed")).toHaveLength(10);
    expect(log.every((l) => !l.ipHash.includes("198.51.100"))).toBe(true);
  });

  it("the REST API creates, lists and revokes links (editor keys), and lists members (admin keys only)", async () => {
    const { issueApiKey } = await import("../app/.server/governance/api-keys.service");
    const sharesApi = await import("../app/routes/api.v1.shares");
    const shareApi = await import("../app/routes/api.v1.shares.$shareId");
    const membersApi = await import("../app/routes/api.v1.members");
    const { TEST_ADMIN } = await import("./support/services");
    const editorKey = (await issueApiKey(t.services.db.prisma, shopId, TEST_ADMIN, "pim", "editor")).token;
    const adminKey = (await issueApiKey(t.services.db.prisma, shopId, TEST_ADMIN, "ops", "admin")).token;
    const call = (fn: (a: LoaderFunctionArgs) => Promise<Response>, key: string, init: RequestInit = {}, params: Record<string, string> = {}) =>
      fn({ request: new Request("http://localhost/api/v1/shares", { ...init, headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" } }), params, context: {} } as LoaderFunctionArgs);
    const created = await call(sharesApi.action as never, editorKey, { method: "POST", body: JSON.stringify({ name: "API link", assetIds: [assets[0]!.assetId], expiresInDays: 7 }) });
    expect(created.status).toBe(201);
    const body = (await created.json()) as { id: string; url: string; previewOnly: boolean };
    expect(body.url).toMatch(/^http:\/\/localhost\/s\/[A-Za-z0-9_-]{22}$/);
    expect(body.previewOnly).toBe(true);
    const bad = await call(sharesApi.action as never, editorKey, { method: "POST", body: JSON.stringify({ name: "", assetIds: [] }) });
    expect(bad.status).toBe(400);
    const list = (await (await call(sharesApi.loader, editorKey)).json()) as { items: Array<{ id: string }> };
    expect(list.items.map((i) => i.id)).toContain(body.id);
    expect((await call(shareApi.action as never, editorKey, { method: "DELETE" }, { shareId: body.id })).status).toBe(200);
    const token = body.url.split("/s/")[1]!;
    expect(await page.loader(args(`/s/${token}`, { token }))).toMatchObject({ kind: "refused", status: 410 });
    expect((await call(membersApi.loader, editorKey)).status).toBe(403);
    expect((await call(membersApi.loader, adminKey)).status).toBe(200);
  });

  it("assets whose rights block them cannot be shared and drop out of existing links", async () => {
    const live = await createShare(t.services.db.prisma, shopId, TEST_ACTOR, { name: "Both", assetIds: [assets[0]!.assetId, assets[1]!.assetId], expiresAt: null, password: null, previewOnly: true });
    const rights = { licensor: null, licenceStart: null, licenceEnd: new Date(Date.now() - 1000), territories: [], channels: [], containsPeople: false, modelReleaseRef: null, fallbackAssetId: null };
    await setRights({ prisma: t.services.db.prisma, queue: t.services.queue }, shopId, TEST_ACTOR, assets[1]!.assetId, rights);
    await expect(createShare(t.services.db.prisma, shopId, TEST_ACTOR, { name: "x", assetIds: [assets[1]!.assetId], expiresAt: null, password: null, previewOnly: true })).rejects.toThrow(/cannot be shared: Its licence ended/);
    const state = (await page.loader(args(`/s/${live.token}`, { token: live.token }))) as { assets: Array<{ id: string }> };
    expect(state.assets.map((a) => a.id)).toEqual([assets[0]!.assetId]);
    const viewer = { ...TEST_ACTOR, role: "viewer" as const };
    await expect(createShare(t.services.db.prisma, shopId, viewer, { name: "x", assetIds: [assets[0]!.assetId], expiresAt: null, password: null, previewOnly: true })).rejects.toThrow(/cannot share/);
  });
});
