import { describe, expect, it } from "vitest";
import { hammingDistance } from "../../media/phash";
import { bandColumns, hamming, isPhash, phashBands, shareBand } from "./bands";

const flip = (hex: string, bits: number[]) => {
  let v = BigInt(`0x${hex}`);
  for (const b of bits) v ^= 1n << BigInt(b);
  return v.toString(16).padStart(16, "0");
};

describe("pHash bands", () => {
  it("cuts a hash into four 16-bit integers, hex order", () => {
    expect(phashBands("ffff00000000a1b2")).toEqual([0xffff, 0, 0, 0xa1b2]);
    expect(phashBands("0123456789ABCDEF")).toEqual([0x0123, 0x4567, 0x89ab, 0xcdef]);
    expect(bandColumns("0000000000000001")).toEqual({ phashB0: 0, phashB1: 0, phashB2: 0, phashB3: 1 });
  });

  it("has no bands for what is not a pHash", () => {
    for (const bad of [null, undefined, "", "abc", "g000000000000000", "0000000000000000a"]) expect(phashBands(bad)).toBeNull();
    expect(bandColumns(null)).toEqual({ phashB0: null, phashB1: null, phashB2: null, phashB3: null });
    expect(isPhash("0123456789abcdef")).toBe(true);
    expect(() => hamming("abc", "0000000000000000")).toThrow(RangeError);
  });

  it("counts differing bits, as the ingest's hammingDistance does", () => {
    expect(hamming("0000000000000000", "ffffffffffffffff")).toBe(64);
    expect(hamming("0123456789abcdef", "0123456789abcdef")).toBe(0);
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 200; i++) {
      const a = Array.from({ length: 16 }, () => Math.floor(rnd() * 16).toString(16)).join("");
      const b = Array.from({ length: 16 }, () => Math.floor(rnd() * 16).toString(16)).join("");
      expect(hamming(a, b)).toBe(hammingDistance(a, b));
    }
  });

  it("any two hashes within distance 3 share a band (pigeonhole); 4 flips in four bands may not", () => {
    const base = "8f3c00ff12e4a5d9";
    for (let i = 0; i < 64; i++)
      for (let j = i; j < 64; j += 7)
        for (let k = j; k < 64; k += 13) {
          const other = flip(base, [...new Set([i, j, k])]);
          expect(hamming(base, other)).toBeLessThanOrEqual(3);
          expect(shareBand(base, other)).toBe(true);
        }
    expect(shareBand(base, flip(base, [0, 16, 32, 48]))).toBe(false);
  });
});
