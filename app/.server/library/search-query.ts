// GET /api/v1/search query string (issue #7): q, sort, cursor, limit, the operator's UTC offset, and
// filters — as a `filters` JSON object or as one parameter per facet (comma-separated values:
// `colours=blue,red&channels=amazon&compliance=amazon:fail&createdFrom=2026-03-01`); both are checked by
// SearchFiltersSchema and combined.
import { z } from "zod";
import { AppError } from "../errors";
import { SearchFiltersSchema, type SearchFilters } from "./search";
import { SEARCH_SORTS } from "./search.repository";

export const LIST_PARAMS = [
  "kinds", "states", "markets", "languages", "campaigns", "channels", "tags", "colours", "backgrounds", "orientations",
  "slots", "usage", "rights",
] as const;
export type ListParam = (typeof LIST_PARAMS)[number];

/** The parameters that filter a search (besides q): one per facet, compliance, the created range, `filters`. */
export const FILTER_PARAMS = [...LIST_PARAMS, "compliance", "createdFrom", "createdTo", "filters"] as const;
/** Every parameter parseSearchQuery reads. */
export const SEARCH_PARAMS = ["q", "sort", "cursor", "limit", "tz", ...FILTER_PARAMS] as const;

/** Whether a URL asks for a search: some text in q or a non-empty filter parameter. */
export function isSearchRequest(url: URL): boolean {
  if ((url.searchParams.get("q") ?? "").trim()) return true;
  return FILTER_PARAMS.some((k) => url.searchParams.getAll(k).some((v) => v.trim() !== ""));
}

/** Only the search parameters of a URL that carries others too (the library page: view, archived …). */
export function searchParamsOnly(url: URL): URL {
  const out = new URL(url.pathname, url.origin);
  for (const [k, v] of url.searchParams) if ((SEARCH_PARAMS as readonly string[]).includes(k)) out.searchParams.append(k, v);
  return out;
}

export const SearchQuery = z
  .object({
    q: z.string().max(500).optional(),
    sort: z.enum(SEARCH_SORTS).optional(),
    cursor: z.string().max(500).optional(),
    limit: z.coerce.number().int().min(1).max(200).optional(),
    /** Minutes east of UTC of the operator's calendar (today, last week, the created buckets). */
    tz: z.coerce.number().int().min(-840).max(840).optional(),
  })
  .strict();

export interface ParsedSearchQuery extends z.infer<typeof SearchQuery> {
  filters: SearchFilters;
}

export function parseSearchQuery(url: URL): ParsedSearchQuery {
  const plain: Record<string, string> = {};
  const flat: Record<string, unknown> = {};
  let json: unknown = {};
  for (const [k, v] of url.searchParams) {
    if (v === "") continue;
    if (k === "filters") {
      try {
        json = JSON.parse(v);
      } catch {
        throw new AppError("validation", "filters: not valid JSON (expected an object such as {\"colours\":[\"blue\"]}).");
      }
    } else if ((LIST_PARAMS as readonly string[]).includes(k)) {
      flat[k] = [...((flat[k] as string[] | undefined) ?? []), ...v.split(",").map((s) => s.trim()).filter(Boolean)];
    } else if (k === "compliance") {
      const list = (flat.compliance as unknown[] | undefined) ?? [];
      for (const item of v.split(",").map((s) => s.trim()).filter(Boolean)) {
        const [a, b] = item.split(":");
        list.push(b === undefined ? { verdict: a } : { channel: a, verdict: b });
      }
      flat.compliance = list;
    } else if (k === "createdFrom" || k === "createdTo") flat[k] = v;
    else plain[k] = v;
  }
  const base = SearchQuery.parse(plain);
  const fromJson = SearchFiltersSchema.parse(json);
  const fromParams = SearchFiltersSchema.parse(flat);
  return { ...base, filters: { ...fromJson, ...mergeInto(fromJson, fromParams) } };
}

function mergeInto(a: SearchFilters, b: SearchFilters): SearchFilters {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(b)) {
    const prev = (a as Record<string, unknown>)[k];
    out[k] = Array.isArray(v) && Array.isArray(prev) ? [...prev, ...v] : v;
  }
  return out as SearchFilters;
}
