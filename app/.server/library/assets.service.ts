// Asset and version operations (orchestration): every change is one transaction with its audit event.
import { BULK_TRANSACTION, type Prisma } from "../db/database";
import { AppError, notFound } from "../errors";
import { authorize } from "../governance/authorize";
import { allows, marketScope, type Principal } from "../governance/policy";
import { assertRightsAllow } from "../governance/rights.service";
import { decideReview, type ReviewResult } from "../governance/approvals.service";
import { notifyDecision, notifyReviewRequested } from "../governance/notifications.service";
import { writeAudit } from "../governance/audit.repository";
import type { JobQueue } from "../jobs/queue";
import {
  archiveMany,
  findAsset,
  findOwnedAssetIds,
  listAssets,
  setAssetPointers,
  updateAssetFields,
  type AssetListFilter,
} from "./assets.repository";
import { addVersionFromBlob } from "./ingest.service";
import { addTagsToAssets, replaceAssetTags } from "./tags.repository";
import { reindexAsset } from "./search-index.service";
import { findVersion, findVersionOfAsset, knownVersionShas, listVersions, listVersionStates, setVersionState } from "./versions.repository";
import { liveVersionOf, nextState, type VersionAction } from "./version-state";
import { syncAssets } from "../sync/reconcile.service";
import { findMergedInto } from "./duplicates/merge.repository";
import type { Actor, ProcessingState, VersionState } from "./types";
import { decodeCursor, keysetPage, pageLimit } from "./cursor";

export interface LibraryDeps {
  prisma: Prisma;
  queue: JobQueue;
}

export async function getAsset(deps: LibraryDeps, shopId: string, caller: Principal, assetId: string) {
  const asset = await findAsset(deps.prisma, shopId, assetId);
  if (!asset) throw notFound("That asset");
  authorize(caller, "asset.view", asset);
  const versions = await listVersions(deps.prisma, shopId, assetId);
  return { asset, versions };
}

export async function listLibrary(
  deps: LibraryDeps,
  shopId: string,
  caller: Principal,
  filter: AssetListFilter,
  page: { cursor?: string | null; limit?: number },
) {
  const limit = pageLimit(page.limit, 48);
  const rows = await listAssets(deps.prisma, shopId, marketScope(caller), filter, decodeCursor(page.cursor), limit);
  return keysetPage(rows, limit);
}

export async function changeVersionState(
  deps: LibraryDeps,
  shopId: string,
  actor: Actor,
  versionId: string,
  action: VersionAction,
  comment?: string,
) {
  return deps.prisma.$transaction(async (tx) => {
    const v = await findVersion(tx, shopId, versionId);
    if (!v) throw notFound("That version");
    authorize(actor, ACTION_FOR[action], v.asset, "That version");
    let state: VersionState = nextState(action, { state: v.state as VersionState, processing: v.processing as ProcessingState, number: v.number });
    let review: { reviewChainId: string | null; reviewStep: number | null } = { reviewChainId: null, reviewStep: null };
    let stepName: string | undefined;
    let decided: ReviewResult | null = null;
    if (action !== "retire") {
      decided = await decideReview(tx, shopId, actor, v, action, comment);
      ({ state, stepName } = decided);
      review = { reviewChainId: decided.reviewChainId, reviewStep: decided.reviewStep };
    }
    await setVersionState(tx, shopId, v.id, state, { ...review, ...(state === "approved" ? { approvedBy: actor.name, approvedAt: new Date() } : {}) });
    const versions = await listVersionStates(tx, shopId, v.assetId);
    const live = liveVersionOf(versions);
    await setAssetPointers(tx, shopId, v.assetId, { liveVersionId: live?.id ?? null });
    // The version listings follow changed: every listing that shows the asset moves (same transaction).
    if ((live?.id ?? null) !== v.asset.liveVersionId) {
      const title = live ? `“${v.asset.title}” v${live.number} ${live.id === v.id && state === "approved" ? "approved" : "is the latest approved"}` : `“${v.asset.title}” has no approved version`;
      await syncAssets(tx, deps.queue, shopId, [v.assetId], { reason: "version.approved", title, assetId: v.assetId, versionId: live?.id ?? null, createdBy: actor.name });
    }
    await writeAudit(tx, shopId, actor, {
      action: `version.${action === "submit" ? "submitted" : action === "approve" ? "approved" : action === "reject" ? "rejected" : "retired"}`,
      subjectType: "asset",
      subjectId: v.assetId,
      data: { versionId: v.id, number: v.number, from: v.state, to: state, ...(stepName ? { step: stepName } : {}), ...(comment ? { comment } : {}) },
    });
    // Tell the next deciders, or the submitter how it ended (in this transaction: no change, no notice).
    const ref = { id: v.id, number: v.number, asset: { id: v.assetId, title: v.asset.title, markets: v.asset.markets } };
    if (decided?.waitingOn) await notifyReviewRequested(tx, shopId, ref, decided.waitingOn, decided.chainName, actor);
    else if (decided && (decided.state === "approved" || decided.state === "rejected") && action !== "submit")
      await notifyDecision(tx, shopId, ref, decided.state, actor, comment);
    return { versionId: v.id, assetId: v.assetId, number: v.number, state, liveVersionId: live?.id ?? null };
  }, BULK_TRANSACTION);
}

const ACTION_FOR = { submit: "version.submit", approve: "version.approve", reject: "version.reject", retire: "asset.edit" } as const;

/** Restore = a new version that copies an older one's bytes; history is never rewritten. */
export async function restoreVersion(deps: LibraryDeps, shopId: string, actor: Actor, versionId: string) {
  const v = await findVersion(deps.prisma, shopId, versionId);
  if (!v) throw notFound("That version");
  authorize(actor, "asset.edit", v.asset, "That version");
  return addVersionFromBlob(deps, shopId, actor, v.assetId, v.blob.sha256, {
    note: `Restored from version ${v.number}`,
    filename: v.originalFilename,
    restoredFromId: v.id,
  });
}

export interface AssetEdit {
  title?: string;
  description?: string;
  markets?: string[];
  languages?: string[];
  campaign?: string | null;
  tags?: string[];
}

export async function editAsset(deps: LibraryDeps, shopId: string, actor: Actor, assetId: string, edit: AssetEdit) {
  await deps.prisma.$transaction(async (tx) => {
    const asset = await findAsset(tx, shopId, assetId);
    if (!asset) throw notFound("That asset");
    authorize(actor, "asset.edit", asset);
    const { tags, ...fields } = edit;
    if (fields.title !== undefined && !fields.title.trim()) throw new AppError("validation", "The title cannot be empty.");
    await updateAssetFields(tx, shopId, assetId, fields);
    if (tags) await replaceAssetTags(tx, shopId, assetId, tags, "user");
    await reindexAsset(tx, shopId, assetId);
    await writeAudit(tx, shopId, actor, { action: "asset.updated", subjectType: "asset", subjectId: assetId, data: { ...edit } });
  });
}

export async function setArchived(deps: LibraryDeps, shopId: string, actor: Actor, assetIds: string[], archived: boolean) {
  authorize(actor, "asset.archive");
  return deps.prisma.$transaction(async (tx) => {
    const found = await findOwnedAssetIds(tx, shopId, marketScope(actor), assetIds);
    // A merged-away asset has no versions left (they are the survivor's now): it stays archived for good.
    const merged = found.filter((a) => a.mergedIntoId);
    if (!archived && merged.length)
      throw new AppError("invalid_state", `“${merged[0]!.title}” was merged into another asset and cannot be unarchived; open the asset it was merged into instead.`);
    const owned = found.filter((a) => !a.mergedIntoId).map((a) => a.id);
    const res = await archiveMany(tx, shopId, owned, archived ? new Date() : null);
    for (const id of owned)
      await writeAudit(tx, shopId, actor, { action: archived ? "asset.archived" : "asset.unarchived", subjectType: "asset", subjectId: id });
    // Archived assets leave their listings (to their fallback); unarchived ones come back.
    await syncAssets(tx, deps.queue, shopId, owned, { reason: "archive", title: `${owned.length} asset${owned.length === 1 ? "" : "s"} ${archived ? "archived" : "unarchived"}`, createdBy: actor.name });
    return res.count;
  });
}

export async function bulkTag(deps: LibraryDeps, shopId: string, actor: Actor, assetIds: string[], labels: string[]) {
  authorize(actor, "asset.edit");
  await deps.prisma.$transaction(async (tx) => {
    const owned = await findOwnedAssetIds(tx, shopId, marketScope(actor), assetIds);
    await addTagsToAssets(tx, shopId, owned.map((a) => a.id), labels, "user");
    for (const a of owned) await reindexAsset(tx, shopId, a.id);
    for (const a of owned)
      await writeAudit(tx, shopId, actor, { action: "asset.tagged", subjectType: "asset", subjectId: a.id, data: { tags: labels } });
  });
}

/** The subset of these SHA-256s that the shop already holds as some version's bytes. */
export const knownContent = (deps: LibraryDeps, shopId: string, caller: Principal, shas: string[]) =>
  knownVersionShas(deps.prisma, shopId, marketScope(caller), shas);

/** A version of the given asset (both must belong to the shop and be in the caller's scope), with its bytes. */
export async function getVersionOfAsset(deps: LibraryDeps, shopId: string, caller: Principal, assetId: string, versionId: string, action: "asset.view" | "asset.download" = "asset.view") {
  const v = await findVersionOfAsset(deps.prisma, shopId, assetId, versionId);
  if (!v) throw (await mergedAway(deps, shopId, caller, assetId, versionId)) ?? notFound("That version");
  authorize(caller, action, v.asset, "That version");
  if (action === "asset.download") await assertRightsAllow(deps.prisma, shopId, assetId, {}, "Downloading this asset");
  return v;
}

/** An old address of a version whose asset was merged into another (issue #7): say so and where it went. */
async function mergedAway(deps: LibraryDeps, shopId: string, caller: Principal, assetId: string, versionId: string): Promise<AppError | null> {
  const merged = await findMergedInto(deps.prisma, shopId, assetId);
  if (!merged?.mergedIntoId) return null;
  const moved = await findVersion(deps.prisma, shopId, versionId);
  if (!moved || moved.assetId !== merged.mergedIntoId || !allows(caller, "asset.view", moved.asset)) return null;
  return new AppError("gone", `This asset was merged into “${moved.asset.title}”: the version is now its v${moved.number}.`, {
    mergedIntoId: merged.mergedIntoId,
    versionId: moved.id,
    number: moved.number,
  });
}

/** Approve, checking the version belongs to the asset named in the URL. */
export async function approveVersionOfAsset(deps: LibraryDeps, shopId: string, actor: Actor, assetId: string, versionId: string) {
  await getVersionOfAsset(deps, shopId, actor, assetId, versionId);
  return changeVersionState(deps, shopId, actor, versionId, "approve");
}
