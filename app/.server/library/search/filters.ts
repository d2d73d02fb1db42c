// Search filters (issue #7): the structured half of a library search, produced by `parseQuery` from what
// an operator typed and accepted at API boundaries through `SearchFiltersSchema`. Pure; the SQL that
// applies them lives with the search repository.
//
// Semantics: an absent (or empty) facet does not constrain; the values of one facet are alternatives
// (OR); facets combine with AND. `createdFrom` is inclusive, `createdTo` exclusive.
import { z } from "zod";
import { VERSION_STATES, type VersionState } from "../types";

/** Asset.kind (the schema also allows "other"). */
export const SEARCH_KINDS = ["image", "video", "audio", "document", "other"] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

export const SEARCH_CHANNELS = ["shopify", "amazon", "tiktok"] as const;
export type SearchChannel = (typeof SEARCH_CHANNELS)[number];

/** The colour analyser's vocabulary (TagSuggestion facet "colour", canonical English values). */
export const SEARCH_COLOURS = [
  "red", "orange", "yellow", "green", "teal", "blue", "navy", "purple", "pink",
  "brown", "beige", "black", "white", "grey", "gold", "silver",
] as const;
export type SearchColour = (typeof SEARCH_COLOURS)[number];

/** The background analyser's vocabulary (TagSuggestion facet "background"). */
export const SEARCH_BACKGROUNDS = ["pure white", "transparent", "solid", "scene"] as const;
export type SearchBackground = (typeof SEARCH_BACKGROUNDS)[number];

export const SEARCH_ORIENTATIONS = ["portrait", "landscape", "square"] as const;
export type SearchOrientation = (typeof SEARCH_ORIENTATIONS)[number];

/** placed: the asset has a placement on some listing (any channel, or the `channels` asked for). */
export const SEARCH_USAGES = ["placed", "unplaced"] as const;
export type SearchUsage = (typeof SEARCH_USAGES)[number];

/** "main": placed in the main slot of a listing (Placement.slot = "main") — what 主图 / main image mean. */
export const SEARCH_SLOTS = ["main"] as const;
export type SearchSlot = (typeof SEARCH_SLOTS)[number];

/** Rights.status, plus "none" for assets without a rights record. */
export const SEARCH_RIGHTS = ["ok", "expiring", "expired", "restricted", "none"] as const;
export type SearchRights = (typeof SEARCH_RIGHTS)[number];

/** A compliance condition: the verdict of the channel renditions (any channel when `channel` is absent). */
export const COMPLIANCE_VERDICTS = ["pass", "fail"] as const;
export type ComplianceVerdict = (typeof COMPLIANCE_VERDICTS)[number];
export interface ComplianceFilter {
  verdict: ComplianceVerdict;
  channel?: SearchChannel;
}

/** Markets are upper-case codes as Asset.markets holds them ("US", "UK", "DE", "EU"); "GLOBAL" = no markets. */
export const GLOBAL_MARKET = "GLOBAL";

export interface SearchFilters {
  kinds?: SearchKind[];
  /** State of the latest version. */
  states?: VersionState[];
  markets?: string[];
  /** Language codes as Asset.languages holds them ("en", "zh", "zh-CN"); "zh" should match "zh-CN". */
  languages?: string[];
  campaigns?: string[];
  /** Channels the asset is placed on. */
  channels?: SearchChannel[];
  /** Tag names (normalised: trimmed, lower case). */
  tags?: string[];
  colours?: SearchColour[];
  backgrounds?: SearchBackground[];
  orientations?: SearchOrientation[];
  slots?: SearchSlot[];
  usage?: SearchUsage[];
  rights?: SearchRights[];
  compliance?: ComplianceFilter[];
  createdFrom?: Date;
  createdTo?: Date;
}

/** The facets whose values are plain strings from a closed or open vocabulary. */
export interface ListFacetValues {
  kinds: SearchKind;
  states: VersionState;
  markets: string;
  languages: string;
  campaigns: string;
  channels: SearchChannel;
  tags: string;
  colours: SearchColour;
  backgrounds: SearchBackground;
  orientations: SearchOrientation;
  slots: SearchSlot;
  usage: SearchUsage;
  rights: SearchRights;
}
export type ListFacet = keyof ListFacetValues;

export const LIST_FACETS: readonly ListFacet[] = [
  "kinds", "states", "markets", "languages", "campaigns", "channels", "tags",
  "colours", "backgrounds", "orientations", "slots", "usage", "rights",
];

const market = z
  .string()
  .trim()
  .regex(/^[A-Za-z][A-Za-z-]{1,9}$/, "use market codes like US, EU, GLOBAL")
  .transform((s) => s.toUpperCase());
const language = z.string().trim().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, "use language codes like en, zh-CN");
const name = z.string().trim().min(1).max(120);
const list = <T extends z.ZodType>(item: T) => z.array(item).max(50).optional();

/** SearchFilters at an API boundary (JSON: dates as ISO strings). Unknown keys are rejected. */
export const SearchFiltersSchema = z
  .object({
    kinds: list(z.enum(SEARCH_KINDS)),
    states: list(z.enum(VERSION_STATES)),
    markets: list(market),
    languages: list(language),
    campaigns: list(name),
    channels: list(z.enum(SEARCH_CHANNELS)),
    tags: list(name.transform((s) => s.toLowerCase())),
    colours: list(z.enum(SEARCH_COLOURS)),
    backgrounds: list(z.enum(SEARCH_BACKGROUNDS)),
    orientations: list(z.enum(SEARCH_ORIENTATIONS)),
    slots: list(z.enum(SEARCH_SLOTS)),
    usage: list(z.enum(SEARCH_USAGES)),
    rights: list(z.enum(SEARCH_RIGHTS)),
    compliance: list(z.object({ verdict: z.enum(COMPLIANCE_VERDICTS), channel: z.enum(SEARCH_CHANNELS).optional() }).strict()),
    createdFrom: z.coerce.date().optional(),
    createdTo: z.coerce.date().optional(),
  })
  .strict()
  .refine((f) => !f.createdFrom || !f.createdTo || f.createdFrom.getTime() <= f.createdTo.getTime(), {
    message: "createdFrom must not be after createdTo",
    path: ["createdTo"],
  });

// Compile-time check that the schema and the interface describe the same object.
type SchemaOut = z.output<typeof SearchFiltersSchema>;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _schemaMatchesType: Same<SchemaOut, SearchFilters> = true;

// ---- Labels (English, for chips) -------------------------------------------------------------------

const CHANNEL_NAMES: Record<SearchChannel, string> = { shopify: "Shopify", amazon: "Amazon", tiktok: "TikTok" };
const STATE_NAMES: Record<VersionState, string> = {
  draft: "draft",
  in_review: "in review",
  approved: "approved",
  rejected: "rejected",
  retired: "retired",
};
const FACET_NAMES: Record<ListFacet, string> = {
  kinds: "Type",
  states: "State",
  markets: "Market",
  languages: "Language",
  campaigns: "Campaign",
  channels: "Channel",
  tags: "Tag",
  colours: "Colour",
  backgrounds: "Background",
  orientations: "Orientation",
  slots: "Slot",
  usage: "Usage",
  rights: "Rights",
};

export function facetKey(facet: ListFacet, value: string): string {
  return `${facet}:${value}`;
}

/** "Colour: blue", "Channel: Amazon", "Slot: main image", "Market: all markets" … */
export function facetLabel<F extends ListFacet>(facet: F, value: ListFacetValues[F]): string {
  let v: string = value;
  if (facet === "channels") v = CHANNEL_NAMES[value as SearchChannel];
  else if (facet === "states") v = STATE_NAMES[value as VersionState];
  else if (facet === "slots") v = "main image";
  else if (facet === "usage") v = value === "placed" ? "in use" : "unused";
  else if (facet === "rights") v = value === "none" ? "no rights recorded" : value;
  else if (facet === "markets" && value === GLOBAL_MARKET) v = "global (no markets)";
  return `${FACET_NAMES[facet]}: ${v}`;
}

export function complianceKey(c: ComplianceFilter): string {
  return `compliance:${c.channel ?? "any"}:${c.verdict}`;
}
export function complianceLabel(c: ComplianceFilter): string {
  const verdict = c.verdict === "pass" ? "passes" : "fails";
  return `Compliance: ${verdict}${c.channel ? ` ${CHANNEL_NAMES[c.channel]}` : ""}`;
}

/** A calendar day as YYYY-MM-DD in the given UTC offset. */
export function dayString(d: Date, utcOffsetMinutes = 0): string {
  return new Date(d.getTime() + utcOffsetMinutes * 60_000).toISOString().slice(0, 10);
}

/** "Created 2026-03-02 – 2026-03-08" (createdTo is exclusive: the label shows the last day included). */
export function createdLabel(from: Date | undefined, to: Date | undefined, utcOffsetMinutes = 0): string {
  const last = to ? dayString(new Date(to.getTime() - 1), utcOffsetMinutes) : undefined;
  const first = from ? dayString(from, utcOffsetMinutes) : undefined;
  if (first && last) return first === last ? `Created ${first}` : `Created ${first} – ${last}`;
  if (first) return `Created since ${first}`;
  if (last) return `Created until ${last}`;
  return "Created any time";
}

export interface FilterChip {
  key: string;
  label: string;
}

/** Chips for a set of filters (e.g. from a saved search or the URL), in facet order. */
export function describeFilters(filters: SearchFilters, opts: { utcOffsetMinutes?: number } = {}): FilterChip[] {
  const out: FilterChip[] = [];
  for (const facet of LIST_FACETS) {
    const values = (filters[facet] ?? []) as ListFacetValues[typeof facet][];
    for (const v of values) out.push({ key: facetKey(facet, v), label: facetLabel(facet, v) });
  }
  for (const c of filters.compliance ?? []) out.push({ key: complianceKey(c), label: complianceLabel(c) });
  if (filters.createdFrom || filters.createdTo)
    out.push({ key: "created", label: createdLabel(filters.createdFrom, filters.createdTo, opts.utcOffsetMinutes) });
  return out;
}
