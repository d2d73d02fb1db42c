// The sandbox's own check of TikTok's request signature (CHANNELS.md §3.2), written from the spec and not
// shared with connectors/tiktok/sign.ts: if both sides shared one function, a bug in it would sign and
// verify "correctly" and no test would notice.
import { createHmac, timingSafeEqual } from "node:crypto";

/** Query keys that never enter the signed string (§3.2 step 1). */
const SKIPPED = ["sign", "access_token", "x-tts-access-token"];

/** The string TikTok HMACs: secret + path + sorted key/value pairs + body (not for multipart) + secret. */
export function signedString(opts: { appSecret: string; path: string; query: URLSearchParams; body: Buffer | null; multipart: boolean }): Buffer {
  const keys = [...new Set(opts.query.keys())].filter((k) => !SKIPPED.includes(k));
  // §3.2 step 2 says byte order: compare UTF-8 bytes, not UTF-16 code units.
  keys.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  const pairs = keys.map((k) => k + (opts.query.get(k) ?? "")).join("");
  const parts: Buffer[] = [Buffer.from(opts.appSecret + opts.path + pairs)];
  if (!opts.multipart && opts.body && opts.body.length > 0) parts.push(opts.body);
  parts.push(Buffer.from(opts.appSecret));
  return Buffer.concat(parts);
}

export function expectedSign(opts: Parameters<typeof signedString>[0]): string {
  return createHmac("sha256", opts.appSecret).update(signedString(opts)).digest("hex");
}

/** Exact, constant-time comparison with the `sign` the client sent (lower-case hex only). */
export function signatureMatches(opts: Parameters<typeof signedString>[0] & { given: string | null }): boolean {
  if (!opts.given) return false;
  const want = Buffer.from(expectedSign(opts));
  const got = Buffer.from(opts.given);
  return want.length === got.length && timingSafeEqual(want, got);
}

/** §3.2: a 10-digit Unix-seconds timestamp, from 5 minutes ago up to 30 seconds ahead. */
export function timestampAccepted(raw: string | null, nowSeconds: number): boolean {
  if (raw === null || !/^\d{10}$/.test(raw)) return false;
  const ts = Number(raw);
  return ts >= nowSeconds - 300 && ts <= nowSeconds + 30;
}
