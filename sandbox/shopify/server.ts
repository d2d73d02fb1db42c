// The Shopify Admin API sandbox (DESIGN §7) on 127.0.0.1: GraphQL at /admin/api/{version}/graphql.json
// (X-Shopify-Access-Token required), the token endpoint, staged-upload targets and a CDN for media.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { placeholderJpeg } from "../placeholder";
import { installDecision, installPage } from "./install";
import { runGraphql } from "./graphql";
import { accessTokenEndpoint } from "./oauth";
import { MAX_UPLOAD_BYTES, postUpload, putUpload } from "./staged";
import { ShopifySandboxState, type SandboxStateOptions } from "./state";

export interface ShopifySandboxOptions extends SandboxStateOptions {
  /** API versions served (the 2025-01 schema answers for all of them). */
  versions?: string[];
}

export interface ShopifySandbox {
  /** http://127.0.0.1:<port> — the "shop" origin; GraphQL at `${url}/admin/api/2025-01/graphql.json`. */
  url: string;
  state: ShopifySandboxState;
  close(): Promise<void>;
}

const GRAPHQL_PATH = /^\/admin\/api\/([\w-]+)\/graphql\.json$/;
const CDN_PATH = /^\/s\/files\/1\/0000\/0001\/files\/([^/]+)$/;
const MAX_JSON_BYTES = 1024 * 1024;
const INVALID_TOKEN = "[API] Invalid API key or access token (unrecognized login or wrong password)";

export async function startShopifySandbox(opts: ShopifySandboxOptions = {}): Promise<ShopifySandbox> {
  const state = new ShopifySandboxState(opts);
  const versions = new Set(opts.versions ?? ["2025-01"]);
  const server = createServer((req, res) => {
    if (state.stall.take(req, res)) return;
    handle(state, versions, req, res).catch(() => send(res, 500, { errors: [{ message: "Internal error", extensions: { code: "INTERNAL_SERVER_ERROR" } }] }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: state.baseUrl,
    state,
    close: async () => {
      state.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function handle(state: ShopifySandboxState, versions: Set<string>, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", state.baseUrl);
  const log = { at: state.now(), method: req.method ?? "GET", path: url.pathname, status: 0, shop: null as string | null };
  state.requests.push(log);
  const reply = (status: number, body: unknown, type?: string) => {
    log.status = status;
    send(res, status, body, type);
  };
  if (state.takeFailure()) return reply(503, { errors: "Service Unavailable" });

  const gql = url.pathname.match(GRAPHQL_PATH);
  if (gql && req.method === "POST") {
    if (!versions.has(gql[1]!)) return reply(404, { errors: "Not Found" });
    const token = req.headers["x-shopify-access-token"];
    const shop = state.tokens.shopOf(typeof token === "string" ? token : undefined);
    if (!shop) return reply(401, { errors: INVALID_TOKEN });
    log.shop = shop;
    const payload = parseJson(await readBody(req, MAX_JSON_BYTES));
    if (payload === undefined) return reply(400, { errors: "Invalid JSON in request body" });
    const out = await runGraphql(state, shop, payload);
    Object.assign(log, {
      query: typeof (payload as { query?: unknown }).query === "string" ? (payload as { query: string }).query : undefined,
      variables: (payload as { variables?: Record<string, unknown> }).variables,
      errorCodes: Array.isArray(out.body.errors) ? out.body.errors.map((e) => String(e.extensions?.code ?? "")) : undefined,
      cost: out.body.extensions ? { requested: out.body.extensions.cost.requestedQueryCost, actual: out.body.extensions.cost.actualQueryCost } : undefined,
    });
    return reply(out.status, out.body);
  }
  if (url.pathname === "/admin/oauth/install") {
    if (req.method === "GET") {
      const page = installPage(state, url.searchParams);
      return reply(page.status, page.html, "text/html; charset=utf-8");
    }
    const to = installDecision(state, new URLSearchParams((await readBody(req, MAX_JSON_BYTES)).toString("utf8")));
    if (!to) return reply(400, "redirect_uri is required", "text/plain");
    log.status = 302;
    res.writeHead(302, { location: to });
    return void res.end();
  }
  if (url.pathname === "/admin/oauth/access_token" && req.method === "POST") {
    const raw = await readBody(req, MAX_JSON_BYTES);
    const form = (req.headers["content-type"] ?? "").includes("application/x-www-form-urlencoded");
    const payload = form ? Object.fromEntries(new URLSearchParams(raw.toString("utf8"))) : parseJson(raw);
    const out = accessTokenEndpoint(state, payload);
    return reply(out.status, out.body);
  }
  if (url.pathname === "/staged/" && req.method === "POST") {
    const out = await postUpload(state, req);
    return reply(out.status, out.body, "application/xml");
  }
  if (url.pathname.startsWith("/staged/") && req.method === "PUT") {
    const out = await putUpload(state, decodeURIComponent(url.pathname.slice("/staged/".length)), req, await readBody(req, MAX_UPLOAD_BYTES));
    return reply(out.status, out.body, "application/xml");
  }
  const cdn = url.pathname.match(CDN_PATH);
  if (cdn && req.method === "GET") {
    const name = decodeURIComponent(cdn[1]!);
    const m = [...state.media.values()].find((x) => x.filename === name);
    if (!m) return reply(404, "Not Found", "text/plain");
    // Seeded media carry no bytes: they show a stand-in photo of their own.
    const bytes = m.bytes ?? (await placeholderJpeg(name));
    log.status = 200;
    res.writeHead(200, { "content-type": m.bytes ? (m.mimeType ?? "application/octet-stream") : "image/jpeg", "content-length": bytes.length });
    res.end(bytes);
    return;
  }
  reply(404, { errors: "Not Found" });
}

function send(res: ServerResponse, status: number, body: unknown, type = "application/json; charset=utf-8") {
  if (res.headersSent) return;
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, { "content-type": type, "content-length": Buffer.byteLength(text) });
  res.end(text);
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error("body too large");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString("utf8")) as unknown;
  } catch {
    return undefined;
  }
}
