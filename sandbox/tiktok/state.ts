// Everything the TikTok sandbox knows, plus the knobs tests turn (faults, expiries, deletions). Routes
// read and write it; tests assert on it (e.g. the request log). No HTTP here.
import { StallKnob } from "../stall";
import { randomBytes } from "node:crypto";
import { sendProductStatus, type SentWebhook } from "./webhooks";

export interface SandboxImage {
  uri: string;
  url: string;
  width: number;
  height: number;
  useCase: string;
}

export interface SandboxProduct {
  id: string;
  title: string;
  /** ACTIVATE when live; PENDING while an edit is in audit. */
  status: "ACTIVATE" | "PENDING";
  mainImages: string[];
  skus: Array<{ id: string; seller_sku: string }>;
  createTime: number;
  updateTime: number;
}

export interface SandboxShop {
  id: string;
  cipher: string;
  name: string;
  region: string;
  seller_type: "LOCAL" | "CROSS_BORDER";
  code: string;
}

/** One request as the sandbox received it (the access token is not kept, only whether one came). */
export interface LoggedRequest {
  /** When the request arrived (the sandbox clock, ms since the epoch). */
  at: number;
  method: string;
  path: string;
  query: Record<string, string>;
  contentType: string | null;
  hadAccessToken: boolean;
  /** The raw body as text for JSON requests; null for multipart and empty bodies. */
  body: string | null;
  /** The envelope code (or -1 when no envelope was sent) and the HTTP status answered. */
  code: number;
  status: number;
}

interface Grant {
  expiresAt: number;
}

export interface SandboxOptions {
  appKey: string;
  appSecret: string;
  serviceId: string;
  redirectUrl: string;
  auditDelayMs: number;
  /** Milliseconds since the epoch. */
  now: () => number;
  /** Receives a signed type-5 webhook when an audit finishes; none are sent without it. */
  webhookUrl?: string;
  /** Calls per second allowed per API per app (§3.5), already time-scaled; null: no limit. */
  qps?: number | null;
}

/** [2nd] The commonly quoted default: 50 QPS per API per app (CHANNELS.md §3.5). */
export const TIKTOK_DEFAULT_QPS = 50;

const ACCESS_TTL = 7 * 24 * 3600; // ~7 days (§3.1)
const REFRESH_TTL = 365 * 24 * 3600;
const AUTH_CODE_TTL = 30 * 60; // single-use, 30 min (§3.1)

const token = (prefix: string) => `${prefix}${randomBytes(18).toString("base64url")}`;

export class TikTokSandboxState {
  readonly shop: SandboxShop = {
    id: "7494049642642441621",
    cipher: `ROW_${randomBytes(16).toString("base64url")}`,
    name: "Sandbox Shop",
    region: "US",
    seller_type: "LOCAL",
    code: "USLCSBX01",
  };
  readonly products = new Map<string, SandboxProduct>();
  readonly images = new Map<string, SandboxImage>();
  readonly requests: LoggedRequest[] = [];
  /** Webhooks sent, in order (each also awaited by settleAudits). */
  readonly webhooks: SentWebhook[] = [];
  private readonly deliveries = new Set<Promise<void>>();
  /** Token grants answered (authorization code and refresh): tests count refreshes with it. */
  tokenGrants = { authorizedCode: 0, refresh: 0 };

  private readonly authCodes = new Map<string, Grant & { used: boolean }>();
  private readonly accessTokens = new Map<string, Grant>();
  private readonly refreshTokens = new Map<string, Grant>();
  private readonly audits = new Map<string, NodeJS.Timeout>();
  private throttles: Array<{ retryAfterSeconds: number }> = [];
  /** One bucket per (app, API) when a QPS limit is on: `qps` tokens a second, at most `qps` held. */
  private readonly qpsBuckets = new Map<string, { level: number; at: number }>();
  private failures = 0;
  private idCounter = 0;
  baseUrl = "";

  constructor(readonly opts: SandboxOptions) {}

  nowSeconds(): number {
    return Math.floor(this.opts.now() / 1000);
  }

  // ---- knobs -------------------------------------------------------------------------------------

  /** The next `n` business calls answer HTTP 429 + code 36009002 with Retry-After (seconds). */
  /** Timeout fault: `state.stall.stallNext(n, ms)` — the next n requests get no answer. */
  readonly stall = new StallKnob();

  throttleNext(n = 1, retryAfterSeconds = 1): void {
    for (let i = 0; i < n; i++) this.throttles.push({ retryAfterSeconds });
  }
  /** The next `n` business calls answer HTTP 500 + code 36009003. */
  fail5xxNext(n = 1): void {
    this.failures += n;
  }
  /** Every access token issued so far is past its expiry (refresh tokens still work). */
  expireAccessToken(): void {
    for (const g of this.accessTokens.values()) g.expiresAt = this.nowSeconds() - 1;
  }
  deleteProduct(id: string): void {
    this.products.delete(id);
    this.clearAudit(id);
  }
  /** Finishes every audit now instead of after auditDelayMs, and waits for the webhooks it sends. */
  async settleAudits(): Promise<void> {
    for (const id of [...this.audits.keys()]) this.finishAudit(id);
    await Promise.all([...this.deliveries]);
  }
  /** A product holding `images` seeded images (not uploaded by the app), e.g. for a contract test listing. */
  seedProduct(opts: { title?: string; images?: number } = {}): SandboxProduct {
    const id = this.nextProductId();
    const mainImages = Array.from({ length: opts.images ?? 1 }, (_, i) => this.addImage({ width: 800 + i, height: 800 + i, useCase: "MAIN_IMAGE" }).uri);
    const t = this.nowSeconds();
    const p: SandboxProduct = {
      id,
      title: opts.title ?? `Sandbox product ${id.slice(-4)}`,
      status: "ACTIVATE",
      mainImages,
      skus: [{ id: `${id}1`, seller_sku: `SKU-${id.slice(-6)}` }],
      createTime: t,
      updateTime: t,
    };
    this.products.set(id, p);
    return p;
  }
  /** An authorization code as the consent page would issue it. */
  issueAuthCode(): string {
    const code = token("code_");
    this.authCodes.set(code, { expiresAt: this.nowSeconds() + AUTH_CODE_TTL, used: false });
    return code;
  }
  /** A valid token pair without going through consent (for tests that only need API access). */
  issueTokens(): { accessToken: string; refreshToken: string } {
    const t = this.grantTokens(null);
    return { accessToken: t.access_token, refreshToken: t.refresh_token };
  }

  /** Every access and refresh token handed out (tests check none is stored in clear anywhere). */
  issuedTokens(): string[] {
    return [...this.accessTokens.keys(), ...this.refreshTokens.keys()];
  }

  // ---- used by routes ----------------------------------------------------------------------------

  takeThrottle(): { retryAfterSeconds: number } | null {
    return this.throttles.shift() ?? null;
  }
  /** Spends one call of the app's allowance for `api`; false when over the QPS limit (→ 429). */
  takeQps(appKey: string, api: string): boolean {
    const qps = this.opts.qps;
    if (!qps) return true;
    const key = `${appKey}\u0000${api}`;
    const now = this.opts.now();
    const b = this.qpsBuckets.get(key) ?? { level: qps, at: now };
    b.level = Math.min(qps, b.level + ((now - b.at) / 1000) * qps);
    b.at = now;
    this.qpsBuckets.set(key, b);
    if (b.level < 1) return false;
    b.level -= 1;
    return true;
  }
  takeFailure(): boolean {
    if (this.failures === 0) return false;
    this.failures--;
    return true;
  }
  accessTokenStatus(t: string | null): "ok" | "expired" | "invalid" {
    const g = t ? this.accessTokens.get(t) : undefined;
    if (!g) return "invalid";
    return g.expiresAt > this.nowSeconds() ? "ok" : "expired";
  }
  /** Spends a single-use auth code; false when unknown, used or older than 30 min. */
  redeemAuthCode(code: string): boolean {
    const g = this.authCodes.get(code);
    if (!g || g.used || g.expiresAt <= this.nowSeconds()) return false;
    g.used = true;
    return true;
  }
  refreshTokenValid(t: string): boolean {
    const g = this.refreshTokens.get(t);
    return g !== undefined && g.expiresAt > this.nowSeconds();
  }
  /** A new access token; the refresh token stays the same when `keepRefresh` is given. Expiries are absolute. */
  grantTokens(keepRefresh: string | null) {
    const now = this.nowSeconds();
    const access = token("act_");
    this.accessTokens.set(access, { expiresAt: now + ACCESS_TTL });
    const refresh = keepRefresh ?? token("rft_");
    if (!keepRefresh) this.refreshTokens.set(refresh, { expiresAt: now + REFRESH_TTL });
    return {
      access_token: access,
      access_token_expire_in: now + ACCESS_TTL,
      refresh_token: refresh,
      refresh_token_expire_in: this.refreshTokens.get(refresh)!.expiresAt,
      open_id: "sbx-open-id-1",
      seller_name: this.shop.name,
      seller_base_region: this.shop.region,
      user_type: 0,
      granted_scopes: ["seller.product.basic", "seller.authorization.info"],
    };
  }
  addImage(img: Omit<SandboxImage, "uri" | "url">): SandboxImage {
    // Every upload is a new uri, even for identical bytes (§3.3).
    const id = randomBytes(12).toString("hex");
    const uri = `tos-maliva-i-sbx-us/${id}`;
    const full: SandboxImage = { ...img, uri, url: `${this.baseUrl}/img/${id}.jpg` };
    this.images.set(uri, full);
    return full;
  }
  /** An edit goes to audit; the product is ACTIVATE again after auditDelayMs (or settleAudits()). */
  startAudit(p: SandboxProduct): void {
    p.status = "PENDING";
    p.updateTime = this.nowSeconds();
    this.clearAudit(p.id);
    const timer = setTimeout(() => this.finishAudit(p.id), this.opts.auditDelayMs);
    timer.unref();
    this.audits.set(p.id, timer);
  }
  close(): void {
    for (const id of [...this.audits.keys()]) this.clearAudit(id);
  }

  private finishAudit(id: string): void {
    this.clearAudit(id);
    const p = this.products.get(id);
    if (!p) return;
    p.status = "ACTIVATE";
    const url = this.opts.webhookUrl;
    if (!url) return;
    const { appKey, appSecret } = this.opts;
    const delivery = sendProductStatus({ url, appKey, appSecret, shopId: this.shop.id, productId: id, nowSeconds: this.nowSeconds() }).then((w) => {
      this.webhooks.push(w);
      this.deliveries.delete(delivery);
    });
    this.deliveries.add(delivery);
  }
  private clearAudit(id: string): void {
    const t = this.audits.get(id);
    if (t) clearTimeout(t);
    this.audits.delete(id);
  }
  private nextProductId(): string {
    // 19-digit ids like TikTok's, kept as strings (a JSON number would lose precision).
    return String(1729592969712200000n + BigInt(++this.idCounter));
  }
}
