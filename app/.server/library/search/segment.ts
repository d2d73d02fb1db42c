// Chinese-aware tokenisation for search (issue #7). The same rules run on both sides: `indexText` builds
// the string stored with `to_tsvector('simple', …)`, `queryTerms` the tokens of what an operator typed.
//
// - Latin/other-script words: NFKC (full-width → ASCII), lower case, split on anything that is not a
//   letter, mark or digit ("T-Shirt" → "t" "shirt"; the joined "tshirt" is indexed too), apostrophes
//   dropped ("men's" → "mens"), then a tiny plural normalisation (`normaliseWord`).
// - Han runs: jieba. The index uses cutForSearch (words and their dictionary sub-words: 连衣裙 → 连衣
//   衣裙 连衣裙); a query uses cut (the words as the operator meant them) plus the whole run when it is a
//   dictionary word. cutForSearch ⊇ cut for the same run, so every query token of a title is in its index.
// The dictionary (≈5 MB) loads once, on first use.
import { createRequire } from "node:module";

interface JiebaInstance {
  cut(sentence: string, hmm?: boolean | null): string[];
  cutAll(sentence: string): string[];
  cutForSearch(sentence: string, hmm?: boolean | null): string[];
}
interface JiebaModule {
  Jieba: { withDict(dict: Uint8Array): JiebaInstance };
}
interface JiebaDictModule {
  dict: Uint8Array;
}

let jieba: JiebaInstance | null = null;

/** The shared jieba instance with the default dictionary (loaded lazily, once per process). */
export function getJieba(): JiebaInstance {
  if (!jieba) {
    const require = createRequire(import.meta.url);
    const { Jieba } = require("@node-rs/jieba") as JiebaModule;
    const { dict } = require("@node-rs/jieba/dict") as JiebaDictModule;
    jieba = Jieba.withDict(dict);
  }
  return jieba;
}

const HAN = /\p{Script=Han}/u;
export const isHan = (ch: string): boolean => HAN.test(ch);

/**
 * Plural → singular for plain ASCII words, cheap and symmetric (index and query both go through it):
 * sneakers → sneaker, boxes → box, dresses → dress, berries → berry. Words under four letters, words with
 * digits and words ending in ss/us/is are left alone (glass, status, analysis).
 */
export function normaliseWord(w: string): string {
  if (w.length < 4 || !/^[a-z]+$/.test(w) || !w.endsWith("s")) return w;
  if (/(ss|us|is)$/.test(w)) return w;
  if (w.endsWith("ies") && w.length > 4) return `${w.slice(0, -3)}y`;
  if (/(sses|xes|ches|shes|zzes)$/.test(w)) return w.slice(0, -2);
  return w.slice(0, -1);
}

/**
 * NFKC folds full-width letters, digits and spaces ("ＡＢＣ１２" → "ABC12"); Latin accents are dropped
 * ("Café" → "cafe"); then lower case.
 */
export const fold = (s: string): string =>
  s.normalize("NFKC").normalize("NFD").replace(/[\u0300-\u036f]/g, "").normalize("NFC").toLowerCase();

type Piece = { kind: "han"; text: string } | { kind: "word"; parts: string[] };

/**
 * Splits folded text into Han runs and words. A word is a run of letters/digits, possibly joined by
 * hyphens, dots, slashes, underscores or apostrophes: its `parts` are the pieces between them.
 */
function pieces(s: string): Piece[] {
  const out: Piece[] = [];
  const re = /(\p{Script=Han}+)|([\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}\p{N}]+)*(?:[-_./][\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}\p{N}]+)*)*)/gu;
  for (const m of fold(s).matchAll(re)) {
    if (m[1]) out.push({ kind: "han", text: m[1] });
    else if (m[2]) {
      // \p{L} includes Han, so a word that starts in Latin runs on into Chinese ("abc蓝色"): split it.
      const split = m[2].split(/(\p{Script=Han}+)/u).filter(Boolean);
      for (const part of split) {
        if (HAN.test(part)) out.push({ kind: "han", text: part });
        else {
          const parts = part
            .split(/[-_./]+/)
            .map((p) => p.replace(/['’]/g, ""))
            .filter(Boolean);
          if (parts.length) out.push({ kind: "word", parts });
        }
      }
    }
  }
  return out;
}

function pushUnique(out: string[], seen: Set<string>, t: string): void {
  const v = t.trim();
  if (v && !seen.has(v)) {
    seen.add(v);
    out.push(v);
  }
}

/** Segments of a Han run as the operator meant them (jieba cut with HMM for new words). */
export function cutHan(run: string): string[] {
  const words = getJieba().cut(run, true);
  // jieba returns a partition of the input; fall back to characters if that ever fails.
  return words.join("") === run ? words : [...run];
}

/** Whether `word` is a dictionary entry (cutAll lists every dictionary word inside its input). */
function isDictionaryWord(word: string): boolean {
  return [...word].length > 1 && getJieba().cutAll(word).includes(word);
}

/** Tokens for `to_tsvector('simple', …)`, deduplicated, in first-seen order. */
export function indexTokens(s: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const p of pieces(s)) {
    if (p.kind === "han") {
      for (const t of getJieba().cutForSearch(p.text, true)) pushUnique(out, seen, t);
      if (isDictionaryWord(p.text)) pushUnique(out, seen, p.text);
    } else {
      for (const part of p.parts) pushUnique(out, seen, normaliseWord(part));
      if (p.parts.length > 1) pushUnique(out, seen, normaliseWord(p.parts.join("")));
    }
  }
  return out;
}

/** The string to store with `to_tsvector('simple', indexText(title + description + tags …))`. */
export function indexText(s: string): string {
  return indexTokens(s).join(" ");
}

/** Tokens of a query (each must match; see module comment), deduplicated, in order. */
export function queryTerms(s: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const p of pieces(s)) {
    if (p.kind === "han") {
      for (const t of cutHan(p.text)) pushUnique(out, seen, t);
      if (isDictionaryWord(p.text)) pushUnique(out, seen, p.text);
    } else {
      for (const part of p.parts) pushUnique(out, seen, normaliseWord(part));
    }
  }
  return out;
}

/**
 * A `to_tsquery('simple', $1)` argument that ANDs the terms (each quoted, so no operator in a term is
 * interpreted); `prefixLast` lets the last term match as a prefix (search as you type). Empty → null.
 */
export function tsQueryFor(terms: readonly string[], opts: { prefixLast?: boolean } = {}): string | null {
  const quoted = terms.filter((t) => t.length > 0).map((t) => `'${t.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`);
  if (!quoted.length) return null;
  if (opts.prefixLast) quoted[quoted.length - 1] += ":*";
  return quoted.join(" & ");
}
