// Blobs are written before their rows commit; a process killed in between leaves bytes no row points
// to. This sweep deletes such bytes once they are older than any upload that could still commit them.
import type { BlobStore } from "../media/blob-store";
import type { Prisma } from "../db/database";
import { knownStorageKeys } from "./blobs.repository";

export async function sweepOrphanBlobs(
  deps: { blobs: BlobStore; db: { prisma: Prisma } },
  shopId: string,
  opts: { olderThanMs?: number; now?: Date } = {},
): Promise<number> {
  const cutoff = (opts.now ?? new Date()).getTime() - (opts.olderThanMs ?? 60 * 60 * 1000);
  let removed = 0;
  let batch: string[] = [];
  const flush = async () => {
    const known = await knownStorageKeys(deps.db.prisma, shopId, batch);
    for (const key of batch) if (!known.has(key)) {
      await deps.blobs.delete(key);
      removed++;
    }
    batch = [];
  };
  for await (const item of deps.blobs.list(shopId)) {
    if (item.modifiedAt.getTime() > cutoff) continue;
    batch.push(item.key);
    if (batch.length >= 500) await flush();
  }
  if (batch.length) await flush();
  return removed;
}
