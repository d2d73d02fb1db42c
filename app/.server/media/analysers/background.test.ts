import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { scene } from "../../../../test/fixtures/media/generate";
import { backgroundAnalyser, classifyBackground } from "./background";
import { decoded, noisyGradient, productShot } from "./test-images";
import type { TagSuggestion } from "./types";

const background = async (input: Buffer): Promise<TagSuggestion> => {
  const { tags } = await backgroundAnalyser.analyse(await decoded(input));
  expect(tags).toHaveLength(1);
  return tags[0]!;
};

describe("background analyser", () => {
  it("calls a white packshot pure white", async () => {
    const t = await background(await productShot("#2050d0"));
    expect(backgroundAnalyser).toMatchObject({ id: "background", version: 1 });
    expect(t).toMatchObject({ facet: "background", value: "pure white", valueZh: "纯白背景" });
    expect(t.confidence).toBeGreaterThan(0.9);
  });

  it("still calls it pure white when the product touches the bottom edge", async () => {
    const base = `<rect x="360" y="900" width="480" height="300" fill="#2050d0"/>`;
    expect((await background(await productShot("#2050d0", { extra: base }))).value).toBe("pure white");
  });

  it("calls an off-white or grey background solid, not pure white (Amazon wants RGB 255)", async () => {
    expect(await background(await productShot("#2050d0", { background: "#ebebeb" }))).toMatchObject({ value: "solid", valueZh: "纯色背景" });
    expect((await background(await productShot("#f0f0f0", { background: "#808080" }))).value).toBe("solid");
    expect((await background(await productShot("#f0f0f0", { background: "#101010" }))).value).toBe("solid");
  });

  it("calls a cut-out PNG transparent", async () => {
    const t = await background(await productShot("#ff8000", { background: "none", format: "png" }));
    expect(t).toMatchObject({ value: "transparent", valueZh: "透明背景" });
    expect(t.confidence).toBeGreaterThan(0.9);
  });

  it("does not call an opaque image with an alpha channel transparent", async () => {
    const png = await sharp(await productShot("#2050d0")).ensureAlpha().png().toBuffer();
    expect((await background(png)).value).toBe("pure white");
  });

  it("calls a noisy gradient and a photo-like scene a scene", async () => {
    expect(await background(await noisyGradient())).toMatchObject({ value: "scene", valueZh: "场景图" });
    expect((await background(await (await scene(800, 600, 7)).jpeg().toBuffer())).value).toBe("scene");
  });
});

describe("classifyBackground", () => {
  it("applies the thresholds in order, with confidence rising to 1 when the whole band agrees", () => {
    expect(classifyBackground({ transparent: 1, white: 0, uniform: 0 })).toMatchObject({ value: "transparent", confidence: 1 });
    expect(classifyBackground({ transparent: 0, white: 1, uniform: 1 })).toMatchObject({ value: "pure white", confidence: 1 });
    expect(classifyBackground({ transparent: 0, white: 0.8, uniform: 0.95 }).value).toBe("solid");
    expect(classifyBackground({ transparent: 0, white: 0, uniform: 0.5 }).value).toBe("scene");
    const borderline = classifyBackground({ transparent: 0, white: 0.86, uniform: 0.86 });
    expect(borderline.value).toBe("pure white");
    expect(borderline.confidence).toBeLessThan(0.6);
  });
});
