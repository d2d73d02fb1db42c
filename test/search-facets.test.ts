// Search facets (issue #7): Asset.facetKeys and useCount are kept by database triggers, so every write
// path — a service, a bulk updateMany, a cascade, a merge moving versions — leaves them equal to what the
// asset's rows say. Each step below writes through Prisma the way some path of the app does, then every
// asset's stored keys are compared with keys computed here in TypeScript from the rows themselves (an
// independent reading of the rules, not the SQL function the triggers call). Both databases.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Principal } from "../app/.server/governance/policy";
import { compactFacetCounts } from "../app/.server/library/search-index.repository";
import { searchAssets } from "../app/.server/library/search.service";
import type { SearchFilters } from "../app/.server/library/search";
import { DB_KINDS } from "./support/db";
import { createTestServices, createTestShop, type TestContext } from "./support/services";

describe.each(DB_KINDS)("search facet keys on %s", (kind) => {
  let t: TestContext;
  let shopId: string;
  const prisma = () => t.services.db.prisma;
  const ids: string[] = [];
  let seq = 0;

  /** The keys the rules give for one asset, from its rows. */
  async function expected(assetId: string): Promise<{ keys: string[]; uses: number }> {
    const a = await prisma().asset.findUniqueOrThrow({
      where: { id: assetId },
      include: {
        latestVersion: { include: { renditions: { where: { verdict: { not: null } }, orderBy: { createdAt: "desc" } } } },
        placements: { where: { state: { not: "withdrawn" } }, include: { listing: { include: { account: true } } } },
        tags: { where: { state: "accepted" }, include: { tag: true } },
        rights: true,
      },
    });
    const keys = new Set<string>([`kind:${a.kind}`]);
    for (const m of a.markets.length ? a.markets : ["GLOBAL"]) keys.add(`market:${m}`);
    for (const l of a.languages) keys.add(`language:${l}`);
    if (a.campaign !== null) keys.add(`campaign:${a.campaign}`);
    if (a.latestVersion) keys.add(`state:${a.latestVersion.state}`);
    for (const p of a.placements) {
      keys.add(`channel:${p.listing.account.channel}`);
      if (p.slot === "main") keys.add("slot:main");
    }
    keys.add(a.placements.length ? "usage:placed" : "usage:unplaced");
    for (const x of a.tags) keys.add(`${x.facet && ["colour", "background", "orientation"].includes(x.facet) ? x.facet : "tag"}:${x.tag.name}`);
    keys.add(`rights:${a.rights?.status ?? "none"}`);
    // The newest rendition with a verdict per channel preset decides; a channel fails if one of its fails.
    const newest = new Map<string, string>();
    for (const r of a.latestVersion?.renditions ?? []) if (!newest.has(r.presetId)) newest.set(r.presetId, r.verdict!);
    const byChannel = new Map<string, boolean>();
    for (const [preset, verdict] of newest) {
      const ch = preset.split(".")[0]!;
      if (!["shopify", "amazon", "tiktok"].includes(ch)) continue;
      byChannel.set(ch, (byChannel.get(ch) ?? false) || verdict === "fail");
    }
    for (const [ch, fail] of byChannel) keys.add(`compliance:${ch}:${fail ? "fail" : "pass"}`);
    if (byChannel.size) keys.add(`compliance:any:${[...byChannel.values()].some(Boolean) ? "fail" : "pass"}`);
    return { keys: [...keys].sort(), uses: a.placements.length };
  }

  async function expectAllExact(): Promise<void> {
    const rows = await prisma().asset.findMany({ where: { id: { in: ids } }, select: { id: true, facetKeys: true, useCount: true } });
    expect(rows).toHaveLength(ids.length);
    for (const r of rows) expect({ id: r.id, keys: [...r.facetKeys].sort(), uses: r.useCount }).toEqual({ id: r.id, ...(await expected(r.id)) });
  }

  /**
   * Without text, with no filter, one or two, counts come from FacetCount + deltas and the assets passing
   * the filters; the same search with one more filter that every asset passes (three filters: the general
   * path, or with none or one, a path already checked) counts by reading every asset. Both must agree, for an admin and for members scoped to markets.
   */
  const ALL_KINDS: NonNullable<SearchFilters["kinds"]> = ["image", "video", "audio", "document", "other"];
  const ALL_STATES: NonNullable<SearchFilters["states"]> = ["draft", "in_review", "approved", "rejected", "retired"];
  async function expectCountsExact(filters: SearchFilters = {}): Promise<void> {
    const now = new Date();
    // Filters every asset here passes (each has a kind, a latest version and a past date), added until
    // there are three — the general path that reads every asset. A kind or state filter shows its chosen
    // values at 0, so those facets are left out of the comparison when one is added.
    const facetsOf = (f: SearchFilters) => new Set(Object.keys(f).map((k) => (k === "createdFrom" || k === "createdTo" ? "created" : k)));
    const extra: SearchFilters = {};
    const stripped: string[] = [];
    for (const [key, value] of [["createdTo", new Date("2100-01-01")], ["kinds", ALL_KINDS], ["states", ALL_STATES]] as const) {
      if (facetsOf({ ...filters, ...extra }).size >= 3) break;
      if (facetsOf(filters).has(key === "createdTo" ? "created" : key)) continue;
      Object.assign(extra, { [key]: value });
      if (key !== "createdTo") stripped.push(key === "kinds" ? "kind" : "state");
    }
    for (const who of [{ role: "admin", markets: [] }, { role: "viewer", markets: ["US"] }, { role: "viewer", markets: ["CN", "DE"] }] as Principal[]) {
      const fast = await searchAssets({ prisma: prisma() }, shopId, who, { q: "", now, filters });
      const scan = await searchAssets({ prisma: prisma() }, shopId, who, { q: "", now, filters: { ...filters, ...extra } });
      const strip = (f: typeof fast.facets) => ({ ...f, ...Object.fromEntries(stripped.map((k) => [k, []])) });
      expect({ who: who.markets, filters, total: fast.total, facets: strip(fast.facets) }).toEqual({ who: who.markets, filters, total: scan.total, facets: strip(scan.facets) });
    }
  }
  async function expectBrowseExact(opts: { oneFilter?: boolean } = {}): Promise<void> {
    await expectCountsExact();
    if (opts.oneFilter) for (const f of [...ONE_FILTER, ...TWO_FILTERS]) await expectCountsExact(f);
  }
  const ONE_FILTER: SearchFilters[] = [
    { colours: ["blue"] }, { kinds: ["video"] }, { channels: ["shopify"] }, { states: ["approved"] }, { markets: ["US"] },
    { languages: ["zh"] }, { campaigns: ["spring 2027"] }, { usage: ["placed"] }, { usage: ["unplaced"] }, { rights: ["expired"] },
    { tags: ["hero"] }, { slots: ["main"] }, { compliance: [{ channel: "amazon", verdict: "pass" }] },
    { createdFrom: new Date(Date.now() - 86_400_000) }, { createdTo: new Date(Date.now() - 60_000) },
    // Several values of a facet an asset has one value of (pair counts summed over them), a campaign in another case.
    { kinds: ["image", "video"] }, { states: ["approved", "draft"] }, { rights: ["expired", "none"] }, { campaigns: ["SPRING 2027", "nope"] },
  ];
  const TWO_FILTERS: SearchFilters[] = [
    { states: ["approved"], markets: ["US"] }, { backgrounds: ["pure white"], colours: ["blue"] }, { usage: ["placed"], channels: ["shopify"] },
    { createdFrom: new Date(Date.now() - 86_400_000), tags: ["hero"] }, { kinds: ["image"], languages: ["en"] },
    { campaigns: ["spring 2027"], usage: ["placed"] }, { states: ["approved", "draft"], markets: ["US"] },
  ];

  async function makeAsset(title: string, markets: string[] = []): Promise<{ assetId: string; versionId: string; blobId: string }> {
    const db = prisma();
    const asset = await db.asset.create({ data: { shopId, title, kind: "image", markets, languages: ["en"], versionCount: 1 } });
    const blob = await db.blob.create({ data: { shopId, sha256: asset.id.replace(/-/g, "").padEnd(64, "0"), bytes: 10n, mime: "image/jpeg", storageKey: `k/${asset.id}` } });
    const v = await db.assetVersion.create({ data: { shopId, assetId: asset.id, number: 1, blobId: blob.id, state: "draft", processing: "ready", originalFilename: `${title}.jpg`, mime: "image/jpeg", bytes: 10n } });
    await db.asset.update({ where: { id: asset.id }, data: { latestVersionId: v.id } });
    ids.push(asset.id);
    return { assetId: asset.id, versionId: v.id, blobId: blob.id };
  }
  const tag = (name: string) =>
    prisma().tag.upsert({ where: { shopId_name: { shopId, name } }, create: { shopId, name, label: name }, update: {} });
  async function listing(channel: string) {
    const account = await prisma().channelAccount.create({ data: { shopId, channel, externalId: `acct-${++seq}`, name: "Store" } });
    return prisma().listing.create({ data: { shopId, accountId: account.id, externalId: `l-${seq}`, title: "Listing" } });
  }

  beforeAll(async () => {
    t = await createTestServices(kind);
    shopId = (await createTestShop(t.services)).id;
  });
  afterAll(async () => {
    await t?.close();
  });

  it("a new asset has its own keys, the latest version's state, no usage and no rights", async () => {
    const a = await makeAsset("Plain", ["US", "DE"]);
    const row = await prisma().asset.findUniqueOrThrow({ where: { id: a.assetId } });
    expect([...row.facetKeys].sort()).toEqual(["kind:image", "language:en", "market:DE", "market:US", "rights:none", "state:draft", "usage:unplaced"]);
    await expectAllExact();
  });

  it("every write to tags, placements, rights, versions, renditions and the asset keeps the keys exact", async () => {
    const db = prisma();
    const a = await makeAsset("Sneaker");
    const b = await makeAsset("Bottle", ["CN"]);
    const [blue, white, hero, green] = [await tag("blue"), await tag("pure white"), await tag("hero"), await tag("green")];

    // Tags: accepted, suggested, then accept and reject (update), bulk updateMany, delete.
    await db.assetTag.createMany({
      data: [
        { shopId, assetId: a.assetId, tagId: blue.id, source: "auto", facet: "colour", analyser: "colour", state: "accepted", confidence: 0.9 },
        { shopId, assetId: a.assetId, tagId: white.id, source: "auto", facet: "background", analyser: "background", state: "accepted", confidence: 0.9 },
        { shopId, assetId: a.assetId, tagId: green.id, source: "auto", facet: "colour", analyser: "colour", state: "suggested", confidence: 0.5 },
        { shopId, assetId: b.assetId, tagId: hero.id, source: "user", state: "accepted", confidence: 1 },
        { shopId, assetId: b.assetId, tagId: blue.id, source: "auto", facet: "colour", analyser: "colour", state: "suggested", confidence: 0.6 },
      ],
    });
    await expectAllExact();
    await db.assetTag.update({ where: { assetId_tagId: { assetId: a.assetId, tagId: green.id } }, data: { state: "accepted" } });
    await db.assetTag.update({ where: { assetId_tagId: { assetId: a.assetId, tagId: blue.id } }, data: { state: "rejected" } });
    await expectAllExact();
    await db.assetTag.updateMany({ where: { shopId, tagId: blue.id }, data: { state: "accepted" } });
    await expectAllExact();
    await db.assetTag.delete({ where: { assetId_tagId: { assetId: b.assetId, tagId: hero.id } } });
    await expectAllExact();

    // Placements: created on two channels, withdrawn, moved to another asset (a merge), deleted with their listing.
    const shop = await listing("shopify");
    const amazon = await listing("amazon");
    const p1 = await db.placement.create({ data: { shopId, assetId: a.assetId, listingId: shop.id, slot: "main", presetId: "shopify.product", state: "live" } });
    await db.placement.create({ data: { shopId, assetId: a.assetId, listingId: amazon.id, slot: "PT01", presetId: "amazon.main", state: "pending" } });
    await expectAllExact();
    expect((await db.asset.findUniqueOrThrow({ where: { id: a.assetId } })).useCount).toBe(2);
    await db.placement.update({ where: { id: p1.id }, data: { state: "withdrawn" } });
    await expectAllExact();
    await db.placement.updateMany({ where: { shopId, assetId: a.assetId }, data: { assetId: b.assetId } });
    await expectAllExact();
    expect((await db.asset.findUniqueOrThrow({ where: { id: a.assetId } })).facetKeys).toContain("usage:unplaced");
    await db.listing.delete({ where: { id: amazon.id } }); // cascades to its placement
    await expectAllExact();

    // Rights: created, expired, removed.
    await db.rights.create({ data: { shopId, assetId: a.assetId, status: "ok" } });
    await expectAllExact();
    await db.rights.updateMany({ where: { shopId }, data: { status: "expired" } });
    await expectAllExact();
    await db.rights.delete({ where: { assetId: a.assetId } });
    await expectAllExact();

    // Versions: approved; a second version becomes the latest; a version moved to another asset (merge).
    await db.assetVersion.update({ where: { id: a.versionId }, data: { state: "approved" } });
    await expectAllExact();
    const v2 = await db.assetVersion.create({ data: { shopId, assetId: a.assetId, number: 2, blobId: a.blobId, state: "in_review", processing: "ready", originalFilename: "s2.jpg", mime: "image/jpeg", bytes: 10n } });
    await expectAllExact(); // not the latest yet: still the approved one's state
    await db.asset.update({ where: { id: a.assetId }, data: { latestVersionId: v2.id, versionCount: 2 } });
    await expectAllExact();

    // Renditions of the latest version: verdicts per channel, a newer verdict for the same preset wins, delete.
    const rend = (presetId: string, verdict: string | null, recipeHash: string) =>
      db.rendition.create({ data: { shopId, versionId: v2.id, presetId, recipeHash, blobId: a.blobId, mime: "image/jpeg", width: 1, height: 1, bytes: 1, verdict } });
    const r1 = await rend("amazon.main", "fail", "r1");
    await rend("shopify.product", "pass", "r1");
    await rend("preview", "pass", "r1"); // not a channel preset
    await expectAllExact();
    await db.rendition.create({ data: { shopId, versionId: v2.id, presetId: "amazon.main", recipeHash: "r2", blobId: a.blobId, mime: "image/jpeg", width: 1, height: 1, bytes: 1, verdict: "pass", createdAt: new Date(Date.now() + 1000) } });
    await expectAllExact();
    await db.rendition.update({ where: { id: r1.id }, data: { verdict: "pass" } });
    await db.rendition.deleteMany({ where: { versionId: v2.id, presetId: "shopify.product" } });
    await expectAllExact();
    // A rendition of a version that is not the latest changes nothing, and still leaves everything exact.
    await db.rendition.create({ data: { shopId, versionId: a.versionId, presetId: "tiktok.main", recipeHash: "old", blobId: a.blobId, mime: "image/jpeg", width: 1, height: 1, bytes: 1, verdict: "fail" } });
    await expectAllExact();

    // The asset's own columns.
    await db.asset.update({ where: { id: b.assetId }, data: { markets: [], campaign: "Spring 2027", kind: "video", languages: ["zh-CN", "en"] } });
    await expectAllExact();
    await db.assetVersion.updateMany({ where: { assetId: a.assetId, number: 2 }, data: { assetId: b.assetId, number: 5 } });
    await db.asset.update({ where: { id: a.assetId }, data: { latestVersionId: a.versionId } });
    await expectAllExact();

    // Writing the keys by hand does not stick: the trigger recomputes them.
    await db.asset.update({ where: { id: a.assetId }, data: { facetKeys: ["kind:forged"], useCount: 99 } });
    await expectAllExact();
    await expectBrowseExact();
  });

  it("counts from FacetCount and its deltas (no filter, or one) equal a count of every asset, through archive, markets, deletion and compaction", async () => {
    const db = prisma();
    await expectBrowseExact();
    const us = await makeAsset("US only", ["US"]);
    const both = await makeAsset("US and DE", ["DE", "US"]);
    await makeAsset("China", ["CN"]);
    await expectBrowseExact();
    await db.asset.update({ where: { id: us.assetId }, data: { archivedAt: new Date() } }); // archived: not counted
    await db.asset.update({ where: { id: both.assetId }, data: { markets: ["CN"] } }); // moves between market sets
    await expectBrowseExact({ oneFilter: true });
    await compactFacetCounts(db);
    expect(await db.facetCountDelta.count()).toBe(0);
    await expectBrowseExact();
    await db.asset.update({ where: { id: us.assetId }, data: { archivedAt: null } });
    await db.asset.delete({ where: { id: both.assetId } });
    ids.splice(ids.indexOf(both.assetId), 1);
    await expectBrowseExact();
    await compactFacetCounts(db);
    await compactFacetCounts(db); // nothing left to fold: a no-op
    await expectBrowseExact({ oneFilter: true });
    // The counts are the shop's own: another shop's assets change nothing here.
    const other = (await createTestShop(t.services)).id;
    await db.asset.create({ data: { shopId: other, title: "Elsewhere", kind: "audio", versionCount: 0 } });
    await expectBrowseExact();
    expect((await searchAssets({ prisma: db }, shopId, { role: "admin", markets: [] }, { q: "" })).facets.kind.map((k) => k.value)).not.toContain("audio");
  });

  it("an update that changes nothing the keys read leaves the asset row alone (a publish's state changes, a confidence, a date)", async () => {
    const db = prisma();
    const a = await makeAsset("Quiet");
    const hero = await tag("hero");
    const l = await listing("tiktok");
    await db.assetTag.create({ data: { shopId, assetId: a.assetId, tagId: hero.id, source: "auto", facet: null, state: "accepted", confidence: 0.7 } });
    const p = await db.placement.create({ data: { shopId, assetId: a.assetId, listingId: l.id, slot: "main", presetId: "tiktok.main", state: "pending" } });
    await db.rights.create({ data: { shopId, assetId: a.assetId, status: "ok" } });
    const rowVersion = async () => (await db.$queryRawUnsafe<Array<{ x: string }>>(`SELECT xmin::text AS x FROM "Asset" WHERE id = $1::uuid`, a.assetId))[0]!.x;
    const before = await rowVersion();
    await db.placement.update({ where: { id: p.id }, data: { state: "syncing" } });
    await db.placement.update({ where: { id: p.id }, data: { state: "live", lastSyncedAt: new Date() } });
    await db.assetTag.update({ where: { assetId_tagId: { assetId: a.assetId, tagId: hero.id } }, data: { confidence: 0.9 } });
    await db.rights.update({ where: { assetId: a.assetId }, data: { licenceEnd: new Date(Date.now() + 86_400_000) } });
    expect(await rowVersion()).toBe(before);
    // A change the keys do read still rewrites them.
    await db.placement.update({ where: { id: p.id }, data: { state: "withdrawn" } });
    expect(await rowVersion()).not.toBe(before);
    await expectAllExact();
  });

  it("a statement that touches many assets recomputes each of them once, exactly", async () => {
    const db = prisma();
    const many = await Promise.all(Array.from({ length: 30 }, (_, i) => makeAsset(`Bulk ${i}`)));
    const hero = await tag("hero");
    await db.assetTag.createMany({ data: many.map((m) => ({ shopId, assetId: m.assetId, tagId: hero.id, source: "user", state: "accepted", confidence: 1 })) });
    await db.assetVersion.updateMany({ where: { id: { in: many.map((m) => m.versionId) } }, data: { state: "approved" } });
    await expectAllExact();
    await db.assetTag.deleteMany({ where: { shopId, tagId: hero.id } });
    await expectAllExact();
    await expectBrowseExact();
  });
});
