// One TikTok seller, several shops (a cross-border seller often has US, UK and SEA shops under one
// authorisation): listings are per shop, so a ListingRef's marketplaceId is the shop id, and calls go
// to that shop's channel (its shop_cipher). The catalogue walks the shops one after another.
import type { Catalogue, Channel, ListingRef } from "../channel";
import { ChannelError } from "../channel";

export interface SellerShop {
  id: string;
  channel: Channel & Catalogue;
}

const CURSOR = /^(\d+):(.*)$/s;

export function createTikTokSellerChannel(shops: SellerShop[]): Channel & Catalogue {
  if (!shops.length) throw new ChannelError("validation", "This TikTok seller has authorised no shop.");
  const first = shops[0]!.channel;
  const byId = new Map(shops.map((s) => [s.id, s.channel]));
  const pick = (ref: ListingRef) => {
    if (!ref.marketplaceId) return first; // listings imported before the seller had several shops
    const ch = byId.get(ref.marketplaceId);
    if (!ch) throw new ChannelError("not_found", `Shop ${ref.marketplaceId} is no longer authorised for this seller.`);
    return ch;
  };
  return {
    id: first.id,
    capabilities: first.capabilities,
    validate: (images) => first.validate(images),
    readImages: async (ref) => pick(ref).readImages(ref),
    setImages: async (ref, desired, hooks) => pick(ref).setImages(ref, desired, hooks),
    async listListings(accountId, page) {
      const m = page.cursor ? CURSOR.exec(page.cursor) : null;
      const index = m ? Number(m[1]) : 0;
      const shop = shops[index];
      if (!shop) return { items: [], nextCursor: null };
      const res = await shop.channel.listListings(accountId, { cursor: m?.[2] ? m[2] : null, limit: page.limit });
      const items = res.items.map((it) => ({ ...it, ref: { ...it.ref, marketplaceId: shop.id } }));
      const nextCursor = res.nextCursor ? `${index}:${res.nextCursor}` : index + 1 < shops.length ? `${index + 1}:` : null;
      return { items, nextCursor };
    },
  };
}
