import { describe, expect, it } from "vitest";
import { shapeAnalyser, shapeTags } from "./shape";
import type { TagSuggestion } from "./types";

const by = (tags: TagSuggestion[]) => Object.fromEntries(tags.map((t) => [t.facet, t.value]));

describe("shape analyser", () => {
  it("reads the original size, not the preview's", async () => {
    const r = await shapeAnalyser.analyse({ data: new Uint8Array(512 * 288 * 3), width: 512, height: 288, channels: 3, originalWidth: 4096, originalHeight: 2304 });
    expect(shapeAnalyser).toMatchObject({ id: "shape", version: 1 });
    expect(by(r.tags)).toEqual({ orientation: "landscape", aspect: "16:9", size: "huge" });
  });

  it("classifies common sizes", () => {
    expect(by(shapeTags(1000, 1000))).toEqual({ orientation: "square", aspect: "1:1", size: "medium" });
    expect(by(shapeTags(1080, 1920))).toEqual({ orientation: "portrait", aspect: "9:16", size: "medium" });
    expect(by(shapeTags(1920, 1080))).toEqual({ orientation: "landscape", aspect: "16:9", size: "medium" });
    expect(by(shapeTags(1080, 1350))).toEqual({ orientation: "portrait", aspect: "4:5", size: "medium" });
    expect(by(shapeTags(3024, 4032))).toEqual({ orientation: "portrait", aspect: "3:4", size: "huge" });
    expect(by(shapeTags(6000, 4000))).toEqual({ orientation: "landscape", aspect: "3:2", size: "huge" });
    expect(by(shapeTags(2048, 2048))).toEqual({ orientation: "square", aspect: "1:1", size: "large" });
  });

  it("gives Chinese names for orientation and size", () => {
    const tags = shapeTags(1080, 1920);
    expect(tags.find((t) => t.facet === "orientation")).toMatchObject({ valueZh: "竖版", confidence: 1 });
    expect(shapeTags(1920, 1080).find((t) => t.facet === "orientation")!.valueZh).toBe("横版");
    expect(shapeTags(800, 800).find((t) => t.facet === "orientation")!.valueZh).toBe("方形");
    expect(shapeTags(800, 800).find((t) => t.facet === "size")).toMatchObject({ value: "small", valueZh: "小图" });
  });

  it("allows ~3% for square and named ratios, with less confidence off the exact ratio", () => {
    const near = shapeTags(1020, 1000);
    expect(by(near)).toMatchObject({ orientation: "square", aspect: "1:1" });
    expect(near.find((t) => t.facet === "aspect")!.confidence).toBeLessThan(1);
    expect(shapeTags(1000, 1000).find((t) => t.facet === "aspect")!.confidence).toBe(1);
    // 1.05 is neither square nor any listed ratio.
    expect(by(shapeTags(1050, 1000))).toEqual({ orientation: "landscape", size: "medium" });
    expect(by(shapeTags(2000, 1000))).toEqual({ orientation: "landscape", size: "large" });
  });

  it("puts the size thresholds at 1000 (Amazon zoom), 2000 and 4000 px on the long side", () => {
    const size = (w: number, h: number) => by(shapeTags(w, h)).size;
    expect([size(999, 500), size(500, 1000), size(1999, 1999), size(2000, 10), size(3999, 3999), size(4000, 3000)]).toEqual([
      "small", "medium", "medium", "large", "large", "huge",
    ]);
  });

  it("says nothing when the size is unknown", () => {
    expect(shapeTags(0, 100)).toEqual([]);
    expect(shapeTags(Number.NaN, 100)).toEqual([]);
  });
});
