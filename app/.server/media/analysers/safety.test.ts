// Safety analyser on the real model (nsfwjs MobileNetV2 on the WASM backend, in the vision worker thread),
// on real photos (test/fixtures/eval/photos, see LICENSE.md there) and a generated packshot. No sensitive
// image is checked in: "sensitive" is covered on class probabilities.
import path from "node:path";
import { fileURLToPath } from "node:url";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadAnalyserImage } from "./decode";
import { createSafetyAnalyser, SAFETY_CLASSES, safetyTag, type SafetyScores } from "./safety";
import { VisionPool } from "./vision-pool";

const PHOTOS = fileURLToPath(new URL("../../../../test/fixtures/eval/photos/", import.meta.url));

const scores = (s: Partial<SafetyScores["scores"]>): SafetyScores["scores"] => ({ Drawing: 0, Hentai: 0, Neutral: 0, Porn: 0, Sexy: 0, ...s });

describe("safety tag", () => {
  it("is safe unless Porn + Hentai + Sexy clearly dominate", () => {
    expect(safetyTag(scores({ Neutral: 0.93, Drawing: 0.06, Porn: 0.01 }))).toEqual({ facet: "safety", value: "safe", valueZh: "安全", confidence: 0.99 });
    expect(safetyTag(scores({ Drawing: 0.91, Neutral: 0.09 }))).toMatchObject({ value: "safe", confidence: 1 });
    // Ambiguous: still safe, with a low confidence.
    expect(safetyTag(scores({ Neutral: 0.4, Sexy: 0.45, Porn: 0.15 }))).toMatchObject({ value: "safe", confidence: 0.4 });
    expect(safetyTag(scores({ Neutral: 0.2, Sexy: 0.5, Porn: 0.3 }))).toEqual({ facet: "safety", value: "sensitive", valueZh: "敏感", confidence: 0.8 });
    expect(safetyTag(scores({ Drawing: 0.1, Hentai: 0.9 }))).toMatchObject({ value: "sensitive", confidence: 0.9 });
  });
});

describe("safety analyser (nsfwjs, WASM, worker thread)", { timeout: 180_000 }, () => {
  let pool: VisionPool;
  let analyser: ReturnType<typeof createSafetyAnalyser>;
  const timings: string[] = [];

  beforeAll(() => {
    pool = new VisionPool();
    analyser = createSafetyAnalyser(pool);
  });
  afterAll(async () => {
    await pool.close();
    console.info(`Safety timings (ms):\n${timings.join("\n")}`);
  });

  it("has the analyser identity of the contract", () => {
    expect(analyser.id).toBe("safety");
    expect(analyser.version).toBe(1);
  });

  it.each(["astronaut.png", "camera.png", "chelsea.png", "coffee.png", "rocket.jpg"])("calls %s safe", async (name) => {
    const image = await loadAnalyserImage(path.join(PHOTOS, name));
    const started = performance.now();
    const result = await analyser.classify(image);
    timings.push(`${name} ${image.width}×${image.height}×${image.channels}: load ${result.timings.loadMs ?? "-"}, infer ${result.timings.inferMs}, round trip ${Math.round(performance.now() - started)}`);
    const total = SAFETY_CLASSES.reduce((sum, c) => sum + result.scores[c], 0);
    expect(total).toBeGreaterThan(0.98);
    expect(total).toBeLessThan(1.02);
    expect(safetyTag(result.scores)).toMatchObject({ facet: "safety", value: "safe", valueZh: "安全" });
    expect(safetyTag(result.scores).confidence).toBeGreaterThan(0.8);
  });

  it("calls a plain packshot safe through the contract's entry point", async () => {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="800"><rect width="100%" height="100%" fill="#ffffff"/><rect x="250" y="250" width="300" height="300" fill="#d22222"/></svg>`;
    const image = await loadAnalyserImage(await sharp(Buffer.from(svg)).png().toBuffer());
    const started = performance.now();
    const result = await analyser.analyse(image);
    timings.push(`packshot ${image.width}×${image.height}×${image.channels}: round trip ${Math.round(performance.now() - started)}`);
    expect(result.tags).toEqual([expect.objectContaining({ facet: "safety", value: "safe", valueZh: "安全" })]);
  });
});
