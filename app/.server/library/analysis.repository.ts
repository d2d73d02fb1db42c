// Rows of the analyse pipeline (issue #7): one VersionAnalysis per (version, analyser), the version's OCR
// text, and the version lists a backfill walks.
import type { Tx } from "../db/database";
import type { Prisma } from "../../.generated/prisma/client";
import { scopeWhere, type MarketScope } from "./assets.repository";

/** What the analyse job needs, in one query: the bytes to decode and what already ran. */
export function findVersionForAnalysis(db: Tx, shopId: string, versionId: string) {
  return db.assetVersion.findFirst({
    where: { id: versionId, shopId },
    select: {
      id: true,
      assetId: true,
      processing: true,
      mime: true,
      width: true,
      height: true,
      blob: { select: { storageKey: true } },
      renditions: { where: { presetId: "preview" }, select: { recipeHash: true, mime: true, createdAt: true, blob: { select: { storageKey: true } } } },
      asset: { select: { kind: true, latestVersionId: true } },
      analyses: { select: { analyser: true, analyserVersion: true, status: true } },
    },
  });
}

export interface AnalysisRow {
  analyser: string;
  analyserVersion: number;
  status: "ok" | "failed";
  result: Prisma.InputJsonValue;
  error: string | null;
  durationMs: number;
}

export async function saveAnalyses(db: Tx, shopId: string, versionId: string, rows: AnalysisRow[]) {
  for (const r of rows) {
    await db.versionAnalysis.upsert({
      where: { versionId_analyser: { versionId, analyser: r.analyser } },
      create: { shopId, versionId, ...r },
      update: { analyserVersion: r.analyserVersion, status: r.status, result: r.result, error: r.error, durationMs: r.durationMs },
    });
  }
}

export function listAnalyses(db: Tx, shopId: string, versionId: string) {
  return db.versionAnalysis.findMany({ where: { shopId, versionId }, orderBy: { analyser: "asc" } });
}

/** The asset's latest version id, read inside the caller's transaction (it may have moved since the job started). */
export async function latestVersionIdOf(db: Tx, shopId: string, assetId: string): Promise<string | null> {
  const a = await db.asset.findFirst({ where: { id: assetId, shopId }, select: { latestVersionId: true } });
  return a?.latestVersionId ?? null;
}

export function setVersionOcr(db: Tx, shopId: string, versionId: string, data: { ocrText: string | null; ocrLanguage: string | null }) {
  return db.assetVersion.updateMany({ where: { id: versionId, shopId }, data });
}

/** Processed image versions, in id order after `afterId` (a backfill's page); `latestOnly` keeps each asset's latest. */
export function listImageVersionIds(db: Tx, shopId: string, opts: { scope: MarketScope; assetIds?: string[]; latestOnly: boolean; afterId?: string; limit: number }) {
  return db.assetVersion.findMany({
    where: {
      shopId,
      processing: "ready",
      asset: { kind: "image", ...scopeWhere(opts.scope), ...(opts.assetIds ? { id: { in: opts.assetIds } } : {}) },
      ...(opts.latestOnly ? { latestOf: { isNot: null } } : {}),
      ...(opts.afterId ? { id: { gt: opts.afterId } } : {}),
    },
    orderBy: { id: "asc" },
    take: opts.limit,
    select: { id: true },
  });
}

/** What the filename tagger needs of a version: its name, folder, asset and the stored run (if any). */
export function findVersionForFilenameTags(db: Tx, shopId: string, versionId: string, analyser: string) {
  return db.assetVersion.findFirst({
    where: { id: versionId, shopId },
    select: {
      id: true,
      assetId: true,
      originalFilename: true,
      folderPath: true,
      analyses: { where: { analyser }, select: { analyser: true, analyserVersion: true, status: true } },
    },
  });
}
