// Collections: create/rename/delete with audit, adding and removing within the editor's markets, counts
// that never reveal out-of-scope assets, the library filter, a collection's own approval chain, and share
// links that follow a collection's current contents but never reach beyond their creator's markets.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useServices } from "../app/.server/context";
import { AppError } from "../app/.server/errors";
import { createChain, deleteChain, inboxFor } from "../app/.server/governance/approvals.service";
import { readAuditLog } from "../app/.server/governance/audit.service";
import { createMember } from "../app/.server/governance/members.repository";
import { actorOf } from "../app/.server/governance/members.service";
import { createShare } from "../app/.server/governance/shares.service";
import { changeVersionState, editAsset, listLibrary } from "../app/.server/library/assets.service";
import {
  changeCollectionAssets,
  createCollection,
  deleteCollection,
  editCollection,
  getCollection,
  listCollections,
  updateCollection,
} from "../app/.server/library/collections.service";
import { ingestStream, ingestDepsOf } from "../app/.server/library/ingest.service";
import type { Actor } from "../app/.server/library/types";
import { withRequestId } from "../app/.server/request-context";
import * as sharePage from "../app/routes/s.$token";
import * as collectionsApi from "../app/routes/api.v1.collections";
import * as collectionApi from "../app/routes/api.v1.collections.$collectionId";
import { issueApiKey } from "../app/.server/governance/api-keys.service";
import { DB_KINDS } from "./support/db";
import { streamOf } from "./support/files";
import { solidJpeg } from "./support/images";
import { createTestServices, createTestShop, TEST_ADMIN, type TestContext } from "./support/services";

const usEditor: Actor = { kind: "user", id: "m-us", name: "US merchandiser", role: "editor", markets: ["US"] };
const viewer: Actor = { kind: "user", id: "m-v", name: "Viewer", role: "viewer", markets: [] };

async function rejection(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(() => null, (x: unknown) => x);
  if (!(e instanceof AppError)) throw new Error(`expected an AppError, got ${String(e)}`);
  return e;
}

describe.each(DB_KINDS)("collections on %s", (kind) => {
  let t: TestContext;
  let shopId: string;
  const ids: Record<string, { assetId: string; versionId: string }> = {};
  const lib = () => ({ prisma: t.services.db.prisma, queue: t.services.queue });
  const prisma = () => t.services.db.prisma;

  beforeAll(async () => {
    t = await createTestServices(kind);
    useServices(t.services);
    shopId = (await createTestShop(t.services)).id;
    const deps = ingestDepsOf(t.services);
    const markets: Record<string, string[]> = { us: ["US"], eu: ["EU"], global: [], us2: ["US"] };
    let i = 0;
    for (const [name, m] of Object.entries(markets)) {
      const o = await ingestStream(deps, shopId, TEST_ADMIN, { stream: streamOf(await solidJpeg({ r: 10 + 50 * i++, g: 90, b: 9 })), filename: `${name}.jpg` });
      if (o.status !== "created") throw new Error("expected created");
      await editAsset(lib(), shopId, TEST_ADMIN, o.assetId, { markets: m });
      await t.services.db.prisma.assetVersion.update({ where: { id: o.versionId }, data: { processing: "ready" } });
      ids[name] = { assetId: o.assetId, versionId: o.versionId };
    }
  });
  afterAll(async () => {
    useServices(null);
    await t?.close();
  });

  it("create, rename and describe with unique names; viewers cannot; every change is audited with its request id", async () => {
    const c = await withRequestId("req-collections-1", () =>
      createCollection(prisma(), shopId, TEST_ADMIN, { name: "Spring 2027", description: "Campaign", assetIds: [ids.us!.assetId, ids.eu!.assetId] }),
    );
    expect((await rejection(createCollection(prisma(), shopId, TEST_ADMIN, { name: "  spring 2027 " }))).kind).toBe("conflict");
    expect((await rejection(createCollection(prisma(), shopId, viewer, { name: "Mine" }))).kind).toBe("forbidden");
    expect((await rejection(createCollection(prisma(), shopId, TEST_ADMIN, { name: "   " }))).message).toMatch(/Name the collection/);
    await updateCollection(prisma(), shopId, TEST_ADMIN, c.id, { name: "Spring 2027 hero" });
    const other = await createCollection(prisma(), shopId, TEST_ADMIN, { name: "Outlet" });
    expect((await rejection(updateCollection(prisma(), shopId, TEST_ADMIN, other.id, { name: "SPRING 2027 HERO" }))).kind).toBe("conflict");
    const log = await readAuditLog(prisma(), shopId, TEST_ADMIN, { requestId: "req-collections-1" }, {});
    expect(log.items.map((e) => e.action)).toEqual(["collection.created"]);
    expect(log.items[0]!.data).toMatchObject({ name: "Spring 2027", assets: 2 });
    const renamed = await readAuditLog(prisma(), shopId, TEST_ADMIN, { action: "collection.updated" }, {});
    expect(renamed.items[0]!.data).toMatchObject({ name: { from: "Spring 2027", to: "Spring 2027 hero" } });
    expect(renamed.items[0]!.requestId).toBeNull(); // outside any request
  });

  it("counts and contents stay within the caller's markets; the library filters by collection", async () => {
    const c = (await listCollections(prisma(), shopId, TEST_ADMIN)).find((x) => x.name === "Spring 2027 hero")!;
    await changeCollectionAssets(prisma(), shopId, TEST_ADMIN, c.id, { add: [ids.global!.assetId, ids.us!.assetId] }); // us already in
    expect(c.assetCount).toBe(2);
    expect((await listCollections(prisma(), shopId, TEST_ADMIN)).find((x) => x.id === c.id)!.assetCount).toBe(3);
    expect((await listCollections(prisma(), shopId, usEditor)).find((x) => x.id === c.id)!.assetCount).toBe(2); // EU hidden
    expect((await getCollection(prisma(), shopId, usEditor, c.id)).assetIds.sort()).toEqual([ids.us!.assetId, ids.global!.assetId].sort());
    const page = await listLibrary(lib(), shopId, usEditor, { collectionId: c.id }, {});
    expect(page.items.map((a) => a.id).sort()).toEqual([ids.us!.assetId, ids.global!.assetId].sort());
    const all = await listLibrary(lib(), shopId, TEST_ADMIN, { collectionId: c.id }, {});
    expect(all.items).toHaveLength(3);
  });

  it("an editor adds and removes only assets in their markets, all or nothing", async () => {
    const c = await createCollection(prisma(), shopId, usEditor, { name: "US picks" });
    const e = await rejection(changeCollectionAssets(prisma(), shopId, usEditor, c.id, { add: [ids.us2!.assetId, ids.eu!.assetId] }));
    expect(e.kind).toBe("not_found");
    expect((await getCollection(prisma(), shopId, TEST_ADMIN, c.id)).assetIds).toEqual([]); // nothing half-added
    const r = await changeCollectionAssets(prisma(), shopId, usEditor, c.id, { add: [ids.us2!.assetId, ids.global!.assetId] });
    expect(r).toMatchObject({ added: 2, removed: 0 });
    const e2 = await rejection(editCollection(prisma(), shopId, usEditor, c.id, { name: "US picks 2", remove: [ids.eu!.assetId] }));
    expect(e2.kind).toBe("not_found");
    expect((await listCollections(prisma(), shopId, TEST_ADMIN)).find((x) => x.id === c.id)!.name).toBe("US picks"); // rename rolled back
    await editCollection(prisma(), shopId, usEditor, c.id, { name: "US picks 2", remove: [ids.global!.assetId] });
    expect((await getCollection(prisma(), shopId, TEST_ADMIN, c.id)).assetIds).toEqual([ids.us2!.assetId]);
    expect((await rejection(changeCollectionAssets(prisma(), shopId, viewer, c.id, { add: [ids.us!.assetId] }))).kind).toBe("forbidden");
  });

  it("a collection's approval chain wins over its kind's; the collection cannot be deleted while it decides one", async () => {
    const lead = actorOf(await createMember(prisma(), shopId, { name: "Ops lead", role: "reviewer", markets: [], isOwner: false }));
    const viewerMember = await createMember(prisma(), shopId, { name: "Just looking", role: "viewer", markets: [], isOwner: false });
    const c = await createCollection(prisma(), shopId, TEST_ADMIN, { name: "Regulated", assetIds: [ids.us2!.assetId] });
    await createChain(prisma(), shopId, TEST_ADMIN, { name: "Kind chain", assetKind: "image", collectionId: null, steps: [{ name: "Any", role: "editor" }] });
    expect((await rejection(createChain(prisma(), shopId, TEST_ADMIN, { name: "Again", assetKind: "image", collectionId: null, steps: [{ name: "x", role: "editor" }] }))).kind).toBe("conflict");
    expect(
      (await rejection(createChain(prisma(), shopId, TEST_ADMIN, { name: "Viewer step", assetKind: null, collectionId: c.id, steps: [{ name: "x", memberIds: [viewerMember.id] }] }))).message,
    ).toMatch(/viewers cannot/);
    expect(
      (await rejection(createChain(prisma(), shopId, TEST_ADMIN, { name: "Elsewhere", assetKind: null, collectionId: "00000000-0000-4000-8000-000000000000", steps: [{ name: "x", role: "editor" }] }))).kind,
    ).toBe("not_found");
    const chain = await createChain(prisma(), shopId, TEST_ADMIN, {
      name: "Regulated sign-off",
      assetKind: null,
      collectionId: c.id,
      steps: [{ name: "Compliance", role: "reviewer" }, { name: "Ops lead", memberIds: [lead.id] }],
    });
    const submitted = await changeVersionState(lib(), shopId, TEST_ADMIN, ids.us2!.versionId, "submit");
    expect(submitted.state).toBe("in_review");
    const waiting = (await inboxFor(prisma(), shopId, lead)).find((i) => i.version.id === ids.us2!.versionId)!;
    expect(waiting.chain.name).toBe("Regulated sign-off");
    expect(waiting.step.name).toBe("Compliance");
    expect((await rejection(deleteCollection(prisma(), shopId, TEST_ADMIN, c.id))).message).toMatch(/decides the approval chain “Regulated sign-off”/);
    await deleteChain(prisma(), shopId, TEST_ADMIN, chain.id!);
    await deleteCollection(prisma(), shopId, TEST_ADMIN, c.id);
    expect((await listCollections(prisma(), shopId, TEST_ADMIN)).some((x) => x.id === c.id)).toBe(false);
    expect((await listLibrary(lib(), shopId, TEST_ADMIN, { ids: [ids.us2!.assetId] }, {})).items).toHaveLength(1); // the asset stays
  });

  it("a collection link follows the collection and stays within its creator's markets", async () => {
    const c = await createCollection(prisma(), shopId, TEST_ADMIN, { name: "For the agency", assetIds: [ids.us!.assetId] });
    const { token } = await createShare(prisma(), shopId, usEditor, { name: "Agency", assetIds: [], collectionId: c.id, expiresAt: null, password: null, previewOnly: true });
    const open = async () =>
      ((await sharePage.loader({ request: new Request(`http://localhost/s/${token}`), params: { token }, context: { clientIp: "198.51.100.1" } } as unknown as LoaderFunctionArgs)) as {
        assets: Array<{ id: string }>;
      }).assets.map((a) => a.id);
    expect(await open()).toEqual([ids.us!.assetId]);
    await changeCollectionAssets(prisma(), shopId, TEST_ADMIN, c.id, { add: [ids.global!.assetId, ids.eu!.assetId] });
    expect((await open()).sort()).toEqual([ids.us!.assetId, ids.global!.assetId].sort()); // EU is beyond the US editor's markets
    await deleteCollection(prisma(), shopId, TEST_ADMIN, c.id);
    expect(await open()).toEqual([]);
    expect((await rejection(createShare(prisma(), shopId, TEST_ADMIN, { name: "x", assetIds: [ids.us!.assetId], collectionId: c.id, expiresAt: null, password: null, previewOnly: true }))).kind).toBe("validation");
  });

  it("the REST API lists, creates, edits (all or nothing) and deletes collections within the key's markets", async () => {
    const key = (await issueApiKey(prisma(), shopId, TEST_ADMIN, "collections", "editor", ["US"])).token;
    const call = async (mod: { loader?: unknown; action?: unknown }, method: string, url: string, params: Record<string, string> = {}, body?: unknown) => {
      const request = new Request(`http://x${url}`, {
        method,
        headers: { Authorization: `Bearer ${key}`, ...(body ? { "Content-Type": "application/json" } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      const fn = (method === "GET" ? mod.loader : mod.action) as (a: { request: Request; params: Record<string, string>; context: object }) => Promise<Response>;
      const res = await fn({ request, params, context: {} });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const made = await call(collectionsApi, "POST", "/api/v1/collections", {}, { name: "API picks", assetIds: [ids.us!.assetId] });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ name: "API picks", assetCount: 1, approvalChain: null });
    const id = made.body.id as string;
    expect((await call(collectionsApi, "POST", "/api/v1/collections", {}, { name: "API picks" })).status).toBe(409);
    expect((await call(collectionsApi, "POST", "/api/v1/collections", {}, { name: "x", extra: 1 })).status).toBe(400);
    const bad = await call(collectionApi, "PATCH", `/api/v1/collections/${id}`, { collectionId: id }, { name: "Renamed", add: [ids.eu!.assetId] });
    expect(bad.status).toBe(404); // EU is beyond the key's markets; nothing changed
    const same = await call(collectionApi, "GET", `/api/v1/collections/${id}`, { collectionId: id });
    expect(same.body).toMatchObject({ name: "API picks", assetIds: [ids.us!.assetId] });
    const ok = await call(collectionApi, "PATCH", `/api/v1/collections/${id}`, { collectionId: id }, { name: "Renamed", add: [ids.global!.assetId] });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ name: "Renamed", assetCount: 2 });
    expect((await call(collectionsApi, "GET", "/api/v1/collections")).body.items).toEqual(expect.arrayContaining([expect.objectContaining({ id, assetCount: 2 })]));
    expect((await call(collectionApi, "DELETE", `/api/v1/collections/${id}`, { collectionId: id })).body).toEqual({ deleted: true });
    expect((await call(collectionApi, "GET", `/api/v1/collections/${id}`, { collectionId: id })).status).toBe(404);
  });
});
