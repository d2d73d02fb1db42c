// Approval chains end to end: a two-step chain for images, the inbox of each reviewer, step-by-step
// approval, rejection with a reason, and the default "any editor approves" elsewhere.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createChain, inboxFor, reviewHistory } from "../app/.server/governance/approvals.service";
import { changeVersionState, getAsset } from "../app/.server/library/assets.service";
import { ingestStream, ingestDepsOf } from "../app/.server/library/ingest.service";
import { processVersion } from "../app/.server/library/process-version.job";
import type { Actor } from "../app/.server/library/types";
import { createMember } from "../app/.server/governance/members.repository";
import { actorOf } from "../app/.server/governance/members.service";
import { DB_KINDS } from "./support/db";
import { streamOf } from "./support/files";
import { solidJpeg } from "./support/images";
import { createTestServices, createTestShop, TEST_ACTOR, TEST_ADMIN, type TestContext } from "./support/services";

describe.each(DB_KINDS)("approval chains on %s", (kind) => {
  let t: TestContext;
  let shopId: string;
  let brand: Actor;
  let compliance: Actor;
  const viewer: Actor = { kind: "user", id: "v", name: "Viewer", role: "viewer", markets: [] };
  const lib = () => ({ prisma: t.services.db.prisma, queue: t.services.queue });
  let n = 0;
  async function newImage() {
    const deps = ingestDepsOf(t.services);
    const o = await ingestStream(deps, shopId, TEST_ACTOR, { stream: streamOf(await solidJpeg({ r: 30 + 20 * n++, g: 60, b: 200 })), filename: `chain-${n}.jpg` });
    if (o.status !== "created") throw new Error("expected created");
    await processVersion({ prisma: deps.prisma, blobs: deps.blobs, config: t.config }, shopId, o.versionId, { lastAttempt: false });
    return o;
  }

  beforeAll(async () => {
    t = await createTestServices(kind);
    shopId = (await createTestShop(t.services)).id;
    const member = async (name: string) =>
      actorOf(await createMember(t.services.db.prisma, shopId, { name, role: "reviewer", markets: [], isOwner: false }));
    brand = await member("Brand manager");
    compliance = await member("Compliance officer");
  });
  afterAll(async () => t?.close());

  it("without a chain, any editor approves in one step", async () => {
    const o = await newImage();
    const r = await changeVersionState(lib(), shopId, TEST_ACTOR, o.versionId, "approve");
    expect(r.state).toBe("approved");
  });

  it("a two-step chain: submit, brand approves, compliance approves → live", async () => {
    await expect(createChain(t.services.db.prisma, shopId, TEST_ACTOR, { name: "x", assetKind: "image", collectionId: null, steps: [{ name: "a", role: "editor" }] })).rejects.toThrow(/cannot manage members/);
    await createChain(t.services.db.prisma, shopId, TEST_ADMIN, {
      name: "Brand → Compliance",
      assetKind: "image",
      collectionId: null,
      steps: [{ name: "Brand", role: "reviewer" }, { name: "Compliance", memberIds: [compliance.id] }],
    });
    const o = await newImage();
    const submitted = await changeVersionState(lib(), shopId, TEST_ACTOR, o.versionId, "submit");
    expect(submitted.state).toBe("in_review");
    expect((await inboxFor(t.services.db.prisma, shopId, brand)).map((i) => i.version.id)).toContain(o.versionId);
    expect((await inboxFor(t.services.db.prisma, shopId, viewer)).map((i) => i.version.id)).not.toContain(o.versionId);
    await expect(changeVersionState(lib(), shopId, viewer, o.versionId, "approve")).rejects.toThrow(/cannot approve/);

    const afterBrand = await changeVersionState(lib(), shopId, brand, o.versionId, "approve", "On brand");
    expect(afterBrand.state).toBe("in_review");
    expect((await getAsset(lib(), shopId, TEST_ADMIN, o.assetId)).asset.liveVersionId).toBeNull();
    expect((await inboxFor(t.services.db.prisma, shopId, brand)).map((i) => i.version.id)).not.toContain(o.versionId);
    expect((await inboxFor(t.services.db.prisma, shopId, compliance)).map((i) => i.version.id)).toContain(o.versionId);
    await expect(changeVersionState(lib(), shopId, brand, o.versionId, "approve")).rejects.toThrow(/“Compliance”.*decided by the members named/);

    const done = await changeVersionState(lib(), shopId, compliance, o.versionId, "approve");
    expect(done.state).toBe("approved");
    expect((await getAsset(lib(), shopId, TEST_ADMIN, o.assetId)).asset.liveVersionId).toBe(o.versionId);
    const history = await reviewHistory(t.services.db.prisma, shopId, [o.versionId]);
    expect(history.map((h) => `${h.decision}:${h.stepName}:${h.actorName}`)).toEqual([
      "submitted:Brand:Test editor",
      "approved:Brand:Brand manager",
      "approved:Compliance:Compliance officer",
    ]);
    expect(history[1]!.comment).toBe("On brand");
  });

  it("rejection needs a reason, ends the review, and can be resubmitted", async () => {
    const o = await newImage();
    await changeVersionState(lib(), shopId, TEST_ACTOR, o.versionId, "submit");
    await expect(changeVersionState(lib(), shopId, brand, o.versionId, "reject")).rejects.toThrow(/Say why/);
    const r = await changeVersionState(lib(), shopId, brand, o.versionId, "reject", "Logo too small");
    expect(r.state).toBe("rejected");
    expect((await inboxFor(t.services.db.prisma, shopId, brand)).map((i) => i.version.id)).not.toContain(o.versionId);
    const again = await changeVersionState(lib(), shopId, TEST_ACTOR, o.versionId, "submit");
    expect(again.state).toBe("in_review");
    await expect(changeVersionState(lib(), shopId, brand, o.versionId, "approve")).resolves.toMatchObject({ state: "in_review" });
  });
});
