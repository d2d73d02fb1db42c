// TikTok Shop for a linked account: the consent flow (one account per seller, its authorised shops as
// marketplaces) and the connector built from the settings and the account's sealed tokens.
import { ChannelError } from "../../../../connectors/channel";
import { TokenBucketLimiter } from "../../../../connectors/http";
import { authorizeUrl, createTikTokChannel, createTikTokClient, createTikTokSellerChannel, exchangeCode, listShops, refreshTokens, TIKTOK_RATE_LIMIT, type CallLimiter, type TikTokTokens } from "../../../../connectors/tiktok";
import type { Config } from "../../config";
import { AppError } from "../../errors";
import type { TokenGrant } from "../account-tokens";
import type { AccountChannelFactory } from "../channel-provider";
import type { ConnectFlow } from "../connect.service";

const credentials = (config: Config) => {
  const t = config.channels.tiktok;
  if (!t.appKey || !t.appSecret) throw new AppError("unavailable", "TikTok Shop is not configured (TIKTOK_APP_KEY, TIKTOK_APP_SECRET).");
  return { appKey: t.appKey, appSecret: t.appSecret };
};

// TikTok's QPS limit is per API per app (CHANNELS.md §3.5), so every connector of the process shares one
// bucket per API, whichever seller it serves. CHANNEL_RATE_SCALE (benchmarks only) multiplies the rate.
const limiters = new Map<string, CallLimiter>();
function limiterFor(config: Config): CallLimiter {
  const { appKey } = credentials(config);
  const key = JSON.stringify([appKey, config.channelRateScale]);
  let l = limiters.get(key);
  if (!l) {
    const buckets = new TokenBucketLimiter({ limits: {}, fallback: { rate: TIKTOK_RATE_LIMIT.rate * config.channelRateScale, burst: TIKTOK_RATE_LIMIT.burst } });
    l = { take: (k) => buckets.take({ accountId: appKey, operation: k.operation }) };
    limiters.set(key, l);
  }
  return l;
}

const toGrant = (t: TikTokTokens): TokenGrant => ({
  accessToken: t.accessToken,
  accessTokenExpiresAt: t.accessTokenExpiresAt,
  refreshToken: t.refreshToken,
  refreshTokenExpiresAt: t.refreshTokenExpiresAt,
});

export const tiktokConnectFlow: ConnectFlow = {
  missing(config) {
    const t = config.channels.tiktok;
    const absent = [!t.appKey && "TIKTOK_APP_KEY", !t.appSecret && "TIKTOK_APP_SECRET", !t.serviceId && "TIKTOK_SERVICE_ID"].filter(Boolean);
    return absent.length ? `Set ${absent.join(", ")} to connect TikTok Shop.` : null;
  },
  consentUrl(config, { market, state }) {
    const region = market === "US" ? "US" : "ROW";
    // The redirect URL is registered on the app in Partner Center, not sent here (CHANNELS.md §3.1).
    return authorizeUrl({ region, serviceId: config.channels.tiktok.serviceId!, state, baseUrl: config.channels.tiktok.authorizeUrl[region] });
  },
  async complete(config, { params, region }) {
    const code = params.get("code");
    if (!code || code === "null") throw new AppError("validation", "TikTok Shop sent no authorisation code. Nothing was connected.");
    const { appKey, appSecret } = credentials(config);
    const tokens = await exchangeCode({ appKey, appSecret, authBaseUrl: config.channels.tiktok.authUrl }, code).catch((e: unknown) => {
      if (e instanceof ChannelError && (e.kind === "auth" || e.kind === "validation"))
        throw new AppError("validation", `TikTok Shop refused the authorisation code (it is single-use and lasts 30 minutes): ${e.message}`);
      throw e;
    });
    const client = createTikTokClient({
      baseUrl: config.channels.tiktok.apiUrl,
      appKey,
      appSecret,
      tokens: { accessToken: async () => tokens.accessToken, refresh: async () => tokens.accessToken },
    });
    const shops = await listShops(client, tokens.openId);
    return [
      {
        channel: "tiktok",
        externalId: tokens.openId,
        name: tokens.sellerName || "TikTok Shop seller",
        region,
        marketplaces: shops.map((s) => ({ id: s.id, name: s.name, countryCode: s.region || null, cipher: s.cipher })),
        scopes: tokens.grantedScopes,
        grant: toGrant(tokens),
      },
    ];
  },
};

export const tiktokChannelFactory: AccountChannelFactory = {
  refresher: (config) => async (refreshToken) => {
    const { appKey, appSecret } = credentials(config);
    return toGrant(await refreshTokens({ appKey, appSecret, authBaseUrl: config.channels.tiktok.authUrl }, refreshToken));
  },
  async create(account, { config, tokens, known }) {
    if (!tokens) throw new AppError("internal", "TikTok accounts need their tokens.");
    const shops = ((account.marketplaces as Array<{ id: string; cipher?: string }>) ?? []).filter((s) => s.cipher);
    if (!shops.length) throw new AppError("invalid_state", "This TikTok seller authorised no shop; connect it again after opening a shop.");
    // One authorisation, several shops: each listing is reached through its own shop's cipher.
    return createTikTokSellerChannel(
      shops.map((s) => ({ id: s.id, channel: createTikTokChannel({ baseUrl: config.channels.tiktok.apiUrl, ...credentials(config), shopCipher: s.cipher!, tokens, known, limiter: limiterFor(config) }) })),
    );
  },
};
