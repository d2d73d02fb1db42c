// Reads Shopify Admin GraphQL's cost report (CHANNELS.md §1.6/§1.7) out of an untyped response body:
// `extensions.cost` and top-level `errors[].extensions.code`. Anything malformed reads as absent.

export interface ShopifyThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

export interface ShopifyQueryCost {
  requestedQueryCost: number | null;
  /** null when the query did not run (THROTTLED). */
  actualQueryCost: number | null;
  throttleStatus: ShopifyThrottleStatus | null;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);

export function readQueryCost(body: unknown): ShopifyQueryCost | null {
  if (!isRecord(body) || !isRecord(body.extensions) || !isRecord(body.extensions.cost)) return null;
  const cost = body.extensions.cost;
  const t = cost.throttleStatus;
  let throttleStatus: ShopifyThrottleStatus | null = null;
  if (isRecord(t)) {
    const maximumAvailable = num(t.maximumAvailable);
    const currentlyAvailable = num(t.currentlyAvailable);
    const restoreRate = num(t.restoreRate);
    if (maximumAvailable !== null && maximumAvailable > 0 && currentlyAvailable !== null && restoreRate !== null && restoreRate > 0) {
      throttleStatus = { maximumAvailable, currentlyAvailable, restoreRate };
    }
  }
  return { requestedQueryCost: num(cost.requestedQueryCost), actualQueryCost: num(cost.actualQueryCost), throttleStatus };
}

/** True when a top-level GraphQL error has extensions.code THROTTLED (sent with HTTP 200 or 429). */
export function isThrottledBody(body: unknown): boolean {
  if (!isRecord(body) || !Array.isArray(body.errors)) return false;
  return body.errors.some((e) => isRecord(e) && isRecord(e.extensions) && e.extensions.code === "THROTTLED");
}
