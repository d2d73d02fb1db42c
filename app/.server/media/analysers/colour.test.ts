import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { scene } from "../../../../test/fixtures/media/generate";
import { colourAnalyser } from "./colour";
import { COLOUR_BINS, colourDistance } from "./colour-features";
import { decoded, productShot, stripes } from "./test-images";
import type { AnalyserResult } from "./types";

const analyse = async (input: Buffer): Promise<AnalyserResult> => colourAnalyser.analyse(await decoded(input));
const values = (r: AnalyserResult) => r.tags.map((t) => t.value);
const tag = (r: AnalyserResult, value: string) => r.tags.find((t) => t.value === value);
const histogram = (r: AnalyserResult): number[] => r.features!.colour!;

describe("colour analyser", () => {
  it("names the product's colour on a white packshot, not the background's", async () => {
    const r = await analyse(await productShot("#2050d0"));
    expect(colourAnalyser).toMatchObject({ id: "colour", version: 1 });
    expect(tag(r, "blue")).toMatchObject({ facet: "colour", valueZh: "蓝色" });
    expect(tag(r, "blue")!.confidence).toBeGreaterThan(0.8);
    expect(values(r)).not.toContain("red");
    expect(values(r)).not.toContain("white");
  });

  it("names both colours of a two-colour image", async () => {
    const r = await analyse(await stripes(["#d01818", "#20a030"]));
    expect(values(r)).toEqual(expect.arrayContaining(["red", "green"]));
    expect(tag(r, "green")!.valueZh).toBe("绿色");
    expect(values(r)).not.toContain("blue");
    for (const t of r.tags) expect(t.confidence).toBeGreaterThan(0.5);
  });

  it("describes a plain white image as white (nothing to cut out)", async () => {
    const white = await sharp({ create: { width: 400, height: 300, channels: 3, background: "#ffffff" } }).png().toBuffer();
    expect(values(await analyse(white))).toEqual(["white"]);
  });

  it("ignores transparent pixels of a cut-out (their RGB is black)", async () => {
    const r = await analyse(await productShot("#ff8000", { background: "none", format: "png" }));
    expect(values(r)).toContain("orange");
    expect(values(r)).not.toContain("black");
  });

  it("ignores transparent pixels that are not background (a hole inside a coloured frame)", async () => {
    const frame = `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="400"><rect x="50" y="50" width="300" height="300" fill="none" stroke="#d01818" stroke-width="100"/></svg>`;
    const r = await analyse(await sharp(Buffer.from(frame)).png().toBuffer());
    expect(values(r)).toEqual(["red"]);
  });

  it("keeps white parts inside the product: only background reached from the border is removed", async () => {
    // A black product with a big white label in its middle, on white.
    const label = `<rect x="420" y="500" width="360" height="300" fill="#ffffff"/>`;
    const r = await analyse(await productShot("#101010", { extra: label }));
    expect(values(r)).toEqual(expect.arrayContaining(["black", "white"]));
    expect(values(r)).not.toContain("grey"); // no invented edge colour
  });

  it("leaves out colours under 10% of the product", async () => {
    const spot = `<circle cx="600" cy="650" r="40" fill="#e01010"/>`; // ~3% of the bottle
    const r = await analyse(await productShot("#2050d0", { extra: spot }));
    expect(values(r)).toContain("blue");
    expect(values(r)).not.toContain("red");
  });

  it("suggests the broader name with less confidence (navy is blue too)", async () => {
    const r = await analyse(await productShot("#1a2a50"));
    expect(tag(r, "navy")).toMatchObject({ valueZh: "藏青色" });
    expect(tag(r, "blue")!.confidence).toBeLessThan(tag(r, "navy")!.confidence);
  });

  it("says nothing about a fully transparent image", async () => {
    const clear = await sharp({ create: { width: 200, height: 200, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } }).png().toBuffer();
    const r = await analyse(clear);
    expect(r.tags).toEqual([]);
    expect(histogram(r).every((v) => v === 0)).toBe(true);
  });

  it("returns a normalised 64-bin histogram, the same for the same image", async () => {
    const png = await (await scene(640, 480, 5)).png().toBuffer();
    const [a, b] = await Promise.all([analyse(png), analyse(png)]);
    expect(histogram(a)).toHaveLength(COLOUR_BINS);
    expect(histogram(a).reduce((s, v) => s + v, 0)).toBeCloseTo(1, 2);
    expect(histogram(a).every((v) => v >= 0)).toBe(true);
    expect(b).toEqual(a);
  });

  it("rejects a buffer that does not match its stated size", async () => {
    await expect(colourAnalyser.analyse({ data: new Uint8Array(10), width: 4, height: 4, channels: 3, originalWidth: 4, originalHeight: 4 })).rejects.toThrow(RangeError);
  });
});

describe("colourDistance", () => {
  it("is small for a resized, recompressed copy and large for a different-coloured image", async () => {
    const original = await (await scene(1200, 900, 7)).png().toBuffer();
    const copy = await sharp(original).resize(500).jpeg({ quality: 55 }).toBuffer();
    const other = await (await scene(1200, 900, 99)).png().toBuffer();
    const [h1, h2, h3] = (await Promise.all([original, copy, other].map(analyse))).map(histogram);
    expect(colourDistance(h1, h2)).toBeLessThan(0.1);
    expect(colourDistance(h1, h3)).toBeGreaterThan(0.3);

    const [blue, red] = (await Promise.all([productShot("#2050d0"), productShot("#d01818")].map(async (p) => analyse(await p)))).map(histogram);
    expect(colourDistance(blue, red)).toBeGreaterThan(0.8);
  });

  it("is 0 for the same histogram, symmetric, and in 0..1", () => {
    const a = Array.from({ length: COLOUR_BINS }, (_, i) => (i < 32 ? 1 / 32 : 0));
    const b = Array.from({ length: COLOUR_BINS }, (_, i) => (i >= 16 && i < 48 ? 1 / 32 : 0));
    expect(colourDistance(a, a)).toBe(0);
    expect(colourDistance(a, b)).toBeCloseTo(0.5, 6);
    expect(colourDistance(b, a)).toBeCloseTo(colourDistance(a, b), 12);
    const zeros = new Array<number>(COLOUR_BINS).fill(0);
    expect(colourDistance(zeros, zeros)).toBe(0);
    expect(colourDistance(a, zeros)).toBe(1);
  });

  it("refuses histograms of different lengths or with negative bins", () => {
    expect(() => colourDistance([1], [0.5, 0.5])).toThrow(RangeError);
    expect(() => colourDistance([1, -1], [0.5, 0.5])).toThrow(RangeError);
  });
});
