// What the sandboxes show and what they were asked, read from their own state and request logs (never
// from the app's database): whether a listing shows a rendition, when the first write of a propagation
// arrived, and how many calls of each operation it took.
import type { ChannelId } from "../../connectors/channel";
import type { BenchSandboxes } from "./sandboxes";

/** The rendition a channel gets for a version: its sha256 (the name or URL carries it) and extension. */
export interface Shown {
  sha: string;
  ext: string;
}

/** Indexes into each sandbox's request log: what came after a moment. */
export type LogMarks = Record<ChannelId, number>;

export const logMarks = (s: BenchSandboxes): LogMarks => ({ shopify: s.shopify.state.requests.length, amazon: s.amazon.state.requests.length, tiktok: s.tiktok.state.requests.length });

/** Shopify: the product's first media is READY and named `<sha>.<ext>` (Shopify adds _<uuid> to a name the shop already has). */
export function shopifyShows(s: BenchSandboxes, productId: string, r: Shown): boolean {
  const first = s.shopify.state.products.get(productId)?.mediaIds[0];
  const m = first ? s.shopify.state.media.get(first) : undefined;
  return m?.status === "READY" && (m.filename === `${r.sha}.${r.ext}` || (m.filename.startsWith(`${r.sha}_`) && m.filename.endsWith(`.${r.ext}`)));
}

/** Amazon: the MAIN locator is our URL (applied only once processed) and carries no issue. */
export function amazonShows(s: BenchSandboxes, sku: string, r: Shown): boolean {
  const l = s.amazon.state.listings.get(sku);
  const main = l?.attributes.main_product_image_locator;
  const first = Array.isArray(main) ? main[0] : undefined;
  const loc = first && typeof first === "object" && !Array.isArray(first) ? first.media_location : undefined;
  return typeof loc === "string" && loc.includes(r.sha) && !l!.imageIssues.has("main_product_image_locator");
}

/** TikTok: the first main image is one of `uris` (our uploads of the rendition) and the audit is over. */
export function tiktokShows(s: BenchSandboxes, productId: string, uris: ReadonlySet<string>): boolean {
  const p = s.tiktok.state.products.get(productId);
  return p?.status === "ACTIVATE" && uris.has(p.mainImages[0] ?? "");
}

/** The first main image uri of each product (to map through the app's ChannelMedia). */
export const tiktokFirstUri = (s: BenchSandboxes, productId: string): string | null => s.tiktok.state.products.get(productId)?.mainImages[0] ?? null;

const SHOPIFY_WRITE = /\b(fileUpdate|productUpdate|productCreateMedia|productSet)\s*\(/;
const TIKTOK_UPLOAD = "/product/202309/images/upload";
const TIKTOK_EDIT = /^\/product\/202309\/products\/\d+\/partial_edit$/;

/**
 * When (sandbox clock, ms) the first write carrying `r` reached each channel after `marks`: Shopify's
 * first product media mutation naming the rendition, Amazon's first patchListingsItem, TikTok's first
 * image upload or partial_edit. Null while there was none.
 */
export function firstWrites(s: BenchSandboxes, marks: LogMarks, shopifyRendition: Shown): Record<ChannelId, number | null> {
  const min = (xs: number[]) => (xs.length ? Math.min(...xs) : null);
  return {
    shopify: min(
      s.shopify.state.requests
        .slice(marks.shopify)
        .filter((e) => e.query && /^\s*(#graphql\s*)?mutation\b/.test(e.query) && SHOPIFY_WRITE.test(e.query) && JSON.stringify(e.variables ?? {}).includes(shopifyRendition.sha))
        .map((e) => e.at),
    ),
    amazon: min(s.amazon.state.requests.slice(marks.amazon).filter((e) => e.operation === "patchListingsItem").map((e) => e.at)),
    tiktok: min(s.tiktok.state.requests.slice(marks.tiktok).filter((e) => e.method === "POST" && (e.path === TIKTOK_UPLOAD || TIKTOK_EDIT.test(e.path))).map((e) => e.at)),
  };
}

export interface CallCount {
  operation: string;
  calls: number;
  /** Answered 429 / THROTTLED (included in calls). */
  throttled: number;
  /** Shopify: points charged (actualQueryCost). */
  points?: number;
}

function tiktokOperation(method: string, path: string): string {
  if (path === TIKTOK_UPLOAD) return "uploadProductImage";
  if (TIKTOK_EDIT.test(path)) return "partialEditProduct";
  if (method === "GET" && /^\/product\/202309\/products\/\d+$/.test(path)) return "getProduct";
  if (path.endsWith("/products/search")) return "searchProducts";
  return `${method} ${path}`;
}

/** Calls per channel and operation in the logs between `from` and `to` (index marks), most first. */
export function callCounts(s: BenchSandboxes, from: LogMarks, to: LogMarks): Record<ChannelId, CallCount[]> {
  const tally = <E>(entries: E[], op: (e: E) => string, throttled: (e: E) => boolean, points?: (e: E) => number) => {
    const m = new Map<string, CallCount>();
    for (const e of entries) {
      const k = op(e);
      const c = m.get(k) ?? { operation: k, calls: 0, throttled: 0, ...(points ? { points: 0 } : {}) };
      c.calls++;
      if (throttled(e)) c.throttled++;
      if (points && c.points !== undefined) c.points += points(e);
      m.set(k, c);
    }
    return [...m.values()].sort((a, b) => b.calls - a.calls);
  };
  return {
    shopify: tally(
      s.shopify.state.requests.slice(from.shopify, to.shopify),
      (e) => (e.query ? (/\b(?:query|mutation)\s+(\w+)/.exec(e.query)?.[1] ?? "graphql") : `${e.method} ${e.path.startsWith("/staged/") ? "staged upload" : e.path}`),
      (e) => (e.errorCodes ?? []).includes("THROTTLED") || e.status === 429,
      (e) => e.cost?.actual ?? 0,
    ),
    amazon: tally(
      s.amazon.state.requests.slice(from.amazon, to.amazon),
      (e) => e.operation ?? `${e.method} ${e.path}`,
      (e) => e.status === 429,
    ),
    tiktok: tally(
      s.tiktok.state.requests.slice(from.tiktok, to.tiktok),
      (e) => tiktokOperation(e.method, e.path),
      (e) => e.status === 429,
    ),
  };
}
