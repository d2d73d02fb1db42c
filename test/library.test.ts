// Library operations through the services: edit with tags, archive/unarchive (only the shop's own
// assets, each audited), bulk tag, title search and filters.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bulkTag, editAsset, listLibrary, setArchived } from "../app/.server/library/assets.service";
import { ingestStream, ingestDepsOf } from "../app/.server/library/ingest.service";
import { DB_KINDS } from "./support/db";
import { streamOf } from "./support/files";
import { solidJpeg } from "./support/images";
import { createTestServices, createTestShop, TEST_ACTOR, type TestContext } from "./support/services";

describe.each(DB_KINDS)("library on %s", (kind) => {
  let t: TestContext;
  let shopId: string;
  let otherShopId: string;
  const ids: string[] = [];
  let foreignId = "";
  const lib = () => ({ prisma: t.services.db.prisma, queue: t.services.queue });

  beforeAll(async () => {
    t = await createTestServices(kind);
    shopId = (await createTestShop(t.services)).id;
    otherShopId = (await createTestShop(t.services)).id;
    const deps = ingestDepsOf(t.services);
    for (const [i, name] of ["navy-sneaker.jpg", "red-mug.jpg", "navy-tote.jpg"].entries()) {
      const o = await ingestStream(deps, shopId, TEST_ACTOR, { stream: streamOf(await solidJpeg({ r: i * 80, g: 5, b: 5 })), filename: name });
      if (o.status === "created") ids.push(o.assetId);
    }
    const f = await ingestStream(deps, otherShopId, TEST_ACTOR, { stream: streamOf(await solidJpeg({ r: 1, g: 99, b: 1 })), filename: "theirs.jpg" });
    if (f.status === "created") foreignId = f.assetId;
  });
  afterAll(async () => t?.close());

  it("edits fields and replaces user tags, keeping other sources", async () => {
    await editAsset(lib(), shopId, TEST_ACTOR, ids[0]!, { title: "Trail runner", markets: ["US", "EU"], tags: ["Navy", "Sneaker", "navy "] });
    const { items } = await listLibrary(lib(), shopId, TEST_ACTOR, { q: "trail" }, {});
    expect(items).toHaveLength(1);
    expect(items[0]!.markets).toEqual(["US", "EU"]);
    expect(items[0]!.tags.map((x) => x.tag.name).sort()).toEqual(["navy", "sneaker"]);
    // LIKE's wildcards in the text are literal: "%" and "_" find no title without them.
    expect((await listLibrary(lib(), shopId, TEST_ACTOR, { q: "%" }, {})).items).toEqual([]);
    expect((await listLibrary(lib(), shopId, TEST_ACTOR, { q: "tr_il" }, {})).items).toEqual([]);
    await expect(editAsset(lib(), shopId, TEST_ACTOR, ids[0]!, { title: "  " })).rejects.toThrow(/cannot be empty/);
    await expect(editAsset(lib(), otherShopId, TEST_ACTOR, ids[0]!, { title: "x" })).rejects.toThrow(/not found/);
  });

  it("archives only the shop's own assets and audits each", async () => {
    const n = await setArchived(lib(), shopId, TEST_ACTOR, [ids[1]!, foreignId], true);
    expect(n).toBe(1);
    const active = await listLibrary(lib(), shopId, TEST_ACTOR, {}, {});
    expect(active.items.map((a) => a.id)).not.toContain(ids[1]);
    const archived = await listLibrary(lib(), shopId, TEST_ACTOR, { archived: true }, {});
    expect(archived.items.map((a) => a.id)).toEqual([ids[1]]);
    const theirs = await t.services.db.prisma.asset.findUniqueOrThrow({ where: { id: foreignId } });
    expect(theirs.archivedAt).toBeNull();
    const audits = await t.services.db.prisma.auditEvent.findMany({ where: { shopId, action: "asset.archived" } });
    expect(audits.map((a) => a.subjectId)).toEqual([ids[1]]);
    await setArchived(lib(), shopId, TEST_ACTOR, [ids[1]!], false);
    expect((await listLibrary(lib(), shopId, TEST_ACTOR, {}, {})).items).toHaveLength(3);
  });

  it("bulk-tags and filters by tag and kind", async () => {
    await bulkTag(lib(), shopId, TEST_ACTOR, [ids[1]!, ids[2]!, foreignId], ["Spring campaign"]);
    const tagged = await listLibrary(lib(), shopId, TEST_ACTOR, { tag: "spring campaign" }, {});
    expect(tagged.items.map((a) => a.id).sort()).toEqual([ids[1], ids[2]].sort());
    expect(await t.services.db.prisma.assetTag.count({ where: { assetId: foreignId, tag: { name: "spring campaign" } } })).toBe(0); // (its filename gives it a suggestion of its own)
    expect((await listLibrary(lib(), shopId, TEST_ACTOR, { kind: "video" }, {})).items).toHaveLength(0);
    expect((await listLibrary(lib(), shopId, TEST_ACTOR, { state: "draft" }, {})).items).toHaveLength(3);
  });
});
