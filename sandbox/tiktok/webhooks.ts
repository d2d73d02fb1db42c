// The product-status webhook TikTok sends after an audit (CHANNELS.md §3.2, §3.6): type 5, signed with
// `Authorization` = hex(HMAC-SHA256(app_secret, app_key + raw body)). Written here from the spec, not
// imported from connectors/tiktok/webhook.ts, so the two implementations check each other.
import { createHmac } from "node:crypto";

export interface SentWebhook {
  body: string;
  authorization: string;
  /** HTTP status from the receiver, or null when it could not be reached. */
  status: number | null;
}

export function webhookSignature(appKey: string, appSecret: string, body: string): string {
  return createHmac("sha256", appSecret).update(appKey + body, "utf8").digest("hex");
}

/** Posts one type-5 event; failures are recorded, never thrown (TikTok does not stop on a bad receiver). */
export async function sendProductStatus(opts: { url: string; appKey: string; appSecret: string; shopId: string; productId: string; nowSeconds: number }): Promise<SentWebhook> {
  const body = JSON.stringify({ type: 5, shop_id: opts.shopId, timestamp: opts.nowSeconds, data: { product_id: opts.productId, status: "PRODUCT_AUDIT_SUCCESS" } });
  const authorization = webhookSignature(opts.appKey, opts.appSecret, body);
  try {
    const res = await fetch(opts.url, { method: "POST", headers: { "content-type": "application/json", authorization }, body, signal: AbortSignal.timeout(5000) });
    await res.body?.cancel();
    return { body, authorization, status: res.status };
  } catch {
    return { body, authorization, status: null };
  }
}
