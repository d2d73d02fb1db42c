import type { Tx } from "../db/database";

/** A version's uploaded file (for downloads): scoped by shop and asset, so ids from elsewhere find nothing. */
export function findVersionOriginal(db: Tx, shopId: string, assetId: string, versionId: string) {
  return db.assetVersion.findFirst({
    where: { id: versionId, assetId, shopId },
    select: { id: true, number: true, originalFilename: true, blob: { select: { storageKey: true, mime: true, bytes: true } } },
  });
}
