// Library search (issue #7): one SQL statement, identical on PGlite and PostgreSQL, that finds the
// caller's assets for free text + filters and returns a keyset page, the exact total and every facet's
// counts. `base` holds each candidate asset once (shop, not archived, in the caller's market scope, text
// matched) with the values every facet needs; each filter is a predicate over it; a facet's counts apply
// every filter but its own ("disjunctive" facets: choosing blue still shows how many are red).
import type { Tx } from "../db/database";
import { Prisma as P } from "../../.generated/prisma/client";
import { scopeSql, type MarketScope } from "./assets.repository";
import type { SearchFilters } from "./search";
import { tsQueryFor } from "./search";

export const SEARCH_SORTS = ["relevance", "newest", "most_used"] as const;
export type SearchSort = (typeof SEARCH_SORTS)[number];

/** The facets the statement counts (`created` buckets: today, this_week, this_month, older). */
export const FACETS = [
  "kind", "state", "market", "language", "campaign", "channel", "tag", "colour", "background", "orientation",
  "slot", "usage", "rights", "compliance", "created",
] as const;
export type FacetName = (typeof FACETS)[number];

export interface SearchSpec {
  scope: MarketScope;
  /** Free-text terms: every one must match (full text, or a typo/substring of the indexed text). */
  terms: string[];
  /** Literal phrases (ILIKE over title, description, campaign and OCR text). */
  phrases: string[];
  /** The free text as one string (ranking by word similarity). */
  text: string;
  filters: SearchFilters;
  sort: SearchSort;
  /** Keyset: the sort key (score, createdAt in ms, or uses) and id of the previous page's last row. */
  after: { k: number; id: string } | null;
  limit: number;
  /** Start of today, this week and this month in the operator's calendar (epoch ms). */
  buckets: { today: number; week: number; month: number };
  /** How many tag values to count (the most frequent first). */
  tagLimit: number;
}

export interface SearchRow {
  id: string;
  score: number;
  at: number;
  uses: number;
}
export interface FacetRow {
  facet: FacetName | "total";
  value: string | null;
  n: number;
}

const HAN = /\p{Script=Han}/u;
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
const join = (parts: P.Sql[], sep: string, empty: P.Sql) => (parts.length ? P.join(parts, sep) : empty);

/**
 * One term matches the full-text index (the last one as a prefix, search-as-you-type), or — for typos
 * — a word of the indexed text by trigram word similarity (Latin words of 4+ letters), or — for a
 * Chinese word inside a longer one — the indexed text as a substring.
 */
function termMatch(term: string, prefix: boolean): P.Sql {
  const parts = [P.sql`a."searchVector" @@ to_tsquery('simple', ${tsQueryFor([term], { prefixLast: prefix })})`];
  if (HAN.test(term)) parts.push(P.sql`a."searchText" ILIKE ${`%${likeEscape(term)}%`}`);
  else if ([...term].length >= 4) parts.push(P.sql`${term} <% a."searchText"`);
  return P.sql`(${P.join(parts, " OR ")})`;
}

function textWhere(spec: SearchSpec): P.Sql {
  const parts = spec.terms.map((t, i) => termMatch(t, i === spec.terms.length - 1));
  for (const ph of spec.phrases)
    parts.push(P.sql`(a."title" || ' ' || a."description" || ' ' || coalesce(a."campaign", '') || ' ' || coalesce(lv."ocrText", '')) ILIKE ${`%${likeEscape(ph)}%`}`);
  return join(parts, " AND ", P.sql`TRUE`);
}

/** Relevance: ts_rank over any of the terms (title words weigh more), word similarity of the text, title similarity. */
function scoreExpr(spec: SearchSpec): P.Sql {
  if (!spec.terms.length && !spec.text) return P.sql`0::float8`;
  const anyTerm = spec.terms.map((t, i) => tsQueryFor([t], { prefixLast: i === spec.terms.length - 1 })).join(" | ");
  const rank = anyTerm ? P.sql`coalesce(ts_rank(a."searchVector", to_tsquery('simple', ${anyTerm})), 0)::float8` : P.sql`0::float8`;
  const text = spec.text.toLowerCase();
  return P.sql`(${rank} + word_similarity(${text}, a."searchText")::float8 + similarity(lower(a."title"), ${text})::float8)`;
}

// Value arrays per facet, over a `base` row b.
const MARKETS = P.sql`(CASE WHEN cardinality(b.markets) = 0 THEN ARRAY['GLOBAL'] ELSE b.markets END)`;
function facetValues(f: FacetName, spec: SearchSpec): P.Sql {
  switch (f) {
    case "kind": return P.sql`ARRAY[b.kind]`;
    case "state": return P.sql`array_remove(ARRAY[b.vstate], NULL)`;
    case "market": return MARKETS;
    case "language": return P.sql`b.languages`;
    case "campaign": return P.sql`array_remove(ARRAY[b.campaign], NULL)`;
    case "channel": return P.sql`b.channels`;
    case "tag": return P.sql`b.tags`;
    case "colour": return P.sql`b.colours`;
    case "background": return P.sql`b.backgrounds`;
    case "orientation": return P.sql`b.orientations`;
    case "slot": return P.sql`(CASE WHEN b.main THEN ARRAY['main'] ELSE ARRAY[]::text[] END)`;
    case "usage": return P.sql`ARRAY[CASE WHEN b.uses > 0 THEN 'placed' ELSE 'unplaced' END]`;
    case "rights": return P.sql`ARRAY[b.rights]`;
    case "compliance": return P.sql`b.compliance`;
    case "created": {
      const { today, week, month } = spec.buckets;
      return P.sql`array_remove(ARRAY[
        CASE WHEN b.at >= ${today}::bigint THEN 'today' END,
        CASE WHEN b.at >= ${week}::bigint THEN 'this_week' END,
        CASE WHEN b.at >= ${month}::bigint THEN 'this_month' END,
        CASE WHEN b.at < ${month}::bigint THEN 'older' END], NULL)`;
    }
  }
}

/** The active filters, each as (facet it belongs to, predicate over b). */
function filterPredicates(fl: SearchFilters): Array<[FacetName, P.Sql]> {
  const out: Array<[FacetName, P.Sql]> = [];
  const arr = (v: readonly string[]) => P.sql`${[...v]}::text[]`;
  const has = (v: readonly unknown[] | undefined): v is readonly string[] => !!v && v.length > 0;
  if (has(fl.kinds)) out.push(["kind", P.sql`b.kind = ANY(${arr(fl.kinds)})`]);
  if (has(fl.states)) out.push(["state", P.sql`b.vstate = ANY(${arr(fl.states)})`]);
  if (has(fl.markets)) out.push(["market", P.sql`${MARKETS} && ${arr(fl.markets.map((m) => m.toUpperCase()))}`]);
  if (has(fl.languages)) {
    const langs = arr(fl.languages.map((l) => l.toLowerCase()));
    // "zh" matches zh-CN; "zh-CN" matches itself in any case.
    out.push(["language", P.sql`EXISTS (SELECT 1 FROM unnest(b.languages) l WHERE lower(l) = ANY(${langs}) OR split_part(lower(l), '-', 1) = ANY(${langs}))`]);
  }
  if (has(fl.campaigns)) out.push(["campaign", P.sql`lower(b.campaign) = ANY(${arr(fl.campaigns.map((c) => c.toLowerCase()))})`]);
  if (has(fl.channels)) out.push(["channel", P.sql`b.channels && ${arr(fl.channels)}`]);
  if (has(fl.tags)) out.push(["tag", P.sql`b.alltags && ${arr(fl.tags.map((t) => t.toLowerCase()))}`]);
  if (has(fl.colours)) out.push(["colour", P.sql`b.colours && ${arr(fl.colours)}`]);
  if (has(fl.backgrounds)) out.push(["background", P.sql`b.backgrounds && ${arr(fl.backgrounds)}`]);
  if (has(fl.orientations)) out.push(["orientation", P.sql`b.orientations && ${arr(fl.orientations)}`]);
  if (has(fl.slots)) out.push(["slot", P.sql`b.main`]);
  if (has(fl.usage) && !(fl.usage.includes("placed") && fl.usage.includes("unplaced")))
    out.push(["usage", fl.usage.includes("placed") ? P.sql`b.uses > 0` : P.sql`b.uses = 0`]);
  if (has(fl.rights)) out.push(["rights", P.sql`b.rights = ANY(${arr(fl.rights)})`]);
  if (fl.compliance?.length) out.push(["compliance", P.sql`b.compliance && ${arr(fl.compliance.map((c) => `${c.channel ?? "any"}:${c.verdict}`))}`]);
  if (fl.createdFrom || fl.createdTo) {
    const parts: P.Sql[] = [];
    if (fl.createdFrom) parts.push(P.sql`b.at >= ${fl.createdFrom.getTime()}::bigint`);
    if (fl.createdTo) parts.push(P.sql`b.at < ${fl.createdTo.getTime()}::bigint`);
    out.push(["created", P.join(parts, " AND ")]);
  }
  return out;
}

const CHANNELS = P.sql`ARRAY['shopify', 'amazon', 'tiktok']`;

/** The page (ids in order, limit + 1 rows), the total and the facet counts, in one statement. */
export async function searchAssetRows(db: Tx, shopId: string, spec: SearchSpec): Promise<{ page: SearchRow[]; facets: FacetRow[] }> {
  const rows = await db.$queryRaw<Array<{ page: SearchRow[] | null; facets: FacetRow[] | null }>>(searchSql(shopId, spec));
  const row = rows[0];
  return { page: (row?.page ?? []).map((r) => ({ ...r, at: Number(r.at), uses: Number(r.uses), score: Number(r.score) })), facets: row?.facets ?? [] };
}

/** The statement searchAssetRows runs (exported for EXPLAIN in benchmarks). */
export function searchSql(shopId: string, spec: SearchSpec): P.Sql {
  const preds = filterPredicates(spec.filters);
  const all = join(preds.map(([, p]) => p), " AND ", P.sql`TRUE`);
  const allBut = (f: FacetName) => join(preds.filter(([g]) => g !== f).map(([, p]) => p), " AND ", P.sql`TRUE`);
  const key = spec.sort === "relevance" ? P.sql`b.score` : spec.sort === "newest" ? P.sql`b.at` : P.sql`b.uses`;
  const keyParam = (k: number) => (spec.sort === "relevance" ? P.sql`${k}::float8` : P.sql`${k}::bigint`);
  const after = spec.after
    ? P.sql`(${key} < ${keyParam(spec.after.k)} OR (${key} = ${keyParam(spec.after.k)} AND b.id < ${spec.after.id}::uuid))`
    : P.sql`TRUE`;
  const facetQueries = FACETS.map((f) => {
    const q = P.sql`SELECT ${f}::text AS facet, v::text AS value, count(DISTINCT b.id)::int AS n
        FROM base b CROSS JOIN LATERAL unnest(${facetValues(f, spec)}) AS v WHERE ${allBut(f)} GROUP BY v`;
    return f === "tag" ? P.sql`(${q} ORDER BY n DESC, value LIMIT ${spec.tagLimit})` : P.sql`(${q})`;
  });
  return P.sql`
    WITH base AS MATERIALIZED (
      SELECT a.id,
             (extract(epoch FROM a."createdAt") * 1000)::bigint AS at,
             a.kind, a.markets, a.languages, a.campaign,
             lv.state AS vstate,
             coalesce(r.status, 'none') AS rights,
             ${scoreExpr(spec)} AS score,
             coalesce(pl.uses, 0) AS uses,
             coalesce(pl.channels, ARRAY[]::text[]) AS channels,
             coalesce(pl.main, false) AS main,
             coalesce(tg.alltags, ARRAY[]::text[]) AS alltags,
             coalesce(tg.tags, ARRAY[]::text[]) AS tags,
             coalesce(tg.colours, ARRAY[]::text[]) AS colours,
             coalesce(tg.backgrounds, ARRAY[]::text[]) AS backgrounds,
             coalesce(tg.orientations, ARRAY[]::text[]) AS orientations,
             coalesce(cp.compliance, ARRAY[]::text[]) AS compliance
        FROM "Asset" a
        LEFT JOIN "AssetVersion" lv ON lv.id = a."latestVersionId"
        LEFT JOIN "Rights" r ON r."assetId" = a.id
        -- The per-asset lookups are scoped by the asset's own shopId (= the shop above): a constant would
        -- let the planner pick the (shopId, …) indexes and read every row of the shop per asset.
        LEFT JOIN LATERAL (
          -- Placements still on a listing (a withdrawn one left it).
          SELECT count(*)::int AS uses, array_agg(DISTINCT ca.channel) AS channels, bool_or(p.slot = 'main') AS main
            FROM "Placement" p
            JOIN "Listing" l ON l.id = p."listingId"
            JOIN "ChannelAccount" ca ON ca.id = l."accountId"
           WHERE p."assetId" = a.id AND p."shopId" = a."shopId" AND p.state <> 'withdrawn'
        ) pl ON TRUE
        LEFT JOIN LATERAL (
          -- Only accepted tags are the asset's (suggested and rejected auto tags are not).
          SELECT array_agg(t.name) AS alltags,
                 array_agg(t.name) FILTER (WHERE atg.facet IS NULL OR atg.facet NOT IN ('colour', 'background', 'orientation')) AS tags,
                 array_agg(t.name) FILTER (WHERE atg.facet = 'colour') AS colours,
                 array_agg(t.name) FILTER (WHERE atg.facet = 'background') AS backgrounds,
                 array_agg(t.name) FILTER (WHERE atg.facet = 'orientation') AS orientations
            FROM "AssetTag" atg JOIN "Tag" t ON t.id = atg."tagId"
           WHERE atg."assetId" = a.id AND atg."shopId" = a."shopId" AND atg.state = 'accepted'
        ) tg ON TRUE
        LEFT JOIN LATERAL (
          -- The latest version's channel renditions (the newest per preset): a channel fails when one of
          -- its renditions fails, passes otherwise; "any" over all channels the same way.
          SELECT array_agg(coalesce(z.ch, 'any') || ':' || CASE WHEN z.f THEN 'fail' ELSE 'pass' END) AS compliance
            FROM (
              SELECT y.ch, bool_or(y.verdict = 'fail') AS f
                FROM (
                  SELECT DISTINCT ON (x."presetId") split_part(x."presetId", '.', 1) AS ch, x.verdict
                    FROM "Rendition" x
                   WHERE x."versionId" = a."latestVersionId" AND x."shopId" = a."shopId" AND x.verdict IS NOT NULL
                     AND split_part(x."presetId", '.', 1) = ANY(${CHANNELS})
                   ORDER BY x."presetId", x."createdAt" DESC
                ) y
               GROUP BY GROUPING SETS ((y.ch), ())
            ) z
           WHERE z.f IS NOT NULL
        ) cp ON TRUE
       WHERE a."shopId" = ${shopId}::uuid AND a."archivedAt" IS NULL AND ${scopeSql(spec.scope, "a")} AND ${textWhere(spec)}
    )
    SELECT
      (SELECT json_agg(pg) FROM (
         SELECT b.id::text AS id, b.score, b.at, b.uses FROM base b
          WHERE ${all} AND ${after}
          ORDER BY ${key} DESC, b.id DESC
          LIMIT ${spec.limit + 1}
      ) pg) AS page,
      (SELECT json_agg(fc) FROM (
         SELECT 'total'::text AS facet, NULL::text AS value, count(*)::int AS n FROM base b WHERE ${all}
         UNION ALL ${P.join(facetQueries, " UNION ALL ")}
      ) fc) AS facets`;
}

/** Labels of tags by normalised name (the tag facet shows them). */
export function findTagLabels(db: Tx, shopId: string, names: string[]) {
  return db.tag.findMany({ where: { shopId, name: { in: names } }, select: { name: true, label: true, labelZh: true } });
}
