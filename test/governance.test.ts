// Roles and market scopes enforced on the server: library lists, single reads, approvals, downloads,
// the REST API (keys carry role + markets) and the demo user switcher.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useServices } from "../app/.server/context";
import { AppError } from "../app/.server/errors";
import { issueApiKey } from "../app/.server/governance/api-keys.service";
import { changeVersionState, editAsset, getAsset, getVersionOfAsset, listLibrary } from "../app/.server/library/assets.service";
import { ingestStream, ingestDepsOf } from "../app/.server/library/ingest.service";
import type { Actor } from "../app/.server/library/types";
import { DEMO_SHOP_DOMAIN } from "../app/.server/shops/demo";
import * as libraryRoute from "../app/routes/app._index";
import * as assetsApi from "../app/routes/api.v1.assets";
import * as originalApi from "../app/routes/api.v1.assets.$assetId.versions.$versionId.original";
import { DB_KINDS } from "./support/db";
import { streamOf } from "./support/files";
import { solidJpeg } from "./support/images";
import { createTestServices, createTestShop, TEST_ADMIN, type TestContext } from "./support/services";

const usEditor: Actor = { kind: "user", id: "m-us", name: "US merchandiser", role: "editor", markets: ["US"] };
const viewer: Actor = { kind: "user", id: "m-v", name: "Viewer", role: "viewer", markets: [] };
const euReviewer: Actor = { kind: "user", id: "m-eu", name: "EU reviewer", role: "reviewer", markets: ["EU"] };

async function rejection(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(() => null, (x: unknown) => x);
  if (!(e instanceof AppError)) throw new Error(`expected an AppError, got ${String(e)}`);
  return e;
}

describe.each(DB_KINDS)("governance on %s", (kind) => {
  let t: TestContext;
  let shopId: string;
  const ids: Record<string, { assetId: string; versionId: string }> = {};
  const lib = () => ({ prisma: t.services.db.prisma, queue: t.services.queue });

  beforeAll(async () => {
    t = await createTestServices(kind);
    useServices(t.services);
    shopId = (await createTestShop(t.services)).id;
    const deps = ingestDepsOf(t.services);
    const markets: Record<string, string[]> = { us: ["US"], eu: ["EU"], global: [], jp: ["JP"], useu: ["US", "EU"] };
    let i = 0;
    for (const [name, m] of Object.entries(markets)) {
      const o = await ingestStream(deps, shopId, TEST_ADMIN, { stream: streamOf(await solidJpeg({ r: 20 + 40 * i++, g: 9, b: 9 })), filename: `${name}.jpg` });
      if (o.status !== "created") throw new Error("expected created");
      await editAsset(lib(), shopId, TEST_ADMIN, o.assetId, { markets: m });
      ids[name] = { assetId: o.assetId, versionId: o.versionId };
      await t.services.db.prisma.assetVersion.update({ where: { id: o.versionId }, data: { processing: "ready" } });
    }
  });
  afterAll(async () => {
    useServices(null);
    await t?.close();
  });

  it("a US merchandiser's library holds US, multi-market and global assets only", async () => {
    const page = await listLibrary(lib(), shopId, usEditor, {}, { limit: 200 });
    expect(page.items.map((a) => a.title).sort()).toEqual(["Global", "Us", "Useu"]);
    const all = await listLibrary(lib(), shopId, TEST_ADMIN, {}, { limit: 200 });
    expect(all.items).toHaveLength(5);
    const searched = await listLibrary(lib(), shopId, usEditor, { q: "eu" }, {});
    expect(searched.items.map((a) => a.title)).toEqual(["Useu"]); // search never surfaces out-of-scope assets
  });

  it("tag facet counts never reveal out-of-scope assets", async () => {
    const { bulkTag } = await import("../app/.server/library/assets.service");
    const { listTagFacets } = await import("../app/.server/library/browse.service");
    await bulkTag(lib(), shopId, TEST_ADMIN, [ids.us!.assetId, ids.eu!.assetId, ids.jp!.assetId], ["Hero shot"]);
    const mine = await listTagFacets(lib(), shopId, usEditor);
    expect(mine.find((f) => f.name === "hero shot")?.count).toBe(1);
    const all = await listTagFacets(lib(), shopId, TEST_ADMIN);
    expect(all.find((f) => f.name === "hero shot")?.count).toBe(3);
    await bulkTag(lib(), shopId, TEST_ADMIN, [ids.eu!.assetId], ["EU only tag"]);
    expect((await listTagFacets(lib(), shopId, usEditor)).map((f) => f.name)).not.toContain("eu only tag");
  });

  it("uploads never name an asset the uploader cannot see; the bytes are still stored once", async () => {
    const deps = ingestDepsOf(t.services);
    const bytes = await solidJpeg({ r: 77, g: 66, b: 55 });
    const eu = await ingestStream(deps, shopId, TEST_ADMIN, { stream: streamOf(bytes), filename: "eu-only.jpg" });
    if (eu.status !== "created") throw new Error("expected created");
    await editAsset(lib(), shopId, TEST_ADMIN, eu.assetId, { markets: ["EU"] });
    const mine = await ingestStream(deps, shopId, usEditor, { stream: streamOf(bytes), filename: "same-bytes.jpg" });
    expect(mine.status).toBe("created"); // not "duplicate of <EU asset>"
    if (mine.status !== "created") return;
    expect(mine.assetId).not.toBe(eu.assetId);
    expect(await t.services.db.prisma.blob.count({ where: { shopId, sha256: mine.sha256 } })).toBe(1);
    const again = await ingestStream(deps, shopId, TEST_ADMIN, { stream: streamOf(bytes), filename: "admin.jpg" });
    expect(again.status).toBe("duplicate");
    const { setArchived } = await import("../app/.server/library/assets.service");
    await setArchived(lib(), shopId, TEST_ADMIN, [eu.assetId, mine.assetId], true); // keep the other tests' lists as they were
  });

  it("out-of-scope assets read as not found; in-scope ones open", async () => {
    expect((await rejection(getAsset(lib(), shopId, usEditor, ids.eu!.assetId))).kind).toBe("not_found");
    expect((await rejection(getVersionOfAsset(lib(), shopId, usEditor, ids.eu!.assetId, ids.eu!.versionId, "asset.download"))).kind).toBe("not_found");
    expect((await getAsset(lib(), shopId, usEditor, ids.global!.assetId)).asset.id).toBe(ids.global!.assetId);
    expect((await rejection(editAsset(lib(), shopId, usEditor, ids.jp!.assetId, { title: "x" }))).kind).toBe("not_found");
  });

  it("a viewer cannot approve or edit; a reviewer approves only in their markets", async () => {
    const v = await rejection(changeVersionState(lib(), shopId, viewer, ids.us!.versionId, "approve"));
    expect(v.kind).toBe("forbidden");
    expect(v.message).toMatch(/viewer/);
    expect((await rejection(editAsset(lib(), shopId, viewer, ids.us!.assetId, { title: "x" }))).kind).toBe("forbidden");
    expect((await rejection(changeVersionState(lib(), shopId, euReviewer, ids.us!.versionId, "approve"))).kind).toBe("not_found");
    const ok = await changeVersionState(lib(), shopId, euReviewer, ids.eu!.versionId, "approve");
    expect(ok.state).toBe("approved");
  });

  it("API keys carry role and markets", async () => {
    const usKey = (await issueApiKey(t.services.db.prisma, shopId, TEST_ADMIN, "US PIM", "viewer", ["US"])).token;
    const req = (path: string) => new Request(`http://x/api/v1${path}`, { headers: { Authorization: `Bearer ${usKey}` } });
    const list = await assetsApi.loader({ request: req("/assets?limit=200"), params: {}, context: {} });
    const body = (await list.json()) as { items: Array<{ title: string }> };
    expect(body.items.map((a) => a.title).sort()).toEqual(["Global", "Us", "Useu"]);
    const eu = ids.eu!;
    const dl = await originalApi.loader({ request: req(`/assets/${eu.assetId}/versions/${eu.versionId}/original`), params: { assetId: eu.assetId, versionId: eu.versionId }, context: {} });
    expect(dl.status).toBe(404);
    const upload = new FormData();
    upload.append("file", new Blob([new Uint8Array(await solidJpeg({ r: 1, g: 1, b: 1 }))]), "x.jpg");
    const up = await assetsApi.action({ request: new Request("http://x/api/v1/assets", { method: "POST", headers: { Authorization: `Bearer ${usKey}` }, body: upload }), params: {}, context: {} });
    expect(up.status).toBe(403);
    await expect(issueApiKey(t.services.db.prisma, shopId, usEditor, "nope")).rejects.toThrow(/cannot manage API keys/);
  });

  it("admins change a member's role and markets (audited); others cannot; the owner stays admin", async () => {
    const { listShopMembers, setMemberAccess } = await import("../app/.server/governance/members.service");
    const demo = await t.services.db.prisma.shop.findUniqueOrThrow({ where: { domain: DEMO_SHOP_DOMAIN } });
    const members = await listShopMembers(t.services.db.prisma, demo.id, TEST_ADMIN);
    const maya = members.find((m) => m.demoHandle === "us-merch")!;
    const owner = members.find((m) => m.isOwner)!;
    await expect(listShopMembers(t.services.db.prisma, demo.id, usEditor)).rejects.toThrow(/cannot manage members/);
    await expect(setMemberAccess(t.services.db.prisma, demo.id, usEditor, maya.id, { role: "admin", markets: [] })).rejects.toThrow(/cannot manage members/);
    await expect(setMemberAccess(t.services.db.prisma, demo.id, TEST_ADMIN, owner.id, { role: "viewer", markets: [] })).rejects.toThrow(/owner is always an admin/);
    const changed = await setMemberAccess(t.services.db.prisma, demo.id, TEST_ADMIN, maya.id, { role: "editor", markets: ["us", "CA", "US"] });
    expect(changed.markets).toEqual(["US", "CA"]);
    const audit = await t.services.db.prisma.auditEvent.findFirstOrThrow({ where: { shopId: demo.id, action: "member.access_changed", subjectId: maya.id } });
    expect(audit.data).toMatchObject({ before: { role: "editor", markets: ["US"] }, after: { role: "editor", markets: ["US", "CA"] } });
    await setMemberAccess(t.services.db.prisma, demo.id, TEST_ADMIN, maya.id, { role: "editor", markets: ["US"] });
  });

  it("the audit log is append-only: an event cannot be changed", async () => {
    const e = await t.services.db.prisma.auditEvent.findFirstOrThrow({ where: { shopId } });
    await expect(t.services.db.prisma.auditEvent.update({ where: { id: e.id }, data: { action: "asset.nothing_happened" } })).rejects.toThrow(/append-only/);
    expect((await t.services.db.prisma.auditEvent.findUniqueOrThrow({ where: { id: e.id } })).action).toBe(e.action);
  });

  it("the audit log: admins only, filtered by family, subject and person, in keyset pages", async () => {
    const { readAuditLog } = await import("../app/.server/governance/audit.service");
    const p = t.services.db.prisma;
    await expect(readAuditLog(p, shopId, usEditor, {}, {})).rejects.toThrow(/cannot read the audit log/);
    const versions = await readAuditLog(p, shopId, TEST_ADMIN, { action: "version." }, { limit: 200 });
    expect(versions.items.length).toBeGreaterThan(0);
    expect(versions.items.every((e) => e.action.startsWith("version."))).toBe(true);
    const oneAsset = await readAuditLog(p, shopId, TEST_ADMIN, { subjectId: ids.eu!.assetId }, { limit: 200 });
    expect(oneAsset.items.map((e) => e.action)).toContain("version.approved");
    expect(oneAsset.items.every((e) => e.subjectId === ids.eu!.assetId)).toBe(true);
    const byReviewer = await readAuditLog(p, shopId, TEST_ADMIN, { actor: "eu reviewer" }, {});
    expect(byReviewer.items.map((e) => e.action)).toEqual(["version.approved"]);
    const seen = new Set<string>();
    let cursor: string | null = null;
    do {
      const page = await readAuditLog(p, shopId, TEST_ADMIN, {}, { cursor, limit: 4 });
      for (const e of page.items) {
        expect(seen.has(e.id)).toBe(false);
        seen.add(e.id);
      }
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.size).toBe(await p.auditEvent.count({ where: { shopId } }));
  });

  it("demo mode: the user switcher changes who acts, and what the library shows", async () => {
    const demo = await t.services.db.prisma.shop.findUniqueOrThrow({ where: { domain: DEMO_SHOP_DOMAIN } });
    const deps = ingestDepsOf(t.services);
    for (const [name, m] of [["demo-us", ["US"]], ["demo-cn", ["CN"]]] as const) {
      const o = await ingestStream(deps, demo.id, TEST_ADMIN, { stream: streamOf(await solidJpeg({ r: m[0] === "US" ? 10 : 240, g: 200, b: 9 })), filename: `${name}.jpg` });
      if (o.status === "created") await editAsset(lib(), demo.id, TEST_ADMIN, o.assetId, { markets: [...m] });
    }
    const titles = async (cookie?: string) => {
      const data = (await libraryRoute.loader({
        request: new Request("http://localhost/app", { headers: cookie ? { cookie } : {} }),
        params: {},
        context: {},
      })) as { items: Array<{ title: string }> };
      return data.items.map((a) => a.title).sort();
    };
    expect(await titles()).toEqual(["Demo cn", "Demo us"]); // the owner (admin) sees everything
    expect(await titles("assetline_demo_user=us-merch")).toEqual(["Demo us"]);
    expect(await titles("assetline_demo_user=nobody")).toEqual(["Demo cn", "Demo us"]); // unknown → owner
  });
});
