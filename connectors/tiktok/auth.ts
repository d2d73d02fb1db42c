// Seller authorisation (CHANNELS.md §3.1): the consent URL, the code exchange, the refresh, and the
// authorised shops with their cipher. Token calls are plain GETs with app_key/app_secret in the query
// (no signature); expiries come back as absolute Unix timestamps, not durations.
import { ChannelError } from "../channel";
import { httpRequest, type FetchLike, type HttpPolicy } from "../http";
import type { TikTokClient } from "./client";
import { envelopeError, readEnvelope } from "./errors";

export const TIKTOK_AUTH_BASE = "https://auth.tiktok-shops.com";
const CONSENT_BASE = { US: "https://services.us.tiktokshop.com", ROW: "https://services.tiktokshop.com" } as const;

export type TikTokRegion = keyof typeof CONSENT_BASE;

/** Where to send the seller; `state` is our CSRF token, checked when they come back. */
export function authorizeUrl(opts: { region: TikTokRegion; serviceId: string; state: string; baseUrl?: string }): string {
  const u = new URL("/open/authorize", opts.baseUrl ?? CONSENT_BASE[opts.region]);
  u.searchParams.set("service_id", opts.serviceId);
  u.searchParams.set("state", opts.state);
  return u.toString();
}

export interface TikTokTokens {
  accessToken: string;
  /** Absolute, from `access_token_expire_in` (Unix seconds). */
  accessTokenExpiresAt: Date;
  refreshToken: string;
  refreshTokenExpiresAt: Date;
  openId: string;
  sellerName: string;
  sellerBaseRegion: string;
  grantedScopes: string[];
}

export interface TikTokAuthOptions {
  appKey: string;
  appSecret: string;
  /** Defaults to auth.tiktok-shops.com; the sandbox's authUrl in tests. */
  authBaseUrl?: string;
  fetch?: FetchLike;
  http?: HttpPolicy;
}

/** Spends the single-use `code` from the callback. Not idempotent: a re-sent code is refused. */
export function exchangeCode(opts: TikTokAuthOptions, code: string): Promise<TikTokTokens> {
  return tokenCall(opts, "/api/v2/token/get", { auth_code: code, grant_type: "authorized_code" }, "tiktok.tokenGet");
}

/** New token pair; the caller replaces both atomically. A refused refresh is `auth`: the seller must re-consent. */
export function refreshTokens(opts: TikTokAuthOptions, refreshToken: string): Promise<TikTokTokens> {
  return tokenCall(opts, "/api/v2/token/refresh", { refresh_token: refreshToken, grant_type: "refresh_token" }, "tiktok.tokenRefresh");
}

async function tokenCall(opts: TikTokAuthOptions, path: string, params: Record<string, string>, operation: string): Promise<TikTokTokens> {
  const u = new URL(path, opts.authBaseUrl ?? TIKTOK_AUTH_BASE);
  for (const [k, v] of Object.entries({ app_key: opts.appKey, app_secret: opts.appSecret, ...params })) u.searchParams.set(k, v);
  // Not retried here: the code is single-use, and a refresh may rotate the refresh token.
  const res = await httpRequest({ method: "GET", url: u, idempotent: false, operation }, { ...opts.http, fetch: opts.fetch ?? opts.http?.fetch });
  const env = readEnvelope(await res.text());
  if (!env) throw new ChannelError("transient", `${operation}: HTTP ${res.status} without a TikTok envelope`, { channelCode: `HTTP_${res.status}` });
  if (env.code !== 0) {
    const e = envelopeError(operation, env, null);
    // A refused code or refresh token is an authorisation problem, whatever its number.
    throw e.kind === "validation" ? new ChannelError("auth", e.message, { channelCode: e.channelCode }) : e;
  }
  return parseTokens(env.data, operation);
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (o: Record<string, unknown>, k: string) => (typeof o[k] === "string" ? (o[k] as string) : "");

function parseTokens(data: unknown, operation: string): TikTokTokens {
  const bad = () => new ChannelError("transient", `${operation}: unexpected token response`);
  if (!isRecord(data)) throw bad();
  const access = str(data, "access_token");
  const refresh = str(data, "refresh_token");
  const accessExp = Number(data.access_token_expire_in);
  const refreshExp = Number(data.refresh_token_expire_in);
  if (!access || !refresh || !Number.isFinite(accessExp) || !Number.isFinite(refreshExp)) throw bad();
  return {
    accessToken: access,
    accessTokenExpiresAt: new Date(accessExp * 1000),
    refreshToken: refresh,
    refreshTokenExpiresAt: new Date(refreshExp * 1000),
    openId: str(data, "open_id"),
    sellerName: str(data, "seller_name"),
    sellerBaseRegion: str(data, "seller_base_region"),
    grantedScopes: Array.isArray(data.granted_scopes) ? data.granted_scopes.filter((s): s is string => typeof s === "string") : [],
  };
}

export interface TikTokShop {
  id: string;
  /** Goes as `shop_cipher` on shop-scoped calls. */
  cipher: string;
  name: string;
  region: string;
  sellerType: string;
  code: string;
}

/** The shops this token may act for (signed, no shop_cipher). */
export async function listShops(client: TikTokClient, accountId: string): Promise<TikTokShop[]> {
  const data = await client.call({ method: "GET", path: "/authorization/202309/shops", operation: "tiktok.getShops", accountId, idempotent: true });
  const shops = isRecord(data) && Array.isArray(data.shops) ? data.shops : [];
  return shops.filter(isRecord).map((s) => ({
    id: str(s, "id"),
    cipher: str(s, "cipher"),
    name: str(s, "name"),
    region: str(s, "region"),
    sellerType: str(s, "seller_type"),
    code: str(s, "code"),
  }));
}
