import { describe, expect, it } from "vitest";
import { ChannelError } from "../channel";
import { ShopifyCostBuckets } from "./cost-bucket";
import { fakeClock } from "./fake-clock";
import { isThrottledBody, readQueryCost } from "./shopify-cost";

const SHOP = "a.myshopify.com";

function buckets(maxWaitMs = 60_000) {
  const clock = fakeClock();
  return { clock, b: new ShopifyCostBuckets({ initial: { maximumAvailable: 1000, restoreRate: 50 }, maxWaitMs, now: clock.now, sleep: clock.sleep }) };
}

const ok = (requested: number, actual: number, currentlyAvailable: number, maximumAvailable = 2000, restoreRate = 100) => ({
  data: {},
  extensions: { cost: { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: { maximumAvailable, currentlyAvailable, restoreRate } } },
});

const throttledBody = (requested: number, currentlyAvailable: number, restoreRate = 100) => ({
  errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" } }],
  extensions: { cost: { requestedQueryCost: requested, actualQueryCost: null, throttleStatus: { maximumAvailable: 2000, currentlyAvailable, restoreRate } } },
});

function thrown(f: () => void): ChannelError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ChannelError);
    return e as ChannelError;
  }
  throw new Error("did not throw");
}

describe("shopify cost report", () => {
  it("reads extensions.cost and THROTTLED, tolerating malformed bodies", () => {
    expect(readQueryCost(ok(10, 4, 1996))).toEqual({ requestedQueryCost: 10, actualQueryCost: 4, throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 1996, restoreRate: 100 } });
    expect(readQueryCost(throttledBody(500, 100))?.actualQueryCost).toBeNull();
    expect(readQueryCost({ extensions: { cost: { throttleStatus: { maximumAvailable: "x" } } } })).toEqual({ requestedQueryCost: null, actualQueryCost: null, throttleStatus: null });
    expect(readQueryCost("<html>")).toBeNull();
    expect(isThrottledBody(throttledBody(1, 0))).toBe(true);
    expect(isThrottledBody({ errors: [{ message: "x", extensions: { code: "ACCESS_DENIED" } }] })).toBe(false);
    expect(isThrottledBody(null)).toBe(false);
  });
});

describe("ShopifyCostBuckets", () => {
  it("waits for the points by the restore rate before a query", async () => {
    const { clock, b } = buckets();
    await b.take(SHOP, 900);
    expect(clock.slept).toEqual([]);
    await b.take(SHOP, 200); // 100 short at 50 pts/s
    expect(clock.slept).toEqual([2000]);
  });

  it("takes the shop's real state from throttleStatus", async () => {
    const { clock, b } = buckets();
    await b.take(SHOP, 50);
    b.record(SHOP, { status: 200, body: ok(50, 12, 300) }, 50);
    expect(b.available(SHOP)).toBe(300);
    await b.take(SHOP, 500); // 200 short at the new 100 pts/s
    expect(clock.slept).toEqual([2000]);
    clock.advance(60_000);
    expect(b.available(SHOP)).toBe(2000); // the new maximum
  });

  it("keeps the points of its own queries still in flight out of what throttleStatus reports", async () => {
    const { clock, b } = buckets();
    await b.take(SHOP, 40);
    await b.take(SHOP, 40);
    await b.take(SHOP, 40);
    // The first answer says 1990 are left: Shopify has not seen the other two yet.
    b.record(SHOP, { status: 200, body: ok(40, 10, 1990) }, 40);
    expect(b.available(SHOP)).toBe(1910);
    b.record(SHOP, { status: 200, body: ok(40, 10, 1980) }, 40);
    expect(b.available(SHOP)).toBe(1940);
    b.settle(SHOP, 40); // the third failed on the network
    b.record(SHOP, { status: 200, body: ok(40, 10, 1970) }, undefined);
    expect(b.available(SHOP)).toBe(1970);
    expect(clock.slept).toEqual([]);
  });

  it("a reservation still waiting its turn is not forgotten when a response reports the shop's level", async () => {
    const { clock, b } = buckets();
    await b.take(SHOP, 1000); // the bucket (1000 at 50/s) is empty
    const waiting = b.take(SHOP, 500); // reserved, waits 10 s
    await Promise.resolve();
    // The first query's answer: Shopify has 0 left; the waiting 500 must still count against what comes back.
    b.record(SHOP, { status: 200, body: ok(1000, 1000, 0, 1000, 50) }, 1000);
    expect(b.available(SHOP)).toBe(-500);
    clock.advance(10_000);
    await waiting;
    b.record(SHOP, { status: 200, body: ok(500, 500, 0, 1000, 50) }, 500);
    expect(b.available(SHOP)).toBe(0);
  });

  it("refunds requested − actual when a response has no throttleStatus", async () => {
    const { b } = buckets();
    await b.take(SHOP, 100);
    b.record(SHOP, { status: 200, body: { data: {}, extensions: { cost: { requestedQueryCost: 100, actualQueryCost: 30 } } } });
    expect(b.available(SHOP)).toBe(970);
  });

  it("turns THROTTLED in an HTTP 200 body into throttled, waiting (requested − available) / restoreRate", async () => {
    const { clock, b } = buckets();
    await b.take(SHOP, 500);
    const e = thrown(() => b.record(SHOP, { status: 200, body: throttledBody(500, 200) }, 500));
    expect(e.kind).toBe("throttled");
    expect(e.channelCode).toBe("THROTTLED");
    expect(e.retryAfterMs).toBe(3000);
    await b.take(SHOP, 500); // the local bucket agrees
    expect(clock.slept).toEqual([3000]);
  });

  it("handles THROTTLED sent with HTTP 429, and a bare 429 without a cost report", async () => {
    const { b } = buckets();
    expect(thrown(() => b.record(SHOP, { status: 429, body: throttledBody(300, 0) })).retryAfterMs).toBe(3000);
    const other = "b.myshopify.com";
    await b.take(other, 1000); // bucket now empty at 50 pts/s
    const e = thrown(() => b.record(other, { status: 429, body: null }, 100));
    expect(e.kind).toBe("throttled");
    expect(e.retryAfterMs).toBe(2000);
    expect(thrown(() => b.record(other, { status: 429, body: "Too Many Requests" })).retryAfterMs).toBe(1000); // nothing to go on: 1 s
  });

  it("keeps one bucket per shop", async () => {
    const { clock, b } = buckets();
    await b.take(SHOP, 1000);
    await b.take("b.myshopify.com", 1000);
    expect(clock.slept).toEqual([]);
    expect(b.available(SHOP)).toBe(0);
  });

  it("throws throttled instead of waiting longer than maxWaitMs", async () => {
    const { clock, b } = buckets(5_000);
    await b.take(SHOP, 1000);
    await expect(b.take(SHOP, 500)).rejects.toMatchObject({ kind: "throttled", retryAfterMs: 10_000 });
    expect(clock.slept).toEqual([]);
    expect(b.available(SHOP)).toBe(0);
  });
});
