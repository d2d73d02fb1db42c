import type { Tx } from "../db/database";

export function findBlobBySha(db: Tx, shopId: string, sha256: string) {
  return db.blob.findUnique({ where: { shopId_sha256: { shopId, sha256 } } });
}

export function createBlob(
  db: Tx,
  shopId: string,
  data: { sha256: string; bytes: number; mime: string; storageKey: string },
) {
  return db.blob.create({ data: { shopId, ...data, bytes: BigInt(data.bytes) } });
}

/** Upsert by content: a rendition made twice from the same bytes is one Blob row. */
export function upsertBlob(
  db: Tx,
  shopId: string,
  data: { sha256: string; bytes: number; mime: string; storageKey: string },
) {
  return db.blob.upsert({
    where: { shopId_sha256: { shopId, sha256: data.sha256 } },
    create: { shopId, ...data, bytes: BigInt(data.bytes) },
    update: {},
  });
}

/** Storage keys of the shop's blobs among `keys` (for the orphan sweeper). */
export async function knownStorageKeys(db: Tx, shopId: string, keys: string[]): Promise<Set<string>> {
  const rows = await db.blob.findMany({ where: { shopId, storageKey: { in: keys } }, select: { storageKey: true } });
  return new Set(rows.map((r) => r.storageKey));
}

export function findBlobForMedia(db: Tx, mediaKey: string, sha256: string) {
  return db.blob.findFirst({ where: { sha256, shop: { mediaKey }, renditions: { some: {} } } });
}

export function findBlobByStorageKey(db: Tx, shopId: string, storageKey: string) {
  return db.blob.findFirst({ where: { shopId, storageKey }, select: { id: true } });
}
