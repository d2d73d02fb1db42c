// The Amazon sandbox: one local HTTP server playing Login with Amazon (/auth/o2/token), Seller
// Central's consent page and the SP-API endpoints Assetline uses. SP-API calls pass, in order: the
// x-amz-access-token check (403), injected faults (429/503), the model's usage plan (429), the handler.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { placeholderJpeg } from "../placeholder";
import { consentDecision, consentPage } from "./consent";
import { parseParams, readBody, sendErrors, sendJson } from "./http";
import { deleteListingsItem, getListingsItem, getMarketplaceParticipations, patchListingsItem, searchListingsItems } from "./listings-routes";
import { MODEL_USAGE_PLANS } from "./models";
import { SandboxBuckets } from "./rate-limit";
import { AmazonSandboxState, type AmazonSandboxOptions } from "./state";

export interface AmazonSandbox {
  /** SP-API base URL (stands for https://sellingpartnerapi-na.amazon.com). */
  url: string;
  /** LWA token endpoint (stands for https://api.amazon.com/auth/o2/token). */
  lwaUrl: string;
  /** Seller Central consent page (stands for https://sellercentral.amazon.com/apps/authorize/consent). */
  consentUrl: string;
  state: AmazonSandboxState;
  close(): Promise<void>;
}

interface Route {
  operation: string;
  sellerId: string;
  sku?: string;
}

const ITEMS = /^\/listings\/2021-08-01\/items\/([^/]+)(?:\/([^/]+))?$/;

function route(method: string, path: string): Route | null {
  if (method === "GET" && path === "/sellers/v1/marketplaceParticipations") return { operation: "getMarketplaceParticipations", sellerId: "" };
  const m = ITEMS.exec(path);
  if (!m) return null;
  const sellerId = decodeURIComponent(m[1]!);
  if (m[2] === undefined) return method === "GET" ? { operation: "searchListingsItems", sellerId } : null;
  const sku = decodeURIComponent(m[2]);
  const op = ({ GET: "getListingsItem", PATCH: "patchListingsItem", DELETE: "deleteListingsItem" } as Record<string, string>)[method];
  return op ? { operation: op, sellerId, sku } : null;
}

async function handleSpApi(state: AmazonSandboxState, buckets: SandboxBuckets, req: IncomingMessage, res: ServerResponse, url: URL, r: Route): Promise<void> {
  const token = req.headers["x-amz-access-token"];
  const check = state.lwa.check(typeof token === "string" ? token : undefined);
  if (!check.ok) {
    const message = check.reason === "expired" ? "The access token you provided has expired." : "Access to requested resource is denied.";
    return sendErrors(res, 403, "Unauthorized", message);
  }
  // Listings are per seller: a token only opens its own seller's data (grantless tokens open none).
  if (check.sellerId === null || (r.sellerId !== "" && r.sellerId !== check.sellerId)) return sendErrors(res, 403, "Unauthorized", "Access to requested resource is denied.");
  const headers = { "x-amzn-RateLimit-Limit": String(buckets.plan(r.operation).rate) };
  const fault = state.takeFault(r.operation);
  if (fault === "fail") return sendErrors(res, 503, "ServiceUnavailable", "Service temporarily unavailable. Please retry.");
  if (fault === "throttle" || !buckets.take(check.sellerId, r.operation))
    return sendErrors(res, 429, "QuotaExceeded", "You exceeded your quota for the requested resource.", "", headers);
  switch (r.operation) {
    case "getMarketplaceParticipations":
      return getMarketplaceParticipations(state, res, headers);
    case "searchListingsItems":
      return searchListingsItems(state, url, res, headers);
    case "getListingsItem":
      return getListingsItem(state, url, r.sku!, res, headers);
    case "deleteListingsItem":
      return deleteListingsItem(state, url, r.sku!, res, headers);
    default:
      return patchListingsItem(state, url, r.sku!, req, res, headers);
  }
}

async function handle(state: AmazonSandboxState, buckets: SandboxBuckets, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://sandbox");
  const method = req.method ?? "GET";
  const media = /^\/amazon-media\/images\/I\/([0-9a-f]{16})\.jpg$/.exec(url.pathname);
  if (method === "GET" && media) {
    const bytes = await placeholderJpeg(media[1]!);
    res.writeHead(200, { "content-type": "image/jpeg", "content-length": bytes.length, "cache-control": "public, max-age=31536000, immutable" });
    return void res.end(bytes);
  }
  if (method === "POST" && url.pathname === "/auth/o2/token") {
    const params = parseParams((await readBody(req)) ?? "", req.headers["content-type"]);
    if (!params) return sendJson(res, 400, { error: "invalid_request", error_description: "Unreadable body" });
    const answer = state.lwa.token(params);
    return sendJson(res, answer.status, answer.body, { "cache-control": "no-store" });
  }
  if (method === "GET" && url.pathname === "/apps/authorize/consent") return consentPage(state, url, res);
  if (method === "POST" && url.pathname === "/apps/authorize/confirm") return consentDecision(state, req, res);
  const r = route(method, url.pathname);
  if (!r) return sendErrors(res, 404, "NotFound", `No such operation: ${method} ${url.pathname}`);
  return handleSpApi(state, buckets, req, res, url, r);
}

export async function startAmazonSandbox(opts: AmazonSandboxOptions = {}): Promise<AmazonSandbox> {
  const state = new AmazonSandboxState(opts);
  // A sandbox run faster than life refills its buckets faster by the same factor (x-amzn-RateLimit-Limit says so).
  const plans = Object.fromEntries(Object.entries(MODEL_USAGE_PLANS).map(([op, p]) => [op, { rate: p.rate / state.opts.timeScale, burst: p.burst }]));
  const buckets = new SandboxBuckets(plans, () => state.now());
  const server = createServer((req, res) => {
    const entry = { at: state.now(), method: req.method ?? "", path: (req.url ?? "").split("?")[0]!, operation: route(req.method ?? "", (req.url ?? "").split("?")[0]!)?.operation ?? null, status: 0 };
    res.on("finish", () => state.requests.push({ ...entry, status: res.statusCode }));
    if (state.stall.take(req, res)) return;
    handle(state, buckets, req, res).catch((e: unknown) => {
      if (res.headersSent) return void res.destroy();
      sendErrors(res, 500, "InternalFailure", "We encountered an internal error. Please try again.", e instanceof Error ? e.message : "");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // Images "already in Amazon's media store" are served here, so a browser offline can show them.
  state.rehostSeededImages(`${url}/amazon-media`);
  return {
    url,
    lwaUrl: `${url}/auth/o2/token`,
    consentUrl: `${url}/apps/authorize/consent`,
    state,
    close: async () => {
      await state.idle().catch(() => undefined);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
