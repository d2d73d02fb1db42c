import { describe, expect, it } from "vitest";
import { ChannelError } from "../channel";
import { fakeClock } from "./fake-clock";
import { httpRequest, type FetchLike, type HttpPolicy } from "./fetch";

type Step = Response | Error | ((init: RequestInit) => Promise<Response>);

/** A fetch that plays `steps` in order (the last one repeats) and records every call. */
function fakeFetch(...steps: Step[]) {
  const calls: Array<{ url: string; init: RequestInit }> = [];
  const fetch: FetchLike = async (url, init) => {
    calls.push({ url, init });
    const step = steps[Math.min(calls.length, steps.length) - 1];
    if (step instanceof Response) return step.clone();
    if (step instanceof Error) throw step;
    return step(init);
  };
  return { fetch, calls };
}

/** Per-attempt timeouts the test fires by hand instead of waiting for them. */
function manualTimeouts() {
  const controllers: AbortController[] = [];
  return {
    timeoutSignal: () => {
      const c = new AbortController();
      controllers.push(c);
      return c.signal;
    },
    fire: () => controllers.at(-1)!.abort(new DOMException("The operation timed out.", "TimeoutError")),
  };
}

/** A fetch in flight that only ends when its signal aborts (as real fetch does). */
const untilAborted = (signal: AbortSignal | null | undefined) =>
  new Promise<Response>((_, reject) => signal?.addEventListener("abort", () => reject(signal.reason), { once: true }));

const status = (code: number, headers: Record<string, string> = {}) => new Response(code === 204 ? null : `{"status":${code}}`, { status: code, headers });

function setup(steps: Step[], extra: HttpPolicy = {}) {
  const f = fakeFetch(...steps);
  const clock = fakeClock();
  const timeouts = manualTimeouts();
  const policy: HttpPolicy = { fetch: f.fetch, sleep: clock.sleep, now: clock.now, random: () => 0.5, timeoutSignal: timeouts.timeoutSignal, baseDelayMs: 100, maxDelayMs: 1000, ...extra };
  return { ...f, clock, timeouts, policy };
}

const GET = { method: "GET", url: "https://sellingpartnerapi-na.amazon.com/listings/2021-08-01/items/S1/SKU1?marketplaceIds=X", idempotent: true, operation: "amazon.getListingsItem" } as const;
const POST = { method: "POST", url: "https://shop.example/admin/api/2025-01/graphql.json", idempotent: false, body: '{"query":"mutation"}', operation: "shopify.productUpdate" } as const;

async function caught(p: Promise<unknown>): Promise<ChannelError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ChannelError);
  return e as ChannelError;
}

describe("httpRequest", () => {
  it("retries an idempotent GET after a 502 and returns the success, body readable", async () => {
    const t = setup([status(502), new Response('{"sku":"SKU1"}', { status: 200, headers: { "content-type": "application/json" } })]);
    const res = await httpRequest(GET, t.policy);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ sku: "SKU1" });
    expect(t.calls).toHaveLength(2);
    expect(t.clock.slept).toEqual([50]); // full jitter: random 0.5 × base 100
  });

  it("sends method, headers and body, with a signal, and returns other statuses for the connector to map", async () => {
    const t = setup([new Response('{"errors":[{"code":"NOT_FOUND"}]}', { status: 404 })]);
    const res = await httpRequest({ ...POST, headers: { "x-access-token": "secret" } }, t.policy);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ errors: [{ code: "NOT_FOUND" }] });
    expect(t.calls).toHaveLength(1);
    expect(t.calls[0].init.method).toBe("POST");
    expect(t.calls[0].init.body).toBe('{"query":"mutation"}');
    expect(new Headers(t.calls[0].init.headers).get("x-access-token")).toBe("secret");
    expect(t.calls[0].init.signal).toBeInstanceOf(AbortSignal);
  });

  it("does not re-send a non-idempotent POST that timed out: transient, one call", async () => {
    const t = setup([]);
    const f = fakeFetch((init) => {
      t.timeouts.fire();
      return untilAborted(init.signal);
    });
    const e = await caught(httpRequest(POST, { ...t.policy, fetch: f.fetch }));
    expect(e.kind).toBe("transient");
    expect(e.channelCode).toBe("TIMEOUT");
    expect(e.message).toMatch(/shopify\.productUpdate: timed out; not re-sent/);
    expect(f.calls).toHaveLength(1);
    expect(t.clock.slept).toEqual([]);
  });

  it("times out a fetch that ignores its signal", async () => {
    const t = setup([]);
    const f = fakeFetch(() => {
      t.timeouts.fire();
      return new Promise<Response>(() => undefined);
    });
    const e = await caught(httpRequest(POST, { ...t.policy, fetch: f.fetch }));
    expect(e.channelCode).toBe("TIMEOUT");
  });

  it("retries an idempotent GET whose body stalls past the timeout", async () => {
    const t = setup([]);
    const f = fakeFetch(
      async () => {
        setTimeout(t.timeouts.fire, 0);
        return new Response(new ReadableStream({ start() {} }), { status: 200 }); // headers, then nothing
      },
      async () => new Response("ok", { status: 200 }),
    );
    const res = await httpRequest(GET, { ...t.policy, fetch: f.fetch });
    expect(await res.text()).toBe("ok");
    expect(f.calls).toHaveLength(2);
  });

  it("does not re-send a non-idempotent request after a 5xx", async () => {
    const t = setup([status(503, { "retry-after": "2" })]);
    const e = await caught(httpRequest(POST, t.policy));
    expect(e.kind).toBe("transient");
    expect(e.channelCode).toBe("HTTP_503");
    expect(e.retryAfterMs).toBe(2000);
    expect(t.calls).toHaveLength(1);
  });

  it("turns a 429 into throttled with Retry-After seconds, without retrying even an idempotent request", async () => {
    const t = setup([status(429, { "Retry-After": "3" }), status(200)]);
    const e = await caught(httpRequest(GET, t.policy));
    expect(e.kind).toBe("throttled");
    expect(e.retryAfterMs).toBe(3000);
    expect(e.channelCode).toBe("HTTP_429");
    expect(t.calls).toHaveLength(1);
    expect(t.clock.slept).toEqual([]);
  });

  it("uses the default throttle wait when a 429 has no usable Retry-After", async () => {
    const t = setup([status(429)], { throttleDefaultMs: 1500 });
    expect((await caught(httpRequest(GET, t.policy))).retryAfterMs).toBe(1500);
  });

  it("reads Retry-After as an HTTP date, relative to the injected clock", async () => {
    const t = setup([]);
    const at = new Date(t.clock.now() + 7000).toUTCString();
    const f = fakeFetch(status(503, { "retry-after": at }), status(200));
    const res = await httpRequest(GET, { ...t.policy, fetch: f.fetch });
    expect(res.status).toBe(200);
    expect(t.clock.slept).toEqual([7000]); // instead of the backoff
  });

  it("reads a 429's Retry-After HTTP date into retryAfterMs", async () => {
    const t = setup([]);
    const at = new Date(t.clock.now() + 4000).toUTCString();
    const e = await caught(httpRequest(GET, { ...t.policy, fetch: fakeFetch(status(429, { "retry-after": at })).fetch }));
    expect(e.kind).toBe("throttled");
    expect(e.retryAfterMs).toBe(4000);
  });

  it("hands a long 5xx Retry-After to the scheduler instead of sleeping through it", async () => {
    const t = setup([status(503, { "retry-after": "120" }), status(200)]);
    const e = await caught(httpRequest(GET, t.policy));
    expect(e.kind).toBe("transient");
    expect(e.retryAfterMs).toBe(120_000);
    expect(t.calls).toHaveLength(1);
  });

  it("throws transient after the attempts are exhausted, backing off exponentially with a cap", async () => {
    const t = setup([status(500)], { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 500, random: () => 0.999 });
    const e = await caught(httpRequest(GET, t.policy));
    expect(e.kind).toBe("transient");
    expect(e.channelCode).toBe("HTTP_500");
    expect(e.message).toMatch(/gave up after 5 attempts/);
    expect(t.calls).toHaveLength(5);
    expect(t.clock.slept).toEqual([99, 199, 399, 499]);
  });

  it("retries a network error (fetch rejects) for an idempotent request", async () => {
    const t = setup([new TypeError("fetch failed"), status(200)]);
    expect((await httpRequest(GET, t.policy)).status).toBe(200);
    expect(t.calls).toHaveLength(2);
  });

  it("does not retry a network error of a non-idempotent request, and keeps the cause", async () => {
    const cause = new TypeError("fetch failed");
    const t = setup([cause, status(200)]);
    const e = await caught(httpRequest(POST, t.policy));
    expect(e.channelCode).toBe("NETWORK");
    expect(e.cause).toBe(cause);
    expect(t.calls).toHaveLength(1);
  });

  it("stops at once when the caller aborts during the request, with the caller's reason", async () => {
    const ac = new AbortController();
    const t = setup([]);
    const f = fakeFetch(() => {
      ac.abort(new Error("shutting down"));
      return new Promise<Response>(() => undefined); // even a fetch that ignores its signal
    });
    await expect(httpRequest({ ...GET, signal: ac.signal }, { ...t.policy, fetch: f.fetch })).rejects.toThrow("shutting down");
    expect(f.calls).toHaveLength(1);
    expect(t.clock.slept).toEqual([]);
  });

  it("does not retry after the caller aborts, and does not start when already aborted", async () => {
    const ac = new AbortController();
    const t = setup([status(502), status(200)]);
    const req = { ...GET, signal: ac.signal, onResponse: () => ac.abort(new Error("cancelled")) };
    await expect(httpRequest(req, t.policy)).rejects.toThrow("cancelled");
    expect(t.calls).toHaveLength(1);
    await expect(httpRequest(req, t.policy)).rejects.toThrow("cancelled");
    expect(t.calls).toHaveLength(1);
  });

  it("returns 401/403 by default and maps them to auth only when asked", async () => {
    const t = setup([status(403)]);
    expect((await httpRequest(GET, t.policy)).status).toBe(403);
    const e = await caught(httpRequest(GET, { ...t.policy, mapAuthErrors: true }));
    expect(e.kind).toBe("auth");
    expect(e.channelCode).toBe("HTTP_403");
  });

  it("shows every response's status and headers to onResponse, the 429 included", async () => {
    const seen: Array<[number, string | null, number]> = [];
    const t = setup([status(502), status(429, { "x-amzn-RateLimit-Limit": "2.0" })]);
    const onResponse = ({ status: s, headers, attempt }: { status: number; headers: Headers; attempt: number }) => seen.push([s, headers.get("x-amzn-ratelimit-limit"), attempt]);
    await caught(httpRequest({ ...GET, onResponse }, t.policy));
    expect(seen).toEqual([
      [502, null, 1],
      [429, "2.0", 2],
    ]);
  });

  it("keeps null-body statuses readable", async () => {
    const t = setup([status(204)]);
    const res = await httpRequest({ ...GET, method: "DELETE" }, t.policy);
    expect(res.status).toBe(204);
    expect(await res.text()).toBe("");
  });

  it("never puts the query string in messages (it may carry a signature)", async () => {
    const t = setup([status(500)], { maxAttempts: 1 });
    const e = await caught(httpRequest({ method: "GET", url: "https://x.example/a/b?sign=SECRET&access_token=T", idempotent: true }, t.policy));
    expect(e.message).toBe("GET https://x.example/a/b: HTTP 500; gave up after 1 attempts");
  });
});
