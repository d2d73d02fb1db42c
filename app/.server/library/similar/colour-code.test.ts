import { describe, expect, it } from "vitest";
import { decodeColourHex, encodeColour } from "./colour-code";

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
