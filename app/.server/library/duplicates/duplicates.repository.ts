// Rows the Duplicates page reads (issue #7): candidate pairs among the latest versions of the shop's
// non-archived images in the caller's market scope — stored VersionPair rows, found when each version was
// stored (pHash band lookups and the same bytes, exact Hamming distance by bit_count of the XOR: migration
// duplicate_pairs) — then the colour histograms of just those assets, the facts a group shows, and "not
// duplicates" dismissals. Every query is scoped by shopId.
import type { Prisma as PrismaClient, Tx } from "../../db/database";
import { Prisma } from "../../../.generated/prisma/client";
import { scopeSql, type MarketScope } from "../assets.repository";
import type { CandidatePair } from "./grouping";
import { decodeColourHex } from "../similar/colour-code";

/** The widest pHash distance VersionPair stores (migration duplicate_pairs); grouping may not ask for more. */
export const STORED_PAIR_DISTANCE = 8;

/**
 * Candidate pairs of assets (a < b) whose latest versions are a stored VersionPair within `maxDistance`
 * bits, or the same bytes: visible to `scope`, not archived, images. The pairs were found when each
 * version was stored (triggers), so this reads the shop's pairs, not the library. At most `limit` pairs
 * (the caller says so when it is reached).
 */
export async function findCandidatePairs(db: PrismaClient, shopId: string, scope: MarketScope, maxDistance: number, limit: number): Promise<CandidatePair[]> {
  if (maxDistance > STORED_PAIR_DISTANCE) throw new RangeError(`Pairs are stored up to ${STORED_PAIR_DISTANCE} bits apart, not ${maxDistance}`);
  const rows = await db.$queryRaw<Array<{ a: string; b: string; distance: number | null; sameBytes: boolean }>>(candidatePairsSql(shopId, scope, maxDistance, limit));
  return rows.map((r) => ({ a: r.a, b: r.b, distance: r.distance, sameBytes: r.sameBytes }));
}

/** The statement of findCandidatePairs (exported for the benchmark's EXPLAIN). */
export function candidatePairsSql(shopId: string, scope: MarketScope, maxDistance: number, limit: number): Prisma.Sql {
  const visible = (alias: "x" | "y") => {
    const a = Prisma.raw(alias);
    return Prisma.sql`${a}."shopId" = ${shopId}::uuid AND ${a}."archivedAt" IS NULL AND ${a}."kind" = 'image' AND ${scopeSql(scope, alias)}`;
  };
  return Prisma.sql`
    SELECT LEAST(x."id", y."id")::text AS "a", GREATEST(x."id", y."id")::text AS "b", p."distance", p."sameBytes"
    FROM "VersionPair" p
    JOIN "Asset" x ON x."latestVersionId" = p."versionAId"
    JOIN "Asset" y ON y."latestVersionId" = p."versionBId"
    WHERE p."shopId" = ${shopId}::uuid AND (p."sameBytes" OR p."distance" <= ${maxDistance})
      AND ${visible("x")} AND ${visible("y")}
    LIMIT ${limit}`;
}

/** The colour analyser's histogram of each asset's latest version (null: not analysed or failed), from the Asset row. */
export async function findLatestColours(db: Tx, shopId: string, assetIds: string[]): Promise<Map<string, number[] | null>> {
  const out = new Map<string, number[] | null>();
  for (let i = 0; i < assetIds.length; i += 1000) {
    const ids = assetIds.slice(i, i + 1000);
    const rows = await db.$queryRaw<Array<{ assetId: string; colour: string | null }>>(Prisma.sql`
      SELECT a."id" AS "assetId", encode(a."latestColour", 'hex') AS "colour"
      FROM "Asset" a
      WHERE a."shopId" = ${shopId}::uuid AND a."id" = ANY(${ids}::uuid[])`);
    for (const r of rows) out.set(r.assetId, decodeColourHex(r.colour));
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
