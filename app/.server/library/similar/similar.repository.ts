// Rows "find similar" reads (issue #7 §4): the probe version's pHash and colour histogram, candidates by
// pHash band (one index per band, ORed: any equal 16-bit band), and the shop's latest versions with their
// colour histograms for the colour ranking (both from the Asset row). Always the latest version of assets in the caller's market
// scope that are not archived; every query scoped by shopId. Plain SQL that runs on PGlite and PostgreSQL.
import type { Tx } from "../../db/database";
import { Prisma } from "../../../.generated/prisma/client";
import { scopeSql, type MarketScope } from "../assets.repository";
import { decodeColourHex, type ColourCell } from "./colour-code";

export interface SimilarRow {
  versionId: string;
  assetId: string;
  phash: string | null;
  /** The colour analyser's 64-bin histogram (null: not analysed, or it failed). */
  colour: number[] | null;
}

type RawRow = { versionId: string; assetId: string; phash: string | null; colour: string | null };

// The latest version's pHash and colour live on the Asset row (Asset.latestPhash / latestColour, kept by
// triggers): the colour pass reads one table. The histogram comes as hex (colour-code.ts).
const columns = Prisma.sql`a."latestVersionId" AS "versionId", a."id" AS "assetId", a."latestPhash" AS "phash", encode(a."latestColour", 'hex') AS "colour"`;

const visible = (shopId: string, scope: MarketScope, excludeAssetId: string | null) => Prisma.sql`
  a."shopId" = ${shopId}::uuid AND a."archivedAt" IS NULL AND a."latestVersionId" IS NOT NULL AND ${scopeSql(scope, "a")}
    ${excludeAssetId ? Prisma.sql`AND a."id" <> ${excludeAssetId}::uuid` : Prisma.empty}`;

const normalise = (rows: RawRow[]): SimilarRow[] =>
  rows.map((r) => ({ versionId: r.versionId, assetId: r.assetId, phash: r.phash, colour: decodeColourHex(r.colour) }));

/** The asset's latest version with its pHash and colour histogram (no scope: the service authorises the asset). */
export async function findProbeVersion(db: Tx, shopId: string, assetId: string): Promise<SimilarRow | null> {
  const rows = await db.$queryRaw<RawRow[]>(Prisma.sql`
    SELECT ${columns} FROM "Asset" a
    WHERE a."shopId" = ${shopId}::uuid AND a."id" = ${assetId}::uuid AND a."latestVersionId" IS NOT NULL`);
  return normalise(rows)[0] ?? null;
}

/**
 * Latest versions (visible to `scope`, not archived, not `excludeAssetId`) whose pHash shares at least
 * one 16-bit band with `bands` — each band has its own (shopId, phashBn) index on the version, so this
 * reads only the matching rows. At most `limit` rows.
 */
export async function findBandCandidates(
  db: Tx,
  shopId: string,
  scope: MarketScope,
  bands: readonly [number, number, number, number],
  opts: { excludeAssetId: string | null; limit: number },
): Promise<SimilarRow[]> {
  const [b0, b1, b2, b3] = bands;
  const rows = await db.$queryRaw<RawRow[]>(Prisma.sql`
    SELECT ${columns}
    FROM "AssetVersion" v JOIN "Asset" a ON a."latestVersionId" = v."id"
    WHERE v."shopId" = ${shopId}::uuid AND (v."phashB0" = ${b0} OR v."phashB1" = ${b1} OR v."phashB2" = ${b2} OR v."phashB3" = ${b3})
      AND ${visible(shopId, scope, opts.excludeAssetId)}
    LIMIT ${opts.limit}`);
  return normalise(rows);
}

/**
 * Latest versions (visible, not archived, not `excludeAssetId`) that have a colour histogram or a pHash,
 * newest assets first, at most `limit`: what the colour ranking scores in memory. One index-ordered read
 * of Asset rows.
 */
export async function listComparableVersions(
  db: Tx,
  shopId: string,
  scope: MarketScope,
  opts: { excludeAssetId: string | null; limit: number },
): Promise<SimilarRow[]> {
  const rows = await db.$queryRaw<RawRow[]>(Prisma.sql`
    SELECT ${columns} FROM "Asset" a
    WHERE ${visible(shopId, scope, opts.excludeAssetId)} AND (a."latestColour" IS NOT NULL OR a."latestPhash" IS NOT NULL)
    ORDER BY a."createdAt" DESC, a."id" DESC
    LIMIT ${opts.limit}`);
  return normalise(rows);
}

/**
 * Assets sharing a core colour bin with the probe (AssetColourCell, kept by a trigger from the Asset row):
 * in each of `cells`, those whose share of that bin is nearest the probe's — half of them among every
 * asset with the bin in its core, half among those whose largest other bin is the probe's too (`other`:
 * the same two leading colours, which nearness in one bin alone rarely reaches when tens of thousands of
 * assets share a white background) — at most ceil(limit / cells / 4) at or above the probe's share and as
 * many below, four index range reads of that one table per bin, whatever the library's size. Not checked
 * for visibility (archived, market scope): the caller asks findVisibleAssetIds about the ones it ranks
 * first. An asset may come more than once.
 */
export async function findColourCandidates(db: Tx, shopId: string, cells: readonly ColourCell[], opts: { limit: number }): Promise<SimilarRow[]> {
  if (!cells.length) return [];
  const quarter = Math.max(1, Math.ceil(opts.limit / cells.length / 4));
  const near = (above: boolean, pair: boolean) => Prisma.sql`
      SELECT c."versionId", c."assetId", c."phash", encode(c."colour", 'hex') AS "colour" FROM "AssetColourCell" c
      WHERE c."shopId" = ${shopId}::uuid AND c."bin" = k.bin ${pair ? Prisma.sql`AND c."other" = k.other` : Prisma.empty}
        AND ${above ? Prisma.sql`c."weight" >= k.weight` : Prisma.sql`c."weight" < k.weight`}
      ORDER BY ${above ? Prisma.sql`c."weight" ASC, c."assetId" ASC` : Prisma.sql`c."weight" DESC, c."assetId" DESC`}
      LIMIT ${quarter}`;
  const rows = await db.$queryRaw<RawRow[]>(Prisma.sql`
    SELECT hit."versionId"::text AS "versionId", hit."assetId"::text AS "assetId", hit."phash", hit."colour"
    FROM unnest(${cells.map((c) => c.bin)}::smallint[], ${cells.map((c) => c.weight)}::int[], ${cells.map((c) => c.other)}::smallint[]) AS k(bin, weight, other)
    CROSS JOIN LATERAL ((${near(true, false)}) UNION ALL (${near(false, false)}) UNION ALL (${near(true, true)}) UNION ALL (${near(false, true)})) AS hit`);
  return normalise(rows);
}

/** Which of `assetIds` are visible to `scope` (not archived, latest version, not `excludeAssetId`). */
export async function findVisibleAssetIds(db: Tx, shopId: string, scope: MarketScope, assetIds: readonly string[], excludeAssetId: string | null): Promise<Set<string>> {
  if (!assetIds.length) return new Set();
  const rows = await db.$queryRaw<Array<{ id: string }>>(Prisma.sql`
    SELECT a."id"::text AS id FROM "Asset" a WHERE a."id" = ANY(${[...new Set(assetIds)]}::uuid[]) AND ${visible(shopId, scope, excludeAssetId)}`);
  return new Set(rows.map((r) => r.id));
}

/** Storage keys of the versions' preview renditions (the base recipe), for an embedding re-rank. */
export async function findPreviewKeys(db: Tx, shopId: string, versionIds: string[]): Promise<Map<string, string>> {
  if (!versionIds.length) return new Map();
  const rows = await db.rendition.findMany({
    where: { shopId, versionId: { in: versionIds }, presetId: "preview" },
    select: { versionId: true, blob: { select: { storageKey: true } } },
  });
  return new Map(rows.map((r) => [r.versionId, r.blob.storageKey]));
}
