// The single entry point of the ingest job: one file in, facts + thumb/preview out.
import { mkdir, readFile, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { mediaErrors } from "./errors";
import { formatOf } from "./formats";
import { inspectImage, renderImageOutputs, type RenderedImage } from "./image";
import { toJsonObject } from "./json";
import { pdfInfo, renderPdfFirstPage } from "./pdf";
import { sanitizeSvg } from "./svg";
import type { MediaLimits, ProcessedMedia, ProcessMediaInput } from "./types";
import { posterFrame, probeAv } from "./video";

export type { JsonValue, MediaLimits, MediaOutput, OutputPresetId, ProcessedMedia, ProcessMediaInput } from "./types";
export { MediaError, type MediaErrorKind } from "./errors";

/**
 * `mime`/`kind` are the sniffed ones (sniffType); anything outside the allowlist is refused here too.
 * Outputs are written into `workDir` (created if needed); the caller stores them and removes the dir.
 */
export async function processMedia(input: ProcessMediaInput): Promise<ProcessedMedia> {
  const format = formatOf(input.mime);
  if (!format || format.kind !== input.kind) throw mediaErrors.unsupported(`a file of type ${input.mime} (declared as ${input.kind})`);
  const { size } = await stat(input.path);
  if (size === 0) throw mediaErrors.empty();
  if (input.limits.maxBytes !== undefined && size > input.limits.maxBytes) throw mediaErrors.tooLarge(size, input.limits.maxBytes);
  await mkdir(input.workDir, { recursive: true });

  switch (input.kind) {
    case "image":
      return processImage(input);
    case "video":
    case "audio":
      return processAv(input);
    case "document":
      return processPdf(input);
  }
}

async function processImage({ path, mime, workDir, limits }: ProcessMediaInput): Promise<ProcessedMedia> {
  // SVG: sanitise once; librsvg only ever sees the cleaned document.
  const source = mime === "image/svg+xml" ? Buffer.from(sanitizeSvg(await readFile(path, "utf8")), "utf8") : path;
  const { probe, embedded } = await inspectImage(source, limits, mime); // rejects pixel bombs before decoding
  const rendered = await renderImageOutputs(source, { workDir, maxPixels: limits.maxPixels, mime });
  const { keywords, ...rest } = embedded;
  return {
    width: probe.width,
    height: probe.height,
    metadata: toJsonObject({ image: probe, embedded: rest }),
    keywords,
    phash: rendered.phash,
    outputs: rendered.outputs,
  };
}

async function processAv({ path, mime, kind, workDir, limits }: ProcessMediaInput): Promise<ProcessedMedia> {
  const av = await probeAv(path, mime);
  const result: ProcessedMedia = { metadata: toJsonObject({ [kind]: av }), keywords: [], outputs: [] };
  if (av.durationSec !== undefined) result.durationSec = av.durationSec;
  if (kind === "audio" || !av.hasVideo) return result;
  if (av.width && av.height) Object.assign(result, { width: av.width, height: av.height });
  const poster = await posterFrame(path, join(workDir, "poster.png"), { durationSec: av.durationSec, mime });
  return withRendered(result, await renderFrom(poster, workDir, limits));
}

async function processPdf({ path, workDir, limits }: ProcessMediaInput): Promise<ProcessedMedia> {
  const info = await pdfInfo(path);
  const page = await renderPdfFirstPage(path, join(workDir, "page-1"));
  const result: ProcessedMedia = { pageCount: info.pageCount, metadata: toJsonObject({ document: info }), keywords: [], outputs: [] };
  return withRendered(result, await renderFrom(page, workDir, limits));
}

/** Thumb/preview from an intermediate PNG (poster, PDF page), which is then removed. */
async function renderFrom(png: string, workDir: string, limits: MediaLimits): Promise<RenderedImage> {
  try {
    return await renderImageOutputs(png, { workDir, maxPixels: limits.maxPixels, mime: "image/png" });
  } finally {
    await rm(png, { force: true });
  }
}

function withRendered(result: ProcessedMedia, rendered: RenderedImage): ProcessedMedia {
  return { ...result, phash: rendered.phash, outputs: rendered.outputs };
}
