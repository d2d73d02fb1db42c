import { readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import sharp, { type FormatEnum } from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  HOSTILE_SVG, jpegWithMetadata, orientedJpeg, pngBomb, scene, tempDir, writeScene,
} from "../../../test/fixtures/media/generate";
import { MediaError } from "./errors";
import { inspectImage, probeImage, readEmbeddedMetadata, renderImageOutputs } from "./image";
import { hammingDistance } from "./phash";
import { checkComplete, sniffType, SNIFF_TAIL_BYTES } from "./sniff";

const MAX_PIXELS = 268_402_689;
let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await tempDir()));
afterAll(() => cleanup());

async function mediaErrorOf(p: Promise<unknown>): Promise<MediaError> {
  const e = await p.then(() => undefined, (err: unknown) => err);
  if (!(e instanceof MediaError)) throw new Error(`expected a MediaError, got ${String(e)}`);
  return e;
}

describe("renderImageOutputs", () => {
  it.each([
    ["jpeg", "image/jpeg"],
    ["png", "image/png"],
    ["webp", "image/webp"],
    ["avif", "image/avif"],
    ["gif", "image/gif"],
    ["tiff", "image/tiff"],
  ] as const)("%s → preview 1600×1200 and thumb 400×300", async (format, mime) => {
    const path = await writeScene(join(dir, `in.${format}`), 2400, 1800, format as keyof FormatEnum);
    const work = join(dir, `out-${format}`);
    await import("node:fs/promises").then((fs) => fs.mkdir(work));
    expect((await sniffType(await readFile(path))).mime).toBe(mime);
    const { outputs, phash } = await renderImageOutputs(path, { workDir: work, maxPixels: MAX_PIXELS, mime });
    const preview = outputs.find((o) => o.presetId === "preview")!;
    const thumb = outputs.find((o) => o.presetId === "thumb")!;
    expect([preview.width, preview.height]).toEqual([1600, 1200]);
    expect([thumb.width, thumb.height]).toEqual([400, 300]);
    expect(thumb.mime).toBe("image/webp");
    expect(phash).toMatch(/^[0-9a-f]{16}$/);
    for (const o of outputs) {
      expect((await stat(o.path)).size).toBe(o.bytes);
      const m = await sharp(o.path).metadata();
      expect([m.width, m.height]).toEqual([o.width, o.height]);
      expect(`image/${m.format}`).toBe(o.mime);
      expect(m.exif).toBeUndefined(); // nothing personal travels into outputs
    }
  });

  it("never enlarges a small image", async () => {
    const path = await writeScene(join(dir, "small.png"), 300, 200, "png");
    const { outputs } = await renderImageOutputs(path, { workDir: dir, maxPixels: MAX_PIXELS });
    expect(outputs.map((o) => [o.presetId, o.width, o.height])).toEqual([["preview", 300, 200], ["thumb", 300, 200]]);
  });

  it("honours EXIF orientation in probe and outputs", async () => {
    const path = await orientedJpeg(join(dir, "rotated.jpg"), 1200, 600); // stored landscape, displayed portrait
    const probe = await probeImage(path, { maxPixels: MAX_PIXELS });
    expect([probe.width, probe.height, probe.orientation]).toEqual([600, 1200, 6]);
    const { outputs } = await renderImageOutputs(path, { workDir: dir, maxPixels: MAX_PIXELS, mime: "image/jpeg" });
    expect(outputs.map((o) => [o.width, o.height])).toEqual([[600, 1200], [200, 400]]);
    const upright = await sharp(await (await scene(1200, 600)).png().toBuffer()).rotate(90).png().toBuffer();
    const { phash: expected } = await renderImageOutputs(upright, { workDir: join(dir), maxPixels: MAX_PIXELS });
    const { phash } = await renderImageOutputs(path, { workDir: dir, maxPixels: MAX_PIXELS });
    expect(hammingDistance(phash, expected)).toBeLessThanOrEqual(6);
  });

  it("keeps transparency: WebP preview with alpha; opaque images get a JPEG", async () => {
    const cutout = await sharp({ create: { width: 800, height: 800, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
      .composite([{ input: { create: { width: 400, height: 400, channels: 4, background: "#e33" } }, left: 200, top: 200 }])
      .png()
      .toBuffer();
    const { outputs } = await renderImageOutputs(cutout, { workDir: dir, maxPixels: MAX_PIXELS });
    const preview = outputs.find((o) => o.presetId === "preview")!;
    expect(preview.mime).toBe("image/webp");
    expect((await sharp(preview.path).metadata()).hasAlpha).toBe(true);
    // An alpha channel that is fully opaque does not count as transparency.
    const opaqueRgba = await sharp({ create: { width: 100, height: 100, channels: 4, background: "#3a3" } }).png().toBuffer();
    const r = await renderImageOutputs(opaqueRgba, { workDir: dir, maxPixels: MAX_PIXELS });
    expect(r.outputs[0]!.mime).toBe("image/jpeg");
  });

  it("converts CMYK and 16-bit input to 8-bit sRGB", async () => {
    const cmyk = await (await scene(600, 400)).toColourspace("cmyk").jpeg().toBuffer();
    const deep = await (await scene(600, 400)).toColourspace("rgb16").png().toBuffer();
    for (const input of [cmyk, deep]) {
      const { outputs } = await renderImageOutputs(input, { workDir: dir, maxPixels: MAX_PIXELS });
      const m = await sharp(outputs[0]!.path).metadata();
      expect([m.space, m.depth, m.channels]).toEqual(["srgb", "uchar", 3]);
    }
  });

  it("uses the first frame of an animated GIF", async () => {
    const frame = (c: string) => sharp({ create: { width: 120, height: 90, channels: 4, background: c } }).png().toBuffer();
    const gif = await sharp([await frame("#f00"), await frame("#00f")], { join: { animated: true } }).gif().toBuffer();
    const probe = await probeImage(gif, { maxPixels: MAX_PIXELS });
    expect([probe.width, probe.height, probe.pages]).toEqual([120, 90, 2]);
    const { outputs } = await renderImageOutputs(gif, { workDir: dir, maxPixels: MAX_PIXELS, mime: "image/gif" });
    const { data } = await sharp(outputs[0]!.path).raw().toBuffer({ resolveWithObject: true });
    expect(data[0]).toBeGreaterThan(200); // red, the first frame
    expect(data[2]).toBeLessThan(60);
  });

  it("sanitises and rasterises SVG with the longest side at 1600", async () => {
    const path = join(dir, "hostile.svg");
    await writeFile(path, HOSTILE_SVG);
    const { outputs } = await renderImageOutputs(path, { workDir: dir, maxPixels: MAX_PIXELS });
    expect(outputs.map((o) => [o.presetId, o.width, o.height])).toEqual([["preview", 1600, 800], ["thumb", 400, 200]]);
    const preview = await readFile(outputs[0]!.path);
    expect(preview.includes("script")).toBe(false);
    expect(preview.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff])); // a JPEG, not SVG markup
  });

  it("reports a JPEG cut in half as truncated (sniff tail check and decode agree)", async () => {
    const whole = await (await scene(1200, 900)).jpeg().toBuffer();
    const half = whole.subarray(0, whole.length >> 1);
    const path = join(dir, "half.jpg");
    await writeFile(path, half);
    expect((await sniffType(half)).mime).toBe("image/jpeg");
    expect(checkComplete("image/jpeg", half.subarray(-SNIFF_TAIL_BYTES))).toBe(false);
    const e = await mediaErrorOf(renderImageOutputs(path, { workDir: dir, maxPixels: MAX_PIXELS, mime: "image/jpeg" }));
    expect(["truncated", "corrupt"]).toContain(e.kind);
    expect(e.message).toMatch(/JPEG/);
  });

  it("reports a PNG cut short as truncated", async () => {
    const whole = await (await scene(800, 600)).png().toBuffer();
    const e = await mediaErrorOf(renderImageOutputs(whole.subarray(0, whole.length - 2000), { workDir: dir, maxPixels: MAX_PIXELS }));
    expect(e.kind).toBe("truncated");
  });

  it("reports a damaged file as corrupt or truncated, never crashing", async () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xdb, 0x00, 0x04, 0x01, 0x02]), Buffer.alloc(3000, 0x55)]);
    const e = await mediaErrorOf(renderImageOutputs(bytes, { workDir: dir, maxPixels: MAX_PIXELS, mime: "image/jpeg" }));
    expect(["truncated", "corrupt"]).toContain(e.kind);
  });

  it("refuses a 30000×30000 PNG bomb from its header, without allocating", async () => {
    const path = join(dir, "bomb.png");
    await writeFile(path, pngBomb(30000, 30000));
    const before = process.memoryUsage().rss;
    const e = await mediaErrorOf(probeImage(path, { maxPixels: MAX_PIXELS }));
    expect(e.kind).toBe("too_many_pixels");
    expect(e.message).toContain("30,000 × 30,000 px (900 MP)");
    expect(e.message).toContain("268 MP");
    const e2 = await mediaErrorOf(renderImageOutputs(path, { workDir: dir, maxPixels: MAX_PIXELS }));
    expect(e2.kind).toBe("too_many_pixels");
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
  });

  it("applies a caller's lower pixel limit", async () => {
    const path = await writeScene(join(dir, "limit.png"), 1000, 1000, "png");
    expect((await mediaErrorOf(probeImage(path, { maxPixels: 500_000 }))).kind).toBe("too_many_pixels");
    expect((await mediaErrorOf(renderImageOutputs(path, { workDir: dir, maxPixels: 500_000 }))).kind).toBe("too_many_pixels");
  });
});

describe("embedded metadata", () => {
  it("extracts camera, dates, rights and deduplicated keywords from IPTC and XMP, without coordinates", async () => {
    const path = await jpegWithMetadata(join(dir, "meta.jpg"));
    const meta = await readEmbeddedMetadata(path);
    expect(meta).toMatchObject({
      cameraMake: "Canon",
      cameraModel: "EOS R5",
      lens: "RF 24-70mm F2.8",
      dateTaken: "2024-06-01T14:30:00",
      software: "Lightroom",
      copyright: "ACME Ltd",
      creator: "Jane Doe",
      title: "Red running shoe",
      description: "Side view & laces",
      rating: 4,
      hasGps: true,
    });
    expect(meta.keywords).toEqual(["shoe", "Red", "sneaker", "Café", "运动鞋", "Summer 2025", "running"]);
    const json = JSON.stringify(meta);
    expect(json).not.toMatch(/latitude|longitude|GPSLatitude|51\.5/i);
    expect(JSON.parse(json)).toEqual(meta);
  });

  it("reads XMP keywords from formats exifr cannot open itself (WebP)", async () => {
    const webp = await sharp(await readFile(await jpegWithMetadata(join(dir, "meta2.jpg")))).keepMetadata().webp().toBuffer();
    const { embedded } = await inspectImage(webp, { maxPixels: MAX_PIXELS });
    expect(embedded.keywords).toEqual(expect.arrayContaining(["Summer 2025", "running"]));
    expect(embedded.cameraModel).toBe("EOS R5");
  });

  it("returns an empty summary for files without metadata or that are not images", async () => {
    const plain = await sharp({ create: { width: 10, height: 10, channels: 3, background: "#000" } }).png().toBuffer();
    expect(await readEmbeddedMetadata(plain)).toEqual({ keywords: [], hasGps: false });
    expect(await readEmbeddedMetadata(Buffer.from("not an image"))).toEqual({ keywords: [], hasGps: false });
    expect(await readEmbeddedMetadata(join(dir, "does-not-exist.jpg"))).toEqual({ keywords: [], hasGps: false });
  });
});
