// A library search as typed (issue #7): `春季新品 蓝色 主图`, `blue sneaker white background amazon
// approved last week`. `parseQuery` splits it into filters (shown back as removable chips) and the free
// text left for full-text search. Pure: `now` and the operator's UTC offset come from the caller.
//
// How it reads the input:
// 1. `key:value` fields (kind:, state:, market:, lang:, campaign:, channel:, tag:, colour:, bg:,
//    orientation:, slot:, usage:, rights:, compliance:, date:), `#tags` and quoted phrases ("…", “…”,
//    「…」) are taken first. Quoted text stays literal free text.
// 2. The rest is cut into words: Latin/digit runs, jieba words inside Chinese (spaces between Chinese
//    characters are ignored for the cut and kept as extra boundaries, so `春季新品蓝色主图` and
//    `春季新品 蓝色 主图` read the same), punctuation.
// 3. At each word start, every lexicon rule is tried; the longest match that ends on a word end wins
//    (a trailing 图 glued to a Chinese filter word is absorbed: 白底图, 竖版图). Matched words become
//    filters or are dropped (stop words); the other words are the free text.
import {
  complianceKey,
  complianceLabel,
  createdLabel,
  describeFilters,
  facetKey,
  facetLabel,
  type ComplianceFilter,
  type FilterChip,
  type ListFacet,
  type ListFacetValues,
  type SearchFilters,
} from "./filters";
import { DATE_RULES, type DateContext, type DateRange } from "./dates";
import { facetValue, languageValue, lexiconRules, marketValue, type Hit } from "./lexicon";
import { cutHan, isHan, queryTerms } from "./segment";

export { describeFilters, type FilterChip };

export interface QueryChip {
  /** Stable per filter value: "colours:blue", "created:last week", "compliance:amazon:fail". */
  key: string;
  /** English: "Colour: blue", "Created last week (2026-03-02 – 2026-03-08)". */
  label: string;
  /** The text of the input that produced it (the first occurrence when several did). */
  source: string;
  /** Every occurrence in the input (UTF-16 offsets, end exclusive); `removeChip` removes them all. */
  spans: Array<{ start: number; end: number; text: string }>;
}

export interface ParsedQuery {
  /** What remains for full-text search, as typed (quoted phrases with their quotes). */
  text: string;
  /** `queryTerms(text)`: the tokens that must all match (`tsQueryFor(terms)`). */
  terms: string[];
  /** Quoted phrases, without quotes: match them literally (ILIKE), their terms are in `terms` too. */
  phrases: string[];
  filters: SearchFilters;
  chips: QueryChip[];
}

export interface ParseOptions {
  /** Minutes east of UTC of the operator's calendar for today/last week… (default 0). */
  utcOffsetMinutes?: number;
  /** 1 = weeks start on Monday (default), 0 = Sunday. */
  weekStartsOn?: 0 | 1;
}

// ---- Input normalisation (length-preserving, so offsets point into the input) ----------------------

function widthFold(s: string): string {
  return s.replace(/[\uff01-\uff5e\u3000]/g, (c) => (c === "\u3000" ? " " : String.fromCharCode(c.charCodeAt(0) - 0xfee0)));
}
function lowerSameLength(s: string): string {
  const lower = s.toLowerCase();
  if (lower.length === s.length) return lower;
  return [...s].map((c) => (c.toLowerCase().length === c.length ? c.toLowerCase() : c)).join("");
}

// ---- Tokens ----------------------------------------------------------------------------------------

interface Special {
  start: number;
  end: number;
  /** quote: literal free text; hits: a resolved field or #tag. */
  kind: "quote" | "hits";
  hits: Hit[];
  phrase?: string;
}

interface Token {
  start: number;
  end: number;
  kind: "word" | "han" | "punct" | "special";
  special?: Special;
}

const FIELD_KEYS =
  "kind|type|state|status|market|lang|language|campaign|channel|tag|colour|color|bg|background|orientation|slot|usage|rights|compliance|created|date";
const SPECIAL_RE = new RegExp(
  `(?<![\\p{L}\\p{N}_])(?<key>${FIELD_KEYS}):(?<val>"[^"]*"|“[^”]*”|[^\\s"“,，;；。]+)` +
    `|(?<![\\p{L}\\p{N}_&#])#(?<tag>[^\\s#"“”,，。;；、]+)` +
    `|"(?<q1>[^"]*)"|“(?<q2>[^”]*)”|「(?<q3>[^」]*)」|『(?<q4>[^』]*)』`,
  "giu",
);

const unquote = (v: string) => v.replace(/^["“]|["”]$/g, "").trim();

function fieldHits(key: string, rawValue: string, ctx: DateContext): Hit[] | null {
  const v = unquote(rawValue);
  if (!v) return null;
  const one = <F extends ListFacet>(facet: F, value: ListFacetValues[F] | null): Hit[] | null =>
    value === null ? null : [{ facet, value } as Hit];
  switch (key) {
    case "kind":
    case "type":
      return one("kinds", facetValue("kinds", v));
    case "state":
    case "status":
      return one("states", facetValue("states", v));
    case "channel":
      return one("channels", facetValue("channels", v));
    case "colour":
    case "color":
      return one("colours", facetValue("colours", v));
    case "bg":
    case "background":
      return one("backgrounds", facetValue("backgrounds", v));
    case "orientation":
      return one("orientations", facetValue("orientations", v));
    case "slot":
      return one("slots", facetValue("slots", v));
    case "usage":
      return one("usage", facetValue("usage", v));
    case "rights":
      return one("rights", facetValue("rights", v));
    case "market":
      return one("markets", marketValue(v));
    case "lang":
    case "language":
      return one("languages", languageValue(v));
    case "campaign":
      return one("campaigns", v);
    case "tag":
      return one("tags", v.toLowerCase());
    case "compliance": {
      let verdict: ComplianceFilter["verdict"] | null = null;
      let channel: ComplianceFilter["channel"];
      for (const part of v.toLowerCase().split(/[\s_:/-]+/)) {
        if (part === "pass" || part === "passed" || part === "passes") verdict = "pass";
        else if (part === "fail" || part === "failed" || part === "fails") verdict = "fail";
        else {
          const c = facetValue("channels", part);
          if (!c) return null;
          channel = c;
        }
      }
      return verdict ? [{ facet: "compliance", value: channel ? { verdict, channel } : { verdict } }] : null;
    }
    case "created":
    case "date":
      return dateHits(v, ctx) ?? dateHits(v.replace(/[-_]+/g, " "), ctx);
    default:
      return null;
  }
}

/** The date rules over a whole value ("last-week", "2026-03"), or null. */
function dateHits(value: string, ctx: DateContext): Hit[] | null {
  const s = lowerSameLength(widthFold(value));
  for (const rule of DATE_RULES) {
    rule.re.lastIndex = 0;
    const m = rule.re.exec(s);
    if (m && m[0].length === s.length) {
      const hits = rule.resolve(m, ctx);
      if (hits?.every((h) => h.facet === "created")) return hits;
    }
  }
  return null;
}

function specials(lower: string, folded: string, ctx: DateContext): Special[] {
  const out: Special[] = [];
  SPECIAL_RE.lastIndex = 0;
  for (const m of lower.matchAll(SPECIAL_RE)) {
    const g = m.groups ?? {};
    const start = m.index;
    const end = start + m[0].length;
    if (g.key !== undefined && g.val !== undefined) {
      // Values keep their case (campaign names, zh-CN).
      const raw = folded.slice(end - g.val.length, end);
      const hits = fieldHits(g.key, raw, ctx);
      if (hits) out.push({ start, end, kind: "hits", hits });
    } else if (g.tag !== undefined) {
      out.push({ start, end, kind: "hits", hits: [{ facet: "tags", value: g.tag }] });
    } else {
      out.push({ start, end, kind: "quote", hits: [], phrase: folded.slice(start + 1, end - 1).trim() || undefined });
    }
  }
  return out;
}

const HAN_RUN = /\p{Script=Han}+(?:\s+\p{Script=Han}+)*/uy;
const WORD_RUN = /(?:(?!\p{Script=Han})[\p{L}\p{M}\p{N}])+/uy;
const PUNCT_RUN = /(?:(?![\p{L}\p{M}\p{N}])\S)+/uy;

/** Jieba words of a Han run that may contain spaces: cut without the spaces, split again at them. */
function hanTokens(lower: string, start: number, end: number): Token[] {
  const offsets: number[] = [];
  let compact = "";
  for (let i = start; i < end; i++) {
    if (/\s/.test(lower[i])) continue;
    compact += lower[i];
    offsets.push(i);
  }
  const out: Token[] = [];
  let k = 0;
  for (const w of cutHan(compact)) {
    let s = offsets[k];
    for (let j = 1; j < w.length; j++) {
      if (offsets[k + j] !== offsets[k + j - 1] + 1) {
        out.push({ start: s, end: offsets[k + j - 1] + 1, kind: "han" });
        s = offsets[k + j];
      }
    }
    out.push({ start: s, end: offsets[k + w.length - 1] + 1, kind: "han" });
    k += w.length;
  }
  return out;
}

function tokenise(lower: string, sp: Special[]): Token[] {
  const out: Token[] = [];
  let i = 0;
  let si = 0;
  while (i < lower.length) {
    const s = sp[si];
    if (s && i >= s.start) {
      out.push({ start: s.start, end: s.end, kind: "special", special: s });
      i = s.end;
      si++;
      continue;
    }
    const limit = s ? s.start : lower.length;
    if (/\s/.test(lower[i])) {
      i++;
      continue;
    }
    let m: RegExpExecArray | null;
    HAN_RUN.lastIndex = i;
    if ((m = HAN_RUN.exec(lower))) {
      const end = Math.min(i + m[0].trimEnd().length, limit);
      out.push(...hanTokens(lower, i, end));
      i = end;
      continue;
    }
    for (const [re, kind] of [
      [WORD_RUN, "word"],
      [PUNCT_RUN, "punct"],
    ] as const) {
      re.lastIndex = i;
      if ((m = re.exec(lower))) {
        const end = Math.min(i + m[0].length, limit);
        out.push({ start: i, end, kind });
        i = end;
        break;
      }
    }
    if (!m) i++;
  }
  return out;
}

// ---- Matching --------------------------------------------------------------------------------------

interface Match {
  start: number;
  end: number;
  hits: Hit[];
}

function matchAt(p: number, lower: string, cased: string, ends: Set<number>, blockedFrom: number, ctx: DateContext): Match | null {
  const firstLower = String.fromCodePoint(lower.codePointAt(p) ?? 0);
  const firstCased = String.fromCodePoint(cased.codePointAt(p) ?? 0);
  let best: Match | null = null;
  for (const rule of lexiconRules()) {
    if (rule.first !== undefined && rule.first !== (rule.caseSensitive ? firstCased : firstLower)) continue;
    const str = rule.caseSensitive ? cased : lower;
    rule.re.lastIndex = p;
    const m = rule.re.exec(str);
    if (!m || m[0].length === 0) continue;
    let q = p + m[0].length;
    if (q > blockedFrom) continue;
    if (!ends.has(q)) {
      // A 图 glued to a Chinese filter word (白底图, 竖版图) belongs to it.
      if (isHan(str[q - 1]) && str[q] === "图" && ends.has(q + 1) && q + 1 <= blockedFrom) q += 1;
      else continue;
    }
    if (best && q - p <= best.end - best.start) continue;
    const hits = rule.resolve(m, ctx);
    if (hits) best = { start: p, end: q, hits };
  }
  return best;
}

// ---- Assembly --------------------------------------------------------------------------------------

function createdChipLabel(label: string, range: DateRange, off: number): string {
  if (/^(\d|since|after|before|until)/.test(label)) return `Created ${label}`;
  return `Created ${label} (${createdLabel(range.from, range.to, off).replace(/^Created /, "")})`;
}

function hitChip(hit: Hit, off: number): { key: string; label: string } | null {
  switch (hit.facet) {
    case "stop":
    case "keep":
      return null;
    case "compliance":
      return { key: complianceKey(hit.value), label: complianceLabel(hit.value) };
    case "created":
      return { key: `created:${hit.label}`, label: createdChipLabel(hit.label, hit.range, off) };
    default:
      return { key: facetKey(hit.facet, hit.value), label: facetLabel(hit.facet, hit.value) };
  }
}

function addHit(f: SearchFilters, hit: Hit): void {
  switch (hit.facet) {
    case "stop":
    case "keep":
      return;
    case "compliance": {
      const list = (f.compliance ??= []);
      if (!list.some((c) => complianceKey(c) === complianceKey(hit.value))) list.push(hit.value);
      return;
    }
    case "created": {
      const { from, to } = hit.range;
      if (from && (!f.createdFrom || from.getTime() > f.createdFrom.getTime())) f.createdFrom = from;
      if (to && (!f.createdTo || to.getTime() < f.createdTo.getTime())) f.createdTo = to;
      return;
    }
    default: {
      const bag = f as Record<ListFacet, string[] | undefined>;
      const list = (bag[hit.facet] ??= []);
      if (!list.includes(hit.value)) list.push(hit.value);
    }
  }
}

/** Reads a query: filters + chips + the free text left over. */
export function parseQuery(input: string, now: Date, opts: ParseOptions = {}): ParsedQuery {
  const ctx: DateContext = { now, utcOffsetMinutes: opts.utcOffsetMinutes ?? 0, weekStartsOn: opts.weekStartsOn ?? 1 };
  const cased = widthFold(input);
  const lower = lowerSameLength(cased);
  const sp = specials(lower, cased, ctx);
  const tokens = tokenise(lower, sp);
  const ends = new Set<number>(tokens.map((t) => t.end));
  ends.add(lower.length);

  const matches: Match[] = [];
  /** Per token: dropped from the free text (a filter, a field, a stop word). */
  const dropped = new Array<boolean>(tokens.length).fill(false);
  for (let i = 0; i < tokens.length; ) {
    const t = tokens[i];
    if (t.kind === "special") {
      if (t.special?.kind === "hits") {
        matches.push({ start: t.start, end: t.end, hits: t.special.hits });
        dropped[i] = true;
      }
      i++;
      continue;
    }
    if (t.kind === "punct") {
      i++;
      continue;
    }
    const nextSpecial = tokens.slice(i).find((x) => x.kind === "special");
    const m = matchAt(t.start, lower, cased, ends, nextSpecial ? nextSpecial.start : lower.length, ctx);
    if (!m) {
      i++;
      continue;
    }
    const keep = m.hits.every((h) => h.facet === "keep");
    if (!keep) matches.push(m);
    while (i < tokens.length && tokens[i].start < m.end) {
      if (!keep) dropped[i] = true;
      i++;
    }
  }

  // Filters and chips (one chip per filter value, with every span that asked for it).
  const filters: SearchFilters = {};
  const chips: QueryChip[] = [];
  const off = ctx.utcOffsetMinutes;
  for (const m of matches) {
    const text = input.slice(m.start, m.end);
    for (const hit of m.hits) {
      addHit(filters, hit);
      const c = hitChip(hit, off);
      if (!c) continue;
      const existing = chips.find((x) => x.key === c.key);
      if (existing) {
        if (!existing.spans.some((s) => s.start === m.start)) existing.spans.push({ start: m.start, end: m.end, text });
      } else chips.push({ ...c, source: text, spans: [{ start: m.start, end: m.end, text }] });
    }
  }

  // Free text: the kept tokens as typed; punctuation only inside a kept word (t-shirt, v2.0).
  let text = "";
  let prev: Token | null = null;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (dropped[i]) continue;
    if (t.kind === "punct") {
      const before = tokens[i - 1];
      const after = tokens[i + 1];
      const inside =
        before && after && !dropped[i - 1] && !dropped[i + 1] && before.end === t.start && after.start === t.end &&
        before.kind !== "punct" && after.kind !== "punct" && before.kind !== "special" && after.kind !== "special";
      if (!inside) continue;
    }
    const piece = input.slice(t.start, t.end);
    text += prev && prev.end === t.start ? piece : (text ? " " : "") + piece;
    prev = t;
  }

  const phrases = sp.filter((s) => s.kind === "quote" && s.phrase).map((s) => s.phrase as string);
  const terms = queryTerms(text.replace(/["“”「」『』]/g, " "));
  return { text, terms, phrases, filters, chips };
}

const SEPARATOR_END = /[,;，；、|]\s*$/;
const SEPARATOR_START = /^\s*[,;，；、|]/;
const wordy = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c) && !isHan(c);

/**
 * The input without a chip: every span that produced it is cut out (or, if the input was edited since,
 * the first occurrence of its source text), and the spacing tidied.
 */
export function removeChip(input: string, chip: Pick<QueryChip, "source"> & Partial<Pick<QueryChip, "spans">>): string {
  let out = input;
  const spans = [...(chip.spans ?? [])].sort((a, b) => b.start - a.start);
  const valid = spans.length > 0 && spans.every((s) => out.slice(s.start, s.end) === s.text);
  const cuts = valid ? spans.map((s) => ({ start: s.start, end: s.end })) : [];
  if (!valid) {
    const at = chip.source ? out.indexOf(chip.source) : -1;
    if (at < 0) return input;
    cuts.push({ start: at, end: at + chip.source.length });
  }
  for (const c of cuts) {
    let left = out.slice(0, c.start);
    let right = out.slice(c.end);
    // Drop a list separator the chip leaves dangling ("red, blue" − red → "blue").
    if (SEPARATOR_END.test(left) && (SEPARATOR_START.test(right) || !right.trim())) left = left.replace(SEPARATOR_END, "");
    else if (!left.trim() && SEPARATOR_START.test(right)) right = right.replace(SEPARATOR_START, "");
    const glue = wordy(left.at(-1)) && wordy(right[0]) ? " " : "";
    out = left + glue + right;
  }
  return out.replace(/\s+/g, " ").trim();
}
