import { describe, expect, it } from "vitest";
import { indexText, indexTokens, normaliseWord, queryTerms, tsQueryFor } from "./segment";

describe("indexText", () => {
  it("lower-cases Latin words, keeps digits, strips punctuation and folds full-width characters", () => {
    expect(indexText("Blue SNEAKERS, v2 — size 42!")).toBe("blue sneaker v2 size 42");
    expect(indexText("ＡＢＣ１２３　Café")).toBe("abc123 cafe");
  });

  it("indexes the parts and the joined form of hyphenated words", () => {
    expect(indexTokens("T-Shirt")).toEqual(["t", "shirt", "tshirt"]);
    expect(indexTokens("Men's")).toEqual(["men"]);
  });

  it("segments Chinese for search: words and their dictionary sub-words", () => {
    const tokens = indexTokens("春季新品连衣裙");
    expect(tokens).toEqual(expect.arrayContaining(["春季", "新品", "连衣裙", "连衣", "衣裙"]));
  });

  it("separates Chinese from Latin glued to it", () => {
    expect(indexTokens("黑色T恤amazon主图")).toEqual(["黑色", "t", "恤", "amazon", "主图"]);
  });

  it("deduplicates, keeping the first occurrence order", () => {
    expect(indexText("blue Blue BLUE 蓝色 蓝色")).toBe("blue 蓝色");
  });

  it("is empty for punctuation only", () => {
    expect(indexText(" -- !! 。，")).toBe("");
  });
});

describe("queryTerms", () => {
  it("cuts Chinese without the search-mode sub-words", () => {
    expect(queryTerms("连衣裙")).toEqual(["连衣裙"]);
    expect(queryTerms("春季新品")).toEqual(["春季", "新品"]);
  });

  it("adds the whole run when it is a dictionary word that the cut split", () => {
    // 上个月 is one dictionary word and one cut; cutForSearch adds 上个 on the index side only.
    expect(queryTerms("上个月")).toEqual(["上个月"]);
    expect(indexTokens("上个月")).toEqual(["上个", "上个月"]);
  });

  it("reads the same with and without spaces between Chinese words", () => {
    expect(queryTerms("春季新品蓝色主图")).toEqual(queryTerms("春季新品 蓝色 主图"));
  });

  it("every query token of a title is in the index of that title", () => {
    const titles = [
      "2026春季新品蓝色运动鞋白底主图",
      "Blue sneakers on white background — Amazon MAIN (v2.1)",
      "红色连衣裙 场景图 Lifestyle shots",
      "中华人民共和国国家标准 GB/T 2260-2007",
      "小米手机Redmi Note 13 Pro+ 官方旗舰店详情页",
      "Men's T-Shirt ＸＬ 纯棉短袖 男款",
      "抖音小店 TikTok Shop 竖版视频 封面",
    ];
    for (const title of titles) {
      const index = new Set(indexTokens(title));
      const missing = queryTerms(title).filter((t) => !index.has(t));
      expect(missing, title).toEqual([]);
    }
  });
});

describe("normaliseWord", () => {
  it("makes plurals singular, the same way on both sides", () => {
    expect(["sneakers", "boxes", "dresses", "berries", "watches", "shoes", "photos"].map(normaliseWord)).toEqual([
      "sneaker", "box", "dress", "berry", "watch", "shoe", "photo",
    ]);
    expect(queryTerms("Sneakers")).toEqual(indexTokens("sneaker"));
  });

  it("leaves short words, -ss/-us/-is words and words with digits alone", () => {
    expect(["bus", "glass", "status", "analysis", "gas", "ps5s", "dress"].map(normaliseWord)).toEqual([
      "bus", "glass", "status", "analysis", "gas", "ps5s", "dress",
    ]);
  });
});

describe("tsQueryFor", () => {
  it("ANDs quoted terms, escaping quotes and backslashes", () => {
    expect(tsQueryFor(["春季", "it's", "a\\b"])).toBe("'春季' & 'it''s' & 'a\\\\b'");
    expect(tsQueryFor(["blue", "snea"], { prefixLast: true })).toBe("'blue' & 'snea':*");
    expect(tsQueryFor([])).toBeNull();
  });
});
