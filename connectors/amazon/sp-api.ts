// One SP-API call: the operation's token bucket first, then the request with x-amz-access-token
// (refreshed once when Amazon says it expired), the live x-amzn-RateLimit-Limit fed back to the
// bucket, a 429 draining it, and every non-2xx mapped to a ChannelError.
import { withTokenRefresh, ChannelError, type TokenSource } from "../channel";
import { httpRequest, readAmazonRateLimit, TokenBucketLimiter, AMAZON_USAGE_PLANS, type AmazonOperation, type FetchLike } from "../http";
import { readJson, spApiError } from "./errors";

export interface SpApiClientOptions {
  /** Regional host (SP_API_HOSTS) or the sandbox's URL. */
  baseUrl: string;
  tokens: TokenSource;
  fetch?: FetchLike;
  /** Share one limiter between the connectors of a process so buckets are per account, not per instance. */
  limiter?: TokenBucketLimiter;
  userAgent?: string;
}

export interface SpApiCall {
  accountId: string;
  operation: AmazonOperation;
  method: "GET" | "PATCH";
  path: string;
  query?: Record<string, string | undefined>;
  body?: unknown;
}

export type SpApi = <T>(call: SpApiCall) => Promise<T>;

/**
 * Amazon's usage plans with one token less of burst: Amazon's bucket starts counting when our first
 * request arrives, later than ours, so a client that spends the exact burst can still meet a 429.
 */
export const AMAZON_CLIENT_LIMITS = Object.fromEntries(
  Object.entries(AMAZON_USAGE_PLANS).map(([op, p]) => [op, { rate: p.rate, burst: Math.max(1, p.burst - 1) }]),
) as Record<AmazonOperation, { rate: number; burst: number }>;

export function createSpApi(o: SpApiClientOptions): SpApi {
  const limiter = o.limiter ?? new TokenBucketLimiter({ limits: AMAZON_CLIENT_LIMITS });
  const userAgent = o.userAgent ?? "Assetline/0.1 (Language=TypeScript; Platform=Node.js)";
  return async <T>(call: SpApiCall): Promise<T> => {
    const key = { accountId: call.accountId, operation: call.operation };
    const url = new URL(call.path, o.baseUrl);
    for (const [k, v] of Object.entries(call.query ?? {})) if (v !== undefined) url.searchParams.set(k, v);
    const label = `amazon.${call.operation}`;
    return withTokenRefresh(o.tokens, async (token) => {
      await limiter.take(key);
      let res: Response;
      try {
        res = await httpRequest(
          {
            method: call.method,
            url,
            headers: {
              "x-amz-access-token": token,
              "user-agent": userAgent,
              accept: "application/json",
              ...(call.body === undefined ? {} : { "content-type": "application/json" }),
            },
            body: call.body === undefined ? null : JSON.stringify(call.body),
            // A PATCH that timed out may have been applied: never re-sent here, the caller reads back.
            idempotent: call.method === "GET",
            operation: label,
            onResponse: ({ headers }) => {
              const rate = readAmazonRateLimit(headers);
              if (rate !== null) limiter.setRate(key, rate);
            },
          },
          { fetch: o.fetch },
        );
      } catch (e) {
        if (e instanceof ChannelError && e.kind === "throttled") limiter.drain(key, e.retryAfterMs ?? 0);
        throw e;
      }
      const json = await readJson(res);
      if (!res.ok) throw spApiError(label, res.status, json);
      return json as T;
    });
  };
}
