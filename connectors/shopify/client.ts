// Sends one document through the `graphql` function the app hands over (in production
// `unauthenticated.admin(shop).admin.graphql`, which owns the token and its refresh — DESIGN §6), under
// the shop's cost bucket, and turns every failure into a ChannelError.
import { ChannelError } from "../channel";
import type { ShopifyCostBuckets } from "../http/cost-bucket";
import { readQueryCost } from "../http/shopify-cost";

export interface ShopifyGraphqlResponse {
  data?: unknown;
  errors?: unknown;
  extensions?: unknown;
}

/**
 * Runs a document against the shop. Resolves with the parsed body, HTTP 200 or a THROTTLED 429; throws
 * on other HTTP failures with the status as `status` (or `response.code` / `response.status`, as the
 * Shopify library's HttpResponseError has it). A thrown value carrying `body` is read as the response.
 */
export type ShopifyGraphql = (query: string, variables?: Record<string, unknown>) => Promise<ShopifyGraphqlResponse>;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export interface ShopifyClient {
  request(document: string, variables: Record<string, unknown>, estimatedCost: number): Promise<Record<string, unknown>>;
}

export function createShopifyClient(opts: { graphql: ShopifyGraphql; shop: string; costBuckets: ShopifyCostBuckets }): ShopifyClient {
  const { graphql, shop, costBuckets } = opts;
  // What Shopify last charged up front for each document: a better estimate than ours.
  const priced = new Map<string, number>();
  return {
    async request(document, variables, estimatedCost) {
      const estimate = priced.get(document) ?? estimatedCost;
      await costBuckets.take(shop, estimate);
      let body: unknown;
      let status = 200;
      try {
        body = await graphql(document, variables);
      } catch (e) {
        if (e instanceof ChannelError) {
          costBuckets.settle(shop, estimate);
          throw e;
        }
        status = statusOf(e) ?? 0;
        if (!(isRecord(e) && isRecord(e.body))) {
          costBuckets.settle(shop, estimate);
          throw fromHttpFailure(status, e);
        }
        body = e.body;
      }
      const requested = readQueryCost(body)?.requestedQueryCost;
      if (requested) priced.set(document, requested);
      costBuckets.record(shop, { status, body }, estimate); // throws `throttled`
      if (status && status !== 200) throw fromHttpFailure(status, body);
      return dataOf(body);
    },
  };
}

function statusOf(e: unknown): number | null {
  if (!isRecord(e) && !(e instanceof Response)) return null;
  const r = e as Record<string, unknown>;
  if (typeof r.status === "number") return r.status;
  if (isRecord(r.response) && typeof r.response.code === "number") return r.response.code;
  if (isRecord(r.response) && typeof r.response.status === "number") return r.response.status;
  return null;
}

/** CHANNELS.md §1.7: 401/403 auth (402/423 too: the shop must act), 429 throttled, the rest transient. */
function fromHttpFailure(status: number, cause: unknown): ChannelError {
  const channelCode = status ? `HTTP_${status}` : "NETWORK";
  let err: ChannelError;
  if ([401, 402, 403, 423].includes(status)) err = new ChannelError("auth", `shopify: HTTP ${status}`, { channelCode });
  else if (status === 429) err = new ChannelError("throttled", "shopify: HTTP 429", { retryAfterMs: 1000, channelCode });
  else err = new ChannelError("transient", status ? `shopify: HTTP ${status}` : `shopify: request failed (${String(cause)})`, { channelCode });
  err.cause = cause;
  return err;
}

/** The `data` of a response, or the ChannelError its top-level `errors` mean. */
function dataOf(body: unknown): Record<string, unknown> {
  if (!isRecord(body)) throw new ChannelError("transient", "shopify: response is not a JSON object", { channelCode: "BAD_RESPONSE" });
  const errors = body.errors;
  if (typeof errors === "string") throw new ChannelError("auth", `shopify: ${errors}`, { channelCode: "HTTP_401" }); // "[API] Invalid API key or access token"
  if (Array.isArray(errors) && errors.length) {
    const first = isRecord(errors[0]) ? errors[0] : {};
    const code = isRecord(first.extensions) && typeof first.extensions.code === "string" ? first.extensions.code : "GRAPHQL_ERROR";
    const message = `shopify: ${errors.map((e) => (isRecord(e) && typeof e.message === "string" ? e.message : String(e))).join("; ")}`;
    if (code === "ACCESS_DENIED") throw new ChannelError("auth", message, { channelCode: code });
    if (code === "INTERNAL_SERVER_ERROR") throw new ChannelError("transient", message, { channelCode: code });
    // A document Shopify refuses (schema drift, cost over 1000) will not pass on a retry either.
    throw new ChannelError("validation", message, { channelCode: code });
  }
  if (!isRecord(body.data)) throw new ChannelError("transient", "shopify: response has no data", { channelCode: "BAD_RESPONSE" });
  return body.data;
}
