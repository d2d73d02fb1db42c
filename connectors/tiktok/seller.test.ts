import { describe, expect, it } from "vitest";
import { ChannelError, type ListingRef } from "../channel";
import { createFakeCatalogue, createFakeChannel, FakeChannelState } from "../fake/fake-channel";
import { createTikTokSellerChannel } from "./seller";

function shop(id: string, products: number) {
  const state = new FakeChannelState();
  for (let i = 0; i < products; i++) state.seedListing(`${id}-p${i}`, 1);
  const tokens = { accessToken: async () => state.validToken, refresh: async () => state.refreshToken() };
  return { id, state, channel: { ...createFakeChannel(state, tokens), ...createFakeCatalogue(state) } };
}

describe("a TikTok seller with several shops", () => {
  const us = shop("US-SHOP", 5);
  const uk = shop("UK-SHOP", 3);
  const seller = createTikTokSellerChannel([us, uk]);

  it("imports every shop's catalogue, each listing tagged with its shop", async () => {
    const seen: ListingRef[] = [];
    let cursor: string | null = null;
    do {
      const page = await seller.listListings("acct", { cursor, limit: 2 });
      seen.push(...page.items.map((i) => i.ref));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.map((r) => `${r.marketplaceId}/${r.externalId}`).sort()).toEqual(
      [...[0, 1, 2, 3, 4].map((i) => `US-SHOP/US-SHOP-p${i}`), ...[0, 1, 2].map((i) => `UK-SHOP/UK-SHOP-p${i}`)].sort(),
    );
  });

  it("reads and writes a listing through its own shop", async () => {
    const ref = { accountId: "acct", externalId: "UK-SHOP-p1", marketplaceId: "UK-SHOP" };
    expect(await seller.readImages(ref)).toHaveLength(1);
    expect(await seller.readImages({ ...ref, marketplaceId: "US-SHOP" })).toBeNull(); // not that shop's product
    const e = await seller.readImages({ ...ref, marketplaceId: "FR-SHOP" }).catch((x: unknown) => x);
    expect((e as ChannelError).kind).toBe("not_found");
  });
});
