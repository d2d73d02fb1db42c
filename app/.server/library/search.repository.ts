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
  /** Count the total and the facets (a first page); without, only the page is read. */
  counts: boolean;
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

/** The page (ids in order, limit + 1 rows), the total and the facet counts (with `spec.counts`), in one statement. */
export async function searchAssetRows(db: Tx, shopId: string, spec: SearchSpec): Promise<{ page: SearchRow[]; facets: FacetRow[] }> {
  const rows = await db.$queryRaw<Array<{ page: SearchRow[] | null; facets: FacetRow[] | null }>>(searchSql(shopId, spec));
  const row = rows[0];
  return { page: (row?.page ?? []).map((r) => ({ ...r, at: Number(r.at), uses: Number(r.uses), score: Number(r.score) })), facets: row?.facets ?? [] };
}

/** The facets whose values live in the per-asset lookups (placements, tags, renditions, rights). */
const NEEDS: Record<"pl" | "tg" | "cp" | "r", readonly FacetName[]> = {
  pl: ["channel", "slot", "usage"],
  tg: ["tag", "colour", "background", "orientation"],
  cp: ["compliance"],
  r: ["rights"],
};

/**
 * The statement searchAssetRows runs (exported for EXPLAIN in benchmarks).
 *
 * `m` is the matched set (shop, not archived, market scope, text) with the asset's own columns; the
 * per-asset lookups are grouped over `m`'s ids (the planner reads them by index for a few matches, by one
 * scan and a hash for many) and joined only when a filter, a facet or the sort needs them: a later page
 * sorted by newest with no filter on them reads none. Facets: see facetCounts.
 */
export function searchSql(shopId: string, spec: SearchSpec): P.Sql {
  const preds = filterPredicates(spec.filters);
  const all = join(preds.map(([, p]) => p), " AND ", P.sql`TRUE`);
  const key = spec.sort === "relevance" ? P.sql`b.score` : spec.sort === "newest" ? P.sql`b.at` : P.sql`b.uses`;
  const keyParam = (k: number) => (spec.sort === "relevance" ? P.sql`${k}::float8` : P.sql`${k}::bigint`);
  const after = spec.after
    ? P.sql`(${key} < ${keyParam(spec.after.k)} OR (${key} = ${keyParam(spec.after.k)} AND b.id < ${spec.after.id}::uuid))`
    : P.sql`TRUE`;
  const filtered = new Set(preds.map(([f]) => f));
  const need = (g: keyof typeof NEEDS) => spec.counts || NEEDS[g].some((f) => filtered.has(f)) || (g === "pl" && spec.sort === "most_used");
  const ids = P.sql`(SELECT id FROM m)`;
  const ctes: P.Sql[] = [];
  if (need("pl"))
    ctes.push(P.sql`pl AS (
      -- Placements still on a listing (a withdrawn one left it).
      SELECT p."assetId" AS id, count(*)::int AS uses, array_agg(DISTINCT ca.channel) AS channels, bool_or(p.slot = 'main') AS main
        FROM "Placement" p
        JOIN "Listing" l ON l.id = p."listingId"
        JOIN "ChannelAccount" ca ON ca.id = l."accountId"
       WHERE p."shopId" = ${shopId}::uuid AND p.state <> 'withdrawn' AND p."assetId" IN ${ids}
       GROUP BY p."assetId")`);
  if (need("tg"))
    ctes.push(P.sql`tg AS (
      -- Only accepted tags are the asset's (suggested and rejected auto tags are not).
      SELECT atg."assetId" AS id,
             array_agg(t.name) AS alltags,
             array_agg(t.name) FILTER (WHERE atg.facet IS NULL OR atg.facet NOT IN ('colour', 'background', 'orientation')) AS tags,
             array_agg(t.name) FILTER (WHERE atg.facet = 'colour') AS colours,
             array_agg(t.name) FILTER (WHERE atg.facet = 'background') AS backgrounds,
             array_agg(t.name) FILTER (WHERE atg.facet = 'orientation') AS orientations
        FROM "AssetTag" atg JOIN "Tag" t ON t.id = atg."tagId"
       WHERE atg."shopId" = ${shopId}::uuid AND atg.state = 'accepted' AND atg."assetId" IN ${ids}
       GROUP BY atg."assetId")`);
  if (need("cp"))
    ctes.push(P.sql`cp AS (
      -- The latest version's channel renditions (the newest per preset): a channel fails when one of its
      -- renditions fails, passes otherwise; "any" over all channels the same way.
      SELECT z.vid, array_agg(coalesce(z.ch, 'any') || ':' || CASE WHEN z.f THEN 'fail' ELSE 'pass' END) AS compliance
        FROM (
          SELECT y.vid, y.ch, bool_or(y.verdict = 'fail') AS f
            FROM (
              SELECT DISTINCT ON (x."versionId", x."presetId") x."versionId" AS vid, split_part(x."presetId", '.', 1) AS ch, x.verdict
                FROM "Rendition" x
               WHERE x."shopId" = ${shopId}::uuid AND x.verdict IS NOT NULL AND split_part(x."presetId", '.', 1) = ANY(${CHANNELS})
                 AND x."versionId" IN (SELECT lv_id FROM m)
               ORDER BY x."versionId", x."presetId", x."createdAt" DESC
            ) y
           GROUP BY GROUPING SETS ((y.vid, y.ch), (y.vid))
        ) z
       WHERE z.f IS NOT NULL
       GROUP BY z.vid)`);
  const col = (g: keyof typeof NEEDS, sql: P.Sql, empty: P.Sql) => (need(g) ? sql : empty);
  const EMPTY = P.sql`ARRAY[]::text[]`;
  const facetSql = spec.counts ? facetCounts(spec, preds) : P.sql`NULL::json`;
  return P.sql`
    WITH m AS MATERIALIZED (
      SELECT a.id, a."latestVersionId" AS lv_id,
             (extract(epoch FROM a."createdAt") * 1000)::bigint AS at,
             a.kind, a.markets, a.languages, a.campaign,
             lv.state AS vstate,
             ${scoreExpr(spec)} AS score
        FROM "Asset" a
        LEFT JOIN "AssetVersion" lv ON lv.id = a."latestVersionId"
       WHERE a."shopId" = ${shopId}::uuid AND a."archivedAt" IS NULL AND ${scopeSql(spec.scope, "a")} AND ${textWhere(spec)}
    ),
    ${ctes.length ? P.sql`${P.join(ctes, ",\n")},` : P.empty}
    base AS MATERIALIZED (
      SELECT m.id, m.at, m.kind, m.markets, m.languages, m.campaign, m.vstate, m.score,
             ${col("r", P.sql`coalesce(r.status, 'none')`, P.sql`'none'::text`)} AS rights,
             ${col("pl", P.sql`coalesce(pl.uses, 0)`, P.sql`0`)} AS uses,
             ${col("pl", P.sql`coalesce(pl.channels, ARRAY[]::text[])`, EMPTY)} AS channels,
             ${col("pl", P.sql`coalesce(pl.main, false)`, P.sql`false`)} AS main,
             ${col("tg", P.sql`coalesce(tg.alltags, ARRAY[]::text[])`, EMPTY)} AS alltags,
             ${col("tg", P.sql`coalesce(tg.tags, ARRAY[]::text[])`, EMPTY)} AS tags,
             ${col("tg", P.sql`coalesce(tg.colours, ARRAY[]::text[])`, EMPTY)} AS colours,
             ${col("tg", P.sql`coalesce(tg.backgrounds, ARRAY[]::text[])`, EMPTY)} AS backgrounds,
             ${col("tg", P.sql`coalesce(tg.orientations, ARRAY[]::text[])`, EMPTY)} AS orientations,
             ${col("cp", P.sql`coalesce(cp.compliance, ARRAY[]::text[])`, EMPTY)} AS compliance
        FROM m
        ${need("r") ? P.sql`LEFT JOIN "Rights" r ON r."assetId" = m.id` : P.empty}
        ${need("pl") ? P.sql`LEFT JOIN pl ON pl.id = m.id` : P.empty}
        ${need("tg") ? P.sql`LEFT JOIN tg ON tg.id = m.id` : P.empty}
        ${need("cp") ? P.sql`LEFT JOIN cp ON cp.vid = m.lv_id` : P.empty}
    )
    SELECT
      (SELECT json_agg(pg) FROM (
         SELECT b.id::text AS id, b.score, b.at, b.uses FROM base b
          WHERE ${all} AND ${after}
          ORDER BY ${key} DESC, b.id DESC
          LIMIT ${spec.limit + 1}
      ) pg) AS page,
      ${facetSql} AS facets`;
}

/**
 * The total and every facet's counts over `base`. Each row's filters are evaluated once (`fb`: how many
 * failed and, when one, which); a row that fails none counts for every facet, a row that fails one counts
 * only for that filter's facet (disjunctive counts), a row that fails two is left out. One GROUP BY per
 * facet over fb (faster than one pass through a per-row UNION of every facet's values, measured).
 */
function facetCounts(spec: SearchSpec, preds: Array<[FacetName, P.Sql]>): P.Sql {
  const ok = (p: P.Sql) => P.sql`coalesce((${p}), false)`;
  const nfail = preds.length ? P.join(preds.map(([, p]) => P.sql`(CASE WHEN ${ok(p)} THEN 0 ELSE 1 END)`), " + ") : P.sql`0`;
  const failed = preds.length ? P.sql`(CASE ${P.join(preds.map(([f, p]) => P.sql`WHEN NOT ${ok(p)} THEN ${f}::text`), " ")} END)` : P.sql`NULL::text`;
  const per = FACETS.map((f) => {
    // Markets and languages are stored as given (a value may repeat): counted once per asset. The other
    // arrays hold distinct values by construction.
    const n = f === "market" || f === "language" ? P.sql`count(DISTINCT b.id)` : P.sql`count(*)`;
    const q = P.sql`SELECT ${f}::text AS facet, v::text AS value, ${n}::int AS n
        FROM fb b CROSS JOIN LATERAL unnest(${facetValues(f, spec)}) AS v WHERE b.nfail = 0 OR b.failed = ${f}::text GROUP BY v`;
    return f === "tag" ? P.sql`(${q} ORDER BY n DESC, value LIMIT ${spec.tagLimit})` : P.sql`(${q})`;
  });
  return P.sql`(WITH fb AS MATERIALIZED (SELECT b.*, ${nfail} AS nfail, ${failed} AS failed FROM base b WHERE ${nfail} <= 1)
      SELECT json_agg(fc) FROM (
        SELECT 'total'::text AS facet, NULL::text AS value, count(*) FILTER (WHERE fb.nfail = 0)::int AS n FROM fb
        UNION ALL ${P.join(per, " UNION ALL ")}
      ) fc)`;
}

/** Labels of tags by normalised name (the tag facet shows them). */
export function findTagLabels(db: Tx, shopId: string, names: string[]) {
  return db.tag.findMany({ where: { shopId, name: { in: names } }, select: { name: true, label: true, labelZh: true } });
}
