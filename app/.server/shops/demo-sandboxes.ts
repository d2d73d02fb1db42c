// Demo mode's channels (issue #4): the three sandboxes run in-process on loopback ports and the channel settings
// point at them, so a newcomer connects all three channels through their consent pages, offline. The
// demo store is "installed" like a real one: a session token exchanged for an expiring offline token,
// kept in the sealed Session storage.
import { randomBytes } from "node:crypto";
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
  setConsentRedirect(channel: "tiktok" | "amazon" | "shopify", url: string): void;
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
      demoShopifyApp: { clientId, clientSecret },
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
      else if (channel === "amazon" && !amazon.state.opts.redirectUris.includes(url)) amazon.state.opts.redirectUris.push(url);
      // Shopify's install page takes the redirect from the link itself.
    },
    async close() {
      await Promise.allSettled([shopify.close(), tiktok.close(), amazon.close()]);
    },
  };
}
