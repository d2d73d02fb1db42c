// What the shop hears about sync: per-placement notices (drifted, withdrawn, blocked), and each batch's
// end — "v3 is live on all 1,000 listings", or how many failed. Written in the caller's transaction.
import type { Tx } from "../db/database";
import type { JobQueue } from "../jobs/queue";
import { recordActivity, type ActivityInput } from "../notify/activity.service";
import { batchHasPlacementIn, batchStateCounts, findBatch, finishBatch } from "./placements.repository";

export const tellShop = (tx: Tx, queue: JobQueue, shopId: string, a: ActivityInput) => recordActivity(tx, queue, shopId, a);

/** Placement states a batch waits on. */
export const IN_FLIGHT = new Set(["pending", "syncing", "submitted"]);

/** Closes the batches whose placements all reached an end state, and announces how they ended. */
export async function settleBatches(tx: Tx, queue: JobQueue, shopId: string, batchIds: string[], at: Date): Promise<void> {
  // Every publish of a batch's listings lands here: a probe for a placement still in flight answers most
  // of them; counting a 3,000-placement batch each time made the engine slow down as batches grew.
  const settled: string[] = [];
  for (const id of batchIds) if (!(await batchHasPlacementIn(tx, shopId, id, [...IN_FLIGHT]))) settled.push(id);
  if (!settled.length) return;
  const counts = await batchStateCounts(tx, shopId, settled);
  for (const id of settled) {
    const mine = counts.filter((c) => c.batchId === id);
    if (mine.some((c) => IN_FLIGHT.has(c.state))) continue;
    const batch = await findBatch(tx, shopId, id);
    if (!batch || batch.finishedAt) continue;
    if (!(await finishBatch(tx, shopId, id, at)).count) continue; // another job closed it first
    const n = (state: string) => mine.find((c) => c.state === state)?.count ?? 0;
    const total = mine.reduce((s, c) => s + c.count, 0);
    const bad = n("failed") + n("blocked") + n("drifted");
    const link = batch.assetId ? `/app/assets/${batch.assetId}` : "/app/sync";
    if (bad === 0)
      await tellShop(tx, queue, shopId, {
        kind: "version.live",
        title: `${batch.title}: live everywhere`,
        body: `${n("live")} of ${total} placement${total === 1 ? "" : "s"} live${n("withdrawn") ? `, ${n("withdrawn")} withdrawn` : ""}.`,
        link,
        subjectType: "sync_batch",
        subjectId: id,
      });
    else
      await tellShop(tx, queue, shopId, {
        kind: "sync.failed",
        title: `${batch.title}: ${bad} of ${total} placement${total === 1 ? "" : "s"} did not go live`,
        body: [n("failed") && `${n("failed")} failed`, n("blocked") && `${n("blocked")} blocked`, n("drifted") && `${n("drifted")} drifted`, `${n("live")} live`].filter(Boolean).join(", ") + ". Open the Sync page to retry.",
        link: "/app/sync",
        subjectType: "sync_batch",
        subjectId: id,
      });
  }
}
