// POST /admin/oauth/access_token (CHANNELS.md §1.2): the token-exchange grant (session token → expiring
// offline token) and the refresh grant (rotating refresh token). Answers as Shopify's token endpoint.
import { createHmac, timingSafeEqual } from "node:crypto";
import type { ShopifySandboxState } from "./state";
import { rec, str } from "./views";

export interface OAuthReply {
  status: number;
  body: Record<string, unknown>;
}

const TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
const ID_TOKEN = "urn:ietf:params:oauth:token-type:id_token";

const invalid = (error: string, description: string): OAuthReply => ({ status: 400, body: { error, error_description: description } });

export function accessTokenEndpoint(state: ShopifySandboxState, payload: unknown): OAuthReply {
  const body = rec(payload);
  if (str(body.client_id) !== state.clientId || str(body.client_secret) !== state.clientSecret) return { status: 401, body: { error: "invalid_client", error_description: "Client credentials are invalid" } };
  const grant = str(body.grant_type);
  if (grant === "refresh_token") {
    const issued = state.tokens.useRefreshToken(str(body.refresh_token) ?? "");
    return issued ? { status: 200, body: { ...issued } } : invalid("invalid_grant", "The refresh token is invalid, expired or revoked");
  }
  if (grant === TOKEN_EXCHANGE) {
    if (str(body.subject_token_type) !== ID_TOKEN) return invalid("invalid_request", "Unsupported subject_token_type");
    const shop = verifySessionToken(state, str(body.subject_token) ?? "");
    if (!shop) return invalid("invalid_subject_token", "The session token is invalid");
    const issued = state.tokens.issue(shop);
    return { status: 200, body: str(body.expiring) === "1" ? { ...issued } : { access_token: issued.access_token, scope: issued.scope } };
  }
  return invalid("unsupported_grant_type", `Unsupported grant_type ${grant ?? ""}`);
}

/** HS256 with the client secret, aud = client id, not expired (10 s skew): the shop from `dest`. */
function verifySessionToken(state: ShopifySandboxState, jwt: string): string | null {
  const [h, p, sig] = jwt.split(".");
  if (!h || !p || !sig) return null;
  const expected = createHmac("sha256", state.clientSecret).update(`${h}.${p}`).digest();
  const given = Buffer.from(sig, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const claims = rec(JSON.parse(Buffer.from(p, "base64url").toString("utf8")));
    const now = state.now() / 1000;
    if (claims.aud !== state.clientId || typeof claims.exp !== "number" || claims.exp + 10 < now) return null;
    return new URL(str(claims.dest) ?? "").host || null;
  } catch {
    return null;
  }
}
