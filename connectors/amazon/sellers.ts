// Sellers v1 getMarketplaceParticipations: which marketplaces an authorised seller sells in (shown when
// the account is connected, to pick the marketplace of its listings).
import { createSpApi, type SpApiClientOptions } from "./sp-api";

export interface MarketplaceParticipation {
  marketplace: { id: string; name: string; countryCode: string; defaultCurrencyCode: string; defaultLanguageCode: string; domainName: string };
  participation: { isParticipating: boolean; hasSuspendedListings: boolean };
  storeName: string;
}

export async function getMarketplaceParticipations(o: SpApiClientOptions & { accountId: string }): Promise<MarketplaceParticipation[]> {
  const res = await createSpApi(o)<{ payload?: MarketplaceParticipation[] }>({
    accountId: o.accountId,
    operation: "getMarketplaceParticipations",
    method: "GET",
    path: "/sellers/v1/marketplaceParticipations",
  });
  return res.payload ?? [];
}
