// Search suggestions while typing (issue #7 §5): the member's recent searches that start with the text
// typed, then for the word being typed the filters the lexicon would read it as, the shop's tags that
// start with it (with how many assets the caller can see carry each) and asset titles that contain it — in
// that order, at most `limit` (default 8), all within the shop and the caller's market scope. An empty
// field suggests the member's recent searches alone.
import { z } from "zod";
import type { Prisma } from "../../db/database";
import { valid } from "../../errors";
import { authorize } from "../../governance/authorize";
import { marketScope, type Principal } from "../../governance/policy";
import { listAssetsByIds } from "../assets.repository";
import { isHan } from "../search/segment";
import { suggestFilters, type FilterSuggestion } from "./filters";
import { findTagsByPrefix, findTitles } from "./suggest.repository";
import { readTyping } from "./typing";
import { recentSearches } from "./recent-searches.service";
import type { Actor } from "../types";

export const SUGGEST_MAX_QUERY = 200;
export const SUGGEST_MAX_LIMIT = 20;

export const SuggestInputSchema = z.object({
  q: z.string({ message: "q is the text typed so far." }).max(SUGGEST_MAX_QUERY, `q is at most ${SUGGEST_MAX_QUERY} characters.`),
  limit: z.coerce.number({ message: "limit is a number" }).int("limit is a whole number").min(1, "limit is at least 1").max(SUGGEST_MAX_LIMIT, `limit is at most ${SUGGEST_MAX_LIMIT}`).default(8),
  /** Minutes east of UTC of the operator's calendar (date suggestions name their days in it). */
  tz: z.coerce.number({ message: "tz is a number of minutes" }).int().min(-840).max(840).default(0),
});
export type SuggestInput = z.input<typeof SuggestInputSchema>;

export interface TagSuggestion {
  type: "tag";
  name: string;
  label: string;
  labelZh: string | null;
  count: number;
  /** The typed word starts here; choosing the tag replaces it by the tag filter. */
  from: number;
}

/** A search the member ran before: picking it runs it again (the whole text is replaced). */
export interface RecentSuggestion {
  type: "recent";
  query: string;
  usedAt: Date;
}

export type Suggestion = RecentSuggestion | FilterSuggestion | TagSuggestion | { type: "asset"; asset: Awaited<ReturnType<typeof listAssetsByIds>>[number]; from: number };

const MAX_FILTERS = 3;
const MAX_TAGS = 3;
/** Recent searches shown above the suggestions for the word being typed. */
const MAX_RECENT_TYPING = 2;

// Control characters (a NUL would fail the query on PostgreSQL) read as spaces.
const clean = (s: string) => s.replace(/[\u0000-\u001f\u007f]/g, " ");

/** Enough of a word to look tags up by (2 Latin letters, 1 Chinese character) and titles (3 and 2: the trigram index). */
function enough(word: string, min: { latin: number; han: number }): boolean {
  const han = [...word].filter(isHan).length;
  return han >= min.han || word.length >= min.latin;
}

export async function suggestSearch(deps: { prisma: Prisma }, shopId: string, caller: Principal | Actor, input: SuggestInput, now = new Date()): Promise<{ items: Suggestion[] }> {
  authorize(caller, "asset.view");
  const { q: raw, limit: asked, tz } = valid(SuggestInputSchema, input);
  const q = clean(raw);
  const toRecent = (r: { query: string; usedAt: Date }): RecentSuggestion => ({ type: "recent", query: r.query, usedAt: r.usedAt });
  if (!q.trim()) return { items: (await recentSearches(deps, shopId, caller, "", asked)).map(toRecent) };
  const typing = readTyping(q);
  const word = typing.word;
  if (!word || !word.text.trim()) return { items: [] };
  const scope = marketScope(caller);
  const recent = (await recentSearches(deps, shopId, caller, q, Math.min(MAX_RECENT_TYPING, asked))).map(toRecent);
  const limit = asked - recent.length;

  const filters = typing.tagOnly ? [] : suggestFilters(typing.phraseStarts, { now, utcOffsetMinutes: tz }, Math.min(MAX_FILTERS, limit));
  // A tag that only repeats a filter ("blue" beside Colour: blue) is left out.
  const filterValues = new Set(filters.map((f) => f.key.slice(f.key.indexOf(":") + 1).toLowerCase()));
  const tags = enough(word.text, { latin: 2, han: 1 })
    ? (await findTagsByPrefix(deps.prisma, shopId, scope, word.text, MAX_TAGS + filterValues.size)).filter((t) => !filterValues.has(t.name)).slice(0, MAX_TAGS)
    : [];
  const room = limit - Math.min(filters.length, limit) - Math.min(tags.length, Math.max(0, limit - filters.length));
  const titles = !typing.tagOnly && room > 0 && enough(word.text, { latin: 3, han: 2 }) ? await findTitles(deps.prisma, shopId, scope, word.text, room) : [];
  const assets = new Map((await (titles.length ? listAssetsByIds(deps.prisma, shopId, titles.map((t) => t.id)) : [])).map((a) => [a.id, a]));

  const items: Suggestion[] = [
    ...recent,
    ...filters,
    ...tags.map((t): TagSuggestion => ({ type: "tag", name: t.name, label: t.label, labelZh: t.labelZh, count: t.count, from: word.from })),
    ...titles.flatMap((t) => (assets.has(t.id) ? [{ type: "asset" as const, asset: assets.get(t.id)!, from: word.from }] : [])),
  ];
  return { items: items.slice(0, limit + recent.length) };
}
