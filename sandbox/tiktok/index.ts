// A local TikTok Shop Open API (CHANNELS.md §3, DESIGN §7) on 127.0.0.1 and a random port: OAuth consent
// and token endpoints, signed business calls for shops, image upload, product read/partial edit/search,
// an audit delay after edits, and fault knobs on `state`. Imports nothing from connectors/ on purpose.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { consentDecision, consentPage, tokenGet, tokenRefresh } from "./auth-routes";
import type { RequestContext } from "./context";
import { ApiError, CODE, fromError, readBody, sendEnvelope, type Reply } from "./envelope";
import { guard } from "./guard";
import { ROUTES } from "./product-routes";
import { TikTokSandboxState, TIKTOK_DEFAULT_QPS } from "./state";
import { placeholderJpeg } from "../placeholder";

export { TikTokSandboxState, TIKTOK_DEFAULT_QPS } from "./state";
export type { LoggedRequest, SandboxProduct, SandboxShop } from "./state";
export type { SentWebhook } from "./webhooks";

export interface TikTokSandboxOptions {
  appKey?: string;
  appSecret?: string;
  serviceId?: string;
  /** Where the consent page sends the seller back (the app's configured redirect URL). */
  redirectUrl?: string;
  /** How long an edited product stays PENDING (audit) before it is ACTIVATE again. */
  auditDelayMs?: number;
  /**
   * Multiplies every delay of the channel and divides its QPS limit (benchmarks: 0.1 runs ten times
   * faster than life-like, rate limit included).
   */
  timeScale?: number;
  /**
   * Enforce a QPS limit per API per app (CHANNELS.md §3.5): true for the commonly quoted default of
   * 50 QPS, or a number; over it a call answers HTTP 429 + code 36009002. Off by default.
   */
  qps?: boolean | number;
  /** Milliseconds since the epoch: moves the timestamp window and token expiries. */
  now?: () => number;
  /** Gets a signed type-5 webhook after each audit (CHANNELS.md §3.6). */
  webhookUrl?: string;
  /** Catalogue size seeded at start (each product has 1–4 images). */
  seedProducts?: number;
}

export interface TikTokSandbox {
  /** Business API base (open-api.tiktokglobalshop.com). */
  url: string;
  /** Auth base: token endpoints and consent page (auth.tiktok-shops.com, services.tiktokshop.com); same server here. */
  authUrl: string;
  state: TikTokSandboxState;
  close(): Promise<void>;
}

// Bigger than the 10 MB image limit so an oversized file gets TikTok's own "too large" answer.
const BODY_CAP = 12 * 1024 * 1024;

export async function startTikTokSandbox(opts: TikTokSandboxOptions = {}): Promise<TikTokSandbox> {
  const state = new TikTokSandboxState({
    appKey: opts.appKey ?? "sbx_app_key",
    appSecret: opts.appSecret ?? "sbx_app_secret",
    serviceId: opts.serviceId ?? "7000000000000000001",
    redirectUrl: opts.redirectUrl ?? "http://127.0.0.1/tiktok/callback",
    auditDelayMs: (opts.auditDelayMs ?? 50) * (opts.timeScale ?? 1),
    qps: opts.qps ? (opts.qps === true ? TIKTOK_DEFAULT_QPS : opts.qps) / (opts.timeScale ?? 1) : null,
    now: opts.now ?? Date.now,
    webhookUrl: opts.webhookUrl,
  });

  const server = createServer((req, res) => {
    if (state.stall.take(req, res)) return;
    handle(state, req, res).catch(() => {
      if (!res.headersSent) sendEnvelope(res, { status: 500, code: CODE.internalError, message: "Sandbox error", data: null });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.baseUrl = url;
  // Seeded after listening: image URLs are on this server.
  for (let i = 0; i < (opts.seedProducts ?? 240); i++) state.seedProduct({ title: `Seeded product ${i + 1}`, images: 1 + (i % 4) });
  return {
    url,
    authUrl: url,
    state,
    close: () =>
      new Promise<void>((resolve, reject) => {
        state.close();
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}

async function handle(state: TikTokSandboxState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const at = state.opts.now();
  const u = new URL(req.url ?? "/", "http://sandbox");
  const body = await readBody(req, BODY_CAP);
  const header = (name: string) => (typeof req.headers[name] === "string" ? (req.headers[name] as string) : null);
  const ctx: RequestContext = {
    method: req.method ?? "GET",
    path: u.pathname,
    query: u.searchParams,
    contentType: header("content-type"),
    accessToken: header("x-tts-access-token"),
    body: body && body.length > 0 ? body : null,
  };

  if (ctx.path === "/open/authorize") return consent(state, ctx, body, res);
  const img = /^\/img\/([A-Za-z0-9_-]+)\.jpg$/.exec(ctx.path);
  if (img && ctx.method === "GET") {
    // TikTok's CDN: the sandbox keeps no pixels, so every image shows a stand-in photo of its own.
    const bytes = await placeholderJpeg(img[1]!);
    res.writeHead(200, { "content-type": "image/jpeg", "content-length": bytes.length });
    return void res.end(bytes);
  }

  const reply = await dispatch(state, ctx, body === null);
  state.requests.push({
    at,
    method: ctx.method,
    path: ctx.path,
    query: Object.fromEntries(ctx.query),
    contentType: ctx.contentType,
    hadAccessToken: ctx.accessToken !== null,
    body: ctx.body && !/multipart/i.test(ctx.contentType ?? "") ? ctx.body.toString("utf8") : null,
    code: reply.code,
    status: reply.status,
  });
  sendEnvelope(res, reply);
}

async function dispatch(state: TikTokSandboxState, ctx: RequestContext, tooLarge: boolean): Promise<Reply> {
  try {
    if (ctx.method === "GET" && ctx.path === "/api/v2/token/get") return tokenGet(state, ctx);
    if (ctx.method === "GET" && ctx.path === "/api/v2/token/refresh") return tokenRefresh(state, ctx);
    for (const route of ROUTES) {
      const m = route.pattern.exec(ctx.path);
      if (!m || route.method !== ctx.method) continue;
      guard(state, ctx, route.cipher, route.api);
      if (tooLarge) throw new ApiError(CODE.imageTooLarge, "The request body exceeds 10 MB");
      return await route.handle(state, ctx, m.slice(1));
    }
    return { status: 404, code: 40400, message: `No API ${ctx.method} ${ctx.path}`, data: null };
  } catch (e) {
    if (e instanceof ApiError) return fromError(e);
    throw e;
  }
}

function consent(state: TikTokSandboxState, ctx: RequestContext, body: Buffer | null, res: ServerResponse): void {
  if (ctx.method === "POST") {
    res.writeHead(302, { location: consentDecision(state, body) });
    res.end();
    return;
  }
  const page = consentPage(state, ctx.query);
  res.writeHead(page.status, { "content-type": "text/html; charset=utf-8" });
  res.end(page.html);
}
