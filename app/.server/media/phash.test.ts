import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { scene } from "../../../test/fixtures/media/generate";
import { hammingDistance, PHASH_SIZE, phashFromGrey } from "./phash";

async function phashOf(input: Buffer): Promise<string> {
  const data = await sharp(input).greyscale().resize(PHASH_SIZE, PHASH_SIZE, { fit: "fill" }).raw().toBuffer();
  return phashFromGrey(data);
}

describe("phash", () => {
  it("is 16 hex chars and stable", async () => {
    const png = await (await scene(800, 600, 7)).png().toBuffer();
    const a = await phashOf(png);
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(await phashOf(png)).toBe(a);
  });

  it("survives resize + recompression (≤ 6) and tells different images apart (> 20)", async () => {
    const original = await (await scene(1200, 900, 7)).png().toBuffer();
    const copy = await sharp(original).resize(500).jpeg({ quality: 55 }).toBuffer();
    const other = await (await scene(1200, 900, 99)).png().toBuffer();
    const [h1, h2, h3] = await Promise.all([phashOf(original), phashOf(copy), phashOf(other)]);
    expect(hammingDistance(h1, h2)).toBeLessThanOrEqual(6);
    expect(hammingDistance(h1, h3)).toBeGreaterThan(20);
  });

  it("hammingDistance counts differing bits", () => {
    expect(hammingDistance("0000000000000000", "0000000000000000")).toBe(0);
    expect(hammingDistance("0000000000000000", "ffffffffffffffff")).toBe(64);
    expect(hammingDistance("f0", "0f")).toBe(8);
    expect(() => hammingDistance("00", "000")).toThrow();
  });

  it("needs exactly 32×32 pixels", () => {
    expect(() => phashFromGrey(new Uint8Array(10))).toThrow(RangeError);
  });
});
