import { describe, expect, it } from "vitest";
import { filenameTags, filenameTagState, folderSegments, nameTokens, splitCamel, stemOf } from "./filename-tagger";

const values = (tags: ReturnType<typeof filenameTags>) => tags.map((t) => t.value);

describe("nameTokens", () => {
  it("splits on separators, camelCase and digit boundaries and drops noise", () => {
    expect(nameTokens("Blue_Sneaker_final_v3")).toEqual(["blue", "sneaker"]);
    expect(nameTokens("RedDressSummer2026-copy (2)")).toEqual(["red", "dress", "summer"]);
    expect(nameTokens("IMG_1234")).toEqual([]);
    expect(nameTokens("DSC01234 edited")).toEqual([]);
    expect(nameTokens("mug-1000x1000-2026-03-12")).toEqual(["mug"]);
    expect(nameTokens("lamp 20260312 3f9a2b7c9d1e")).toEqual(["lamp"]);
    expect(nameTokens("HTMLBanner NEW Copy")).toEqual(["html", "banner"]);
    expect(nameTokens("Café-Tasse")).toEqual(["cafe", "tasse"]);
  });
  it("keeps words once, in order", () => {
    expect(nameTokens("scarf scarf Scarf wool")).toEqual(["scarf", "wool"]);
  });
  it("segments Chinese with jieba and drops single characters and noise", () => {
    const t = nameTokens("蓝色运动鞋_主图_副本");
    expect(t).toContain("蓝色");
    expect(t).toContain("运动鞋");
    expect(t).not.toContain("副本");
    expect(t.every((w) => [...w].length >= 2)).toBe(true);
    expect(nameTokens("春季新品Sneaker")).toEqual(expect.arrayContaining(["春季", "新品", "sneaker"]));
  });
});

describe("helpers", () => {
  it("splitCamel", () => {
    expect(splitCamel("BlueSneaker2")).toEqual(["Blue", "Sneaker", "2"]);
    expect(splitCamel("HTMLPage")).toEqual(["HTML", "Page"]);
  });
  it("stemOf drops only the extension", () => {
    expect(stemOf("a.b.jpg")).toBe("a.b");
    expect(stemOf("README")).toBe("README");
  });
  it("folderSegments", () => {
    expect(folderSegments("Spring 2026\\Amazon/")).toEqual(["Spring 2026", "Amazon"]);
    expect(folderSegments("./a/../b")).toEqual(["a", "b"]);
    expect(folderSegments(null)).toEqual([]);
  });
});

describe("filenameTags", () => {
  it("the brief's example: colour from the name, words from name and folder, no noise", () => {
    const tags = filenameTags("Blue_Sneaker_final_v3.jpg", "Spring 2026/Amazon");
    expect(values(tags)).toEqual(["blue", "sneaker", "spring", "amazon"]);
    expect(tags.find((t) => t.value === "blue")).toMatchObject({ analyser: "filename", facet: "colour", valueZh: "蓝色", confidence: 0.9 });
    expect(tags.find((t) => t.value === "sneaker")).toMatchObject({ analyser: "filename", facet: "filename", confidence: 0.7 });
    expect(tags.find((t) => t.value === "spring")).toMatchObject({ analyser: "folder", facet: "folder", confidence: 0.65 });
    expect(values(tags)).not.toContain("final");
    expect(values(tags)).not.toContain("v3");
    expect(values(tags)).not.toContain("jpg");
  });
  it("only a colour in the name is accepted; other words are suggestions", () => {
    const tags = filenameTags("Blue_Sneaker.jpg", "Spring 2026/Amazon");
    expect(tags.map((t) => [t.value, filenameTagState(t.confidence)])).toEqual([
      ["blue", "accepted"],
      ["sneaker", "suggested"],
      ["spring", "suggested"],
      ["amazon", "suggested"],
    ]);
  });
  it("a word in both the name and the folder is more certain, counted once for the filename", () => {
    const tags = filenameTags("sneaker_side.png", "Sneakers/sneaker");
    expect(tags.filter((t) => t.value === "sneaker")).toEqual([{ analyser: "filename", facet: "filename", value: "sneaker", confidence: 0.8 }]);
  });
  it("maps colour names and two-word colours, Chinese too, but not ambiguous aliases", () => {
    expect(filenameTags("navy_blue_shirt.jpg").find((t) => t.facet === "colour")).toMatchObject({ value: "navy", valueZh: "藏青色" });
    expect(filenameTags("Gray-Hoodie.jpg")[0]).toMatchObject({ facet: "colour", value: "grey" });
    expect(filenameTags("红色连衣裙.jpg").find((t) => t.facet === "colour")).toMatchObject({ value: "red", valueZh: "红色" });
    expect(filenameTags("rose_bouquet.jpg")).toEqual([
      expect.objectContaining({ value: "rose", facet: "filename" }),
      expect.objectContaining({ value: "bouquet", facet: "filename" }),
    ]);
  });
  it("a camera name says nothing", () => {
    expect(filenameTags("IMG_20260312_101500.HEIC", "DCIM/100APPLE")).toEqual([]);
    expect(filenameTags("DSC_0042.JPG")).toEqual([]);
  });
});
