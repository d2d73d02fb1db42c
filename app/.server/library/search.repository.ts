// Library search (issue #7): one SQL statement, identical on PGlite and PostgreSQL, that finds the
// caller's assets for free text + filters and returns a keyset page, the exact total and every facet's
// counts. `m` holds each candidate asset once (shop, not archived, in the caller's market scope, text
// matched) with the values every facet needs — all of them columns of Asset (facetKeys, useCount, kept by
// triggers); each filter is a predicate over it; a facet's counts apply every filter but its own
// ("disjunctive" facets: choosing blue still shows how many are red).
import type { Prisma, Tx } from "../db/database";
import { Prisma as P } from "../../.generated/prisma/client";
import { scopeSql, type MarketScope } from "./assets.repository";
import type { SearchFilters } from "./search";
import { complianceKey } from "./search/filters";
import { tsQueryFor } from "./search";
import { likeLiteral } from "../db/like";

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
  /** Per term: match it as a typo or substring too (findFuzzyTerms: the full-text index finds it nowhere). */
  fuzzy: readonly boolean[];
  /**
   * Per fuzzy term: the index words it is a typo of (findTermWords), matched through the full-text index.
   * Empty or absent: the term is compared with every matched asset's text instead (the slow way, kept for
   * what the words miss; Chinese goes through its bigrams first).
   */
  alternatives?: readonly (readonly string[])[];
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
const join = (parts: P.Sql[], sep: string, empty: P.Sql) => (parts.length ? P.join(parts, sep) : empty);

/**
 * One term matches the full-text index (the last one as a prefix, search-as-you-type). A term the index
 * finds nowhere in the caller's library (`fuzzy`, see findFuzzyTerms) also matches through the index
 * words it is a typo of (`alternatives`, findTermWords); a Chinese one through its bigrams, then as a
 * substring of those rows' text; failing those, by comparing it with the text itself (trigram word
 * similarity for Latin words of 4+ letters, a substring for Chinese).
 */
function termMatch(term: string, prefix: boolean, fuzzy: boolean, alternatives: readonly string[]): P.Sql {
  const parts = [P.sql`a."searchVector" @@ to_tsquery('simple', ${tsQueryFor([term], { prefixLast: prefix })})`];
  const grams = fuzzy ? hanBigrams(term) : [];
  const substring = P.sql`a."searchText" ILIKE ${`%${likeLiteral(term)}%`}`;
  if (fuzzy && alternatives.length) parts.push(P.sql`a."searchVector" @@ to_tsquery('simple', ${anyOf(alternatives)})`);
  // Chinese: the rows holding every bigram of the term (the index), then the substring among them only.
  else if (grams.length) parts.push(P.sql`(a."searchVector" @@ to_tsquery('simple', ${tsQueryFor(grams)}) AND ${substring})`);
  else if (fuzzy && HAN.test(term)) parts.push(substring);
  else if (fuzzy && [...term].length >= 4) parts.push(P.sql`${term} <% a."searchText"`);
  return P.sql`(${P.join(parts, " OR ")})`;
}

/** Every two adjacent Chinese characters of the term (search_han_grams indexes the same of the text). */
export function hanBigrams(term: string): string[] {
  const out = new Set<string>();
  for (const run of term.match(/\p{Script=Han}+/gu) ?? []) {
    const chars = [...run];
    for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i]! + chars[i + 1]!);
  }
  return [...out];
}

/** A to_tsquery argument matching any of the words exactly. */
const anyOf = (words: readonly string[]) => words.map((w) => tsQueryFor([w])).join(" | ");
const alternativesOf = (spec: SearchSpec, i: number): readonly string[] => ((spec.fuzzy[i] ?? true) ? (spec.alternatives?.[i] ?? []) : []);

function textWhere(spec: SearchSpec): P.Sql {
  const parts = spec.terms.map((t, i) => termMatch(t, i === spec.terms.length - 1, spec.fuzzy[i] ?? true, alternativesOf(spec, i)));
  for (const ph of spec.phrases)
    parts.push(P.sql`(a."title" || ' ' || a."description" || ' ' || coalesce(a."campaign", '') || ' ' || coalesce(lv."ocrText", '')) ILIKE ${`%${likeLiteral(ph)}%`}`);
  return join(parts, " AND ", P.sql`TRUE`);
}

/**
 * For each term, whether the full-text index finds it in none of the assets the caller can see — then it
 * is matched fuzzily. Checking first keeps the trigram and substring scans (which read every row's text:
 * ~30 ms per 1,000 assets on PGlite) to the typos and split Chinese words they are for; a word the index
 * knows is found through the index alone.
 */
export async function findFuzzyTerms(db: Tx, shopId: string, scope: MarketScope, terms: string[]): Promise<boolean[]> {
  if (!terms.length) return [];
  const checks = terms.map(
    (t, i) => P.sql`NOT EXISTS (SELECT 1 FROM "Asset" a WHERE a."shopId" = ${shopId}::uuid AND a."archivedAt" IS NULL AND ${scopeSql(scope, "a")}
      AND a."searchVector" @@ to_tsquery('simple', ${tsQueryFor([t], { prefixLast: i === terms.length - 1 })}))`,
  );
  const rows = await db.$queryRaw<Array<{ fuzzy: boolean[] }>>(P.sql`SELECT ARRAY[${P.join(checks, ", ")}] AS fuzzy`);
  return rows[0]?.fuzzy ?? terms.map(() => true);
}

/**
 * Of the words a typo was matched through, those some asset the caller can see carries (what the search
 * says it included: a word only assets outside the caller's markets hold is not named), in their order.
 */
export async function findVisibleWords(db: Tx, shopId: string, scope: MarketScope, words: string[]): Promise<string[]> {
  if (!words.length) return [];
  const rows = await db.$queryRaw<Array<{ word: string }>>(P.sql`
    SELECT x.w AS word FROM unnest(${words}::text[], ${words.map((w) => tsQueryFor([w]) ?? "")}::text[]) WITH ORDINALITY AS x(w, q, i)
     WHERE EXISTS (SELECT 1 FROM "Asset" a WHERE a."shopId" = ${shopId}::uuid AND a."archivedAt" IS NULL AND ${scopeSql(scope, "a")}
                     AND a."searchVector" @@ to_tsquery('simple', x.q))
     ORDER BY x.i`);
  return rows.map((r) => r.word);
}

/** The most index words one fuzzy term is matched through; with more, it is compared with every asset's text. */
export const MAX_TERM_WORDS = 50;

/**
 * The shop's index words (SearchWord) a Latin term of 4+ letters the index does not know is a typo of:
 * trigram word similarity at least pg_trgm's word_similarity_threshold (the `<%` the per-asset comparison
 * uses), closest first. A trigram index over the shop's vocabulary (small beside its assets) answers, so
 * the search then reads only the assets those words are in. Every such word or none: empty when there are
 * none or more than MAX_TERM_WORDS (the term is then compared with every asset's text, as before), and for
 * Chinese (found by its characters, termMatch).
 *
 * A short term (4–6 letters) that no word is that close to is looked up once more by plain trigram
 * similarity ≥ SHORT_TYPO_SIMILARITY: one letter missing or wrong in a short word leaves few of its
 * trigrams (`chir` and `chair` share 3 of 8: 0.375; their word similarity is under 0.6), and otherwise
 * the term went to the per-asset comparison — which found nothing for `chir` after rechecking every asset
 * holding " ch" (~1 s at 1M assets; ~0.15 s for this lookup over a 2M-word vocabulary).
 */
export async function findTermWords(db: Prisma, shopId: string, term: string): Promise<string[]> {
  const t = term.toLowerCase();
  const length = [...t].length;
  if (HAN.test(t) || length < 4) return [];
  let rows = await db.$queryRaw<Array<{ word: string }>>(P.sql`
    SELECT w."word" FROM "SearchWord" w WHERE w."shopId" = ${shopId}::uuid AND ${t} <% w."word"
     ORDER BY word_similarity(${t}, w."word") DESC, w."word" LIMIT ${MAX_TERM_WORDS + 1}`);
  if (!rows.length && length <= SHORT_TYPO_MAX_LETTERS)
    rows = await db.$transaction(async (tx) => {
      // `%` compares with this threshold (the index serves only the operator); local to the transaction.
      await tx.$queryRaw`SELECT set_config('pg_trgm.similarity_threshold', ${String(SHORT_TYPO_SIMILARITY)}, true)`;
      return tx.$queryRaw<Array<{ word: string }>>(P.sql`
        SELECT w."word" FROM "SearchWord" w WHERE w."shopId" = ${shopId}::uuid AND w."word" % ${t}
         ORDER BY similarity(${t}, w."word") DESC, w."word" LIMIT ${MAX_TERM_WORDS + 1}`);
    });
  return rows.length > MAX_TERM_WORDS ? [] : rows.map((r) => r.word);
}
/** The trigram similarity a short term's typo lookup asks of a word (findTermWords). */
export const SHORT_TYPO_SIMILARITY = 0.35;
const SHORT_TYPO_MAX_LETTERS = 6;

/**
 * Relevance: ts_rank over any of the terms (title words weigh more) plus how much of the title they are
 * (ts_rank over the title's words alone — the A-weighted part of searchVector — divided by the title's
 * length: "Sneaker" above "Blue running sneaker, side view" for `sneaker`); with a fuzzy Latin term (a
 * typo the index does not know) also the word similarity of the text to the indexed text — the only
 * signal such a match has, and the costly one (it reads every matched row's whole index text), so it is
 * left out when every term is an indexed word. (The title part was the title's trigram similarity to the
 * text: the same order for titles that hold the words, at half the cost of scoring a match — a broad word
 * scores every row it matches.)
 */
function scoreExpr(spec: SearchSpec): P.Sql {
  if (!spec.terms.length && !spec.text) return P.sql`0::float8`;
  const anyTerm = spec.terms.map((t, i) => tsQueryFor([t], { prefixLast: i === spec.terms.length - 1 })).join(" | ");
  // A fuzzy term ranks by the index words it stands for.
  const words = spec.terms.flatMap((_, i) => alternativesOf(spec, i));
  const anyWord = [anyTerm, words.length ? anyOf(words) : ""].filter(Boolean).join(" | ");
  const rank = anyWord
    ? P.sql`coalesce(ts_rank(a."searchVector", to_tsquery('simple', ${anyWord})) + ts_rank(ts_filter(a."searchVector", '{a}'), to_tsquery('simple', ${anyWord}), 2), 0)::float8`
    : P.sql`0::float8`;
  const text = spec.text.toLowerCase();
  // (A Chinese fuzzy term is a substring match: word similarity says nothing about it; a term matched
  // through its index words ranks by them.)
  const fuzzy = spec.terms.some((t, i) => (spec.fuzzy[i] ?? true) && !HAN.test(t) && !alternativesOf(spec, i).length);
  const similar = fuzzy ? P.sql` + word_similarity(${text}, a."searchText")::float8` : P.empty;
  return P.sql`(${rank}${similar})`;
}

/** The Asset.facetKeys keys a filter on `facet` for these values matches (see the search_facet_keys migration). */
const keysOf = (facet: string, values: readonly string[]) => P.sql`${values.map((v) => `${facet}:${v}`)}::text[]`;

/** The active filters, each as (facet it belongs to, predicate over a matched row b). */
function filterPredicates(fl: SearchFilters): Array<[FacetName, P.Sql]> {
  const out: Array<[FacetName, P.Sql]> = [];
  const arr = (v: readonly string[]) => P.sql`${[...v]}::text[]`;
  const has = (v: readonly unknown[] | undefined): v is readonly string[] => !!v && v.length > 0;
  if (has(fl.kinds)) out.push(["kind", P.sql`b.kind = ANY(${arr(fl.kinds)})`]);
  if (has(fl.states)) out.push(["state", P.sql`b.keys && ${keysOf("state", fl.states)}`]);
  if (has(fl.markets)) out.push(["market", P.sql`b.keys && ${keysOf("market", fl.markets.map((m) => m.toUpperCase()))}`]);
  if (has(fl.languages)) {
    const langs = arr(fl.languages.map((l) => l.toLowerCase()));
    // "zh" matches zh-CN; "zh-CN" matches itself in any case.
    out.push(["language", P.sql`EXISTS (SELECT 1 FROM unnest(b.languages) l WHERE lower(l) = ANY(${langs}) OR split_part(lower(l), '-', 1) = ANY(${langs}))`]);
  }
  if (has(fl.campaigns)) out.push(["campaign", P.sql`lower(b.campaign) = ANY(${arr(fl.campaigns.map((c) => c.toLowerCase()))})`]);
  if (has(fl.channels)) out.push(["channel", P.sql`b.keys && ${keysOf("channel", fl.channels)}`]);
  if (has(fl.tags)) {
    // A tag filter matches an accepted tag of any facet (a colour tag is a tag too).
    const names = fl.tags.map((t) => t.toLowerCase());
    const keys = ["tag", "colour", "background", "orientation"].flatMap((f) => names.map((n) => `${f}:${n}`));
    out.push(["tag", P.sql`b.keys && ${keys}::text[]`]);
  }
  if (has(fl.colours)) out.push(["colour", P.sql`b.keys && ${keysOf("colour", fl.colours)}`]);
  if (has(fl.backgrounds)) out.push(["background", P.sql`b.keys && ${keysOf("background", fl.backgrounds)}`]);
  if (has(fl.orientations)) out.push(["orientation", P.sql`b.keys && ${keysOf("orientation", fl.orientations)}`]);
  if (has(fl.slots)) out.push(["slot", P.sql`b.keys && ${keysOf("slot", ["main"])}`]);
  if (has(fl.usage) && !(fl.usage.includes("placed") && fl.usage.includes("unplaced")))
    out.push(["usage", fl.usage.includes("placed") ? P.sql`b.uses > 0` : P.sql`b.uses = 0`]);
  if (has(fl.rights)) out.push(["rights", P.sql`b.keys && ${keysOf("rights", fl.rights)}`]);
  if (fl.compliance?.length) out.push(["compliance", P.sql`b.keys && ${fl.compliance.map(complianceKey)}::text[]`]);
  if (fl.createdFrom || fl.createdTo) {
    const parts: P.Sql[] = [];
    // On the timestamp itself (not its epoch ms, b.at): the (shopId, createdAt) index serves the range.
    const ts = (ms: number) => P.sql`(TIMESTAMP 'epoch' + ${ms}::bigint * INTERVAL '1 millisecond')`;
    if (fl.createdFrom) parts.push(P.sql`b.ts >= ${ts(fl.createdFrom.getTime())}`);
    if (fl.createdTo) parts.push(P.sql`b.ts < ${ts(fl.createdTo.getTime())}`);
    out.push(["created", P.join(parts, " AND ")]);
  }
  return out;
}

/**
 * The facet keys each active filter is, as a SQL text[] over the `lib` CTE's keys, when the filter passes
 * exactly the assets that carry one of them and no asset carries two — so pair counts summed over them
 * are exact: one value of a facet FacetPairCount pairs (kind, state, market, channel, colour, background,
 * orientation, slot, usage, rights, compliance), or several values of a facet an asset has one value of
 * (kind, state, usage, rights, campaign — matched in any case, as the filter does). Null when a filter is
 * not such (several markets, colours…, a tag, a language, a date).
 */
function keyFilters(fl: SearchFilters, preds: Array<[FacetName, P.Sql]>): Map<FacetName, P.Sql> | null {
  const one = <T>(v: readonly T[] | undefined): T | null => (v && v.length === 1 ? v[0]! : null);
  const literal = (keys: string[]) => P.sql`${keys}::text[]`;
  const out = new Map<FacetName, P.Sql>();
  for (const [facet] of preds) {
    let keys: P.Sql | null = null;
    const many = (values: readonly string[] | undefined) => (values?.length ? literal([...new Set(values)].map((v) => `${facet}:${v}`)) : null);
    const single = (v: string | null | undefined) => (v ? literal([`${facet}:${v}`]) : null);
    if (facet === "kind") keys = many(fl.kinds);
    else if (facet === "state") keys = many(fl.states);
    else if (facet === "usage") keys = many(fl.usage);
    else if (facet === "rights") keys = many(fl.rights);
    else if (facet === "campaign" && fl.campaigns?.length)
      keys = P.sql`ARRAY(SELECT k FROM lib WHERE starts_with(k, 'campaign:') AND lower(substr(k, 10)) = ANY(${fl.campaigns.map((c) => c.toLowerCase())}::text[]))`;
    else if (facet === "market") keys = single(one(fl.markets)?.toUpperCase());
    else if (facet === "channel") keys = single(one(fl.channels));
    else if (facet === "colour") keys = single(one(fl.colours));
    else if (facet === "background") keys = single(one(fl.backgrounds));
    else if (facet === "orientation") keys = single(one(fl.orientations));
    else if (facet === "slot") keys = single("main");
    else if (facet === "compliance") {
      const c = one(fl.compliance ?? []);
      keys = c ? literal([complianceKey(c)]) : null;
    }
    if (!keys) return null;
    out.set(facet, keys);
  }
  return out;
}

/** The page (ids in order, limit + 1 rows), the total and the facet counts (with `spec.counts`), in one statement. */
export async function searchAssetRows(db: Tx, shopId: string, spec: SearchSpec): Promise<{ page: SearchRow[]; facets: FacetRow[] }> {
  const rows = await db.$queryRaw<Array<{ page: SearchRow[] | null; facets: FacetRow[] | null }>>(searchSql(shopId, spec));
  const row = rows[0];
  return { page: (row?.page ?? []).map((r) => ({ ...r, at: Number(r.at), uses: Number(r.uses), score: Number(r.score) })), facets: row?.facets ?? [] };
}

/**
 * The statement searchAssetRows runs (exported for EXPLAIN in benchmarks).
 *
 * `m` is the matched set (shop, not archived, market scope, text) read from Asset alone: every facet's
 * values are on the row (`facetKeys`, `useCount`, kept by triggers), so no placement, tag, rendition or
 * rights row is read. Without counts the filters join the match (the facetKeys GIN index can serve
 * them). Facets: see facetCounts.
 */
export function searchSql(shopId: string, spec: SearchSpec): P.Sql {
  const preds = filterPredicates(spec.filters);
  const all = join(preds.map(([, p]) => p), " AND ", P.sql`TRUE`);
  const matched = P.sql`
        SELECT a.id, a."createdAt" AS ts, (extract(epoch FROM a."createdAt") * 1000)::bigint AS at, a.kind, a.languages, a.campaign,
               a."facetKeys" AS keys, a."useCount" AS uses, ${scoreExpr(spec)} AS score
          FROM "Asset" a
          ${spec.phrases.length ? P.sql`LEFT JOIN "AssetVersion" lv ON lv.id = a."latestVersionId"` : P.empty}
         WHERE a."shopId" = ${shopId}::uuid AND a."archivedAt" IS NULL AND ${scopeSql(spec.scope, "a")} AND ${textWhere(spec)}`;
  // Newest and most used read the page straight from Asset's (shopId, createdAt) / (shopId, useCount)
  // index, stopping after a page (the id tiebreak is an incremental sort within equal keys); relevance
  // has to score every match, so its page comes from the matched set.
  const direct = spec.sort !== "relevance";
  let page: P.Sql;
  if (direct) {
    const newest = spec.sort === "newest";
    const key = newest ? P.sql`b.at` : P.sql`b.uses`;
    const after = spec.after
      ? P.sql`(${key} < ${spec.after.k}::bigint OR (${key} = ${spec.after.k}::bigint AND b.id < ${spec.after.id}::uuid))
          ${newest ? P.sql`AND b.ts <= (TIMESTAMP 'epoch' + ${spec.after.k}::bigint * INTERVAL '1 millisecond')` : P.sql`AND b.uses <= ${spec.after.k}::int`}`
      : P.sql`TRUE`;
    page = P.sql`SELECT b.id::text AS id, b.score, b.at, b.uses FROM (${matched}) b
          WHERE ${all} AND ${after}
          ORDER BY ${newest ? P.sql`b.ts` : P.sql`b.uses`} DESC, b.id DESC
          LIMIT ${spec.limit + 1}`;
  } else {
    const after = spec.after
      ? P.sql`(b.score < ${spec.after.k}::float8 OR (b.score = ${spec.after.k}::float8 AND b.id < ${spec.after.id}::uuid))`
      : P.sql`TRUE`;
    page = P.sql`SELECT b.id::text AS id, b.score, b.at, b.uses FROM m b
          WHERE ${all} AND ${after}
          ORDER BY b.score DESC, b.id DESC
          LIMIT ${spec.limit + 1}`;
  }
  // Without text and with at most two filters, counts come from FacetCount and the assets that pass the
  // filters instead of reading every asset.
  const library = spec.counts && !spec.terms.length && !spec.phrases.length && preds.length <= 2;
  const needM = (spec.counts && !library) || !direct;
  const facetSql = library ? libraryCounts(shopId, spec, matched, preds) : spec.counts ? facetCounts(spec, preds) : P.sql`NULL::json`;
  return P.sql`
    ${needM ? P.sql`WITH m AS MATERIALIZED (SELECT b.* FROM (${matched}) b ${spec.counts ? P.empty : P.sql`WHERE ${all}`})` : P.empty}
    SELECT (SELECT json_agg(pg) FROM (${page}) pg) AS page, ${facetSql} AS facets`;
}

/** The `created` bucket counts of rows `x` that satisfy `where` (columns of a `cr` CTE). */
function bucketCols(spec: SearchSpec, x: string, where: P.Sql = P.sql`TRUE`): P.Sql {
  const { today, week, month } = spec.buckets;
  const at = P.raw(`${x}.at`);
  return P.sql`count(*) FILTER (WHERE ${where} AND ${at} >= ${today}::bigint)::int AS today,
               count(*) FILTER (WHERE ${where} AND ${at} >= ${week}::bigint)::int AS this_week,
               count(*) FILTER (WHERE ${where} AND ${at} >= ${month}::bigint)::int AS this_month,
               count(*) FILTER (WHERE ${where} AND ${at} < ${month}::bigint)::int AS older`;
}

/**
 * The facet rows as one JSON array, from CTEs `kc(k, n)` (counted keys) and `cr(today, this_week,
 * this_month, older)`: the total, the non-empty `created` buckets, and each key split into facet and
 * value (the tag facet keeps its top tagLimit).
 */
function facetJson(spec: SearchSpec, total: P.Sql): P.Sql {
  return P.sql`kv AS (
        SELECT split_part(k, ':', 1) AS facet, substr(k, strpos(k, ':') + 1) AS value, n,
               row_number() OVER (PARTITION BY split_part(k, ':', 1) ORDER BY n DESC, k) AS rn
          FROM kc)
      SELECT json_agg(fc) FROM (
        SELECT 'total'::text AS facet, NULL::text AS value, ${total} AS n
        UNION ALL SELECT 'created', x.value, x.n FROM cr CROSS JOIN LATERAL (VALUES
          ('today', cr.today), ('this_week', cr.this_week), ('this_month', cr.this_month), ('older', cr.older)) AS x(value, n) WHERE x.n > 0
        UNION ALL SELECT kv.facet, kv.value, kv.n FROM kv WHERE kv.facet <> 'tag' OR kv.rn <= ${spec.tagLimit}
      ) fc`;
}

/**
 * The total and every facet's counts over the matched rows. Each row's filters are evaluated once (`fb`:
 * how many failed and, when one, which); a row that fails none counts for every facet, a row that fails
 * one counts only for that filter's facet (disjunctive counts: choosing blue still shows how many are
 * red), a row that fails two is left out. One pass over the rows' facet keys counts every facet but
 * `created` (a function of the time of the query), which is four FILTERed counts of the same rows.
 */
function facetCounts(spec: SearchSpec, preds: Array<[FacetName, P.Sql]>): P.Sql {
  const ok = (p: P.Sql) => P.sql`coalesce((${p}), false)`;
  const nfail = preds.length ? P.join(preds.map(([, p]) => P.sql`(CASE WHEN ${ok(p)} THEN 0 ELSE 1 END)`), " + ") : P.sql`0`;
  const failed = preds.length ? P.sql`(CASE ${P.join(preds.map(([f, p]) => P.sql`WHEN NOT ${ok(p)} THEN ${f}::text`), " ")} END)` : P.sql`NULL::text`;
  const inCreated = P.sql`(fb.nfail = 0 OR fb.failed = 'created')`;
  return P.sql`(WITH fb AS MATERIALIZED (SELECT b.keys, b.at, ${nfail} AS nfail, ${failed} AS failed FROM m b WHERE ${nfail} <= 1),
      kc AS (
        SELECT k, count(*)::int AS n FROM fb CROSS JOIN LATERAL unnest(fb.keys) AS k
         WHERE fb.nfail = 0 OR starts_with(k, fb.failed || ':')
         GROUP BY k),
      cr AS (SELECT count(*) FILTER (WHERE fb.nfail = 0)::int AS total, ${bucketCols(spec, "fb", inCreated)} FROM fb),
      ${facetJson(spec, P.sql`(SELECT total FROM cr)`)})`;
}

/**
 * Counts without text, from FacetCount (the shop's keys per market set, summed with the deltas not folded
 * in yet, over the market sets visible to the caller) — exact: the triggers write the deltas in the
 * transaction that changes an asset, and one statement reads counts and deltas from one snapshot.
 *  - No filter (browsing): every facet from FacetCount; `created` by the (shopId, createdAt) index over
 *    this month and week only (older = total − this month).
 *  - One filter on facet F: F's own counts are the library's (disjunctive: every other filter passes),
 *    from FacetCount; the total and every other facet are counted over the assets that pass the filter,
 *    read through its index (facetKeys GIN, createdAt, kind) rather than every asset.
 *  - Two filters: each filtered facet's counts over the assets that pass the other filter, the rest over
 *    those that pass both (three index-driven subsets instead of every asset; more filters take the
 *    general path, facetCounts).
 */
function libraryCounts(shopId: string, spec: SearchSpec, matched: P.Sql, filters: Array<[FacetName, P.Sql]>): P.Sql {
  const visible = spec.scope ? P.sql`("marketSet" = '' OR string_to_array("marketSet", ',') && ${spec.scope}::text[])` : P.sql`TRUE`;
  const { today, week, month } = spec.buckets;
  const byFacet = keyFilters(spec.filters, filters);
  const keys = byFacet ? filters.map(([f]) => byFacet.get(f)!) : null;
  // A CTE `name(k, n)`: a counts table summed with its deltas not folded in yet, over the visible market
  // sets, keys with a positive count (one snapshot, so exact; see the facet_counts migration).
  const summed = (name: string, table: string, column: string, where: P.Sql = P.sql`TRUE`) => P.sql`${P.raw(name)} AS (
        SELECT x.k, sum(x.n)::int AS n FROM (
          SELECT ${P.raw(`"${column}"`)} AS k, "n" FROM ${P.raw(`"${table}"`)} WHERE "shopId" = ${shopId}::uuid AND ${where} AND ${visible}
          UNION ALL SELECT ${P.raw(`"${column}"`)}, "n" FROM ${P.raw(`"${table}Delta"`)} WHERE "shopId" = ${shopId}::uuid AND ${where} AND ${visible}
        ) x GROUP BY x.k HAVING sum(x.n) > 0)`;
  const lib = summed("lib", "FacetCount", "key");
  // Filters of one key each: the other facets' counts among the assets that pass one of them are pair
  // counts (FacetPairCount and its deltas), `pr<i>` for the i-th filter's keys.
  const pairs = (i: number, keys: P.Sql) => summed(`pr${i}`, "FacetPairCount", "other", P.sql`"key" = ANY(${keys})`);
  // How many assets carry one of `keys` (all of them: null); an asset carries at most one (keyFilters).
  const totalOf = (keys: P.Sql | null) =>
    keys ? P.sql`(SELECT coalesce(sum(n), 0)::int FROM lib WHERE k = ANY(${keys}))` : P.sql`(SELECT coalesce(max(n), 0) FROM lib WHERE k = 'total:all')`;
  // `created` over the library (or the assets with one of `keys`): this month and week by the (shopId,
  // createdAt) index, older = all − this month.
  const libCreatedOf = (keys: P.Sql | null) => P.sql`cr AS (
        SELECT count(*) FILTER (WHERE y.at >= ${today}::bigint)::int AS today,
               count(*) FILTER (WHERE y.at >= ${week}::bigint)::int AS this_week,
               count(*) FILTER (WHERE y.at >= ${month}::bigint)::int AS this_month,
               ${totalOf(keys)} - count(*) FILTER (WHERE y.at >= ${month}::bigint)::int AS older
          FROM (SELECT (extract(epoch FROM a."createdAt") * 1000)::bigint AS at FROM "Asset" a
                 WHERE a."shopId" = ${shopId}::uuid AND a."archivedAt" IS NULL AND ${scopeSql(spec.scope, "a")}
                   ${keys ? P.sql`AND a."facetKeys" && ${keys}` : P.empty}
                   AND a."createdAt" >= TIMESTAMP 'epoch' + LEAST(${week}::bigint, ${month}::bigint) * INTERVAL '1 millisecond') y)`;
  const libCreated = libCreatedOf(null);
  let ctes: P.Sql;
  let total: P.Sql;
  if (!filters.length) {
    ctes = P.sql`${lib}, kc AS (SELECT k, n FROM lib WHERE k <> 'total:all'), ${libCreated}`;
    total = totalOf(null);
  } else if (keys && filters.length === 1) {
    // One filter, keys X (an asset has at most one of them): the other facets among the assets with X are
    // X's pairs; X's own facet is the library's; the total is X's count; no asset is read but this month's.
    const own = `${filters[0]![0]}:`;
    ctes = P.sql`${lib}, ${pairs(0, keys[0]!)},
      kc AS (SELECT k, n FROM pr0 WHERE NOT starts_with(k, ${own}) UNION ALL SELECT k, n FROM lib WHERE starts_with(k, ${own})),
      ${libCreatedOf(keys[0]!)}`;
    total = totalOf(keys[0]!);
  } else if (keys) {
    // Two filters, keys X and Y: each one's own facet among the assets that pass the other is a pair
    // count; the total and the rest are counted over the assets that pass both (facetKeys index).
    const own = filters.map(([f]) => `${f}:`);
    const all = join(filters.map(([, p]) => p), " AND ", P.sql`TRUE`);
    ctes = P.sql`${lib}, ${pairs(0, keys[0]!)}, ${pairs(1, keys[1]!)},
      fb AS MATERIALIZED (SELECT b.keys, b.at FROM (${matched}) b WHERE ${all}),
      kc AS (
        SELECT k, count(*)::int AS n FROM fb CROSS JOIN LATERAL unnest(fb.keys) AS k WHERE NOT (starts_with(k, ${own[0]!}) OR starts_with(k, ${own[1]!})) GROUP BY k
        UNION ALL SELECT k, n FROM pr1 WHERE starts_with(k, ${own[0]!})
        UNION ALL SELECT k, n FROM pr0 WHERE starts_with(k, ${own[1]!})),
      cr AS (SELECT ${bucketCols(spec, "x")} FROM fb x)`;
    total = P.sql`(SELECT count(*)::int FROM fb)`;
  } else {
    // `fb`: the assets that pass every filter; `fo<i>`: those that pass every filter but the i-th (with
    // one filter, that is the library: FacetCount).
    const bucketsOver = (src: string) => P.sql`cr AS (SELECT ${bucketCols(spec, "x")} FROM ${P.raw(src)} x)`;
    const own = filters.map(([f]) => `${f}:`);
    const others = P.join(own.map((o) => P.sql`starts_with(k, ${o})`), " OR ");
    const parts: P.Sql[] = [P.sql`SELECT k, count(*)::int AS n FROM fb CROSS JOIN LATERAL unnest(fb.keys) AS k WHERE NOT (${others}) GROUP BY k`];
    const subsets: P.Sql[] = [];
    let created = bucketsOver("fb");
    filters.forEach(([facet], i) => {
      if (filters.length === 1) {
        parts.push(P.sql`SELECT k, n FROM lib WHERE starts_with(k, ${own[i]!})`);
        if (facet === "created") created = libCreated;
        return;
      }
      const rest = join(filters.filter((_, j) => j !== i).map(([, p]) => p), " AND ", P.sql`TRUE`);
      subsets.push(P.sql`${P.raw(`fo${i}`)} AS MATERIALIZED (SELECT b.keys, b.at FROM (${matched}) b WHERE ${rest})`);
      parts.push(P.sql`SELECT k, count(*)::int AS n FROM ${P.raw(`fo${i}`)} f CROSS JOIN LATERAL unnest(f.keys) AS k WHERE starts_with(k, ${own[i]!}) GROUP BY k`);
      if (facet === "created") created = bucketsOver(`fo${i}`);
    });
    const all = join(filters.map(([, p]) => p), " AND ", P.sql`TRUE`);
    ctes = P.sql`${lib},
      fb AS MATERIALIZED (SELECT b.keys, b.at FROM (${matched}) b WHERE ${all}),
      ${subsets.length ? P.sql`${P.join(subsets, ",\n")},` : P.empty}
      kc AS (${P.join(parts, " UNION ALL ")}),
      ${created}`;
    total = P.sql`(SELECT count(*)::int FROM fb)`;
  }
  return P.sql`(WITH ${ctes},
      ${facetJson(spec, total)})`;
}

/** Labels of tags by normalised name (the tag facet shows them). */
export function findTagLabels(db: Tx, shopId: string, names: string[]) {
  return db.tag.findMany({ where: { shopId, name: { in: names } }, select: { name: true, label: true, labelZh: true } });
}
