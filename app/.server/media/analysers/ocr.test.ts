// OCR analyser on real engines (PaddleOCR + tesseract in a worker thread), on images rendered from SVG.
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOcrAnalyser, OcrPool, ocrTags, toAnalyserResult, type OcrResult } from "./ocr";
import { applyWordBreaks, detectLanguage, isMeaningfulLine, mergeReadings, type PaddleLine } from "./ocr-text";
import { PREVIEW_EDGE, type AnalyserImage, type AnalyserResult } from "./types";

const CJK_FONT = "Noto Sans CJK SC";

function svg(body: string, width = 512, height = 512): Buffer {
  return Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${body}</svg>`);
}

/** A poster: lines of bold text on a warm background. */
function poster(lines: string[], size = 44): Buffer {
  const text = lines
    .map((l, i) => `<text x="32" y="${150 + i * (size + 40)}" font-family="${CJK_FONT}" font-size="${size}" font-weight="bold" fill="#1f1f1f">${l}</text>`)
    .join("");
  return svg(`<rect width="100%" height="100%" fill="#f4e9d8"/>${text}`);
}

/** The analysers' shared decode: raw pixels, long side ≤ PREVIEW_EDGE. */
async function toAnalyserImage(input: Buffer): Promise<AnalyserImage> {
  const { data, info } = await sharp(input).resize({ width: PREVIEW_EDGE, height: PREVIEW_EDGE, fit: "inside" }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: 3, originalWidth: info.width, originalHeight: info.height };
}

const words = (content: string) => content.toLowerCase().split(/\s+/);
const tagValues = (r: AnalyserResult) => r.tags.map((t) => `${t.facet}:${t.value}`).sort();

describe("OCR text helpers", () => {
  it("detects the language by script ratio", () => {
    expect(detectLanguage("SPRING SALE 50% OFF")).toBe("en");
    expect(detectLanguage("春季新品\n限时特惠")).toBe("zh");
    expect(detectLanguage("纯棉T恤透气舒适机洗")).toBe("zh"); // one Latin letter in ten
    expect(detectLanguage("春季新品 NEW ARRIVAL")).toBe("mixed");
    expect(detectLanguage("новая коллекция")).toBe("other");
    expect(detectLanguage("2024")).toBe("other");
    expect(detectLanguage("  ")).toBeNull();
  });

  it("drops single characters and symbol runs", () => {
    expect(isMeaningfulLine("0")).toBe(false);
    expect(isMeaningfulLine("电")).toBe(false);
    expect(isMeaningfulLine("0 0")).toBe(false);
    expect(isMeaningfulLine("-=|~")).toBe(false);
    expect(isMeaningfulLine("¥99")).toBe(true);
    expect(isMeaningfulLine("新品")).toBe(true);
    expect(isMeaningfulLine("OFF")).toBe(true);
  });

  it("restores Latin word breaks from tesseract's words without touching Paddle's characters", () => {
    expect(applyWordBreaks("SPRINGSALE", ["SPRING", "SALE"])).toBe("SPRING SALE");
    expect(applyWordBreaks("50%OFF", ["50%", "OFF"])).toBe("50% OFF");
    expect(applyWordBreaks("新品上市NEWARRIVAL", ["¥ram", "Lt", "NEW", "ARRIVAL"])).toBe("新品上市 NEW ARRIVAL");
    expect(applyWordBreaks("tee,machine washable", ["tee,", "machine", "washable"])).toBe("tee, machine washable");
    expect(applyWordBreaks("纯棉T恤", ["ERT", "BSEFE"])).toBe("纯棉T恤");
  });

  it("merges: low-confidence and garbage lines out, reading order, whitespace normalised", () => {
    const box = (x0: number, y0: number, x1: number, y1: number) => ({ x0, y0, x1, y1 });
    const paddle: PaddleLine[] = [
      { text: "50%OFF", confidence: 0.99, box: box(30, 200, 250, 240) },
      { text: "SPRING  SALE", confidence: 0.95, box: box(30, 100, 330, 140) },
      { text: "0", confidence: 0.97, box: box(400, 400, 410, 410) },
      { text: "blurry", confidence: 0.4, box: box(30, 300, 200, 330) },
    ];
    const tesseract = [
      { text: "50%", confidence: 0.96, box: box(30, 201, 120, 239) },
      { text: "OFF", confidence: 0.96, box: box(140, 201, 250, 239) },
    ];
    const r = mergeReadings(paddle, tesseract, { prepareMs: 0, paddleMs: 0, tesseractMs: 0, totalMs: 0 });
    expect(r.content).toBe("SPRING SALE\n50% OFF");
    expect(r.language).toBe("en");
    expect(r.lines.map((l) => l.engine)).toEqual(["paddle", "paddle+tesseract"]);
  });
});

describe("OCR analyser (PaddleOCR + tesseract in a worker thread)", { timeout: 180_000 }, () => {
  let pool: OcrPool;
  let analyser: ReturnType<typeof createOcrAnalyser>;
  const timings: string[] = [];

  beforeAll(() => {
    pool = new OcrPool();
    analyser = createOcrAnalyser(pool);
  });
  afterAll(async () => {
    await pool.close();
    console.info(`OCR timings (ms; first call includes model load):\n${timings.join("\n")}`);
  });

  async function read(name: string, image: Buffer): Promise<{ ocr: OcrResult; result: AnalyserResult }> {
    const pixels = await toAnalyserImage(image);
    const started = performance.now();
    const ocr = await pool.recognise({ data: pixels.data, width: pixels.width, height: pixels.height, channels: pixels.channels });
    timings.push(`${name}: paddle ${ocr.timings.paddleMs}, tesseract ${ocr.timings.tesseractMs ?? "-"}, worker total ${ocr.timings.totalMs}, round trip ${Math.round(performance.now() - started)}`);
    return { ocr, result: toAnalyserResult(ocr) };
  }

  it("has the analyser identity of the contract", () => {
    expect(analyser.id).toBe("ocr");
    expect(analyser.version).toBe(1);
  });

  it("reads English text with its word breaks", async () => {
    const { ocr, result } = await read("english", poster(["SPRING SALE", "50% OFF"], 56));
    const w = words(result.text?.content ?? "");
    for (const word of ["spring", "sale", "50%", "off"]) expect(w).toContain(word);
    expect(result.text?.language).toBe("en");
    expect(tagValues(result)).toEqual(["language:english", "text:has text"]);
    expect(result.tags.find((t) => t.facet === "text")?.valueZh).toBe("有文字");
    expect(ocr.timings.tesseractMs).not.toBeNull();
    // The contract's entry point gives the same answer on the shared decode.
    expect(await analyser.analyse(await toAnalyserImage(poster(["SPRING SALE", "50% OFF"], 56)))).toEqual(result);
  });

  it("reads Chinese text", async () => {
    const { ocr, result } = await read("chinese", poster(["春季新品", "限时特惠"], 56));
    expect(result.text?.content).toContain("春季新品");
    expect(result.text?.content).toContain("限时特惠");
    expect(result.text?.language).toBe("zh");
    expect(tagValues(result)).toEqual(["language:chinese", "text:has text"]);
    expect(result.tags.find((t) => t.value === "chinese")?.valueZh).toBe("中文");
    expect(ocr.timings.tesseractMs).toBeNull(); // no Latin text: tesseract is not run
  });

  it("reads mixed Chinese and English text", async () => {
    const { result } = await read("mixed", poster(["春季新品 NEW ARRIVAL", "SPRING SALE 限时特惠"], 36));
    const content = result.text?.content ?? "";
    expect(content).toContain("春季新品");
    expect(content).toContain("限时特惠");
    for (const word of ["new", "arrival", "spring", "sale"]) expect(content.toLowerCase()).toContain(word);
    expect(result.text?.language).toBe("mixed");
    expect(tagValues(result)).toEqual(["language:chinese", "language:english", "text:has text"]);
    expect(content.split("\n")).toHaveLength(2);
  });

  it("finds no text on a plain product shape", async () => {
    const shape = svg(
      `<rect width="100%" height="100%" fill="#ffffff"/><ellipse cx="256" cy="470" rx="160" ry="18" fill="#e4e4e4"/>` +
        `<path d="M176 120 L336 120 L356 460 L156 460 Z" fill="#2b5fa8"/><rect x="226" y="70" width="60" height="56" rx="8" fill="#1c3f72"/>` +
        `<path d="M336 180 C420 190 420 330 346 340" stroke="#2b5fa8" stroke-width="22" fill="none"/>`,
    );
    const { ocr, result } = await read("blank", shape);
    expect(ocr.content).toBe("");
    expect(result.text).toBeUndefined();
    expect(result.tags).toEqual([]);
  });

  it("reads an encoded image (recogniseText / analyseBuffer) and serves queued requests in order", async () => {
    const jpeg = await sharp(svg(`<rect width="100%" height="100%" fill="#7a1020"/><text x="40" y="230" font-family="${CJK_FONT}" font-size="52" fill="#ffffff">Free Shipping</text>`, 640, 400)).jpeg({ quality: 85 }).toBuffer();
    const zh = await sharp(poster(["限时特惠"], 56)).png().toBuffer();
    const [a, b] = await Promise.all([analyser.recogniseText(jpeg), analyser.analyseBuffer(zh)]);
    expect(words(a.content)).toEqual(expect.arrayContaining(["free", "shipping"]));
    expect(a.language).toBe("en");
    expect(b.text?.content).toContain("限时特惠");
    expect(ocrTags(a).map((t) => t.value)).toEqual(["has text", "english"]);
  });

  it("fails a request that times out and drops its worker", async () => {
    const p = new OcrPool({ timeoutMs: 1 });
    await expect(p.recognise(await sharp(poster(["SALE"])).png().toBuffer())).rejects.toThrow(/timed out/);
    expect(p.pending).toBe(0);
    await p.close();
  });

  it("rejects requests after close()", async () => {
    const p = new OcrPool();
    await p.close();
    await expect(p.recognise(Buffer.from("x"))).rejects.toThrow(/closed/);
  });
});
