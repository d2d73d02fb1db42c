import type { Tx } from "../db/database";
import type { Prisma as P } from "../../.generated/prisma/client";

/** What lists and pages may show: never the token columns. */
export const accountPublicSelect = {
  id: true,
  shopId: true,
  channel: true,
  externalId: true,
  name: true,
  region: true,
  marketplaces: true,
  scopes: true,
  status: true,
  statusMessage: true,
  lastImportAt: true,
  lastImportError: true,
  connectedBy: true,
  createdAt: true,
  accessTokenExpiresAt: true,
  refreshTokenExpiresAt: true,
} as const;

export function listAccountRows(db: Tx, shopId: string) {
  return db.channelAccount.findMany({ where: { shopId }, orderBy: [{ channel: "asc" }, { createdAt: "asc" }], select: accountPublicSelect });
}

export function findAccountRow(db: Tx, shopId: string, id: string) {
  return db.channelAccount.findFirst({ where: { shopId, id }, select: accountPublicSelect });
}

export function findAccountByExternalId(db: Tx, shopId: string, channel: string, externalId: string) {
  return db.channelAccount.findUnique({ where: { shopId_channel_externalId: { shopId, channel, externalId } }, select: accountPublicSelect });
}

/** The sealed token columns of one account (only the token store reads these). */
export function findAccountTokens(db: Tx, shopId: string, id: string) {
  return db.channelAccount.findFirst({
    where: { shopId, id },
    select: { id: true, shopId: true, channel: true, status: true, accessToken: true, accessTokenExpiresAt: true, refreshToken: true, refreshTokenExpiresAt: true },
  });
}

export function upsertAccountRow(
  db: Tx,
  shopId: string,
  key: { channel: string; externalId: string },
  data: { name: string; region: string | null; marketplaces: P.InputJsonValue; scopes: string[]; connectedBy: string },
) {
  return db.channelAccount.upsert({
    where: { shopId_channel_externalId: { shopId, ...key } },
    create: { shopId, ...key, ...data, status: "active" },
    update: { ...data, status: "active", statusMessage: null },
    select: accountPublicSelect,
  });
}

export interface SealedTokens {
  accessToken: string | null;
  accessTokenExpiresAt: Date | null;
  refreshToken: string | null;
  refreshTokenExpiresAt: Date | null;
}

export function writeAccountTokens(db: Tx, shopId: string, id: string, t: SealedTokens) {
  return db.channelAccount.updateMany({ where: { shopId, id }, data: t });
}

/**
 * Compare-and-set after a refresh: writes only if the refresh token is still the one the refresh used, so
 * two processes refreshing a rotating token cannot overwrite each other (the loser re-reads).
 */
export async function replaceAccountTokens(db: Tx, shopId: string, id: string, expectedRefreshToken: string | null, t: SealedTokens) {
  const res = await db.channelAccount.updateMany({ where: { shopId, id, refreshToken: expectedRefreshToken }, data: t });
  return res.count === 1;
}

export function setAccountStatus(db: Tx, shopId: string, id: string, status: string, statusMessage: string | null) {
  return db.channelAccount.updateMany({ where: { shopId, id }, data: { status, statusMessage } });
}

/** Disconnect: the tokens are deleted; the account row stays for the usage map's history. */
export function clearAccountTokens(db: Tx, shopId: string, id: string) {
  return db.channelAccount.updateMany({
    where: { shopId, id },
    data: { accessToken: null, accessTokenExpiresAt: null, refreshToken: null, refreshTokenExpiresAt: null, status: "disconnected", statusMessage: null },
  });
}
