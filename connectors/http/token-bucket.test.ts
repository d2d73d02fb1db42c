import { describe, expect, it } from "vitest";
import { ChannelError } from "../channel";
import { AMAZON_USAGE_PLANS, readAmazonRateLimit } from "./amazon-usage-plans";
import { fakeClock } from "./fake-clock";
import { scaleRates, TokenBucketLimiter } from "./token-bucket";

const PATCH = { accountId: "acct_1", operation: "patchListingsItem" }; // 5 rps, burst 5

function limiter(maxWaitMs = 10_000) {
  const clock = fakeClock();
  return { clock, limiter: new TokenBucketLimiter({ limits: AMAZON_USAGE_PLANS, maxWaitMs, now: clock.now, sleep: clock.sleep }) };
}

async function drainBurst(l: TokenBucketLimiter, key = PATCH, n = 5) {
  for (let i = 0; i < n; i++) await l.take(key);
}

describe("AMAZON_USAGE_PLANS", () => {
  it("has the listings items usage plans of listingsItems_2021-08-01.json", () => {
    expect(AMAZON_USAGE_PLANS.patchListingsItem).toEqual({ rate: 5, burst: 5 });
    expect(AMAZON_USAGE_PLANS.getListingsItem).toEqual({ rate: 5, burst: 10 });
    expect(AMAZON_USAGE_PLANS.putListingsItem).toEqual({ rate: 5, burst: 10 });
    expect(AMAZON_USAGE_PLANS.searchListingsItems).toEqual({ rate: 5, burst: 5 });
    expect(AMAZON_USAGE_PLANS.deleteListingsItem).toEqual({ rate: 5, burst: 5 });
  });
  it("reads x-amzn-RateLimit-Limit, ignoring absent or unusable values", () => {
    expect(readAmazonRateLimit(new Headers({ "x-amzn-RateLimit-Limit": "2.0" }))).toBe(2);
    expect(readAmazonRateLimit(new Headers())).toBeNull();
    expect(readAmazonRateLimit(new Headers({ "x-amzn-RateLimit-Limit": "" }))).toBeNull();
    expect(readAmazonRateLimit(new Headers({ "x-amzn-RateLimit-Limit": "fast" }))).toBeNull();
  });
});

describe("scaleRates", () => {
  it("multiplies every rate and keeps the bursts; 1 changes nothing; refuses a factor that is not above 0", () => {
    expect(scaleRates(AMAZON_USAGE_PLANS, 10).patchListingsItem).toEqual({ rate: 50, burst: 5 });
    expect(scaleRates(AMAZON_USAGE_PLANS, 1)).toEqual(AMAZON_USAGE_PLANS);
    expect(() => scaleRates(AMAZON_USAGE_PLANS, 0)).toThrow(RangeError);
  });
});

describe("TokenBucketLimiter", () => {
  it("lets the burst through at once, then waits 1/rate per token", async () => {
    const { clock, limiter: l } = limiter();
    await drainBurst(l);
    expect(clock.slept).toEqual([]);
    await l.take(PATCH);
    expect(clock.slept).toEqual([200]);
    clock.advance(1000); // refills 5 tokens, capped at burst
    await drainBurst(l);
    expect(clock.slept).toEqual([200]);
  });

  it("queues concurrent callers one behind the other", async () => {
    const clock = fakeClock();
    const waits: number[] = [];
    const l = new TokenBucketLimiter({ limits: AMAZON_USAGE_PLANS, now: clock.now, sleep: async (ms) => void waits.push(ms) });
    await Promise.all(Array.from({ length: 8 }, () => l.take(PATCH)));
    expect(waits).toEqual([200, 400, 600]);
  });

  it("throws throttled with retryAfterMs, taking nothing, when the wait would exceed maxWaitMs", async () => {
    const { clock, limiter: l } = limiter(500);
    await drainBurst(l);
    const e = await l.take(PATCH, 3).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(ChannelError);
    expect((e as ChannelError).kind).toBe("throttled");
    expect((e as ChannelError).retryAfterMs).toBe(600);
    expect(l.available(PATCH)).toBe(0);
    expect(clock.slept).toEqual([]);
    await expect(l.take(PATCH, 1, { maxWaitMs: 0 })).rejects.toMatchObject({ kind: "throttled", retryAfterMs: 200 });
  });

  it("keeps accounts and operations apart", async () => {
    const { clock, limiter: l } = limiter();
    await drainBurst(l);
    await drainBurst(l, { accountId: "acct_2", operation: "patchListingsItem" });
    await drainBurst(l, { accountId: "acct_1", operation: "getListingsItem" }, 10);
    expect(clock.slept).toEqual([]);
    expect(l.available(PATCH)).toBe(0);
  });

  it("empties the bucket on a 429, and goes into debt for its Retry-After", async () => {
    const { clock, limiter: l } = limiter();
    expect(l.available(PATCH)).toBe(5);
    l.drain(PATCH);
    expect(l.available(PATCH)).toBe(0);
    await l.take(PATCH);
    expect(clock.slept).toEqual([200]);
    l.drain(PATCH, 2000);
    await l.take(PATCH);
    expect(clock.slept).toEqual([200, 2200]);
  });

  it("follows the live rate from x-amzn-RateLimit-Limit", async () => {
    const { clock, limiter: l } = limiter();
    l.setRate(PATCH, readAmazonRateLimit(new Headers({ "x-amzn-RateLimit-Limit": "2" }))!);
    l.setRate(PATCH, Number.NaN); // ignored
    await drainBurst(l);
    await l.take(PATCH);
    expect(clock.slept).toEqual([500]);
  });

  it("gives the tokens back when the caller aborts while waiting", async () => {
    const clock = fakeClock();
    const ac = new AbortController();
    const l = new TokenBucketLimiter({
      limits: AMAZON_USAGE_PLANS,
      now: clock.now,
      sleep: async (_ms, signal) => {
        ac.abort(new Error("stop"));
        signal?.throwIfAborted();
      },
    });
    await drainBurst(l);
    await expect(l.take(PATCH, 2, { signal: ac.signal })).rejects.toThrow("stop");
    expect(l.available(PATCH)).toBe(0);
  });

  it("needs a declared limit or a fallback", async () => {
    const { limiter: l } = limiter();
    await expect(l.take({ accountId: "a", operation: "getOrders" })).rejects.toThrow(/No rate limit/);
    const clock = fakeClock();
    const tiktok = new TokenBucketLimiter({ limits: {}, fallback: { rate: 50, burst: 50 }, now: clock.now, sleep: clock.sleep });
    await tiktok.take({ accountId: "shop", operation: "partial_edit" }, 50);
    await tiktok.take({ accountId: "shop", operation: "partial_edit" });
    expect(clock.slept).toEqual([20]);
  });
});
