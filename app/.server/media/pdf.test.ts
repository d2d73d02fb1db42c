import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempDir, tinyPdf } from "../../../test/fixtures/media/generate";
import { MediaError } from "./errors";
import { pdfInfo, renderPdfFirstPage } from "./pdf";

// These tests need poppler-utils and fail (not skip) without them: CI installs them.
let dir: string;
let cleanup: () => Promise<void>;
let pdf: string;
beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  pdf = join(dir, "doc.pdf");
  await writeFile(pdf, tinyPdf());
});
afterAll(() => cleanup());

describe("pdf", () => {
  it("counts pages and reads the page size", async () => {
    expect(await pdfInfo(pdf)).toMatchObject({ pageCount: 1, pageWidthPt: 300, pageHeightPt: 200 });
  });

  it("renders the first page to fit 1600 px", async () => {
    const png = await renderPdfFirstPage(pdf, join(dir, "page"));
    const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([1600, 1067]);
    expect(data.some((v) => v < 128)).toBe(true); // the text and the blue box were drawn
  });

  it("rejects something that is not a PDF", async () => {
    const bad = join(dir, "bad.pdf");
    await writeFile(bad, "%PDF-1.4\nthis is not really a pdf\n");
    const e = await pdfInfo(bad).then(() => undefined, (err: unknown) => err);
    expect(e).toBeInstanceOf(MediaError);
    expect(["corrupt", "truncated"]).toContain((e as MediaError).kind);
  });
});
