// Short-lived signed links to a version's original. Inside Shopify admin a plain navigation carries no
// session token, so the page asks (authenticated) for a link and follows it. The link names shop, asset
// and version, expires in a minute, and is checked with an HMAC in constant time.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";

const Claims = z.object({ s: z.string().uuid(), a: z.string().uuid(), v: z.string().uuid(), e: z.number().int() });
export type DownloadClaims = { shopId: string; assetId: string; versionId: string };

const TTL_MS = 60_000;
// Demo mode has no app secret; a per-process key is enough for one-minute links.
const processKey = randomBytes(32);

const mac = (key: Buffer | string, payload: string) => createHmac("sha256", key).update(`download:${payload}`).digest();

export function signDownload(secret: string | null, c: DownloadClaims, now = Date.now()): string {
  const payload = Buffer.from(JSON.stringify({ s: c.shopId, a: c.assetId, v: c.versionId, e: now + TTL_MS })).toString("base64url");
  return `${payload}.${mac(secret ?? processKey, payload).toString("base64url")}`;
}

/** The claims of a valid, unexpired link, or null. */
export function verifyDownload(secret: string | null, token: string, now = Date.now()): DownloadClaims | null {
  const [payload, sig] = token.split(".");
  if (!payload || !sig) return null;
  const expected = mac(secret ?? processKey, payload);
  const given = Buffer.from(sig, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  let parsed;
  try {
    parsed = Claims.safeParse(JSON.parse(Buffer.from(payload, "base64url").toString()));
  } catch {
    return null;
  }
  if (!parsed.success || parsed.data.e < now) return null;
  return { shopId: parsed.data.s, assetId: parsed.data.a, versionId: parsed.data.v };
}
