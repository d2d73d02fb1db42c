import { join } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orientedJpeg, scene, tempDir } from "../../../../test/fixtures/media/generate";
import { MediaError } from "../errors";
import { loadAnalyserImage } from "./decode";
import { shapeAnalyser } from "./shape";
import { PREVIEW_EDGE } from "./types";

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await tempDir("assetline-analysers-")));
afterAll(() => cleanup());

describe("loadAnalyserImage", () => {
  it("shrinks to PREVIEW_EDGE on the long side and keeps the original size", async () => {
    const jpeg = await (await scene(3000, 2000)).jpeg().toBuffer();
    const img = await loadAnalyserImage(jpeg);
    expect(img).toMatchObject({ width: PREVIEW_EDGE, height: 341, channels: 3, originalWidth: 3000, originalHeight: 2000 });
    expect(img.data.length).toBe(img.width * img.height * 3);
  });

  it("never enlarges a small image", async () => {
    const png = await (await scene(100, 50)).png().toBuffer();
    expect(await loadAnalyserImage(png)).toMatchObject({ width: 100, height: 50, originalWidth: 100, originalHeight: 50 });
  });

  it("keeps alpha only when the file has it, and makes grey images sRGB", async () => {
    const rgba = await sharp({ create: { width: 40, height: 30, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } }).png().toBuffer();
    const grey = await sharp({ create: { width: 40, height: 30, channels: 3, background: "#808080" } }).greyscale().png().toBuffer();
    const a = await loadAnalyserImage(rgba);
    expect(a.channels).toBe(4);
    expect(a.data[3]).toBe(0);
    const g = await loadAnalyserImage(grey);
    expect(g.channels).toBe(3);
    expect(Array.from(g.data.subarray(0, 3))).toEqual([128, 128, 128]);
  });

  it("applies EXIF orientation, from a path, before the shape is read", async () => {
    const path = await orientedJpeg(join(dir, "rotated.jpg"), 1920, 1080); // stored landscape, displayed portrait
    const img = await loadAnalyserImage(path);
    expect(img).toMatchObject({ width: 288, height: 512, originalWidth: 1080, originalHeight: 1920 });
    const { tags } = await shapeAnalyser.analyse(img);
    expect(tags.map((t) => t.value)).toEqual(["portrait", "9:16", "medium"]);
  });

  it("reports an unreadable file as a MediaError", async () => {
    await expect(loadAnalyserImage(Buffer.from("this is not an image at all"))).rejects.toBeInstanceOf(MediaError);
    const jpeg = await (await scene(400, 300)).jpeg().toBuffer();
    await expect(loadAnalyserImage(jpeg.subarray(0, jpeg.length / 2))).rejects.toBeInstanceOf(MediaError);
  });

  it("rasterises SVG (sanitised) to the preview size", async () => {
    const svg = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="64" height="32"><rect width="64" height="32" fill="red"/></svg>`);
    expect(await loadAnalyserImage(svg)).toMatchObject({ width: PREVIEW_EDGE, height: PREVIEW_EDGE / 2, originalWidth: 64, originalHeight: 32 });
  });
});
