import type { Tx } from "../db/database";

/** Records a delivery; false when this event id was already recorded (Shopify redelivers). */
export async function recordWebhookEvent(
  db: Tx,
  e: { shopId: string | null; shopDomain: string; eventId: string; topic: string; payload: object },
): Promise<boolean> {
  const res = await db.webhookEvent.createMany({
    data: [{ shopId: e.shopId, shopDomain: e.shopDomain, eventId: e.eventId, topic: e.topic, payload: e.payload }],
    skipDuplicates: true,
  });
  return res.count === 1;
}
