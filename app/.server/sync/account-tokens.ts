// Channel tokens at rest and in use (issue #4 §5): sealed with the shop/channel/account as associated
// data, opened only here, refreshed early and single-flight per account, and written back with a
// compare-and-set so a rotating refresh token is never lost to a race between processes. Values sealed
// with a previous key are re-sealed with the current one as they are read. Never logged.
import type { TokenSource } from "../../../connectors/channel";
import { ChannelError } from "../../../connectors/channel";
import type { Sealer } from "../crypto";
import type { Prisma } from "../db/database";
import { findAccountTokens, replaceAccountTokens, setAccountStatus, writeAccountTokens, type SealedTokens } from "./channel-accounts.repository";

export interface TokenGrant {
  accessToken: string;
  accessTokenExpiresAt: Date | null;
  /** A new refresh token when the channel rotates it; null keeps the current one. */
  refreshToken: string | null;
  refreshTokenExpiresAt: Date | null;
}

/** Exchanges a refresh token for a new grant (the channel's token endpoint). */
export type Refresher = (refreshToken: string) => Promise<TokenGrant>;

export interface TokenDeps {
  prisma: Prisma;
  sealer: Sealer;
  now?: () => number;
}

/** Refresh this long before the channel's expiry, so a call never starts with a token about to lapse. */
export const REFRESH_EARLY_MS = 5 * 60_000;
/** How long one token source trusts the access token it read (see `cached`). */
const CACHE_MS = 10_000;

const aad = (a: { shopId: string; channel: string; id: string }, field: "access" | "refresh") => `${a.shopId}:${a.channel}:${a.id}:${field}`;

export function sealGrant(sealer: Sealer, account: { shopId: string; channel: string; id: string }, g: TokenGrant, keepRefresh: string | null = null): SealedTokens {
  return {
    accessToken: sealer.seal(g.accessToken, aad(account, "access")),
    accessTokenExpiresAt: g.accessTokenExpiresAt,
    refreshToken: g.refreshToken ? sealer.seal(g.refreshToken, aad(account, "refresh")) : keepRefresh,
    refreshTokenExpiresAt: g.refreshTokenExpiresAt,
  };
}

/** Stores a fresh grant (after the OAuth code exchange). */
export async function storeGrant(deps: TokenDeps, account: { shopId: string; channel: string; id: string }, g: TokenGrant) {
  await writeAccountTokens(deps.prisma, account.shopId, account.id, sealGrant(deps.sealer, account, g));
}

const inFlight = new Map<string, Promise<string>>();

/** The TokenSource a connector uses for one account. */
export function tokenSourceFor(deps: TokenDeps, shopId: string, accountId: string, refresher: Refresher): TokenSource {
  const now = deps.now ?? Date.now;
  const load = async () => {
    const row = await findAccountTokens(deps.prisma, shopId, accountId);
    if (!row || row.status === "disconnected" || !row.refreshToken)
      throw new ChannelError("auth", "This channel account is disconnected; connect it again.", { channelCode: "disconnected" });
    return row;
  };

  // One job's calls (a publish reads, writes, polls) share one read of the row: a source lives as long
  // as the channel a job built, and re-reads after CACHE_MS or when the token nears its expiry.
  let cached: { token: string; expiresAt: number | null; at: number } | null = null;
  const fresh = (c: NonNullable<typeof cached>) => now() - c.at < CACHE_MS && (c.expiresAt === null || c.expiresAt - now() >= REFRESH_EARLY_MS);

  const refresh = (): Promise<string> => {
    cached = null;
    const running = inFlight.get(accountId);
    if (running) return running;
    const p = (async () => {
      const row = await load();
      const account = { shopId, channel: row.channel, id: row.id };
      const refreshToken = deps.sealer.open(row.refreshToken!, aad(account, "refresh"));
      let grant: TokenGrant;
      try {
        grant = await refresher(refreshToken);
      } catch (e) {
        if (e instanceof ChannelError && e.kind === "auth")
          await setAccountStatus(deps.prisma, shopId, accountId, "needs_reauth", "The channel no longer accepts this authorisation; connect the account again.");
        throw e;
      }
      const sealed = sealGrant(deps.sealer, account, grant, grant.refreshToken ? null : row.refreshToken);
      if (!(await replaceAccountTokens(deps.prisma, shopId, accountId, row.refreshToken, sealed))) {
        // Another process refreshed first: its tokens are the current ones.
        const fresh = await load();
        return deps.sealer.open(fresh.accessToken!, aad(account, "access"));
      }
      return grant.accessToken;
    })().finally(() => inFlight.delete(accountId));
    inFlight.set(accountId, p);
    return p;
  };

  return {
    async accessToken() {
      if (cached && fresh(cached)) return cached.token;
      const row = await load();
      const expiresSoon = row.accessTokenExpiresAt !== null && row.accessTokenExpiresAt.getTime() - now() < REFRESH_EARLY_MS;
      if (!row.accessToken || expiresSoon) return refresh();
      const account = { shopId, channel: row.channel, id: row.id };
      const token = deps.sealer.open(row.accessToken, aad(account, "access"));
      if (deps.sealer.isStale(row.accessToken) || deps.sealer.isStale(row.refreshToken!)) {
        // Key rotation: seal again with the current key (same tokens, same expiries).
        const refreshToken = deps.sealer.open(row.refreshToken!, aad(account, "refresh"));
        await replaceAccountTokens(deps.prisma, shopId, accountId, row.refreshToken, sealGrant(deps.sealer, account, { accessToken: token, accessTokenExpiresAt: row.accessTokenExpiresAt, refreshToken, refreshTokenExpiresAt: row.refreshTokenExpiresAt }));
      }
      cached = { token, expiresAt: row.accessTokenExpiresAt?.getTime() ?? null, at: now() };
      return token;
    },
    refresh,
  };
}
