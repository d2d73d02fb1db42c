// Everything the sandbox holds, and the knobs tests turn: products, media, jobs, staged uploads,
// tokens, one cost bucket per shop, fault injection and the request log.
import { StallKnob } from "../stall";
import { randomUUID } from "node:crypto";
import { LeakyBucket } from "./cost";
import { gid, type CollectionRecord, type JobRecord, type MediaRecord, type ProductRecord, type RequestLogEntry } from "./model";
import { TokenStore } from "./tokens";

export interface SandboxStateOptions {
  shop?: string;
  /** Products seeded in the default shop, each with 1–3 READY images. */
  seedProducts?: number;
  /** Bucket size and restore rate (points/s); Standard plan by default (CHANNELS.md §1.6). */
  bucket?: { maximumAvailable: number; restoreRate: number };
  /**
   * Refund `requestedQueryCost − actualQueryCost` after a query ran, as Shopify does (§1.6; the actual
   * cost counts the objects returned). Off by default: the whole requested cost is charged.
   */
  refundUnusedCost?: boolean;
  /** Each media processing step (UPLOADED→PROCESSING, PROCESSING→READY) and reorder jobs take this long. */
  processingMs?: number;
  /**
   * Multiplies every delay of the channel and divides the bucket's restore rate (benchmarks: 0.1 runs
   * ten times faster than life-like, rate limit included; the bucket size stays).
   */
  timeScale?: number;
  clientId?: string;
  clientSecret?: string;
  now?: () => number;
}

export const DEFAULT_SHOP = "assetline-sandbox.myshopify.com";

export class ShopifySandboxState {
  readonly products = new Map<string, ProductRecord>();
  readonly collections = new Map<string, CollectionRecord>();
  readonly media = new Map<string, MediaRecord>();
  readonly jobs = new Map<string, JobRecord>();
  /** Staged upload bytes by object key (tmp/<id>/<filename>). */
  readonly staged = new Map<string, { bytes: Buffer; mimeType: string } | null>();
  readonly requests: RequestLogEntry[] = [];
  readonly tokens: TokenStore;
  readonly shop: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly processingMs: number;
  readonly refundUnusedCost: boolean;
  readonly now: () => number;
  /** Set when the server listens: http://127.0.0.1:<port> */
  baseUrl = "";
  private readonly buckets = new Map<string, LeakyBucket>();
  private readonly bucketShape: { maximumAvailable: number; restoreRate: number };
  private counter = 1000;
  private throttleCount = 0;
  private failCount = 0;
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(opts: SandboxStateOptions = {}) {
    this.now = opts.now ?? Date.now;
    this.shop = opts.shop ?? DEFAULT_SHOP;
    this.clientId = opts.clientId ?? "sandbox-client-id";
    this.clientSecret = opts.clientSecret ?? "sandbox-client-secret";
    this.processingMs = (opts.processingMs ?? 25) * (opts.timeScale ?? 1);
    const shape = opts.bucket ?? { maximumAvailable: 2000, restoreRate: 100 };
    this.bucketShape = { maximumAvailable: shape.maximumAvailable, restoreRate: shape.restoreRate / (opts.timeScale ?? 1) };
    this.refundUnusedCost = opts.refundUnusedCost ?? false;
    this.tokens = new TokenStore(this.now);
    this.tokens.issue(this.shop);
    for (let i = 0; i < (opts.seedProducts ?? 300); i++) this.createProduct({ title: `Seed product ${i + 1}`, images: 1 + (i % 3) });
  }

  nextId(): number {
    return ++this.counter;
  }

  /** The current access token of the default shop (what the app holds after install). */
  get accessToken(): string {
    return this.tokens.latestFor(this.shop)!.access_token;
  }
  get refreshToken(): string {
    return this.tokens.latestFor(this.shop)!.refresh_token;
  }

  bucket(shop: string): LeakyBucket {
    let b = this.buckets.get(shop);
    if (!b) {
      b = new LeakyBucket(this.bucketShape.maximumAvailable, this.bucketShape.restoreRate, this.now);
      this.buckets.set(shop, b);
    }
    return b;
  }

  /** A product holding `images` READY images the app did not put there (names are not <sha256>.<ext>). */
  createProduct(opts: { title?: string; images?: number; shop?: string; productType?: string; vendor?: string; tags?: string[] } = {}): ProductRecord {
    const n = this.nextId();
    const shop = opts.shop ?? this.shop;
    const product: ProductRecord = {
      id: gid("Product", n),
      shop,
      title: opts.title ?? `Product ${n}`,
      handle: `product-${n}`,
      status: "ACTIVE",
      sku: `SKU-${n}`,
      mediaIds: [],
      productType: opts.productType ?? "",
      vendor: opts.vendor ?? "",
      tags: opts.tags ?? [],
      updatedAt: new Date(this.now()).toISOString(),
    };
    for (let k = 0; k < (opts.images ?? 1); k++) {
      const m = this.newMedia(shop, `product-${n}-${k + 1}.jpg`, `https://example.com/seed/product-${n}-${k + 1}.jpg`);
      Object.assign(m, { status: "READY", width: 2048, height: 2048, mimeType: "image/jpeg" } satisfies Partial<MediaRecord>);
      product.mediaIds.push(m.id);
    }
    this.products.set(product.id, product);
    return product;
  }

  /** Changes a product's catalogue fields as a merchant would in the admin (updatedAt moves on). */
  updateProduct(id: string, patch: Partial<Pick<ProductRecord, "title" | "productType" | "vendor" | "tags">>): ProductRecord {
    const p = this.products.get(id);
    if (!p) throw new Error(`no product ${id}`);
    Object.assign(p, patch, { updatedAt: new Date(this.now()).toISOString() });
    return p;
  }

  /** A collection of the shop holding these products (created on first use, by title). */
  addToCollection(title: string, productIds: string[], shop = this.shop): CollectionRecord {
    let c = [...this.collections.values()].find((x) => x.shop === shop && x.title === title);
    if (!c) {
      const n = this.nextId();
      c = { id: gid("Collection", n), shop, title, handle: title.toLowerCase().replace(/[^a-z0-9]+/g, "-"), productIds: [] };
      this.collections.set(c.id, c);
    }
    for (const id of productIds) if (!c.productIds.includes(id)) c.productIds.push(id);
    return c;
  }

  /** A new MediaImage record (UPLOADED); the filename gets Shopify's _<uuid> suffix when taken. */
  newMedia(shop: string, filename: string, originalSource: string): MediaRecord {
    const at = new Date(this.now()).toISOString();
    const m: MediaRecord = {
      id: gid("MediaImage", this.nextId()),
      shop,
      filename: this.uniqueFilename(shop, filename),
      alt: null,
      status: "UPLOADED",
      originalSource,
      version: 1,
      width: null,
      height: null,
      mimeType: null,
      bytes: null,
      errors: [],
      op: 0,
      createdAt: at,
      updatedAt: at,
    };
    this.media.set(m.id, m);
    return m;
  }

  uniqueFilename(shop: string, filename: string, except?: string): string {
    const taken = [...this.media.values()].some((m) => m.shop === shop && m.filename === filename && m.id !== except);
    if (!taken) return filename;
    const dot = filename.lastIndexOf(".");
    const suffix = `_${randomUUID()}`;
    return dot > 0 ? `${filename.slice(0, dot)}${suffix}${filename.slice(dot)}` : `${filename}${suffix}`;
  }

  newJob(): JobRecord {
    const job = { id: gid("Job", randomUUID()), done: false };
    this.jobs.set(job.id, job);
    return job;
  }

  /** Runs `fn` later; cancelled by close() (also when scheduled after it, by a download finishing late). */
  later(ms: number, fn: () => void | Promise<void>): void {
    if (this.closed) return;
    const t = setTimeout(() => {
      this.timers.delete(t);
      void fn();
    }, ms);
    this.timers.add(t);
  }

  // ---- knobs -------------------------------------------------------------------------------------

  /** The next n GraphQL calls answer THROTTLED, as if the shop's bucket were empty (it is emptied). */
  /** Timeout fault: `state.stall.stallNext(n, ms)` — the next n requests get no answer. */
  readonly stall = new StallKnob();

  throttleNext(n = 1): void {
    this.throttleCount += n;
  }
  /** The next n requests (any endpoint) answer HTTP 503. */
  fail5xxNext(n = 1): void {
    this.failCount += n;
  }
  /** Every access token of the shop expires: calls answer HTTP 401 until a refresh. */
  expireToken(shop = this.shop): void {
    this.tokens.expire(shop);
  }
  deleteProduct(id: string): void {
    this.products.delete(id);
  }
  /** Someone edits the image on Shopify: new content, same media id (drift). */
  editOnChannel(mediaId: string): void {
    const m = this.media.get(mediaId);
    if (m) {
      m.version++;
      m.filename = this.uniqueFilename(m.shop, `edited-${m.version}.jpg`, m.id);
      m.bytes = null; // someone else's photo: the CDN serves a stand-in picture of its own for it
    }
  }
  get refreshes(): number {
    return this.tokens.refreshes;
  }

  takeThrottle(): boolean {
    if (this.throttleCount <= 0) return false;
    this.throttleCount--;
    return true;
  }
  takeFailure(): boolean {
    if (this.failCount <= 0) return false;
    this.failCount--;
    return true;
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
