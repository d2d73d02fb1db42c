// Compliance checks on generated images whose truth is known by construction.
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { blocks, checkImage, type Finding } from "./checks";
import { measureImage, measureNeedsOf, measureRendition } from "./measure";
import { PRESETS } from "./presets";

async function product(opts: { frame?: number; fill: number; background?: number; format?: "jpeg" | "png" }) {
  const frame = opts.frame ?? 2000;
  const side = Math.round(frame * opts.fill);
  const bg = opts.background ?? 255;
  const img = sharp({ create: { width: frame, height: frame, channels: 3, background: { r: bg, g: bg, b: bg } } }).composite([
    { input: { create: { width: side, height: Math.round(side * 0.8), channels: 3, background: { r: 30, g: 90, b: 160 } } }, gravity: "centre" },
  ]);
  return opts.format === "png" ? img.png().toBuffer() : img.jpeg({ quality: 92, chromaSubsampling: "4:4:4" }).toBuffer();
}
const rule = (fs: Finding[], name: string) => fs.filter((f) => f.rule === name);

describe("Amazon MAIN checks", () => {
  it("a pure-white background passes; a 254-grey one fails with a safe whitening Fix", async () => {
    const white = checkImage(await measureImage(await product({ fill: 0.9 })), PRESETS["amazon.main"]);
    expect(rule(white, "background")[0]).toMatchObject({ severity: "info" });
    const grey = checkImage(await measureImage(await product({ fill: 0.9, background: 254 })), PRESETS["amazon.main"]);
    expect(rule(grey, "background")[0]).toMatchObject({ severity: "block", fix: "whiten-background", required: "100% pure white (RGB 255,255,255)" });
    expect(rule(grey, "background")[0]!.message).toMatch(/^Background 0\.0% pure white \(needs 100%\)\.$/);
  });

  it("a product filling 90% passes and 70% fails with a pad-to-fill Fix", async () => {
    const m90 = await measureImage(await product({ fill: 0.9 }));
    expect(m90.fill).toBeCloseTo(0.9, 2);
    expect(rule(checkImage(m90, PRESETS["amazon.main"]), "fill")[0]!.severity).toBe("info");
    const m70 = await measureImage(await product({ fill: 0.7 }));
    expect(m70.fill).toBeCloseTo(0.7, 2);
    expect(rule(checkImage(m70, PRESETS["amazon.main"]), "fill")[0]).toMatchObject({ severity: "block", fix: "pad-to-fill", measured: "70.0%" });
  });

  it("a 900 px master is too small for zoom (a warning); 1000 px and more enable zoom; under 500 px is refused", async () => {
    expect(rule(checkImage(await measureImage(await product({ frame: 900, fill: 0.9 })), PRESETS["amazon.main"]), "zoom")[0]).toMatchObject({ severity: "warn", message: "900 px is too small for zoom (needs 1000 px). Upload a larger master." });
    expect(rule(checkImage(await measureImage(await product({ frame: 1000, fill: 0.9 })), PRESETS["amazon.main"]), "zoom")[0]!.severity).toBe("info");
    expect(blocks(checkImage(await measureImage(await product({ frame: 400, fill: 0.9 })), PRESETS["amazon.main"])).map((f) => f.rule)).toContain("min_size");
  });

  it("transparency and PNG are refused for MAIN; the measured numbers come with the finding", async () => {
    const png = await sharp({ create: { width: 1200, height: 1200, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
      .composite([{ input: { create: { width: 1100, height: 1100, channels: 4, background: { r: 200, g: 20, b: 20, alpha: 1 } } }, gravity: "centre" }])
      .png()
      .toBuffer();
    const fs = checkImage(await measureImage(png), PRESETS["amazon.main"]);
    expect(blocks(fs).map((f) => f.rule).sort()).toEqual(expect.arrayContaining(["format", "transparency"]));
    expect(rule(fs, "format")[0]).toMatchObject({ measured: "PNG", required: "JPEG", fix: "reencode" });
  });

  it("text on a main image blocks once OCR read some; until then the rule says it did not check", async () => {
    const m = await measureImage(await product({ fill: 0.9 }));
    expect(rule(checkImage(m, PRESETS["amazon.main"]), "text")[0]!.severity).toBe("info");
    expect(rule(checkImage(m, PRESETS["amazon.main"], { imageText: "" }), "text")).toEqual([]);
    expect(rule(checkImage(m, PRESETS["amazon.main"], { imageText: "50% OFF" }), "text")[0]).toMatchObject({ severity: "block" });
  });
});

describe("TikTok and others", () => {
  it("TikTok main must be 1:1 and within 5 MB; bytes are reported either way", async () => {
    const wide = await sharp({ create: { width: 1200, height: 800, channels: 3, background: "#ffffff" } }).jpeg().toBuffer();
    const fs = checkImage(await measureImage(wide), PRESETS["tiktok.main"]);
    expect(rule(fs, "aspect")[0]).toMatchObject({ severity: "block", fix: "pad-to-aspect" });
    expect(rule(fs, "bytes")[0]).toMatchObject({ severity: "info", required: "≤ 5.0 MB" });
    expect(rule(checkImage({ ...(await measureImage(wide)), bytes: 6 * 1024 ** 2 }, PRESETS["tiktok.main"]), "bytes")[0]).toMatchObject({ severity: "block", message: "6.0 MB of 5.0 MB: too large." });
    // Under 1 MB the size reads in KB, not "0.0 MB".
    expect(rule(checkImage({ ...(await measureImage(wide)), bytes: 47_000 }, PRESETS["tiktok.main"]), "bytes")[0]).toMatchObject({ measured: "46 KB", message: "46 KB of 5.0 MB." });
  });

  it("a CMYK master gets a colour-space warning with a re-encode Fix", async () => {
    const cmyk = await sharp({ create: { width: 1000, height: 1000, channels: 3, background: "#3366cc" } }).toColourspace("cmyk").jpeg().toBuffer();
    expect(rule(checkImage(await measureImage(cmyk), PRESETS["shopify.product"]), "colour_space")[0]).toMatchObject({ severity: "warn", measured: "cmyk", fix: "reencode" });
  });
});

describe("Fix, measured by the same checks", () => {
  it("a product filling 70% fails; the trim-and-pad Fix brings it to ≥ 85% with a pure-white background", async () => {
    const { buildRendition } = await import("./builder");
    const before = await product({ fill: 0.7 });
    expect(rule(checkImage(await measureImage(before), PRESETS["amazon.main"]), "fill")[0]!.severity).toBe("block");
    const fixed = await buildRendition(before, PRESETS["amazon.main"], { recipe: { whitenBackground: true } });
    const after = checkImage(await measureImage(fixed.bytes), PRESETS["amazon.main"]);
    expect(rule(after, "fill")[0]!.severity).toBe("info");
    expect(rule(after, "background")[0]!.severity).toBe("info");
    expect(blocks(after)).toEqual([]);
  });
});

describe("measureRendition: only the pixel measures the rules read", () => {
  it("a measure left out (NaN) never passes a rule that reads it", async () => {
    const m = await measureRendition(await product({ fill: 0.9 }), {});
    expect([m.backgroundPureWhite, m.fill]).toEqual([NaN, NaN]);
    const fs = checkImage(m, PRESETS["amazon.main"]);
    for (const name of ["background", "fill"]) expect(rule(fs, name)[0]).toMatchObject({ severity: "block", measured: "not measured" });
    // Presets whose rules do not read them are unaffected.
    expect(blocks(checkImage(m, PRESETS["shopify.product"]))).toEqual([]);
  });

  it("gives measureImage's numbers for what it measures, and the header facts without decoding", async () => {
    const png = await sharp({ create: { width: 900, height: 700, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
      .composite([{ input: { create: { width: 500, height: 400, channels: 4, background: { r: 200, g: 20, b: 20, alpha: 1 } } }, gravity: "centre" }])
      .png()
      .toBuffer();
    for (const img of [await product({ fill: 0.7 }), await product({ fill: 0.9, background: 254 }), await product({ fill: 0.8, format: "png" }), png]) {
      const full = await measureImage(img);
      expect(await measureRendition(img, { background: true, fill: true, transparency: true })).toEqual(full);
      const header = await measureRendition(img, {});
      expect({ ...header, backgroundPureWhite: 0, backgroundNearWhite: 0, fill: 0 }).toEqual({ ...full, transparentShare: header.transparentShare, backgroundPureWhite: 0, backgroundNearWhite: 0, fill: 0 });
      // No alpha channel in the file: exactly 0 transparent without a decode; with one, left out unless asked.
      expect(header.transparentShare).toBe((await sharp(img).metadata()).hasAlpha ? NaN : 0);
    }
    expect((await measureRendition(png, { transparency: true })).transparentShare).toBeCloseTo((await measureImage(png)).transparentShare, 10);
    expect(measureNeedsOf(PRESETS["amazon.main"].rules)).toEqual({ background: true, fill: true, transparency: true });
    expect(measureNeedsOf(PRESETS.thumb.rules)).toEqual({ background: false, fill: false, transparency: false });
  });
});
