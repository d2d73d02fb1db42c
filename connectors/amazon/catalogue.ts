// Catalogue import through searchListingsItems: the cursor is Amazon's pageToken, pages hold at most
// 20 items (the model's pageSize maximum).
import type { ListingSummary } from "../channel";
import type { ItemSearchResults } from "./model-types";
import type { SpApi } from "./sp-api";
import { readLocators } from "./slots";

export async function listListings(
  spApi: SpApi,
  account: { accountId: string; sellerId: string; marketplaceId: string },
  page: { cursor: string | null; limit: number },
): Promise<{ items: ListingSummary[]; nextCursor: string | null }> {
  const res = await spApi<ItemSearchResults>({
    accountId: account.accountId,
    operation: "searchListingsItems",
    method: "GET",
    path: `/listings/2021-08-01/items/${encodeURIComponent(account.sellerId)}`,
    query: {
      marketplaceIds: account.marketplaceId,
      includedData: "summaries,attributes",
      pageSize: String(Math.min(20, Math.max(1, Math.floor(page.limit)))),
      pageToken: page.cursor ?? undefined,
    },
  });
  const items = res.items.map((item): ListingSummary => {
    const summary = item.summaries?.find((s) => s.marketplaceId === account.marketplaceId) ?? item.summaries?.[0];
    return {
      ref: { accountId: account.accountId, externalId: item.sku, marketplaceId: account.marketplaceId, productType: summary?.productType },
      title: summary?.itemName ?? item.sku,
      skus: [item.sku],
      status: summary?.status?.length ? summary.status.join(",") : null,
      images: [...readLocators(item.attributes, account.marketplaceId).values()].map((url) => ({ externalRef: url, url, width: null, height: null })),
    };
  });
  return { items, nextCursor: res.pagination?.nextToken ?? null };
}
