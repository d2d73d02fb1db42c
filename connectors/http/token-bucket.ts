// Client-side token buckets, one per (account, operation), mirroring the channel's own usage plans
// (Amazon SP-API, TikTok): waiting here is cheaper than a 429, and a 429 or a rate header from the
// channel corrects the local picture.
import { systemNow, systemSleep, type Now, type Sleep } from "./clock";
import { acquire, DEFAULT_MAX_WAIT_MS, Reservoir, type TakeOptions } from "./reservoir";

/** `rate` tokens per second refill a bucket holding at most `burst`. */
export interface RateLimit {
  rate: number;
  burst: number;
}

/**
 * The same table with every rate multiplied by `factor` and bursts unchanged: for a channel that runs
 * faster than life (a benchmark's sandboxes); factor 1 gives the table back as it is.
 */
export function scaleRates<K extends string>(limits: Readonly<Record<K, RateLimit>>, factor: number): Record<K, RateLimit> {
  if (!(factor > 0) || !Number.isFinite(factor)) throw new RangeError(`rate factor must be a finite number > 0, got ${factor}`);
  return Object.fromEntries(Object.entries<RateLimit>(limits).map(([op, l]) => [op, { rate: l.rate * factor, burst: l.burst }])) as Record<K, RateLimit>;
}

/** Limits are per selling partner account and per API operation (SP-API usage plans are). */
export interface BucketKey {
  accountId: string;
  operation: string;
}

export interface TokenBucketOptions {
  /** Default limit per operation name, e.g. AMAZON_USAGE_PLANS. */
  limits: Readonly<Record<string, RateLimit>>;
  /** For operations missing from `limits`; without it such an operation is a programming error. */
  fallback?: RateLimit;
  /** Longest a `take` waits in process before it throws `throttled` instead (default 10 s). */
  maxWaitMs?: number;
  now?: Now;
  sleep?: Sleep;
}

export class TokenBucketLimiter {
  private readonly buckets = new Map<string, Reservoir>();
  private readonly now: Now;
  private readonly sleep: Sleep;
  private readonly maxWaitMs: number;

  constructor(private readonly opts: TokenBucketOptions) {
    this.now = opts.now ?? systemNow;
    this.sleep = opts.sleep ?? systemSleep;
    this.maxWaitMs = opts.maxWaitMs ?? DEFAULT_MAX_WAIT_MS;
  }

  /**
   * Waits until `cost` tokens are available for `key` and takes them. Throws ChannelError('throttled',
   * retryAfterMs) without taking anything when the wait would exceed maxWaitMs; rejects with the
   * signal's reason (and gives the tokens back) when the signal aborts during the wait.
   */
  async take(key: BucketKey, cost = 1, opts: TakeOptions = {}): Promise<void> {
    return acquire(this.bucket(key), cost, {
      now: this.now,
      sleep: this.sleep,
      maxWaitMs: opts.maxWaitMs ?? this.maxWaitMs,
      signal: opts.signal,
      label: `${key.accountId} ${key.operation}`,
    });
  }

  /**
   * Live rate from the channel (Amazon's x-amzn-RateLimit-Limit): the applied plan can differ from the
   * default table. Unusable values are ignored because the header is best-effort.
   */
  setRate(key: BucketKey, rate: number): void {
    if (!(rate > 0) || !Number.isFinite(rate)) return;
    this.bucket(key).set({ ratePerSec: rate }, this.now());
  }

  /**
   * The channel said 429: its bucket is empty whatever we counted, so ours is too. With `retryAfterMs`
   * the bucket goes that far into debt, so the next `take` waits at least that long.
   */
  drain(key: BucketKey, retryAfterMs = 0): void {
    const b = this.bucket(key);
    const now = this.now();
    const debt = (Math.max(0, retryAfterMs) / 1000) * b.rate;
    b.set({ level: Math.min(0, b.available(now)) - debt }, now);
  }

  /** Tokens available now (negative while callers are queued); for tests and diagnostics. */
  available(key: BucketKey): number {
    return this.bucket(key).available(this.now());
  }

  private bucket(key: BucketKey): Reservoir {
    // JSON of a tuple: no separator an account id or operation name could contain can collide.
    const id = JSON.stringify([key.accountId, key.operation]);
    let b = this.buckets.get(id);
    if (!b) {
      const limit = this.opts.limits[key.operation] ?? this.opts.fallback;
      if (!limit) throw new Error(`No rate limit declared for operation ${key.operation}`);
      b = new Reservoir(limit.burst, limit.rate, this.now());
      this.buckets.set(id, b);
    }
    return b;
  }
}
