// `npm run bench:tagging [-- --n 60 --rounds 3 --concurrency 1,2]`: the full registered analyser set
// (registry.ts ANALYSERS: colour, background, shape, OCR, vision, safety) over N images of the labelled
// evaluation set (test/fixtures/eval/, taken in turn across products, text banners and photos), the way
// the `analyse.run` job runs them: one decode (loadAnalyserImage) per asset, then every analyser on it
// concurrently. The worker pools (OCR, vision + safety) are warmed first on one image, timed apart.
//
// As the job decodes the stored preview (≤ 1600 px) rather than a large master, inputs past 1600 px are
// shrunk to a 1600 px JPEG first (not timed). Assets in flight: 1 is what the worker runs by default
// (background jobs get half of WORKER_CONCURRENCY=2), 2 is measured too. Baselines in the same run and
// at the same concurrency: decode only, and decode + the pixel analysers (colour, background, shape).
// Rounds alternate baseline and full set; medians are reported, ending with one JSON line.
//
// The box is shared, so each rate comes with the process's CPU time per asset (every thread: main, OCR,
// vision workers), which other work on the machine moves much less than wall time, and the load average
// at start and end is printed.
import { readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { loadAnalyserImage } from "../app/.server/media/analysers/decode";
import { ANALYSERS, closeAnalysers, type RegisteredAnalyser } from "../app/.server/media/analysers/registry";
import { EVAL_DIR, readManifest } from "../scripts/eval/labels";

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const COUNT = Number(arg("n") ?? process.env.BENCH_COUNT ?? 60);
const ROUNDS = Number(arg("rounds") ?? process.env.BENCH_ROUNDS ?? 3);
const CONCURRENCY = (arg("concurrency") ?? "1,2").split(",").map(Number);
const PREVIEW_EDGE = 1600;
const PIXEL_IDS = new Set(["colour", "background", "shape"]);

async function pool<T>(items: T[], n: number, fn: (t: T) => Promise<void>) {
  const queue = [...items];
  await Promise.all(Array.from({ length: n }, async () => {
    for (let it = queue.shift(); it !== undefined; it = queue.shift()) await fn(it);
  }));
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** N inputs taken in turn across the set's kinds, as encoded bytes (≤ 1600 px, like the stored preview). */
async function inputs(n: number): Promise<Buffer[]> {
  const { images } = await readManifest();
  const groups = [
    images.filter((i) => i.file.startsWith("generated/product-")),
    images.filter((i) => i.file.startsWith("generated/text-")),
    images.filter((i) => i.source !== "generated"),
  ];
  const picked: string[] = [];
  for (let k = 0; picked.length < n; k++) {
    const g = groups[k % groups.length]!;
    picked.push(g[Math.floor(k / groups.length) % g.length]!.file);
  }
  return Promise.all(
    picked.map(async (file) => {
      const bytes = await readFile(path.join(EVAL_DIR, file));
      const meta = await sharp(bytes).metadata();
      if (Math.max(meta.width, meta.height) <= PREVIEW_EDGE) return bytes;
      return sharp(bytes).resize(PREVIEW_EDGE, PREVIEW_EDGE, { fit: "inside" }).flatten({ background: "#ffffff" }).jpeg({ quality: 82 }).toBuffer();
    }),
  );
}

type Timings = Map<string, number[]>;

/** One asset as the job does it: one decode, then the analysers concurrently. Records each analyser's time. */
async function analyseOne(bytes: Buffer, analysers: readonly RegisteredAnalyser[], timings?: Timings): Promise<void> {
  const t0 = performance.now();
  const image = await loadAnalyserImage(bytes);
  timings?.get("decode")?.push(performance.now() - t0);
  await Promise.all(
    analysers.map(async ({ analyser }) => {
      const t = performance.now();
      await analyser.analyse(image);
      timings?.get(analyser.id)?.push(performance.now() - t);
    }),
  );
}

interface Rate {
  assetsPerS: number;
  /** Process CPU time (all threads) per asset, ms. */
  cpuMs: number;
}

async function rate(items: Buffer[], inFlight: number, analysers: readonly RegisteredAnalyser[], timings?: Timings): Promise<Rate> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  await pool(items, inFlight, (b) => analyseOne(b, analysers, timings));
  const cpu = process.cpuUsage(c0);
  return { assetsPerS: items.length / ((performance.now() - t0) / 1000), cpuMs: (cpu.user + cpu.system) / 1000 / items.length };
}

const loadAverage = () => os.loadavg().map((l) => +l.toFixed(2));

async function main() {
  const pixel = ANALYSERS.filter((a) => PIXEL_IDS.has(a.analyser.id));
  const loadAtStart = loadAverage();
  console.error(`load average at start (1, 5, 15 min): ${loadAtStart.join(", ")} on ${os.availableParallelism()} cores`);
  console.error(`preparing ${COUNT} inputs from the evaluation set…`);
  const items = await inputs(COUNT);

  // Warm-up: starts the OCR and vision workers and loads every model (PaddleOCR, tesseract on Latin text, Human, nsfwjs).
  const warm = items.find((_, i) => i % 3 === 1) ?? items[0]!;
  const w0 = performance.now();
  await analyseOne(warm, ANALYSERS);
  const warmupMs = performance.now() - w0;
  const w1 = performance.now();
  await analyseOne(warm, ANALYSERS);
  const warmSecondMs = performance.now() - w1;
  console.error(`warm-up: first asset ${(warmupMs / 1000).toFixed(1)} s (workers start, models load), the same asset again ${warmSecondMs.toFixed(0)} ms`);

  const results: Record<number, { full: number[]; pixel: number[]; decode: number[]; fullCpuMs: number[] }> = {};
  const perAnalyser: Timings = new Map(["decode", ...ANALYSERS.map((a) => a.analyser.id)].map((id) => [id, []]));
  for (const c of CONCURRENCY) {
    const r = (results[c] = { full: [] as number[], pixel: [] as number[], decode: [] as number[], fullCpuMs: [] as number[] });
    for (let round = 1; round <= ROUNDS; round++) {
      r.decode.push((await rate(items, c, [])).assetsPerS);
      r.pixel.push((await rate(items, c, pixel)).assetsPerS);
      // Per-analyser times are recorded at 1 in flight (with more, they include waiting for the other asset).
      const full = await rate(items, c, ANALYSERS, c === 1 ? perAnalyser : undefined);
      r.full.push(full.assetsPerS);
      r.fullCpuMs.push(full.cpuMs);
      console.error(`${c} in flight, round ${round}: full set ${full.assetsPerS.toFixed(2)} assets/s (${full.cpuMs.toFixed(0)} ms CPU per asset), decode + pixel analysers ${r.pixel.at(-1)!.toFixed(1)}, decode only ${r.decode.at(-1)!.toFixed(1)}; load ${loadAverage()[0]}`);
    }
  }

  const head = CONCURRENCY.includes(1) ? 1 : CONCURRENCY[0]!;
  const value = median(results[head]!.full);
  const pixelOnly = median(results[head]!.pixel);
  const decodeOnly = median(results[head]!.decode);
  const perMs = Object.fromEntries([...perAnalyser].filter(([, xs]) => xs.length).map(([id, xs]) => [id, +median(xs).toFixed(1)]));
  for (const c of CONCURRENCY) {
    const r = results[c]!;
    console.log(`tagging, ${c} asset(s) in flight: median ${median(r.full).toFixed(2)} assets/s (${median(r.fullCpuMs).toFixed(0)} ms CPU per asset) with all ${ANALYSERS.length} analysers vs ${median(r.pixel).toFixed(1)} decode + pixel analysers only and ${median(r.decode).toFixed(1)} decode only (goal ≥ 3 for the full set) over ${ROUNDS} rounds of ${items.length}`);
  }
  console.log(`median ms per asset at 1 in flight (analysers run concurrently, so they overlap): ${Object.entries(perMs).map(([id, ms]) => `${id} ${ms}`).join(", ")}; warm-up ${(warmupMs / 1000).toFixed(1)} s`);
  const byConcurrency = Object.fromEntries(
    CONCURRENCY.map((c) => [
      `${c}_in_flight`,
      { full: +median(results[c]!.full).toFixed(3), full_cpu_ms_per_asset: +median(results[c]!.fullCpuMs).toFixed(1), pixel_only: +median(results[c]!.pixel).toFixed(3), decode_only: +median(results[c]!.decode).toFixed(3) },
    ]),
  );
  const loadAtEnd = loadAverage();
  console.log(`load average (1, 5, 15 min): ${loadAtStart.join(", ")} at start, ${loadAtEnd.join(", ")} at end, on ${os.availableParallelism()} cores`);
  console.log(
    JSON.stringify({
      bench: "tagging",
      unit: "assets/s",
      value: +value.toFixed(3),
      in_flight: head,
      baselines: { pixel_only_assets_s: +pixelOnly.toFixed(3), decode_only_assets_s: +decodeOnly.toFixed(3) },
      per_analyser_ms: perMs,
      by_concurrency: byConcurrency,
      warmup_s: +(warmupMs / 1000).toFixed(2),
      cpu_ms_per_asset: +median(results[head]!.fullCpuMs).toFixed(1),
      loadavg: { start: loadAtStart, end: loadAtEnd },
      n: items.length,
      rounds: ROUNDS,
    }),
  );
}

try {
  await main();
} finally {
  await closeAnalysers();
}
