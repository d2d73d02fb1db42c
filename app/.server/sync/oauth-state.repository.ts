import type { Tx } from "../db/database";

export function createOAuthStateRow(db: Tx, shopId: string, data: { memberId: string; channel: string; region: string | null; nonceHash: string; expiresAt: Date }) {
  return db.oAuthState.create({ data: { shopId, ...data } });
}

export function findOAuthStateByNonce(db: Tx, nonceHash: string) {
  return db.oAuthState.findUnique({ where: { nonceHash } });
}

/** Marks the state used; false when it already was (a replayed callback). */
export async function markOAuthStateUsed(db: Tx, shopId: string, id: string) {
  const res = await db.oAuthState.updateMany({ where: { shopId, id, usedAt: null }, data: { usedAt: new Date() } });
  return res.count === 1;
}

/** States are short-lived: drop the shop's expired ones when a new one is made. */
export function deleteExpiredOAuthStates(db: Tx, shopId: string, now: Date) {
  return db.oAuthState.deleteMany({ where: { shopId, expiresAt: { lt: now } } });
}
