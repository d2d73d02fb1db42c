// An in-memory TokenSource over LWA for one seller: caches the access token, refreshes 60 s before it
// expires (as Amazon's Java client does) and single-flight. The app keeps its own, encrypted and
// per account (DESIGN §6); this one serves scripts, the demo and tests.
import type { TokenSource } from "../channel";
import type { LwaAccessToken, LwaClient } from "./lwa";

export interface LwaTokenSource extends TokenSource {
  /** Refreshes done so far. */
  refreshes(): number;
}

export function lwaTokenSource(client: LwaClient, refreshToken: string, opts: { initial?: LwaAccessToken; now?: () => number; earlyMs?: number } = {}): LwaTokenSource {
  const now = opts.now ?? Date.now;
  const earlyMs = opts.earlyMs ?? 60_000;
  let current: LwaAccessToken | null = opts.initial ?? null;
  let inFlight: Promise<string> | null = null;
  let count = 0;
  const refresh = () =>
    (inFlight ??= client
      .refresh(refreshToken)
      .then((t) => {
        count++;
        current = t;
        return t.accessToken;
      })
      .finally(() => (inFlight = null)));
  return {
    accessToken: async () => (current && current.expiresAt - earlyMs > now() ? current.accessToken : refresh()),
    refresh,
    refreshes: () => count,
  };
}
