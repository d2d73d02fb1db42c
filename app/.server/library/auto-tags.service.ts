// Auto tags on the asset page and the API (issue #7): the tag panel (every tag with its source, facet,
// confidence and state), accepting or rejecting a suggestion (a rejected tag is kept as a row so a
// re-run never adds it again; undo gives it back to the analyser), and queueing analysis again.
import type { Prisma } from "../db/database";
import { AppError, notFound } from "../errors";
import { authorize } from "../governance/authorize";
import { marketScope, type Principal } from "../governance/policy";
import { writeAudit } from "../governance/audit.repository";
import type { JobPayloads } from "../jobs/names";
import type { JobQueue } from "../jobs/queue";
import { ANALYSERS, initialTagState } from "../media/analysers/registry";
import type { TagFacet } from "../media/analysers/types";
import { findAsset } from "./assets.repository";
import { FILENAME_ANALYSERS, FILENAME_TAGGER, filenameTagState } from "./filename-tagger";
import { listAnalyses, listImageVersionIds } from "./analysis.repository";
import { presentAssetTag } from "./present";
import { findAssetTag, listAssetTagsDetailed, setAssetTagDecision } from "./tags.repository";
import { reindexAsset } from "./search-index.service";
import type { Actor } from "./types";

export interface AutoTagDeps {
  prisma: Prisma;
  queue: JobQueue;
}

export type TagDecision = "accept" | "reject" | "undo";

/** The ids `analysers` filters may name. */
export const analyserIds = () => [...ANALYSERS.map((a) => a.analyser.id), FILENAME_TAGGER.id];

/**
 * The asset's tags for the tag panel, rejected ones included, plus what the analysers did with its
 * latest version (status per analyser) and the text read in it.
 */
export async function getTagPanel(deps: Pick<AutoTagDeps, "prisma">, shopId: string, caller: Principal, assetId: string) {
  const asset = await findAsset(deps.prisma, shopId, assetId);
  if (!asset) throw notFound("That asset");
  authorize(caller, "asset.view", asset);
  const [rows, analyses] = await Promise.all([
    listAssetTagsDetailed(deps.prisma, shopId, assetId),
    asset.latestVersionId ? listAnalyses(deps.prisma, shopId, asset.latestVersionId) : Promise.resolve([]),
  ]);
  const v = asset.latestVersion;
  return {
    tags: rows.map(presentAssetTag),
    analyses: analyses.map((a) => ({ analyser: a.analyser, version: a.analyserVersion, status: a.status, error: a.error, updatedAt: a.updatedAt.toISOString() })),
    text: v?.ocrText ? { content: v.ocrText, language: v.ocrLanguage } : null,
  };
}
export type TagPanel = Awaited<ReturnType<typeof getTagPanel>>;

/**
 * accept: a suggestion becomes one of the asset's tags (and stays when the analyser runs again);
 * reject: the tag leaves the asset and is never suggested for it again; undo: a decision is forgotten
 * (the tag is a fresh suggestion again, in the state its confidence gives). User tags are edited, not
 * decided on.
 */
export async function decideTag(deps: Pick<AutoTagDeps, "prisma">, shopId: string, actor: Actor, assetId: string, tagId: string, decision: TagDecision) {
  return deps.prisma.$transaction(async (tx) => {
    const asset = await findAsset(tx, shopId, assetId);
    if (!asset) throw notFound("That asset");
    authorize(actor, "asset.edit", asset);
    const row = await findAssetTag(tx, shopId, assetId, tagId);
    if (!row) throw notFound("That tag");
    if (row.source === "user") {
      if (decision === "accept") return presentAssetTag(row);
      throw new AppError("invalid_state", `“${row.tag.label}” is a tag you added: remove it from the asset's tags instead.`);
    }
    const now = new Date();
    const next =
      decision === "accept"
        ? { state: "accepted" as const, decidedBy: actor.name, decidedAt: now }
        : decision === "reject"
          ? { state: "rejected" as const, decidedBy: actor.name, decidedAt: now }
          : { state: undoneState(row), decidedBy: null, decidedAt: null };
    await setAssetTagDecision(tx, shopId, assetId, tagId, next);
    await reindexAsset(tx, shopId, assetId); // only accepted tags are searchable
    await writeAudit(tx, shopId, actor, {
      action: decision === "accept" ? "asset.tag_accepted" : decision === "reject" ? "asset.tag_rejected" : "asset.tag_restored",
      subjectType: "asset",
      subjectId: assetId,
      data: { tag: row.tag.name, source: row.source, ...(row.analyser ? { analyser: row.analyser } : {}), from: row.state, to: next.state },
    });
    return presentAssetTag({ ...row, ...next });
  });
}

/** The state an undecided tag has: metadata keywords are accepted; an auto tag what its analyser's threshold gives. */
function undoneState(row: { source: string; analyser: string | null; facet: string | null; confidence: number; tag: { name: string } }): "accepted" | "suggested" {
  if (row.source !== "auto") return "accepted";
  if ((FILENAME_ANALYSERS as readonly string[]).includes(row.analyser ?? "")) return filenameTagState(row.confidence);
  const entry = ANALYSERS.find((a) => a.analyser.id === row.analyser);
  if (!entry) return "suggested";
  return initialTagState(entry, { facet: (row.facet ?? "keyword") as TagFacet, value: row.tag.name, confidence: row.confidence }) ?? "suggested";
}

export interface AnalyseRequest {
  /** Only these assets (each must be in the caller's scope); all the caller can edit otherwise. */
  assetIds?: string[];
  /** Re-run analysers whose stored result is current too. */
  force?: boolean;
  /** Only these analysers. */
  analysers?: string[];
  /** Every processed version, not only each asset's latest (whose results set the tags). */
  allVersions?: boolean;
}

const PAGE = 500;

/** Queues `analyse.run` for the image versions asked for (a backfill); returns how many were queued. */
export async function requestAnalysis(deps: AutoTagDeps, shopId: string, actor: Actor, req: AnalyseRequest): Promise<{ queued: number }> {
  const known = analyserIds();
  const unknown = (req.analysers ?? []).filter((a) => !known.includes(a));
  if (unknown.length) throw new AppError("validation", `No such analyser: ${unknown.join(", ")}. Known: ${known.join(", ")}.`);
  if (req.assetIds) {
    for (const id of req.assetIds) {
      const asset = await findAsset(deps.prisma, shopId, id);
      if (!asset) throw notFound("That asset");
      authorize(actor, "asset.edit", asset);
      if (asset.kind !== "image") throw new AppError("invalid_state", `“${asset.title}” is not an image: only images are analysed.`);
    }
  } else authorize(actor, "asset.edit");
  const extra: Pick<JobPayloads["analyse.run"], "force" | "analysers"> = {
    ...(req.force ? { force: true } : {}),
    ...(req.analysers?.length ? { analysers: [...new Set(req.analysers)] } : {}),
  };
  let queued = 0;
  let afterId: string | undefined;
  for (;;) {
    const page = await listImageVersionIds(deps.prisma, shopId, { scope: marketScope(actor), assetIds: req.assetIds, latestOnly: !req.allVersions, afterId, limit: PAGE });
    if (!page.length) break;
    await deps.queue.sendMany("analyse.run", page.map((v) => ({ shopId, versionId: v.id, ...extra })));
    queued += page.length;
    afterId = page[page.length - 1]!.id;
    if (page.length < PAGE) break;
  }
  return { queued };
}
