import { describe, expect, it } from "vitest";
import { SearchFiltersSchema } from "./filters";
import { describeFilters, parseQuery, removeChip } from "./query";
import { indexTokens } from "./segment";

const NOW = new Date("2026-03-11T10:00:00Z"); // a Wednesday
const parse = (q: string) => parseQuery(q, NOW);

describe("the issue's examples", () => {
  it("blue sneaker white background amazon approved last week", () => {
    const p = parse("blue sneaker white background amazon approved last week");
    expect(p.filters).toEqual({
      colours: ["blue"],
      backgrounds: ["pure white"],
      channels: ["amazon"],
      states: ["approved"],
      createdFrom: new Date("2026-03-02T00:00:00Z"),
      createdTo: new Date("2026-03-09T00:00:00Z"),
    });
    expect(p.text).toBe("sneaker");
    expect(p.terms).toEqual(["sneaker"]);
    expect(p.chips.map((c) => [c.key, c.label, c.source])).toEqual([
      ["colours:blue", "Colour: blue", "blue"],
      ["backgrounds:pure white", "Background: pure white", "white background"],
      ["channels:amazon", "Channel: Amazon", "amazon"],
      ["states:approved", "State: approved", "approved"],
      ["created:last week", "Created last week (2026-03-02 – 2026-03-08)", "last week"],
    ]);
  });

  it("春季新品 蓝色 主图: blue, main slot, free text 春季新品", () => {
    const p = parse("春季新品 蓝色 主图");
    expect(p.filters).toEqual({ colours: ["blue"], slots: ["main"] });
    expect(p.text).toBe("春季新品");
    expect(p.terms).toEqual(["春季", "新品"]);
    expect(p.chips.map((c) => [c.key, c.label, c.source])).toEqual([
      ["colours:blue", "Colour: blue", "蓝色"],
      ["slots:main", "Slot: main image", "主图"],
    ]);
  });

  it("Chinese reads the same without spaces", () => {
    const spaced = parse("春季新品 蓝色 主图");
    const glued = parse("春季新品蓝色主图");
    expect(glued.filters).toEqual(spaced.filters);
    expect(glued.text).toBe(spaced.text);
    expect(glued.terms).toEqual(spaced.terms);
    expect(parse("亚马逊已审核白底图上周").filters).toEqual(parse("亚马逊 已审核 白底图 上周").filters);
  });

  it("the free text's terms are found in the index of a matching title", () => {
    const p = parse("春季新品 蓝色 主图");
    const index = new Set(indexTokens("2026春季新品蓝色运动鞋主图"));
    expect(p.terms.every((t) => index.has(t))).toBe(true);
  });
});

describe("longest match and backgrounds", () => {
  it("a colour followed by background is a background, not a colour", () => {
    expect(parse("white background").filters).toEqual({ backgrounds: ["pure white"] });
    expect(parse("白底").filters).toEqual({ backgrounds: ["pure white"] });
    expect(parse("白色背景").filters).toEqual({ backgrounds: ["pure white"] });
    expect(parse("白色 背景").filters).toEqual({ backgrounds: ["pure white"] });
    expect(parse("blue background").filters).toEqual({ backgrounds: ["solid"] });
    expect(parse("黑底").filters).toEqual({ backgrounds: ["solid"] });
  });

  it("a colour and a background in one query", () => {
    const p = parse("white sneaker on white background");
    expect(p.filters).toEqual({ colours: ["white"], backgrounds: ["pure white"] });
    expect(p.text).toBe("sneaker");
  });

  it("a 图 glued to a Chinese filter word belongs to it", () => {
    const p = parse("红色连衣裙白底图");
    expect(p.filters).toEqual({ colours: ["red"], backgrounds: ["pure white"] });
    expect(p.text).toBe("连衣裙");
    expect(p.chips[1].source).toBe("白底图");
  });

  it("multi-word phrases: navy blue, in review, tiktok shop, non-compliant for amazon", () => {
    expect(parse("navy blue").filters).toEqual({ colours: ["navy"] });
    expect(parse("in review").filters).toEqual({ states: ["in_review"] });
    expect(parse("in_review").filters).toEqual({ states: ["in_review"] });
    expect(parse("tiktok shop").filters).toEqual({ channels: ["tiktok"] });
    expect(parse("non-compliant for amazon").filters).toEqual({ compliance: [{ verdict: "fail", channel: "amazon" }] });
    expect(parse("亚马逊合规").filters).toEqual({ compliance: [{ verdict: "pass", channel: "amazon" }] });
  });
});

describe("vocabulary", () => {
  it("each facet in English and Chinese", () => {
    expect(parse("video 视频 pdf").filters.kinds).toEqual(["video", "document"]);
    expect(parse("图片").filters.kinds).toEqual(["image"]);
    expect(parse("draft 草稿 待审核 rejected retired").filters.states).toEqual(["draft", "in_review", "rejected", "retired"]);
    expect(parse("竖版 landscape 方形").filters.orientations).toEqual(["portrait", "landscape", "square"]);
    expect(parse("抖音 shopify").filters.channels).toEqual(["tiktok", "shopify"]);
    expect(parse("unused 已使用").filters.usage).toEqual(["unplaced", "placed"]);
    expect(parse("已过期 expiring soon").filters.rights).toEqual(["expired", "expiring"]);
    expect(parse("透明 scene").filters.backgrounds).toEqual(["transparent", "scene"]);
    expect(parse("英文版").filters.languages).toEqual(["en"]);
    expect(parse("hero image").filters.slots).toEqual(["main"]);
  });

  it("markets: codes in upper case, names in any case, the app's codes", () => {
    expect(parse("US DE UK EU").filters.markets).toEqual(["US", "DE", "UK", "EU"]);
    expect(parse("美国 德国 英国 日本 中国").filters.markets).toEqual(["US", "DE", "UK", "JP", "CN"]);
    expect(parse("Germany britain GB").filters.markets).toEqual(["DE", "UK"]);
    expect(parse("德国站").filters.markets).toEqual(["DE"]);
    expect(parse("全球").filters.markets).toEqual(["GLOBAL"]);
  });
});

describe("no false positives", () => {
  const plain = [
    "redwood table",
    "orangeade",
    "Amazonia rainforest",
    "bluetooth speaker",
    "whiteboard marker",
    "greyhound",
    "goldfish bowl",
    "scenery",
    "imagery",
    "draftsman",
    "tiktoker",
    "squared",
    "us about de la it in",
    "IT IN",
    "English breakfast tea",
    "蓝牙耳机",
    "口红",
    "黑科技",
    "蛋白粉",
    "金属",
    "USB cable",
  ];
  for (const q of plain)
    it(JSON.stringify(q), () => {
      const p = parse(q);
      expect(p.filters).toEqual({});
      expect(p.chips).toEqual([]);
    });
});

describe("quoted phrases stay literal", () => {
  it('"white background" shoes', () => {
    const p = parse('"white background" shoes');
    expect(p.filters).toEqual({});
    expect(p.text).toBe('"white background" shoes');
    expect(p.phrases).toEqual(["white background"]);
    expect(p.terms).toEqual(["white", "background", "shoe"]);
  });

  it("Chinese quotes, next to filters", () => {
    const p = parse("“主图” 蓝色");
    expect(p.filters).toEqual({ colours: ["blue"] });
    expect(p.text).toBe("“主图”");
    expect(p.phrases).toEqual(["主图"]);
  });

  it("an unclosed quote is punctuation", () => {
    expect(parse('"blue').filters).toEqual({ colours: ["blue"] });
  });
});

describe("fields and #tags", () => {
  it("key:value for every facet, quoted values, case kept where it matters", () => {
    const p = parse('tag:"Summer Sale" #春季新品 campaign:Spring-2026 market:jp lang:zh-CN kind:video state:in-review');
    expect(p.filters).toEqual({
      tags: ["summer sale", "春季新品"],
      campaigns: ["Spring-2026"],
      markets: ["JP"],
      languages: ["zh-CN"],
      kinds: ["video"],
      states: ["in_review"],
    });
    expect(p.text).toBe("");
  });

  it("closed facets accept the lexicon's phrases; unknown values stay text", () => {
    expect(parse("colour:蓝色 bg:white-background compliance:amazon-fail date:last-week").filters).toEqual({
      colours: ["blue"],
      backgrounds: ["pure white"],
      compliance: [{ verdict: "fail", channel: "amazon" }],
      createdFrom: new Date("2026-03-02T00:00:00Z"),
      createdTo: new Date("2026-03-09T00:00:00Z"),
    });
    const p = parse("colour:mauve kind:hologram");
    expect(p.filters).toEqual({});
    expect(p.text).toBe("colour:mauve kind:hologram");
  });

  it("a # inside a word is not a tag", () => {
    expect(parse("C#7 chord").filters).toEqual({});
  });
});

describe("free text", () => {
  it("drops stop words and dangling punctuation, keeps punctuation inside words", () => {
    expect(parse("show me the t-shirt, in blue").text).toBe("t-shirt");
    expect(parse("上周上传的蓝色主图").text).toBe("");
    expect(parse("新品蓝色连衣裙").text).toBe("新品 连衣裙");
  });

  it("folds full-width input", () => {
    const p = parse("ＢＬＵＥ　ｓｎｅａｋｅｒ");
    expect(p.filters).toEqual({ colours: ["blue"] });
    expect(p.terms).toEqual(["sneaker"]);
  });
});

describe("chips", () => {
  const queries = [
    "blue sneaker white background amazon approved last week",
    "春季新品 蓝色 主图",
    "春季新品蓝色主图",
    "red, blue; green dress",
    "abc蓝色def US 2026",
    '"white background" shoes on 白底 #summer tag:"big sale"',
    "non-compliant for amazon expired unused in review 上个月",
  ];

  it("removing a chip drops exactly its filter and keeps the free text", () => {
    for (const q of queries) {
      const before = parse(q);
      for (const chip of before.chips) {
        const q2 = removeChip(q, chip);
        const after = parse(q2);
        expect(after.chips.map((c) => c.key), `${q} − ${chip.key} → ${q2}`).toEqual(
          before.chips.map((c) => c.key).filter((k) => k !== chip.key),
        );
        expect(after.text, `${q} − ${chip.key} → ${q2}`).toBe(before.text);
      }
    }
  });

  it("removes every occurrence of a filter and tidies the input", () => {
    const p = parse("blue 蓝色 sneaker");
    expect(p.chips).toHaveLength(1);
    expect(p.chips[0].spans.map((s) => s.text)).toEqual(["blue", "蓝色"]);
    expect(removeChip("blue 蓝色 sneaker", p.chips[0])).toBe("sneaker");
    const list = parse("red, blue, green");
    expect(removeChip("red, blue, green", list.chips[0])).toBe("blue, green");
    expect(removeChip("red, blue, green", list.chips[2])).toBe("red, blue");
    expect(removeChip("abc蓝色def", parse("abc蓝色def").chips[0])).toBe("abc def");
    expect(removeChip("春季新品蓝色主图", parse("春季新品蓝色主图").chips[0])).toBe("春季新品主图");
  });

  it("falls back to the source text when the input changed since", () => {
    const chip = parse("amazon blue").chips[1];
    expect(removeChip("xx amazon blue", chip)).toBe("xx amazon");
    expect(removeChip("nothing here", chip)).toBe("nothing here");
  });
});

describe("filters at the boundary", () => {
  it("parsed filters pass the schema and survive JSON", () => {
    for (const q of ["blue sneaker white background amazon approved last week", "compliance:fail 已过期 lang:zh-CN market:de"]) {
      const f = parse(q).filters;
      expect(SearchFiltersSchema.parse(JSON.parse(JSON.stringify(f)))).toEqual(f);
    }
  });

  it("the schema rejects unknown keys, values and inverted dates", () => {
    expect(SearchFiltersSchema.safeParse({ colours: ["mauve"] }).success).toBe(false);
    expect(SearchFiltersSchema.safeParse({ colour: ["blue"] }).success).toBe(false);
    expect(SearchFiltersSchema.safeParse({ markets: ["U S"] }).success).toBe(false);
    expect(SearchFiltersSchema.safeParse({ createdFrom: "2026-03-02", createdTo: "2026-03-01" }).success).toBe(false);
    expect(SearchFiltersSchema.parse({ markets: ["us"], tags: ["Summer"] })).toEqual({ markets: ["US"], tags: ["summer"] });
  });

  it("describeFilters labels filters in English", () => {
    expect(
      describeFilters({
        colours: ["blue"],
        channels: ["tiktok"],
        states: ["in_review"],
        usage: ["unplaced"],
        rights: ["none"],
        markets: ["GLOBAL"],
        compliance: [{ verdict: "fail", channel: "amazon" }, { verdict: "pass" }],
        createdFrom: new Date("2026-03-02T00:00:00Z"),
        createdTo: new Date("2026-03-09T00:00:00Z"),
      }),
    ).toEqual([
      { key: "states:in_review", label: "State: in review" },
      { key: "markets:GLOBAL", label: "Market: global (no markets)" },
      { key: "channels:tiktok", label: "Channel: TikTok" },
      { key: "colours:blue", label: "Colour: blue" },
      { key: "usage:unplaced", label: "Usage: unused" },
      { key: "rights:none", label: "Rights: no rights recorded" },
      { key: "compliance:amazon:fail", label: "Compliance: fails Amazon" },
      { key: "compliance:any:pass", label: "Compliance: passes" },
      { key: "created", label: "Created 2026-03-02 – 2026-03-08" },
    ]);
  });
});
