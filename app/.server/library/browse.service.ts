// Read-side helpers for the admin UI (library facets, the duplicate prompt). Mutations stay in
// assets.service.ts / ingest.service.ts.
import type { Prisma } from "../db/database";
import { notFound } from "../errors";
import { findAsset } from "./assets.repository";
import { listTagsWithCounts } from "./tags.repository";
import { marketScope, type Principal } from "../governance/policy";

export interface TagFacet {
  name: string;
  label: string;
  /** Assets carrying the tag. */
  count: number;
}

/** Tags in use on active assets, with how many assets carry each (the library's tag filter). */
export async function listTagFacets(deps: { prisma: Prisma }, shopId: string, caller: Principal, limit = 200): Promise<TagFacet[]> {
  const rows = await listTagsWithCounts(deps.prisma, shopId, marketScope(caller), limit);
  return rows.map((t) => ({ name: t.name, label: t.label, count: t._count.assets }));
}

export interface DuplicateTarget {
  assetId: string;
  title: string;
  archived: boolean;
  latestVersionNumber: number | null;
  /** The duplicate is the asset's latest version: adding it again as a new version would be refused. */
  isLatest: boolean;
}

/** What the duplicate prompt needs to know about the asset that already holds an uploaded file. */
export async function describeDuplicateTarget(
  deps: { prisma: Prisma },
  shopId: string,
  assetId: string,
  versionId: string
): Promise<DuplicateTarget> {
  const asset = await findAsset(deps.prisma, shopId, assetId);
  if (!asset) throw notFound("That asset");
  return {
    assetId: asset.id,
    title: asset.title,
    archived: asset.archivedAt !== null,
    latestVersionNumber: asset.latestVersion?.number ?? null,
    isLatest: asset.latestVersionId === versionId,
  };
}
