import { stat, writeFile, readFile } from "node:fs/promises";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempDir, testAudio, testMp4 } from "../../../test/fixtures/media/generate";
import { MediaError } from "./errors";
import { posterFrame, probeAv } from "./video";

// These tests need Debian's ffmpeg/ffprobe and fail (not skip) without them: CI installs them.
let dir: string;
let cleanup: () => Promise<void>;
let mp4: string;
beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  mp4 = await testMp4(join(dir, "clip.mp4"), 2, "320x240");
}, 60_000);
afterAll(() => cleanup());

describe("probeAv", () => {
  it("reads duration, codecs, size, frame rate and bitrate of an MP4", async () => {
    const p = await probeAv(mp4, "video/mp4");
    expect(p.durationSec).toBeGreaterThan(1.9);
    expect(p.durationSec).toBeLessThan(2.2);
    expect(p).toMatchObject({ videoCodec: "h264", audioCodec: "aac", width: 320, height: 240, frameRate: 25, hasVideo: true, hasAudio: true });
    expect(p.container).toContain("mp4");
    expect(p.bitrate).toBeGreaterThan(0);
  });

  it("reads an audio file: duration and codec, no video", async () => {
    const wav = await testAudio(join(dir, "tone.wav"), 1.5);
    const p = await probeAv(wav, "audio/wav");
    expect(p.durationSec).toBeCloseTo(1.5, 1);
    expect(p).toMatchObject({ audioCodec: "pcm_s16le", hasVideo: false, hasAudio: true });
    expect(p.width).toBeUndefined();
  });

  it("calls a cut-off MP4 truncated or corrupt", async () => {
    const bytes = await readFile(mp4);
    const cut = join(dir, "cut.mp4");
    // ffmpeg writes the index (moov) at the end by default: cutting it off loses the index.
    await writeFile(cut, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    const e = await probeAv(cut, "video/mp4").then(() => undefined, (err: unknown) => err);
    expect(e).toBeInstanceOf(MediaError);
    expect(["truncated", "corrupt"]).toContain((e as MediaError).kind);
  });
});

describe("posterFrame", () => {
  it("writes a PNG frame of the video's size", async () => {
    const out = join(dir, "poster.png");
    await posterFrame(mp4, out, { durationSec: 2, mime: "video/mp4" });
    const m = await sharp(out).metadata();
    expect([m.format, m.width, m.height]).toEqual(["png", 320, 240]);
    expect((await stat(out)).size).toBeGreaterThan(0);
  });

  it("falls back to the first frame when the seek lands past the end", async () => {
    const short = await testMp4(join(dir, "short.mp4"), 0.2, "160x120");
    const out = join(dir, "poster-short.png");
    await posterFrame(short, out, { durationSec: 100, mime: "video/mp4" }); // a wrong duration: seek at 1 s
    expect((await sharp(out).metadata()).width).toBe(160);
  });
});
