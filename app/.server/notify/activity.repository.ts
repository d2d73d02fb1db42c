import type { Tx } from "../db/database";
import type { Keyset } from "../library/assets.repository";
import type { Delivery } from "./kinds";

export interface ActivityData {
  kind: string;
  title: string;
  body: string;
  link: string | null;
  subjectType: string;
  subjectId: string | null;
  delivery: Delivery | null;
}

export function createActivityRow(db: Tx, shopId: string, data: ActivityData) {
  return db.activity.create({ data: { shopId, ...data } });
}

/** Newest first, keyset-paged on (createdAt, id); fetches `limit + 1` so the caller knows if there is more. */
export function listActivityRows(db: Tx, shopId: string, after: Keyset | null, limit: number) {
  return db.activity.findMany({
    where: {
      shopId,
      ...(after ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
  });
}

export function findActivity(db: Tx, shopId: string, activityId: string) {
  return db.activity.findFirst({ where: { id: activityId, shopId } });
}

export function setActivityDelivery(
  db: Tx,
  shopId: string,
  activityId: string,
  result: { delivery: Delivery | null; deliveryError: string | null; deliveredAt: Date | null },
) {
  return db.activity.updateMany({ where: { id: activityId, shopId }, data: result });
}
