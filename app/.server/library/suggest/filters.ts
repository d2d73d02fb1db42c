// Filter suggestions (issue #7): lexicon phrases that complete what is being typed ("blu" → Colour: blue
// · 蓝色, "amaz" → Channel: Amazon, "上周" → Created last week). Each candidate is read back through
// parseQuery, so a suggestion is only offered when the search will understand it as exactly that one
// filter — the chip the page then shows is the parser's, not ours. Pure.
import { parseQuery } from "../search";
import { fold, isHan } from "../search/segment";
import {
  BACKGROUND_WORDS,
  CHANNEL_WORDS,
  COLOUR_WORDS,
  KIND_WORDS,
  LANGUAGE_WORDS,
  MARKET_WORDS,
  ORIENTATION_WORDS,
  RIGHTS_WORDS,
  SLOT_WORDS,
  STATE_WORDS,
  USAGE_WORDS,
} from "../search/lexicon";
import type { TypingSpan } from "./typing";

export interface FilterSuggestion {
  type: "filter";
  /** The chip's key ("colours:blue", "created:…"). */
  key: string;
  /** The chip's label ("Colour: blue", "Created 2026-03-02 – 2026-03-08"). */
  label: string;
  /** The same filter in the other language ("蓝色" for blue), when the lexicon has one. */
  alt: string | null;
  /** What replaces the query from `from` on. */
  text: string;
  from: number;
}

interface Phrase {
  phrase: string;
  folded: string;
  /** All phrases of the same filter value (for `alt`). */
  group: readonly string[];
  /** Lexicon order: earlier tables rank first on equal length. */
  order: number;
}

// Date words are rules (regexes) in dates.ts; these are the ones worth completing. parseQuery checks each.
const DATE_PHRASES: readonly (readonly string[])[] = [
  ["today", "今天"], ["yesterday", "昨天"], ["this week", "本周", "这周"], ["last week", "上周", "上个星期"],
  ["this month", "本月", "这个月"], ["last month", "上个月", "上月"], ["this year", "今年"], ["last year", "去年"],
  ["past week"], ["past month"], ["past year"], ["last 7 days", "最近7天"], ["last 30 days", "最近30天"],
];
const COMPLIANCE_PHRASES: readonly (readonly string[])[] = [["compliant", "合规"], ["non-compliant", "不合规"]];

let phrases: Phrase[] | null = null;

function vocabulary(): Phrase[] {
  if (phrases) return phrases;
  const groups: Array<readonly string[]> = [];
  const tables: Array<Record<string, readonly string[]>> = [
    COLOUR_WORDS, CHANNEL_WORDS, BACKGROUND_WORDS, STATE_WORDS, KIND_WORDS, ORIENTATION_WORDS, SLOT_WORDS, USAGE_WORDS, RIGHTS_WORDS, LANGUAGE_WORDS,
  ];
  for (const t of tables) for (const words of Object.values(t)) if (words.length) groups.push(words);
  // Market names only: two-letter codes count in upper case alone, and "us"/"de" are words.
  for (const m of Object.values(MARKET_WORDS)) groups.push(m.names);
  groups.push(...DATE_PHRASES, ...COMPLIANCE_PHRASES);
  phrases = groups.flatMap((group, order) => group.map((phrase) => ({ phrase, folded: fold(phrase), group, order })));
  return phrases;
}

const hasHan = (s: string) => [...s].some(isHan);

/** Latin prefixes need two letters ("a" would complete half the lexicon); one Chinese character is a word. */
function longEnough(s: string): boolean {
  return hasHan(s) ? s.length >= 1 : s.replace(/\s/g, "").length >= 2;
}

export function suggestFilters(starts: readonly TypingSpan[], ctx: { now: Date; utcOffsetMinutes?: number }, limit: number): FilterSuggestion[] {
  const candidates: Array<Phrase & { from: number; exact: boolean; span: number }> = [];
  for (const s of starts) {
    const want = fold(s.text);
    if (!longEnough(want)) continue;
    for (const p of vocabulary()) if (p.folded.startsWith(want)) candidates.push({ ...p, from: s.from, exact: p.folded === want && (want.length > 1 || !hasHan(want)), span: s.text.length });
  }
  // Longer typed spans first (they explain more of the query), then exact words (not a lone Chinese
  // character: 蓝 → 蓝色 reads better), then the shortest completion.
  const lone = (p: Phrase) => Number(p.phrase.length === 1 && hasHan(p.phrase));
  candidates.sort((a, b) => b.span - a.span || Number(b.exact) - Number(a.exact) || lone(a) - lone(b) || a.phrase.length - b.phrase.length || a.order - b.order);

  const out: FilterSuggestion[] = [];
  const seen = new Set<string>();
  for (const c of candidates) {
    if (out.length >= limit) break;
    if (seen.has(`${c.order}`)) continue;
    const parsed = parseQuery(c.phrase, ctx.now, { utcOffsetMinutes: ctx.utcOffsetMinutes });
    const chip = parsed.chips[0];
    if (parsed.chips.length !== 1 || parsed.text.trim() || !chip || out.some((o) => o.key === chip.key)) continue;
    seen.add(`${c.order}`);
    const han = hasHan(c.phrase);
    const alt = c.group.find((g) => hasHan(g) !== han && fold(g) !== c.folded) ?? null;
    out.push({ type: "filter", key: chip.key, label: chip.label, alt, text: c.phrase, from: c.from });
  }
  return out;
}
