import { describe, expect, it } from "vitest";
import { colourDistance } from "../../media/analysers/colour-features";
import { coreBins, coreCells, decodeColourHex, encodeColour } from "./colour-code";

describe("colour code", () => {
  it("round-trips a 4-decimal histogram exactly", () => {
    const hist = Array.from({ length: 64 }, (_, i) => Math.round(((i * 37) % 101) / 101 * 1e4) / 1e4);
    const code = encodeColour(hist)!;
    expect(code).toHaveLength(128);
    expect(decodeColourHex(code.toString("hex"))).toEqual(hist);
    expect(decodeColourHex(code.toString("hex").toUpperCase())).toEqual(hist);
  });
  it("big-endian, value × 10,000, clamped", () => {
    const hist = new Array<number>(64).fill(0);
    hist[0] = 1;
    hist[1] = 0.0001;
    hist[2] = 7; // out of range: clamped like the SQL
    hist[3] = -1;
    expect(encodeColour(hist)!.subarray(0, 8).toString("hex")).toBe("27100001ffff0000");
  });
  it("refuses what is not a 64-bin histogram", () => {
    expect(encodeColour([0.5, 0.5])).toBeNull();
    expect(encodeColour(new Array<number>(64).fill(Number.NaN))).toBeNull();
    expect(decodeColourHex(null)).toBeNull();
    expect(decodeColourHex("00")).toBeNull();
    expect(decodeColourHex("zz".repeat(128))).toBeNull();
  });
});

describe("core colour bins", () => {
  const hist = (entries: Record<number, number>) => Array.from({ length: 64 }, (_, i) => entries[i] ?? 0);

  it("the largest bins while those before hold at most 75%", () => {
    expect(coreBins(hist({ 7: 1 }))).toEqual([7]);
    expect(coreBins(hist({ 3: 0.8, 9: 0.2 }))).toEqual([3]);
    expect(coreBins(hist({ 3: 0.5, 9: 0.5 }))).toEqual([3, 9]);
    expect(coreBins(hist({ 1: 0.4, 2: 0.36, 40: 0.24 }))).toEqual([1, 2]);
    expect(coreBins(hist({ 1: 0.4, 2: 0.35, 40: 0.25 }))).toEqual([1, 2, 40]); // 75% exactly is not more than 75%
    expect(coreBins(new Array<number>(64).fill(1 / 64))).toEqual(Array.from({ length: 49 }, (_, i) => i)); // flat: ties by bin
    expect(coreBins(hist({}))).toEqual([]);
  });

  it("a core bin's weight is its share of the histogram (× 10,000), whatever the histogram sums to", () => {
    expect(coreCells(hist({ 3: 0.8, 9: 0.2 }))).toEqual([{ bin: 3, weight: 8000, other: 9 }]);
    // Half the pixels counted, the same shares: the same cells (the colour distance compares shares too).
    expect(coreCells(hist({ 3: 0.4, 9: 0.1 }))).toEqual([{ bin: 3, weight: 8000, other: 9 }]);
    expect(coreCells(hist({ 1: 0.2, 2: 0.18, 40: 0.12 }))).toEqual([{ bin: 1, weight: 4000, other: 2 }, { bin: 2, weight: 3600, other: 1 }]);
    // Rounded in integers, half up (as the SQL colour_core_cells): 1/3 → 3333, 2/3 → 6667.
    expect(coreCells(hist({ 5: 0.0001, 6: 0.0002 }))).toEqual([{ bin: 5, weight: 3333, other: 6 }, { bin: 6, weight: 6667, other: 5 }]);
  });

  it("each cell names the histogram's largest other bin (-1 when it has one colour; ties by bin)", () => {
    expect(coreCells(hist({ 7: 1 }))).toEqual([{ bin: 7, weight: 10000, other: -1 }]);
    expect(coreCells(hist({ 48: 0.7, 62: 0.2, 3: 0.1 }))).toEqual([{ bin: 48, weight: 7000, other: 62 }, { bin: 62, weight: 2000, other: 48 }]);
    expect(coreCells(hist({ 48: 0.78, 62: 0.2, 3: 0.02 })).map((c) => c.other)).toEqual([62]);
    expect(coreCells(hist({ 10: 0.4, 20: 0.3, 30: 0.3 }))).toEqual([{ bin: 10, weight: 4000, other: 20 }, { bin: 20, weight: 3000, other: 10 }, { bin: 30, weight: 3000, other: 10 }]);
  });

  it("two histograms within colour distance 0.5 always share a core bin (seeded random pairs)", () => {
    let s = 42;
    const rnd = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
    const random = () => {
      const h = hist({});
      for (let k = 1 + Math.floor(rnd() * 6); k > 0; k--) h[Math.floor(rnd() * 64)]! += rnd();
      const sum = h.reduce((a, b) => a + b, 0);
      return h.map((x) => Math.round((x / sum) * 1e4) / 1e4);
    };
    let close = 0;
    for (let n = 0; n < 4000; n++) {
      const a = random();
      // Half the pairs are a perturbed copy, so many fall within the distance.
      const b = rnd() < 0.5 ? random() : a.map((x) => (x > 0 ? Math.round(x * (0.3 + rnd() * 1.4) * 1e4) / 1e4 : 0));
      if (colourDistance(a, b) > 0.5) continue;
      close++;
      const core = new Set(coreBins(a));
      expect(coreBins(b).some((i) => core.has(i)), JSON.stringify({ a, b })).toBe(true);
    }
    expect(close).toBeGreaterThan(1000);
  });
});
