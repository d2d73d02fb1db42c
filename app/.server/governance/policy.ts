// The one policy module (Governance §1): what a role may do, and which assets a market scope reaches.
// Pure: services call it with the caller's principal; repositories receive `marketScope()` for queries.

export const ROLES = ["admin", "editor", "reviewer", "viewer"] as const;
export type Role = (typeof ROLES)[number];

export const ACTIONS = [
  "asset.view",
  "asset.download",
  "asset.upload",
  "asset.edit",
  "asset.archive",
  "version.submit",
  "version.approve",
  "version.reject",
  "share.create",
  "member.manage",
  "apikey.manage",
  "audit.view",
  "channel.manage",
] as const;
export type Action = (typeof ACTIONS)[number];

/** Who is asking: a role and the markets they work on (empty = every market). */
export interface Principal {
  role: Role;
  markets: readonly string[];
}

const VIEW: Action[] = ["asset.view", "asset.download"];
const GRANTS: Record<Role, ReadonlySet<Action>> = {
  admin: new Set(ACTIONS),
  // Until a shop configures approval chains, "any editor approves" (the default chain).
  editor: new Set([...VIEW, "asset.upload", "asset.edit", "asset.archive", "version.submit", "version.approve", "version.reject", "share.create"]),
  reviewer: new Set([...VIEW, "version.approve", "version.reject"]),
  viewer: new Set(VIEW),
};

/** Markets the principal is limited to, or null when unrestricted (admins, and members with no markets). */
export function marketScope(p: Principal): string[] | null {
  if (p.role === "admin" || p.markets.length === 0) return null;
  return [...p.markets];
}

/** An asset with no markets is global; otherwise it is in scope when it shares a market with the caller. */
export function inScope(p: Principal, assetMarkets: readonly string[]): boolean {
  const scope = marketScope(p);
  return scope === null || assetMarkets.length === 0 || assetMarkets.some((m) => scope.includes(m));
}

/** May the principal do this (to this asset, when one is named)? */
export function allows(p: Principal, action: Action, asset?: { markets: readonly string[] }): boolean {
  if (!GRANTS[p.role].has(action)) return false;
  return asset ? inScope(p, asset.markets) : true;
}

export const isRole = (v: unknown): v is Role => typeof v === "string" && (ROLES as readonly string[]).includes(v);

/** What the UI may offer the principal (the server checks again on every action). */
export function capabilities(p: Principal, asset?: { markets: readonly string[] }) {
  return {
    upload: allows(p, "asset.upload"),
    edit: allows(p, "asset.edit", asset),
    archive: allows(p, "asset.archive", asset),
    approve: allows(p, "version.approve", asset),
    download: allows(p, "asset.download", asset),
    share: allows(p, "share.create", asset),
  };
}
export type Capabilities = ReturnType<typeof capabilities>;
