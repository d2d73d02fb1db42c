// Builder tests: every image is generated with sharp here (no fixtures), and fill/white are measured
// from decoded pixels rather than trusted from the builder's own numbers.
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { buildFromPixels, buildRendition, buildRenditions, computeRecipeHash, findTrimBox } from "./builder";
import { measureImage } from "./measure";
import { PRESETS, type Preset } from "./presets";

interface Pixels {
  data: Buffer;
  width: number;
  height: number;
  channels: number;
}

async function decode(bytes: Buffer): Promise<Pixels> {
  const { data, info } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels };
}

function px(p: Pixels, x: number, y: number): number[] {
  const o = (y * p.width + x) * p.channels;
  return Array.from(p.data.subarray(o, o + Math.min(3, p.channels)));
}

/** Every pixel of the four outermost rows/columns is exactly 255,255,255. */
function edgesPureWhite(p: Pixels): boolean {
  const check = (x: number, y: number) => px(p, x, y).every((v) => v === 255);
  for (let x = 0; x < p.width; x++) if (!check(x, 0) || !check(x, p.height - 1)) return false;
  for (let y = 0; y < p.height; y++) if (!check(0, y) || !check(p.width - 1, y)) return false;
  return true;
}

/** Bounding box of non-white pixels: its longer side over the frame's side (the channel's "fill"). */
function fill(p: Pixels): number {
  let minX = p.width, minY = p.height, maxX = -1, maxY = -1;
  for (let y = 0; y < p.height; y++)
    for (let x = 0; x < p.width; x++) {
      if (px(p, x, y).every((v) => v === 255)) continue;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
  if (maxX < 0) return 0;
  return Math.max((maxX - minX + 1) / p.width, (maxY - minY + 1) / p.height);
}

/** Smooth, non-white, photo-like content: low-res noise blown up, so it has structure but no flat areas. */
async function photo(width: number, height: number): Promise<Buffer> {
  const small = await sharp({ create: { width: Math.ceil(width / 10), height: Math.ceil(height / 10), channels: 3, background: "#000", noise: { type: "gaussian", mean: 110, sigma: 50 } } })
    .png()
    .toBuffer();
  return sharp(small).resize(width, height, { fit: "fill" }).jpeg({ quality: 90 }).toBuffer();
}

/** A solid coloured "product" of w×h centred on a white canvas. */
async function productOnWhite(canvasW: number, canvasH: number, w: number, h: number, background = { r: 255, g: 255, b: 255 }): Promise<Buffer> {
  const product = await sharp({ create: { width: w, height: h, channels: 3, background: { r: 30, g: 90, b: 160 } } }).png().toBuffer();
  return sharp({ create: { width: canvasW, height: canvasH, channels: 3, background } })
    .composite([{ input: product, left: Math.floor((canvasW - w) / 2), top: Math.floor((canvasH - h) / 2) }])
    .png()
    .toBuffer();
}

const preset = (base: Preset, patch: Partial<Preset>): Preset => ({ ...base, ...patch, rules: { ...base.rules, ...(patch.rules ?? {}) } });

describe("buildRendition — trim-pad (amazon.main)", () => {
  it("turns a 3000×2000 photo into a 2000² JPEG with pure-white edges and fill ≥ 0.85", async () => {
    const r = await buildRendition(await photo(3000, 2000), PRESETS["amazon.main"]);
    expect([r.width, r.height, r.format, r.upscaled]).toEqual([2000, 2000, "jpeg", false]);
    expect(r.bytes.length).toBeLessThanOrEqual(PRESETS["amazon.main"].rules.maxBytes!);
    const p = await decode(r.bytes);
    expect([p.width, p.height]).toEqual([2000, 2000]);
    expect(edgesPureWhite(p)).toBe(true);
    expect(fill(p)).toBeGreaterThanOrEqual(0.85);
    const meta = await sharp(r.bytes).metadata();
    expect(meta.format).toBe("jpeg");
    expect(meta.space).toBe("srgb");
    expect(meta.icc).toBeDefined();
    expect(meta.exif).toBeUndefined();
  });

  it("brings a product filling 70 % of a white 2000² canvas to ≥ 0.85", async () => {
    const master = await productOnWhite(2000, 2000, 1400, 1000);
    expect(fill(await decode(master))).toBeCloseTo(0.7, 2);
    const r = await buildRendition(master, PRESETS["amazon.main"]);
    const p = await decode(r.bytes);
    // 0.88 of a 2000 frame would need the 1400 px product enlarged 1.26× (maxUpscale is 1), so the
    // frame shrinks to 1400 / 0.88 ≈ 1591 instead: same product pixels, fill met, still above zoom size.
    expect(r.upscaled).toBe(false);
    expect([p.width, p.height]).toEqual([1591, 1591]);
    expect(fill(p)).toBeGreaterThanOrEqual(0.85);
    expect(fill(p)).toBeLessThan(0.92);
    expect(edgesPureWhite(p)).toBe(true);
  });

  it("honours an explicit fillTarget", async () => {
    const master = await productOnWhite(2000, 2000, 1000, 1000);
    const r = await buildRendition(master, PRESETS["amazon.main"], { fillTarget: 0.95 });
    expect(fill(await decode(r.bytes))).toBeGreaterThanOrEqual(0.94);
  });

  it("never upscales a 900×900 master: 900×900 out, upscaled false", async () => {
    const r = await buildRendition(await photo(900, 900), PRESETS["amazon.main"]);
    expect([r.width, r.height, r.upscaled]).toEqual([900, 900, false]);
    const p = await decode(r.bytes);
    expect(edgesPureWhite(p)).toBe(true);
    expect(fill(p)).toBeGreaterThanOrEqual(0.85);
  });

  it("shrinks the frame rather than enlarging a small product, so fill still holds", async () => {
    // 600 px product in a 900 master: a 900 frame would need 1.3× enlargement to reach 0.88.
    const r = await buildRendition(await productOnWhite(900, 900, 600, 400), PRESETS["amazon.main"]);
    expect(r.upscaled).toBe(false);
    expect(r.width).toBe(r.height);
    expect(r.width).toBeLessThanOrEqual(900);
    expect(fill(await decode(r.bytes))).toBeGreaterThanOrEqual(0.85);
  });
});

describe("buildRendition — other fits", () => {
  it("contain-white: 1200×600 into a 1000² box gives 1000×1000 with white bars", async () => {
    const box = preset(PRESETS["tiktok.main"], { width: 1000, height: 1000 });
    const r = await buildRendition(await photo(1200, 600), box);
    expect([r.width, r.height]).toEqual([1000, 1000]);
    const p = await decode(r.bytes);
    // Bars of ~250 px above and below; the middle row is photo.
    for (const y of [0, 100, 240, 760, 900, 999]) for (const x of [0, 500, 999]) expect(px(p, x, y)).toEqual([255, 255, 255]);
    expect(px(p, 500, 500).every((v) => v === 255)).toBe(false);
  });

  it("contain-white keeps a small master square at its own size (no upscale)", async () => {
    const r = await buildRendition(await photo(900, 450), PRESETS["tiktok.main"]);
    expect([r.width, r.height, r.upscaled]).toEqual([900, 900, false]);
  });

  it("cover-attention fills the exact box", async () => {
    const r = await buildRendition(await photo(3000, 2000), PRESETS["instagram.4x5"]);
    expect([r.width, r.height]).toEqual([1080, 1350]);
    const meta = await sharp(r.bytes).metadata();
    expect([meta.width, meta.height]).toEqual([1080, 1350]);
  });

  it("cover-attention on a too-small master keeps the aspect at a smaller size", async () => {
    const r = await buildRendition(await photo(800, 800), PRESETS["instagram.4x5"]);
    expect(r.upscaled).toBe(false);
    expect(r.width / r.height).toBeCloseTo(0.8, 2);
    expect(r.height).toBeLessThanOrEqual(800);
  });

  it("inside keeps the aspect without padding (thumb)", async () => {
    const r = await buildRendition(await photo(1200, 600), PRESETS.thumb);
    expect([r.width, r.height]).toEqual([400, 200]);
  });

  it("applies EXIF orientation before fitting", async () => {
    const rotated = await sharp(await photo(600, 300)).withMetadata({ orientation: 6 }).jpeg().toBuffer();
    const r = await buildRendition(rotated, PRESETS.thumb);
    expect([r.width, r.height]).toEqual([200, 400]);
  });
});

describe("buildRendition — byte limits", () => {
  const noise = (size: number) =>
    sharp({ create: { width: size, height: size, channels: 3, background: "#000", noise: { type: "gaussian", mean: 128, sigma: 80 } } }).png({ compressionLevel: 1 }).toBuffer();

  it("a noisy 4000² master fits tiktok.main's 5 MB and reports its quality", async () => {
    const r = await buildRendition(await noise(4000), PRESETS["tiktok.main"]);
    expect(r.bytes.length).toBeLessThanOrEqual(PRESETS["tiktok.main"].rules.maxBytes!);
    expect([r.width, r.height]).toEqual([1200, 1200]);
    expect(r.quality).toBeGreaterThanOrEqual(40);
    expect(r.quality).toBeLessThanOrEqual(92);
  });

  it("a tiny limit forces the quality search (and a size step-down if needed), never below the minimum side", async () => {
    const tight = preset(PRESETS["tiktok.main"], { rules: { maxBytes: 150 * 1024 } });
    const r = await buildRendition(await noise(4000), tight);
    expect(r.bytes.length).toBeLessThanOrEqual(150 * 1024);
    expect(r.quality).not.toBeNull();
    expect(r.quality).toBeLessThan(90);
    expect(r.width).toBe(r.height);
    expect(r.width).toBeGreaterThanOrEqual(600);
    const meta = await sharp(r.bytes).metadata();
    expect([meta.width, meta.height]).toEqual([r.width, r.height]);
  });

  it("PNG presets fall back to JPEG only when the channel allows it", async () => {
    const pngTight = preset(PRESETS["tiktok.main"], { format: "png", rules: { maxBytes: 100 * 1024, minShortestSide: 100 } });
    const r = await buildRendition(await noise(600), pngTight);
    expect(r.format).toBe("jpeg");
    expect(r.bytes.length).toBeLessThanOrEqual(100 * 1024);
    const pngOnly = preset(pngTight, { rules: { formats: ["png"] } });
    const r2 = await buildRendition(await noise(600), pngOnly);
    expect([r2.format, r2.quality]).toEqual(["png", null]);
    expect((await sharp(r2.bytes).metadata()).format).toBe("png");
  });
});

describe("buildRendition — colour, transparency, metadata", () => {
  it("transparent PNG becomes white in JPEG output", async () => {
    const red = await sharp({ create: { width: 200, height: 200, channels: 4, background: { r: 220, g: 20, b: 20, alpha: 1 } } }).png().toBuffer();
    const master = await sharp({ create: { width: 400, height: 400, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
      .composite([{ input: red, left: 100, top: 100 }])
      .png()
      .toBuffer();
    const r = await buildRendition(master, { ...PRESETS.thumb, id: "custom.jpeg-inside", format: "jpeg", quality: undefined });
    expect(r.format).toBe("jpeg");
    const p = await decode(r.bytes);
    expect(p.channels).toBe(3);
    for (const [x, y] of [[0, 0], [399, 0], [0, 399], [399, 399], [50, 200]]) expect(px(p, x, y)).toEqual([255, 255, 255]);
    const [rr, g, b] = px(p, 200, 200);
    expect(rr).toBeGreaterThan(200);
    expect(g).toBeLessThan(50);
    expect(b).toBeLessThan(50);
  });

  it("library presets from decoded pixels: thumb is WebP keeping alpha; preview is JPEG when opaque and WebP when transparent", async () => {
    const cutout = await sharp({ create: { width: 800, height: 600, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
      .composite([{ input: await sharp({ create: { width: 200, height: 200, channels: 4, background: { r: 20, g: 90, b: 200, alpha: 1 } } }).png().toBuffer(), left: 300, top: 200 }])
      .raw()
      .toBuffer({ resolveWithObject: true });
    const t = await buildFromPixels({ data: cutout.data, width: 800, height: 600, channels: 4 }, [PRESETS.preview, PRESETS.thumb]);
    expect(t.get("thumb")).toMatchObject({ format: "webp", width: 400, height: 300, quality: 78 });
    expect(t.get("preview")).toMatchObject({ format: "webp", width: 800, height: 600, quality: 82 });
    expect((await sharp(t.get("preview")!.bytes).metadata()).hasAlpha).toBe(true);
    const opaque = await sharp({ create: { width: 2000, height: 1000, channels: 4, background: { r: 10, g: 120, b: 60, alpha: 1 } } }).raw().toBuffer({ resolveWithObject: true });
    const o = await buildFromPixels({ data: opaque.data, width: 2000, height: 1000, channels: 4 }, [PRESETS.preview, PRESETS.thumb]);
    expect(o.get("preview")).toMatchObject({ format: "jpeg", width: 1600, height: 800 });
    expect(o.get("thumb")).toMatchObject({ format: "webp", width: 400, height: 200 });
    expect((await sharp(o.get("thumb")!.bytes).metadata()).hasAlpha).toBe(false);
  });

  it("keepMetadata keeps EXIF (orientation reset) and still tags sRGB", async () => {
    const master = await sharp(await photo(600, 300)).withExif({ IFD0: { Copyright: "Assetline test" } }).jpeg().toBuffer();
    const keep = preset(PRESETS.thumb, { keepMetadata: true });
    const r = await buildRendition(master, keep);
    const meta = await sharp(r.bytes).metadata();
    expect(meta.exif?.toString("latin1")).toContain("Assetline test");
    expect(meta.icc).toBeDefined();
    expect(meta.orientation ?? 1).toBe(1);
    const stripped = await sharp((await buildRendition(master, PRESETS.thumb)).bytes).metadata();
    expect(stripped.exif).toBeUndefined();
  });
});

describe("recipes", () => {
  it("recipeHash is stable for equal recipes and differs for different ones", async () => {
    const p = PRESETS["amazon.main"];
    const a = computeRecipeHash(p, { whitenBackground: true, crop: { left: 1, top: 2, width: 3, height: 4 } });
    const b = computeRecipeHash(p, { crop: { height: 4, width: 3, top: 2, left: 1 }, whitenBackground: true });
    expect(a).toBe(b);
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(computeRecipeHash(p, { whitenBackground: true })).not.toBe(a);
    expect(computeRecipeHash(p, {})).not.toBe(computeRecipeHash(p, { fillTarget: 0.9 }));
    expect(computeRecipeHash(p, {})).not.toBe(computeRecipeHash(PRESETS["amazon.other"], {}));
    const master = await productOnWhite(600, 600, 300, 300);
    const r1 = await buildRendition(master, PRESETS.thumb, { recipe: { whitenBackground: true } });
    const r2 = await buildRendition(master, PRESETS.thumb, { recipe: { whitenBackground: true } });
    expect(r1.recipeHash).toBe(r2.recipeHash);
    expect(r1.recipeHash).toBe(computeRecipeHash(PRESETS.thumb, { whitenBackground: true }));
    expect((await buildRendition(master, PRESETS.thumb)).recipeHash).not.toBe(r1.recipeHash);
  });

  it("whitenBackground turns a 250-grey background into pure 255, leaving the product", async () => {
    const master = await productOnWhite(1000, 1000, 500, 500, { r: 250, g: 250, b: 250 });
    const plain = await decode((await buildRendition(master, PRESETS["tiktok.main"])).bytes);
    expect(px(plain, 5, 5).every((v) => v === 255)).toBe(false);
    const r = await buildRendition(master, PRESETS["tiktok.main"], { recipe: { whitenBackground: true } });
    const p = await decode(r.bytes);
    expect([p.width, p.height]).toEqual([1000, 1000]);
    expect(edgesPureWhite(p)).toBe(true);
    for (const [x, y] of [[100, 100], [900, 500], [500, 900]]) expect(px(p, x, y)).toEqual([255, 255, 255]);
    const [rr, g, b] = px(p, 500, 500);
    expect(Math.abs(rr - 30) + Math.abs(g - 90) + Math.abs(b - 160)).toBeLessThan(15);
  });

  it("crop extracts the region before the fit", async () => {
    const master = await productOnWhite(1000, 1000, 400, 400);
    const r = await buildRendition(master, PRESETS.thumb, { recipe: { crop: { left: 300, top: 300, width: 400, height: 400 } } });
    expect([r.width, r.height]).toEqual([400, 400]);
    const p = await decode(r.bytes);
    expect(px(p, 2, 2).every((v) => v < 200)).toBe(true);
    await expect(buildRendition(master, PRESETS.thumb, { recipe: { crop: { left: 2000, top: 0, width: 10, height: 10 } } })).rejects.toThrow(RangeError);
  });
});

describe("buildRenditions — every preset from one decode", () => {
  it("matches buildRendition preset by preset (sizes, format, recipe hash) and keeps Amazon's pure white and fill", async () => {
    const { PRESETS } = await import("./presets");
    const { buildRendition, buildRenditions } = await import("./builder");
    const master = await sharp({ create: { width: 3000, height: 2400, channels: 3, background: "#ffffff" } })
      .composite([{ input: { create: { width: 1800, height: 1500, channels: 3, background: "#2d6a4f" } }, gravity: "centre" }])
      .jpeg({ quality: 92 })
      .toBuffer();
    const presets = Object.values(PRESETS);
    const all = await buildRenditions(master, presets);
    expect([...all.keys()].sort()).toEqual(presets.map((p) => p.id).sort());
    for (const p of presets) {
      const one = await buildRendition(master, p);
      const many = all.get(p.id)!;
      expect([many.width, many.height, many.format, many.recipeHash]).toEqual([one.width, one.height, one.format, one.recipeHash]);
    }
    const main = all.get("amazon.main")!;
    const { data, info } = await sharp(main.bytes).raw().toBuffer({ resolveWithObject: true });
    for (const i of [0, (info.width - 1) * 3, (info.height - 1) * info.width * 3]) expect([data[i], data[i + 1], data[i + 2]]).toEqual([255, 255, 255]);
  });
});

describe("recipe fit override (the pad-to-fill Fix)", () => {
  // A fixed preset, so the pinned hashes below do not move when PRESETS is edited.
  const fixed: Preset = {
    id: "amazon.main",
    label: "pinned",
    channel: "amazon",
    width: 2000,
    height: 2000,
    fit: "contain-white",
    format: "jpeg",
    maxUpscale: 1,
    keepMetadata: false,
    rules: { maxBytes: 10485760, minFill: 0.85, pureWhiteBackground: true, formats: ["jpeg"] },
    source: "test",
  };

  it("trim-pad with a fillTarget on a contain-white preset brings a small product to ≥ 0.85 of the frame", async () => {
    // A 300×200 product on a 2000² white canvas: contained, it fills 15 % of the frame.
    const master = await productOnWhite(2000, 2000, 300, 200);
    const box = PRESETS["amazon.other"];
    expect(box.fit).toBe("contain-white");
    const plain = await buildRendition(master, box);
    expect((await measureImage(plain.bytes)).fill).toBeLessThan(0.2);
    const fixedUp = await buildRendition(master, box, { recipe: { fit: "trim-pad", fillTarget: 0.9 } });
    const m = await measureImage(fixedUp.bytes);
    expect(m.fill).toBeGreaterThanOrEqual(0.85);
    expect(fill(await decode(fixedUp.bytes))).toBeGreaterThanOrEqual(0.85);
    // Never enlarged: the frame shrinks around the 300 px product instead (300 / 0.9 ≈ 333).
    expect(fixedUp.upscaled).toBe(false);
    expect([fixedUp.width, fixedUp.height]).toEqual([333, 333]);
    expect(fixedUp.recipeHash).toBe(computeRecipeHash(box, { fit: "trim-pad", fillTarget: 0.9 }));
    expect(fixedUp.recipeHash).not.toBe(plain.recipeHash);
  });

  it("hashes the fit canonically and keeps the hashes of recipes without a fit", () => {
    // Values computed before recipes could carry a fit: stored renditions keep matching.
    expect(computeRecipeHash(fixed, {})).toBe("e22983841cabbe90");
    expect(computeRecipeHash(fixed, { fillTarget: 0.9 })).toBe("d71f032532b6ed48");
    expect(computeRecipeHash(fixed, { whitenBackground: true, crop: { left: 1, top: 2, width: 3, height: 4 } })).toBe("34836d79d6cad0e2");
    // Overriding with the preset's own fit builds the same bytes, so it is the same recipe.
    expect(computeRecipeHash(fixed, { fit: "contain-white" })).toBe(computeRecipeHash(fixed, {}));
    expect(computeRecipeHash(fixed, { fit: undefined })).toBe(computeRecipeHash(fixed, {}));
    const padded = computeRecipeHash(fixed, { fit: "trim-pad", fillTarget: 0.9 });
    expect(padded).not.toBe(computeRecipeHash(fixed, { fillTarget: 0.9 }));
    expect(padded).not.toBe(computeRecipeHash(fixed, { fit: "trim-pad" }));
    expect(computeRecipeHash(fixed, { fillTarget: 0.9, fit: "trim-pad" })).toBe(padded);
  });
});

describe("trim box (the product, as sharp's trim finds it)", () => {
  const sharpTrim = async (data: Buffer, width: number, height: number, channels: 1 | 3) => {
    const { info } = await sharp(data, { raw: { width, height, channels } })
      .trim({ background: "#ffffff", threshold: 10 })
      .raw()
      .toBuffer({ resolveWithObject: true });
    return { left: Math.abs(info.trimOffsetLeft ?? 0), top: Math.abs(info.trimOffsetTop ?? 0), width: info.width, height: info.height };
  };

  it("matches sharp.trim() on random specks, edges and near-threshold values", async () => {
    let seed = 7;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    for (let t = 0; t < 300; t++) {
      const width = 3 + Math.floor(rnd() * 50);
      const height = 3 + Math.floor(rnd() * 50);
      const channels = rnd() < 0.2 ? 1 : 3;
      const data = Buffer.alloc(width * height * channels, 255);
      // Specks and small blobs, some of them just either side of the threshold (245 is background, 244 not).
      for (let i = Math.floor(rnd() * 30); i > 0; i--) {
        const x0 = Math.floor(rnd() * width), y0 = Math.floor(rnd() * height), band = Math.floor(rnd() * channels);
        const v = rnd() < 0.5 ? Math.floor(rnd() * 256) : 243 + Math.floor(rnd() * 4);
        for (let y = y0; y < Math.min(height, y0 + 1 + Math.floor(rnd() * 4)); y++)
          for (let x = x0; x < Math.min(width, x0 + 1 + Math.floor(rnd() * 4)); x++) data[(y * width + x) * channels + band] = v;
      }
      const ours = findTrimBox({ data, width, height, channels }, 10) ?? { left: 0, top: 0, width, height };
      expect(ours, `case ${t} (${width}×${height}×${channels})`).toEqual(await sharpTrim(data, width, height, channels));
    }
  });

  it("matches sharp.trim() on a JPEG product shot with JPEG noise and a stray speck", async () => {
    const base = await sharp(await productOnWhite(1200, 900, 500, 300)).composite([{ input: { create: { width: 1, height: 1, channels: 3, background: "#000" } }, left: 40, top: 40 }]).jpeg({ quality: 70 }).toBuffer();
    const { data, info } = await sharp(base).raw().toBuffer({ resolveWithObject: true });
    const ours = findTrimBox({ data, width: info.width, height: info.height, channels: info.channels }, 10);
    expect(ours).toEqual(await sharpTrim(data, info.width, info.height, 3));
    // The 1 px speck at (40, 40) is filtered out (as by libvips' median): the box is the product's
    // (350, 300)–(850, 600), give or take its JPEG edges.
    expect(ours!.left).toBeGreaterThan(340);
    expect(ours!.top).toBeGreaterThan(290);
    expect(ours!.width).toBeGreaterThanOrEqual(500);
    expect(ours!.width).toBeLessThan(520);
  });

  it("finds nothing on a white image and refuses images under 3×3 (the whole master is kept)", () => {
    expect(findTrimBox({ data: Buffer.alloc(30 * 20 * 3, 255), width: 30, height: 20, channels: 3 }, 10)).toBeNull();
    expect(findTrimBox({ data: Buffer.alloc(2 * 2 * 3, 0), width: 2, height: 2, channels: 3 }, 10)).toBeNull();
  });
});

describe("buildRenditions with recipes", () => {
  it("builds recipe presets from the shared decode, byte for byte as buildRendition, without leaking a recipe into other presets", async () => {
    const master = await productOnWhite(1600, 1200, 500, 400, { r: 250, g: 250, b: 250 });
    const presets = [PRESETS["amazon.main"], PRESETS["amazon.other"], PRESETS["tiktok.main"], PRESETS.thumb];
    const recipes = {
      "amazon.other": { fit: "trim-pad" as const, fillTarget: 0.9 },
      "tiktok.main": { whitenBackground: true },
      thumb: { crop: { left: 400, top: 300, width: 800, height: 600 } },
    };
    const all = await buildRenditions(master, presets, { recipes });
    expect([...all.keys()]).toEqual(presets.map((p) => p.id));
    for (const p of presets) {
      const one = await buildRendition(master, p, { recipe: recipes[p.id as keyof typeof recipes] });
      const many = all.get(p.id)!;
      expect([many.width, many.height, many.quality, many.recipeHash], p.id).toEqual([one.width, one.height, one.quality, one.recipeHash]);
      // Recipe presets and trim-pad start from the full decode, as buildRendition does: the same bytes
      // (thumb has a crop, so it is not on the shrunk copy either).
      expect(many.bytes.equals(one.bytes), p.id).toBe(true);
    }
    // Whitening tiktok.main's copy left the shared pixels alone: amazon.main still sees the 250 grey.
    const main = await decode(all.get("amazon.main")!.bytes);
    expect(px(main, 2, 2)).toEqual([255, 255, 255]);
    const other = await decode(all.get("amazon.other")!.bytes);
    expect(fill(other)).toBeGreaterThanOrEqual(0.85);
  });

  it("reports each rendition through onBuilt as it is encoded, honouring the concurrency limit", async () => {
    const master = await photo(1200, 900);
    const presets = [PRESETS.thumb, PRESETS["tiktok.main"], PRESETS["instagram.4x5"]];
    const seen: string[] = [];
    const all = await buildRenditions(master, presets, { concurrency: 1, onBuilt: (p, r) => seen.push(`${p.id}:${r.width}`) });
    expect(seen).toEqual(presets.map((p) => `${p.id}:${all.get(p.id)!.width}`));
  });

  it("the quality search keeps the highest quality when it fits (one encode) and goes lower only under a limit", async () => {
    const master = await photo(1600, 1200);
    const r = await buildRendition(master, PRESETS["tiktok.main"]);
    expect(r.quality).toBe(92);
    const tight = preset(PRESETS["tiktok.main"], { rules: { maxBytes: r.bytes.length - 1 } });
    const lower = await buildRendition(master, tight);
    expect(lower.bytes.length).toBeLessThan(r.bytes.length);
    expect(lower.quality).toBeLessThan(92);
    expect([lower.width, lower.height]).toEqual([r.width, r.height]);
  });
});
