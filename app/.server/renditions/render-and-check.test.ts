// renderAndCheck on generated masters: its findings must be the ones a full measurement of the encoded
// bytes gives (what the `check` CLI would say about the delivered file), and a Fix recipe must change them.
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { buildRendition } from "./builder";
import { checkImage, type Finding } from "./checks";
import { measureImage } from "./measure";
import { PRESETS, type Preset } from "./presets";
import { renderAndCheck, verdictOf } from "./render-and-check";

/** A solid blue product of w×h centred on a canvas of the given grey. */
async function productOn(canvas: number, w: number, h: number, grey = 255): Promise<Buffer> {
  return sharp({ create: { width: canvas, height: canvas, channels: 3, background: { r: grey, g: grey, b: grey } } })
    .composite([{ input: { create: { width: w, height: h, channels: 3, background: { r: 30, g: 90, b: 160 } } }, gravity: "centre" }])
    .jpeg({ quality: 92, chromaSubsampling: "4:4:4" })
    .toBuffer();
}

const rule = (fs: Finding[], name: string) => fs.find((f) => f.rule === name);
const all = Object.values(PRESETS);

describe("renderAndCheck", () => {
  it("checks every preset's encoded output exactly as a full measurement of those bytes would", async () => {
    const master = await productOn(2400, 1500, 1100);
    const checked = await renderAndCheck(master, all);
    expect([...checked.keys()]).toEqual(all.map((p) => p.id));
    for (const p of all) {
      const c = checked.get(p.id)!;
      const full = await measureImage(c.rendition.bytes);
      expect(c.findings, p.id).toEqual(checkImage(full, p));
      expect([c.measure.width, c.measure.height, c.measure.format, c.measure.bytes, c.measure.space]).toEqual([c.rendition.width, c.rendition.height, c.rendition.format, c.rendition.bytes.length, "srgb"]);
      expect([c.measure.width, c.measure.height, c.measure.format, c.measure.space, c.measure.hasIccProfile]).toEqual([full.width, full.height, full.format, full.space, full.hasIccProfile]);
      expect(c.measure.transparentShare).toBe(0);
    }
    // Amazon MAIN reads the background and the fill: measured from the delivered JPEG.
    const main = checked.get("amazon.main")!;
    const full = await measureImage(main.rendition.bytes);
    expect([main.measure.backgroundPureWhite, main.measure.backgroundNearWhite, main.measure.fill]).toEqual([full.backgroundPureWhite, full.backgroundNearWhite, full.fill]);
    expect(main.measure.fill).toBeGreaterThanOrEqual(0.85);
    expect(rule(main.findings, "background")!.severity).toBe("info");
    // No rule reads them for the thumbnail: not measured.
    expect(Number.isNaN(checked.get("thumb")!.measure.fill)).toBe(true);
    expect(verdictOf(checked.get("thumb")!.findings)).toBe("pass");
  });

  it("builds the same renditions as buildRendition", async () => {
    const master = await productOn(1800, 900, 1200);
    const presets = [PRESETS["amazon.main"], PRESETS["tiktok.main"], PRESETS["instagram.4x5"], PRESETS.thumb];
    const checked = await renderAndCheck(master, presets);
    for (const p of presets) {
      const one = await buildRendition(master, p);
      const r = checked.get(p.id)!.rendition;
      expect([r.width, r.height, r.format, r.quality, r.recipeHash], p.id).toEqual([one.width, one.height, one.format, one.quality, one.recipeHash]);
    }
  });

  it("the pad-to-fill Fix (trim-pad recipe on a contain-white preset) turns a failing fill into a pass", async () => {
    // A contain-white preset that also requires the product to fill 85 % of the frame.
    const filled: Preset = { ...PRESETS["amazon.other"], rules: { ...PRESETS["amazon.other"].rules, minFill: 0.85 } };
    const master = await productOn(2000, 400, 300);
    const before = (await renderAndCheck(master, [filled])).get(filled.id)!;
    expect(rule(before.findings, "fill")).toMatchObject({ severity: "block", fix: "pad-to-fill" });
    expect(verdictOf(before.findings)).toBe("fail");
    const after = (await renderAndCheck(master, [filled], { recipes: { [filled.id]: { fit: "trim-pad", fillTarget: 0.9 } } })).get(filled.id)!;
    expect(after.measure.fill).toBeGreaterThanOrEqual(0.85);
    expect((await measureImage(after.rendition.bytes)).fill).toBe(after.measure.fill);
    expect(rule(after.findings, "fill")!.severity).toBe("info");
    expect(after.rendition.recipeHash).not.toBe(before.rendition.recipeHash);
  });

  it("a near-white background fails pure white on the delivered bytes; the whitening Fix passes", async () => {
    const master = await productOn(2200, 1700, 1400, 250);
    // Amazon MAIN's rules on a fit that keeps the master's own background (trim-pad would replace it).
    const main: Preset = { ...PRESETS["amazon.main"], fit: "inside" };
    const before = (await renderAndCheck(master, [main])).get(main.id)!;
    expect(rule(before.findings, "background")).toMatchObject({ severity: "block", fix: "whiten-background" });
    const after = (await renderAndCheck(master, [main], { recipes: { [main.id]: { whitenBackground: true } } })).get(main.id)!;
    expect(rule(after.findings, "background")!.severity).toBe("info");
    expect(after.measure.backgroundPureWhite).toBeGreaterThanOrEqual(0.995);
  });

  it("passes the check context on (text read from the image)", async () => {
    const master = await productOn(2000, 1700, 1300);
    const main = PRESETS["amazon.main"];
    const c = (await renderAndCheck(master, [main], { check: { imageText: "50% OFF" } })).get(main.id)!;
    expect(rule(c.findings, "text")).toMatchObject({ severity: "block" });
    expect(verdictOf(c.findings)).toBe("fail");
  });

  it("rejects a master it cannot read", async () => {
    await expect(renderAndCheck(Buffer.from("not an image"), [PRESETS.thumb])).rejects.toThrow();
  });
});

describe("verdictOf", () => {
  const f = (severity: Finding["severity"]): Finding => ({ rule: "x", severity, measured: "", required: "", message: "" });
  it("fails on any block, warns on any warning, else passes", () => {
    expect(verdictOf([])).toBe("pass");
    expect(verdictOf([f("info")])).toBe("pass");
    expect(verdictOf([f("info"), f("warn")])).toBe("warn");
    expect(verdictOf([f("warn"), f("block"), f("info")])).toBe("fail");
  });
});
