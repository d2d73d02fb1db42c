// PDF: facts from pdfinfo, first page rendered by pdftoppm (poppler-utils).
import { rm, stat } from "node:fs/promises";
import { MediaError, mediaErrors } from "./errors";
import { argPath, runTool, ToolFailure } from "./exec";

export interface PdfInfo {
  pageCount: number;
  /** First page size in points (1/72 in). */
  pageWidthPt?: number;
  pageHeightPt?: number;
  title?: string;
  author?: string;
  creator?: string;
  producer?: string;
  pdfVersion?: string;
}

const TIMEOUT_MS = 30_000;
const LABEL = "PDF";

export async function pdfInfo(path: string): Promise<PdfInfo> {
  let stdout: string;
  try {
    ({ stdout } = await runTool("pdfinfo", ["-enc", "UTF-8", argPath(path)], {
      timeoutMs: TIMEOUT_MS, debianPackage: "poppler-utils", label: LABEL,
    }));
  } catch (e) {
    throw await pdfError(e, path);
  }
  const fields = new Map<string, string>();
  for (const line of stdout.split("\n")) {
    const m = line.match(/^([A-Za-z ]+):\s*(.*)$/);
    if (m) fields.set(m[1]!.trim(), m[2]!.trim());
  }
  const pages = Number(fields.get("Pages"));
  if (!Number.isInteger(pages) || pages < 1) throw mediaErrors.corrupt(LABEL, "it has no pages");
  const info: PdfInfo = { pageCount: pages };
  const size = fields.get("Page size")?.match(/^([\d.]+) x ([\d.]+) pts/);
  if (size) {
    info.pageWidthPt = Number(size[1]);
    info.pageHeightPt = Number(size[2]);
  }
  for (const [field, key] of [["Title", "title"], ["Author", "author"], ["Creator", "creator"], ["Producer", "producer"], ["PDF version", "pdfVersion"]] as const) {
    const v = fields.get(field);
    if (v) info[key] = v.slice(0, 500);
  }
  return info;
}

/**
 * Renders page 1 to `<outPrefix>.png`. Scaled to fit `maxSide` px (instead of a fixed 72 dpi) so a poster-size
 * page cannot become a gigapixel bitmap and an A4 page still fills the 1600 px preview.
 */
export async function renderPdfFirstPage(path: string, outPrefix: string, maxSide = 1600): Promise<string> {
  const outPath = `${outPrefix}.png`;
  await rm(outPath, { force: true });
  try {
    await runTool(
      "pdftoppm",
      ["-png", "-f", "1", "-l", "1", "-singlefile", "-scale-to", String(maxSide), argPath(path), argPath(outPrefix)],
      { timeoutMs: TIMEOUT_MS, debianPackage: "poppler-utils", label: LABEL },
    );
  } catch (e) {
    throw await pdfError(e, path);
  }
  if (!(await stat(outPath).then((s) => s.size > 0, () => false))) throw mediaErrors.corrupt(LABEL, "its first page could not be drawn");
  return outPath;
}

async function pdfError(e: unknown, path: string): Promise<MediaError> {
  if (e instanceof MediaError) return e;
  const stderr = e instanceof ToolFailure ? e.stderr : String(e);
  if ((await stat(path).then((s) => s.size, () => 0)) === 0) return mediaErrors.empty();
  if (/password/i.test(stderr))
    return new MediaError("corrupt", "This PDF is password-protected. Save a copy without the password and upload that.");
  if (/couldn't find trailer|couldn't read xref|eof|truncat/i.test(stderr)) return mediaErrors.truncated(LABEL, stderr.trim().slice(0, 500));
  return mediaErrors.corrupt(LABEL, undefined, stderr.trim().slice(0, 500));
}
