// OAuth `state` for connecting Amazon and TikTok (issue #4 §6): a 128-bit nonce, signed (HMAC, checked in
// constant time), bound to the shop, the member and the channel, valid for ten minutes and single-use.
// Only a hash of the nonce is stored. A bad, expired or replayed state changes nothing.
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { Prisma } from "../db/database";
import { AppError } from "../errors";
import { createOAuthStateRow, deleteExpiredOAuthStates, findOAuthStateByNonce, markOAuthStateUsed } from "./oauth-state.repository";

export const OAUTH_STATE_TTL_MS = 10 * 60_000;
const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
const mac = (key: string | Buffer, nonce: string) => createHmac("sha256", key).update(`oauth-state:${nonce}`).digest("base64url");

export interface OAuthStateClaims {
  shopId: string;
  memberId: string;
  channel: string;
  region: string | null;
}

export async function issueOAuthState(prisma: Prisma, key: string | Buffer, claims: OAuthStateClaims, now = new Date()): Promise<string> {
  const nonce = randomBytes(16).toString("base64url");
  await deleteExpiredOAuthStates(prisma, claims.shopId, now);
  await createOAuthStateRow(prisma, claims.shopId, {
    memberId: claims.memberId,
    channel: claims.channel,
    region: claims.region,
    nonceHash: sha256(nonce),
    expiresAt: new Date(now.getTime() + OAUTH_STATE_TTL_MS),
  });
  return `${nonce}.${mac(key, nonce)}`;
}

/** Checks and uses up a state; throws `validation` with a reason a person can act on. */
export async function consumeOAuthState(prisma: Prisma, key: string | Buffer, state: string, channel: string, now = new Date()): Promise<OAuthStateClaims> {
  const [nonce, sig] = state.split(".");
  const bad = () => new AppError("validation", "This sign-in link is not valid. Start again from the Channels page.");
  if (!nonce || !sig || !/^[A-Za-z0-9_-]{22}$/.test(nonce)) throw bad();
  const expected = Buffer.from(mac(key, nonce));
  const given = Buffer.from(sig);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw bad();
  const row = await findOAuthStateByNonce(prisma, sha256(nonce));
  if (!row || row.channel !== channel) throw bad();
  if (row.usedAt) throw new AppError("validation", "This sign-in link was already used. Start again from the Channels page.");
  if (row.expiresAt <= now) throw new AppError("validation", "This sign-in link expired (they last ten minutes). Start again from the Channels page.");
  if (!(await markOAuthStateUsed(prisma, row.shopId, row.id))) throw new AppError("validation", "This sign-in link was already used. Start again from the Channels page.");
  return { shopId: row.shopId, memberId: row.memberId, channel: row.channel, region: row.region };
}
