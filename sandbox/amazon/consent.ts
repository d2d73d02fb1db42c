// Seller Central's consent page for the website authorisation workflow (CHANNELS.md §2.1): the seller
// sees the app and chooses Approve (redirect with state, selling_partner_id, spapi_oauth_code) or Deny.
import type { IncomingMessage, ServerResponse } from "node:http";
import { escapeHtml, parseParams, readBody, redirect, sendHtml } from "./http";
import type { AmazonSandboxState } from "./state";

// Looks enough like a consent screen that a newcomer in the demo knows where they are.
const STYLE =
  "body{font:15px/1.5 system-ui,sans-serif;background:#eaeded;margin:0}main{max-width:520px;margin:64px auto;background:#fff;border-radius:8px;padding:28px 32px;box-shadow:0 1px 3px #0002}" +
  "h1{font-size:20px;margin:0 0 8px}.brand{color:#e47911;font-weight:700;margin-bottom:16px}button{font:inherit;padding:8px 18px;border-radius:6px;border:1px solid #a88734;background:#f0c14b;cursor:pointer;margin-right:8px}button.secondary{background:#fff;border-color:#adb1b8}";
const page = (title: string, body: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main><div class="brand">Seller Central (sandbox)</div>${body}</main></body></html>`;

/** The redirect to use: the one asked for if registered, else the first registered one. */
function redirectFor(state: AmazonSandboxState, asked: string | null): string | null {
  if (asked === null || asked === "") return state.opts.redirectUris[0] ?? null;
  return state.opts.redirectUris.includes(asked) ? asked : null;
}

/** GET /apps/authorize/consent?application_id&state[&version=beta][&redirect_uri] */
export function consentPage(state: AmazonSandboxState, url: URL, res: ServerResponse): void {
  const q = url.searchParams;
  if (q.get("application_id") !== state.opts.applicationId) return sendHtml(res, 400, page("Error", "<h1>Unknown application</h1>"));
  if (state.opts.draft && q.get("version") !== "beta") return sendHtml(res, 400, page("Error", "<h1>This application is not yet published (add version=beta)</h1>"));
  const target = redirectFor(state, q.get("redirect_uri"));
  if (!target) return sendHtml(res, 400, page("Error", "<h1>redirect_uri is not registered for this application</h1>"));
  const hidden = (name: string, value: string) => `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`;
  const fields = hidden("state", q.get("state") ?? "") + hidden("redirect_uri", target);
  sendHtml(
    res,
    200,
    page(
      "Authorize application",
      `<h1>Authorize ${escapeHtml(state.opts.applicationId)}</h1><p>It will be able to read and update listings of seller ${escapeHtml(state.opts.sellerId)} (${escapeHtml(state.opts.storeName)}).</p>` +
        `<form method="post" action="/apps/authorize/confirm">${fields}<button name="decision" value="approve">Approve</button>` +
        `<button class="secondary" name="decision" value="deny">Deny</button></form>`,
    ),
  );
}

/** POST /apps/authorize/confirm (the page's form). */
export async function consentDecision(state: AmazonSandboxState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const p = parseParams((await readBody(req)) ?? "", req.headers["content-type"]) ?? {};
  const target = redirectFor(state, p.redirect_uri ?? null);
  if (!target) return sendHtml(res, 400, page("Error", "<h1>redirect_uri is not registered</h1>"));
  const to = new URL(target);
  to.searchParams.set("state", p.state ?? "");
  if (p.decision === "approve") {
    to.searchParams.set("selling_partner_id", state.opts.sellerId);
    to.searchParams.set("spapi_oauth_code", state.lwa.issueCode(state.opts.sellerId, target));
  } else {
    // Amazon's deny redirect is not documented in the models; OAuth's access_denied is used here.
    to.searchParams.set("error", "access_denied");
  }
  redirect(res, to.toString());
}
