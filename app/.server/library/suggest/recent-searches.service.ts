// Recent searches (issue #7 §5): the library remembers what each member searched for and the search field
// offers it back — all of them when it is focused empty, those the text typed starts when typing. Only
// people have a history: API keys and the system search without one. A member sees and clears only their own.
import { z } from "zod";
import type { Prisma } from "../../db/database";
import { valid } from "../../errors";
import type { Principal } from "../../governance/policy";
import type { Actor } from "../types";
import { deleteRecentSearches, findRecentSearches, saveRecentSearch, type RecentSearchRow } from "./recent-searches.repository";

/** A remembered search is at most this long (the search field's suggestions take 200 characters). */
export const RECENT_SEARCH_MAX = 200;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The member behind a caller, when it is a person with a Member row (a user Actor's id is its Member's
 * uuid; a bare Principal, an API key or the system has no history).
 */
export function memberOf(caller: Principal | Actor): string | null {
  return "kind" in caller && caller.kind === "user" && UUID.test(caller.id) ? caller.id : null;
}

/** The text as it is remembered and matched: control characters and runs of spaces as one space, trimmed. */
export function normaliseSearch(q: string): string {
  return q.replace(/[\u0000-\u001f\u007f\s]+/gu, " ").trim().slice(0, RECENT_SEARCH_MAX).trim();
}

/**
 * Remembers a search the member ran (the library's first page of results for text they typed). Best
 * effort by design: the results are what they came for, so a failure to write the history is logged
 * without its text and the search still answers.
 */
export async function rememberSearch(deps: { prisma: Prisma }, shopId: string, caller: Principal | Actor, q: string, now = new Date()): Promise<void> {
  const memberId = memberOf(caller);
  const query = normaliseSearch(q);
  if (!memberId || !query) return;
  try {
    await saveRecentSearch(deps.prisma, shopId, memberId, query, now);
  } catch (err) {
    console.warn("[search] remembering a recent search failed:", err instanceof Error ? err.name : "error");
  }
}

/** The caller's recent searches starting with `typed` (all of them for empty text), newest first. */
export async function recentSearches(deps: { prisma: Prisma }, shopId: string, caller: Principal | Actor, typed: string, limit: number): Promise<RecentSearchRow[]> {
  const memberId = memberOf(caller);
  if (!memberId || limit <= 0) return [];
  const prefix = normaliseSearch(typed);
  const rows = await findRecentSearches(deps.prisma, shopId, memberId, prefix || null, limit + 1);
  // Typing the whole of a remembered search suggests nothing new.
  return rows.filter((r) => r.query.toLowerCase() !== prefix.toLowerCase()).slice(0, limit);
}

export const ForgetRecentSchema = z.object({
  /** One search to forget; absent: the whole history. */
  query: z.string().max(RECENT_SEARCH_MAX * 2, "query is too long.").optional(),
});

/** Forgets one of the caller's searches or all of them; how many were forgotten. */
export async function forgetRecentSearches(deps: { prisma: Prisma }, shopId: string, caller: Principal | Actor, input: z.input<typeof ForgetRecentSchema>): Promise<number> {
  const memberId = memberOf(caller);
  if (!memberId) return 0;
  const { query } = valid(ForgetRecentSchema, input);
  return deleteRecentSearches(deps.prisma, shopId, memberId, query === undefined ? undefined : normaliseSearch(query));
}
