// The REST shape of a collection.
import type { CollectionSummary } from "./collections.service";

export const presentCollection = (c: CollectionSummary) => ({
  id: c.id,
  name: c.name,
  description: c.description,
  assetCount: c.assetCount,
  approvalChain: c.approvalChain,
  createdAt: c.createdAt.toISOString(),
});
