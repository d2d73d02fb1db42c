// Triggers of the reconciler: whatever changes what a listing should show (a version approved, a
// placement made or removed, an asset archived, rights changed, a rollback, a reconnect, "sync now")
// calls one of these inside its own transaction, so the publish jobs commit with the change (outbox) or
// not at all. One job per listing (key publish:<listingId>): ten changes to one listing make one publish.
import { BULK_TRANSACTION, type Prisma, type Tx } from "../db/database";
import type { JobQueue } from "../jobs/queue";
import { accountsOfListings, assignBatch, batchIdsInScope, countPlacementsOfBatch, finishBatch, insertBatch, listingIdsUsingAssets, placementsToResync, setBatchTotal, setListingsQueued, type BatchScope } from "./placements.repository";

export interface BatchInput {
  reason: "version.approved" | "rollback" | "follow_latest" | "rights" | "archive" | "swap" | "placement" | "manual" | "reconnect" | "drift" | "merge";
  title: string;
  assetId?: string | null;
  versionId?: string | null;
  createdBy?: string | null;
}

/** Queues a publish of each listing (in the caller's transaction; batched inserts, so thousands stay quick). */
export async function enqueuePublish(tx: Tx, queue: Pick<JobQueue, "enqueueMany">, shopId: string, listingIds: string[]): Promise<void> {
  if (!listingIds.length) return;
  await setListingsQueued(tx, shopId, listingIds);
  const accountOf = await accountsOfListings(tx, shopId, listingIds);
  await queue.enqueueMany(tx, "sync.publish", listingIds.map((listingId) => ({ shopId, listingId })), { groupOf: (p) => accountOf.get(p.listingId) ?? null });
}

/** Opens a batch over the placements of these listings (or assets): the Sync page shows its progress. */
export async function openBatch(tx: Tx, shopId: string, batch: BatchInput, scope: BatchScope) {
  const b = await insertBatch(tx, shopId, batch);
  const previous = await batchIdsInScope(tx, shopId, scope);
  await assignBatch(tx, shopId, scope, b.id);
  // A batch whose every placement moved to this one is superseded: close it, so it does not run forever.
  for (const id of previous) if ((await countPlacementsOfBatch(tx, shopId, id)) === 0) await finishBatch(tx, shopId, id, new Date());
  const total = await countPlacementsOfBatch(tx, shopId, b.id);
  await setBatchTotal(tx, shopId, b.id, total);
  return { ...b, total };
}

/**
 * The assets changed (approved, archived, rights): every listing that shows them, or shows them as a
 * fallback, is published again. Returns the batch (null when nothing uses them).
 */
export async function syncAssets(tx: Tx, queue: Pick<JobQueue, "enqueueMany">, shopId: string, assetIds: string[], batch: BatchInput | null) {
  const listingIds = await listingIdsUsingAssets(tx, shopId, assetIds);
  if (!listingIds.length) return { batchId: null, listings: 0 };
  const b = batch ? await openBatch(tx, shopId, batch, { assetIds }) : null;
  await enqueuePublish(tx, queue, shopId, listingIds);
  return { batchId: b?.id ?? null, listings: listingIds.length };
}

/**
 * An account was (re)connected and its catalogue imported: listings whose placements failed (e.g. while
 * the authorisation had lapsed) or never went out are published again, as one batch.
 */
export async function resyncAccount(prisma: Prisma, queue: Pick<JobQueue, "enqueueMany">, shopId: string, accountId: string) {
  return prisma.$transaction(async (tx) => {
    const placements = await placementsToResync(tx, shopId, accountId);
    if (!placements.length) return 0;
    const listingIds = [...new Set(placements.map((p) => p.listingId))];
    await openBatch(tx, shopId, { reason: "reconnect", title: "Account reconnected: publishing what was waiting" }, { placementIds: placements.map((p) => p.id) });
    await enqueuePublish(tx, queue, shopId, listingIds);
    return listingIds.length;
  }, BULK_TRANSACTION);
}
