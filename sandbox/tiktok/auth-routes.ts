// Authorization (CHANNELS.md §3.1): the seller consent page and the token endpoints. Token calls are not
// signed: they carry app_key and app_secret in the query. Expiries are absolute Unix timestamps.
import { ApiError, CODE, ok, type Reply } from "./envelope";
import type { RequestContext } from "./context";
import type { TikTokSandboxState } from "./state";

export function tokenGet(state: TikTokSandboxState, ctx: RequestContext): Reply {
  checkApp(state, ctx.query);
  if (ctx.query.get("grant_type") !== "authorized_code") throw new ApiError(CODE.invalidParameter, "grant_type must be authorized_code");
  const code = ctx.query.get("auth_code") ?? "";
  if (!state.redeemAuthCode(code)) throw new ApiError(CODE.invalidAuthCode, "Invalid or used auth_code");
  state.tokenGrants.authorizedCode++;
  return ok(state.grantTokens(null));
}

export function tokenRefresh(state: TikTokSandboxState, ctx: RequestContext): Reply {
  checkApp(state, ctx.query);
  if (ctx.query.get("grant_type") !== "refresh_token") throw new ApiError(CODE.invalidParameter, "grant_type must be refresh_token");
  const refresh = ctx.query.get("refresh_token") ?? "";
  if (!state.refreshTokenValid(refresh)) throw new ApiError(CODE.invalidAuthCode, "Invalid or expired refresh_token");
  state.tokenGrants.refresh++;
  return ok(state.grantTokens(refresh));
}

function checkApp(state: TikTokSandboxState, q: URLSearchParams): void {
  if (q.get("app_key") !== state.opts.appKey || q.get("app_secret") !== state.opts.appSecret) throw new ApiError(CODE.invalidParameter, "Invalid app_key or app_secret");
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

// Enough of a consent screen that a newcomer in the demo knows where they are.
const STYLE =
  "body{font:15px/1.5 system-ui,sans-serif;background:#f1f1f2;margin:0}main{max-width:520px;margin:64px auto;background:#fff;border-radius:8px;padding:28px 32px;box-shadow:0 1px 3px #0002}" +
  "h1{font-size:20px;margin:0 0 8px}.brand{color:#fe2c55;font-weight:700;margin-bottom:16px}button{font:inherit;padding:8px 18px;border-radius:6px;border:0;background:#fe2c55;color:#fff;cursor:pointer}button.secondary{background:#fff;color:#161823;border:1px solid #ccc}";

/** GET /open/authorize?service_id&state: what the seller sees. */
export function consentPage(state: TikTokSandboxState, q: URLSearchParams): { status: number; html: string } {
  if (q.get("service_id") !== state.opts.serviceId) return { status: 400, html: "<p>Unknown service_id</p>" };
  const st = escapeHtml(q.get("state") ?? "");
  return {
    status: 200,
    html: `<!doctype html><html><head><meta charset="utf-8"><title>Authorize app</title><style>${STYLE}</style></head><body><main>
<div class="brand">TikTok Shop Seller Center (sandbox)</div><h1>Authorize this app for ${escapeHtml(state.shop.name)}?</h1>
<p>It will be able to read your products and update their images.</p>
<form method="post" action="/open/authorize"><input type="hidden" name="state" value="${st}">
<button name="decision" value="approve">Approve</button> <button class="secondary" name="decision" value="deny">Deny</button></form></main></body></html>`,
  };
}

/** POST /open/authorize: Approve issues a single-use code; Deny answers error=auth_denied (§3.1 step 3). */
export function consentDecision(state: TikTokSandboxState, body: Buffer | null): string {
  const form = new URLSearchParams(body?.toString("utf8") ?? "");
  const target = new URL(state.opts.redirectUrl);
  if (form.get("decision") === "approve") target.searchParams.set("code", state.issueAuthCode());
  else {
    target.searchParams.set("code", "null");
    target.searchParams.set("error", "auth_denied");
  }
  target.searchParams.set("state", form.get("state") ?? "");
  return target.toString();
}
