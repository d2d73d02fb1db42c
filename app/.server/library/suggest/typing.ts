// What the operator is typing (issue #7 suggestions): the search so far split into the finished part and
// the word being typed, plus the spans a lexicon phrase could start at ("white back" → "white background",
// "春季新品蓝" → 蓝色). Pure; offsets are UTF-16 indexes into the query as sent.

export interface TypingSpan {
  /** The text from `from` to the end of the query. */
  text: string;
  from: number;
}

export interface Typing {
  /** The last word (a run without spaces), or null when the query ends with a space or is empty. */
  word: TypingSpan | null;
  /** Where a lexicon phrase may start, longest span first: the last 1–3 Latin words, or suffixes of a Chinese run. */
  phraseStarts: TypingSpan[];
  /** The word is `#…` or `tag:…`: only tags are wanted, the prefix is what follows. */
  tagOnly: boolean;
}

const HAN_RUN = /\p{Script=Han}+$/u;
const MAX_HAN_SUFFIX = 6;

export function readTyping(q: string): Typing {
  const none: Typing = { word: null, phraseStarts: [], tagOnly: false };
  if (!q.trim() || /\s$/.test(q)) return none;
  const from = q.search(/\S+$/);
  const word = { text: q.slice(from), from };

  const tag = /^(?:#|tag:)(.*)$/i.exec(word.text);
  if (tag) return { word: { text: tag[1]!, from }, phraseStarts: [], tagOnly: true };

  const phraseStarts: TypingSpan[] = [];
  const han = HAN_RUN.exec(word.text);
  if (han) {
    // Chinese has no spaces: the filter word may be the end of the run (春季新品蓝 → 蓝).
    const runStart = from + han.index;
    const run = han[0];
    for (let n = Math.min(run.length, MAX_HAN_SUFFIX); n >= 1; n--) phraseStarts.push({ text: run.slice(-n), from: runStart + run.length - n });
  } else {
    // Up to three words back, for phrases with spaces ("in review", "white background", "last week").
    const starts = [...q.matchAll(/\S+/g)].map((m) => m.index!).slice(-3);
    for (const s of starts) phraseStarts.push({ text: q.slice(s).replace(/\s+/g, " "), from: s });
  }
  return { word, phraseStarts, tagOnly: false };
}
