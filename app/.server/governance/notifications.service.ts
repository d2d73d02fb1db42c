// In-app notifications (Governance §2, §3): a version waits for my decision, my version was approved or
// rejected, a licence ends in seven days or ended. Rows are fanned out to the people concerned in the
// same transaction as the change, so a rolled-back change notifies nobody. (The external notification
// channel — email/webhook through the `notify.send` job — comes with the sync engine.)
import type { Prisma, Tx } from "../db/database";
import type { Actor } from "../library/types";
import { canDecide, type ChainStep } from "./approval-chain";
import { listApprovals } from "./approvals.repository";
import { actorOf } from "./members.service";
import { listMembers } from "./members.repository";
import { countUnreadRows, createNotificationRows, listNotificationRows, markRowsRead, type NotificationRow } from "./notifications.repository";
import { allows } from "./policy";

export type NotificationKind = "review.requested" | "version.approved" | "version.rejected" | "rights.expiring" | "rights.expired";

interface VersionRef {
  id: string;
  number: number;
  asset: { id: string; title: string; markets: readonly string[] };
}

const assetLink = (assetId: string) => `/app/assets/${assetId}`;

/** The people who may decide this step of this version (in its markets), except the one who just acted. */
export async function notifyReviewRequested(tx: Tx, shopId: string, v: VersionRef, step: ChainStep, chainName: string, by: Actor) {
  const members = await listMembers(tx, shopId);
  const rows: NotificationRow[] = members
    .map((m) => ({ m, who: actorOf(m) }))
    .filter(({ m, who }) => m.id !== by.id && canDecide(step, who) && allows(who, "version.approve", v.asset))
    .map(({ m }) => ({
      memberId: m.id,
      kind: "review.requested",
      title: `“${v.asset.title}” v${v.number} waits for your review`,
      body: `${chainName} · step “${step.name}” · sent by ${by.name}`,
      link: "/app/inbox",
      subjectType: "version",
      subjectId: v.id,
    }));
  if (rows.length) await createNotificationRows(tx, shopId, rows);
  return rows.length;
}

/** Tells whoever submitted the version how it was decided (unless they decided it themselves). */
export async function notifyDecision(tx: Tx, shopId: string, v: VersionRef, outcome: "approved" | "rejected", by: Actor, comment?: string) {
  const submitted = (await listApprovals(tx, shopId, [v.id])).filter((a) => a.decision === "submitted").pop();
  if (!submitted || submitted.actorId === by.id) return 0;
  const member = (await listMembers(tx, shopId)).find((m) => m.id === submitted.actorId);
  if (!member) return 0; // submitted through an API key, or the member left
  await createNotificationRows(tx, shopId, [
    {
      memberId: member.id,
      kind: outcome === "approved" ? "version.approved" : "version.rejected",
      title: outcome === "approved" ? `“${v.asset.title}” v${v.number} was approved` : `“${v.asset.title}” v${v.number} was rejected`,
      body: `by ${by.name}${comment?.trim() ? `: “${comment.trim()}”` : ""}`,
      link: assetLink(v.asset.id),
      subjectType: "version",
      subjectId: v.id,
    },
  ]);
  return 1;
}

/** Licence notices go to the shop's admins (the owner among them): they decide what replaces the asset. */
export async function notifyRights(
  tx: Tx,
  shopId: string,
  asset: { id: string; title: string },
  kind: "rights.expiring" | "rights.expired",
  licenceEnd: Date | null,
) {
  const admins = (await listMembers(tx, shopId)).filter((m) => m.role === "admin");
  const end = licenceEnd ? licenceEnd.toISOString().slice(0, 10) : null;
  const title = kind === "rights.expiring" ? `The licence of “${asset.title}” ends on ${end}` : `The licence of “${asset.title}” has ended`;
  const body =
    kind === "rights.expiring"
      ? "Renew the licence or name a fallback image before it ends; after that it cannot be downloaded, shared or published."
      : "It is blocked from downloads, sharing and publishing. Renew the licence or replace the asset.";
  const rows = admins.map((m) => ({ memberId: m.id, kind, title, body, link: assetLink(asset.id), subjectType: "asset", subjectId: asset.id }));
  if (rows.length) await createNotificationRows(tx, shopId, rows);
  return rows.length;
}

export interface NotificationView {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  read: boolean;
  createdAt: string;
}

/** My notifications, newest first. Only people (not API keys) have them. */
export async function myNotifications(prisma: Prisma, shopId: string, me: Actor, limit = 50): Promise<NotificationView[]> {
  if (me.kind !== "user") return [];
  const rows = await listNotificationRows(prisma, shopId, me.id, limit);
  return rows.map((r) => ({ id: r.id, kind: r.kind, title: r.title, body: r.body, link: r.link, read: r.readAt !== null, createdAt: r.createdAt.toISOString() }));
}

export const unreadCount = (prisma: Prisma, shopId: string, me: Actor) => (me.kind === "user" ? countUnreadRows(prisma, shopId, me.id) : Promise.resolve(0));

/** Marks my notifications read: the named ones, or all. Nobody can touch another person's. */
export async function markRead(prisma: Prisma, shopId: string, me: Actor, ids: string[] | null) {
  if (me.kind !== "user") return 0;
  return (await markRowsRead(prisma, shopId, me.id, ids)).count;
}
