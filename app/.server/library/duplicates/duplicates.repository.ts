// Rows the Duplicates page reads (issue #7): candidate pairs among the latest versions of the shop's
// non-archived images in the caller's market scope, found through the pHash bands (one equi-join per
// band, so the work grows with the pairs that share a band, not with n²) plus pairs of the same bytes; the exact Hamming distance is filtered in SQL (bit_count of the XOR,
// PostgreSQL ≥ 14 and PGlite). Then the colour histograms of just those assets, the facts a group shows,
// and "not duplicates" dismissals. Every query is scoped by shopId.
import { BULK_TRANSACTION, type Prisma as PrismaClient, type Tx } from "../../db/database";
import { Prisma } from "../../../.generated/prisma/client";
import { scopeSql, type MarketScope } from "../assets.repository";
import type { CandidatePair } from "./grouping";

/**
 * Candidate pairs (a < b) whose latest versions share a pHash band and are within `maxDistance` bits, or
 * are the same bytes. The visible latest versions are read once (each hash as bit(64)); each band is then
 * an equi-join the planner runs as a hash join, so the work is O(n + pairs sharing a band), never n².
 * At most `limit` pairs (the caller says so when it is reached).
 */
export async function findCandidatePairs(db: PrismaClient, shopId: string, scope: MarketScope, maxDistance: number, limit: number): Promise<CandidatePair[]> {
  // The default 4 MB work_mem spills the materialised versions and the band hash tables to disk at
  // 100k assets (2 batches each; PGlite's disk is memory anyway): room for them, for this statement only.
  const rows = await db.$transaction(async (tx) => {
    await tx.$executeRawUnsafe(`SET LOCAL work_mem = '64MB'`);
    return tx.$queryRaw<Array<{ a: string; b: string; distance: number | null; sameBytes: boolean }>>(candidatePairsSql(shopId, scope, maxDistance, limit));
  }, BULK_TRANSACTION);
  return rows.map((r) => ({ a: r.a, b: r.b, distance: r.distance, sameBytes: r.sameBytes }));
}

/** The statement of findCandidatePairs (exported for the benchmark's EXPLAIN). */
export function candidatePairsSql(shopId: string, scope: MarketScope, maxDistance: number, limit: number): Prisma.Sql {
  const byBand = (band: 0 | 1 | 2 | 3) => {
    const col = Prisma.raw(`"b${band}"`);
    return Prisma.sql`SELECT x."id" AS "a", y."id" AS "b", bit_count(x."h" # y."h")::int AS "distance", (x."blob" = y."blob") AS "sameBytes"
      FROM v x JOIN v y ON y.${col} = x.${col} AND y."id" > x."id"
      WHERE bit_count(x."h" # y."h") <= ${maxDistance}`;
  };
  return Prisma.sql`
    WITH v AS MATERIALIZED (
      SELECT a."id", av."blobId" AS "blob", ('x' || av."phash")::bit(64) AS "h",
        av."phashB0" AS "b0", av."phashB1" AS "b1", av."phashB2" AS "b2", av."phashB3" AS "b3"
      FROM "Asset" a
      JOIN "AssetVersion" av ON av."id" = a."latestVersionId" AND av."shopId" = ${shopId}::uuid
      WHERE a."shopId" = ${shopId}::uuid AND a."archivedAt" IS NULL AND a."kind" = 'image' AND ${scopeSql(scope, "a")}
    )
    SELECT "a", "b", MIN("distance")::int AS "distance", bool_or("sameBytes") AS "sameBytes" FROM (
      ${byBand(0)} UNION ALL ${byBand(1)} UNION ALL ${byBand(2)} UNION ALL ${byBand(3)}
      UNION ALL
      SELECT x."id" AS "a", y."id" AS "b", bit_count(x."h" # y."h")::int AS "distance", TRUE AS "sameBytes"
      FROM v x JOIN v y ON y."blob" = x."blob" AND y."id" > x."id"
    ) p
    GROUP BY "a", "b"
    LIMIT ${limit}`;
}

/** The colour analyser's histogram of each asset's latest version (null: not analysed or failed). */
export async function findLatestColours(db: Tx, shopId: string, assetIds: string[]): Promise<Map<string, number[] | null>> {
  const out = new Map<string, number[] | null>();
  for (let i = 0; i < assetIds.length; i += 1000) {
    const ids = assetIds.slice(i, i + 1000);
    const rows = await db.$queryRaw<Array<{ assetId: string; colour: unknown }>>(Prisma.sql`
      SELECT a."id" AS "assetId", va."result"->'features'->'colour' AS "colour"
      FROM "Asset" a
      LEFT JOIN "VersionAnalysis" va ON va."versionId" = a."latestVersionId" AND va."shopId" = ${shopId}::uuid AND va."analyser" = 'colour' AND va."status" = 'ok'
      WHERE a."shopId" = ${shopId}::uuid AND a."id" = ANY(${ids}::uuid[])`);
    for (const r of rows) out.set(r.assetId, Array.isArray(r.colour) && r.colour.every((x) => typeof x === "number") ? (r.colour as number[]) : null);
  }
  return out;
}

/** Placements per asset. */
export async function countPlacementsByAsset(db: Tx, shopId: string, assetIds: string[]): Promise<Map<string, number>> {
  if (!assetIds.length) return new Map();
  const rows = await db.placement.groupBy({ by: ["assetId"], where: { shopId, assetId: { in: assetIds } }, _count: { _all: true } });
  return new Map(rows.map((r) => [r.assetId, r._count._all]));
}

/** Dismissed pairs touching any of these assets, as "a|b" keys. */
export async function findDismissedPairs(db: Tx, shopId: string, assetIds: string[]): Promise<Array<{ a: string; b: string }>> {
  const out: Array<{ a: string; b: string }> = [];
  for (let i = 0; i < assetIds.length; i += 1000) {
    const ids = assetIds.slice(i, i + 1000);
    const rows = await db.duplicateDismissal.findMany({
      where: { shopId, OR: [{ assetAId: { in: ids } }, { assetBId: { in: ids } }] },
      select: { assetAId: true, assetBId: true },
    });
    for (const r of rows) out.push({ a: r.assetAId, b: r.assetBId });
  }
  return out;
}

/** Records "not duplicates" for each pair (a < b); pairs already recorded are left as they are. */
export function insertDismissals(db: Tx, shopId: string, pairs: Array<[string, string]>, createdBy: string) {
  return db.duplicateDismissal.createMany({
    data: pairs.map(([a, b]) => ({ shopId, assetAId: a, assetBId: b, createdBy })),
    skipDuplicates: true,
  });
}
