import { useEffect, useState } from "react";
import { useRevalidateWhile } from "../library/useRevalidateWhile";

/**
 * Re-runs the page's loaders every `ms` while `active`, but for at most `maxMs` after it became active (or
 * after `restart` changed): a build job that keeps failing must not keep a tab reloading forever.
 * Returns true once it gave up, so the page can say so.
 */
export function useBoundedRevalidate(active: boolean, { ms = 2000, maxMs = 3 * 60_000, restart }: { ms?: number; maxMs?: number; restart?: unknown } = {}) {
  const [expired, setExpired] = useState(false);
  useEffect(() => {
    setExpired(false);
    if (!active) return;
    const t = setTimeout(() => setExpired(true), maxMs);
    return () => clearTimeout(t);
  }, [active, maxMs, restart]);
  useRevalidateWhile(active && !expired, ms);
  return active && expired;
}
