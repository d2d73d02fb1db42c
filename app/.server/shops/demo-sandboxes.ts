// Demo mode's channels (issue #4): the three sandboxes run in-process on loopback ports and the channel settings
// point at them, so a newcomer connects all three channels through their consent pages, offline. The
// demo store is "installed" like a real one: a session token exchanged for an expiring offline token,
// kept in the sealed Session storage.
import { createHmac, randomBytes } from "node:crypto";
import { Session } from "@shopify/shopify-api";
import type { AppServices } from "../context";
import { SYSTEM_ACTOR } from "../library/types";
import { ensureStoreAccount, listAccounts } from "../sync/accounts.service";
import { PrismaSessionStorage } from "./session-storage.repository";
import { startAmazonSandbox, type AmazonSandbox } from "../../../sandbox/amazon";
import { startShopifySandbox, type ShopifySandbox } from "../../../sandbox/shopify";
import { startTikTokSandbox, type TikTokSandbox } from "../../../sandbox/tiktok";
import type { Config } from "../config";
import type { ChannelsConfig } from "../config.channels";
import { SHOPIFY_API_VERSION } from "../shopify-version";

export interface DemoSandboxes {
  channels: ChannelsConfig;
  shopify: { sandbox: ShopifySandbox; clientId: string; clientSecret: string; version: string };
  tiktok: TikTokSandbox;
  amazon: AmazonSandbox;
  /** The consent pages send the seller back to the app's callback, wherever the demo listens. */
  setConsentRedirect(channel: "tiktok" | "amazon", url: string): void;
  close(): Promise<void>;
}

export async function startDemoSandboxes(config: Config, shopDomain: string): Promise<DemoSandboxes> {
  const clientId = "assetline-demo-app";
  const clientSecret = randomBytes(24).toString("base64url");
  const shopify = await startShopifySandbox({ shop: shopDomain, seedProducts: 120, clientId, clientSecret, processingMs: 300, versions: [SHOPIFY_API_VERSION, "2025-01"] });
  const tiktokApp = { appKey: "demo_tiktok_app", appSecret: randomBytes(16).toString("hex"), serviceId: "7000000000000000042" };
  const tiktok = await startTikTokSandbox({ ...tiktokApp, seedProducts: 150, auditDelayMs: 1500 });
  const amazonApp = { applicationId: "amzn1.sp.solution.assetline-demo", clientId: "amzn1.application-oa2-client.assetline-demo", clientSecret: randomBytes(16).toString("hex") };
  const amazon = await startAmazonSandbox({ ...amazonApp, draft: false, redirectUris: [], seedListings: 150, storeName: "Demo Amazon store", processingDelayMs: 1500 });
  const base = config.channels;
  return {
    channels: {
      ...base,
      shopifyAdminOrigin: shopify.url,
      amazon: {
        ...base.amazon,
        appId: amazonApp.applicationId,
        clientId: amazonApp.clientId,
        clientSecret: amazonApp.clientSecret,
        draftApp: false,
        lwaUrl: amazon.lwaUrl,
        spapiUrl: { NA: amazon.url, EU: amazon.url, FE: amazon.url },
        consentUrl: Object.fromEntries(Object.keys(base.amazon.consentUrl).map((m) => [m, amazon.consentUrl])),
      },
      tiktok: {
        appKey: tiktokApp.appKey,
        appSecret: tiktokApp.appSecret,
        serviceId: tiktokApp.serviceId,
        authUrl: tiktok.authUrl,
        apiUrl: tiktok.url,
        authorizeUrl: { US: `${tiktok.authUrl}/open/authorize`, ROW: `${tiktok.authUrl}/open/authorize` },
      },
    },
    shopify: { sandbox: shopify, clientId, clientSecret, version: SHOPIFY_API_VERSION },
    tiktok,
    amazon,
    setConsentRedirect(channel, url) {
      if (channel === "tiktok") tiktok.state.opts.redirectUrl = url;
      else if (!amazon.state.opts.redirectUris.includes(url)) amazon.state.opts.redirectUris.push(url);
    },
    async close() {
      await Promise.allSettled([shopify.close(), tiktok.close(), amazon.close()]);
    },
  };
}

/** A Shopify session token (HS256 with the app secret, aud = the app) as App Bridge would hand over. */
export function demoSessionToken(shop: string, clientId: string, clientSecret: string): string {
  const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
  const now = Math.floor(Date.now() / 1000);
  const head = enc({ alg: "HS256", typ: "JWT" });
  const body = enc({ iss: `https://${shop}/admin`, dest: `https://${shop}`, aud: clientId, sub: "1", exp: now + 60, nbf: now - 5, iat: now, jti: randomBytes(8).toString("hex") });
  return `${head}.${body}.${createHmac("sha256", clientSecret).update(`${head}.${body}`).digest("base64url")}`;
}

/**
 * Installs the app on the demo store once: token exchange (expiring offline token), the session sealed in
 * our Session storage, the store's ChannelAccount, and its first catalogue import.
 */
export async function installDemoStore(services: AppServices, sandboxes: DemoSandboxes, shop: { id: string; domain: string; name: string }) {
  const existing = (await listAccounts(services.db.prisma, shop.id, SYSTEM_ACTOR)).find((a) => a.channel === "shopify");
  const storage = new PrismaSessionStorage(async () => services.db.prisma, services.sealer);
  if (existing && (await storage.loadSession(`offline_${shop.domain}`))) return;
  const { sandbox, clientId, clientSecret } = sandboxes.shopify;
  const res = await fetch(`${sandbox.url}/admin/oauth/access_token`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({
      client_id: clientId,
      client_secret: clientSecret,
      grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
      subject_token: demoSessionToken(shop.domain, clientId, clientSecret),
      subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
      requested_token_type: "urn:shopify:params:oauth:token-type:offline-access-token",
      expiring: "1",
    }),
  });
  if (!res.ok) throw new Error(`demo store install: token exchange answered HTTP ${res.status}`);
  const issued = (await res.json()) as { access_token: string; scope?: string; expires_in?: number; refresh_token?: string; refresh_token_expires_in?: number };
  const session = new Session({ id: `offline_${shop.domain}`, shop: shop.domain, state: "demo-install", isOnline: false });
  session.accessToken = issued.access_token;
  session.scope = issued.scope;
  if (issued.expires_in) session.expires = new Date(Date.now() + issued.expires_in * 1000);
  session.refreshToken = issued.refresh_token;
  if (issued.refresh_token_expires_in) session.refreshTokenExpires = new Date(Date.now() + issued.refresh_token_expires_in * 1000);
  await storage.storeSession(session);
  await ensureStoreAccount({ prisma: services.db.prisma, sealer: services.sealer, queue: services.queue }, { id: shop.id, domain: shop.domain, name: `${shop.name} (Shopify sandbox)` }, (issued.scope ?? "").split(",").filter(Boolean));
}
