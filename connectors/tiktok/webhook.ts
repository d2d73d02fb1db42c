// TikTok Shop webhooks (CHANNELS.md §3.2): `Authorization` = hex(HMAC-SHA256(app_secret, app_key + raw body)).
// Verify against the raw bytes before parsing: re-serialised JSON would not hash the same.
import { createHmac } from "node:crypto";
import { ChannelError } from "../channel";
import { constantTimeEqual } from "./sign";

/** Webhook `type`s this app reacts to. */
export const WEBHOOK_TYPE = {
  productStatusChange: 5,
  sellerDeauthorization: 6,
  upcomingAuthorizationExpiration: 7,
} as const;

export interface TikTokWebhook {
  type: number;
  shopId: string;
  timestamp: number;
  data: unknown;
}

/** Hex signature TikTok puts in `Authorization` for this body; used by the sandbox to emit webhooks. */
export function signWebhook(input: { appKey: string; appSecret: string; rawBody: string | Uint8Array }): string {
  const hmac = createHmac("sha256", input.appSecret).update(input.appKey, "utf8");
  // Bytes are hashed as received, so a body that is not valid UTF-8 still verifies exactly.
  if (typeof input.rawBody === "string") hmac.update(input.rawBody, "utf8");
  else hmac.update(input.rawBody);
  return hmac.digest("hex");
}

/** True when `authorization` is the exact signature of `rawBody`; a missing header is `false`. */
export function verifyWebhook(input: { appKey: string; appSecret: string; rawBody: string | Uint8Array; authorization: string | null | undefined }): boolean {
  if (typeof input.authorization !== "string" || input.authorization === "") return false;
  return constantTimeEqual(signWebhook(input), input.authorization);
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

const invalid = (message: string): ChannelError => new ChannelError("validation", `TikTok webhook: ${message}`);

/** Parses a (verified) webhook body; throws ChannelError('validation') when it is not the documented shape. */
export function parseWebhook(rawBody: string | Uint8Array): TikTokWebhook {
  let text: string;
  try {
    text = typeof rawBody === "string" ? rawBody : new TextDecoder("utf-8", { fatal: true }).decode(rawBody);
  } catch {
    throw invalid("body is not valid UTF-8");
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw invalid("body is not valid JSON");
  }
  if (!isRecord(json)) throw invalid("body is not a JSON object");
  const { type, shop_id: shopId, timestamp } = json;
  if (typeof type !== "number" || !Number.isInteger(type)) throw invalid("`type` must be an integer");
  // shop_id is a 19-digit id: only a string keeps it exact (a JSON number would lose precision).
  if (typeof shopId !== "string" || shopId === "") throw invalid("`shop_id` must be a non-empty string");
  if (typeof timestamp !== "number" || !Number.isInteger(timestamp) || timestamp < 0) throw invalid("`timestamp` must be Unix seconds");
  if (!("data" in json)) throw invalid("`data` is missing");
  return { type, shopId, timestamp, data: json.data };
}
