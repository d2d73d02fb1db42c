// `npm run bench:ingest`: ingests N generated 3000×3000 JPEGs through the real pipeline (streaming
// upload with SHA-256, content sniffing, header probe, dedup lookup, blob commit, rows + job in one
// transaction, then the in-process worker: metadata, pHash, thumbnail, preview, rendition rows) on a
// fresh embedded database, and compares with bare sharp producing the same preview + thumbnail files
// from the same inputs with the same parallelism, in the same run. Rounds alternate; medians reported.
import { createReadStream } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { parseConfig } from "../app/.server/config";
import { createServices } from "../app/.server/context";
import { ingestDepsOf, ingestStream } from "../app/.server/library/ingest.service";
import { SYSTEM_ACTOR } from "../app/.server/library/types";
import { upsertShop } from "../app/.server/shops/shops.repository";
import { savePreset } from "../app/.server/renditions/presets.service";
import { generateBenchJpegs } from "../scripts/generate/demo-images";

const COUNT = Number(process.env.BENCH_COUNT ?? 200);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PARALLEL = Number(process.env.BENCH_PARALLEL ?? 2); // the worker's default concurrency; the same for both sides
const actor = { ...SYSTEM_ACTOR, id: "bench", name: "bench" };
const WITH_CHANNELS = process.env.BENCH_CHANNEL_RENDITIONS === "1";

async function pool<T>(items: T[], n: number, fn: (t: T) => Promise<void>) {
  const queue = [...items];
  await Promise.all(Array.from({ length: n }, async () => {
    for (let it = queue.shift(); it !== undefined; it = queue.shift()) await fn(it);
  }));
}

async function bareSharp(files: string[]): Promise<number> {
  const out = await mkdtemp(path.join(os.tmpdir(), "bench-bare-"));
  const t0 = performance.now();
  await pool(files, PARALLEL, async (f) => {
    const base = path.join(out, path.basename(f, ".jpg"));
    const preview = sharp(f).resize(1600, 1600, { fit: "inside", withoutEnlargement: true });
    await preview.clone().jpeg({ quality: 82 }).toFile(`${base}-preview.jpg`);
    await sharp(f).resize(400, 400, { fit: "inside", withoutEnlargement: true }).webp({ quality: 78 }).toFile(`${base}-thumb.webp`);
  });
  const secs = (performance.now() - t0) / 1000;
  await rm(out, { recursive: true, force: true });
  return files.length / secs;
}

async function pipeline(files: string[]): Promise<number> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "bench-ingest-"));
  // BENCH_DATABASE_URL: run the pipeline on PostgreSQL (an empty database it may reset) instead of PGlite.
  const pg = process.env.BENCH_DATABASE_URL;
  if (pg) await resetPostgres(pg);
  const config = parseConfig({ ASSETLINE_DATA_DIR: dataDir, WORKER_CONCURRENCY: String(PARALLEL), LOG_LEVEL: "silent", ...(pg ? { DATABASE_URL: pg } : {}) });
  const services = await createServices(config, { worker: true, seedDemo: false });
  const shop = await upsertShop(services.db.prisma, "bench.myshopify.com", { name: "bench" });
  // Channel renditions (built after ingest for the shop's channels) are bench:renditions' subject and
  // have no counterpart on the bare side; BENCH_CHANNEL_RENDITIONS=1 keeps the shop's default.
  if (!WITH_CHANNELS) await savePreset({ prisma: services.db.prisma, queue: services.queue }, shop.id, actor, { kind: "builtin", presetId: "shopify.product", eager: false, overrides: {} });
  const deps = ingestDepsOf(services);
  const t0 = performance.now();
  await pool(files, PARALLEL, async (f) => {
    const r = await ingestStream(deps, shop.id, actor, { stream: createReadStream(f), filename: path.basename(f) });
    if (r.status !== "created") throw new Error(`unexpected ${r.status} for ${f}`);
  });
  for (;;) {
    const pending = await services.db.prisma.assetVersion.count({ where: { shopId: shop.id, processing: "pending" } });
    if (pending === 0) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const secs = (performance.now() - t0) / 1000;
  const failed = await services.db.prisma.assetVersion.count({ where: { shopId: shop.id, processing: "failed" } });
  if (failed) throw new Error(`${failed} versions failed to process`);
  await services.close();
  await rm(dataDir, { recursive: true, force: true });
  return files.length / secs;
}

async function resetPostgres(url: string) {
  const { default: pgLib } = await import("pg");
  const c = new pgLib.Client({ connectionString: url });
  await c.connect();
  await c.query("DROP SCHEMA IF EXISTS public CASCADE; DROP SCHEMA IF EXISTS pgboss CASCADE; CREATE SCHEMA public;");
  await c.end();
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const inputDir = path.resolve(".cache/bench/ingest");
await mkdir(inputDir, { recursive: true });
console.error(`preparing ${COUNT} 3000×3000 JPEGs in ${inputDir} (cached between runs)…`);
const files = (await generateBenchJpegs(inputDir, COUNT, 3000)).slice(0, COUNT);
const bare: number[] = [];
const ours: number[] = [];
for (let round = 1; round <= ROUNDS; round++) {
  bare.push(await bareSharp(files));
  ours.push(await pipeline(files));
  console.error(`round ${round}: bare sharp ${bare.at(-1)!.toFixed(2)} img/s, assetline ingest ${ours.at(-1)!.toFixed(2)} assets/s`);
}
const value = median(ours);
const baseline = median(bare);
const db = process.env.BENCH_DATABASE_URL ? "PostgreSQL" : "PGlite (embedded)";
console.log(`database: ${db}`);
console.log(`ingest: median ${value.toFixed(2)} assets/s vs bare sharp ${baseline.toFixed(2)} img/s (ratio ${(value / baseline).toFixed(2)}, goal ≥ 0.75) over ${ROUNDS} rounds of ${COUNT}`);
console.log(JSON.stringify({ bench: "ingest", unit: "assets/s", value: +value.toFixed(3), baselines: { bare_sharp: +baseline.toFixed(3) }, ratio: +(value / baseline).toFixed(3) }));
