// `analyse.run` (issue #7): the registered analysers over one image version. The preview (or the
// original) is decoded once for all of them; each analyser that is due runs on its own (one failing is
// recorded as `failed` with its message and the others still store); then, in one transaction, the
// VersionAnalysis rows, the OCR text, and — when the version is still its asset's latest — the asset's
// auto tags of each analyser that ran. Idempotent: a second run finds nothing due (unless forced) and a
// forced one rewrites the same rows; tags a person accepted or rejected are never touched.
import type { Config } from "../config";
import type { Prisma } from "../db/database";
import type { JobPayloads } from "../jobs/names";
import type { BlobStore } from "../media/blob-store";
import { MediaError } from "../media/errors";
import { loadAnalyserImage } from "../media/analysers/decode";
import { OCR_ANALYSER_ID } from "../media/analysers/ocr";
import { ANALYSERS, initialTagState, type RegisteredAnalyser } from "../media/analysers/registry";
import type { AnalyserImage, AnalyserResult } from "../media/analysers/types";
import type { Prisma as P } from "../../.generated/prisma/client";
import { findVersionForAnalysis, latestVersionIdOf, saveAnalyses, setVersionOcr, type AnalysisRow } from "./analysis.repository";
import { replaceAutoTags, type AutoTagInput } from "./tags.repository";
import { reindexAsset } from "./search-index.service";
import { FILENAME_TAGGER } from "./filename-tagger";
import { refreshFilenameTags } from "./filename-tags.service";

export interface AnalyseDeps {
  prisma: Prisma;
  blobs: BlobStore;
  config: Pick<Config, "limits">;
  /** The analysers to run (default: the registry). Tests pass their own. */
  analysers?: readonly RegisteredAnalyser[];
}

export interface AnalyseOutcome {
  /** Analysers that ran, with how each ended. */
  ran: Array<{ analyser: string; status: "ok" | "failed"; error?: string }>;
  /** True when the asset's tags were updated (the version is its asset's latest). */
  tagged: boolean;
  /** Why nothing ran: the version is gone, not a processed image, or nothing was due. */
  skipped?: "missing" | "not_image" | "not_ready" | "up_to_date";
}

/** Which analysers a run takes: `analysers` names a subset; without `force`, only those not stored at their current version (or failed). */
export function dueAnalysers(
  registry: readonly RegisteredAnalyser[],
  stored: ReadonlyArray<{ analyser: string; analyserVersion: number; status: string }>,
  p: Pick<JobPayloads["analyse.run"], "force" | "analysers">,
): RegisteredAnalyser[] {
  const byId = new Map(stored.map((s) => [s.analyser, s]));
  return registry.filter(({ analyser }) => {
    if (p.analysers && !p.analysers.includes(analyser.id)) return false;
    if (p.force) return true;
    const s = byId.get(analyser.id);
    return !s || s.analyserVersion !== analyser.version || s.status !== "ok";
  });
}

export async function runAnalysis(deps: AnalyseDeps, p: JobPayloads["analyse.run"]): Promise<AnalyseOutcome> {
  // The filename tagger needs no pixels: when due (its version raised, or forced) it runs first, in its own commit.
  const byName = await refreshFilenameTags(deps.prisma, p.shopId, p.versionId, p);
  const out = await runImageAnalysis(deps, p);
  if (byName !== "tagged" && byName !== "stored") return out;
  return { ...out, ran: [{ analyser: FILENAME_TAGGER.id, status: "ok" }, ...out.ran], tagged: out.tagged || byName === "tagged", skipped: undefined };
}

async function runImageAnalysis(deps: AnalyseDeps, p: JobPayloads["analyse.run"]): Promise<AnalyseOutcome> {
  const registry = deps.analysers ?? ANALYSERS;
  const v = await findVersionForAnalysis(deps.prisma, p.shopId, p.versionId);
  if (!v) return { ran: [], tagged: false, skipped: "missing" };
  if (v.asset.kind !== "image") return { ran: [], tagged: false, skipped: "not_image" };
  // Ingest queues this job in the commit that makes the version ready; an earlier one waits for that.
  if (v.processing !== "ready") return { ran: [], tagged: false, skipped: "not_ready" };
  const due = dueAnalysers(registry, v.analyses, p);
  if (!due.length) return { ran: [], tagged: false, skipped: "up_to_date" };

  // One decode for every analyser: the stored preview (already oriented, sRGB, ≤ 1600 px) when there is
  // one, else the original. The shape analyser needs the master's size, which ingest recorded.
  let image: AnalyserImage | null = null;
  let decodeError: string | null = null;
  try {
    image = await decode(deps, v);
  } catch (e) {
    // A file that cannot be decoded will not decode better on retry: each analyser records why.
    if (!(e instanceof MediaError)) throw e;
    decodeError = e.message;
  }

  const rows: AnalysisRow[] = [];
  const results = new Map<string, AnalyserResult>();
  await Promise.all(
    due.map(async ({ analyser }) => {
      const started = performance.now();
      const base = { analyser: analyser.id, analyserVersion: analyser.version };
      try {
        if (!image) throw new Error(decodeError ?? "The image could not be decoded.");
        const result = await analyser.analyse(image);
        results.set(analyser.id, result);
        rows.push({ ...base, status: "ok", result: toJson(result), error: null, durationMs: Math.round(performance.now() - started) });
      } catch (e) {
        const error = (e instanceof Error ? e.message : String(e)).slice(0, 2000) || "The analyser failed.";
        rows.push({ ...base, status: "failed", result: {}, error, durationMs: Math.round(performance.now() - started) });
      }
    }),
  );
  rows.sort((a, b) => a.analyser.localeCompare(b.analyser));

  let tagged = false;
  try {
    await deps.prisma.$transaction(async (tx) => {
      await saveAnalyses(tx, p.shopId, v.id, rows);
      const ocr = results.get(OCR_ANALYSER_ID);
      if (ocr) await setVersionOcr(tx, p.shopId, v.id, { ocrText: ocr.text?.content || null, ocrLanguage: ocr.text?.content ? ocr.text.language : null });
      // Tags describe the asset, i.e. its latest version: an older version's analysis is only stored.
      if ((await latestVersionIdOf(tx, p.shopId, v.assetId)) !== v.id) return;
      tagged = true;
      for (const entry of due) {
        const result = results.get(entry.analyser.id);
        if (!result) continue; // failed: its earlier tags stay until it succeeds
        const tags: AutoTagInput[] = [];
        for (const t of result.tags) {
          const state = initialTagState(entry, t);
          if (state) tags.push({ value: t.value, valueZh: t.valueZh, facet: t.facet, confidence: t.confidence, state });
        }
        await replaceAutoTags(tx, p.shopId, v.assetId, entry.analyser.id, tags);
      }
      // The latest version's OCR text and accepted auto tags are searchable.
      await reindexAsset(tx, p.shopId, v.assetId);
    });
  } catch (e) {
    // The version (or its shop) was deleted while the analysers ran: nothing left to describe.
    if (!(await findVersionForAnalysis(deps.prisma, p.shopId, p.versionId).catch(() => null))) return { ran: [], tagged: false, skipped: "missing" };
    throw e;
  }
  return { ran: rows.map((r) => ({ analyser: r.analyser, status: r.status, ...(r.error ? { error: r.error } : {}) })), tagged };
}

type VersionForAnalysis = NonNullable<Awaited<ReturnType<typeof findVersionForAnalysis>>>;

async function decode(deps: AnalyseDeps, v: VersionForAnalysis): Promise<AnalyserImage> {
  const preview = [...v.renditions].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0];
  const source = preview ? { key: preview.blob.storageKey, mime: preview.mime } : { key: v.blob.storageKey, mime: v.mime };
  const image = await deps.blobs.withLocalFile(source.key, (file) => loadAnalyserImage(file, { maxPixels: deps.config.limits.maxPixels, mime: source.mime }));
  if (preview && v.width && v.height) return { ...image, originalWidth: v.width, originalHeight: v.height };
  return image;
}

/** The analyser's result as stored JSON (features are plain number arrays; undefined fields dropped). */
function toJson(r: AnalyserResult): P.InputJsonValue {
  return JSON.parse(JSON.stringify({ tags: r.tags, ...(r.text ? { text: r.text } : {}), ...(r.features ? { features: r.features } : {}) })) as P.InputJsonValue;
}
