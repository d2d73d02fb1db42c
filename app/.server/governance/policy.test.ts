// Property test: the policy module against a small independent reference table, over thousands of
// random (role, scopes, asset markets, action) cases. 0 mismatches allowed.
import { describe, expect, it } from "vitest";
import { ACTIONS, allows, inScope, marketScope, ROLES, type Action, type Role } from "./policy";

// The reference, written as the product spec reads (a table), not as the module computes it.
const TABLE: Record<Action, Role[]> = {
  "asset.view": ["admin", "editor", "reviewer", "viewer"],
  "asset.download": ["admin", "editor", "reviewer", "viewer"],
  "asset.upload": ["admin", "editor"],
  "asset.edit": ["admin", "editor"],
  "asset.archive": ["admin", "editor"],
  "version.submit": ["admin", "editor"],
  "version.approve": ["admin", "editor", "reviewer"],
  "version.reject": ["admin", "editor", "reviewer"],
  "share.create": ["admin", "editor"],
  "member.manage": ["admin"],
  "apikey.manage": ["admin"],
  "audit.view": ["admin"],
  "channel.manage": ["admin"],
};
function reference(role: Role, scopes: string[], assetMarkets: string[] | null, action: Action): boolean {
  if (!TABLE[action].includes(role)) return false;
  if (assetMarkets === null) return true; // no asset named
  if (role === "admin") return true;
  if (scopes.length === 0) return true; // member with all markets
  if (assetMarkets.length === 0) return true; // global asset
  for (const s of scopes) for (const m of assetMarkets) if (s === m) return true;
  return false;
}

// Deterministic PRNG so a failure reproduces.
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const MARKETS = ["US", "EU", "DE", "CN", "JP", "UK"];
const pick = <T>(r: () => number, xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
const subset = (r: () => number) => MARKETS.filter(() => r() < 0.3);

describe("policy", () => {
  it("matches the reference table on 20 000 random cases", () => {
    const r = rng(20261123);
    let mismatches = 0;
    const examples: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const role = pick(r, ROLES);
      const scopes = subset(r);
      const assetMarkets = r() < 0.15 ? null : subset(r);
      const action = pick(r, ACTIONS);
      const got = allows({ role, markets: scopes }, action, assetMarkets === null ? undefined : { markets: assetMarkets });
      const want = reference(role, scopes, assetMarkets, action);
      if (got !== want) {
        mismatches++;
        if (examples.length < 5) examples.push(JSON.stringify({ role, scopes, assetMarkets, action, got, want }));
      }
    }
    expect(examples).toEqual([]);
    expect(mismatches).toBe(0);
  });

  it("a viewer cannot approve; a US merchandiser sees US and global assets only", () => {
    expect(allows({ role: "viewer", markets: [] }, "version.approve")).toBe(false);
    const us = { role: "editor" as const, markets: ["US"] };
    expect(inScope(us, ["US"])).toBe(true);
    expect(inScope(us, [])).toBe(true);
    expect(inScope(us, ["EU"])).toBe(false);
    expect(inScope(us, ["EU", "US"])).toBe(true);
    expect(marketScope(us)).toEqual(["US"]);
    expect(marketScope({ role: "admin", markets: ["US"] })).toBeNull();
  });
});
