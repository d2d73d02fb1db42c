// One HTTP exchange with a channel, under the rules every connector shares (DESIGN §6):
// - a timeout per attempt, combined with the caller's AbortSignal;
// - retries only for requests marked idempotent, and only after a network error, a timeout or a 5xx:
//   a write that timed out may have been applied, so it is never re-sent here (the connector reads back);
// - HTTP 429 is never retried here: it becomes ChannelError('throttled') so the job scheduler waits
//   without spending an attempt;
// - every other status is returned as a Response for the connector to map, because each channel has
//   its own error body (Shopify userErrors, Amazon errors[], TikTok's {code} envelope even on HTTP 200).
// Nothing here logs: headers carry tokens and bodies carry shop data.
import { ChannelError } from "../channel";
import { systemNow, systemSleep, type Now, type Sleep } from "./clock";
import { parseRetryAfter } from "./retry-after";

/** The slice of `fetch` used here; globalThis.fetch fits, and so does a test fake. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** Bodies that can be sent again as they are (a ReadableStream is used up by the first attempt). */
export type ReplayableBody = string | Blob | FormData | URLSearchParams | ArrayBuffer | Uint8Array<ArrayBuffer>;

export type HttpMethod = "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface HttpRequest {
  method: HttpMethod;
  url: string | URL;
  headers?: HeadersInit;
  body?: ReplayableBody | null;
  /**
   * True only when sending the request twice has the same effect as sending it once (reads, PUT of a
   * whole resource). Required, so that every call site decides: only these requests are retried.
   */
  idempotent: boolean;
  /** Name used in error messages, e.g. "amazon.patchListingsItem"; defaults to method + origin + path (never the query, which may carry a signature). */
  operation?: string;
  /** Cancels the whole call, retries and backoff included; the call rejects with the signal's reason. */
  signal?: AbortSignal;
  /**
   * Sees the status and headers of every response, including ones retried or turned into errors (to
   * feed rate-limit headers such as x-amzn-RateLimit-Limit to a limiter). Must not log them.
   */
  onResponse?: (info: { status: number; headers: Headers; attempt: number }) => void;
}

export interface HttpPolicy {
  /** Defaults to globalThis.fetch (looked up per call). */
  fetch?: FetchLike;
  /** Per attempt, from sending until the whole body is read. */
  timeoutMs?: number;
  /** Attempts in total, the first included; only idempotent requests get more than one. */
  maxAttempts?: number;
  /** Backoff is full jitter: random() × min(maxDelayMs, baseDelayMs × 2^(retry − 1)). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** retryAfterMs of a 429 that has no usable Retry-After. */
  throttleDefaultMs?: number;
  /**
   * A 5xx Retry-After longer than this is not slept through in process: the call fails `transient` with
   * that retryAfterMs and the scheduler waits instead of a worker.
   */
  maxRetryAfterMs?: number;
  /** Opt-in: 401/403 → ChannelError('auth', channelCode HTTP_401/HTTP_403) instead of a Response. */
  mapAuthErrors?: boolean;
  sleep?: Sleep;
  /** In [0, 1); Math.random by default. */
  random?: () => number;
  /** For Retry-After given as an HTTP date. */
  now?: Now;
  /** Makes the per-attempt timeout signal; AbortSignal.timeout by default. */
  timeoutSignal?: (ms: number) => AbortSignal;
}

export const DEFAULT_HTTP_POLICY = {
  timeoutMs: 30_000,
  maxAttempts: 3,
  baseDelayMs: 250,
  maxDelayMs: 5_000,
  throttleDefaultMs: 1_000,
  maxRetryAfterMs: 10_000,
  mapAuthErrors: false,
} as const satisfies HttpPolicy;

/** Why an attempt may be worth another try (for an idempotent request). */
type Failure =
  | { reason: "timeout" }
  | { reason: "network"; cause: unknown }
  | { reason: "status"; status: number; retryAfterMs: number | null };

type Resolved = Required<Omit<HttpPolicy, "fetch">> & { fetch: FetchLike };

/**
 * Sends `req` under `policy` and resolves with a Response whose body is already read (so the timeout
 * covers it) and whose status is neither 429 nor 5xx. Throws ChannelError: `throttled` on 429,
 * `transient` when retries are exhausted or a non-idempotent request failed without a status,
 * `auth` on 401/403 when policy.mapAuthErrors. Rejects with the signal's reason when req.signal aborts.
 */
export async function httpRequest(req: HttpRequest, policy: HttpPolicy = {}): Promise<Response> {
  const p = resolvePolicy(policy);
  const label = req.operation ?? describe(req);
  for (let attempt = 1; ; attempt++) {
    req.signal?.throwIfAborted();
    const outcome = await attemptOnce(req, p, attempt, label);
    if (outcome instanceof Response) return outcome;
    if (!req.idempotent) throw failed(label, outcome, "not re-sent (it may have been applied): read back before retrying");
    if (attempt >= p.maxAttempts) throw failed(label, outcome, `gave up after ${attempt} attempts`);
    const retryAfterMs = outcome.reason === "status" ? outcome.retryAfterMs : null;
    if (retryAfterMs !== null && retryAfterMs > p.maxRetryAfterMs) throw failed(label, outcome, `server asks to wait ${retryAfterMs} ms`);
    await p.sleep(retryAfterMs ?? backoffMs(attempt, p), req.signal);
  }
}

async function attemptOnce(req: HttpRequest, p: Resolved, attempt: number, label: string): Promise<Response | Failure> {
  const timeout = p.timeoutSignal(p.timeoutMs);
  const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
  let res: Response;
  try {
    res = await raceAbort(p.fetch(String(req.url), { method: req.method, headers: req.headers, body: req.body ?? null, signal }), signal);
  } catch (e) {
    return classify(e, req, timeout);
  }
  req.onResponse?.({ status: res.status, headers: res.headers, attempt });
  if (res.status === 429) {
    discard(res);
    const retryAfterMs = parseRetryAfter(res.headers.get("retry-after"), p.now()) ?? p.throttleDefaultMs;
    throw new ChannelError("throttled", `${label}: HTTP 429`, { retryAfterMs, channelCode: "HTTP_429" });
  }
  if (res.status >= 500) {
    discard(res);
    return { reason: "status", status: res.status, retryAfterMs: parseRetryAfter(res.headers.get("retry-after"), p.now()) };
  }
  if (p.mapAuthErrors && (res.status === 401 || res.status === 403)) {
    discard(res);
    throw new ChannelError("auth", `${label}: HTTP ${res.status}`, { channelCode: `HTTP_${res.status}` });
  }
  try {
    return await raceAbort(buffered(res), signal);
  } catch (e) {
    return classify(e, req, timeout);
  }
}

/** A failed exchange is the caller's abort (rethrown as is), our timeout, or a network error. */
function classify(e: unknown, req: HttpRequest, timeout: AbortSignal): Failure {
  if (req.signal?.aborted) throw req.signal.reason;
  if (timeout.aborted) return { reason: "timeout" };
  return { reason: "network", cause: e };
}

function failed(label: string, f: Failure, what: string): ChannelError {
  const why = f.reason === "timeout" ? "timed out" : f.reason === "network" ? "network error" : `HTTP ${f.status}`;
  const channelCode = f.reason === "timeout" ? "TIMEOUT" : f.reason === "network" ? "NETWORK" : `HTTP_${f.status}`;
  const retryAfterMs = f.reason === "status" ? f.retryAfterMs : null;
  const err = new ChannelError("transient", `${label}: ${why}; ${what}`, { retryAfterMs, channelCode });
  if (f.reason === "network") err.cause = f.cause;
  return err;
}

function backoffMs(failedAttempt: number, p: Resolved): number {
  const cap = Math.min(p.maxDelayMs, p.baseDelayMs * 2 ** (failedAttempt - 1));
  return Math.floor(p.random() * cap);
}

/**
 * Settles with `work` or rejects as soon as `signal` aborts, so a fetch (or body) that ignores its
 * signal cannot outlive the timeout. A response that arrives too late has its body cancelled.
 */
function raceAbort(work: Promise<Response>, signal: AbortSignal): Promise<Response> {
  return new Promise<Response>((resolve, reject) => {
    const onAbort = () => {
      work.then(discard, () => undefined);
      reject(signal.reason);
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(
      (v) => {
        signal.removeEventListener("abort", onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(e);
      },
    );
  });
}

// Statuses a Response may not be constructed with a body for.
const NULL_BODY = new Set([204, 205, 304]);

/** The same response with its body read into memory (channel API bodies are small JSON). */
async function buffered(res: Response): Promise<Response> {
  const body = res.body === null || NULL_BODY.has(res.status) ? null : await res.arrayBuffer();
  const copy = new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
  // `new Response` cannot set these; keep them for connectors that look at where a redirect ended.
  Object.defineProperties(copy, { url: { value: res.url }, redirected: { value: res.redirected } });
  return copy;
}

/** Frees the connection of a response whose body nobody will read. */
function discard(res: Response): void {
  res.body?.cancel().catch(() => undefined);
}

function describe(req: HttpRequest): string {
  try {
    const u = new URL(req.url);
    return `${req.method} ${u.origin}${u.pathname}`;
  } catch {
    return req.method;
  }
}

function resolvePolicy(policy: HttpPolicy): Resolved {
  const p: Resolved = {
    ...DEFAULT_HTTP_POLICY,
    fetch: (url, init) => globalThis.fetch(url, init),
    sleep: systemSleep,
    random: Math.random,
    now: systemNow,
    timeoutSignal: (ms) => AbortSignal.timeout(ms),
    ...stripUndefined(policy),
  };
  if (!Number.isInteger(p.maxAttempts) || p.maxAttempts < 1) throw new RangeError(`maxAttempts must be an integer >= 1, got ${p.maxAttempts}`);
  if (!(p.timeoutMs > 0)) throw new RangeError(`timeoutMs must be > 0, got ${p.timeoutMs}`);
  return p;
}

/** `{ timeoutMs: undefined }` must mean "default", not "no timeout". */
function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
