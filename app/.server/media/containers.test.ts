// Every video container the upload accepts gets a poster-based thumb and preview (issue: mp4, mov, webm).
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempDir, testClip, testMp4 } from "../../../test/fixtures/media/generate";
import { processMedia } from "./process";
import { sniffFile } from "./sniff";

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await tempDir()));
afterAll(() => cleanup());

describe.each([
  ["mp4", "video/mp4"],
  ["mov", "video/quicktime"],
  ["webm", "video/webm"],
] as const)("%s", (ext, mime) => {
  it(`is sniffed as ${mime} and gets a poster thumb and preview`, async () => {
    const path = join(dir, `clip.${ext}`);
    if (ext === "mp4") await testMp4(path, 1);
    else await testClip(path, ext);
    const sniffed = await sniffFile(path);
    expect(sniffed).toMatchObject({ mime, kind: "video" });
    const out = await processMedia({ path, mime, kind: "video", workDir: join(dir, `w-${ext}`), limits: { maxPixels: 268_402_689 } });
    expect(out.durationSec).toBeGreaterThan(0.5);
    expect(out.width).toBe(320);
    expect(out.outputs.map((o) => o.presetId).sort()).toEqual(["preview", "thumb"]);
  });
});
