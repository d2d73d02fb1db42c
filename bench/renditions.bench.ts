// `npm run bench:renditions`: N generated 3000×3000 JPEGs → every default preset (the channel presets,
// thumb and preview) through renderAndCheck (the product path: built, each output measured from its
// encoded bytes as far as its preset's rules need, and checked against its preset); compared in
// the same run with bare sharp producing the same outputs (same sizes, fits, formats) without checks or
// quality search, and with jimp producing one preset (TikTok main, 1200² on white). Same parallelism for
// all three. Rounds alternate; medians reported, ending with one JSON line.
import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { Jimp } from "jimp";
import sharp from "sharp";
import { PRESETS, type Preset } from "../app/.server/renditions/presets";
import { renderAndCheck, verdictOf } from "../app/.server/renditions/render-and-check";
import { generateBenchJpegs } from "../scripts/generate/demo-images";

const COUNT = Number(process.env.BENCH_COUNT ?? 100);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PARALLEL = Number(process.env.BENCH_PARALLEL ?? 2);
// jimp is 20–30× slower: it gets a slice of the inputs (the figure is a rate, so comparable).
const JIMP_COUNT = Math.min(COUNT, Number(process.env.BENCH_JIMP_COUNT ?? 6));
const presets = Object.values(PRESETS);

async function pool<T>(items: T[], n: number, fn: (t: T) => Promise<void>) {
  const queue = [...items];
  await Promise.all(Array.from({ length: n }, async () => {
    for (let it = queue.shift(); it !== undefined; it = queue.shift()) await fn(it);
  }));
}

async function timed(files: string[], fn: (bytes: Buffer) => Promise<void>): Promise<number> {
  const inputs = await Promise.all(files.map((f) => readFile(f)));
  const t0 = performance.now();
  await pool(inputs, PARALLEL, fn);
  return inputs.length / ((performance.now() - t0) / 1000);
}

/** Ours: every preset built from one decode (quality search, sRGB, fits), each encoded output measured and checked. */
async function ours(bytes: Buffer) {
  const checked = await renderAndCheck(bytes, presets);
  if (checked.size !== presets.length) throw new Error(`renderAndCheck returned ${checked.size} of ${presets.length} presets`);
  for (const c of checked.values()) verdictOf(c.findings);
}

/**
 * Bare sharp: the same sizes, fits and formats, one encode each, no checks. Most of its time is sharp's
 * trim() for the trim-pad preset (libvips median-filters the whole master first, ~1.4 s of a 3000² JPEG
 * on one core); ours finds the same box without filtering everything (builder.ts findTrimBox).
 */
function bareOne(bytes: Buffer, p: Preset) {
  const base = sharp(bytes).rotate();
  const white = { r: 255, g: 255, b: 255, alpha: 1 };
  const sized =
    p.fit === "inside"
      ? base.resize(p.width, p.height, { fit: "inside", withoutEnlargement: true })
      : p.fit === "cover-attention"
        ? base.resize(p.width, p.height, { fit: "cover", position: sharp.strategy.attention })
        : p.fit === "trim-pad"
          ? base.trim({ background: "#ffffff", threshold: 10 }).resize(p.width, p.height, { fit: "contain", background: white })
          : base.resize(p.width, p.height, { fit: "contain", background: white });
  return sized.jpeg({ quality: 90, chromaSubsampling: "4:4:4" }).toBuffer();
}
const bare = (bytes: Buffer) => Promise.all(presets.map((p) => bareOne(bytes, p))).then(() => undefined);

/** jimp: one preset (TikTok main: 1200×1200 contained on white, JPEG). */
async function jimpOne(bytes: Buffer) {
  const img = await Jimp.read(bytes);
  img.contain({ w: 1200, h: 1200 });
  await img.getBuffer("image/jpeg", { quality: 90 });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const inputDir = path.resolve(".cache/bench/ingest"); // the same generated inputs as bench:ingest
await mkdir(inputDir, { recursive: true });
console.error(`preparing ${COUNT} 3000×3000 JPEGs in ${inputDir} (cached between runs)…`);
const files = (await generateBenchJpegs(inputDir, COUNT, 3000)).slice(0, COUNT);
const r = { ours: [] as number[], bare: [] as number[], jimp: [] as number[] };
for (let round = 1; round <= ROUNDS; round++) {
  r.bare.push(await timed(files, bare));
  r.ours.push(await timed(files, ours));
  r.jimp.push(await timed(files.slice(0, JIMP_COUNT), jimpOne));
  console.error(`round ${round}: ours ${r.ours.at(-1)!.toFixed(2)} img/s (${presets.length} presets + checks), bare sharp ${r.bare.at(-1)!.toFixed(2)} img/s (${presets.length} presets), jimp ${r.jimp.at(-1)!.toFixed(3)} img/s (1 preset)`);
}
const value = median(r.ours);
const bareSharp = median(r.bare);
const jimp = median(r.jimp);
console.log(
  `renditions: median ${value.toFixed(2)} images/s (all ${presets.length} presets, checked) vs bare sharp ${bareSharp.toFixed(2)} (same outputs, no checks; ratio ${(value / bareSharp).toFixed(2)}, goal ≥ 0.75) and jimp ${jimp.toFixed(3)} (one preset; ratio ${(value / jimp).toFixed(1)}×, goal ≥ 20×) over ${ROUNDS} rounds of ${COUNT}`,
);
// jimp makes one output per master, ours makes every preset: per output image the comparison reads differently.
const perOutput = (value * presets.length) / jimp;
console.log(`per output image: ours ${(value * presets.length).toFixed(1)} outputs/s vs jimp ${jimp.toFixed(3)} (${perOutput.toFixed(1)}×)`);
console.log(JSON.stringify({ bench: "renditions", unit: "images/s", value: +value.toFixed(3), baselines: { bare_sharp: +bareSharp.toFixed(3), jimp: +jimp.toFixed(4) }, ratio: +(value / bareSharp).toFixed(3), jimp_ratio: +(value / jimp).toFixed(2), jimp_ratio_per_output: +perOutput.toFixed(1) }));
