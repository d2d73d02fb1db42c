// The shop's activity feed: what the sync engine and the licence scan tell the team. A row is written
// in the caller's transaction, and its delivery to the shop's webhook and email is queued in the same
// commit (transactional outbox), so a rolled-back change announces nothing.
import type { Prisma, Tx } from "../db/database";
import type { JobQueue } from "../jobs/queue";
import { decodeCursor, keysetPage, pageLimit } from "../library/cursor";
import type { Actor } from "../library/types";
import { authorize } from "../governance/authorize";
import { marketScope } from "../governance/policy";
import { AppError } from "../errors";
import { createActivityRow, listActivityRows } from "./activity.repository";
import type { ActivityKind } from "./kinds";
import { findSyncSettings } from "./sync-settings.repository";

export { ACTIVITY_KINDS, ACTIVITY_KIND_LABELS, activityKindLabel, isActivityKind, type ActivityKind } from "./kinds";

export interface ActivityInput {
  kind: ActivityKind;
  title: string;
  body?: string;
  /** In-app path, e.g. /app/assets/<id>; made absolute in messages when the app has a public URL. */
  link?: string | null;
  subjectType: string;
  subjectId?: string | null;
}

/** Does the shop want this kind sent out, and is there anywhere to send it? (notifyKinds empty = all) */
export function wantsDelivery(settings: { webhookUrl: string | null; emailTo: string[]; notifyKinds: string[] } | null, kind: string): boolean {
  if (!settings || (!settings.webhookUrl && settings.emailTo.length === 0)) return false;
  return settings.notifyKinds.length === 0 || settings.notifyKinds.includes(kind);
}

export async function recordActivity(
  tx: Tx,
  queue: Pick<JobQueue, "enqueue">,
  shopId: string,
  input: ActivityInput,
  opts: { ignoreKindFilter?: boolean } = {},
) {
  const settings = await findSyncSettings(tx, shopId);
  const deliver = wantsDelivery(settings && opts.ignoreKindFilter ? { ...settings, notifyKinds: [] } : settings, input.kind);
  const row = await createActivityRow(tx, shopId, {
    kind: input.kind,
    title: input.title,
    body: input.body ?? "",
    link: input.link ?? null,
    subjectType: input.subjectType,
    subjectId: input.subjectId ?? null,
    delivery: deliver ? "pending" : null,
  });
  if (deliver) await queue.enqueue(tx, "notify.send", { shopId, activityId: row.id });
  return row;
}

export interface ActivityView {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  subjectType: string;
  subjectId: string | null;
  delivery: string | null;
  deliveryError: string | null;
  deliveredAt: string | null;
  createdAt: string;
}

/**
 * The feed, newest first. Every member reads it, except those limited to some markets: its rows name
 * assets of every market and carry no markets to filter on.
 */
export async function listActivity(prisma: Prisma, shopId: string, actor: Actor, page: { cursor?: string | null; limit?: number }) {
  authorize(actor, "asset.view");
  if (marketScope(actor) !== null)
    throw new AppError("forbidden", `The activity feed covers every market; you work on ${actor.markets.join(", ")}. Ask a shop admin.`);
  const limit = pageLimit(page.limit, 50);
  const { items, nextCursor } = keysetPage(await listActivityRows(prisma, shopId, decodeCursor(page.cursor), limit), limit);
  return {
    nextCursor,
    items: items.map(
      (a): ActivityView => ({
        id: a.id,
        kind: a.kind,
        title: a.title,
        body: a.body,
        link: a.link,
        subjectType: a.subjectType,
        subjectId: a.subjectId,
        delivery: a.delivery,
        deliveryError: a.deliveryError,
        deliveredAt: a.deliveredAt?.toISOString() ?? null,
        createdAt: a.createdAt.toISOString(),
      }),
    ),
  };
}
