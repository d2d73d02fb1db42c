// The app settings (README's Configuration table) that point the connectors at the three channel
// sandboxes: the demo store's Shopify app, Amazon's LWA/SP-API/consent hosts and TikTok Shop's. One place
// for the sync tests and the propagation benchmark.
import type { AmazonSandbox } from "../../sandbox/amazon";
import type { ShopifySandbox } from "../../sandbox/shopify";
import type { TikTokSandbox } from "../../sandbox/tiktok";

export function sandboxChannelEnv(s: { shopify: ShopifySandbox; amazon: AmazonSandbox; tiktok: TikTokSandbox; shopifyApp: { clientId: string; clientSecret: string } }): Record<string, string> {
  const a = s.amazon.state.opts;
  return {
    SHOPIFY_ADMIN_ORIGIN: s.shopify.url,
    DEMO_SHOPIFY_CLIENT_ID: s.shopifyApp.clientId,
    DEMO_SHOPIFY_CLIENT_SECRET: s.shopifyApp.clientSecret,
    AMAZON_APP_ID: a.applicationId,
    AMAZON_CLIENT_ID: a.clientId,
    AMAZON_CLIENT_SECRET: a.clientSecret,
    AMAZON_DRAFT_APP: "1",
    AMAZON_LWA_URL: s.amazon.lwaUrl,
    AMAZON_SPAPI_URL_NA: s.amazon.url,
    AMAZON_CONSENT_URL_US: s.amazon.consentUrl,
    TIKTOK_APP_KEY: s.tiktok.state.opts.appKey,
    TIKTOK_APP_SECRET: s.tiktok.state.opts.appSecret,
    TIKTOK_SERVICE_ID: s.tiktok.state.opts.serviceId,
    TIKTOK_AUTH_URL: s.tiktok.authUrl,
    TIKTOK_API_URL: s.tiktok.url,
    TIKTOK_AUTHORIZE_URL: `${s.tiktok.authUrl}/open/authorize`,
    TIKTOK_AUTHORIZE_URL_US: `${s.tiktok.authUrl}/open/authorize`,
  };
}
