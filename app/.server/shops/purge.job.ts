// `shop.purge` (shop/redact): erases every row and every blob of the shop. Rows first (the Shop row's
// delete cascades to all shop-owned tables; sessions are keyed by domain), so a job still running for
// the shop finds nothing to work on and removes what it wrote; then every blob under the namespace.
import type { Prisma } from "../db/database";
import type { BlobStore } from "../media/blob-store";
import { deleteShopAndDependents, findShopById } from "./shops.repository";

export async function purgeShop(deps: { prisma: Prisma; blobs: BlobStore }, shopId: string): Promise<void> {
  const shop = await findShopById(deps.prisma, shopId);
  if (!shop) {
    // A retry after the rows went: finish erasing the bytes.
    for await (const item of deps.blobs.list(shopId)) await deps.blobs.delete(item.key);
    return;
  }
  await deps.prisma.$transaction((tx) => deleteShopAndDependents(tx, shop));
  for await (const item of deps.blobs.list(shopId)) await deps.blobs.delete(item.key);
}
