// Stores the filename tagger's tags (issue #7; the tokens are library/filename-tagger.ts). It runs in the
// ingest transaction of every new version (any kind: a PDF's or a video's name says as much as an
// image's), and again from `analyse.run` when FILENAME_TAGGER.version was raised or a re-run was forced.
// Tags describe the asset's latest version; a tag a person accepted or rejected is never touched.
import type { Prisma as P } from "../../.generated/prisma/client";
import type { Prisma, Tx } from "../db/database";
import { FILENAME_ANALYSERS, FILENAME_TAGGER, filenameTags, filenameTagState } from "./filename-tagger";
import { findVersionForFilenameTags, latestVersionIdOf, saveAnalyses } from "./analysis.repository";
import { replaceAutoTags } from "./tags.repository";
import { reindexAsset } from "./search-index.service";

export interface FilenameTagsVersion {
  id: string;
  assetId: string;
  originalFilename: string;
  folderPath: string | null;
}

/**
 * Runs the tagger over one version in the caller's transaction: records the run (VersionAnalysis
 * "filename") and, when the version is its asset's latest, replaces the asset's undecided filename and
 * folder tags. Returns whether tags were written (the caller reindexes the asset).
 */
export async function storeFilenameTags(tx: Tx, shopId: string, v: FilenameTagsVersion): Promise<boolean> {
  const started = performance.now();
  const tags = filenameTags(v.originalFilename, v.folderPath);
  const result = JSON.parse(JSON.stringify({ tags })) as P.InputJsonValue;
  await saveAnalyses(tx, shopId, v.id, [
    { analyser: FILENAME_TAGGER.id, analyserVersion: FILENAME_TAGGER.version, status: "ok", result, error: null, durationMs: Math.round(performance.now() - started) },
  ]);
  if ((await latestVersionIdOf(tx, shopId, v.assetId)) !== v.id) return false;
  for (const analyser of FILENAME_ANALYSERS) {
    const mine = tags.filter((t) => t.analyser === analyser);
    await replaceAutoTags(
      tx,
      shopId,
      v.assetId,
      analyser,
      mine.map((t) => ({ value: t.value, valueZh: t.valueZh, facet: t.facet, confidence: t.confidence, state: filenameTagState(t.confidence) })),
    );
  }
  return true;
}

/** Whether an `analyse.run` for this version should run the filename tagger. */
export function filenameTaggerDue(stored: ReadonlyArray<{ analyserVersion: number; status: string }>, p: { force?: boolean; analysers?: string[] }): boolean {
  if (p.analysers && !p.analysers.includes(FILENAME_TAGGER.id)) return false;
  if (p.force) return true;
  const s = stored[0];
  return !s || s.analyserVersion !== FILENAME_TAGGER.version || s.status !== "ok";
}

/**
 * The `analyse.run` part: re-tags from the name when due, in its own transaction, and reindexes.
 * "tagged": the asset's tags were replaced; "stored": only the run was recorded (an older version).
 */
export async function refreshFilenameTags(prisma: Prisma, shopId: string, versionId: string, p: { force?: boolean; analysers?: string[] }): Promise<"tagged" | "stored" | "up_to_date" | "missing"> {
  const v = await findVersionForFilenameTags(prisma, shopId, versionId, FILENAME_TAGGER.id);
  if (!v) return "missing";
  if (!filenameTaggerDue(v.analyses, p)) return "up_to_date";
  return prisma.$transaction(async (tx) => {
    if (!(await storeFilenameTags(tx, shopId, v))) return "stored" as const;
    await reindexAsset(tx, shopId, v.assetId);
    return "tagged" as const;
  });
}
