// Downloads of originals and renditions, one by one or as a zip, through the API and through the
// one-minute signed links the embedded admin follows (the member's current role, markets and the
// asset's rights are checked again when the link is used). Every download is recorded.
import sharp from "sharp";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useServices } from "../app/.server/context";
import { issueApiKey } from "../app/.server/governance/api-keys.service";
import { createMember } from "../app/.server/governance/members.repository";
import { actorOf } from "../app/.server/governance/members.service";
import { sharePreviewBlob, openShare, assetsOfShare, createShare } from "../app/.server/governance/shares.service";
import { editAsset } from "../app/.server/library/assets.service";
import { signDownload } from "../app/.server/library/download-links";
import { versionDownload } from "../app/.server/library/downloads.service";
import { ingestStream, ingestDepsOf } from "../app/.server/library/ingest.service";
import { processVersion } from "../app/.server/library/process-version.job";
import * as renditionApi from "../app/routes/api.v1.assets.$assetId.versions.$versionId.renditions.$presetId";
import * as downloadsApi from "../app/routes/api.v1.downloads";
import * as signed from "../app/routes/downloads.$token";
import { DB_KINDS } from "./support/db";
import { streamOf } from "./support/files";
import { solidJpeg } from "./support/images";
import { createTestServices, createTestShop, TEST_ADMIN, type TestContext } from "./support/services";

describe.each(DB_KINDS)("downloads on %s", (kind) => {
  let t: TestContext;
  let shopId: string;
  const made: Array<{ assetId: string; versionId: string; original: Buffer }> = [];
  const lib = () => ({ prisma: t.services.db.prisma, queue: t.services.queue });
  const prisma = () => t.services.db.prisma;
  const get = (token: string) => signed.loader({ request: new Request(`http://x/downloads/${token}`), params: { token }, context: {} } as unknown as LoaderFunctionArgs);

  beforeAll(async () => {
    t = await createTestServices(kind);
    useServices(t.services);
    shopId = (await createTestShop(t.services)).id;
    const deps = ingestDepsOf(t.services);
    for (const [i, markets] of [["US"], ["EU"]].entries()) {
      const original = await solidJpeg({ r: 30 + i * 100, g: 120, b: 60 }, 2400);
      const o = await ingestStream(deps, shopId, TEST_ADMIN, { stream: streamOf(original), filename: `packshot-${i}.jpg` });
      if (o.status !== "created") throw new Error("expected created");
      await processVersion({ prisma: deps.prisma, blobs: deps.blobs, config: t.config }, shopId, o.versionId, { lastAttempt: false });
      await editAsset(lib(), shopId, TEST_ADMIN, o.assetId, { markets });
      made.push({ ...o, original });
    }
  });
  afterAll(async () => {
    useServices(null);
    await t?.close();
  });

  it("a version's preview rendition downloads by its preset id, named after the original, and is recorded", async () => {
    const { assetId, versionId } = made[0]!;
    const d = await versionDownload(lib(), shopId, TEST_ADMIN, assetId, versionId, "preview");
    expect(d.filename).toBe("packshot-0.preview.jpg");
    const key = (await issueApiKey(prisma(), shopId, TEST_ADMIN, "renditions")).token;
    const res = await renditionApi.loader({
      request: new Request(`http://x/api/v1/assets/${assetId}/versions/${versionId}/renditions/preview`, { headers: { Authorization: `Bearer ${key}` } }),
      params: { assetId, versionId, presetId: "preview" },
      context: {},
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toContain("packshot-0.preview.jpg");
    const meta = await sharp(Buffer.from(await res.arrayBuffer())).metadata();
    expect(Math.max(meta.width!, meta.height!)).toBe(1600);
    const missing = await renditionApi.loader({
      request: new Request(`http://x/`, { headers: { Authorization: `Bearer ${key}` } }),
      params: { assetId, versionId, presetId: "amazon.main" },
      context: {},
    });
    expect(missing.status).toBe(404);
    const events = await prisma().auditEvent.findMany({ where: { shopId, action: "asset.downloaded", subjectId: assetId } });
    expect(events.map((e) => (e.data as { rendition: string }).rendition)).toContain("preview");
  });

  it("watermarked share previews are never offered as downloads", async () => {
    const { assetId, versionId } = made[0]!;
    const { token } = await createShare(prisma(), shopId, TEST_ADMIN, { name: "wm", assetIds: [assetId], expiresAt: null, password: null, previewOnly: true });
    const share = await openShare(prisma(), token, { ip: "192.0.2.1" });
    await sharePreviewBlob(t.services, share, (await assetsOfShare(prisma(), share))[0]!);
    await expect(versionDownload(lib(), shopId, TEST_ADMIN, assetId, versionId, "share.preview")).rejects.toThrow(/was not found/);
  });

  it("a zip of previews through the API holds each asset's preview", async () => {
    const key = (await issueApiKey(prisma(), shopId, TEST_ADMIN, "zip")).token;
    const res = await downloadsApi.action({
      request: new Request("http://x/api/v1/downloads", {
        method: "POST",
        headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
        body: JSON.stringify({ assetIds: made.map((m) => m.assetId), rendition: "preview" }),
      }),
      params: {},
      context: {},
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toContain("assetline-preview-");
    const zip = Buffer.from(await res.arrayBuffer());
    expect(zip.includes(Buffer.from("packshot-0.preview.jpg"))).toBe(true);
    expect(zip.includes(Buffer.from("packshot-1.preview.jpg"))).toBe(true);
    expect(zip.includes(made[0]!.original)).toBe(false);
  });

  it("signed links re-check the member when used: markets, membership, and the link's own expiry", async () => {
    const m = await createMember(prisma(), shopId, { name: "US merch", role: "editor", markets: ["US"], isOwner: false });
    const secret = null; // demo-style per-process key; the app passes the Shopify app secret
    const one = signDownload(secret, { kind: "version", shopId, memberId: m.id, assetId: made[0]!.assetId, versionId: made[0]!.versionId, rendition: null });
    const res = await get(one);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(made[0]!.original)).toBe(true);
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    const by = await prisma().auditEvent.findFirstOrThrow({ where: { shopId, action: "asset.downloaded" }, orderBy: { createdAt: "desc" } });
    expect(by.actor).toContain("US merch");

    const eu = signDownload(secret, { kind: "version", shopId, memberId: m.id, assetId: made[1]!.assetId, versionId: made[1]!.versionId, rendition: null });
    expect((await get(eu)).status).toBe(404); // not in their markets

    const zip = signDownload(secret, { kind: "zip", shopId, memberId: m.id, assetIds: made.map((x) => x.assetId), rendition: null });
    const zres = await get(zip);
    expect(zres.status).toBe(200);
    const bytes = Buffer.from(await zres.arrayBuffer());
    expect(bytes.includes(made[0]!.original)).toBe(true);
    expect(bytes.includes(made[1]!.original)).toBe(false);
    expect(bytes.includes(Buffer.from("not in your markets"))).toBe(true);

    // The member's markets change within the minute: the link follows the change.
    await prisma().member.update({ where: { id: m.id }, data: { markets: ["JP"] } });
    expect((await get(zip)).status).toBe(403);
    await prisma().member.delete({ where: { id: m.id } });
    expect((await get(one)).status).toBe(401);

    const stale = signDownload(secret, { kind: "version", shopId, memberId: actorOf(m).id, assetId: made[0]!.assetId, versionId: made[0]!.versionId, rendition: null }, Date.now() - 61_000);
    expect((await get(stale)).status).toBe(404);
    expect((await get("garbage.token")).status).toBe(404);
  });
});
