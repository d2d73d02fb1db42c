// Shopify's calculated-cost leaky bucket (CHANNELS.md §1.6), one per shop: wait for the points a query
// may cost before sending it, then take the shop's real state from every response's
// extensions.cost.throttleStatus, so the local copy never drifts far from Shopify's.
import { ChannelError } from "../channel";
import { systemNow, systemSleep, type Now, type Sleep } from "./clock";
import { acquire, DEFAULT_MAX_WAIT_MS, Reservoir, type TakeOptions } from "./reservoir";
import { isThrottledBody, readQueryCost } from "./shopify-cost";

export interface CostBucketShape {
  maximumAvailable: number;
  /** Points per second. */
  restoreRate: number;
}

/**
 * Assumed until a shop's first response says otherwise: Standard plan restores 100 pts/s, and the bucket
 * is 20 × the restore rate (CHANNELS.md §1.6 marks the size uncertain; throttleStatus corrects it).
 */
export const SHOPIFY_STANDARD_BUCKET: Readonly<CostBucketShape> = Object.freeze({ maximumAvailable: 2000, restoreRate: 100 });

export interface CostBucketOptions {
  initial?: CostBucketShape;
  /** Longest a `take` waits in process before it throws `throttled` instead (default 10 s). */
  maxWaitMs?: number;
  now?: Now;
  sleep?: Sleep;
}

/** What `record` needs from a GraphQL response: its HTTP status and its parsed JSON body. */
export interface GraphqlResult {
  status?: number;
  body: unknown;
}

/** Used when Shopify throttles without saying by how much (a bare 429). */
const FALLBACK_THROTTLE_MS = 1000;

export class ShopifyCostBuckets {
  private readonly buckets = new Map<string, Reservoir>();
  /** Points reserved by queries of this process sent and not answered yet, per shop. */
  private readonly inflight = new Map<string, number>();
  private readonly now: Now;
  private readonly sleep: Sleep;
  private readonly maxWaitMs: number;
  private readonly initial: CostBucketShape;

  constructor(opts: CostBucketOptions = {}) {
    this.now = opts.now ?? systemNow;
    this.sleep = opts.sleep ?? systemSleep;
    this.maxWaitMs = opts.maxWaitMs ?? DEFAULT_MAX_WAIT_MS;
    this.initial = opts.initial ?? SHOPIFY_STANDARD_BUCKET;
  }

  /**
   * Waits until the shop's bucket holds `estimatedCost` points and reserves them (Shopify needs the
   * requested cost up front). Throws ChannelError('throttled', retryAfterMs) when the wait would exceed
   * maxWaitMs.
   */
  async take(shop: string, estimatedCost: number, opts: TakeOptions = {}): Promise<void> {
    // Counted from the moment it is reserved, waiting included: a response's throttleStatus overwrites the
    // level, and reservations still waiting their turn would otherwise be forgotten and the bucket
    // overdrawn (N=1,000: three in four gallery reads met THROTTLED).
    this.inflight.set(shop, (this.inflight.get(shop) ?? 0) + estimatedCost);
    try {
      await acquire(this.bucket(shop), estimatedCost, {
        now: this.now,
        sleep: this.sleep,
        maxWaitMs: opts.maxWaitMs ?? this.maxWaitMs,
        signal: opts.signal,
        label: `shopify ${shop}`,
      });
    } catch (e) {
      this.settle(shop, estimatedCost);
      throw e;
    }
  }

  /** A query `take` reserved for ended without a response to `record` (network failure): no longer in flight. */
  settle(shop: string, estimatedCost: number): void {
    const left = Math.max(0, (this.inflight.get(shop) ?? 0) - estimatedCost);
    if (left > 0) this.inflight.set(shop, left);
    else this.inflight.delete(shop);
  }

  /**
   * Updates the shop's bucket from a response, then throws ChannelError('throttled') when Shopify
   * refused the query (errors[].extensions.code THROTTLED, on HTTP 200 or 429), with retryAfterMs =
   * (requestedQueryCost − currentlyAvailable) / restoreRate.
   */
  record(shop: string, result: GraphqlResult, estimatedCost?: number): void {
    const b = this.bucket(shop);
    const now = this.now();
    if (estimatedCost !== undefined) this.settle(shop, estimatedCost);
    const cost = readQueryCost(result.body);
    const throttled = isThrottledBody(result.body) || result.status === 429;

    if (cost?.throttleStatus) {
      // Shopify's own count already includes this query's actual cost: it replaces our estimate, less
      // what our other queries still in flight reserved (Shopify may not have seen them yet). Forgetting
      // them let a busy worker overdraw the bucket and meet THROTTLED on a fifth of its reads.
      const t = cost.throttleStatus;
      b.set({ capacity: t.maximumAvailable, ratePerSec: t.restoreRate, level: t.currentlyAvailable - (this.inflight.get(shop) ?? 0) }, now);
    } else if (cost?.requestedQueryCost != null) {
      // No status: apply Shopify's refund rule (requested − actual; all of it when the query never ran).
      const charged = cost.actualQueryCost ?? (throttled ? 0 : cost.requestedQueryCost);
      b.refund(Math.max(0, cost.requestedQueryCost - charged), now);
    }
    if (!throttled) return;

    const needed = cost?.requestedQueryCost ?? estimatedCost ?? 0;
    const waitMs = b.waitFor(needed, now);
    throw new ChannelError("throttled", `shopify ${shop}: query throttled (needs ${needed} points)`, {
      retryAfterMs: waitMs > 0 ? waitMs : FALLBACK_THROTTLE_MS,
      channelCode: "THROTTLED",
    });
  }

  /** Points available now (negative while callers are queued); for tests and diagnostics. */
  available(shop: string): number {
    return this.bucket(shop).available(this.now());
  }

  private bucket(shop: string): Reservoir {
    let b = this.buckets.get(shop);
    if (!b) {
      b = new Reservoir(this.initial.maximumAvailable, this.initial.restoreRate, this.now());
      this.buckets.set(shop, b);
    }
    return b;
  }
}
