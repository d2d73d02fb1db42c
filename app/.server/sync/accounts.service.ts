// Channel accounts (orchestration): connect after an OAuth code exchange (the account, its sealed
// tokens and the audit event in one transaction), list for the Channels page (never with tokens), and
// disconnect (tokens deleted; the row stays for the usage map's history).
import type { Sealer } from "../crypto";
import type { Prisma } from "../db/database";
import { notFound } from "../errors";
import { writeAudit } from "../governance/audit.repository";
import { authorize } from "../governance/authorize";
import type { Principal } from "../governance/policy";
import type { Actor } from "../library/types";
import { sealGrant, type TokenGrant } from "./account-tokens";
import { clearAccountTokens, findAccountByExternalId, findAccountRow, listAccountRows, upsertAccountRow, writeAccountTokens } from "./channel-accounts.repository";
import type { JobQueue } from "../jobs/queue";
import { SYSTEM_ACTOR } from "../library/types";

export interface AccountMarketplace {
  id: string;
  name: string;
  countryCode: string | null;
  /** TikTok shop cipher. */
  cipher?: string;
}

export interface ConnectInput {
  channel: "shopify" | "amazon" | "tiktok";
  externalId: string;
  name: string;
  region: string | null;
  marketplaces: AccountMarketplace[];
  scopes: string[];
  /** Null for Shopify: its token lives only in the Session (DESIGN §6). */
  grant: TokenGrant | null;
}

export async function connectAccount(deps: { prisma: Prisma; sealer: Sealer }, shopId: string, actor: Actor, input: ConnectInput) {
  authorize(actor, "channel.manage");
  return deps.prisma.$transaction(async (tx) => {
    const account = await upsertAccountRow(tx, shopId, { channel: input.channel, externalId: input.externalId }, {
      name: input.name,
      region: input.region,
      marketplaces: input.marketplaces.map((m) => ({ ...m })),
      scopes: input.scopes,
      connectedBy: actor.name,
    });
    if (input.grant) await writeAccountTokens(tx, shopId, account.id, sealGrant(deps.sealer, { shopId, channel: input.channel, id: account.id }, input.grant));
    await writeAudit(tx, shopId, actor, {
      action: "channel.connected",
      subjectType: "channel_account",
      subjectId: account.id,
      data: { channel: input.channel, name: input.name, region: input.region, marketplaces: input.marketplaces.map((m) => m.id) },
    });
    return account;
  });
}

export async function listAccounts(prisma: Prisma, shopId: string, caller: Principal) {
  authorize(caller, "asset.view");
  return listAccountRows(prisma, shopId);
}

export async function disconnectAccount(prisma: Prisma, shopId: string, actor: Actor, accountId: string) {
  authorize(actor, "channel.manage");
  await prisma.$transaction(async (tx) => {
    const account = await findAccountRow(tx, shopId, accountId);
    if (!account) throw notFound("That channel account");
    await clearAccountTokens(tx, shopId, accountId);
    await writeAudit(tx, shopId, actor, { action: "channel.disconnected", subjectType: "channel_account", subjectId: accountId, data: { channel: account.channel, name: account.name } });
  });
}

/**
 * The installed store as a channel account (afterAuth, and the demo's install): created once, its
 * catalogue imported. The token stays in the Session (DESIGN §6); the account holds none.
 */
export async function ensureStoreAccount(deps: { prisma: Prisma; sealer: Sealer; queue: JobQueue }, shop: { id: string; domain: string; name: string }, scopes: string[] = []) {
  const existing = await findAccountByExternalId(deps.prisma, shop.id, "shopify", shop.domain);
  if (existing?.status === "active") return existing;
  const account = await connectAccount(deps, shop.id, SYSTEM_ACTOR, { channel: "shopify", externalId: shop.domain, name: shop.name, region: null, marketplaces: [], scopes, grant: null });
  await deps.queue.send("catalogue.import", { shopId: shop.id, accountId: account.id });
  return account;
}
