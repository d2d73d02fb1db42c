// Merge duplicates into one asset (issue #7): a preview (dry run) that returns the plan, and the merge
// that applies the same plan in one audited transaction — versions, tags, collections and placements
// move to the survivor, listings whose gallery changes are queued for publishing in that transaction,
// share links, other assets' fallbacks, the shop's default fallback and rendition Fixes follow, and the merged assets are archived and marked merged-into (never deleted).
import { BULK_TRANSACTION, type Prisma, type Tx } from "../../db/database";
import { AppError, notFound } from "../../errors";
import { authorize } from "../../governance/authorize";
import { writeAudit } from "../../governance/audit.repository";
import { allows, inScope, type Principal } from "../../governance/policy";
import type { JobQueue } from "../../jobs/queue";
import { deletePlacementRow } from "../../sync/placements.repository";
import { enqueuePublish, openBatch } from "../../sync/reconcile.service";
import { refreshCatalogueTags } from "../../sync/catalogue-tags.service";
import { findAsset } from "../assets.repository";
import { addCollectionAssets, removeCollectionAssets } from "../collections.repository";
import { reindexAsset } from "../search-index.service";
import type { Actor } from "../types";
import {
  countShareLinksNaming,
  findAssetsForMerge,
  isShopFallback,
  listingsShowingAsFallback,
  lockAssets,
  markMerged,
  movePlacement,
  moveRenditionFix,
  moveVersion,
  repointFallbacks,
  repointShareLinks,
  repointShopFallback,
  setVersionCount,
  upsertMergedTag,
} from "./merge.repository";
import { planMerge, type MergePlan, type PlanAsset } from "./merge-plan";

export const MAX_MERGE = 20;

export interface MergeDeps {
  prisma: Prisma;
  queue: JobQueue;
  /** Tests only: called after each step of the merge, inside its transaction (a throw rolls it all back). */
  afterStep?: (step: "versions" | "tags" | "collections" | "placements" | "archive") => void | Promise<void>;
}

export interface MergeInput {
  survivorId: string;
  assetIds: string[];
}

export interface MergeOutcome extends MergePlan {
  dryRun: boolean;
  survivorTitle: string;
  titles: Record<string, string>;
  /** Share links that named a merged asset and now name the survivor. */
  shareLinks: number;
  /** Listings showing a merged asset as another asset's fallback (they now fall back to the survivor). */
  fallbackListings: number;
  /** A merged asset was the shop's default fallback image: the survivor is now. */
  shopFallback: boolean;
  batchId: string | null;
}

type Loaded = Awaited<ReturnType<typeof findAssetsForMerge>>[number];

const toPlan = (a: Loaded): PlanAsset => ({
  id: a.id,
  title: a.title,
  createdAt: a.createdAt,
  liveVersionId: a.liveVersionId,
  versions: a.versions,
  placements: a.placements.map((p) => ({
    id: p.id, listingId: p.listingId, listingTitle: p.listing.title, channel: p.listing.account.channel, slot: p.slot,
    pinnedVersionId: p.pinnedVersionId, desiredAssetId: p.desiredAssetId, desiredVersionId: p.desiredVersionId,
  })),
  rights: a.rights,
  tags: a.tags.map((t) => ({ tagId: t.tagId, label: t.tag.label, source: t.source, state: t.state, confidence: t.confidence, facet: t.facet, analyser: t.analyser, decidedBy: t.decidedBy, decidedAt: t.decidedAt })),
  collections: a.collections.map((c) => ({ id: c.collection.id, name: c.collection.name })),
  fixes: a.renditionFixes.map((f) => f.presetId),
});

/** Loads and checks the assets, and plans. The same for the preview and the merge. */
async function prepare(db: Tx, shopId: string, actor: Actor, input: MergeInput) {
  const others = [...new Set(input.assetIds)].filter((id) => id !== input.survivorId);
  if (!others.length) throw new AppError("validation", "Pick at least one asset to merge into the one you keep.");
  if (others.length > MAX_MERGE) throw new AppError("validation", `Merge at most ${MAX_MERGE} assets at once.`);
  const rows = await findAssetsForMerge(db, shopId, [input.survivorId, ...others]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const survivor = byId.get(input.survivorId);
  // Out of scope reads as not found, like a missing asset; in scope without the role is forbidden.
  if (!survivor || !inScope(actor, survivor.markets)) throw notFound("The asset to keep");
  for (const id of others) if (!byId.has(id) || !inScope(actor, byId.get(id)!.markets)) throw notFound(`Asset ${id}`);
  for (const r of rows) authorize(actor, "asset.edit", r);
  for (const r of rows) {
    if (r.mergedIntoId) throw new AppError("invalid_state", `“${r.title}” was already merged into another asset.`);
    if (r.archivedAt) throw new AppError("invalid_state", `“${r.title}” is archived; unarchive it to merge it.`);
    if (r.kind !== survivor.kind) throw new AppError("validation", `“${r.title}” is ${r.kind === "image" ? "an image" : `a ${r.kind}`} and “${survivor.title}” is not: only assets of one kind merge.`);
  }
  const merged = others.map((id) => byId.get(id)!);
  const plan = planMerge(toPlan(survivor), merged.map(toPlan));
  const titles = Object.fromEntries(rows.map((r) => [r.id, r.title]));
  return { plan, survivor, merged, titles };
}

/** The dry run: exactly what `mergeAssets` would do now, changing nothing. */
export async function previewMerge(deps: Pick<MergeDeps, "prisma">, shopId: string, actor: Actor, input: MergeInput): Promise<MergeOutcome> {
  const db = deps.prisma;
  const { plan, survivor, titles } = await prepare(db, shopId, actor, input);
  const fallbackListings = (await listingsShowingAsFallback(db, shopId, plan.mergedIds)).filter((l) => !plan.listingsToPublish.includes(l));
  return {
    ...plan,
    dryRun: true,
    survivorTitle: survivor.title,
    titles,
    shareLinks: await countShareLinksNaming(db, shopId, plan.mergedIds),
    fallbackListings: fallbackListings.length,
    shopFallback: await isShopFallback(db, shopId, plan.mergedIds),
    listingsToPublish: [...plan.listingsToPublish, ...fallbackListings].sort(),
    batchId: null,
  };
}

/** Merges the assets into the survivor, all or nothing. Returns what it did (the preview's shape). */
export async function mergeAssets(deps: MergeDeps, shopId: string, actor: Actor, input: MergeInput): Promise<MergeOutcome> {
  const step = async (s: Parameters<NonNullable<MergeDeps["afterStep"]>>[0]) => { if (deps.afterStep) await deps.afterStep(s); };
  return deps.prisma.$transaction(async (tx) => {
    await lockAssets(tx, shopId, [input.survivorId, ...input.assetIds]);
    const { plan, survivor, merged, titles } = await prepare(tx, shopId, actor, input);
    const now = new Date();

    for (const v of plan.versions) await moveVersion(tx, shopId, v.versionId, { assetId: survivor.id, number: v.number, fromAssetId: v.fromAssetId, fromNumber: v.fromNumber });
    const lastNumber = plan.versions.at(-1)?.number;
    if (lastNumber !== undefined) await setVersionCount(tx, shopId, survivor.id, lastNumber);
    await step("versions");

    for (const t of plan.tags) await upsertMergedTag(tx, shopId, survivor.id, t.row);
    await step("tags");

    for (const c of plan.collections) await addCollectionAssets(tx, c.id, [survivor.id]);
    for (const m of merged) for (const c of m.collections) await removeCollectionAssets(tx, shopId, c.collection.id, [m.id]);
    await step("collections");

    // Read before the moves: a moved placement still names its old asset as what it showed.
    const fallbackListings = (await listingsShowingAsFallback(tx, shopId, plan.mergedIds)).filter((l) => !plan.listingsToPublish.includes(l));
    for (const c of plan.conflicts) await deletePlacementRow(tx, shopId, c.placementId);
    for (const p of plan.placements) await movePlacement(tx, shopId, p.placementId, survivor.id);
    await refreshCatalogueTags(tx, shopId, [survivor.id, ...plan.mergedIds]); // catalogue tags follow the placements
    await repointFallbacks(tx, shopId, plan.mergedIds, survivor.id);
    const shopFallback = await repointShopFallback(tx, shopId, plan.mergedIds, survivor.id);
    for (const f of plan.fixes) await moveRenditionFix(tx, shopId, f.fromAssetId, f.presetId, survivor.id);
    const shareLinks = await repointShareLinks(tx, shopId, plan.mergedIds, survivor.id);
    await step("placements");

    for (const m of merged) await markMerged(tx, shopId, m.id, survivor.id, now);
    await step("archive");

    const listingIds = [...plan.listingsToPublish, ...fallbackListings].sort();
    let batchId: string | null = null;
    if (listingIds.length) {
      const batch = await openBatch(
        tx,
        shopId,
        { reason: "merge", title: `${merged.length === 1 ? `“${merged[0]!.title}”` : `${merged.length} assets`} merged into “${survivor.title}”`, assetId: survivor.id, createdBy: actor.name },
        { listingIds },
      );
      batchId = batch.id;
      await enqueuePublish(tx, deps.queue, shopId, listingIds);
    }
    for (const id of [survivor.id, ...plan.mergedIds]) await reindexAsset(tx, shopId, id);

    await writeAudit(tx, shopId, actor, {
      action: "asset.merged",
      subjectType: "asset",
      subjectId: survivor.id,
      data: {
        mergedAssetIds: plan.mergedIds,
        versions: plan.versions.map((v) => ({ versionId: v.versionId, fromAssetId: v.fromAssetId, fromNumber: v.fromNumber, number: v.number })),
        placementsMoved: plan.placements.length,
        placementsRemoved: plan.conflicts.map((c) => ({ placementId: c.placementId, listingId: c.listingId, slot: c.slot, keptSlot: c.keptSlot })),
        tagsAdded: plan.tags.map((t) => t.label),
        collectionsAdded: plan.collections.map((c) => c.name),
        rightsConflicts: plan.rights.map((r) => r.message),
        listingsQueued: listingIds.length,
        shareLinks,
        shopFallback,
        fixesMoved: plan.fixes.map((f) => ({ presetId: f.presetId, fromAssetId: f.fromAssetId })),
      },
    });
    for (const m of merged)
      await writeAudit(tx, shopId, actor, { action: "asset.merged_into", subjectType: "asset", subjectId: m.id, data: { survivorId: survivor.id, survivorTitle: survivor.title } });

    return { ...plan, listingsToPublish: listingIds, dryRun: false, survivorTitle: survivor.title, titles, shareLinks, fallbackListings: fallbackListings.length, shopFallback, batchId };
  }, BULK_TRANSACTION);
}

/** Where a merged-away asset went (its page says so), when the caller may see that asset. */
export async function mergedIntoOf(deps: Pick<MergeDeps, "prisma">, shopId: string, caller: Principal, asset: { mergedIntoId: string | null; mergedAt: Date | null }) {
  if (!asset.mergedIntoId) return null;
  const into = await findAsset(deps.prisma, shopId, asset.mergedIntoId);
  if (!into || !allows(caller, "asset.view", into)) return { id: null, title: null, at: asset.mergedAt?.toISOString() ?? null };
  return { id: into.id, title: into.title, at: asset.mergedAt?.toISOString() ?? null };
}
