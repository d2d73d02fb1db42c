// Default SP-API usage plans (rate = requests/s, burst), per selling partner + operation.
// Source: the "**Usage Plan:**" table in each operation's description in the models under
// /work/shared/specs/amazon/ — listingsItems_2021-08-01.json for the Listings Items operations, and
// definitionsProductTypes_2020-09-01.json, uploads_2020-11-01.json, catalogItems_2022-04-01.json,
// feeds_2021-06-30.json, notifications.json, sellers.json for the rest (summarised in
// /work/shared/specs/CHANNELS.md §2.5). Amazon may grant a seller more: prefer x-amzn-RateLimit-Limit.
import type { RateLimit } from "./token-bucket";

export const AMAZON_USAGE_PLANS = {
  // Listings Items 2021-08-01
  getListingsItem: { rate: 5, burst: 10 },
  putListingsItem: { rate: 5, burst: 10 },
  patchListingsItem: { rate: 5, burst: 5 },
  deleteListingsItem: { rate: 5, burst: 5 },
  searchListingsItems: { rate: 5, burst: 5 },
  // Product Type Definitions 2020-09-01
  getDefinitionsProductType: { rate: 5, burst: 10 },
  searchDefinitionsProductTypes: { rate: 5, burst: 10 },
  // Uploads 2020-11-01
  createUploadDestinationForResource: { rate: 10, burst: 10 },
  // Catalog Items 2022-04-01
  getCatalogItem: { rate: 2, burst: 2 },
  searchCatalogItems: { rate: 2, burst: 2 },
  // Feeds 2021-06-30
  createFeed: { rate: 0.0083, burst: 15 },
  createFeedDocument: { rate: 0.5, burst: 15 },
  getFeed: { rate: 2, burst: 15 },
  cancelFeed: { rate: 2, burst: 15 },
  getFeeds: { rate: 0.0222, burst: 10 },
  getFeedDocument: { rate: 0.0222, burst: 10 },
  // Notifications v1 (every operation)
  getSubscriptions: { rate: 1, burst: 5 },
  getSubscription: { rate: 1, burst: 5 },
  createSubscription: { rate: 1, burst: 5 },
  getSubscriptionById: { rate: 1, burst: 5 },
  deleteSubscriptionById: { rate: 1, burst: 5 },
  sendTestNotification: { rate: 1, burst: 5 },
  getDestinations: { rate: 1, burst: 5 },
  createDestination: { rate: 1, burst: 5 },
  getDestination: { rate: 1, burst: 5 },
  deleteDestination: { rate: 1, burst: 5 },
  // Sellers v1
  getMarketplaceParticipations: { rate: 0.016, burst: 15 },
  getAccount: { rate: 0.016, burst: 15 },
} as const satisfies Record<string, RateLimit>;

export type AmazonOperation = keyof typeof AMAZON_USAGE_PLANS;

/**
 * The rate Amazon applied to this call, from x-amzn-RateLimit-Limit (e.g. "5.0"), or null. The header
 * is best-effort and only sent on some statuses (2xx/400/404), so absence means "no news".
 */
export function readAmazonRateLimit(headers: Headers): number | null {
  const v = headers.get("x-amzn-RateLimit-Limit");
  if (v === null) return null;
  const rate = Number(v.trim());
  return rate > 0 && Number.isFinite(rate) ? rate : null;
}
