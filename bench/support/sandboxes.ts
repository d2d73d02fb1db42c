// The three channel sandboxes of a benchmark, run `scale` times as fast as life: every processing delay
// × scale and every rate limit ÷ scale (each sandbox's `timeScale`), with their published limits on
// (Shopify's Standard-plan cost bucket with refunds of unused points, SP-API usage plans, TikTok's
// 50 QPS per API). The settings that point the app at them, and the seller's click on each consent page.
import { startAmazonSandbox, type AmazonSandbox } from "../../sandbox/amazon";
import { startShopifySandbox, type ShopifySandbox } from "../../sandbox/shopify";
import { startTikTokSandbox, type TikTokSandbox } from "../../sandbox/tiktok";
import { SHOPIFY_API_VERSION } from "../../app/.server/shopify-version";
import { sandboxChannelEnv } from "../../test/support/channel-env";

/**
 * Un-scaled processing delays (the demo's): Shopify's two media steps (UPLOADED → PROCESSING → READY)
 * take this long each, Amazon processes an accepted submission, TikTok audits an edit.
 */
export const LIFE_DELAYS_MS = { shopifyStep: 300, amazon: 1500, tiktok: 1500 } as const;

export interface BenchSandboxes {
  shopify: ShopifySandbox;
  amazon: AmazonSandbox;
  tiktok: TikTokSandbox;
  /** Channel settings for parseConfig (README's Configuration table). */
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function startBenchSandboxes(opts: { listings: number; scale: number; appOrigin: string }): Promise<BenchSandboxes> {
  const { listings, scale, appOrigin } = opts;
  const shopifyApp = { clientId: "bench-propagation-app", clientSecret: "bench-propagation-secret" };
  const shopify = await startShopifySandbox({
    shop: "bench-propagation.myshopify.com",
    seedProducts: listings,
    processingMs: LIFE_DELAYS_MS.shopifyStep,
    refundUnusedCost: true,
    timeScale: scale,
    versions: [SHOPIFY_API_VERSION],
    ...shopifyApp,
  });
  const amazon = await startAmazonSandbox({ seedListings: listings, processingDelayMs: LIFE_DELAYS_MS.amazon, timeScale: scale, redirectUris: [`${appOrigin}/oauth/amazon/callback`] });
  const tiktok = await startTikTokSandbox({ seedProducts: listings, auditDelayMs: LIFE_DELAYS_MS.tiktok, timeScale: scale, qps: true, redirectUrl: `${appOrigin}/oauth/tiktok/callback` });
  return {
    shopify,
    amazon,
    tiktok,
    env: {
      ...sandboxChannelEnv({ shopify, amazon, tiktok, shopifyApp }),
      // The connectors assume the limits the sandboxes enforce.
      CHANNEL_RATE_SCALE: String(1 / scale),
    },
    async close() {
      await Promise.allSettled([shopify.close(), amazon.close(), tiktok.close()]);
    },
  };
}

const decode = (s: string) => s.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n))).replace(/&amp;/g, "&").replace(/&quot;/g, '"');

/** The seller's browser on a channel's consent page: read the form, press Approve, follow the redirect back to the app. */
export async function approveConsent(url: string): Promise<URLSearchParams> {
  const page = await fetch(url);
  const html = await page.text();
  const action = /<form method="post" action="([^"]+)">/.exec(html)?.[1];
  if (page.status !== 200 || !action) throw new Error(`consent page ${url} answered ${page.status} without a form`);
  const form = new URLSearchParams();
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) form.set(m[1]!, decode(m[2]!));
  form.set("decision", "approve");
  const res = await fetch(new URL(action, url), { method: "POST", body: form, redirect: "manual" });
  const location = res.headers.get("location");
  if (res.status !== 302 || !location) throw new Error(`consent approval answered ${res.status}`);
  return new URL(location).searchParams;
}
