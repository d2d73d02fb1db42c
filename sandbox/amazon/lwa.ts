// Login with Amazon, server side: authorization codes (single use, 5 minutes), long-lived refresh
// tokens and 1-hour access tokens (CHANNELS.md §2.1). Errors use LWA's {error, error_description}.
import { randomBytes } from "node:crypto";

export interface LwaClient {
  clientId: string;
  clientSecret: string;
}

interface Code {
  sellerId: string;
  redirectUri: string;
  expiresAt: number;
  used: boolean;
}
interface Grant {
  sellerId: string;
}
interface Access {
  /** null for grantless (client_credentials) tokens, which open no seller's data. */
  sellerId: string | null;
  expiresAt: number;
}

export const CODE_TTL_MS = 5 * 60_000;

export type TokenCheck = { ok: true; sellerId: string | null } | { ok: false; reason: "missing" | "invalid" | "expired" };
export type LwaAnswer = { status: number; body: Record<string, string | number> };

const lwaError = (status: number, error: string, description: string): LwaAnswer => ({ status, body: { error, error_description: description } });
const opaque = (prefix: string) => `${prefix}${randomBytes(24).toString("base64url")}`;

export class LwaAuthority {
  private readonly codes = new Map<string, Code>();
  private readonly grants = new Map<string, Grant>();
  private readonly access = new Map<string, Access>();
  /** How many times each grant type succeeded (tests check refreshes). */
  readonly issued = { authorization_code: 0, refresh_token: 0, client_credentials: 0 };

  constructor(
    private readonly client: LwaClient,
    private readonly now: () => number,
    private readonly accessTtlSec: number,
  ) {}

  /** What the consent page's Approve does: a code for this seller, bound to the redirect URI. */
  issueCode(sellerId: string, redirectUri: string): string {
    const code = opaque("ANsandbox");
    this.codes.set(code, { sellerId, redirectUri, expiresAt: this.now() + CODE_TTL_MS, used: false });
    return code;
  }

  /** A refresh token as if the seller had authorised the app (fixture shortcut). */
  issueRefreshToken(sellerId: string): string {
    const token = opaque("Atzr|");
    this.grants.set(token, { sellerId });
    return token;
  }

  /** Every access token handed out so far stops working (a refresh gives a new one). */
  expireAll(): void {
    for (const a of this.access.values()) a.expiresAt = Math.min(a.expiresAt, this.now() - 1);
  }

  revoke(refreshToken: string): void {
    this.grants.delete(refreshToken);
  }

  check(token: string | undefined): TokenCheck {
    if (!token) return { ok: false, reason: "missing" };
    const a = this.access.get(token);
    if (!a) return { ok: false, reason: "invalid" };
    if (a.expiresAt <= this.now()) return { ok: false, reason: "expired" };
    return { ok: true, sellerId: a.sellerId };
  }

  /** POST /auth/o2/token. */
  token(p: Record<string, string>): LwaAnswer {
    if (p.client_id !== this.client.clientId || p.client_secret !== this.client.clientSecret)
      return lwaError(401, "invalid_client", "Client authentication failed");
    switch (p.grant_type) {
      case "authorization_code": {
        const code = p.code ? this.codes.get(p.code) : undefined;
        if (!code || code.used || code.expiresAt <= this.now()) return lwaError(400, "invalid_grant", "The authorization code is invalid, expired or already used");
        code.used = true; // single use, even when the redirect_uri check below fails
        if (p.redirect_uri !== code.redirectUri) return lwaError(400, "invalid_grant", "redirect_uri does not match the one used for consent");
        const refresh = this.issueRefreshToken(code.sellerId);
        this.issued.authorization_code++;
        return { status: 200, body: { ...this.newAccess(code.sellerId), refresh_token: refresh } };
      }
      case "refresh_token": {
        const grant = p.refresh_token ? this.grants.get(p.refresh_token) : undefined;
        if (!grant) return lwaError(400, "invalid_grant", "The request has an invalid grant parameter : refresh_token");
        this.issued.refresh_token++;
        return { status: 200, body: this.newAccess(grant.sellerId) };
      }
      case "client_credentials": {
        if (!p.scope) return lwaError(400, "invalid_scope", "scope is required for client_credentials");
        this.issued.client_credentials++;
        return { status: 200, body: this.newAccess(null) };
      }
      default:
        return lwaError(400, "invalid_request", `Unsupported grant_type: ${p.grant_type ?? "(none)"}`);
    }
  }

  private newAccess(sellerId: string | null) {
    const token = opaque("Atza|");
    this.access.set(token, { sellerId, expiresAt: this.now() + this.accessTtlSec * 1000 });
    return { access_token: token, token_type: "bearer", expires_in: this.accessTtlSec };
  }
}
