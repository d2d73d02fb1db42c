// Library search (issue #7) on both databases: Chinese text (title and OCR), typed filters over accepted
// auto tags only, exact disjunctive facet counts on a small fixture, market scopes in results and counts,
// typos by trigram, keyset pages that return every hit once, the index kept by the write paths, REST
// (auth, validation, chips) and the CLI against a server over the route.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useServices } from "../app/.server/context";
import { issueApiKey } from "../app/.server/governance/api-keys.service";
import type { Principal } from "../app/.server/governance/policy";
import { editAsset } from "../app/.server/library/assets.service";
import { decideTag } from "../app/.server/library/auto-tags.service";
import { reindexAsset, backfillSearchIndex } from "../app/.server/library/search-index.service";
import { bucketStarts, searchAssets, type SearchInput } from "../app/.server/library/search.service";
import { findFuzzyTerms, findTermWords, searchAssetRows } from "../app/.server/library/search.repository";
import { parseQuery } from "../app/.server/library/search";
import * as searchApi from "../app/routes/api.v1.search";
import { DB_KINDS } from "./support/db";
import { createTestServices, createTestShop, TEST_ADMIN, type TestContext } from "./support/services";
import { runCli, serveRoutes } from "./support/cli-harness";

const NOW = new Date("2026-03-11T10:00:00Z"); // a Wednesday
const DAY = 86_400_000;

interface Fixture {
  title: string;
  kind?: string;
  markets?: string[];
  languages?: string[];
  campaign?: string;
  description?: string;
  state?: string;
  ocr?: string;
  createdAt?: Date;
  /** [facet, value, state] auto tags; plain strings are user tags. */
  tags?: Array<string | [string, string, string]>;
  placed?: { channel: string; slot: string };
  rights?: string;
  verdict?: { presetId: string; verdict: string };
}

describe.each(DB_KINDS)("search on %s", (kind) => {
  let t: TestContext;
  let shopId: string;
  let otherShopId: string;
  const ids: Record<string, string> = {};
  const prisma = () => t.services.db.prisma;
  const search = (input: SearchInput, who: Principal = TEST_ADMIN, sid = shopId) => searchAssets({ prisma: prisma() }, sid, who, { now: NOW, ...input });
  const titles = async (input: SearchInput, who: Principal = TEST_ADMIN) => (await search(input, who)).items.map((i) => i.asset.title).sort();
  let accountSeq = 0;

  async function make(sid: string, f: Fixture): Promise<string> {
    const db = prisma();
    const asset = await db.asset.create({
      data: {
        shopId: sid, title: f.title, kind: f.kind ?? "image", markets: f.markets ?? [], languages: f.languages ?? [], campaign: f.campaign ?? null,
        description: f.description ?? "", createdAt: f.createdAt ?? new Date(NOW.getTime() - 40 * DAY), versionCount: 1,
      },
    });
    const blob = await db.blob.create({ data: { shopId: sid, sha256: asset.id.replace(/-/g, "").padEnd(64, "0"), bytes: 10n, mime: "image/jpeg", storageKey: `k/${asset.id}` } });
    const v = await db.assetVersion.create({
      data: { shopId: sid, assetId: asset.id, number: 1, blobId: blob.id, state: f.state ?? "draft", processing: "ready", originalFilename: `${f.title}.jpg`, mime: "image/jpeg", bytes: 10n, ocrText: f.ocr ?? null },
    });
    await db.asset.update({ where: { id: asset.id }, data: { latestVersionId: v.id } });
    for (const tag of f.tags ?? []) {
      const [facet, value, state] = typeof tag === "string" ? [null, tag, "accepted"] : tag;
      const row = await db.tag.upsert({ where: { shopId_name: { shopId: sid, name: value.toLowerCase() } }, create: { shopId: sid, name: value.toLowerCase(), label: value }, update: {} });
      await db.assetTag.create({ data: { shopId: sid, assetId: asset.id, tagId: row.id, source: facet ? "auto" : "user", facet, analyser: facet, state, confidence: 0.9 } });
    }
    if (f.placed) {
      const account = await db.channelAccount.create({ data: { shopId: sid, channel: f.placed.channel, externalId: `acct-${++accountSeq}`, name: "Store" } });
      const listing = await db.listing.create({ data: { shopId: sid, accountId: account.id, externalId: `l-${accountSeq}`, title: "Listing" } });
      await db.placement.create({ data: { shopId: sid, assetId: asset.id, listingId: listing.id, slot: f.placed.slot, presetId: `${f.placed.channel}.main`, state: "live" } });
    }
    if (f.rights) await db.rights.create({ data: { shopId: sid, assetId: asset.id, status: f.rights } });
    if (f.verdict)
      await db.rendition.create({ data: { shopId: sid, versionId: v.id, presetId: f.verdict.presetId, recipeHash: "base", blobId: blob.id, mime: "image/jpeg", width: 1, height: 1, bytes: 1, verdict: f.verdict.verdict } });
    await reindexAsset(db, sid, asset.id);
    return asset.id;
  }

  beforeAll(async () => {
    t = await createTestServices(kind);
    useServices(t.services);
    shopId = (await createTestShop(t.services)).id;
    otherShopId = (await createTestShop(t.services)).id;
    const fixtures: Record<string, Fixture> = {
      blueSneaker: {
        title: "Blue sneaker", markets: ["US"], languages: ["en"], campaign: "Spring 2027", state: "approved", createdAt: new Date(NOW.getTime() - 2 * 3600_000),
        tags: [["colour", "blue", "accepted"], ["background", "pure white", "accepted"], ["orientation", "square", "accepted"], "footwear"],
        placed: { channel: "amazon", slot: "main" }, rights: "ok", verdict: { presetId: "amazon.main", verdict: "fail" },
      },
      redSneaker: {
        title: "Red sneaker", markets: ["DE"], languages: ["de"], state: "draft", createdAt: new Date(NOW.getTime() - 1 * DAY),
        tags: [["colour", "red", "accepted"], ["background", "pure white", "accepted"], "footwear"], rights: "expired", verdict: { presetId: "amazon.main", verdict: "pass" },
      },
      navySneaker: {
        title: "Navy sneaker runner", state: "in_review", createdAt: new Date(NOW.getTime() - 5 * DAY),
        tags: [["colour", "blue", "accepted"], ["background", "pure white", "accepted"], ["colour", "green", "suggested"]],
        placed: { channel: "shopify", slot: "pos2" },
      },
      zhTitle: { title: "2026春季新品蓝色运动鞋", markets: ["CN"], languages: ["zh-CN"], campaign: "Spring 2027", state: "approved" },
      zhOcr: { title: "Poster A1", ocr: "全场春季新品上市 限时折扣", languages: ["zh"] },
      zhOther: { title: "春季促销横幅", markets: ["CN"] },
      chart: { title: "Size chart", kind: "document", markets: ["US", "DE"], description: "Shoe sizes for EU and US" },
    };
    for (const [name, f] of Object.entries(fixtures)) ids[name] = await make(shopId, f);
    // Another shop's asset that matches everything: never found.
    await make(otherShopId, { title: "Blue sneaker 春季新品", tags: [["colour", "blue", "accepted"], ["background", "pure white", "accepted"]] });
  });
  afterAll(async () => {
    useServices(null);
    await t?.close();
  });

  it("a Chinese query finds the Chinese title and the OCR text that contain it, not the others", async () => {
    const r = await search({ q: "春季新品" });
    expect(r.items.map((i) => i.asset.id).sort()).toEqual([ids.zhTitle, ids.zhOcr].sort());
    expect(r.total).toBe(2);
    expect(r.sort).toBe("relevance");
    // A word inside a longer Chinese run, and a substring the segmentation split.
    expect(await titles({ q: "新品" })).toEqual(["2026春季新品蓝色运动鞋", "Poster A1"]);
    expect(await titles({ q: "季新" })).toEqual(["2026春季新品蓝色运动鞋", "Poster A1"]);
    // Single characters the query's segmentation leaves (季新品 → 季 + 新品) are in the index too.
    expect(await titles({ q: "季新品" })).toEqual(["2026春季新品蓝色运动鞋", "Poster A1"]);
    expect(await titles({ q: "场" })).toEqual(["Poster A1"]);
    expect(await titles({ q: "春品" })).toEqual([]);
    // A longer term the index does not know: rows with all its bigrams, then the substring among them
    // (新品 and 品海 both in the first, but not side by side).
    await make(otherShopId, { title: "品海 新品 海报" });
    await make(otherShopId, { title: "新品海报" });
    const rows = await searchAssetRows(prisma(), otherShopId, {
      scope: null, terms: ["新品海"], fuzzy: [true], phrases: [], text: "新品海", filters: {}, sort: "newest", after: null, limit: 10, buckets: bucketStarts(NOW), tagLimit: 20, counts: false,
    });
    const found = await prisma().asset.findMany({ where: { id: { in: rows.page.map((r) => r.id) } }, select: { title: true } });
    expect(found.map((a) => a.title)).toEqual(["新品海报"]);
    // 春季新品 蓝色: 蓝色 is a colour filter, and only the other shop's asset has a blue tag with that text.
    expect(await titles({ q: "春季新品 蓝色" })).toEqual([]);
  });

  it("blue sneaker white background: accepted colour and background tags, not red, not a rejected blue", async () => {
    const r = await search({ q: "blue sneaker white background" });
    expect(r.parsed.chips.map((c) => c.key)).toEqual(["colours:blue", "backgrounds:pure white"]);
    expect(r.parsed.text).toBe("sneaker");
    expect(r.items.map((i) => i.asset.title).sort()).toEqual(["Blue sneaker", "Navy sneaker runner"]);

    // Rejecting the navy one's blue tag (through the service, which reindexes) drops it.
    const blueTag = await prisma().tag.findFirstOrThrow({ where: { shopId, name: "blue" } });
    await decideTag({ prisma: prisma() }, shopId, TEST_ADMIN, ids.navySneaker!, blueTag.id, "reject");
    expect(await titles({ q: "blue sneaker white background" })).toEqual(["Blue sneaker"]);
    // A suggested tag is no tag either.
    expect(await titles({ q: "green sneaker" })).toEqual([]);
    // Only accepted tags are in the text index: "blue" as free text (quoted) finds the title only.
    expect(await titles({ q: '"blue"' })).toEqual(["Blue sneaker"]);
  });

  it("facet counts are exact, respect the other filters and leave a facet's own selection out", async () => {
    const r = await search({ q: "" });
    expect(r.total).toBe(7);
    expect(r.sort).toBe("newest");
    expect(r.items[0]!.asset.title).toBe("Blue sneaker"); // newest first
    const f = r.facets;
    expect(f.kind).toEqual([{ value: "image", count: 6 }, { value: "document", count: 1 }]);
    expect(f.state).toEqual([{ value: "draft", count: 4 }, { value: "approved", count: 2 }, { value: "in_review", count: 1 }]);
    expect(f.market).toEqual([{ value: "CN", count: 2 }, { value: "DE", count: 2 }, { value: "GLOBAL", count: 2 }, { value: "US", count: 2 }]);
    expect(f.language).toEqual([{ value: "de", count: 1 }, { value: "en", count: 1 }, { value: "zh", count: 1 }, { value: "zh-CN", count: 1 }]);
    expect(f.campaign).toEqual([{ value: "Spring 2027", count: 2 }]);
    expect(f.channel).toEqual([{ value: "amazon", count: 1 }, { value: "shopify", count: 1 }]);
    expect(f.tag.map(({ value, count, label }) => ({ value, count, label }))).toEqual([{ value: "footwear", count: 2, label: "footwear" }]);
    expect(f.colour).toEqual([{ value: "blue", count: 1 }, { value: "red", count: 1 }]); // the navy one's blue was rejected
    expect(f.background).toEqual([{ value: "pure white", count: 3 }]);
    expect(f.orientation).toEqual([{ value: "square", count: 1 }]);
    expect(f.slot).toEqual([{ value: "main", count: 1 }]);
    expect(f.usage).toEqual([{ value: "unplaced", count: 5 }, { value: "placed", count: 2 }]);
    expect(f.rights).toEqual([{ value: "none", count: 5 }, { value: "expired", count: 1 }, { value: "ok", count: 1 }]);
    expect(f.compliance).toEqual([
      { value: "amazon:fail", count: 1 }, { value: "amazon:pass", count: 1 }, { value: "any:fail", count: 1 }, { value: "any:pass", count: 1 },
    ]);
    expect(f.created).toEqual([{ value: "today", count: 1 }, { value: "this_week", count: 2 }, { value: "this_month", count: 3 }, { value: "older", count: 4 }]);

    // Filters: footwear AND (red OR blue); the colour facet still counts both colours, the others count the hits.
    const g = await search({ q: "#footwear red blue" });
    expect(g.items.map((i) => i.asset.title).sort()).toEqual(["Blue sneaker", "Red sneaker"]);
    expect(g.total).toBe(2);
    expect(g.facets.colour).toEqual([{ value: "blue", count: 1 }, { value: "red", count: 1 }]);
    expect(g.facets.market).toEqual([{ value: "DE", count: 1 }, { value: "US", count: 1 }]);
    expect(g.facets.tag.map((x) => [x.value, x.count])).toEqual([["footwear", 2]]);
    const h = await search({ q: "sneaker", filters: { colours: ["red"], markets: ["US"] } });
    expect(h.total).toBe(0);
    expect(h.facets.market).toEqual([{ value: "DE", count: 1 }, { value: "US", count: 0 }]); // red sneakers by market; US chosen, 0
    expect(h.facets.colour).toEqual([{ value: "blue", count: 1 }, { value: "red", count: 0 }]); // US sneakers by colour
    // Other filters: state, rights, usage, channel, compliance, language (zh matches zh-CN), created.
    expect(await titles({ filters: { states: ["approved"], usage: ["unplaced"] } })).toEqual(["2026春季新品蓝色运动鞋"]);
    expect(await titles({ filters: { rights: ["none"], kinds: ["document"] } })).toEqual(["Size chart"]);
    expect(await titles({ filters: { compliance: [{ verdict: "fail", channel: "amazon" }] } })).toEqual(["Blue sneaker"]);
    expect(await titles({ filters: { compliance: [{ verdict: "pass" }] } })).toEqual(["Red sneaker"]);
    expect(await titles({ filters: { languages: ["zh"] } })).toEqual(["2026春季新品蓝色运动鞋", "Poster A1"]);
    expect(await titles({ filters: { channels: ["shopify"] } })).toEqual(["Navy sneaker runner"]);
    expect(await titles({ filters: { markets: ["GLOBAL"] } })).toEqual(["Navy sneaker runner", "Poster A1"]);
    expect(await titles({ q: "主图" })).toEqual(["Blue sneaker"]);
    expect(await titles({ q: "this week" })).toEqual(["Blue sneaker", "Red sneaker"]);
    expect(await titles({ q: "sneaker amazon" })).toEqual(["Blue sneaker"]);
  });

  it("a market-scoped member's results and counts leave out assets outside their markets", async () => {
    const us: Principal = { role: "editor", markets: ["US"] };
    const r = await search({ q: "" }, us);
    expect(r.items.map((i) => i.asset.title).sort()).toEqual(["Blue sneaker", "Navy sneaker runner", "Poster A1", "Size chart"]);
    expect(r.total).toBe(4);
    expect(r.facets.market).toEqual([{ value: "GLOBAL", count: 2 }, { value: "US", count: 2 }, { value: "DE", count: 1 }]);
    expect(r.facets.colour).toEqual([{ value: "blue", count: 1 }]); // the DE red sneaker is not counted
    expect(r.facets.rights).toEqual([{ value: "none", count: 3 }, { value: "ok", count: 1 }]);
    const zh = await search({ q: "春季新品" }, us);
    expect(zh.items.map((i) => i.asset.title)).toEqual(["Poster A1"]);
    expect(zh.total).toBe(1);
    const de = await search({ q: "sneaker" }, { role: "viewer", markets: ["DE"] });
    expect(de.items.map((i) => i.asset.title).sort()).toEqual(["Navy sneaker runner", "Red sneaker"]);
  });

  it("typos and partial words: trigram similarity and a prefix on the last term", async () => {
    expect(await titles({ q: "sneakr" })).toEqual(["Blue sneaker", "Navy sneaker runner", "Red sneaker"]);
    expect(await titles({ q: "runnr snea" })).toEqual(["Navy sneaker runner"]);
    expect(await titles({ q: "poster" })).toEqual(["Poster A1"]);
    expect(await titles({ q: "postr" })).toEqual(["Poster A1"]);
    expect(await titles({ q: "xylophone" })).toEqual([]);
    // Only a term the full-text index finds nowhere (in what the caller may see) is matched fuzzily.
    // (季新 is a bigram of the index: Chinese text is indexed by every two adjacent characters too.)
    expect(await findFuzzyTerms(prisma(), shopId, null, ["sneaker", "snea", "sneakr", "季新", "新品", "季新品"])).toEqual([false, true, true, false, false, true]);
    expect(await findFuzzyTerms(prisma(), shopId, null, ["sneaker", "snea"])).toEqual([false, false]); // the last is a prefix
    // …in the caller's markets: the only red asset is sold in DE.
    expect(await findFuzzyTerms(prisma(), shopId, ["US"], ["sneaker", "red"])).toEqual([false, true]);
    expect(await findFuzzyTerms(prisma(), shopId, ["DE"], ["sneaker", "red"])).toEqual([false, false]);
    // A typo is looked up in the shop's index words (SearchWord, kept by a trigger as assets are indexed)
    // and found through the full-text index by them — never by another shop's words.
    expect((await findTermWords(prisma(), shopId, "sneakr"))[0]).toBe("sneaker");
    expect(await findTermWords(prisma(), shopId, "postr")).toContain("poster");
    expect(await findTermWords(prisma(), shopId, "季新品")).toEqual([]); // Chinese: by its bigrams
    expect(await findTermWords(prisma(), shopId, "secretword")).toEqual([]);
    expect(await findTermWords(prisma(), otherShopId, "sneakr")).toEqual(["sneaker"]); // the other shop has its own "Blue sneaker"
    await make(otherShopId, { title: "Xylophonist portrait" });
    expect(await findTermWords(prisma(), otherShopId, "xylophonst")).toEqual(["xylophonist"]);
    expect(await findTermWords(prisma(), shopId, "xylophonst")).toEqual([]);
    // A short typo a letter off, whose word similarity to the word is under the threshold, is looked up
    // by plain trigram similarity: `chir` → chair, `wach` → watch (not chain: fewer trigrams in common).
    const short = (await createTestShop(t.services)).id;
    await make(short, { title: "Oak chair" });
    await make(short, { title: "Gold watch", description: "on a chain" });
    expect(await findTermWords(prisma(), short, "chir")).toEqual(["chair"]);
    expect(await findTermWords(prisma(), short, "wach")).toEqual(["watch"]);
    expect(await findTermWords(prisma(), short, "zzqx")).toEqual([]);
    const chir = await search({ q: "chir" }, TEST_ADMIN, short);
    expect([chir.total, chir.items.map((i) => i.asset.title), chir.corrections]).toEqual([1, ["Oak chair"], [{ term: "chir", words: ["chair"] }]]);
    // …and finds what comparing the term with every asset's text found (the way without the words).
    for (const q of ["sneakr", "runnr snea", "postr", "postr 季新品"]) {
      const parsed = parseQuery(q, NOW);
      const fuzzy = await findFuzzyTerms(prisma(), shopId, null, parsed.terms);
      const spec = { scope: null, terms: parsed.terms, fuzzy, phrases: [], text: parsed.terms.join(" "), filters: {}, sort: "newest" as const, after: null, limit: 100, buckets: bucketStarts(NOW), tagLimit: 20, counts: true };
      const alternatives = await Promise.all(parsed.terms.map((t, i) => (fuzzy[i] ? findTermWords(prisma(), shopId, t) : [])));
      expect(alternatives.some((a) => a.length), q).toBe(true);
      const viaWords = await searchAssetRows(prisma(), shopId, { ...spec, alternatives });
      const viaText = await searchAssetRows(prisma(), shopId, { ...spec, alternatives: [] });
      expect(viaWords.page.map((r) => r.id), q).toEqual(viaText.page.map((r) => r.id));
      expect(viaWords.page.length, q).toBeGreaterThan(0);
      expect(viaWords.facets.find((f) => f.facet === "total"), q).toEqual(viaText.facets.find((f) => f.facet === "total"));
    }
    // The search names the words a typo was matched through — only those the caller's assets carry.
    expect((await search({ q: "sneakr" })).corrections).toEqual([{ term: "sneakr", words: ["sneaker"] }]);
    expect((await search({ q: "sneaker" })).corrections).toEqual([]);
    // Not a long token the typo matched inside (a file name's run of words): it reads as noise.
    const third = (await createTestShop(t.services)).id;
    await make(third, { title: "Blue sneaker" });
    await make(third, { title: "sneakerblackmain" });
    const inside = await search({ q: "sneakr" }, TEST_ADMIN, third);
    expect(inside.corrections).toEqual([{ term: "sneakr", words: ["sneaker"] }]);
    expect(inside.total).toBe(2); // …yet it is found
    await make(otherShopId, { title: "Zeppelin poster", markets: ["JP"] });
    expect((await search({ q: "zeppelon" }, TEST_ADMIN, otherShopId)).corrections).toEqual([{ term: "zeppelon", words: ["zeppelin"] }]);
    const usOnly = await search({ q: "zeppelon" }, { role: "viewer", markets: ["US"] }, otherShopId);
    expect([usOnly.total, usOnly.corrections]).toEqual([0, []]);
    // Relevance: the title match ranks above a description-only match.
    const r = await search({ q: "size" });
    expect(r.items[0]!.asset.title).toBe("Size chart");
    // …and a title that is mostly the words above a longer title that also holds them.
    const fourth = (await createTestShop(t.services)).id;
    await make(fourth, { title: "Blue running sneaker, side view on a wooden floor" });
    await make(fourth, { title: "Sneaker" });
    await make(fourth, { title: "Blue sneaker" });
    await make(fourth, { title: "Lamp", description: "next to a blue sneaker" });
    const byTitle = async (q: string) => (await search({ q }, TEST_ADMIN, fourth)).items.map((i) => i.asset.title);
    expect(await byTitle("sneaker")).toEqual(["Sneaker", "Blue sneaker", "Blue running sneaker, side view on a wooden floor", "Lamp"]);
  });

  it("a word leaves the shop's typo vocabulary once no asset of the shop holds it", async () => {
    const sid = (await createTestShop(t.services)).id;
    const other = (await createTestShop(t.services)).id;
    const a = await make(sid, { title: "Lamp", description: "zeppelin shaped" });
    const b = await make(sid, { title: "Chair", description: "zeppelin print" });
    await make(other, { title: "Poster", description: "zeppelin" });
    const words = async (id = sid) => (await prisma().searchWord.findMany({ where: { shopId: id }, select: { word: true } })).map((w) => w.word);
    expect(await words()).toEqual(expect.arrayContaining(["zeppelin", "shaped", "print"]));
    const edit = (assetId: string, description: string) => editAsset({ prisma: prisma(), queue: t.services.queue }, sid, TEST_ADMIN, assetId, { description });
    await edit(a, "balloon shaped");
    expect(await words()).toEqual(expect.arrayContaining(["zeppelin", "balloon", "shaped"])); // the chair still says zeppelin
    await edit(b, "balloon print");
    expect(await words()).not.toContain("zeppelin");
    expect(await findTermWords(prisma(), sid, "zeppelon")).toEqual([]);
    expect(await findTermWords(prisma(), sid, "baloon")).toEqual(["balloon"]);
    expect((await search({ q: "zeppelon" }, TEST_ADMIN, sid)).total).toBe(0);
    // Another shop's words are its own.
    expect(await findTermWords(prisma(), other, "zeppelon")).toEqual(["zeppelin"]);
    // A word back in an asset is back in the vocabulary.
    await edit(a, "zeppelin again");
    expect(await words()).toContain("zeppelin");
    expect((await search({ q: "zeppelon" }, TEST_ADMIN, sid)).corrections).toEqual([{ term: "zeppelon", words: ["zeppelin"] }]);
  });

  it("keyset pages return every result exactly once, in every sort", async () => {
    const sid = otherShopId;
    for (let i = 0; i < 23; i++)
      await make(sid, {
        title: `Bulk sneaker ${i} ${"sneaker ".repeat(i % 4)}`, description: i % 3 ? "sneaker lace" : "",
        createdAt: new Date(NOW.getTime() - (i % 5) * DAY), // equal timestamps: the id breaks ties
        ...(i % 6 === 0 ? { placed: { channel: "amazon", slot: `pos${i}` } } : {}),
      });
    for (const sort of ["relevance", "newest", "most_used"] as const) {
      const all = await search({ q: "sneaker", sort, limit: 200 }, TEST_ADMIN, sid);
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page = await search({ q: "sneaker", sort, limit: 5, cursor }, TEST_ADMIN, sid);
        // Counted on the first page only: a later page has no total and no facets.
        expect(page.total).toBe(cursor ? null : all.total);
        if (cursor) expect(Object.values(page.facets).flat()).toEqual([]);
        seen.push(...page.items.map((i) => i.asset.id));
        cursor = page.nextCursor;
        pages++;
      } while (cursor && pages < 20);
      expect(all.total).toBe(24);
      expect(seen).toEqual(all.items.map((i) => i.asset.id));
      expect(new Set(seen).size).toBe(24);
    }
    // Asked for (the library page shows them on every page): a later page counts like the first.
    const p1 = await search({ q: "sneaker", sort: "newest", limit: 2, filters: { channels: ["amazon"] } }, TEST_ADMIN, sid);
    const p2 = await search({ q: "sneaker", sort: "newest", limit: 2, filters: { channels: ["amazon"] }, cursor: p1.nextCursor, counts: true }, TEST_ADMIN, sid);
    const p2bare = await search({ q: "sneaker", sort: "newest", limit: 2, filters: { channels: ["amazon"] }, cursor: p1.nextCursor }, TEST_ADMIN, sid);
    expect(p1.total).toBe(4);
    expect(p1.nextCursor).not.toBeNull();
    expect(p2).toMatchObject({ total: p1.total, facets: p1.facets });
    expect(p2.items.map((i) => i.asset.id)).toEqual(p2bare.items.map((i) => i.asset.id));
    expect(p2bare.total).toBeNull();
    await expect(search({ q: "sneaker", sort: "newest", cursor: "nope" }, TEST_ADMIN, sid)).rejects.toMatchObject({ kind: "validation" });
    const first = await search({ q: "sneaker", sort: "relevance", limit: 5 }, TEST_ADMIN, sid);
    await expect(search({ q: "sneaker", sort: "newest", cursor: first.nextCursor }, TEST_ADMIN, sid)).rejects.toMatchObject({ kind: "validation" });
  });

  it("the write paths keep the index: an edit is found at once; the backfill indexes rows without one", async () => {
    await editAsset({ prisma: prisma(), queue: t.services.queue }, shopId, TEST_ADMIN, ids.chart!, { title: "Size chart 新品 guide", tags: ["measurements"] });
    expect(await titles({ q: "guide" })).toEqual(["Size chart 新品 guide"]);
    expect(await titles({ q: "measurement" })).toEqual(["Size chart 新品 guide"]);
    expect((await search({ q: "新品" })).total).toBe(3);
    await editAsset({ prisma: prisma(), queue: t.services.queue }, shopId, TEST_ADMIN, ids.chart!, { title: "Size chart" });

    // A row from before the index (searchVector NULL) is found after the backfill.
    const legacy = await prisma().asset.create({ data: { shopId, title: "Legacy lookbook", kind: "image" } });
    expect(await titles({ q: "lookbook" })).toEqual([]);
    expect(await backfillSearchIndex(prisma())).toBe(1);
    expect(await titles({ q: "lookbook" })).toEqual(["Legacy lookbook"]);
    await prisma().asset.delete({ where: { id: legacy.id } });
  });

  it("created buckets follow the operator's calendar", () => {
    const b = bucketStarts(NOW, 480, 1); // 18:00 Wednesday in China
    expect(new Date(b.today).toISOString()).toBe("2026-03-10T16:00:00.000Z");
    expect(new Date(b.week).toISOString()).toBe("2026-03-08T16:00:00.000Z");
    expect(new Date(b.month).toISOString()).toBe("2026-02-28T16:00:00.000Z");
  });

  describe("REST and CLI", () => {
    let editor: string;
    let usOnly: string;
    const call = async (qs: string, key: string | null = editor) => {
      const headers: Record<string, string> = key ? { Authorization: `Bearer ${key}` } : {};
      const res = await searchApi.loader({ request: new Request(`http://x/api/v1/search${qs}`, { headers }), params: {}, context: {} } as LoaderFunctionArgs);
      return { status: res.status, body: (await res.json()) as any };
    };
    beforeAll(async () => {
      editor = (await issueApiKey(prisma(), shopId, TEST_ADMIN, "search editor", "editor")).token;
      usOnly = (await issueApiKey(prisma(), shopId, TEST_ADMIN, "US viewer", "viewer", ["US"])).token;
    });

    it("GET /api/v1/search: results, facets, chips with the query without them, filters as params or JSON", async () => {
      const q = encodeURIComponent("blue sneaker white background");
      const r = await call(`?q=${q}`);
      expect(r.status).toBe(200);
      expect(r.body.items.map((i: any) => i.title)).toEqual(["Blue sneaker"]);
      expect(r.body.items[0]).toMatchObject({ kind: "image", markets: ["US"], latestVersion: { state: "approved" } });
      expect(r.body.total).toBe(1);
      expect(r.body.parsed.chips).toEqual([
        { key: "colours:blue", label: "Colour: blue", source: "blue", query: "sneaker white background" },
        { key: "backgrounds:pure white", label: "Background: pure white", source: "white background", query: "blue sneaker" },
      ]);
      expect(r.body.facets.colour).toEqual([{ value: "blue", count: 1 }, { value: "red", count: 1 }]);
      const p = await call(`?q=sneaker&colours=red,blue&markets=DE`);
      expect(p.body.items.map((i: any) => i.title)).toEqual(["Red sneaker"]);
      const j = await call(`?q=sneaker&filters=${encodeURIComponent(JSON.stringify({ colours: ["red"] }))}&sort=newest&limit=1`);
      expect(j.body).toMatchObject({ total: 1, sort: "newest", nextCursor: null });
      expect((await call(`?compliance=amazon:fail`)).body.items.map((i: any) => i.title)).toEqual(["Blue sneaker"]);
      expect((await call(`?q=sneaker`, usOnly)).body.items.map((i: any) => i.title).sort()).toEqual(["Blue sneaker", "Navy sneaker runner"]);
      expect((await call(`?q=sneaker`, usOnly)).body.facets.market).toEqual([{ value: "GLOBAL", count: 1 }, { value: "US", count: 1 }]);
    });

    it("errors are { code, message }: no key 401, bad parameters 400", async () => {
      expect(await call("?q=x", null)).toMatchObject({ status: 401, body: { code: "unauthorized" } });
      expect(await call("?q=x", "al_0000000000_" + "A".repeat(43))).toMatchObject({ status: 401 });
      for (const qs of ["?sort=best", "?limit=0", "?limit=500", "?colours=mauve", "?filters={", `?filters=${encodeURIComponent('{"nope":1}')}`, "?cursor=zzz", "?createdFrom=yesterday", "?compliance=amazon:maybe", "?foo=1"]) {
        const r = await call(qs);
        expect([qs, r.status, r.body.code]).toEqual([qs, 400, "validation"]);
        expect(typeof r.body.message).toBe("string");
      }
    });

    it("CLI: npx assetline search prints a table and the chips, or JSON", async () => {
      const server = await serveRoutes((request) => searchApi.loader({ request, params: {}, context: {} } as LoaderFunctionArgs));
      const run = (args: string[]) => runCli(args, { url: server.url, key: editor });
      try {
        const table = await run(["search", "blue sneaker #footwear white background"]);
        expect(table.stderr).toBe("");
        expect(table.code).toBe(0);
        expect(table.stdout).toContain("1 asset");
        expect(table.stdout).toMatch(/title\s+kind\s+state\s+markets\s+tags/);
        expect(table.stdout).toMatch(/Blue sneaker\s+image\s+approved\s+US\s+.*footwear/);
        expect(table.stdout).toContain("Colour: blue");
        expect(table.stdout).toContain("Background: pure white");
        expect(table.stdout).toContain("Tag: footwear");
        const zh = await run(["search", "春季新品", "--limit", "1"]);
        expect(zh.code).toBe(0);
        expect(zh.stdout).toContain("2 assets");
        expect(zh.stdout).toContain("--cursor");
        const json = await run(["search", "sneaker", "--json", "--limit", "2"]);
        expect(json.code).toBe(0);
        const body = JSON.parse(json.stdout);
        expect(body.items).toHaveLength(2);
        expect(body.total).toBe(3);
        expect(body.facets.kind).toEqual([{ value: "image", count: 3 }]);
        const bad = await run(["search", "x", "--limit", "abc"]);
        expect(bad.code).toBe(2);
        expect(bad.stderr).toContain("--limit");
      } finally {
        await server.close();
      }
    });
  });
});
