// The library page's search addresses (issue #7): which requests search, the search parameters picked out
// of the page's, and the facet/chip/sort/clear links the page renders.
import { describe, expect, it } from "vitest";
import { searchPageView, createdRange, toggleListHref } from "./search-page";
import { isSearchRequest, parseSearchQuery, searchParamsOnly } from "./search-query";
import { parseQuery } from "./search";
import { FACETS, type FacetName } from "./search.repository";
import type { FacetValue } from "./search.service";

const NOW = new Date("2026-03-11T10:00:00Z"); // a Wednesday
const u = (s: string) => new URL(`http://x${s}`);
const emptyFacets = () => Object.fromEntries(FACETS.map((f) => [f, [] as FacetValue[]])) as Record<FacetName, FacetValue[]>;

describe("search parameters on the library page", () => {
  it("searches on text or a facet parameter, not on the page's own parameters", () => {
    expect(isSearchRequest(u("/app"))).toBe(false);
    expect(isSearchRequest(u("/app?q=%20&view=list&kind=image"))).toBe(false);
    expect(isSearchRequest(u("/app?q=sneaker"))).toBe(true);
    expect(isSearchRequest(u("/app?colours=blue"))).toBe(true);
    expect(isSearchRequest(u("/app?compliance=amazon:fail"))).toBe(true);
    expect(isSearchRequest(u("/app?createdFrom=2026-03-01"))).toBe(true);
  });

  it("keeps only what the REST parser reads, so the page's parameters do not trip its strict schema", () => {
    const url = u("/app?q=sneaker&view=list&kind=image&colours=blue,red&markets=de&compliance=fail&sort=newest&cursor=abc");
    expect([...searchParamsOnly(url).searchParams.keys()]).toEqual(["q", "colours", "markets", "compliance", "sort", "cursor"]);
    expect(() => parseSearchQuery(url)).toThrow(); // view/kind are not search parameters
    const parsed = parseSearchQuery(searchParamsOnly(url));
    expect(parsed).toMatchObject({ q: "sneaker", sort: "newest", cursor: "abc" });
    expect(parsed.filters).toEqual({ colours: ["blue", "red"], markets: ["DE"], compliance: [{ verdict: "fail" }] });
  });
});

describe("searchPageView", () => {
  it("links each facet value to the address with it added or removed, without the cursor", () => {
    const facets = emptyFacets();
    facets.colour = [
      { value: "blue", count: 3 },
      { value: "red", count: 1 },
    ];
    facets.compliance = [
      { value: "any:fail", count: 2 },
      { value: "amazon:pass", count: 1 },
    ];
    facets.tag = [{ value: "sneaker", count: 4, label: "Sneaker", labelZh: "运动鞋" }];
    const url = u("/app?q=sneaker&colours=blue&view=list&cursor=abc");
    const v = searchPageView(url, { total: 3, sort: "relevance", facets, parsed: parseQuery("sneaker", NOW) }, NOW);
    expect(v.corrections).toEqual([]);
    const typo = searchPageView(url, { total: 3, sort: "relevance", facets, parsed: parseQuery("sneakr runr", NOW), corrections: [{ term: "sneakr", words: ["sneaker", "sneakers"] }, { term: "runr", words: ["runner", "sneaker"] }] }, NOW);
    expect(typo.corrections).toEqual(["sneaker", "sneakers", "runner"]);

    const colour = v.facets.find((g) => g.facet === "colour")!;
    expect(colour.values.map((x) => [x.label, x.count, x.selected])).toEqual([
      ["Blue · 蓝色", 3, true],
      ["Red · 红色", 1, false],
    ]);
    expect(colour.values[0]!.href).toBe("/app?q=sneaker&view=list"); // removes blue
    expect(colour.values[1]!.href).toBe("/app?q=sneaker&view=list&colours=blue%2Cred"); // adds red
    const compliance = v.facets.find((g) => g.facet === "compliance")!;
    expect(compliance.values.map((x) => [x.label, x.href])).toEqual([
      ["Fails any channel", "/app?q=sneaker&colours=blue&view=list&compliance=fail"],
      ["Passes Amazon", "/app?q=sneaker&colours=blue&view=list&compliance=amazon%3Apass"],
    ]);
    expect(v.facets.find((g) => g.facet === "tag")!.values[0]!.label).toBe("Sneaker · 运动鞋");
    // The chosen value is a chip too; facets without values are left out.
    expect(v.chips).toEqual([{ key: "colours:blue", label: "Colour: Blue · 蓝色", href: "/app?q=sneaker&view=list" }]);
    expect(v.facets.map((g) => g.facet)).toEqual(["colour", "compliance", "tag"]);
    expect(v.sorts.map((s) => s.href)).toEqual([
      "/app?q=sneaker&colours=blue&view=list&sort=relevance",
      "/app?q=sneaker&colours=blue&view=list&sort=newest",
      "/app?q=sneaker&colours=blue&view=list&sort=most_used",
    ]);
    expect(v.clearHref).toBe("/app?view=list");
  });

  it("gives each understood chip the address of the query without it", () => {
    const q = "blue sneaker photos";
    const v = searchPageView(
      u(`/app?q=${encodeURIComponent(q)}`),
      { total: 1, sort: "relevance", facets: emptyFacets(), parsed: parseQuery(q, NOW) },
      NOW
    );
    const byKey = Object.fromEntries(v.chips.map((c) => [c.key, new URL(`http://x${c.href}`).searchParams.get("q")]));
    expect(byKey).toEqual({ "colours:blue": "sneaker photos", "kinds:image": "blue sneaker" });
  });

  it("turns the created buckets into a createdFrom/createdTo range", () => {
    expect(createdRange("today", NOW)).toEqual({ createdFrom: "2026-03-11T00:00:00.000Z" });
    expect(createdRange("this_week", NOW)).toEqual({ createdFrom: "2026-03-09T00:00:00.000Z" });
    expect(createdRange("older", NOW)).toEqual({ createdTo: "2026-03-01T00:00:00.000Z" });
    const facets = emptyFacets();
    facets.created = [
      { value: "today", count: 1 },
      { value: "older", count: 5 },
    ];
    const url = u("/app?createdFrom=2026-03-11T00%3A00%3A00.000Z");
    const [today, older] = searchPageView(url, { total: 1, sort: "newest", facets, parsed: parseQuery("", NOW) }, NOW).facets[0]!.values;
    expect(today).toMatchObject({ label: "Today", selected: true, href: "/app" });
    expect(older).toMatchObject({ label: "Older", selected: false, href: "/app?createdTo=2026-03-01T00%3A00%3A00.000Z" });
    // And the REST parser reads them back.
    expect(parseSearchQuery(new URL(`http://x${older!.href}`)).filters).toEqual({ createdTo: new Date("2026-03-01T00:00:00.000Z") });
  });

  it("toggles values case-insensitively across repeated parameters", () => {
    expect(toggleListHref(u("/app?markets=us&markets=DE"), "markets", "US")).toBe("/app?markets=DE");
    expect(toggleListHref(u("/app?compliance=any:fail"), "compliance", "fail")).toBe("/app");
  });
});
