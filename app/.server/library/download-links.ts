// Short-lived signed links for downloads. Inside Shopify admin a plain navigation carries no session
// token, so the page asks (authenticated) for a link and follows it. A link names the shop and either
// the member and either one version (original or a rendition) or a zip of a selection; it expires in a
// minute and is checked with an HMAC in constant time. The member is re-read at download time, so a
// role or market change in that minute still applies, and the download is recorded under their name.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";

/** `rendition` null = the original upload; otherwise a rendition preset id (e.g. "preview"). */
export type DownloadClaims =
  | { kind: "version"; shopId: string; memberId: string; assetId: string; versionId: string; rendition: string | null }
  | { kind: "zip"; shopId: string; memberId: string; assetIds: string[]; rendition: string | null };

/** A library page holds at most 200 assets; bigger selections go through the API. */
export const ZIP_LINK_MAX_ASSETS = 200;

const Preset = z.string().regex(/^[a-z0-9.]{1,40}$/).nullable();
const Wire = z.discriminatedUnion("k", [
  z.object({ k: z.literal("v"), s: z.string().uuid(), m: z.string().uuid(), a: z.string().uuid(), v: z.string().uuid(), r: Preset, e: z.number().int() }),
  // Ids packed as 16 raw bytes each, so a library page's selection (≤ 200) fits in a URL.
  z.object({ k: z.literal("z"), s: z.string().uuid(), m: z.string().uuid(), i: z.string().max(ZIP_LINK_MAX_ASSETS * 22), r: Preset, e: z.number().int() }),
]);

const TTL_MS = 60_000;
// Demo mode has no app secret; a per-process key is enough for one-minute links.
const processKey = randomBytes(32);

const mac = (key: Buffer | string, payload: string) => createHmac("sha256", key).update(`download:${payload}`).digest();
const pack = (ids: string[]) => Buffer.concat(ids.map((id) => Buffer.from(id.replace(/-/g, ""), "hex"))).toString("base64url");
function unpack(s: string): string[] {
  const buf = Buffer.from(s, "base64url");
  const out: string[] = [];
  for (let o = 0; o + 16 <= buf.length; o += 16) {
    const h = buf.subarray(o, o + 16).toString("hex");
    out.push(`${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`);
  }
  return out;
}

export function signDownload(secret: string | null, c: DownloadClaims, now = Date.now()): string {
  const e = now + TTL_MS;
  const wire =
    c.kind === "version"
      ? { k: "v", s: c.shopId, m: c.memberId, a: c.assetId, v: c.versionId, r: c.rendition, e }
      : { k: "z", s: c.shopId, m: c.memberId, i: pack(c.assetIds), r: c.rendition, e };
  const payload = Buffer.from(JSON.stringify(wire)).toString("base64url");
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
    parsed = Wire.safeParse(JSON.parse(Buffer.from(payload, "base64url").toString()));
  } catch {
    return null;
  }
  if (!parsed.success || parsed.data.e < now) return null;
  const w = parsed.data;
  return w.k === "v"
    ? { kind: "version", shopId: w.s, memberId: w.m, assetId: w.a, versionId: w.v, rendition: w.r }
    : { kind: "zip", shopId: w.s, memberId: w.m, assetIds: unpack(w.i), rendition: w.r };
}
