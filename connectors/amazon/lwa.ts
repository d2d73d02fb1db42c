// Login with Amazon client: exchange the consent code, refresh access tokens (CHANNELS.md §2.1).
// Form-encoded, as in Amazon's docs. Exchanging a code is not idempotent (codes are single-use), a
// refresh is (it can be sent again safely).
import { ChannelError } from "../channel";
import { httpRequest, type FetchLike } from "../http";
import { lwaError, readJson } from "./errors";
import { LWA_TOKEN_URL } from "./hosts";

export interface LwaClientOptions {
  clientId: string;
  clientSecret: string;
  tokenUrl?: string;
  fetch?: FetchLike;
  now?: () => number;
}

export interface LwaAccessToken {
  accessToken: string;
  /** Epoch ms. */
  expiresAt: number;
}
export interface LwaGrant extends LwaAccessToken {
  refreshToken: string;
}

export interface LwaClient {
  exchangeCode(code: string, redirectUri: string): Promise<LwaGrant>;
  refresh(refreshToken: string): Promise<LwaAccessToken>;
}

export function createLwaClient(o: LwaClientOptions): LwaClient {
  const now = o.now ?? Date.now;
  const post = async (params: Record<string, string>, idempotent: boolean) => {
    const body = new URLSearchParams({ ...params, client_id: o.clientId, client_secret: o.clientSecret }).toString();
    const res = await httpRequest(
      {
        method: "POST",
        url: o.tokenUrl ?? LWA_TOKEN_URL,
        headers: { "content-type": "application/x-www-form-urlencoded;charset=UTF-8", accept: "application/json" },
        body,
        idempotent,
        operation: `amazon.lwa.${params.grant_type}`,
      },
      { fetch: o.fetch },
    );
    const json = await readJson(res);
    if (!res.ok) throw lwaError(res.status, json);
    const t = json as { access_token?: unknown; refresh_token?: unknown; expires_in?: unknown };
    if (typeof t.access_token !== "string") throw new ChannelError("transient", "amazon.lwa: no access_token in the answer", { channelCode: "LWA_BAD_ANSWER" });
    const expiresIn = typeof t.expires_in === "number" ? t.expires_in : 3600;
    return { accessToken: t.access_token, expiresAt: now() + expiresIn * 1000, refreshToken: typeof t.refresh_token === "string" ? t.refresh_token : null };
  };
  return {
    exchangeCode: async (code, redirectUri) => {
      const t = await post({ grant_type: "authorization_code", code, redirect_uri: redirectUri }, false);
      if (t.refreshToken === null) throw new ChannelError("transient", "amazon.lwa: no refresh_token in the answer", { channelCode: "LWA_BAD_ANSWER" });
      return { accessToken: t.accessToken, expiresAt: t.expiresAt, refreshToken: t.refreshToken };
    },
    refresh: async (refreshToken) => {
      const t = await post({ grant_type: "refresh_token", refresh_token: refreshToken }, true);
      return { accessToken: t.accessToken, expiresAt: t.expiresAt };
    },
  };
}
