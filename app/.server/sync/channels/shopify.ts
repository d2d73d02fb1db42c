// Shopify for a linked account (the installed store). The token lives only in the Session (DESIGN §6):
// in Shopify mode the library's `unauthenticated.admin(shop)` refreshes it; the demo store (the Shopify
// sandbox) uses the same sealed session storage and refreshes through the sandbox's token endpoint.
// The connector only ever receives a `graphql` function.
import { SHOPIFY_STANDARD_BUCKET, ShopifyCostBuckets } from "../../../../connectors/http";
import { createShopifyChannel, SHOPIFY_POLL_INTERVAL_MS, type ShopifyGraphql } from "../../../../connectors/shopify";
import type { Config } from "../../config";
import type { Sealer } from "../../crypto";
import type { Prisma } from "../../db/database";
import { Session } from "@shopify/shopify-api";
import { AppError } from "../../errors";
import { PrismaSessionStorage } from "../../shops/session-storage.repository";
import type { AccountChannelFactory } from "../channel-provider";
import type { ConnectFlow } from "../connect.service";

// One bucket per shop for every connector of this process (Shopify's limit is per app and shop); each
// response's throttleStatus corrects it. CHANNEL_RATE_SCALE (benchmarks only) multiplies the restore
// rate assumed before the first response (and divides the media poll interval, which follows the
// channel's pace): one set of buckets per factor, in practice one.
const costBuckets = new Map<number, ShopifyCostBuckets>();
function costBucketsFor(config: Config): ShopifyCostBuckets {
  let b = costBuckets.get(config.channelRateScale);
  if (!b) {
    b = new ShopifyCostBuckets({ initial: { ...SHOPIFY_STANDARD_BUCKET, restoreRate: SHOPIFY_STANDARD_BUCKET.restoreRate * config.channelRateScale } });
    costBuckets.set(config.channelRateScale, b);
  }
  return b;
}

// Background callers of one shop take turns getting the admin client: two concurrent refreshes of a
// rotating token would race (DESIGN §6).
const locks = new Map<string, Promise<unknown>>();
async function underShopLock<T>(shop: string, fn: () => Promise<T>): Promise<T> {
  const before = locks.get(shop) ?? Promise.resolve();
  const run = before.catch(() => {}).then(fn);
  locks.set(shop, run);
  try {
    return await run;
  } finally {
    if (locks.get(shop) === run) locks.delete(shop);
  }
}

/** Shopify mode: the library's offline admin client for the shop. */
function adminGraphql(shop: string): ShopifyGraphql {
  return async (query, variables) => {
    const { unauthenticated } = await import("../../../shopify.server");
    const { admin } = await underShopLock(shop, () => unauthenticated.admin(shop));
    const res = await admin.graphql(query, { variables });
    return (await res.json()) as { data?: unknown; errors?: unknown; extensions?: unknown };
  };
}

export interface SessionGraphqlDeps {
  prisma: Prisma;
  sealer: Sealer;
  /** The admin origin (SHOPIFY_ADMIN_ORIGIN), the API version and the app's credentials for the refresh grant. */
  origin: string;
  version: string;
  clientId: string;
  clientSecret: string;
}

/**
 * A `graphql` function over the shop's stored offline session: on a 401, refresh once with the session's
 * refresh token (single-flight per shop) and send again. What the Shopify library does in Shopify mode.
 */
export function sessionGraphql(deps: SessionGraphqlDeps, shop: string): ShopifyGraphql {
  const storage = new PrismaSessionStorage(async () => deps.prisma, deps.sealer);
  const id = `offline_${shop}`;
  /** A new access token for the one Shopify refused (`stale`). */
  const refresh = (stale: string) =>
    underShopLock(shop, async () => {
      const session = await storage.loadSession(id);
      if (!session?.refreshToken) throw Object.assign(new Error("The store's session cannot be refreshed; reinstall the app."), { status: 401 });
      // Single-flight: a caller that waited for the lock (or another process) has refreshed already.
      if (session.accessToken && session.accessToken !== stale) return session.accessToken;
      const res = await fetch(`${deps.origin}/admin/oauth/access_token`, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({ client_id: deps.clientId, client_secret: deps.clientSecret, grant_type: "refresh_token", refresh_token: session.refreshToken }),
      });
      if (!res.ok) throw Object.assign(new Error("Shopify refused to refresh the store's token; reinstall the app."), { status: 401 });
      const issued = (await res.json()) as { access_token: string; refresh_token?: string; expires_in?: number; refresh_token_expires_in?: number };
      session.accessToken = issued.access_token;
      if (issued.refresh_token) session.refreshToken = issued.refresh_token;
      if (issued.expires_in) session.expires = new Date(Date.now() + issued.expires_in * 1000);
      await storage.storeSession(session);
      return issued.access_token;
    });
  const send = (token: string, query: string, variables?: Record<string, unknown>) =>
    fetch(`${deps.origin}/admin/api/${deps.version}/graphql.json`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-shopify-access-token": token },
      body: JSON.stringify({ query, variables }),
    });
  // The token is read once per channel instance (one job): a job makes several calls, and a token that
  // went stale meanwhile is answered with 401 and refreshed below.
  let token: string | null = null;
  return async (query, variables) => {
    if (!token) {
      const session = await storage.loadSession(id);
      if (!session?.accessToken) throw Object.assign(new Error("The store has no session; install the app again."), { status: 401 });
      token = session.accessToken;
    }
    let res = await send(token, query, variables);
    if (res.status === 401) res = await send((token = await refresh(token)), query, variables);
    if (!res.ok && res.status !== 429) throw Object.assign(new Error(`Shopify answered HTTP ${res.status}`), { status: res.status });
    return (await res.json()) as { data?: unknown; errors?: unknown; extensions?: unknown };
  };
}

export function shopifyChannelFactory(deps: { prisma: Prisma; sealer: Sealer; demo: Omit<SessionGraphqlDeps, "prisma" | "sealer"> | null }): AccountChannelFactory {
  return {
    refresher: () => null, // the token is the Session's, refreshed by the Shopify library
    async create(account, { config }: { config: Config }) {
      const shop = account.externalId;
      const graphql = config.mode === "shopify" ? adminGraphql(shop) : deps.demo ? sessionGraphql({ ...deps, ...deps.demo }, shop) : null;
      if (!graphql) throw new AppError("unavailable", "The Shopify store cannot be reached in this mode.");
      return createShopifyChannel({
        graphql,
        shop,
        costBuckets: costBucketsFor(config),
        pollIntervalMs: SHOPIFY_POLL_INTERVAL_MS / config.channelRateScale,
        ...(config.shopifyMediaByUrl === "auto" ? {} : { publicUrl: () => config.shopifyMediaByUrl === "always" }),
      });
    },
  };
}

/**
 * The demo store's install (a real store connects by installing the app from Shopify, and afterAuth
 * records it): the sandbox's install screen hands back a session token, exchanged here for an expiring
 * offline token that goes into the sealed Session storage, as the Shopify library does.
 */
export const shopifyDemoConnectFlow: ConnectFlow = {
  missing(config) {
    if (config.mode === "shopify") return "The store is connected by installing Assetline from Shopify.";
    return config.channels.shopifyAdminOrigin && config.channels.demoShopifyApp ? null : "The demo store is not running.";
  },
  consentUrl(config, { state, redirectUri }) {
    const u = new URL("/admin/oauth/install", config.channels.shopifyAdminOrigin!);
    u.searchParams.set("client_id", config.channels.demoShopifyApp!.clientId);
    u.searchParams.set("state", state);
    u.searchParams.set("redirect_uri", redirectUri);
    return u.toString();
  },
  async complete(config, { params, deps }) {
    const idToken = params.get("id_token");
    const shop = params.get("shop") ?? "";
    if (!idToken || !/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/.test(shop)) throw new AppError("validation", "Shopify sent no session token. Nothing was connected.");
    const app = config.channels.demoShopifyApp!;
    const res = await fetch(`${config.channels.shopifyAdminOrigin}/admin/oauth/access_token`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({
        client_id: app.clientId,
        client_secret: app.clientSecret,
        grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
        subject_token: idToken,
        subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
        requested_token_type: "urn:shopify:params:oauth:token-type:offline-access-token",
        expiring: "1",
      }),
    });
    if (!res.ok) throw new AppError("validation", `Shopify refused the session token (HTTP ${res.status}). Nothing was connected.`);
    const issued = (await res.json()) as { access_token: string; scope?: string; expires_in?: number; refresh_token?: string; refresh_token_expires_in?: number };
    const session = new Session({ id: `offline_${shop}`, shop, state: "install", isOnline: false });
    session.accessToken = issued.access_token;
    session.scope = issued.scope;
    if (issued.expires_in) session.expires = new Date(Date.now() + issued.expires_in * 1000);
    session.refreshToken = issued.refresh_token;
    if (issued.refresh_token_expires_in) session.refreshTokenExpires = new Date(Date.now() + issued.refresh_token_expires_in * 1000);
    await new PrismaSessionStorage(async () => deps.prisma, deps.sealer).storeSession(session);
    // The token is the Session's (DESIGN §6): the account itself holds none.
    return [{ channel: "shopify", externalId: shop, name: `${shop.replace(/\.myshopify\.com$/, "")} (Shopify sandbox)`, region: null, marketplaces: [], scopes: (issued.scope ?? "").split(",").filter(Boolean), grant: null }];
  },
};
