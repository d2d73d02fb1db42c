import { createHash } from "node:crypto";
import { mkdtemp, readFile, readdir, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateBenchJpegs, generateDemoImages, type DemoImage } from "./demo-images.ts";

const sha256 = (buf: Buffer): string => createHash("sha256").update(buf).digest("hex");

/** 16×16 greyscale thumbnail, for a crude visual-similarity distance. */
async function thumb(file: string): Promise<Buffer> {
  return sharp(file).flatten({ background: "#FFFFFF" }).resize(16, 16, { fit: "fill" }).greyscale().raw().toBuffer();
}

function meanAbsDiff(a: Buffer, b: Buffer): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs((a[i] ?? 0) - (b[i] ?? 0));
  return sum / a.length;
}

describe("generateDemoImages", () => {
  let root: string;
  let images: DemoImage[];
  let hashes: Map<string, string>;

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), "assetline-demo-"));
    images = await generateDemoImages(path.join(root, "a"));
    hashes = new Map();
    for (const img of images) hashes.set(img.filename, sha256(await readFile(img.path)));
  }, 60_000);

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("writes 50 files with unique names and complete metadata", async () => {
    expect(images).toHaveLength(50);
    expect((await readdir(path.join(root, "a"))).sort()).toEqual(images.map((i) => i.filename).sort());
    for (const img of images) {
      expect(img.title.length).toBeGreaterThan(10);
      expect(img.description.length).toBeGreaterThan(20);
      expect(img.tags.length).toBeGreaterThan(2);
      expect(img.markets.length).toBeGreaterThan(0);
      for (const m of img.markets) expect(["US", "EU", "CN", "JP"]).toContain(m);
    }
  });

  it("produces decodable images of the advertised formats and sizes", async () => {
    const formats = new Map<string, number>();
    for (const img of images) {
      const meta = await sharp(img.path).metadata();
      const ext = path.extname(img.filename).slice(1);
      expect({ jpg: "jpeg", png: "png", webp: "webp" }[ext]).toBe(meta.format);
      formats.set(meta.format, (formats.get(meta.format) ?? 0) + 1);
      if (!img.nearDuplicateOf) {
        expect(Math.max(meta.width, meta.height)).toBeGreaterThanOrEqual(1200);
        expect(Math.max(meta.width, meta.height)).toBeLessThanOrEqual(2400);
      }
      await sharp(img.path).stats(); // full decode
    }
    expect(formats.get("jpeg") ?? 0).toBeGreaterThan(30);
    expect(formats.get("png") ?? 0).toBeGreaterThanOrEqual(2);
    expect(formats.get("webp")).toBe(1);
  });

  it("keeps every file byte-distinct", () => {
    expect(new Set(hashes.values()).size).toBe(images.length);
  });

  it("is deterministic across runs", async () => {
    const again = await generateDemoImages(path.join(root, "b"));
    expect(again.map((i) => i.filename)).toEqual(images.map((i) => i.filename));
    for (const img of again) expect(sha256(await readFile(img.path))).toBe(hashes.get(img.filename));
  }, 60_000);

  it("has a transparent PNG", async () => {
    let found = false;
    for (const img of images.filter((i) => i.filename.endsWith(".png"))) {
      const meta = await sharp(img.path).metadata();
      if (!meta.hasAlpha) continue;
      const alpha = (await sharp(img.path).stats()).channels[3];
      if (alpha && alpha.min === 0) found = true;
    }
    expect(found).toBe(true);
  });

  it("has white-background main images", async () => {
    const mains = images.filter((i) => i.tags.includes("white background") && !i.nearDuplicateOf);
    expect(mains.length).toBeGreaterThanOrEqual(10);
    for (const img of mains) {
      const { data } = await sharp(img.path).extract({ left: 0, top: 0, width: 8, height: 8 }).raw().toBuffer({ resolveWithObject: true });
      expect(Math.min(...data)).toBeGreaterThanOrEqual(250);
    }
  });

  it("puts text (English and CJK) on at least 10 images", () => {
    const withText = images.filter((i) => i.overlayText);
    expect(withText.length).toBeGreaterThanOrEqual(10);
    expect(withText.some((i) => /[\u4e00-\u9fff]/.test(i.overlayText ?? ""))).toBe(true);
    expect(withText.some((i) => /SALE|NEW ARRIVAL/.test(i.overlayText ?? ""))).toBe(true);
    for (const img of withText) expect(img.tags).toContain("text overlay");
  });

  it("flags near-duplicates that really look alike", async () => {
    const near = images.filter((i) => i.nearDuplicateOf);
    expect(near.length).toBeGreaterThanOrEqual(4);
    const byName = new Map(images.map((i) => [i.filename, i]));
    const originals = images.filter((i) => !i.nearDuplicateOf);
    for (const dup of near) {
      const orig = byName.get(dup.nearDuplicateOf ?? "");
      expect(orig).toBeDefined();
      if (!orig) continue;
      const t = await thumb(dup.path);
      const dNear = meanAbsDiff(t, await thumb(orig.path));
      // Closer to its original than to any other design.
      let dOther = Infinity;
      for (const other of originals) {
        if (other === orig) continue;
        dOther = Math.min(dOther, meanAbsDiff(t, await thumb(other.path)));
      }
      expect(dNear).toBeLessThan(12);
      expect(dNear).toBeLessThan(dOther);
    }
  }, 60_000);
});

describe("generateBenchJpegs", () => {
  it("creates distinct JPEGs and reuses existing files", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "assetline-bench-"));
    try {
      const files = await generateBenchJpegs(dir, 3, 600);
      expect(files.map((f) => path.basename(f))).toEqual(["bench-600-0001.jpg", "bench-600-0002.jpg", "bench-600-0003.jpg"]);
      const bufs = await Promise.all(files.map((f) => readFile(f)));
      expect(new Set(bufs.map(sha256)).size).toBe(3);
      for (const f of files) {
        const meta = await sharp(f).metadata();
        expect([meta.format, meta.width, meta.height]).toEqual(["jpeg", 600, 600]);
      }
      const before = await Promise.all(files.map((f) => stat(f)));
      await generateBenchJpegs(dir, 3, 600);
      const after = await Promise.all(files.map((f) => stat(f)));
      expect(after.map((s) => s.mtimeMs)).toEqual(before.map((s) => s.mtimeMs));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
