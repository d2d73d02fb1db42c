// Channel endpoints and app credentials (issue #4 §11). Every base URL is a setting whose default is the
// real host, so the same connector talks to the real API or to `sandbox/` (demo mode points them at the
// in-process sandboxes). Read only by config.ts.
import { z } from "zod";

const url = z.string().url();

export const AMAZON_REGIONS = ["NA", "EU", "FE"] as const;
export type AmazonRegion = (typeof AMAZON_REGIONS)[number];

/** Seller Central per marketplace country: where a seller consents (CHANNELS.md §2.1). */
export const AMAZON_MARKETS: Record<string, { region: AmazonRegion; sellerCentral: string; name: string }> = {
  US: { region: "NA", sellerCentral: "https://sellercentral.amazon.com", name: "United States" },
  CA: { region: "NA", sellerCentral: "https://sellercentral.amazon.ca", name: "Canada" },
  MX: { region: "NA", sellerCentral: "https://sellercentral.amazon.com.mx", name: "Mexico" },
  BR: { region: "NA", sellerCentral: "https://sellercentral.amazon.com.br", name: "Brazil" },
  UK: { region: "EU", sellerCentral: "https://sellercentral.amazon.co.uk", name: "United Kingdom" },
  DE: { region: "EU", sellerCentral: "https://sellercentral.amazon.de", name: "Germany" },
  FR: { region: "EU", sellerCentral: "https://sellercentral.amazon.fr", name: "France" },
  IT: { region: "EU", sellerCentral: "https://sellercentral.amazon.it", name: "Italy" },
  ES: { region: "EU", sellerCentral: "https://sellercentral.amazon.es", name: "Spain" },
  NL: { region: "EU", sellerCentral: "https://sellercentral.amazon.nl", name: "Netherlands" },
  SE: { region: "EU", sellerCentral: "https://sellercentral.amazon.se", name: "Sweden" },
  PL: { region: "EU", sellerCentral: "https://sellercentral.amazon.pl", name: "Poland" },
  AE: { region: "EU", sellerCentral: "https://sellercentral.amazon.ae", name: "United Arab Emirates" },
  IN: { region: "EU", sellerCentral: "https://sellercentral.amazon.in", name: "India" },
  JP: { region: "FE", sellerCentral: "https://sellercentral.amazon.co.jp", name: "Japan" },
  AU: { region: "FE", sellerCentral: "https://sellercentral.amazon.com.au", name: "Australia" },
  SG: { region: "FE", sellerCentral: "https://sellercentral.amazon.sg", name: "Singapore" },
};

const ChannelEnv = z.object({
  /** Overrides https://{shop} for Admin API and token calls. */
  SHOPIFY_ADMIN_ORIGIN: url.optional(),
  /**
   * Demo mode only: the credentials of the demo store's app on a Shopify sandbox started elsewhere (a
   * separate `npm run worker` process, multi-process tests); the embedded demo sets them itself.
   */
  DEMO_SHOPIFY_CLIENT_ID: z.string().optional(),
  DEMO_SHOPIFY_CLIENT_SECRET: z.string().optional(),
  AMAZON_APP_ID: z.string().optional(),
  AMAZON_CLIENT_ID: z.string().optional(),
  AMAZON_CLIENT_SECRET: z.string().optional(),
  /** Send `version=beta` on the consent URL while the app is a draft. */
  AMAZON_DRAFT_APP: z.enum(["1", "0", "true", "false", ""]).default("").transform((v) => v === "1" || v === "true"),
  AMAZON_LWA_URL: url.default("https://api.amazon.com/auth/o2/token"),
  AMAZON_SPAPI_URL_NA: url.default("https://sellingpartnerapi-na.amazon.com"),
  AMAZON_SPAPI_URL_EU: url.default("https://sellingpartnerapi-eu.amazon.com"),
  AMAZON_SPAPI_URL_FE: url.default("https://sellingpartnerapi-fe.amazon.com"),
  TIKTOK_APP_KEY: z.string().optional(),
  TIKTOK_APP_SECRET: z.string().optional(),
  TIKTOK_SERVICE_ID: z.string().optional(),
  TIKTOK_AUTH_URL: url.default("https://auth.tiktok-shops.com"),
  TIKTOK_API_URL: url.default("https://open-api.tiktokglobalshop.com"),
  /** Rest of world; US sellers consent at TIKTOK_AUTHORIZE_URL_US. */
  TIKTOK_AUTHORIZE_URL: url.default("https://services.tiktokshop.com/open/authorize"),
  TIKTOK_AUTHORIZE_URL_US: url.default("https://services.us.tiktokshop.com/open/authorize"),
});

export interface ChannelsConfig {
  shopifyAdminOrigin: string | null;
  /** Demo only: the sandbox store's app credentials (Shopify mode uses SHOPIFY_API_KEY/SECRET through the library). */
  demoShopifyApp: { clientId: string; clientSecret: string } | null;
  amazon: {
    appId: string | null;
    clientId: string | null;
    clientSecret: string | null;
    draftApp: boolean;
    lwaUrl: string;
    spapiUrl: Record<AmazonRegion, string>;
    /** Seller Central consent page per market (AMAZON_CONSENT_URL_<MARKET> overrides). */
    consentUrl: Record<string, string>;
  };
  tiktok: {
    appKey: string | null;
    appSecret: string | null;
    serviceId: string | null;
    authUrl: string;
    apiUrl: string;
    authorizeUrl: { US: string; ROW: string };
  };
}

export function parseChannelsConfig(env: Record<string, string | undefined>): ChannelsConfig {
  const e = ChannelEnv.parse(env);
  const consentUrl: Record<string, string> = {};
  for (const [market, m] of Object.entries(AMAZON_MARKETS)) consentUrl[market] = url.parse(env[`AMAZON_CONSENT_URL_${market}`] ?? `${m.sellerCentral}/apps/authorize/consent`);
  return {
    shopifyAdminOrigin: e.SHOPIFY_ADMIN_ORIGIN ?? null,
    demoShopifyApp: e.DEMO_SHOPIFY_CLIENT_ID && e.DEMO_SHOPIFY_CLIENT_SECRET ? { clientId: e.DEMO_SHOPIFY_CLIENT_ID, clientSecret: e.DEMO_SHOPIFY_CLIENT_SECRET } : null,
    amazon: {
      appId: e.AMAZON_APP_ID ?? null,
      clientId: e.AMAZON_CLIENT_ID ?? null,
      clientSecret: e.AMAZON_CLIENT_SECRET ?? null,
      draftApp: e.AMAZON_DRAFT_APP,
      lwaUrl: e.AMAZON_LWA_URL,
      spapiUrl: { NA: e.AMAZON_SPAPI_URL_NA, EU: e.AMAZON_SPAPI_URL_EU, FE: e.AMAZON_SPAPI_URL_FE },
      consentUrl,
    },
    tiktok: {
      appKey: e.TIKTOK_APP_KEY ?? null,
      appSecret: e.TIKTOK_APP_SECRET ?? null,
      serviceId: e.TIKTOK_SERVICE_ID ?? null,
      authUrl: e.TIKTOK_AUTH_URL,
      apiUrl: e.TIKTOK_API_URL,
      authorizeUrl: { US: e.TIKTOK_AUTHORIZE_URL_US, ROW: e.TIKTOK_AUTHORIZE_URL },
    },
  };
}
