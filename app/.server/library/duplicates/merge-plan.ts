// What merging duplicates into one asset does (issue #7), pure: the preview shows exactly this plan and
// the merge applies exactly it.
//  - Versions of the merged assets move to the survivor unchanged (same blobs, states, approvals,
//    renditions), numbered after the survivor's newest, merged asset by merged asset (oldest asset
//    first) in their own order; each keeps where it came from. The survivor's latest and live stay.
//  - Tags: the union. A tag the survivor rejected stays rejected; a user or metadata tag of a merged
//    asset replaces the survivor's undecided auto tag of the same name; otherwise the survivor's row wins.
//  - Placements move to the survivor: a pinned one stays pinned to its (moved) version, a following one
//    now follows the survivor's live version. Where the survivor (or an earlier merged asset) is already
//    on that listing, the merged one's placement is taken off and reported: one gallery never shows the
//    same asset twice. A listing is published again when what it should show changes.
//  - Rights: the survivor keeps its own; where a merged asset's are stricter, the preview says so.
//  - Rendition Fixes (per channel preset): the survivor keeps its own; a merged asset's Fix for a preset
//    the survivor has none for becomes the survivor's (the oldest merged asset's first). The others stay
//    on the archived asset, listed in the preview.

import type { RightsData } from "../../governance/rights.repository";
export interface PlanVersion { id: string; number: number; state: string; originalFilename: string }
export interface PlanPlacement {
  id: string;
  listingId: string;
  listingTitle: string;
  channel: string;
  slot: string;
  pinnedVersionId: string | null;
  desiredAssetId: string | null;
  desiredVersionId: string | null;
}
/** What the merge compares of an asset's rights (the licensor and fallback do not decide a conflict). */
export type PlanRights = Omit<RightsData, "licensor" | "fallbackAssetId">;
export interface PlanTag { tagId: string; label: string; source: string; state: string; confidence: number; facet: string | null; analyser: string | null; decidedBy: string | null; decidedAt: Date | null }
export interface PlanAsset {
  id: string;
  title: string;
  createdAt: Date;
  liveVersionId: string | null;
  versions: PlanVersion[];
  placements: PlanPlacement[];
  rights: PlanRights | null;
  tags: PlanTag[];
  collections: Array<{ id: string; name: string }>;
  /** Channel presets the asset has a rendition Fix for. */
  fixes: string[];
}

export interface VersionMove { versionId: string; fromAssetId: string; fromNumber: number; number: number; state: string; filename: string }
/** A merged asset's placement, where it is. */
interface MergedPlacement {
  placementId: string;
  fromAssetId: string;
  listingId: string;
  listingTitle: string;
  channel: string;
  slot: string;
}
export interface PlacementMove extends MergedPlacement {
  /** Pinned placements name the version's new number; following ones follow the survivor's live version. */
  pinnedNumber: number | null;
  /** The listing's gallery changes: a publish is queued. */
  publish: boolean;
}
/** The merged asset's placement that is taken off the listing. */
export interface SlotConflict extends MergedPlacement {
  /** The placement that stays (the survivor's, or an earlier merged asset's now the survivor's). */
  keptPlacementId: string;
  keptSlot: string;
}
export interface RightsConflict { assetId: string; title: string; message: string }
export interface TagChange { tagId: string; label: string; fromAssetId: string; change: "added" | "became_user"; row: PlanTag }

export interface MergePlan {
  survivorId: string;
  mergedIds: string[];
  versions: VersionMove[];
  placements: PlacementMove[];
  conflicts: SlotConflict[];
  rights: RightsConflict[];
  tags: TagChange[];
  /** Tags that stay as the survivor has them although a merged asset had them otherwise (e.g. rejected). */
  tagsKept: Array<{ label: string; state: string; fromAssetId: string }>;
  collections: Array<{ id: string; name: string }>;
  /** Rendition Fixes that become the survivor's. */
  fixes: FixMove[];
  /** Rendition Fixes that stay on the merged asset: the survivor (or an earlier merged asset) has one for the preset. */
  fixesKept: FixMove[];
  listingsToPublish: string[];
}
export interface FixMove { presetId: string; fromAssetId: string }

const day = (d: Date) => d.toISOString().slice(0, 10);

export function planMerge(survivor: PlanAsset, mergedIn: readonly PlanAsset[]): MergePlan {
  const merged = [...mergedIn].sort((x, y) => x.createdAt.getTime() - y.createdAt.getTime() || x.id.localeCompare(y.id));
  const versionNumber = new Map<string, number>();
  let next = Math.max(0, ...survivor.versions.map((v) => v.number));
  const versions: VersionMove[] = [];
  for (const m of merged)
    for (const v of [...m.versions].sort((x, y) => x.number - y.number)) {
      next += 1;
      versionNumber.set(v.id, next);
      versions.push({ versionId: v.id, fromAssetId: m.id, fromNumber: v.number, number: next, state: v.state, filename: v.originalFilename });
    }

  // Placements: one per listing for the survivor.
  const onListing = new Map<string, PlanPlacement>(survivor.placements.map((p) => [p.listingId, p]));
  const placements: PlacementMove[] = [];
  const conflicts: SlotConflict[] = [];
  const publish = new Set<string>();
  for (const m of merged)
    for (const p of [...m.placements].sort((x, y) => x.listingId.localeCompare(y.listingId) || x.slot.localeCompare(y.slot))) {
      const kept = onListing.get(p.listingId);
      if (kept) {
        conflicts.push({ placementId: p.id, fromAssetId: m.id, listingId: p.listingId, listingTitle: p.listingTitle, channel: p.channel, slot: p.slot, keptPlacementId: kept.id, keptSlot: kept.slot });
        publish.add(p.listingId);
        continue;
      }
      onListing.set(p.listingId, p);
      const willShow = p.pinnedVersionId ?? survivor.liveVersionId;
      const changes = p.desiredAssetId !== m.id || !willShow || p.desiredVersionId !== willShow;
      if (changes) publish.add(p.listingId);
      placements.push({
        placementId: p.id,
        fromAssetId: m.id,
        listingId: p.listingId,
        listingTitle: p.listingTitle,
        channel: p.channel,
        slot: p.slot,
        pinnedNumber: p.pinnedVersionId ? (versionNumber.get(p.pinnedVersionId) ?? null) : null,
        publish: changes,
      });
    }

  // Tags: the union, the survivor's decisions first.
  const survivorTags = new Map(survivor.tags.map((t) => [t.tagId, t]));
  const tags: TagChange[] = [];
  const tagsKept: MergePlan["tagsKept"] = [];
  const isPersons = (t: PlanTag) => t.source === "user" || t.source === "metadata";
  for (const m of merged)
    for (const t of m.tags) {
      const mine = survivorTags.get(t.tagId);
      if (!mine) {
        survivorTags.set(t.tagId, t);
        tags.push({ tagId: t.tagId, label: t.label, fromAssetId: m.id, change: "added", row: t });
      } else if (mine.state !== "rejected" && isPersons(t) && !isPersons(mine) && !mine.decidedAt) {
        survivorTags.set(t.tagId, t);
        tags.push({ tagId: t.tagId, label: t.label, fromAssetId: m.id, change: "became_user", row: t });
      } else if (mine.state !== t.state) tagsKept.push({ label: t.label, state: mine.state, fromAssetId: m.id });
    }

  const collections = new Map<string, { id: string; name: string }>();
  const survivorCollections = new Set(survivor.collections.map((c) => c.id));
  for (const m of merged) for (const c of m.collections) if (!survivorCollections.has(c.id)) collections.set(c.id, c);

  const fixed = new Set(survivor.fixes);
  const fixes: FixMove[] = [];
  const fixesKept: FixMove[] = [];
  for (const m of merged)
    for (const presetId of [...m.fixes].sort()) {
      if (fixed.has(presetId)) fixesKept.push({ presetId, fromAssetId: m.id });
      else {
        fixed.add(presetId);
        fixes.push({ presetId, fromAssetId: m.id });
      }
    }

  return {
    survivorId: survivor.id,
    mergedIds: merged.map((m) => m.id),
    versions,
    placements,
    conflicts,
    rights: merged.flatMap((m) => rightsConflicts(survivor, m)),
    tags,
    tagsKept,
    collections: [...collections.values()].sort((x, y) => x.name.localeCompare(y.name)),
    fixes,
    fixesKept,
    listingsToPublish: [...publish].sort(),
  };
}

/** Where a merged asset's rights are stricter than the survivor's (the survivor's rights are what stay). */
export function rightsConflicts(survivor: PlanAsset, m: PlanAsset): RightsConflict[] {
  const r = m.rights;
  if (!r) return [];
  const s = survivor.rights;
  const out: string[] = [];
  const them = `“${survivor.title}”`;
  if (r.licenceEnd && (!s?.licenceEnd || r.licenceEnd < s.licenceEnd))
    out.push(`its licence ends ${day(r.licenceEnd)}, ${s?.licenceEnd ? `before ${them}'s (${day(s.licenceEnd)})` : `and ${them}'s has no end`}`);
  if (r.licenceStart && (!s?.licenceStart || r.licenceStart > s.licenceStart))
    out.push(`its licence starts ${day(r.licenceStart)}, ${s?.licenceStart ? `after ${them}'s (${day(s.licenceStart)})` : `and ${them}'s has no start`}`);
  const narrower = (mine: string[], theirs: string[] | undefined) => mine.length > 0 && (!theirs?.length || theirs.some((x) => !mine.includes(x)));
  if (narrower(r.territories, s?.territories)) out.push(`it is licensed only in ${r.territories.join(", ")}`);
  if (narrower(r.channels, s?.channels)) out.push(`it may be used only on ${r.channels.join(", ")}`);
  if (r.containsPeople && r.modelReleaseRef && !s?.modelReleaseRef) out.push(`it has a model release (${r.modelReleaseRef}) that ${them} does not record`);
  if (r.status === "expired" || r.status === "restricted") out.push(`its rights are ${r.status}`);
  return out.map((message) => ({ assetId: m.id, title: m.title, message: `“${m.title}”: ${message}. After the merge ${them}'s rights apply to its versions.` }));
}
