// Search suggestions' reads (issue #7): tags and asset titles that match what is being typed, within the
// shop and the caller's market scope, over active assets only. Same SQL on PGlite and PostgreSQL.
import type { Tx } from "../../db/database";
import { Prisma } from "../../../.generated/prisma/client";
import { scopeSql, type MarketScope } from "../assets.repository";
import { likeLiteral } from "../../db/like";

export interface TagMatch {
  name: string;
  label: string;
  labelZh: string | null;
  /** Active assets in scope that carry the tag (accepted rows only), at most TAG_COUNT_CAP. */
  count: number;
  /** The tag starts with the prefix (rather than one of its later words, or a Chinese label containing it). */
  startsWith: boolean;
}

/** A tag's count stops here ("1000+"): counting every carrier of "blue" in a large library is what made suggestions slow. */
export const TAG_COUNT_CAP = 1000;

/**
 * Tags whose name (lower case) or one of its words starts with `prefix`, or whose Chinese label contains
 * it; with how many assets the caller can see carry each (up to TAG_COUNT_CAP). Tags no visible asset
 * carries are left out, so a suggestion never names a tag of assets outside the caller's markets.
 * Candidates are capped before the counts and each count stops at the cap, so a keystroke costs at most
 * `candidates` × TAG_COUNT_CAP index rows however large the library is.
 */
export async function findTagsByPrefix(db: Tx, shopId: string, scope: MarketScope, prefix: string, limit: number, candidates = 24): Promise<TagMatch[]> {
  const p = likeLiteral(prefix.toLowerCase());
  const rows = await db.$queryRaw<Array<{ name: string; label: string; labelZh: string | null; count: number; startsWith: boolean }>>(Prisma.sql`
    WITH cand AS (
      SELECT t."id", t."name", t."label", t."labelZh"
      FROM "Tag" t
      WHERE t."shopId" = ${shopId}::uuid
        AND (t."name" LIKE ${`${p}%`} OR t."name" LIKE ${`% ${p}%`} OR t."labelZh" LIKE ${`%${p}%`})
      ORDER BY (t."name" LIKE ${`${p}%`}) DESC, t."name"
      LIMIT ${candidates}
    )
    SELECT c."name", c."label", c."labelZh", n."count", (c."name" LIKE ${`${p}%`} OR c."labelZh" LIKE ${`${p}%`}) AS "startsWith"
    FROM cand c
    CROSS JOIN LATERAL (
      SELECT count(*)::int AS "count" FROM (
        SELECT 1
        FROM "AssetTag" atg
        JOIN "Asset" a ON a."id" = atg."assetId" AND a."shopId" = ${shopId}::uuid AND a."archivedAt" IS NULL AND ${scopeSql(scope, "a")}
        WHERE atg."shopId" = ${shopId}::uuid AND atg."tagId" = c."id" AND atg."state" = 'accepted'
        LIMIT ${TAG_COUNT_CAP}
      ) carriers
    ) n
    WHERE n."count" > 0
    ORDER BY "startsWith" DESC, n."count" DESC, c."name"
    LIMIT ${limit}`);
  return rows.map((r) => ({ ...r, count: Number(r.count) }));
}

export interface TitleMatch {
  id: string;
  title: string;
}

/**
 * Active assets in scope whose title contains `text` (any case), titles that start with it first, then
 * shorter titles, then newer. The trigram index on Asset.title finds them (three characters or more);
 * at most `candidates` matches are ranked.
 */
export async function findTitles(db: Tx, shopId: string, scope: MarketScope, text: string, limit: number, candidates = 200): Promise<TitleMatch[]> {
  const p = likeLiteral(text);
  return db.$queryRaw<TitleMatch[]>(Prisma.sql`
    WITH m AS (
      SELECT a."id", a."title", a."createdAt"
      FROM "Asset" a
      WHERE a."shopId" = ${shopId}::uuid AND a."archivedAt" IS NULL AND ${scopeSql(scope, "a")}
        AND a."title" ILIKE ${`%${p}%`}
      LIMIT ${candidates}
    )
    SELECT m."id", m."title" FROM m
    ORDER BY (m."title" ILIKE ${`${p}%`}) DESC, length(m."title"), m."createdAt" DESC, m."id"
    LIMIT ${limit}`);
}
