// The library page's search (issue #7), as links: the facet values (each with its count and the address
// that adds or removes it), the chips of what was understood (each with the address without it), the
// sort choices and "clear". Addresses keep the page's other parameters (view …) and drop the cursor, so
// the page works as plain links and GET forms without JavaScript, and through Remix navigation with it.
import { GLOBAL_MARKET, type ListFacet } from "./search/filters";
import { COLOUR_WORDS } from "./search/lexicon";
import { removeChip } from "./search";
import type { FacetName } from "./search.repository";
import { bucketStarts, SEARCH_SORTS, type SearchResult, type SearchSort } from "./search.service";
import { SEARCH_PARAMS } from "./search-query";

export interface FacetValueView {
  value: string;
  label: string;
  count: number;
  selected: boolean;
  /** The address with this value added (or removed, when selected). */
  href: string;
}
export interface FacetGroupView {
  facet: FacetName;
  title: string;
  values: FacetValueView[];
}
export interface ChipView {
  key: string;
  label: string;
  /** The address without this chip. */
  href: string;
}
export interface SearchPageView {
  q: string;
  total: number;
  sort: SearchSort;
  sorts: Array<{ value: SearchSort; label: string; href: string }>;
  chips: ChipView[];
  facets: FacetGroupView[];
  clearHref: string;
  /** Words a typo was matched through ("Including results for sneaker"), at most three. */
  corrections: string[];
}

type Param = ListFacet | "compliance" | "created";
const GROUPS: Array<{ facet: FacetName; param: Param; title: string }> = [
  { facet: "kind", param: "kinds", title: "Type" },
  { facet: "state", param: "states", title: "State" },
  { facet: "market", param: "markets", title: "Market" },
  { facet: "channel", param: "channels", title: "Channel" },
  { facet: "colour", param: "colours", title: "Colour" },
  { facet: "background", param: "backgrounds", title: "Background" },
  { facet: "orientation", param: "orientations", title: "Orientation" },
  { facet: "usage", param: "usage", title: "Usage" },
  { facet: "slot", param: "slots", title: "Slot" },
  { facet: "rights", param: "rights", title: "Rights" },
  { facet: "compliance", param: "compliance", title: "Compliance" },
  { facet: "tag", param: "tags", title: "Tag" },
  { facet: "campaign", param: "campaigns", title: "Campaign" },
  { facet: "language", param: "languages", title: "Language" },
  { facet: "created", param: "created", title: "Created" },
];

const SORT_LABELS: Record<SearchSort, string> = {
  relevance: "Relevance",
  newest: "Newest",
  most_used: "Most used",
};
const CHANNELS: Record<string, string> = {
  shopify: "Shopify",
  amazon: "Amazon",
  tiktok: "TikTok",
};
const STATES: Record<string, string> = {
  draft: "Draft",
  in_review: "In review",
  approved: "Approved",
  rejected: "Rejected",
  retired: "Retired",
};
const CREATED: Record<string, string> = {
  today: "Today",
  this_week: "This week",
  this_month: "This month",
  older: "Older",
};
const HAN = /[\u3400-\u9fff]/;
const cap = (s: string) => (s ? s[0]!.toUpperCase() + s.slice(1) : s);

function valueLabel(facet: FacetName, value: string, extra: { label?: string; labelZh?: string | null }): string {
  switch (facet) {
    case "kind":
      return cap(value);
    case "state":
      return STATES[value] ?? value;
    case "market":
      return value === GLOBAL_MARKET ? "Global (no markets)" : value;
    case "channel":
      return CHANNELS[value] ?? value;
    case "colour": {
      const zh = (COLOUR_WORDS as Record<string, readonly string[]>)[value]?.find((w) => HAN.test(w));
      return zh ? `${cap(value)} · ${zh}` : cap(value);
    }
    case "background":
    case "orientation":
      return cap(value);
    case "usage":
      return value === "placed" ? "In use" : "Unused";
    case "slot":
      return value === "main" ? "Main image" : value;
    case "rights":
      return value === "none" ? "No rights recorded" : cap(value);
    case "compliance": {
      const [channel = "any", verdict = ""] = value.split(":");
      return `${verdict === "pass" ? "Passes" : "Fails"} ${channel === "any" ? "any channel" : CHANNELS[channel] ?? channel}`;
    }
    case "tag": {
      const label = extra.label ?? value;
      return extra.labelZh && extra.labelZh !== label ? `${label} · ${extra.labelZh}` : label;
    }
    case "created":
      return CREATED[value] ?? value;
    default:
      return value;
  }
}

/** The values of a comma-separated list parameter (every occurrence). */
export function listValues(params: URLSearchParams, name: string): string[] {
  return params
    .getAll(name)
    .flatMap((v) => v.split(","))
    .map((s) => s.trim())
    .filter(Boolean);
}

function hrefWith(url: URL, change: (p: URLSearchParams) => void): string {
  const p = new URLSearchParams(url.searchParams);
  p.delete("cursor");
  change(p);
  const s = p.toString();
  return s ? `${url.pathname}?${s}` : url.pathname;
}

/** A facet value as its URL parameter spells it (compliance "any:fail" is just "fail"). */
const paramValue = (param: Param, value: string) => (param === "compliance" && value.startsWith("any:") ? value.slice(4) : value);
const sameValue = (param: Param, a: string, b: string) =>
  param === "compliance"
    ? (a.includes(":") ? a : `any:${a}`).toLowerCase() === (b.includes(":") ? b : `any:${b}`).toLowerCase()
    : a.toLowerCase() === b.toLowerCase();

/** The address with `value` of a list parameter added, or removed when it is there. */
export function toggleListHref(url: URL, param: string, value: string): string {
  const p = param as Param;
  const current = listValues(url.searchParams, param);
  const on = current.some((c) => sameValue(p, c, value));
  const next = on ? current.filter((c) => !sameValue(p, c, value)) : [...current, value];
  return hrefWith(url, (ps) => {
    ps.delete(param);
    if (next.length) ps.set(param, next.join(","));
  });
}

/** The created range of a bucket (createdFrom inclusive, createdTo exclusive), as ISO timestamps. */
export function createdRange(bucket: string, now: Date, utcOffsetMinutes = 0): { createdFrom?: string; createdTo?: string } {
  const b = bucketStarts(now, utcOffsetMinutes);
  const iso = (ms: number) => new Date(ms).toISOString();
  if (bucket === "today") return { createdFrom: iso(b.today) };
  if (bucket === "this_week") return { createdFrom: iso(b.week) };
  if (bucket === "this_month") return { createdFrom: iso(b.month) };
  return { createdTo: iso(b.month) };
}

export function searchPageView(
  url: URL,
  r: Pick<SearchResult, "total" | "sort" | "facets" | "parsed"> & Partial<Pick<SearchResult, "corrections">>,
  now: Date,
  utcOffsetMinutes = 0
): SearchPageView {
  const q = url.searchParams.get("q") ?? "";
  const chips: ChipView[] = r.parsed.chips.map((c) => ({
    key: c.key,
    label: c.label,
    href: hrefWith(url, (p) => {
      const rest = removeChip(q, c).trim();
      if (rest) p.set("q", rest);
      else p.delete("q");
    }),
  }));

  const facets: FacetGroupView[] = [];
  for (const g of GROUPS) {
    const values: FacetValueView[] = r.facets[g.facet].map((fv) => {
      let selected: boolean;
      let href: string;
      if (g.param === "created") {
        const range = createdRange(fv.value, now, utcOffsetMinutes);
        selected =
          (url.searchParams.get("createdFrom") ?? undefined) === range.createdFrom &&
          (url.searchParams.get("createdTo") ?? undefined) === range.createdTo;
        href = hrefWith(url, (p) => {
          p.delete("createdFrom");
          p.delete("createdTo");
          if (!selected) for (const [k, v] of Object.entries(range)) p.set(k, v);
        });
      } else {
        const pv = paramValue(g.param, fv.value);
        selected = listValues(url.searchParams, g.param).some((c) => sameValue(g.param, c, pv));
        href = toggleListHref(url, g.param, pv);
      }
      return {
        value: fv.value,
        label: valueLabel(g.facet, fv.value, fv),
        count: fv.count,
        selected,
        href,
      };
    });
    if (values.length) facets.push({ facet: g.facet, title: g.title, values });
    for (const v of values)
      if (v.selected)
        chips.push({
          key: `${g.param}:${v.value}`,
          label: `${g.title}: ${v.label}`,
          href: v.href,
        });
  }

  const sorts = SEARCH_SORTS.map((s) => ({
    value: s,
    label: SORT_LABELS[s],
    href: hrefWith(url, (p) => p.set("sort", s)),
  }));
  const clearHref = hrefWith(url, (p) => {
    for (const k of [...SEARCH_PARAMS, "kind", "state", "tag"]) p.delete(k);
  });
  // The page asks searchAssets for counts on every page (counts: true), so the total is always there.
  const corrections = [...new Set((r.corrections ?? []).flatMap((c) => c.words))].slice(0, 3);
  return { q, total: r.total ?? 0, sort: r.sort, sorts, chips, facets, clearHref, corrections };
}
