// The install screen (what a merchant sees when adding an app) for the demo: Approve sends them back to
// the app with a session token (`id_token`, HS256 with the app secret, aud = client id), as Shopify's
// managed installation does; the app exchanges it at /admin/oauth/access_token. Deny answers
// error=access_denied. Its own JWT code: the sandbox shares nothing with the app it checks.
import { createHmac, randomBytes } from "node:crypto";
import type { ShopifySandboxState } from "./state";

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const STYLE =
  "body{font:15px/1.5 system-ui,sans-serif;background:#f1f1f1;margin:0}main{max-width:520px;margin:64px auto;background:#fff;border-radius:12px;padding:28px 32px;box-shadow:0 1px 3px #0002}" +
  "h1{font-size:20px;margin:0 0 8px}.brand{color:#008060;font-weight:700;margin-bottom:16px}button{font:inherit;padding:8px 18px;border-radius:8px;border:0;background:#303030;color:#fff;cursor:pointer;margin-right:8px}button.secondary{background:#fff;color:#303030;border:1px solid #ccc}";

/** GET /admin/oauth/install?client_id&state&redirect_uri */
export function installPage(state: ShopifySandboxState, q: URLSearchParams): { status: number; html: string } {
  if (q.get("client_id") !== state.clientId) return { status: 400, html: "<p>Unknown app</p>" };
  const redirect = q.get("redirect_uri") ?? "";
  if (!/^https?:\/\//.test(redirect)) return { status: 400, html: "<p>redirect_uri is required</p>" };
  const hidden = (n: string, v: string) => `<input type="hidden" name="${n}" value="${esc(v)}">`;
  return {
    status: 200,
    html: `<!doctype html><html><head><meta charset="utf-8"><title>Install app</title><style>${STYLE}</style></head><body><main>
<div class="brand">Shopify admin (sandbox) · ${esc(state.shop)}</div><h1>Install Assetline?</h1>
<p>It will be able to read and write your products and files.</p>
<form method="post" action="/admin/oauth/install">${hidden("state", q.get("state") ?? "")}${hidden("redirect_uri", redirect)}
<button name="decision" value="approve">Approve</button><button class="secondary" name="decision" value="deny">Deny</button></form></main></body></html>`,
  };
}

/** POST /admin/oauth/install: where the merchant goes next. */
export function installDecision(state: ShopifySandboxState, form: URLSearchParams): string | null {
  const redirect = form.get("redirect_uri") ?? "";
  if (!/^https?:\/\//.test(redirect)) return null;
  const to = new URL(redirect);
  to.searchParams.set("shop", state.shop);
  to.searchParams.set("state", form.get("state") ?? "");
  if (form.get("decision") === "approve") to.searchParams.set("id_token", sessionToken(state));
  else to.searchParams.set("error", "access_denied");
  return to.toString();
}

function sessionToken(state: ShopifySandboxState): string {
  const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
  const now = Math.floor(state.now() / 1000);
  const head = enc({ alg: "HS256", typ: "JWT" });
  const body = enc({ iss: `https://${state.shop}/admin`, dest: `https://${state.shop}`, aud: state.clientId, sub: "1", exp: now + 60, nbf: now - 5, iat: now, jti: randomBytes(8).toString("hex") });
  return `${head}.${body}.${createHmac("sha256", state.clientSecret).update(`${head}.${body}`).digest("base64url")}`;
}
