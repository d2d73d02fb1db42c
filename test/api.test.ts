// REST API v1 through the real route modules: API-key auth, upload (201 / 200 duplicateOf / errors),
// get, list, versions, approve, original download — and shop isolation.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useServices } from "../app/.server/context";
import { issueApiKey } from "../app/.server/governance/api-keys.service";
import { processVersion } from "../app/.server/library/process-version.job";
import * as assetsRoute from "../app/routes/api.v1.assets";
import * as assetRoute from "../app/routes/api.v1.assets.$assetId";
import * as versionsRoute from "../app/routes/api.v1.assets.$assetId.versions";
import * as approveRoute from "../app/routes/api.v1.assets.$assetId.versions.$versionId.approve";
import * as originalRoute from "../app/routes/api.v1.assets.$assetId.versions.$versionId.original";
import { DB_KINDS } from "./support/db";
import { fakeExe, SCRIPTED_SVG, solidJpeg } from "./support/images";
import { createTestServices, createTestShop, TEST_ADMIN, type TestContext } from "./support/services";

const BASE = "http://localhost/api/v1";
type Json = Record<string, any>;

function form(files: Array<{ buf: Buffer; name: string; type?: string }>, fields: Record<string, string> = {}) {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  for (const f of files) fd.append("file", new Blob([new Uint8Array(f.buf)], { type: f.type ?? "image/jpeg" }), f.name);
  return fd;
}
const call = async (fn: (args: any) => Promise<Response> | Response, req: Request, params: Record<string, string> = {}) => {
  const res = await fn({ request: req, params, context: {} });
  const text = await res.text();
  let body: Json = {};
  try { body = JSON.parse(text); } catch { body = { raw: text }; }
  return { status: res.status, headers: res.headers, body, text };
};

describe.each(DB_KINDS)("REST API v1 on %s", (kind) => {
  let t: TestContext;
  let keyA: string;
  let keyB: string;
  let shopA: string;
  const auth = (key: string) => ({ Authorization: `Bearer ${key}` });
  const post = (key: string, path: string, body: FormData | string, extra: Record<string, string> = {}) =>
    new Request(`${BASE}${path}`, { method: "POST", headers: { ...auth(key), ...extra }, body });
  const get = (key: string, path: string) => new Request(`${BASE}${path}`, { headers: auth(key) });

  beforeAll(async () => {
    t = await createTestServices(kind);
    useServices(t.services);
    const a = await createTestShop(t.services, "shop-a.myshopify.com");
    const b = await createTestShop(t.services, "shop-b.myshopify.com");
    shopA = a.id;
    keyA = (await issueApiKey(t.services.db.prisma, a.id, TEST_ADMIN, "ci A")).token;
    keyB = (await issueApiKey(t.services.db.prisma, b.id, TEST_ADMIN, "ci B")).token;
  });
  afterAll(async () => {
    useServices(null);
    await t?.close();
  });

  it("refuses requests without a valid key", async () => {
    const none = await call(assetsRoute.loader, new Request(`${BASE}/assets`));
    expect(none.status).toBe(401);
    expect(none.body).toMatchObject({ code: "unauthorized" });
    const wrong = await call(assetsRoute.loader, get(keyA.slice(0, -4) + "AAAA", "/assets"));
    expect(wrong.status).toBe(401);
  });

  it("uploads (201), reports duplicates (200 duplicateOf), gets, lists, approves, downloads", async () => {
    const jpeg = await solidJpeg({ r: 10, g: 150, b: 90 }, 900);
    const created = await call(assetsRoute.action, post(keyA, "/assets", form([{ buf: jpeg, name: "green-mug.jpg" }])));
    expect(created.status).toBe(201);
    const asset = created.body.asset;
    expect(asset).toMatchObject({ title: "Green mug", kind: "image", versionCount: 1 });
    expect(asset.latestVersion).toMatchObject({ number: 1, state: "draft", processing: "pending", width: 900, mime: "image/jpeg" });

    const dup = await call(assetsRoute.action, post(keyA, "/assets", form([{ buf: jpeg, name: "again.jpg" }])));
    expect(dup.status).toBe(200);
    expect(dup.body.duplicateOf).toMatchObject({ assetId: asset.id, versionNumber: 1, title: "Green mug" });

    await processVersion({ prisma: t.services.db.prisma, blobs: t.services.blobs, config: t.config }, shopA, asset.latestVersion.id, { lastAttempt: false });
    const got = await call(assetRoute.loader, get(keyA, `/assets/${asset.id}`), { assetId: asset.id });
    expect(got.status).toBe(200);
    expect(got.body.thumbnailUrl).toMatch(/^\/media\/[\w-]+\/[0-9a-f]{64}\.webp$/);
    expect(got.body.versions).toHaveLength(1);
    expect(got.body.versions[0].metadata.image).toBeTruthy();

    const list = await call(assetsRoute.loader, get(keyA, "/assets?q=mug&limit=10"));
    expect(list.body.items.map((i: Json) => i.id)).toContain(asset.id);

    const approved = await call(approveRoute.action, post(keyA, `/assets/${asset.id}/versions/${asset.latestVersion.id}/approve`, ""), { assetId: asset.id, versionId: asset.latestVersion.id });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ state: "approved", liveVersionId: asset.latestVersion.id });
    const again = await call(approveRoute.action, post(keyA, `/assets/${asset.id}/versions/${asset.latestVersion.id}/approve`, ""), { assetId: asset.id, versionId: asset.latestVersion.id });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe("invalid_state");

    const dl = await call(originalRoute.loader, get(keyA, `/assets/${asset.id}/versions/${asset.latestVersion.id}/original`), { assetId: asset.id, versionId: asset.latestVersion.id });
    expect(dl.status).toBe(200);
    expect(dl.headers.get("content-disposition")).toMatch(/^attachment; filename="green-mug.jpg"/);
    expect(dl.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("adds a version by upload and by existing content", async () => {
    const v1 = await call(assetsRoute.action, post(keyA, "/assets", form([{ buf: await solidJpeg({ r: 1, g: 1, b: 250 }), name: "a.jpg" }])));
    const v2buf = await solidJpeg({ r: 250, g: 1, b: 1 });
    const other = await call(assetsRoute.action, post(keyA, "/assets", form([{ buf: v2buf, name: "b.jpg" }])));
    const id = v1.body.asset.id;
    const up = await call(versionsRoute.action, post(keyA, `/assets/${id}/versions`, form([{ buf: await solidJpeg({ r: 1, g: 250, b: 1 }), name: "a-v2.jpg" }])), { assetId: id });
    expect(up.status).toBe(201);
    expect(up.body.number).toBe(2);
    const fromSha = await call(versionsRoute.action, post(keyA, `/assets/${id}/versions`, JSON.stringify({ sha256: other.body.asset.latestVersion.sha256 }), { "Content-Type": "application/json" }), { assetId: id });
    expect(fromSha.status).toBe(201);
    expect(fromSha.body).toMatchObject({ number: 3, sha256: other.body.asset.latestVersion.sha256 });
    const bad = await call(versionsRoute.action, post(keyA, `/assets/${id}/versions`, JSON.stringify({ sha256: "nope" }), { "Content-Type": "application/json" }), { assetId: id });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe("validation");
  });

  it("answers bad files with a stable code and a fitting status", async () => {
    const exe = await call(assetsRoute.action, post(keyA, "/assets", form([{ buf: fakeExe(), name: "photo.jpg" }])));
    expect(exe.status).toBe(415);
    expect(exe.body.code).toBe("unsupported_type");
    const empty = await call(assetsRoute.action, post(keyA, "/assets", form([{ buf: Buffer.alloc(0), name: "e.png" }])));
    expect(empty.status).toBe(400);
    expect(empty.body.code).toBe("empty_file");
    const notMultipart = await call(assetsRoute.action, post(keyA, "/assets", "hello", { "Content-Type": "text/plain" }));
    expect(notMultipart.status).toBe(400);
    const svg = await call(assetsRoute.action, post(keyA, "/assets", form([{ buf: SCRIPTED_SVG, name: "x.svg", type: "image/svg+xml" }])));
    expect(svg.status).toBe(201);
    const svgDl = await call(originalRoute.loader, get(keyA, `/assets/${svg.body.asset.id}/versions/${svg.body.asset.latestVersion.id}/original`), { assetId: svg.body.asset.id, versionId: svg.body.asset.latestVersion.id });
    expect(svgDl.headers.get("content-type")).toBe("application/octet-stream"); // never rendered inline
    expect(svgDl.headers.get("content-disposition")).toMatch(/^attachment/);
  });

  it("several files in one request each get their own outcome", async () => {
    const res = await call(assetsRoute.action, post(keyA, "/assets", form([
      { buf: await solidJpeg({ r: 3, g: 3, b: 3 }), name: "one.jpg" },
      { buf: fakeExe(), name: "two.jpg" },
      { buf: await solidJpeg({ r: 4, g: 4, b: 4 }), name: "three.jpg" },
    ])));
    expect(res.status).toBe(200);
    expect(res.body.results.map((r: Json) => r.httpStatus)).toEqual([201, 415, 201]);
  });

  it("shop B cannot see, read, version, approve or download shop A's asset", async () => {
    const a = await call(assetsRoute.action, post(keyA, "/assets", form([{ buf: await solidJpeg({ r: 77, g: 0, b: 77 }), name: "secret.jpg" }])));
    const id = a.body.asset.id;
    const vid = a.body.asset.latestVersion.id;
    expect((await call(assetRoute.loader, get(keyB, `/assets/${id}`), { assetId: id })).status).toBe(404);
    const listB = await call(assetsRoute.loader, get(keyB, "/assets?limit=200"));
    expect(listB.body.items.map((i: Json) => i.id)).not.toContain(id);
    expect((await call(versionsRoute.loader, get(keyB, `/assets/${id}/versions`), { assetId: id })).status).toBe(404);
    expect((await call(approveRoute.action, post(keyB, `/assets/${id}/versions/${vid}/approve`, ""), { assetId: id, versionId: vid })).status).toBe(404);
    expect((await call(originalRoute.loader, get(keyB, `/assets/${id}/versions/${vid}/original`), { assetId: id, versionId: vid })).status).toBe(404);
    const patch = new Request(`${BASE}/assets/${id}`, { method: "PATCH", headers: { ...auth(keyB), "Content-Type": "application/json" }, body: JSON.stringify({ title: "pwned" }) });
    expect((await call(assetRoute.action, patch, { assetId: id })).status).toBe(404);
    // The same bytes uploaded by shop B are B's own asset, not a duplicate of A's.
    const sameBytes = await solidJpeg({ r: 77, g: 0, b: 77 });
    const b = await call(assetsRoute.action, post(keyB, "/assets", form([{ buf: sameBytes, name: "mine.jpg" }])));
    expect(b.status).toBe(201);
  });

  it("pages through the library with a keyset cursor", async () => {
    const seen = new Set<string>();
    let cursor: string | null = null;
    do {
      const page = await call(assetsRoute.loader, get(keyA, `/assets?limit=3${cursor ? `&cursor=${cursor}` : ""}`));
      expect(page.status).toBe(200);
      for (const i of page.body.items) {
        expect(seen.has(i.id)).toBe(false);
        seen.add(i.id);
      }
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen.size).toBe(await t.services.db.prisma.asset.count({ where: { shopId: shopA, archivedAt: null } }));
    const bad = await call(assetsRoute.loader, get(keyA, "/assets?cursor=garbage"));
    expect(bad.status).toBe(400);
  });
});
