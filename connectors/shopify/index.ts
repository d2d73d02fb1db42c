// Public API of the Shopify connector.
export { createShopifyChannel, SHOPIFY_CAPABILITIES, SHOPIFY_POLL_INTERVAL_MS, validateShopifyGallery } from "./shopify-channel";
export type { ShopifyChannelOptions } from "./shopify-channel";
export type { ShopifyGraphql, ShopifyGraphqlResponse } from "./client";
export { DOCUMENTS } from "./documents";
