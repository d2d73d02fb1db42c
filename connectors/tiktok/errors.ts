// TikTok's envelope {code, message, request_id, data} → data or ChannelError (CHANNELS.md §3.5). The
// envelope is the truth: HTTP 200 with a non-zero code is an error.
import { ChannelError } from "../channel";

/** Codes with a meaning for the job scheduler; every other non-zero code is a validation error. */
export const TIKTOK_CODES = {
  invalidAccessToken: 105001, // [guess] unknown token: a refresh is the right reaction either way
  expiredAccessToken: 105002,
  accessDenied: 105005, // scope not granted: re-consent
  tooManyRequests: 36009002,
  internalError: 36009003,
  tooManyRequestsMerchant: 12052109,
  productNotFound: 12052032, // [2nd] "Product does not exist"
} as const;

const AUTH = new Set<number>([TIKTOK_CODES.invalidAccessToken, TIKTOK_CODES.expiredAccessToken, TIKTOK_CODES.accessDenied]);
const THROTTLED = new Set<number>([TIKTOK_CODES.tooManyRequests, TIKTOK_CODES.tooManyRequestsMerchant]);

export interface Envelope {
  code: number;
  message: string;
  data: unknown;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The envelope in a response body, or null when the body is not one (e.g. a proxy's HTML page). */
export function readEnvelope(text: string): Envelope | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isRecord(json) || typeof json.code !== "number") return null;
  return { code: json.code, message: typeof json.message === "string" ? json.message : "", data: json.data ?? null };
}

/** A non-zero envelope code as the one error type; `label` names the operation for logs. */
export function envelopeError(label: string, env: Envelope, retryAfterMs: number | null): ChannelError {
  const channelCode = String(env.code);
  const message = `${label}: ${env.message || "TikTok error"} (${env.code})`;
  if (AUTH.has(env.code)) return new ChannelError("auth", message, { channelCode });
  // A 200 + 36009002 has no Retry-After: wait a second, as for a bare 429.
  if (THROTTLED.has(env.code)) return new ChannelError("throttled", message, { channelCode, retryAfterMs: retryAfterMs ?? 1000 });
  if (env.code === TIKTOK_CODES.internalError) return new ChannelError("transient", message, { channelCode, retryAfterMs });
  if (env.code === TIKTOK_CODES.productNotFound) return new ChannelError("not_found", message, { channelCode });
  // Image rules, signature/parameter errors and anything unknown: re-sending the same request will not help.
  return new ChannelError("validation", message, { channelCode, issues: [{ code: channelCode, message: env.message, severity: "error" }] });
}
