// Amazon for a linked account: the Seller Central website-authorisation flow (a regional grant; the
// seller's marketplaces read through Sellers getMarketplaceParticipations) and the SP-API connector built
// from the settings and the account's sealed LWA tokens.
import { ChannelError } from "../../../../connectors/channel";
import { AMAZON_CLIENT_LIMITS, buildConsentUrl, createAmazonChannel, createLwaClient, getMarketplaceParticipations } from "../../../../connectors/amazon";
import { scaleRates, TokenBucketLimiter } from "../../../../connectors/http";
import type { Config } from "../../config";
import type { AmazonRegion } from "../../config.channels";
import { AppError } from "../../errors";
import type { AccountChannelFactory } from "../channel-provider";
import type { ConnectFlow } from "../connect.service";

// Buckets are per (account, operation) across every connector of the process. CHANNEL_RATE_SCALE
// (benchmarks only) multiplies the usage plans' rates: one limiter per factor, in practice one.
const limiters = new Map<number, TokenBucketLimiter>();
function limiterFor(config: Config): TokenBucketLimiter {
  let l = limiters.get(config.channelRateScale);
  if (!l) {
    l = new TokenBucketLimiter({ limits: scaleRates(AMAZON_CLIENT_LIMITS, config.channelRateScale) });
    limiters.set(config.channelRateScale, l);
  }
  return l;
}

const lwa = (config: Config) => {
  const a = config.channels.amazon;
  if (!a.clientId || !a.clientSecret) throw new AppError("unavailable", "Amazon is not configured (AMAZON_CLIENT_ID, AMAZON_CLIENT_SECRET).");
  return createLwaClient({ clientId: a.clientId, clientSecret: a.clientSecret, tokenUrl: a.lwaUrl });
};
const spapiUrl = (config: Config, region: string | null) => config.channels.amazon.spapiUrl[(region ?? "NA") as AmazonRegion] ?? config.channels.amazon.spapiUrl.NA;

export const amazonConnectFlow: ConnectFlow = {
  missing(config) {
    const a = config.channels.amazon;
    const absent = [!a.appId && "AMAZON_APP_ID", !a.clientId && "AMAZON_CLIENT_ID", !a.clientSecret && "AMAZON_CLIENT_SECRET"].filter(Boolean);
    return absent.length ? `Set ${absent.join(", ")} to connect Amazon.` : null;
  },
  consentUrl(config, { market, state, redirectUri }) {
    const a = config.channels.amazon;
    return buildConsentUrl({ applicationId: a.appId!, state, redirectUri, draft: a.draftApp, consentUrl: a.consentUrl[market] });
  },
  async complete(config, { params, redirectUri, region }) {
    const code = params.get("spapi_oauth_code");
    const sellerId = params.get("selling_partner_id");
    if (!code || !sellerId) throw new AppError("validation", "Amazon sent no authorisation code. Nothing was connected.");
    const grant = await lwa(config)
      .exchangeCode(code, redirectUri)
      .catch((e: unknown) => {
        if (e instanceof ChannelError && (e.kind === "auth" || e.kind === "validation"))
          throw new AppError("validation", `Amazon refused the authorisation code (it is single-use and lasts five minutes): ${e.message}`);
        throw e;
      });
    const participations = await getMarketplaceParticipations({
      baseUrl: spapiUrl(config, region),
      accountId: sellerId,
      tokens: { accessToken: async () => grant.accessToken, refresh: async () => grant.accessToken },
      limiter: limiterFor(config),
    });
    const selling = participations.filter((p) => p.participation.isParticipating);
    return [
      {
        channel: "amazon",
        externalId: sellerId,
        name: selling[0]?.storeName || `Amazon seller ${sellerId}`,
        region,
        marketplaces: selling.map((p) => ({ id: p.marketplace.id, name: p.marketplace.name, countryCode: p.marketplace.countryCode || null })),
        scopes: [],
        grant: { accessToken: grant.accessToken, accessTokenExpiresAt: new Date(grant.expiresAt), refreshToken: grant.refreshToken, refreshTokenExpiresAt: null },
      },
    ];
  },
};

export const amazonChannelFactory: AccountChannelFactory = {
  refresher: (config) => async (refreshToken) => {
    const t = await lwa(config).refresh(refreshToken);
    // LWA keeps the refresh token (it does not rotate).
    return { accessToken: t.accessToken, accessTokenExpiresAt: new Date(t.expiresAt), refreshToken: null, refreshTokenExpiresAt: null };
  },
  async create(account, { config, tokens }) {
    if (!tokens) throw new AppError("internal", "Amazon accounts need their tokens.");
    const marketplaces = (account.marketplaces as Array<{ id: string }>) ?? [];
    return createAmazonChannel({ baseUrl: spapiUrl(config, account.region), sellerId: account.externalId, tokens, limiter: limiterFor(config), marketplaceId: marketplaces[0]?.id });
  },
};
