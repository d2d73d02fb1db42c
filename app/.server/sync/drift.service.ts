// Shopify tells us when a product changes (products/update, products/delete): a listing we publish to is
// read back (through a publish, which notices drift and a deleted product). The webhook's body is not
// trusted for state — it may arrive late, twice or out of order — only as a hint to look; a hint older
// than our last read of the gallery is dropped.
import type { Tx } from "../db/database";
import type { JobQueue } from "../jobs/queue";
import { findListingByExternalId } from "./placements.repository";

export async function onChannelProductChanged(
  db: Tx,
  queue: JobQueue,
  shopId: string,
  change: { channel: "shopify" | "amazon" | "tiktok"; externalId: string; changedAt: Date | null },
): Promise<"queued" | "stale" | "not_placed"> {
  const listing = await findListingByExternalId(db, shopId, change.channel, change.externalId);
  if (!listing) return "not_placed";
  if (change.changedAt && listing.galleryReadAt && change.changedAt.getTime() < listing.galleryReadAt.getTime()) return "stale";
  await queue.send("sync.readback", { shopId, listingId: listing.id }, { group: listing.accountId });
  return "queued";
}

/** The product GID of a Shopify products/* webhook body (REST-shaped: numeric id and admin_graphql_api_id). */
export function productGidOf(payload: unknown): string | null {
  const p = payload as { admin_graphql_api_id?: unknown; id?: unknown } | null;
  if (typeof p?.admin_graphql_api_id === "string" && p.admin_graphql_api_id.startsWith("gid://shopify/Product/")) return p.admin_graphql_api_id;
  if (typeof p?.id === "number" || (typeof p?.id === "string" && /^\d+$/.test(p.id))) return `gid://shopify/Product/${p.id}`;
  return null;
}

export function changedAtOf(payload: unknown): Date | null {
  const v = (payload as { updated_at?: unknown } | null)?.updated_at;
  const d = typeof v === "string" ? new Date(v) : null;
  return d && !Number.isNaN(d.getTime()) ? d : null;
}
