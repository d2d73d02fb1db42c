// The OCR analyser (issue #7, id "ocr"): the text in an image, for search, plus the tags "has text"
// (有文字) and the language of that text ("english" 英文 / "chinese" 中文; both for mixed text).
//
// Engines (see ocr.worker.ts and ocr-text.ts): PaddleOCR (PP-OCRv4, Chinese + English) reads every image;
// tesseract (eng) runs only when Paddle found Latin text, to restore the spaces Paddle drops between
// Latin words. Both run in a worker thread (ocr-pool.ts), never on the caller's event loop.
import type { AnalyserImage, AnalyserResult, ImageAnalyser, TagSuggestion } from "./types";
import { OcrPool, type OcrInput, type OcrPoolOptions } from "./ocr-pool";
import { countScripts, type OcrResult } from "./ocr-text";

export type { OcrResult, OcrLine, OcrLanguage, OcrTimings } from "./ocr-text";
export { OcrPool, type OcrInput, type OcrPoolOptions } from "./ocr-pool";

export const OCR_ANALYSER_ID = "ocr";
export const OCR_ANALYSER_VERSION = 1;

const round2 = (n: number) => Math.round(n * 100) / 100;
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

/** "has text" when any line was kept; a language tag per script present (both for mixed text). */
export function ocrTags(result: OcrResult): TagSuggestion[] {
  if (!result.lines.length || !result.language) return [];
  const tags: TagSuggestion[] = [{ facet: "text", value: "has text", valueZh: "有文字", confidence: round2(mean(result.lines.map((l) => l.confidence))) }];
  const confidenceOf = (script: "han" | "latin") => round2(mean(result.lines.filter((l) => countScripts(l.text)[script] > 0).map((l) => l.confidence)));
  if (result.language === "en" || result.language === "mixed") tags.push({ facet: "language", value: "english", valueZh: "英文", confidence: confidenceOf("latin") });
  if (result.language === "zh" || result.language === "mixed") tags.push({ facet: "language", value: "chinese", valueZh: "中文", confidence: confidenceOf("han") });
  return tags;
}

export function toAnalyserResult(result: OcrResult): AnalyserResult {
  if (!result.content || !result.language) return { tags: [] };
  return { tags: ocrTags(result), text: { content: result.content, language: result.language } };
}

export interface OcrAnalyser extends ImageAnalyser {
  /** Reads an encoded image (PNG, JPEG, WebP…: anything sharp decodes), e.g. a rendition file's bytes. */
  recogniseText(buffer: Uint8Array): Promise<OcrResult>;
  /** Same as analyse() on an encoded image. */
  analyseBuffer(buffer: Uint8Array): Promise<AnalyserResult>;
}

/** An OCR analyser on the given pool (default: the shared pool, started on first use). */
export function createOcrAnalyser(pool: OcrPool | (() => OcrPool) = getOcrPool): OcrAnalyser {
  const poolOf = () => (typeof pool === "function" ? pool() : pool);
  const run = (input: OcrInput) => poolOf().recognise(input);
  return {
    id: OCR_ANALYSER_ID,
    version: OCR_ANALYSER_VERSION,
    async analyse(image: AnalyserImage) {
      return toAnalyserResult(await run({ data: image.data, width: image.width, height: image.height, channels: image.channels }));
    },
    recogniseText: (buffer) => run(buffer),
    async analyseBuffer(buffer) {
      return toAnalyserResult(await run(buffer));
    },
  };
}

let shared: OcrPool | null = null;

/** The process-wide pool (one worker unless configured on first call). */
export function getOcrPool(options?: OcrPoolOptions): OcrPool {
  shared ??= new OcrPool(options);
  return shared;
}

/** Stops the shared pool's worker (service shutdown, end of tests). The next use starts a new one. */
export async function closeOcrPool(): Promise<void> {
  const pool = shared;
  shared = null;
  await pool?.close();
}

/** Reads the text in an encoded image on the shared pool. */
export function recogniseText(buffer: Uint8Array): Promise<OcrResult> {
  return getOcrPool().recognise(buffer);
}

export const ocrAnalyser: OcrAnalyser = createOcrAnalyser();
