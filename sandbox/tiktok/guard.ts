// What every business call goes through before its handler (CHANNELS.md §3.2, §3.5): injected faults
// and the QPS limit first (the gateway throttles before it looks at the request), then app_key, timestamp window,
// signature, access token, and the endpoint's shop_cipher rule.
import { ApiError, CODE } from "./envelope";
import { isMultipart, type RequestContext } from "./context";
import { signatureMatches, timestampAccepted } from "./signature";
import type { TikTokSandboxState } from "./state";

/** required: shop-scoped; forbidden: must not be sent (upload → 36009004); ignored: not needed. */
export type CipherRule = "required" | "forbidden" | "ignored";

export function guard(state: TikTokSandboxState, ctx: RequestContext, cipher: CipherRule, api: string): void {
  const throttle = state.takeThrottle();
  if (throttle) throw new ApiError(CODE.tooManyRequests, "Too many requests", 429, { "retry-after": String(throttle.retryAfterSeconds) });
  // The QPS limit per API per app (when on); TikTok documents no Retry-After for it.
  if (!state.takeQps(ctx.query.get("app_key") ?? "", api)) throw new ApiError(CODE.tooManyRequests, "Too many requests", 429);
  if (state.takeFailure()) throw new ApiError(CODE.internalError, "Internal error, please retry", 500);

  const q = ctx.query;
  if (q.get("app_key") !== state.opts.appKey) throw new ApiError(CODE.invalidParameter, "Invalid app_key");
  if (!timestampAccepted(q.get("timestamp"), state.nowSeconds())) throw new ApiError(CODE.invalidParameter, "Invalid timestamp: outside the accepted window");
  const good = signatureMatches({ appSecret: state.opts.appSecret, path: ctx.path, query: q, body: ctx.body, multipart: isMultipart(ctx), given: q.get("sign") });
  if (!good) throw new ApiError(CODE.invalidSign, "Invalid sign");

  const token = state.accessTokenStatus(ctx.accessToken);
  if (token === "expired") throw new ApiError(CODE.expiredAccessToken, "Access token is expired");
  if (token === "invalid") throw new ApiError(CODE.invalidAccessToken, "Access token is invalid");

  const shopCipher = q.get("shop_cipher");
  if (cipher === "forbidden" && shopCipher !== null) throw new ApiError(CODE.invalidParameter, "shop_cipher is not required for this API");
  if (cipher === "required" && shopCipher !== state.shop.cipher) throw new ApiError(CODE.invalidParameter, shopCipher === null ? "shop_cipher is required" : "Invalid shop_cipher");
}
