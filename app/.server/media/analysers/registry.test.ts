import { describe, expect, it } from "vitest";
import { ANALYSERS, enabledAnalysers, initialTagState } from "./registry";

describe("analyser registry", () => {
  it("has one entry per analyser id, and the configured subset keeps the registry's order", () => {
    const ids = ANALYSERS.map((a) => a.analyser.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(["colour", "background", "shape", "ocr", "vision", "safety"]));
    expect(enabledAnalysers(null)).toBe(ANALYSERS);
    expect(enabledAnalysers(["shape", "colour"]).map((a) => a.analyser.id)).toEqual(["colour", "shape"]);
    expect(() => enabledAnalysers(["colour", "clip"])).toThrow(/unknown analyser\(s\): clip/);
  });

  it("a fresh tag is accepted at its analyser's threshold, suggested below it, dropped under the minimum", () => {
    const entry = { acceptAt: 0.7, minConfidence: 0.35 };
    expect(initialTagState(entry, { facet: "object", value: "cup", confidence: 0.7 })).toBe("accepted");
    expect(initialTagState(entry, { facet: "object", value: "cup", confidence: 0.5 })).toBe("suggested");
    expect(initialTagState(entry, { facet: "object", value: "cup", confidence: 0.2 })).toBeNull();
  });
});
