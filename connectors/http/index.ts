// Public API of the connectors' HTTP layer: the request helper, the limiters and their channel tables.
export { httpRequest, DEFAULT_HTTP_POLICY } from "./fetch";
export type { FetchLike, HttpMethod, HttpPolicy, HttpRequest, ReplayableBody } from "./fetch";
export { parseRetryAfter } from "./retry-after";
export { systemNow, systemSleep } from "./clock";
export type { Now, Sleep } from "./clock";
export { DEFAULT_MAX_WAIT_MS } from "./reservoir";
export type { TakeOptions } from "./reservoir";
export { TokenBucketLimiter, scaleRates } from "./token-bucket";
export type { BucketKey, RateLimit, TokenBucketOptions } from "./token-bucket";
export { AMAZON_USAGE_PLANS, readAmazonRateLimit } from "./amazon-usage-plans";
export type { AmazonOperation } from "./amazon-usage-plans";
export { ShopifyCostBuckets, SHOPIFY_STANDARD_BUCKET } from "./cost-bucket";
export type { CostBucketOptions, CostBucketShape, GraphqlResult } from "./cost-bucket";
export { isThrottledBody, readQueryCost } from "./shopify-cost";
export type { ShopifyQueryCost, ShopifyThrottleStatus } from "./shopify-cost";
