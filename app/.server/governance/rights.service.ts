// Rights of an asset: set by editors, checked before downloads (and, with the sync issue, before
// publishing), and re-evaluated every minute by the rights.scan job.
import type { Prisma, Tx } from "../db/database";
import { AppError } from "../errors";
import { findAsset } from "../library/assets.repository";
import { SYSTEM_ACTOR, type Actor } from "../library/types";
import { writeAudit } from "./audit.repository";
import { notifyRights } from "./notifications.service";
import type { JobQueue } from "../jobs/queue";
import { recordActivity } from "../notify/activity.service";
import { syncAssets } from "../sync/reconcile.service";
import { authorize } from "./authorize";
import { rightsBlock, rightsStatus, type RightsUse } from "./rights";
import {
  findRights,
  listRightsNeedingAttention,
  markExpiryNotified,
  rightsWithOpenWindow,
  setRightsStatus,
  upsertRights,
  type RightsData,
} from "./rights.repository";
import { allows, marketScope, type Principal } from "./policy";

export type RightsInput = Omit<RightsData, "status">;

export async function setRights(deps: { prisma: Prisma; queue: Pick<JobQueue, "enqueue" | "enqueueMany"> }, shopId: string, actor: Actor, assetId: string, input: RightsInput, now = new Date()) {
  const { prisma } = deps;
  if (input.licenceStart && input.licenceEnd && input.licenceEnd <= input.licenceStart)
    throw new AppError("validation", "The licence must end after it starts.");
  if (input.fallbackAssetId === assetId) throw new AppError("validation", "An asset cannot be its own fallback.");
  return prisma.$transaction(async (tx) => {
    const asset = await findAsset(tx, shopId, assetId);
    if (!asset) throw new AppError("not_found", "That asset was not found.");
    authorize(actor, "asset.edit", asset);
    if (input.fallbackAssetId) {
      // The fallback replaces this asset on listings: it must be one the editor can see, of the same kind.
      const fallback = await findAsset(tx, shopId, input.fallbackAssetId);
      if (!fallback || !allows(actor, "asset.view", fallback)) throw new AppError("validation", "The fallback asset was not found in this shop.");
      if (fallback.kind !== asset.kind) throw new AppError("validation", `The fallback must be ${asset.kind === "image" ? "an image" : `a ${asset.kind}`}, like the asset it replaces.`);
      if (fallback.archivedAt) throw new AppError("validation", "The fallback asset is archived; unarchive it or choose another.");
    }
    const before = await findRights(tx, shopId, assetId);
    const status = rightsStatus(input, now);
    // Only the rights fields reach the row, whatever else the caller's object carries.
    const { licensor, licenceStart, licenceEnd, territories, channels, containsPeople, modelReleaseRef, fallbackAssetId } = input;
    const data = { licensor, licenceStart, licenceEnd, territories, channels, containsPeople, modelReleaseRef, fallbackAssetId, status };
    const row = await upsertRights(tx, shopId, assetId, data, before?.status !== status);
    // Listings showing the asset (or it as their fallback) follow the new terms at once.
    await syncAssets(tx, deps.queue, shopId, [assetId], { reason: "rights", title: `Rights of “${asset.title}” changed`, assetId, createdBy: actor.name });
    await writeAudit(tx, shopId, actor, {
      action: "rights.updated",
      subjectType: "asset",
      subjectId: assetId,
      data: {
        status,
        licensor: input.licensor,
        licenceEnd: input.licenceEnd?.toISOString() ?? null,
        territories: input.territories,
        channels: input.channels,
        ...(before ? { before: { status: before.status, licenceEnd: before.licenceEnd?.toISOString() ?? null } } : {}),
      },
    });
    return row;
  });
}

/** The named fallback, as the asset page shows it (or a note when it is outside the caller's markets). */
export async function fallbackOf(prisma: Prisma, shopId: string, caller: Principal, fallbackAssetId: string | null) {
  if (!fallbackAssetId) return null;
  const a = await findAsset(prisma, shopId, fallbackAssetId);
  if (!a) return null;
  return allows(caller, "asset.view", a) ? { id: a.id, title: a.title, visible: true } : { id: a.id, title: "An asset outside your markets", visible: false };
}

export const getRights = (prisma: Prisma, shopId: string, assetId: string) => findRights(prisma, shopId, assetId);

/** Throws `forbidden` with the reason when the asset's rights do not cover this use. */
export async function assertRightsAllow(prisma: Prisma, shopId: string, assetId: string, use: RightsUse, what: string, now = new Date()) {
  const reason = rightsBlock(await findRights(prisma, shopId, assetId), use, now);
  if (reason) throw new AppError("forbidden", `${what} is blocked: ${reason}`);
}

/**
 * rights.scan: flips statuses as licences start, approach their end and expire; tells the shop once,
 * seven days ahead, and when it ends (an audit event, an in-app notification to the admins, and an entry
 * in the activity feed, which goes out to the shop's webhook and email). Uninstalled shops are skipped.
 */
export async function scanRights(prisma: Prisma, queue: Pick<JobQueue, "enqueue" | "enqueueMany">, now = new Date()): Promise<{ changed: number; warned: number }> {
  let after: string | null = null;
  let changed = 0;
  let warned = 0;
  for (;;) {
    const batch = await rightsWithOpenWindow(prisma, after, 500);
    if (!batch.length) break;
    after = batch[batch.length - 1]!.assetId;
    for (const r of batch) {
      const status = rightsStatus(r, now);
      const warn = status === "expiring" && !r.expiryNotifiedAt;
      if (status === r.status && !warn) continue;
      await prisma.$transaction(async (tx) => {
        if (status !== r.status) {
          await setRightsStatus(tx, r.shopId, r.assetId, status);
          // Expired or not yet started: every listing showing it swaps to its fallback (or withdraws it) now.
          const blocks = (s: string) => s === "expired" || s === "restricted";
          if (blocks(status) !== blocks(r.status))
            await syncAssets(tx, queue, r.shopId, [r.assetId], { reason: "rights", title: `The licence of “${r.asset.title}” ${status === "expired" ? "ended" : blocks(status) ? "does not allow publishing" : "allows publishing again"}`, assetId: r.assetId });
          await writeAudit(tx, r.shopId, SYSTEM_ACTOR, {
            action: "rights.status_changed",
            subjectType: "asset",
            subjectId: r.assetId,
            data: { from: r.status, to: status, licenceEnd: r.licenceEnd?.toISOString() ?? null },
          });
          if (status === "expired") {
            await notifyRights(tx, r.shopId, { id: r.assetId, title: r.asset.title }, "rights.expired", r.licenceEnd);
            await recordRightsActivity(tx, queue, r.shopId, { id: r.assetId, title: r.asset.title }, "rights.expired", r.licenceEnd);
          }
          changed++;
        }
        if (warn) {
          await markExpiryNotified(tx, r.shopId, r.assetId);
          await notifyRights(tx, r.shopId, { id: r.assetId, title: r.asset.title }, "rights.expiring", r.licenceEnd);
          await recordRightsActivity(tx, queue, r.shopId, { id: r.assetId, title: r.asset.title }, "rights.expiring", r.licenceEnd);
          await writeAudit(tx, r.shopId, SYSTEM_ACTOR, {
            action: "rights.expiry_notice",
            subjectType: "asset",
            subjectId: r.assetId,
            data: { licenceEnd: r.licenceEnd?.toISOString() ?? null },
          });
          warned++;
        }
      });
    }
  }
  return { changed, warned };
}

/** The licence notice in the shop's activity feed (and so to its webhook and email, when it wants them). */
function recordRightsActivity(
  tx: Tx,
  queue: Pick<JobQueue, "enqueue">,
  shopId: string,
  asset: { id: string; title: string },
  kind: "rights.expiring" | "rights.expired",
  licenceEnd: Date | null,
) {
  const end = licenceEnd ? licenceEnd.toISOString().slice(0, 10) : null;
  return recordActivity(tx, queue, shopId, {
    kind,
    title: kind === "rights.expiring" ? `The licence of “${asset.title}” ends on ${end}` : `The licence of “${asset.title}” has ended`,
    body:
      kind === "rights.expiring"
        ? "Renew the licence or name a fallback image before it ends; after that it cannot be downloaded, shared or published."
        : "It is blocked from downloads, sharing and publishing. Renew the licence or replace the asset.",
    link: `/app/assets/${asset.id}`,
    subjectType: "asset",
    subjectId: asset.id,
  });
}

/** What the shop is told in the app: licences ending within seven days, ended, or restricted. */
export async function rightsNeedingAttention(prisma: Prisma, shopId: string, actor: Actor) {
  if (!allows(actor, "asset.edit")) return [];
  return listRightsNeedingAttention(prisma, shopId, marketScope(actor));
}
