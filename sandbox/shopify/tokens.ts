// Access and refresh tokens of the sandbox (CHANNELS.md §1.2): expiring offline tokens with rotating
// refresh tokens, where the previous refresh token stays valid until the new one is first used.
import { randomBytes } from "node:crypto";

interface AccessToken {
  shop: string;
  expiresAt: number;
}
interface RefreshToken {
  shop: string;
  /** Tokens this one was rotated into; the first use of any of them revokes this one. */
  successors: Set<string>;
  revoked: boolean;
}

export interface IssuedToken {
  access_token: string;
  scope: string;
  expires_in: number;
  refresh_token: string;
  refresh_token_expires_in: number;
}

export const SCOPES = "read_products,write_products,read_files,write_files";
const ACCESS_TTL_S = 3600;
const REFRESH_TTL_S = 90 * 24 * 3600;

export class TokenStore {
  private readonly access = new Map<string, AccessToken>();
  private readonly refresh = new Map<string, RefreshToken>();
  private readonly latest = new Map<string, IssuedToken>();
  refreshes = 0;

  constructor(private readonly now: () => number = Date.now) {}

  issue(shop: string, predecessor: string | null = null): IssuedToken {
    const access_token = `shpat_${randomBytes(16).toString("hex")}`;
    const refresh_token = `shprt_${randomBytes(16).toString("hex")}`;
    this.access.set(access_token, { shop, expiresAt: this.now() + ACCESS_TTL_S * 1000 });
    this.refresh.set(refresh_token, { shop, successors: new Set(), revoked: false });
    if (predecessor) {
      const prev = this.refresh.get(predecessor);
      prev?.successors.add(refresh_token);
    }
    const issued = { access_token, scope: SCOPES, expires_in: ACCESS_TTL_S, refresh_token, refresh_token_expires_in: REFRESH_TTL_S };
    this.latest.set(shop, issued);
    return issued;
  }

  /** The shop an access token belongs to, or null when it is unknown or expired. */
  shopOf(token: string | undefined): string | null {
    const t = token ? this.access.get(token) : undefined;
    return t && t.expiresAt > this.now() ? t.shop : null;
  }

  /** grant_type=refresh_token: rotates; null when the refresh token is unknown or revoked. */
  useRefreshToken(token: string): IssuedToken | null {
    const t = this.refresh.get(token);
    if (!t || t.revoked) return null;
    // Using a token revokes the one it replaced (the grace period ends at first use of the new one).
    for (const other of this.refresh.values()) if (other.successors.has(token)) other.revoked = true;
    this.refreshes++;
    return this.issue(t.shop, token);
  }

  /** Every access token of the shop stops working (as if its hour had passed). */
  expire(shop: string): void {
    for (const t of this.access.values()) if (t.shop === shop) t.expiresAt = this.now() - 1;
  }

  latestFor(shop: string): IssuedToken | null {
    return this.latest.get(shop) ?? null;
  }
}
