import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  HOSTILE_SVG, jpegWithMetadata, peExecutable, pngBomb, tempDir, testAudio, testMp4, tinyPdf,
} from "../../../test/fixtures/media/generate";
import { MediaError } from "./errors";
import { processMedia, type ProcessedMedia } from "./process";
import { sniffFile } from "./sniff";

const limits = { maxPixels: 268_402_689 };
let dir: string;
let cleanup: () => Promise<void>;
let n = 0;
beforeAll(async () => ({ dir, cleanup } = await tempDir()));
afterAll(() => cleanup());

/** What the ingest job does: sniff from content, then process. */
async function ingest(path: string): Promise<ProcessedMedia> {
  const { mime, kind } = await sniffFile(path);
  return processMedia({ path, mime, kind, workDir: join(dir, `work-${++n}`), limits });
}

async function failureOf(p: Promise<unknown>): Promise<MediaError> {
  const e = await p.then(() => undefined, (err: unknown) => err);
  if (!(e instanceof MediaError)) throw new Error(`expected a MediaError, got ${String(e)}`);
  return e;
}

function expectJsonSafe(value: unknown) {
  expect(JSON.parse(JSON.stringify(value))).toEqual(value);
}

describe("processMedia", () => {
  it("image: size, keywords, JSON-safe metadata, pHash, thumb + preview", async () => {
    const r = await ingest(await jpegWithMetadata(join(dir, "photo.jpg")));
    expect([r.width, r.height]).toEqual([640, 480]);
    expect(r.keywords).toContain("Summer 2025");
    expect(r.phash).toMatch(/^[0-9a-f]{16}$/);
    expect(r.outputs.map((o) => o.presetId).sort()).toEqual(["preview", "thumb"]);
    expect(r.metadata).toMatchObject({ image: { format: "jpeg", width: 640 }, embedded: { cameraModel: "EOS R5", hasGps: true } });
    expect(JSON.stringify(r.metadata)).not.toMatch(/keywords|latitude/i);
    expectJsonSafe(r.metadata);
  });

  it("SVG with <script>: sanitised, rasterised, nothing active in the outputs", async () => {
    const path = join(dir, "logo.svg");
    await writeFile(path, HOSTILE_SVG);
    const r = await ingest(path);
    expect([r.width, r.height]).toEqual([200, 100]);
    const preview = r.outputs.find((o) => o.presetId === "preview")!;
    expect([preview.width, preview.height]).toEqual([1600, 800]);
    for (const o of r.outputs) {
      expect(o.mime).not.toContain("svg");
      expect((await readFile(o.path)).includes("script")).toBe(false);
    }
  });

  it("video: duration ≈ 2 s, size, poster-based thumb + preview, no leftover poster", async () => {
    const workDir = join(dir, "video-work");
    const path = await testMp4(join(dir, "clip.mp4"), 2, "640x360");
    const r = await processMedia({ path, mime: "video/mp4", kind: "video", workDir, limits });
    expect(r.durationSec).toBeGreaterThan(1.9);
    expect(r.durationSec).toBeLessThan(2.2);
    expect([r.width, r.height]).toEqual([640, 360]);
    expect(r.phash).toMatch(/^[0-9a-f]{16}$/);
    const preview = r.outputs.find((o) => o.presetId === "preview")!;
    expect([preview.width, preview.height]).toEqual([640, 360]);
    expect((await sharp(preview.path).metadata()).format).toBe("jpeg");
    expect((await readdir(workDir)).sort()).toEqual(["preview.jpg", "thumb.webp"]);
    expect(r.metadata).toMatchObject({ video: { videoCodec: "h264", audioCodec: "aac" } });
    expectJsonSafe(r.metadata);
  }, 60_000);

  it("audio: duration and codec, no outputs", async () => {
    const r = await ingest(await testAudio(join(dir, "tone.mp3"), 1));
    expect(r.durationSec).toBeGreaterThan(0.9);
    expect(r.outputs).toEqual([]);
    expect(r.metadata).toMatchObject({ audio: { audioCodec: "mp3", hasVideo: false } });
  }, 60_000);

  it("PDF: page count and a preview of page 1", async () => {
    const path = join(dir, "spec.pdf");
    await writeFile(path, tinyPdf());
    const r = await ingest(path);
    expect(r.pageCount).toBe(1);
    const preview = r.outputs.find((o) => o.presetId === "preview")!;
    expect([preview.width, preview.height]).toEqual([1600, 1067]);
    expect(r.metadata).toMatchObject({ document: { pageCount: 1 } });
  });

  it("0-byte file → empty", async () => {
    const path = join(dir, "empty.jpg");
    await writeFile(path, "");
    expect((await failureOf(ingest(path))).kind).toBe("empty");
    expect((await failureOf(processMedia({ path, mime: "image/jpeg", kind: "image", workDir: dir, limits }))).kind).toBe("empty");
  });

  it("a Windows program named .jpg → unsupported_type", async () => {
    const path = join(dir, "invoice.jpg");
    await writeFile(path, peExecutable());
    const e = await failureOf(ingest(path));
    expect(e.kind).toBe("unsupported_type");
    expect(e.message).toMatch(/Windows program/);
    // A caller that trusts the extension still gets a clean error from the decode.
    expect(["corrupt", "unsupported_type"]).toContain(
      (await failureOf(processMedia({ path, mime: "image/jpeg", kind: "image", workDir: dir, limits }))).kind,
    );
  });

  it("30000×30000 PNG bomb → too_many_pixels, nothing written", async () => {
    const path = join(dir, "bomb.png");
    await writeFile(path, pngBomb());
    const workDir = join(dir, "bomb-work");
    const e = await failureOf(processMedia({ path, mime: "image/png", kind: "image", workDir, limits }));
    expect(e.kind).toBe("too_many_pixels");
    expect(await readdir(workDir)).toEqual([]);
  });

  it("truncated JPEG → flagged while sniffing and refused by the decode", async () => {
    const whole = await sharp({ create: { width: 900, height: 700, channels: 3, background: "#468" } })
      .composite([{ input: Buffer.from('<svg width="900" height="700"><circle cx="300" cy="300" r="200" fill="#fc0"/></svg>') }])
      .jpeg()
      .toBuffer();
    const path = join(dir, "cut.jpg");
    await writeFile(path, whole.subarray(0, whole.length >> 1));
    expect((await sniffFile(path)).complete).toBe(false);
    expect(["truncated", "corrupt"]).toContain((await failureOf(ingest(path))).kind);
  });

  it("refuses a mime/kind outside the allowlist and a file over maxBytes", async () => {
    const path = await jpegWithMetadata(join(dir, "ok.jpg"));
    expect((await failureOf(processMedia({ path, mime: "text/html", kind: "document", workDir: dir, limits }))).kind).toBe("unsupported_type");
    expect((await failureOf(processMedia({ path, mime: "image/jpeg", kind: "video", workDir: dir, limits }))).kind).toBe("unsupported_type");
    const e = await failureOf(processMedia({ path, mime: "image/jpeg", kind: "image", workDir: dir, limits: { ...limits, maxBytes: 1000 } }));
    expect(e.kind).toBe("too_large");
  });
});
