import type { Tx } from "../db/database";

export interface NotificationRow {
  memberId: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  subjectType: string;
  subjectId: string | null;
}

export function createNotificationRows(db: Tx, shopId: string, rows: NotificationRow[]) {
  return db.notification.createMany({ data: rows.map((r) => ({ shopId, ...r })) });
}

export function listNotificationRows(db: Tx, shopId: string, memberId: string, limit = 50) {
  return db.notification.findMany({ where: { shopId, memberId }, orderBy: { createdAt: "desc" }, take: limit });
}

export function countUnreadRows(db: Tx, shopId: string, memberId: string) {
  return db.notification.count({ where: { shopId, memberId, readAt: null } });
}

/** Marks the member's own notifications read (all of them when `ids` is null). */
export function markRowsRead(db: Tx, shopId: string, memberId: string, ids: string[] | null) {
  return db.notification.updateMany({ where: { shopId, memberId, readAt: null, ...(ids ? { id: { in: ids } } : {}) }, data: { readAt: new Date() } });
}
