// A member's recent searches (issue #7): written when the library runs a search they typed, read back as
// suggestions. Scoped by shop and member on every statement; same SQL on PGlite and PostgreSQL.
import type { Prisma as Client } from "../../db/database";
import { Prisma } from "../../../.generated/prisma/client";
import { likeLiteral } from "../../db/like";

/** How many searches a member's history keeps (the newest). */
export const RECENT_SEARCHES_KEPT = 20;

export interface RecentSearchRow {
  query: string;
  usedAt: Date;
  uses: number;
}

/**
 * The same search again within this of its last use is one use: the page revalidating after an action on
 * it, or a reload, runs the search again without the member asking for it.
 */
const REPEAT_WITHIN = "1 minute";

/**
 * Records `query` as the member's newest search (the same text in another case is the same search: its
 * row is moved to the top) and drops what falls beyond the newest RECENT_SEARCHES_KEPT, in one transaction.
 */
export async function saveRecentSearch(db: Client, shopId: string, memberId: string, query: string, at: Date): Promise<void> {
  await db.$transaction([
    db.$executeRaw(Prisma.sql`
      INSERT INTO "RecentSearch" ("id", "shopId", "memberId", "query", "queryKey", "usedAt", "uses")
      VALUES (gen_random_uuid(), ${shopId}::uuid, ${memberId}::uuid, ${query}, ${query.toLowerCase()}, ${at}, 1)
      ON CONFLICT ("memberId", "queryKey") DO UPDATE
        SET "query" = EXCLUDED."query", "usedAt" = GREATEST("RecentSearch"."usedAt", EXCLUDED."usedAt"),
            "uses" = "RecentSearch"."uses" + CASE WHEN EXCLUDED."usedAt" >= "RecentSearch"."usedAt" + ${REPEAT_WITHIN}::interval THEN 1 ELSE 0 END
      WHERE "RecentSearch"."shopId" = ${shopId}::uuid`),
    db.$executeRaw(Prisma.sql`
      DELETE FROM "RecentSearch" r
       WHERE r."shopId" = ${shopId}::uuid AND r."memberId" = ${memberId}::uuid
         AND r."id" NOT IN (SELECT k."id" FROM "RecentSearch" k WHERE k."shopId" = ${shopId}::uuid AND k."memberId" = ${memberId}::uuid
                             ORDER BY k."usedAt" DESC, k."id" DESC LIMIT ${RECENT_SEARCHES_KEPT})`),
  ]);
}

/** The member's searches, newest first; with `prefix`, those whose text starts with it (any case). */
export function findRecentSearches(db: Client, shopId: string, memberId: string, prefix: string | null, limit: number): Promise<RecentSearchRow[]> {
  const starts = prefix ? Prisma.sql`AND "queryKey" LIKE ${`${likeLiteral(prefix.toLowerCase())}%`}` : Prisma.empty;
  return db.$queryRaw<RecentSearchRow[]>(Prisma.sql`
    SELECT "query", "usedAt", "uses" FROM "RecentSearch"
     WHERE "shopId" = ${shopId}::uuid AND "memberId" = ${memberId}::uuid ${starts}
     ORDER BY "usedAt" DESC, "id" DESC LIMIT ${limit}`);
}

/** Forgets one search (by its text, any case) or, without `query`, the member's whole history; how many went. */
export async function deleteRecentSearches(db: Client, shopId: string, memberId: string, query?: string): Promise<number> {
  const r = await db.recentSearch.deleteMany({ where: { shopId, memberId, ...(query !== undefined ? { queryKey: query.toLowerCase() } : {}) } });
  return r.count;
}
