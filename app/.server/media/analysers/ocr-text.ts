// Pure text side of the OCR analyser (issue #7): the shapes the OCR worker returns, how the two engines'
// readings are merged, garbage filtering, normalisation and script-ratio language detection. No engine
// is imported here, so the worker, the pool and the tests share it without loading any model.

export type OcrLanguage = "en" | "zh" | "mixed" | "other";

/** Axis-aligned box in the pixels of the image the engines saw. */
export interface OcrBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** One line as PaddleOCR read it (detector + recogniser; reads Chinese and Latin). */
export interface PaddleLine {
  text: string;
  /** Mean per-character probability, 0..1. */
  confidence: number;
  box: OcrBox | null;
}

/** One word as tesseract read it: used only to restore the spaces Paddle drops between Latin words. */
export interface TesseractWord {
  text: string;
  /** 0..1 (tesseract reports 0..100). */
  confidence: number;
  box: OcrBox;
}

export interface OcrLine {
  text: string;
  confidence: number;
  /** "paddle" when the line is Paddle's reading as is; "paddle+tesseract" when tesseract's word breaks were applied. */
  engine: "paddle" | "paddle+tesseract";
}

export interface OcrTimings {
  /** Decode/normalise the image for the engines. */
  prepareMs: number;
  paddleMs: number;
  /** null when tesseract was not run (Paddle found no Latin text). */
  tesseractMs: number | null;
  totalMs: number;
}

export interface OcrResult {
  /** Kept lines, whitespace collapsed, joined with "\n"; "" when no text was found. */
  content: string;
  /** null when no text was found. */
  language: OcrLanguage | null;
  lines: OcrLine[];
  timings: OcrTimings;
}

export interface MergeOptions {
  /** Paddle lines below this mean probability are dropped. */
  minLineConfidence?: number;
  /** Tesseract words below this confidence are not used for word breaks. */
  minWordConfidence?: number;
}

export const DEFAULT_MIN_LINE_CONFIDENCE = 0.7;
export const DEFAULT_MIN_WORD_CONFIDENCE = 0.7;

const HAN = /\p{Script=Han}/u;
const LATIN = /\p{Script=Latin}/u;

/** NFKC (full-width Latin and digits become ASCII), whitespace collapsed, trimmed. */
export function normaliseLine(text: string): string {
  return text.normalize("NFKC").replace(/\s+/gu, " ").trim();
}

/**
 * Whether a line is worth keeping: at least two letters (any script) or a number of two digits or more,
 * and at least half of its visible characters letters or digits. Drops the single characters and symbol
 * runs the detector finds in textures, dots and edges.
 */
export function isMeaningfulLine(text: string): boolean {
  const visible = [...text.replace(/\s/gu, "")];
  if (visible.length < 2) return false;
  const letters = visible.filter((c) => /\p{L}/u.test(c)).length;
  const alnum = visible.filter((c) => /[\p{L}\p{N}]/u.test(c)).length;
  if (alnum / visible.length < 0.5) return false;
  return letters >= 2 || /\p{N}{2,}/u.test(text);
}

/** At least two Latin letters: the trigger for the tesseract pass (it reads Latin only). */
export function hasLatinText(text: string): boolean {
  return [...text].filter((c) => LATIN.test(c)).length >= 2;
}

export interface ScriptCounts {
  han: number;
  latin: number;
  /** Letters of any other script (kana, hangul, Cyrillic, …). */
  other: number;
}

export function countScripts(text: string): ScriptCounts {
  const counts: ScriptCounts = { han: 0, latin: 0, other: 0 };
  for (const c of text) {
    if (HAN.test(c)) counts.han++;
    else if (LATIN.test(c)) counts.latin++;
    else if (/\p{L}/u.test(c)) counts.other++;
  }
  return counts;
}

/**
 * Language by script ratio over letters (digits and symbols do not count; one Han character weighs as
 * one Latin letter): ≥ 90 % Han → zh, ≥ 90 % Latin → en, Han and Latin together ≥ 90 % → mixed,
 * anything else (kana, hangul, Cyrillic, digits only) → other. null for no text.
 */
export function detectLanguage(text: string): OcrLanguage | null {
  if (!text.trim()) return null;
  const { han, latin, other } = countScripts(text);
  const total = han + latin + other;
  if (total === 0) return "other";
  if (han / total >= 0.9) return "zh";
  if (latin / total >= 0.9) return "en";
  if (han > 0 && latin > 0 && (han + latin) / total >= 0.9) return "mixed";
  return "other";
}

/** Box of a Paddle polygon (four corner points). */
export function boxOfPolygon(points: readonly (readonly number[])[] | undefined): OcrBox | null {
  if (!points?.length) return null;
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  if (xs.some((v) => !Number.isFinite(v)) || ys.some((v) => !Number.isFinite(v))) return null;
  return { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) };
}

/** A word belongs to a line when their boxes share at least half the smaller height and overlap horizontally. */
function wordInLine(word: OcrBox, line: OcrBox): boolean {
  const vertical = Math.min(word.y1, line.y1) - Math.max(word.y0, line.y0);
  const minHeight = Math.min(word.y1 - word.y0, line.y1 - line.y0);
  const horizontal = Math.min(word.x1, line.x1) - Math.max(word.x0, line.x0);
  return minHeight > 0 && vertical >= 0.5 * minHeight && horizontal > 0;
}

/**
 * Restores word breaks in a Paddle line from tesseract's words. Paddle's characters are kept (it reads
 * both scripts and is the more accurate recogniser); tesseract only says where Latin words start and end
 * ("SPRINGSALE" + words "SPRING", "SALE" → "SPRING SALE"; "新品上市NEWARRIVAL" → "新品上市 NEW ARRIVAL").
 * Words are matched in reading order, case-insensitively, ignoring spaces; a word that is not found (a
 * misreading, or tesseract's guess at Chinese glyphs) is skipped. No space is ever removed.
 */
export function applyWordBreaks(line: string, words: readonly string[]): string {
  const chars: string[] = [];
  const breaks = new Set<number>();
  for (const c of line) {
    if (/\s/u.test(c)) {
      if (chars.length) breaks.add(chars.length);
    } else chars.push(c);
  }
  const lower = chars.map((c) => c.toLowerCase());
  const compact = lower.join("");
  // Offsets in `compact` are UTF-16 units; map them back to character indexes.
  const charAt: number[] = [];
  lower.forEach((c, i) => {
    for (let k = 0; k < c.length; k++) charAt.push(i);
  });
  let cursor = 0;
  for (const word of words) {
    const w = word.replace(/\s/gu, "").toLowerCase();
    if (!w) continue;
    const at = compact.indexOf(w, cursor);
    if (at < 0) continue;
    const start = charAt[at];
    const end = at + w.length < charAt.length ? charAt[at + w.length] : chars.length;
    if (start > 0) breaks.add(start);
    if (end < chars.length) breaks.add(end);
    cursor = at + w.length;
  }
  let out = "";
  chars.forEach((c, i) => {
    out += (breaks.has(i) ? " " : "") + c;
  });
  return out;
}

/** Reading order: rows top to bottom (lines whose vertical centres are within half a line height share a row), then left to right. */
function readingOrder<T extends { box: OcrBox | null }>(items: T[]): T[] {
  const withBox = items.filter((i): i is T & { box: OcrBox } => i.box !== null);
  const without = items.filter((i) => i.box === null);
  withBox.sort((a, b) => (a.box.y0 + a.box.y1) / 2 - (b.box.y0 + b.box.y1) / 2);
  const rows: (T & { box: OcrBox })[][] = [];
  for (const item of withBox) {
    const row = rows[rows.length - 1];
    const last = row?.[row.length - 1];
    const h = Math.min(item.box.y1 - item.box.y0, last ? last.box.y1 - last.box.y0 : Infinity);
    if (row && last && Math.abs((item.box.y0 + item.box.y1) / 2 - (last.box.y0 + last.box.y1) / 2) <= h / 2) row.push(item);
    else rows.push([item]);
  }
  return [...rows.flatMap((row) => row.sort((a, b) => a.box.x0 - b.box.x0)), ...without];
}

/**
 * Merges the engines' readings. Paddle is the detector of record: every kept line is a Paddle line (it
 * found every line in our tests, including light-on-dark and small text, and returned nothing on
 * textures), and tesseract, when it ran, contributes only Latin word breaks. Tesseract's own lines are
 * not added: on Chinese glyphs and patterns it returns confident-looking Latin garbage.
 */
export function mergeReadings(
  paddle: readonly PaddleLine[],
  tesseract: readonly TesseractWord[] | null,
  timings: OcrTimings,
  options: MergeOptions = {},
): OcrResult {
  const minLine = options.minLineConfidence ?? DEFAULT_MIN_LINE_CONFIDENCE;
  const minWord = options.minWordConfidence ?? DEFAULT_MIN_WORD_CONFIDENCE;
  const words = (tesseract ?? []).filter((w) => w.confidence >= minWord && [...w.text.trim()].length >= 2 && /[\p{Script=Latin}\p{N}]/u.test(w.text));
  const lines: OcrLine[] = [];
  for (const p of readingOrder(paddle.map((l) => ({ ...l, text: normaliseLine(l.text) })))) {
    if (p.confidence < minLine || !isMeaningfulLine(p.text)) continue;
    let text = p.text;
    let engine: OcrLine["engine"] = "paddle";
    if (p.box && hasLatinText(text)) {
      const lineBox = p.box;
      const inLine = words
        .filter((w) => wordInLine(w.box, lineBox))
        .sort((a, b) => a.box.x0 - b.box.x0)
        .map((w) => normaliseLine(w.text));
      const spaced = applyWordBreaks(text, inLine);
      if (spaced !== text) {
        text = spaced;
        engine = "paddle+tesseract";
      }
    }
    if (lines.length && lines[lines.length - 1].text === text) continue;
    lines.push({ text, confidence: p.confidence, engine });
  }
  const content = lines.map((l) => l.text).join("\n");
  return { content, language: detectLanguage(content), lines, timings };
}
