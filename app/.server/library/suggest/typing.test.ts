import { describe, expect, it } from "vitest";
import { readTyping } from "./typing";
import { suggestFilters } from "./filters";

const NOW = new Date("2026-03-11T10:00:00Z");
const filters = (q: string) => suggestFilters(readTyping(q).phraseStarts, { now: NOW }, 3).map((f) => `${f.key}|${f.text}@${f.from}`);

describe("readTyping", () => {
  it("takes the last word, and nothing after a trailing space", () => {
    expect(readTyping("blue sneak").word).toEqual({ text: "sneak", from: 5 });
    expect(readTyping("blue ").word).toBeNull();
    expect(readTyping("").word).toBeNull();
  });
  it("offers the last three Latin words as phrase starts, longest first", () => {
    expect(readTyping("a b white back").phraseStarts.map((s) => s.text)).toEqual(["b white back", "white back", "back"]);
  });
  it("offers the suffixes of a Chinese run", () => {
    expect(readTyping("春季新品蓝").phraseStarts.map((s) => `${s.text}@${s.from}`)).toEqual(["春季新品蓝@0", "季新品蓝@1", "新品蓝@2", "品蓝@3", "蓝@4"]);
  });
  it("reads #tag and tag: as tag-only", () => {
    expect(readTyping("blue #foo")).toMatchObject({ word: { text: "foo", from: 5 }, tagOnly: true, phraseStarts: [] });
    expect(readTyping("tag:sne")).toMatchObject({ word: { text: "sne", from: 0 }, tagOnly: true });
  });
});

describe("suggestFilters", () => {
  it("completes English and Chinese filter words, each understood by the parser as one chip", () => {
    expect(filters("blu")[0]).toBe("colours:blue|blue@0");
    expect(filters("amaz")[0]).toBe("channels:amazon|amazon@0");
    expect(filters("sneaker in rev")[0]).toBe("states:in_review|in review@8");
    expect(filters("white back")[0]).toMatch(/^backgrounds:pure white\|white back/);
    expect(filters("春季新品蓝")[0]).toBe("colours:blue|蓝色@4");
    expect(filters("上周")[0]).toMatch(/^created:.*\|上周@0$/);
  });
  it("needs two Latin letters, and gives at most the limit, one per filter", () => {
    expect(filters("a")).toEqual([]);
    const la = filters("la");
    expect(la.length).toBeLessThanOrEqual(3);
    expect(new Set(la.map((f) => f.split("|")[0])).size).toBe(la.length);
  });
});
