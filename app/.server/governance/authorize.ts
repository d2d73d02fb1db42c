// Service-side checks against the policy. Out of the caller's market scope reads as "not found" (an
// asset's existence is not revealed); in scope but not allowed for the role is "forbidden".
import { AppError } from "../errors";
import { allows, inScope, type Action, type Principal } from "./policy";

const WHAT: Record<Action, string> = {
  "asset.view": "view assets",
  "asset.download": "download files",
  "asset.upload": "upload files",
  "asset.edit": "edit assets",
  "asset.archive": "archive assets",
  "version.submit": "submit versions for review",
  "version.approve": "approve versions",
  "version.reject": "reject versions",
  "share.create": "share assets",
  "member.manage": "manage members",
  "apikey.manage": "manage API keys",
  "audit.view": "read the audit log",
  "channel.manage": "connect or disconnect channel accounts",
};

export function authorize(p: Principal, action: Action, asset?: { markets: readonly string[] }, what = "That asset"): void {
  if (asset && !inScope(p, asset.markets)) throw new AppError("not_found", `${what} was not found.`);
  if (!allows(p, action, asset)) throw new AppError("forbidden", `Your role (${p.role}) cannot ${WHAT[action]}. Ask a shop admin.`);
}
