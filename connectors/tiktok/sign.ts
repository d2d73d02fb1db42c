// TikTok Shop Open API request signing (CHANNELS.md §3.2). Shared by the connector, which signs what it
// sends, and by the local sandbox, which verifies what it receives: both must agree byte for byte.
import { createHmac, timingSafeEqual } from "node:crypto";

export interface SignInput {
  /** Request path only: no host, no query string. */
  path: string;
  /** Query parameters as sent; `sign` and access-token keys are ignored. */
  query: Record<string, string>;
  /** The exact body string sent; ignored for multipart/form-data. */
  body?: string;
  contentType?: string;
  appSecret: string;
}

/** Never part of the signed string: `sign` is the output, the token travels apart from the signature. */
const UNSIGNED_KEYS: ReadonlySet<string> = new Set(["sign", "access_token", "x-tts-access-token"]);

/** Accepted clock skew around the server's clock (CHANNELS.md §3.2). */
export const TIMESTAMP_MAX_AGE_SECONDS = 5 * 60;
export const TIMESTAMP_MAX_AHEAD_SECONDS = 30;

const utf8 = (s: string): Buffer => Buffer.from(s, "utf8");

// Byte order, not localeCompare or JS's UTF-16 default, so non-ASCII keys sort as on the server.
const byteOrder = (a: string, b: string): number => Buffer.compare(utf8(a), utf8(b));

// Multipart uploads are signed without the body: the boundary makes the bytes unpredictable to the server.
function isMultipart(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const mediaType = contentType.split(";", 1)[0].trim().toLowerCase();
  return mediaType === "multipart/form-data";
}

/** Lower-case hex HMAC-SHA256 of `secret + path + sorted(key+value) + body + secret`, keyed with the secret. */
export function signRequest(input: { path: string; query: Record<string, string>; body?: string; contentType?: string; appSecret: string }): string {
  const { path, query, body, contentType, appSecret } = input;
  const params = Object.keys(query)
    .filter((k) => !UNSIGNED_KEYS.has(k))
    .sort(byteOrder)
    .map((k) => `${k}${query[k]}`)
    .join("");
  const signedBody = body !== undefined && !isMultipart(contentType) ? body : "";
  const wrapped = `${appSecret}${path}${params}${signedBody}${appSecret}`;
  return createHmac("sha256", appSecret).update(wrapped, "utf8").digest("hex");
}

/** Seconds since the epoch, as TikTok expects (10 digits, not milliseconds). */
export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/**
 * The final query for a call: the caller's parameters (including `shop_cipher` when the endpoint needs
 * it) plus `app_key`, `timestamp` and `sign`. A stale `sign` in `query` is replaced.
 */
export function signedQuery(input: {
  path: string;
  query: Record<string, string>;
  body?: string;
  contentType?: string;
  appKey: string;
  appSecret: string;
  /** Unix seconds; defaults to now. */
  timestamp?: number;
}): Record<string, string> {
  const timestamp = input.timestamp ?? nowSeconds();
  // Milliseconds or a fraction here is a caller bug that TikTok would reject as a bad timestamp.
  if (!Number.isInteger(timestamp) || !/^\d{10}$/.test(String(timestamp))) {
    throw new RangeError(`timestamp must be 10-digit Unix seconds, got ${timestamp}`);
  }
  const { sign: _stale, ...rest } = input.query;
  const query: Record<string, string> = { ...rest, app_key: input.appKey, timestamp: String(timestamp) };
  const sign = signRequest({ path: input.path, query, body: input.body, contentType: input.contentType, appSecret: input.appSecret });
  return { ...query, sign };
}

/** Constant-time equality of two strings; a length mismatch is a plain `false`, not a throw. */
export function constantTimeEqual(a: string, b: string): boolean {
  const x = utf8(a);
  const y = utf8(b);
  // timingSafeEqual throws on unequal lengths; the length of a hex digest is not a secret.
  if (x.length !== y.length) return false;
  return timingSafeEqual(x, y);
}

/**
 * Sandbox side: recomputes the signature and compares it in constant time with `signature`
 * (defaults to `query.sign`). The comparison is exact, so an upper-case hex `sign` is rejected.
 */
export function verifyRequestSignature(input: SignInput & { signature?: string }): boolean {
  const given = input.signature ?? input.query.sign;
  if (typeof given !== "string" || given === "") return false;
  return constantTimeEqual(signRequest(input), given);
}

/**
 * Whether a request `timestamp` is inside the accepted window [now − 5 min, now + 30 s], edges included.
 * Anything but a 10-digit integer of seconds (e.g. milliseconds) is rejected.
 */
export function isTimestampInWindow(timestamp: string | number, now: number = nowSeconds()): boolean {
  const text = typeof timestamp === "number" ? String(timestamp) : timestamp;
  if (!/^\d{10}$/.test(text)) return false;
  const ts = Number(text);
  return ts >= now - TIMESTAMP_MAX_AGE_SECONDS && ts <= now + TIMESTAMP_MAX_AHEAD_SECONDS;
}
