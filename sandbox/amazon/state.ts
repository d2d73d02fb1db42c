// Everything the Amazon sandbox knows, and the knobs tests turn: faults (429, 5xx, expired tokens),
// deleted listings, processing delay, the sandbox clock and a log of requests.
import { StallKnob } from "../stall";
import type { MediaFacts } from "./image-check";
import { Ingestion } from "./ingestion";
import { LwaAuthority } from "./lwa";
import { AMAZON_MEDIA_ORIGIN, amazonMediaUrl, newListing, seedCatalogue, type SandboxListing } from "./listings";

export interface AmazonSandboxOptions {
  clientId?: string;
  clientSecret?: string;
  /** The app's SP-API application id (consent page). */
  applicationId?: string;
  /** Registered OAuth redirect URIs; the first is the default. */
  redirectUris?: string[];
  /** The selling partner who approves on the consent page. */
  sellerId?: string;
  storeName?: string;
  marketplaceId?: string;
  /** Listings created at start (SEED-0001…). */
  seedListings?: number;
  accessTokenTtlSec?: number;
  /** Real ms between ACCEPTED and processing. */
  processingDelayMs?: number;
  /**
   * Multiplies every delay of the channel and divides its usage-plan rates (benchmarks: 0.1 runs ten
   * times faster than life-like, rate limits included; bursts stay as published).
   */
  timeScale?: number;
  /** The app is in Draft: consent needs version=beta. */
  draft?: boolean;
}

export interface RequestLogEntry {
  /** When the request arrived (the sandbox clock, ms since the epoch). */
  at: number;
  method: string;
  path: string;
  operation: string | null;
  status: number;
}

export const SANDBOX_DEFAULTS = {
  clientId: "amzn1.application-oa2-client.sandbox",
  clientSecret: "sandbox-client-secret",
  applicationId: "amzn1.sp.solution.sandbox",
  sellerId: "A3SANDBOXSELLER",
  storeName: "Assetline Sandbox Store",
  marketplaceId: "ATVPDKIKX0DER",
} as const;

export class AmazonSandboxState {
  readonly opts: Required<AmazonSandboxOptions>;
  readonly lwa: LwaAuthority;
  readonly listings = new Map<string, SandboxListing>();
  /** Where images "already in Amazon's media store" live: the real host, or the sandbox once it listens. */
  mediaOrigin: string = AMAZON_MEDIA_ORIGIN;
  readonly knownMedia = new Map<string, MediaFacts>();
  readonly ingestion: Ingestion;
  readonly requests: RequestLogEntry[] = [];
  private clockOffsetMs = 0;
  private throttles = 0;
  /** Pending injected 5xx answers, each for one operation or (null) any. */
  private failures: Array<string | null> = [];
  private delayMs: number;

  constructor(options: AmazonSandboxOptions = {}) {
    this.opts = {
      ...SANDBOX_DEFAULTS,
      redirectUris: ["https://app.assetline.test/amazon/callback"],
      seedListings: 300,
      accessTokenTtlSec: 3600,
      processingDelayMs: 0,
      timeScale: 1,
      draft: true,
      ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)),
    };
    this.delayMs = this.opts.processingDelayMs * this.opts.timeScale;
    this.lwa = new LwaAuthority({ clientId: this.opts.clientId, clientSecret: this.opts.clientSecret }, () => this.now(), this.opts.accessTokenTtlSec);
    this.ingestion = new Ingestion({ listing: (sku) => this.listings.get(sku), now: () => this.now(), delayMs: () => this.delayMs, knownMedia: this.knownMedia });
    for (const l of seedCatalogue(this.opts.seedListings, this.opts.marketplaceId, new Date(this.now()))) this.addListing(l);
  }

  /** The sandbox clock (token and code expiry, dates): real time plus advanceTime(). */
  now(): number {
    return Date.now() + this.clockOffsetMs;
  }
  advanceTime(ms: number): void {
    this.clockOffsetMs += ms;
  }

  /** The next `n` SP-API calls answer 429 QuotaExceeded. */
  /** Timeout fault: `state.stall.stallNext(n, ms)` — the next n requests get no answer. */
  readonly stall = new StallKnob();

  throttleNext(n = 1): void {
    this.throttles += n;
  }
  /** The next `n` SP-API calls (of `operation`, e.g. "patchListingsItem", when given) answer 503. */
  fail5xxNext(n = 1, operation: string | null = null): void {
    for (let i = 0; i < n; i++) this.failures.push(operation);
  }
  /** Every access token issued so far has expired. */
  expireAccessToken(): void {
    this.lwa.expireAll();
  }
  setProcessingDelay(ms: number): void {
    this.delayMs = ms * this.opts.timeScale;
  }

  createListing(sku: string, opts: { productType?: string; title?: string; externalImages?: number } = {}): SandboxListing {
    const images = Array.from({ length: opts.externalImages ?? 1 }, () => amazonMediaUrl(this.mediaOrigin));
    return this.addListing(newListing(sku, this.opts.marketplaceId, new Date(this.now()), { ...opts, images }));
  }
  deleteListing(sku: string): void {
    this.listings.delete(sku);
  }

  /** A code as the consent page's Approve would hand out (for tests that skip the browser step). */
  authorizationCode(redirectUri = this.opts.redirectUris[0]!): string {
    return this.lwa.issueCode(this.opts.sellerId, redirectUri);
  }

  /** Resolves when all accepted submissions have been processed. */
  idle(): Promise<void> {
    return this.ingestion.idle();
  }

  /** Consumes one injected fault, if any. */
  takeFault(operation: string): "throttle" | "fail" | null {
    if (this.throttles > 0) {
      this.throttles--;
      return "throttle";
    }
    const i = this.failures.findIndex((f) => f === null || f === operation);
    if (i >= 0) {
      this.failures.splice(i, 1);
      return "fail";
    }
    return null;
  }

  /** Points the seeded Amazon-hosted images at `origin` (the sandbox's own stand-in media store). */
  rehostSeededImages(origin: string): void {
    this.mediaOrigin = origin;
    for (const l of this.listings.values())
      for (const values of Object.values(l.attributes))
        if (Array.isArray(values))
          for (const v of values)
            if (v && typeof v === "object" && !Array.isArray(v) && typeof v.media_location === "string" && v.media_location.startsWith(AMAZON_MEDIA_ORIGIN))
              v.media_location = origin + v.media_location.slice(AMAZON_MEDIA_ORIGIN.length);
  }

  private addListing(l: SandboxListing): SandboxListing {
    this.listings.set(l.sku, l);
    for (const v of Object.values(l.attributes)) {
      const loc = Array.isArray(v) && v[0] && typeof v[0] === "object" && !Array.isArray(v[0]) ? v[0].media_location : undefined;
      if (typeof loc === "string") this.knownMedia.set(loc, { width: 1500, height: 1500, whiteBackground: true });
    }
    return l;
  }
}
