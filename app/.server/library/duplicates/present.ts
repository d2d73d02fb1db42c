// The REST and page shapes of duplicate groups and of a merge (preview or done).
import { presentAsset } from "../present";
import type { DuplicateGroups } from "./duplicates.service";
import type { MergeOutcome } from "./merge.service";

export function presentGroups(mediaKey: string, r: DuplicateGroups) {
  return {
    groups: r.groups.map((g) => ({
      key: g.key,
      suggestedSurvivorId: g.suggestedSurvivorId,
      assets: g.members.map(({ asset, placements }) => {
        const a = presentAsset(mediaKey, asset);
        return {
          id: a.id,
          title: a.title,
          thumbnailUrl: a.thumbnailUrl,
          filename: a.latestVersion?.filename ?? null,
          width: a.latestVersion?.width ?? null,
          height: a.latestVersion?.height ?? null,
          markets: a.markets,
          versionCount: a.versionCount,
          placements,
          createdAt: a.createdAt,
        };
      }),
      pairs: g.pairs.map((p) => ({ a: p.a, b: p.b, distance: p.distance, colourDistance: p.colourDistance, sameBytes: p.sameBytes })),
    })),
    totalGroups: r.totalGroups,
    nextCursor: r.nextCursor,
    truncated: r.truncated,
  };
}
export type DuplicateGroupsDto = ReturnType<typeof presentGroups>;

export function presentMerge(m: MergeOutcome) {
  const title = (id: string) => m.titles[id] ?? id;
  return {
    dryRun: m.dryRun,
    survivor: { id: m.survivorId, title: m.survivorTitle },
    merged: m.mergedIds.map((id) => ({ id, title: title(id) })),
    versions: m.versions.map((v) => ({ versionId: v.versionId, from: { assetId: v.fromAssetId, title: title(v.fromAssetId), number: v.fromNumber }, number: v.number, state: v.state, filename: v.filename })),
    placements: m.placements.map((p) => ({
      placementId: p.placementId, fromAssetId: p.fromAssetId, listingId: p.listingId, listingTitle: p.listingTitle, channel: p.channel, slot: p.slot,
      follows: p.pinnedNumber === null ? "latest approved" : `pinned to v${p.pinnedNumber}`, publish: p.publish,
    })),
    slotConflicts: m.conflicts.map((c) => ({
      placementId: c.placementId, fromAssetId: c.fromAssetId, listingId: c.listingId, listingTitle: c.listingTitle, channel: c.channel, slot: c.slot,
      keptPlacementId: c.keptPlacementId, keptSlot: c.keptSlot,
      message: `${c.listingTitle} (${c.channel}) already shows “${m.survivorTitle}” in ${c.keptSlot}: “${title(c.fromAssetId)}” is taken off ${c.slot}.`,
    })),
    rightsConflicts: m.rights.map((r) => ({ assetId: r.assetId, message: r.message })),
    tags: m.tags.map((t) => ({ label: t.label, fromAssetId: t.fromAssetId, change: t.change, state: t.row.state })),
    tagsKept: m.tagsKept,
    collections: m.collections,
    fixes: m.fixes.map((f) => ({ presetId: f.presetId, fromAssetId: f.fromAssetId, fromTitle: title(f.fromAssetId) })),
    fixesKept: m.fixesKept.map((f) => ({ presetId: f.presetId, fromAssetId: f.fromAssetId, fromTitle: title(f.fromAssetId) })),
    shopFallback: m.shopFallback,
    shareLinks: m.shareLinks,
    fallbackListings: m.fallbackListings,
    listingsToPublish: m.listingsToPublish.length,
    batchId: m.batchId,
  };
}
export type MergeDto = ReturnType<typeof presentMerge>;
