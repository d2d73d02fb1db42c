// Search suggestions (issue #7) on both databases: lexicon filters for EN and ZH prefixes, tags by prefix
// (English name or Chinese label) with counts of the assets the caller can see, asset titles by prefix or
// substring, market scope in tags, counts and titles, another shop's tags never suggested, bad input
// (empty, long, garbage, LIKE wildcards, NUL) handled; and the REST route (auth, validation).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useServices } from "../app/.server/context";
import { issueApiKey } from "../app/.server/governance/api-keys.service";
import type { Principal } from "../app/.server/governance/policy";
import { reindexAsset } from "../app/.server/library/search-index.service";
import { actorOf } from "../app/.server/governance/members.service";
import { createMember } from "../app/.server/governance/members.repository";
import { forgetRecentSearches, rememberSearch } from "../app/.server/library/suggest/recent-searches.service";
import { RECENT_SEARCHES_KEPT } from "../app/.server/library/suggest/recent-searches.repository";
import type { Actor } from "../app/.server/library/types";
import { suggestSearch, type Suggestion, type SuggestInput } from "../app/.server/library/suggest/suggest.service";
import * as suggestApi from "../app/routes/api.v1.search.suggest";
import { DB_KINDS } from "./support/db";
import { createTestServices, createTestShop, TEST_ADMIN, type TestContext } from "./support/services";

const NOW = new Date("2026-03-11T10:00:00Z"); // a Wednesday
const US_VIEWER: Principal = { role: "viewer", markets: ["US"] };

interface Fixture {
  title: string;
  markets?: string[];
  archived?: boolean;
  /** [name, labelZh] or a plain name. */
  tags?: Array<string | [string, string]>;
}

const describeItem = (s: Suggestion) =>
  s.type === "recent"
    ? `recent ${s.query}`
    : s.type === "filter"
      ? `filter ${s.key} ${s.text}@${s.from}`
      : s.type === "tag"
        ? `tag ${s.name} ${s.count}`
        : `asset ${s.asset.title}`;

describe.each(DB_KINDS)("search suggestions on %s", (kind) => {
  let t: TestContext;
  let shopId: string;
  let otherShopId: string;
  const prisma = () => t.services.db.prisma;
  const suggest = async (input: SuggestInput | string, who: Principal = TEST_ADMIN) =>
    (await suggestSearch({ prisma: prisma() }, shopId, who, typeof input === "string" ? { q: input } : input, NOW)).items.map(describeItem);

  async function make(sid: string, f: Fixture) {
    const db = prisma();
    const asset = await db.asset.create({
      data: { shopId: sid, title: f.title, kind: "image", markets: f.markets ?? [], archivedAt: f.archived ? NOW : null },
    });
    for (const tag of f.tags ?? []) {
      const [name, labelZh] = typeof tag === "string" ? [tag, null] : tag;
      const row = await db.tag.upsert({
        where: { shopId_name: { shopId: sid, name: name.toLowerCase() } },
        create: { shopId: sid, name: name.toLowerCase(), label: name, labelZh },
        update: {},
      });
      await db.assetTag.create({ data: { shopId: sid, assetId: asset.id, tagId: row.id, source: "user" } });
    }
    await reindexAsset(db, sid, asset.id);
    return asset.id;
  }

  beforeAll(async () => {
    t = await createTestServices(kind);
    useServices(t.services);
    shopId = (await createTestShop(t.services)).id;
    otherShopId = (await createTestShop(t.services)).id;
    const fixtures: Fixture[] = [
      { title: "Sneaker runner blue", markets: ["US"], tags: ["sneakers", ["spring sale", "春季促销"], "summer"] },
      { title: "Sneaker classic", markets: ["DE"], tags: ["sneakers", "snowboard gear"] },
      { title: "Red sneaker kids", tags: ["sneakers", ["spring sale", "春季促销"]] },
      { title: "Old sneaker (archived)", archived: true, tags: ["sneakers", "snorkel"] },
      { title: "春季新品运动鞋", markets: ["CN"], tags: [["spring new", "春季新品"]] },
      { title: "Poster 春季新品 banner" },
      { title: "Summer dress", markets: ["DE"], tags: ["summer"] },
    ];
    for (const f of fixtures) await make(shopId, f);
    // Another shop: tags and titles that would match everything above.
    await make(otherShopId, { title: "Sneaker secret", tags: ["sneaky secret", ["spring other", "春季秘密"], "sneakers"] });
  });
  afterAll(async () => {
    useServices(null);
    await t?.close();
  });

  it("completes lexicon filters in English and Chinese, replacing the word being typed", async () => {
    expect((await suggest("blu"))[0]).toBe("filter colours:blue blue@0");
    expect((await suggest("amaz"))[0]).toBe("filter channels:amazon amazon@0");
    expect((await suggest("sneaker appr"))[0]).toBe("filter states:approved approved@8");
    expect((await suggest("white back"))[0]).toMatch(/^filter backgrounds:pure white white back/);
    const lastWeek = await suggestSearch({ prisma: prisma() }, shopId, TEST_ADMIN, { q: "上周" }, NOW);
    expect(lastWeek.items[0]).toMatchObject({ type: "filter", text: "上周", from: 0, label: "Created last week (2026-03-02 – 2026-03-08)", alt: "last week" });
    // Chinese without spaces: the colour at the end of the run.
    expect((await suggest("春季新品蓝"))[0]).toBe("filter colours:blue 蓝色@4");
    const blue = await suggestSearch({ prisma: prisma() }, shopId, TEST_ADMIN, { q: "blu" }, NOW);
    expect(blue.items[0]).toMatchObject({ label: "Colour: blue", alt: "蓝色" });
  });

  it("suggests tags by prefix of the name, of a later word or of the Chinese label, with counts of visible active assets", async () => {
    const sn = await suggest("sn");
    // sneakers: 3 active assets (the archived one is not counted); snowboard gear 1; snorkel is only on the archived asset.
    expect(sn.filter((s) => s.startsWith("tag"))).toEqual(["tag sneakers 3", "tag snowboard gear 1"]);
    expect((await suggest("sale")).filter((s) => s.startsWith("tag"))).toEqual(["tag spring sale 2"]);
    expect((await suggest("春季")).filter((s) => s.startsWith("tag"))).toEqual(["tag spring sale 2", "tag spring new 1"]);
    expect((await suggest("#spr")).every((s) => s.startsWith("tag"))).toBe(true);
    expect(await suggest("#spr")).toEqual(["tag spring sale 2", "tag spring new 1"]);
  });

  it("suggests titles by prefix first, then containing the word; never archived ones", async () => {
    const titles = (await suggest("sneak")).filter((s) => s.startsWith("asset"));
    expect(titles.slice(0, 2).sort()).toEqual(["asset Sneaker classic", "asset Sneaker runner blue"]);
    expect(titles).toContain("asset Red sneaker kids");
    expect(titles.join()).not.toContain("archived");
    expect((await suggest("春季新品")).filter((s) => s.startsWith("asset"))).toEqual(["asset 春季新品运动鞋", "asset Poster 春季新品 banner"]);
  });

  it("is bounded, filters first, then tags, then titles", async () => {
    const all = await suggest("s");
    expect(all.length).toBeLessThanOrEqual(8);
    const r = await suggest({ q: "sneak", limit: 2 });
    expect(r).toHaveLength(2);
    const kinds = (await suggest("sum")).map((s) => s.split(" ")[0]);
    expect(kinds).toEqual([...kinds].sort((a, b) => ["filter", "tag", "asset"].indexOf(a!) - ["filter", "tag", "asset"].indexOf(b!)));
  });

  it("keeps to the caller's markets: tags, counts and titles of other markets are not suggested", async () => {
    // US viewer: US + global assets only — the DE sneaker and the DE-only snowboard tag are out.
    expect((await suggest("sn", US_VIEWER)).filter((s) => s.startsWith("tag"))).toEqual(["tag sneakers 2"]);
    expect((await suggest("summ", US_VIEWER)).filter((s) => s.startsWith("tag"))).toEqual(["tag summer 1"]);
    const titles = (await suggest("sneak", US_VIEWER)).filter((s) => s.startsWith("asset"));
    expect(titles.sort()).toEqual(["asset Red sneaker kids", "asset Sneaker runner blue"]);
    expect(await suggest("春季新品", US_VIEWER)).not.toContain("asset 春季新品运动鞋");
  });

  it("never suggests another shop's tags or titles", async () => {
    const all = [...(await suggest("sneak")), ...(await suggest("春季")), ...(await suggest("secr"))];
    expect(all.join()).not.toMatch(/secret|sneaky|秘密|spring other/);
  });

  it("validates its input: empty, trailing space, too long, bad limit, wildcards and control characters", async () => {
    expect(await suggest("")).toEqual([]);
    expect(await suggest("   ")).toEqual([]);
    expect(await suggest("sneak ")).toEqual([]);
    await expect(suggest("x".repeat(201))).rejects.toMatchObject({ kind: "validation" });
    await expect(suggest({ q: "sn", limit: 0 })).rejects.toMatchObject({ kind: "validation" });
    await expect(suggest({ q: "sn", limit: 500 })).rejects.toMatchObject({ kind: "validation" });
    // LIKE wildcards are literal: "%%%" and "___" match nothing rather than everything.
    expect(await suggest("%%%")).toEqual([]);
    expect(await suggest("___")).toEqual([]);
    expect(await suggest("sn\u0000eak")).toEqual(await suggest("sn eak"));
    expect(await suggest("\u0000")).toEqual([]);
    expect(await suggest("💥🙃")).toEqual([]);
    expect(await suggest("'; drop table \"Tag\"; --")).toEqual([]);
  });

  describe("recent searches", () => {
    let ana: Actor;
    let ben: Actor;
    let other: Actor;
    const at = (min: number) => new Date(NOW.getTime() + min * 60_000);
    const remember = (who: Actor, q: string, min: number, sid = shopId) => rememberSearch({ prisma: prisma() }, sid, who, q, at(min));
    const recent = async (who: Principal, q = "", sid = shopId) =>
      (await suggestSearch({ prisma: prisma() }, sid, who, { q, limit: 20 }, NOW)).items.filter((s) => s.type === "recent").map((s) => (s.type === "recent" ? s.query : ""));
    beforeAll(async () => {
      ana = actorOf(await createMember(prisma(), shopId, { name: "Ana", role: "editor", markets: [], isOwner: false }));
      ben = actorOf(await createMember(prisma(), shopId, { name: "Ben", role: "viewer", markets: ["US"], isOwner: false }));
      other = actorOf(await createMember(prisma(), otherShopId, { name: "Other shop", role: "admin", markets: [], isOwner: false }));
    });

    it("an empty field suggests the member's own searches, newest first; the same text in another case is one search", async () => {
      await remember(ana, "blue sneaker white background", 1);
      await remember(ana, "春季新品 主图", 2);
      await remember(ana, "  Blue   Sneaker\tWHITE background ", 3); // spacing collapsed, case kept as typed last
      await remember(ben, "summer dress", 1);
      await remember(other, "secret sneaker", 1, otherShopId);
      expect(await recent(ana)).toEqual(["Blue Sneaker WHITE background", "春季新品 主图"]);
      expect(await recent(ben)).toEqual(["summer dress"]);
      expect(await recent(other, "", otherShopId)).toEqual(["secret sneaker"]);
      // Only the recent searches, without the word suggestions of an empty field.
      expect((await suggestSearch({ prisma: prisma() }, shopId, ana, { q: "" }, NOW)).items.map(describeItem)).toEqual([
        "recent Blue Sneaker WHITE background",
        "recent 春季新品 主图",
      ]);
      const uses = async (who: Actor, key: string) => (await prisma().recentSearch.findFirstOrThrow({ where: { memberId: who.id, queryKey: key } })).uses;
      expect(await uses(ana, "blue sneaker white background")).toBe(2);
      // Run again within a minute of its last use (a revalidation after an action, a reload): one use.
      await remember(ben, "summer dress", 1.5);
      expect(await uses(ben, "summer dress")).toBe(1);
      await remember(ben, "summer dress", 2.5);
      expect(await uses(ben, "summer dress")).toBe(2);
    });

    it("while typing, the searches the text starts come first (at most two), then the word's suggestions", async () => {
      await remember(ana, "blue mug", 4);
      await remember(ana, "blueprint poster", 5);
      const items = (await suggestSearch({ prisma: prisma() }, shopId, ana, { q: "Blu" }, NOW)).items.map(describeItem);
      expect(items.slice(0, 3)).toEqual(["recent blueprint poster", "recent blue mug", "filter colours:blue blue@0"]);
      expect(items.length).toBeLessThanOrEqual(8);
      expect(await recent(ana, "春季")).toEqual(["春季新品 主图"]);
      // The whole of a remembered search typed again suggests nothing new; nobody else's history shows.
      expect(await recent(ana, "blue mug")).toEqual([]);
      expect(await recent(ben, "blu")).toEqual([]);
      expect(await recent(other, "blu", otherShopId)).toEqual([]);
      // LIKE wildcards are literal.
      expect(await recent(ana, "%")).toEqual([]);
      expect(await recent(ana, "b_ue")).toEqual([]);
    });

    it("keeps the newest searches only; nothing is remembered for API keys, bare principals or empty text", async () => {
      for (let i = 0; i < RECENT_SEARCHES_KEPT + 5; i++) await remember(ben, `query number ${i}`, 10 + i);
      const kept = await recent(ben);
      expect(kept).toHaveLength(RECENT_SEARCHES_KEPT);
      expect(kept[0]).toBe(`query number ${RECENT_SEARCHES_KEPT + 4}`);
      expect(kept).not.toContain("summer dress");
      expect(kept).not.toContain("query number 4");
      expect(await prisma().recentSearch.count({ where: { memberId: ben.id } })).toBe(RECENT_SEARCHES_KEPT);

      const before = await prisma().recentSearch.count();
      await rememberSearch({ prisma: prisma() }, shopId, { ...ana, kind: "api_key" }, "from a key");
      await rememberSearch({ prisma: prisma() }, shopId, TEST_ADMIN, "test admin without a member row");
      await rememberSearch({ prisma: prisma() }, shopId, US_VIEWER, "bare principal");
      await remember(ana, " \u0000 \n ", 50);
      expect(await prisma().recentSearch.count()).toBe(before);
      expect(await recent(TEST_ADMIN)).toEqual([]);
    });

    it("forgets one search (any case) or the member's whole history, never another member's", async () => {
      expect(await forgetRecentSearches({ prisma: prisma() }, shopId, ana, { query: "BLUE MUG" })).toBe(1);
      expect(await recent(ana)).not.toContain("blue mug");
      expect(await recent(ana)).toContain("blueprint poster");
      await expect(forgetRecentSearches({ prisma: prisma() }, shopId, ana, { query: "x".repeat(1000) })).rejects.toMatchObject({ kind: "validation" });
      // Ana's id with another shop forgets nothing (every statement is scoped by shop).
      expect(await forgetRecentSearches({ prisma: prisma() }, otherShopId, ana, {})).toBe(0);
      expect(await forgetRecentSearches({ prisma: prisma() }, shopId, ana, {})).toBeGreaterThan(0);
      expect(await recent(ana)).toEqual([]);
      expect(await recent(ben)).toHaveLength(RECENT_SEARCHES_KEPT);
      // A removed member's history goes with them.
      await prisma().member.delete({ where: { id: ben.id } });
      expect(await prisma().recentSearch.count({ where: { memberId: ben.id } })).toBe(0);
    });
  });

  describe("GET /api/v1/search/suggest", () => {
    let viewer: string;
    const call = async (qs: string, key: string | null = viewer) => {
      const headers: Record<string, string> = key ? { Authorization: `Bearer ${key}` } : {};
      const res = await suggestApi.loader({ request: new Request(`http://x/api/v1/search/suggest${qs}`, { headers }), params: {}, context: {} } as LoaderFunctionArgs);
      return { status: res.status, body: (await res.json()) as { items?: Array<Record<string, unknown>>; code?: string; message?: string } };
    };
    beforeAll(async () => {
      viewer = (await issueApiKey(prisma(), shopId, TEST_ADMIN, "US viewer", "viewer", ["US"])).token;
    });

    it("answers the key's suggestions in its market scope", async () => {
      const r = await call(`?q=${encodeURIComponent("sn")}`);
      expect(r.status).toBe(200);
      expect(r.body.items).toEqual([{ type: "tag", name: "sneakers", label: "sneakers", labelZh: null, count: 2, from: 0 }]);
      const titles = await call(`?q=sneak&limit=3`);
      expect(titles.body.items!.filter((i) => i.type === "asset").map((i) => i.title)).toEqual(expect.arrayContaining(["Sneaker runner blue"]));
      expect(titles.body.items![0]).toHaveProperty("type");
      expect((await call(`?q=blu`)).body.items![0]).toMatchObject({ type: "filter", key: "colours:blue", label: "Colour: blue", alt: "蓝色", text: "blue", from: 0 });
      expect((await call(``)).body.items).toEqual([]);
    });

    it("errors are { code, message }: no key 401, bad parameters 400", async () => {
      expect((await call(`?q=sn`, null)).status).toBe(401);
      const long = await call(`?q=${"x".repeat(201)}`);
      expect(long).toMatchObject({ status: 400, body: { code: "validation" } });
      expect((await call(`?q=sn&limit=abc`)).status).toBe(400);
      expect((await call(`?q=sn&colour=blue`)).status).toBe(400);
    });
  });
});
