// `shop.purge` (shop/redact): erases every row and every blob of the shop. Blobs first, then the Shop
// row, whose delete cascades to all shop-owned tables; sessions are keyed by domain.
import type { Prisma } from "../db/database";
import type { BlobStore } from "../media/blob-store";
import { deleteShopAndDependents, findShopById } from "./shops.repository";

export async function purgeShop(deps: { prisma: Prisma; blobs: BlobStore }, shopId: string): Promise<void> {
  const shop = await findShopById(deps.prisma, shopId);
  if (!shop) return;
  for await (const item of deps.blobs.list(shopId)) await deps.blobs.delete(item.key);
  await deps.prisma.$transaction((tx) => deleteShopAndDependents(tx, shop));
}
