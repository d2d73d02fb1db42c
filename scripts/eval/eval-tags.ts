// `npm run eval:tags [-- --cached] [-- --only <file substring>]`: every registered analyser (registry.ts
// ANALYSERS) over every image of the labelled evaluation set (test/fixtures/eval/labels.json), one decode
// per image (loadAnalyserImage, as the analyse job does; the shape analyser reads the master's size from
// the file), compared with the labels. Prints, per tagger and per facet value, precision and recall of
// the tags that would be stored (≥ minConfidence) and of those shown as accepted by default
// (≥ acceptAt), where the stored tags land (accepted vs suggested), the lowest threshold at which a
// tagger's tags reach 95 % precision, and a verdict per tagger. OCR text: word precision/recall.
//
// Raw predictions are kept in .cache/eval/predictions.json; `--cached` re-scores them (after changing a
// threshold in registry.ts) without running the models again, when every analyser's version matches.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { loadAnalyserImage } from "../../app/.server/media/analysers/decode";
import { ANALYSERS, closeAnalysers, type RegisteredAnalyser } from "../../app/.server/media/analysers/registry";
import type { AnalyserResult, TagFacet, TagSuggestion } from "../../app/.server/media/analysers/types";
import { EVAL_DIR, readManifest, type EvalImage, type ImageLabels } from "./labels";

/** Shown-by-default taggers must reach this precision on the set (issue #7). */
export const PRECISION_GOAL = 0.95;
const CACHE_FILE = path.resolve(".cache/eval/predictions.json");

interface Prediction {
  file: string;
  /** analyser id → its result (or the error it threw), and how long it took. */
  results: Record<string, { result?: AnalyserResult; error?: string; ms: number }>;
  decodeMs: number;
}
interface PredictionCache {
  versions: Record<string, number>;
  predictions: Prediction[];
}

// ---- running ------------------------------------------------------------------------------------

async function predict(image: EvalImage): Promise<Prediction> {
  const t0 = performance.now();
  const decoded = await loadAnalyserImage(path.join(EVAL_DIR, image.file));
  const decodeMs = performance.now() - t0;
  const results: Prediction["results"] = {};
  // As the analyse job: every analyser on the one decode, concurrently.
  await Promise.all(
    ANALYSERS.map(async ({ analyser }) => {
      const t = performance.now();
      try {
        results[analyser.id] = { result: await analyser.analyse(decoded), ms: performance.now() - t };
      } catch (e) {
        results[analyser.id] = { error: e instanceof Error ? e.message : String(e), ms: performance.now() - t };
      }
    }),
  );
  return { file: image.file, results, decodeMs };
}

const versionsNow = () => Object.fromEntries(ANALYSERS.map((a) => [a.analyser.id, a.analyser.version]));

async function predictions(images: EvalImage[], cached: boolean): Promise<Prediction[]> {
  if (cached) {
    try {
      const c = JSON.parse(await readFile(CACHE_FILE, "utf8")) as PredictionCache;
      const byFile = new Map(c.predictions.map((p) => [p.file, p]));
      const same = JSON.stringify(c.versions) === JSON.stringify(versionsNow());
      if (same && images.every((i) => byFile.has(i.file))) {
        console.error(`re-scoring cached predictions from ${path.relative(process.cwd(), CACHE_FILE)}`);
        return images.map((i) => byFile.get(i.file)!);
      }
      console.error("cached predictions are stale (analyser versions or images changed): running the analysers");
    } catch {
      console.error("no cached predictions: running the analysers");
    }
  }
  const out: Prediction[] = [];
  const t0 = performance.now();
  for (const [i, image] of images.entries()) {
    out.push(await predict(image));
    if ((i + 1) % 20 === 0 || i + 1 === images.length) console.error(`  analysed ${i + 1}/${images.length} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  }
  await mkdir(path.dirname(CACHE_FILE), { recursive: true });
  await writeFile(CACHE_FILE, JSON.stringify({ versions: versionsNow(), predictions: out } satisfies PredictionCache));
  return out;
}

// ---- scoring ------------------------------------------------------------------------------------

/** What the labels say a facet should hold: required values (recall) and every value that is right (precision). */
function truthOf(labels: ImageLabels, facet: TagFacet): { required: string[]; allowed: Set<string> } | null {
  const set = (values: string[], optional: string[] = []) => ({ required: values, allowed: new Set([...values, ...optional]) });
  switch (facet) {
    case "colour":
      return labels.colour ? set(labels.colour.values, labels.colour.optional) : null;
    case "background":
      return labels.background ? set([labels.background]) : null;
    case "orientation":
      return labels.orientation ? set([labels.orientation]) : null;
    case "aspect":
      return labels.aspect === undefined ? null : set(labels.aspect ? [labels.aspect] : []);
    case "size":
      return labels.size ? set([labels.size]) : null;
    case "text":
      return labels.text ? set(labels.text.words.length ? ["has text"] : []) : null;
    case "language":
      return labels.text ? set(labels.text.languages) : null;
    case "people":
      return labels.people ? set(labels.people === "person" ? ["person", "model shot"] : ["product only"]) : null;
    case "object":
      return labels.objects ? set(labels.objects.values, labels.objects.optional) : null;
    case "safety":
      return labels.safety ? set([labels.safety]) : null;
    default:
      return null;
  }
}

/** The facets each analyser fills (for recall: a required value it never predicted is still a miss). */
const FACETS_OF: Record<string, TagFacet[]> = {
  colour: ["colour"],
  background: ["background"],
  shape: ["orientation", "aspect", "size"],
  ocr: ["text", "language"],
  vision: ["people", "object"],
  safety: ["safety"],
};

interface ScoredTag {
  analyser: string;
  facet: TagFacet;
  value: string;
  confidence: number;
  correct: boolean;
  file: string;
}
interface Required {
  analyser: string;
  facet: TagFacet;
  value: string;
  /** Confidence of the matching prediction, 0 when missed. */
  confidence: number;
  file: string;
}

function score(images: EvalImage[], preds: Prediction[]): { tags: ScoredTag[]; required: Required[] } {
  const tags: ScoredTag[] = [];
  const required: Required[] = [];
  images.forEach((image, i) => {
    const pred = preds[i]!;
    for (const { analyser } of ANALYSERS) {
      const out: TagSuggestion[] = pred.results[analyser.id]?.result?.tags ?? [];
      for (const facet of FACETS_OF[analyser.id] ?? [...new Set(out.map((t) => t.facet))]) {
        const truth = truthOf(image.labels, facet);
        if (!truth) continue;
        const mine = out.filter((t) => t.facet === facet);
        for (const t of mine) tags.push({ analyser: analyser.id, facet, value: t.value, confidence: t.confidence, correct: truth.allowed.has(t.value), file: image.file });
        for (const value of truth.required) required.push({ analyser: analyser.id, facet, value, confidence: mine.find((t) => t.value === value)?.confidence ?? 0, file: image.file });
      }
    }
  });
  return { tags, required };
}

interface Pr {
  n: number;
  precision: number | null;
  recall: number | null;
}
function pr(tags: ScoredTag[], required: Required[], at: number): Pr {
  const kept = tags.filter((t) => t.confidence >= at);
  return {
    n: kept.length,
    precision: kept.length ? kept.filter((t) => t.correct).length / kept.length : null,
    recall: required.length ? required.filter((r) => r.confidence > 0 && r.confidence >= at).length / required.length : null,
  };
}

/** The lowest threshold ≥ `floor` from which every higher threshold passes `ok` (default: precision ≥ goal; null: none does). */
function lowestThreshold(tags: ScoredTag[], floor: number, ok = (kept: ScoredTag[]) => kept.filter((t) => t.correct).length / kept.length >= PRECISION_GOAL): number | null {
  const candidates = [...new Set(tags.map((t) => t.confidence).filter((c) => c >= floor))].sort((a, b) => b - a);
  let best: number | null = null;
  for (const c of candidates) {
    // Failing at c: any threshold just above it (rounded to 0.001, as confidences are) serves.
    if (!ok(tags.filter((t) => t.confidence >= c))) return best === null ? null : Math.round(c * 1000 + 1) / 1000;
    best = c;
  }
  // Never below the goal: any threshold from the floor up serves.
  return floor;
}

// ---- text (OCR content) -------------------------------------------------------------------------

function textScores(images: EvalImage[], preds: Prediction[]) {
  let expected = 0, found = 0, tokens = 0, right = 0;
  const misses: string[] = [];
  const wrong: string[] = [];
  images.forEach((image, i) => {
    const label = image.labels.text;
    if (!label) return;
    const content = preds[i]!.results.ocr?.result?.text?.content ?? "";
    const lower = content.toLowerCase();
    const latin = new Set(lower.match(/[\p{Script=Latin}\p{N}]{2,}/gu) ?? []);
    const compact = lower.replace(/\s+/gu, "");
    for (const w of label.words) {
      expected++;
      const hit = /\p{Script=Han}/u.test(w) ? compact.includes(w) : latin.has(w.toLowerCase());
      if (hit) found++;
      else misses.push(`${path.basename(image.file)}: "${w}"`);
    }
    const truthLatin = new Set(label.words.filter((w) => !/\p{Script=Han}/u.test(w)).map((w) => w.toLowerCase()));
    const truthHan = label.words.filter((w) => /\p{Script=Han}/u.test(w)).join("|");
    for (const t of latin) {
      tokens++;
      if (truthLatin.has(t)) right++;
      else wrong.push(`${path.basename(image.file)}: "${t}"`);
    }
    for (const run of lower.match(/\p{Script=Han}+/gu) ?? []) {
      tokens++;
      if (truthHan.includes(run)) right++;
      else wrong.push(`${path.basename(image.file)}: "${run}"`);
    }
  });
  return { expected, found, tokens, right, misses, wrong };
}

// ---- printing -----------------------------------------------------------------------------------

const pct = (v: number | null) => (v === null ? "   –  " : `${(v * 100).toFixed(1).padStart(5)}%`);
const pad = (s: string | number, n: number) => String(s).padEnd(n);
const lpad = (s: string | number, n: number) => String(s).padStart(n);

function printTable(entry: RegisteredAnalyser, tags: ScoredTag[], required: Required[]) {
  const id = entry.analyser.id;
  const min = entry.minConfidence ?? 0;
  const mine = tags.filter((t) => t.analyser === id);
  const req = required.filter((r) => r.analyser === id);
  console.log(`\n== ${id} (v${entry.analyser.version}) acceptAt ${entry.acceptAt}, minConfidence ${min}`);
  console.log(`  ${pad("facet / value", 26)} ${lpad("stored n", 8)} ${lpad("P", 7)} ${lpad("R", 7)}   ${lpad("accepted n", 10)} ${lpad("P", 7)} ${lpad("R", 7)}   ${lpad("suggested n", 11)} ${lpad("P", 7)}`);
  const row = (label: string, t: ScoredTag[], r: Required[]) => {
    const stored = pr(t, r, min);
    const accepted = pr(t, r, entry.acceptAt);
    const suggested = t.filter((x) => x.confidence >= min && x.confidence < entry.acceptAt);
    const sp = suggested.length ? suggested.filter((x) => x.correct).length / suggested.length : null;
    console.log(`  ${pad(label, 26)} ${lpad(stored.n, 8)} ${pct(stored.precision)} ${pct(stored.recall)}   ${lpad(accepted.n, 10)} ${pct(accepted.precision)} ${pct(accepted.recall)}   ${lpad(suggested.length, 11)} ${pct(sp)}`);
  };
  row("(all)", mine, req);
  const sweep = [min, 0.5, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9].filter((t, i, a) => t >= min && a.indexOf(t) === i);
  console.log(`  sweep (threshold: P/R): ${sweep.map((t) => { const x = pr(mine, req, t); return `${t}: ${pct(x.precision).trim()}/${pct(x.recall).trim()}`; }).join("  ")}`);
  for (const facet of [...new Set([...mine.map((t) => t.facet), ...req.map((r) => r.facet)])]) {
    const ft = mine.filter((t) => t.facet === facet);
    const fr = req.filter((r) => r.facet === facet);
    row(`${facet}`, ft, fr);
    const values = [...new Set([...ft.map((t) => t.value), ...fr.map((r) => r.value)])].sort();
    if (values.length > 1) for (const v of values) row(`  ${v}`, ft.filter((t) => t.value === v), fr.filter((r) => r.value === v));
  }
}

/**
 * A value with at least MIN_VALUE_N accepted tags, MIN_VALUE_ERRORS of them wrong, and precision below the
 * goal fails its analyser's verdict too: two wrong "person" tags must not hide among a hundred right
 * "product only" ones (one stray error in ten is reported, not failed: at that n it says little).
 */
const MIN_VALUE_N = 5;
const MIN_VALUE_ERRORS = 2;

interface Verdict {
  analyser: string;
  /** Values (n ≥ MIN_VALUE_N accepted) whose accepted precision is below the goal. */
  weakValues: string[];
  /** Values below the goal with a single wrong tag: reported only. */
  notes: string[];
  acceptAt: number;
  minConfidence: number;
  storedP: number | null;
  acceptedP: number | null;
  acceptedR: number | null;
  acceptedN: number;
  lowest: number | null;
  ok: boolean;
}

function verdictOf(entry: RegisteredAnalyser, tags: ScoredTag[], required: Required[]): Verdict {
  const id = entry.analyser.id;
  const mine = tags.filter((t) => t.analyser === id);
  const req = required.filter((r) => r.analyser === id);
  const min = entry.minConfidence ?? 0;
  const accepted = pr(mine, req, entry.acceptAt);
  const groups = new Map<string, ScoredTag[]>();
  for (const t of mine) groups.set(`${t.facet}:${t.value}`, [...(groups.get(`${t.facet}:${t.value}`) ?? []), t]);
  const weakValues: string[] = [];
  const notes: string[] = [];
  // The threshold must serve the analyser's tags as a whole and each well-represented value.
  let lowest = lowestThreshold(mine, min);
  for (const [key, group] of groups) {
    if (group.filter((t) => t.confidence >= min).length < MIN_VALUE_N) continue;
    const p = pr(group, [], entry.acceptAt);
    const wrong = group.filter((t) => t.confidence >= entry.acceptAt && !t.correct).length;
    if (p.n >= MIN_VALUE_N && p.precision !== null && p.precision < PRECISION_GOAL) {
      (wrong >= MIN_VALUE_ERRORS ? weakValues : notes).push(`${key} ${pct(p.precision).trim()} (${wrong} wrong of ${p.n})`);
    }
    // The lowest threshold at which this value stops failing (fewer than MIN_VALUE_ERRORS wrong, or at the goal).
    const own = lowestThreshold(group, min, (kept) => kept.filter((t) => !t.correct).length < MIN_VALUE_ERRORS || kept.filter((t) => t.correct).length / kept.length >= PRECISION_GOAL);
    lowest = lowest === null || own === null ? null : Math.max(lowest, own);
  }
  return {
    analyser: id,
    weakValues,
    notes,
    acceptAt: entry.acceptAt,
    minConfidence: min,
    storedP: pr(mine, req, min).precision,
    acceptedP: accepted.precision,
    acceptedR: accepted.recall,
    acceptedN: accepted.n,
    lowest,
    ok: (accepted.precision === null || accepted.precision >= PRECISION_GOAL) && weakValues.length === 0,
  };
}

// ---- main ---------------------------------------------------------------------------------------

async function main() {
  const args = process.argv.slice(2);
  const only = args.includes("--only") ? args[args.indexOf("--only") + 1] : undefined;
  const manifest = await readManifest();
  const images = manifest.images.filter((i) => !only || i.file.includes(only));
  console.error(`evaluating ${ANALYSERS.length} analysers (${ANALYSERS.map((a) => a.analyser.id).join(", ")}) on ${images.length} images…`);
  const preds = await predictions(images, args.includes("--cached"));

  const failures = preds.flatMap((p) => Object.entries(p.results).filter(([, r]) => r.error).map(([id, r]) => `${p.file} ${id}: ${r.error}`));
  if (failures.length) console.log(`analyser failures (${failures.length}):\n  ${failures.slice(0, 10).join("\n  ")}`);

  const { tags, required } = score(images, preds);
  console.log(`eval:tags — ${images.length} images (${images.filter((i) => i.source === "generated").length} generated, ${images.filter((i) => i.source === "photo").length} photos, ${images.filter((i) => i.source === "derived").length} derived from photos)`);
  console.log("P = precision of the tags at that level; R = recall of the labelled values. stored: ≥ minConfidence; accepted: ≥ acceptAt (shown by default); suggested: stored but below acceptAt.");
  for (const entry of ANALYSERS) printTable(entry, tags, required);

  const text = textScores(images, preds);
  console.log(`\n== ocr text content (words; Chinese phrases by substring)`);
  console.log(`  word recall ${pct(text.expected ? text.found / text.expected : null)} (${text.found}/${text.expected}), token precision ${pct(text.tokens ? text.right / text.tokens : null)} (${text.right}/${text.tokens})`);
  if (text.misses.length) console.log(`  missed: ${text.misses.slice(0, 12).join(", ")}${text.misses.length > 12 ? ` … (+${text.misses.length - 12})` : ""}`);
  if (text.wrong.length) console.log(`  not in the image: ${text.wrong.slice(0, 12).join(", ")}${text.wrong.length > 12 ? ` … (+${text.wrong.length - 12})` : ""}`);

  const wrongAccepted = tags.filter((t) => !t.correct && t.confidence >= (ANALYSERS.find((a) => a.analyser.id === t.analyser)?.acceptAt ?? 0));
  if (wrongAccepted.length) {
    console.log(`\nwrong tags shown as accepted (${wrongAccepted.length}):`);
    for (const t of wrongAccepted.slice(0, 25)) console.log(`  ${t.analyser}/${t.facet} "${t.value}" ${t.confidence} — ${t.file}`);
    if (wrongAccepted.length > 25) console.log(`  … (+${wrongAccepted.length - 25})`);
  }

  const ms = (id: string) => preds.map((p) => p.results[id]?.ms ?? 0).sort((a, b) => a - b)[Math.floor(preds.length / 2)] ?? 0;
  console.log(`\nmedian ms per image: decode ${preds.map((p) => p.decodeMs).sort((a, b) => a - b)[Math.floor(preds.length / 2)]?.toFixed(0)}, ${ANALYSERS.map((a) => `${a.analyser.id} ${ms(a.analyser.id).toFixed(0)}`).join(", ")} (cached runs show the first run's times)`);

  console.log(`\n== verdicts (goal: precision ≥ ${PRECISION_GOAL * 100}% for the tags shown as accepted)`);
  const verdicts = ANALYSERS.map((e) => verdictOf(e, tags, required));
  for (const v of verdicts) {
    const lowest = v.lowest === null ? "no threshold reaches the goal" : `lowest threshold reaching the goal: ${v.lowest}`;
    const what = v.acceptAt > 1 ? "suggested only (acceptAt > 1)" : `accepted from ${v.acceptAt}`;
    const status = v.acceptedN === 0 ? (v.acceptAt > 1 ? "OK   " : "EMPTY") : v.ok ? "OK   " : "BELOW";
    console.log(`  ${status} ${pad(v.analyser, 10)} ${what}: accepted precision ${pct(v.acceptedP)} (n ${v.acceptedN}), recall ${pct(v.acceptedR)}; stored precision ${pct(v.storedP)}; ${lowest}`);
    if (v.weakValues.length) console.log(`        values below the goal at acceptAt (≥ ${MIN_VALUE_ERRORS} wrong): ${v.weakValues.join(", ")}`);
    if (v.notes.length) console.log(`        values below the goal by one wrong tag (noted): ${v.notes.join(", ")}`);
  }
  console.log(JSON.stringify({ eval: "tags", images: images.length, verdicts: verdicts.map((v) => ({ analyser: v.analyser, acceptAt: v.acceptAt, accepted_precision: v.acceptedP && +v.acceptedP.toFixed(3), accepted_recall: v.acceptedR && +v.acceptedR.toFixed(3), accepted_n: v.acceptedN, stored_precision: v.storedP && +v.storedP.toFixed(3), lowest_threshold: v.lowest, weak_values: v.weakValues, ok: v.ok })) }));
}

try {
  await main();
} finally {
  await closeAnalysers();
}
