// Library search (issue #7): what an operator typed (`春季新品 蓝色 主图`, `blue sneaker white background`)
// plus explicit filters → a keyset page of assets in the caller's market scope, the exact total and
// facet counts (computed under the caller's scope too: counts never reveal assets they cannot see).
import type { Prisma } from "../db/database";
import { AppError } from "../errors";
import { marketScope, type Principal } from "../governance/policy";
import { listAssetsByIds } from "./assets.repository";
import { pageLimit } from "./cursor";
import { complianceKey, type SearchFilters } from "./search/filters";
import { parseQuery, type QueryChip } from "./search";
import { FACETS, findFuzzyTerms, findTagLabels, findTermWords, findVisibleWords, searchAssetRows, SEARCH_SORTS, type FacetName, type SearchSort } from "./search.repository";

export { SEARCH_SORTS, type SearchSort };

export interface SearchInput {
  q?: string;
  /** Filters chosen outside the text (facet clicks, saved searches): combined with the ones typed. */
  filters?: SearchFilters;
  /** Default: relevance when there is free text, newest otherwise. */
  sort?: SearchSort;
  cursor?: string | null;
  limit?: number;
  /**
   * The exact total and the facet counts. Default: on a first page only (no cursor) — they do not change
   * from page to page, and counting is most of a search's work; a later page answers total null and
   * every facet empty unless asked.
   */
  counts?: boolean;
  now?: Date;
  /** The operator's calendar for "today", "last week" and the created buckets. */
  utcOffsetMinutes?: number;
  weekStartsOn?: 0 | 1;
}

export interface FacetValue {
  value: string;
  count: number;
  /** Tags: the tag's label and Chinese name. */
  label?: string;
  labelZh?: string | null;
}
export type SearchFacets = Record<FacetName, FacetValue[]>;

export const CREATED_BUCKETS = ["today", "this_week", "this_month", "older"] as const;

// ---- Cursor ----------------------------------------------------------------------------------------

interface Cursor {
  s: SearchSort;
  k: number;
  id: string;
}
const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString("base64url");
function decodeCursor(raw: string | null | undefined, sort: SearchSort): Cursor | null {
  if (!raw) return null;
  let c: Partial<Cursor> | null = null;
  try {
    c = JSON.parse(Buffer.from(raw, "base64url").toString()) as Partial<Cursor>;
  } catch {
    c = null;
  }
  if (!c || typeof c.k !== "number" || !Number.isFinite(c.k) || typeof c.id !== "string" || !/^[0-9a-f-]{36}$/.test(c.id) || !SEARCH_SORTS.includes(c.s as SearchSort))
    throw new AppError("validation", "The page cursor is not valid; start again from the first page.");
  if (c.s !== sort) throw new AppError("validation", `The page cursor belongs to a search sorted by ${c.s}; start again from the first page.`);
  return c as Cursor;
}

// ---- Filters ---------------------------------------------------------------------------------------

/** Typed and explicit filters together: values of a facet are unioned, date ranges intersected. */
export function mergeFilters(a: SearchFilters, b: SearchFilters): SearchFilters {
  const out: SearchFilters = { ...a };
  const bag = out as Record<string, unknown>;
  for (const [k, v] of Object.entries(b) as Array<[keyof SearchFilters, unknown]>) {
    if (v === undefined) continue;
    if (k === "createdFrom" || k === "createdTo") continue;
    if (k === "compliance") {
      const list = [...(out.compliance ?? [])];
      for (const c of b.compliance ?? []) if (!list.some((x) => complianceKey(x) === complianceKey(c))) list.push(c);
      out.compliance = list;
      continue;
    }
    const prev = (bag[k] as string[] | undefined) ?? [];
    bag[k] = [...new Set([...prev, ...(v as string[])])];
  }
  if (b.createdFrom && (!out.createdFrom || b.createdFrom > out.createdFrom)) out.createdFrom = b.createdFrom;
  if (b.createdTo && (!out.createdTo || b.createdTo < out.createdTo)) out.createdTo = b.createdTo;
  return out;
}

/** Start of today, of this week and of this month in the operator's calendar (epoch ms). */
export function bucketStarts(now: Date, utcOffsetMinutes = 0, weekStartsOn: 0 | 1 = 1) {
  const off = utcOffsetMinutes * 60_000;
  const l = new Date(now.getTime() + off);
  const y = l.getUTCFullYear();
  const m = l.getUTCMonth();
  const d = l.getUTCDate();
  const back = (l.getUTCDay() - weekStartsOn + 7) % 7;
  return { today: Date.UTC(y, m, d) - off, week: Date.UTC(y, m, d - back) - off, month: Date.UTC(y, m, 1) - off };
}

/** The selected values of each facet (so a chosen value with no results still shows, at 0). */
function selected(f: SearchFilters): Partial<Record<FacetName, string[]>> {
  return {
    kind: f.kinds, state: f.states, market: f.markets, language: f.languages, campaign: f.campaigns, channel: f.channels,
    tag: f.tags, colour: f.colours, background: f.backgrounds, orientation: f.orientations, slot: f.slots, usage: f.usage,
    rights: f.rights, compliance: f.compliance?.map((c) => `${c.channel ?? "any"}:${c.verdict}`),
  };
}

// ---- Search ----------------------------------------------------------------------------------------

export async function searchAssets(deps: { prisma: Prisma }, shopId: string, caller: Principal, input: SearchInput) {
  const now = input.now ?? new Date();
  const opts = { utcOffsetMinutes: input.utcOffsetMinutes ?? 0, weekStartsOn: input.weekStartsOn ?? 1 };
  const q = (input.q ?? "").slice(0, 500);
  const parsed = parseQuery(q, now, opts);
  const filters = mergeFilters(parsed.filters, input.filters ?? {});
  const hasText = parsed.terms.length > 0 || parsed.phrases.length > 0;
  // Relevance without text would be an arbitrary order: it is newest then.
  const sort: SearchSort = input.sort === "relevance" || (!input.sort && hasText) ? (hasText ? "relevance" : "newest") : (input.sort ?? "newest");
  const limit = pageLimit(input.limit, 48);
  const after = decodeCursor(input.cursor, sort);
  const counts = input.counts ?? !after;

  const scope = marketScope(caller);
  const fuzzy = await findFuzzyTerms(deps.prisma, shopId, scope, parsed.terms);
  // A Latin term the index does not know is matched through the index words it is a typo of, rather than
  // by reading every asset's text (Chinese goes through its bigrams: search.repository termMatch).
  const alternatives = await Promise.all(parsed.terms.map((t, i) => (fuzzy[i] ? findTermWords(deps.prisma, shopId, t) : [])));
  const { page, facets: rows } = await searchAssetRows(deps.prisma, shopId, {
    scope,
    terms: parsed.terms,
    fuzzy,
    alternatives,
    phrases: parsed.phrases,
    text: parsed.terms.join(" "),
    filters,
    sort,
    after: after ? { k: after.k, id: after.id } : null,
    limit,
    buckets: bucketStarts(now, opts.utcOffsetMinutes, opts.weekStartsOn),
    tagLimit: 20,
    counts,
  });

  const more = page.length > limit;
  const hits = more ? page.slice(0, limit) : page;
  const last = hits[hits.length - 1];
  const keyOf = (r: (typeof hits)[number]) => (sort === "relevance" ? r.score : sort === "newest" ? r.at : r.uses);
  const nextCursor = more && last ? encodeCursor({ s: sort, k: keyOf(last), id: last.id }) : null;

  const assets = await listAssetsByIds(deps.prisma, shopId, hits.map((h) => h.id));
  const byId = new Map(assets.map((a) => [a.id, a]));
  const items = hits.flatMap((h) => {
    const a = byId.get(h.id);
    return a ? [{ asset: a, score: h.score, uses: h.uses }] : []; // deleted in between: skipped
  });

  // Facets: every value with a count, most frequent first; created in calendar order; chosen values kept.
  let total: number | null = counts ? 0 : null;
  const facets = Object.fromEntries(FACETS.map((f) => [f, [] as FacetValue[]])) as SearchFacets;
  for (const r of rows) {
    if (r.facet === "total") total = r.n;
    else if (r.value !== null && r.n > 0) facets[r.facet].push({ value: r.value, count: r.n });
  }
  if (counts)
    for (const [f, values] of Object.entries(selected(filters)) as Array<[FacetName, string[] | undefined]>)
      for (const v of values ?? []) if (!facets[f].some((x) => x.value === v)) facets[f].push({ value: v, count: 0 });
  for (const f of FACETS) {
    if (f === "created") facets[f].sort((a, b) => CREATED_BUCKETS.indexOf(a.value as never) - CREATED_BUCKETS.indexOf(b.value as never));
    else facets[f].sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  }
  if (facets.tag.length) {
    const labels = new Map((await findTagLabels(deps.prisma, shopId, facets.tag.map((t) => t.value))).map((t) => [t.name, t]));
    facets.tag = facets.tag.map((t) => ({ ...t, label: labels.get(t.value)?.label ?? t.value, labelZh: labels.get(t.value)?.labelZh ?? null }));
  }

  // A typo matched through index words says which: those the caller's visible assets hold, of about the
  // typo's length (it also matches inside longer tokens — "sneakerblackmain" from a file name — which
  // read as noise), a few.
  // One query for every term's words.
  const len = (w: string) => [...w].length;
  const near = parsed.terms.map((term, i) => (alternatives[i] ?? []).filter((w) => Math.abs(len(w) - len(term)) <= 3));
  const visible = new Set(await findVisibleWords(deps.prisma, shopId, scope, [...new Set(near.flat())]));
  const corrections = parsed.terms
    .map((term, i) => ({ term, words: near[i]!.filter((w) => visible.has(w)).slice(0, 3) }))
    .filter((c) => c.words.length > 0);

  return {
    items,
    nextCursor,
    total,
    sort,
    facets,
    filters,
    /** Typos matched through the words they are close to ("Including results for sneaker"). */
    corrections,
    parsed: { text: parsed.text, terms: parsed.terms, phrases: parsed.phrases, chips: parsed.chips as QueryChip[] },
  };
}
export type SearchResult = Awaited<ReturnType<typeof searchAssets>>;
