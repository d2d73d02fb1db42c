import { describe, expect, it } from "vitest";
import { chipText, sourceLabel, type PanelTag } from "./AutoTagsCard";

const tag = (t: Partial<PanelTag>): PanelTag => ({ id: "t", name: "x", label: "x", labelZh: null, source: "auto", confidence: 1, state: "accepted", facet: null, analyser: null, ...t }) as PanelTag;

describe("tag source labels", () => {
  it("names filename, folder and catalogue tags in the merchant's words", () => {
    expect(sourceLabel(tag({ source: "auto", analyser: "filename" }))).toBe("Filename");
    expect(sourceLabel(tag({ source: "auto", analyser: "folder" }))).toBe("Folder");
    expect(sourceLabel(tag({ source: "catalogue", analyser: "shopify.vendor" }))).toBe("Shopify catalogue");
    expect(sourceLabel(tag({ source: "catalogue", analyser: "amazon.product_type" }))).toBe("Amazon catalogue");
    expect(sourceLabel(tag({ source: "auto", analyser: "colour" }))).toBe("auto");
    expect(sourceLabel(tag({ source: "metadata" }))).toBe("from file");
    expect(sourceLabel(tag({ source: "user" }))).toBe("user");
  });
  it("chips show the confidence of suggested-by-software tags only", () => {
    expect(chipText(tag({ label: "sneaker", source: "auto", analyser: "filename", confidence: 0.7 }))).toBe("sneaker · Filename 70%");
    expect(chipText(tag({ label: "blue", labelZh: "蓝色", source: "auto", analyser: "colour", confidence: 0.92 }))).toBe("blue · 蓝色 · auto 92%");
    expect(chipText(tag({ label: "Acme Footwear", source: "catalogue", analyser: "shopify.vendor" }))).toBe("Acme Footwear · Shopify catalogue");
  });
});
