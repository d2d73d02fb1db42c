// One signed call to the TikTok Shop Open API (CHANNELS.md §3.2): app_key, timestamp and sign in the
// query, the token in x-tts-access-token, shop_cipher only when the endpoint is shop-scoped, through
// httpRequest (retries for idempotent calls only), with one token refresh on an auth error.
import { ChannelError, withTokenRefresh, type TokenSource } from "../channel";
import { httpRequest, parseRetryAfter, type FetchLike, type HttpPolicy, type RateLimit } from "../http";
import { envelopeError, readEnvelope } from "./errors";
import { signedQuery } from "./sign";

export const TIKTOK_API_BASE = "https://open-api.tiktokglobalshop.com";

/** [2nd] default 50 QPS per API per app (§3.5): a table for a TokenBucketLimiter. */
export const TIKTOK_RATE_LIMIT: RateLimit = { rate: 50, burst: 50 };

/** The slice of TokenBucketLimiter used here. */
export interface CallLimiter {
  take(key: { accountId: string; operation: string }): Promise<void>;
}

export interface TikTokClientOptions {
  baseUrl?: string;
  appKey: string;
  appSecret: string;
  tokens: TokenSource;
  fetch?: FetchLike;
  limiter?: CallLimiter;
  /** Timeouts, retries, sleep: see connectors/http. */
  http?: HttpPolicy;
}

export interface TikTokCall {
  method: "GET" | "POST";
  path: string;
  /** Operation name for limits and error messages, e.g. "tiktok.getProduct". */
  operation: string;
  /** Our ChannelAccount id (for the limiter). */
  accountId: string;
  /** Honest: true only when sending twice equals sending once. */
  idempotent: boolean;
  query?: Record<string, string>;
  /** Set for shop-scoped endpoints only; never for image upload (36009004). */
  shopCipher?: string;
  json?: unknown;
  form?: FormData;
}

export interface TikTokClient {
  /** The envelope's `data` on code 0; ChannelError otherwise. */
  call(c: TikTokCall): Promise<unknown>;
}

export function createTikTokClient(opts: TikTokClientOptions): TikTokClient {
  const base = (opts.baseUrl ?? TIKTOK_API_BASE).replace(/\/$/, "");
  const policy: HttpPolicy = { ...opts.http, fetch: opts.fetch ?? opts.http?.fetch };

  async function once(c: TikTokCall, token: string): Promise<unknown> {
    await opts.limiter?.take({ accountId: c.accountId, operation: c.operation });
    const body = c.form ?? (c.json === undefined ? undefined : JSON.stringify(c.json));
    const contentType = c.form ? "multipart/form-data" : body === undefined ? undefined : "application/json";
    const query = signedQuery({
      path: c.path,
      query: { ...c.query, ...(c.shopCipher ? { shop_cipher: c.shopCipher } : {}) },
      // Multipart is signed without the body (§3.2 step 4).
      body: typeof body === "string" ? body : undefined,
      contentType,
      appKey: opts.appKey,
      appSecret: opts.appSecret,
    });
    const headers: Record<string, string> = { "x-tts-access-token": token };
    // fetch sets multipart's content-type itself, with the boundary.
    if (typeof body === "string") headers["content-type"] = "application/json";
    const res = await httpRequest(
      { method: c.method, url: `${base}${c.path}?${new URLSearchParams(query)}`, headers, body: body ?? null, idempotent: c.idempotent, operation: c.operation },
      policy,
    );
    const text = await res.text();
    const env = readEnvelope(text);
    if (!env) throw new ChannelError(res.status === 404 ? "not_found" : "transient", `${c.operation}: HTTP ${res.status} without a TikTok envelope`, { channelCode: `HTTP_${res.status}` });
    if (env.code === 0) return env.data;
    throw envelopeError(c.operation, env, parseRetryAfter(res.headers.get("retry-after"), Date.now()));
  }

  // Refresh per call, not per setImages: a refresh in the middle must not repeat uploads already done.
  return { call: (c) => withTokenRefresh(opts.tokens, (token) => once(c, token)) };
}
