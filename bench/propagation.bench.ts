// `npm run bench:propagation`: how long an approved version takes to be live on every listing of every
// channel. The three channel sandboxes are seeded with N listings each (default 1,000) and linked through
// their consent pages; an approved packshot (v1) is placed in `main` of all of them and made live by the
// real worker (createServices with the worker: pg-boss, SYNC_CONCURRENCY publish jobs per process, a fair
// share per channel account). Then v2 is ingested and approved; from the moment the approval's
// transaction returned, the sandboxes' own state is polled until every listing shows v2 (Shopify media
// READY under v2's name, Amazon's MAIN locator processed, TikTok's first image an upload of v2 after its
// audit). The baseline, computed in the same run, is the lower bound the sandboxes' published rate limits
// imply (bench/support/bound.ts). Sandboxes run `--scale` times as fast as life (delays × scale, rate
// limits ÷ scale, CHANNEL_RATE_SCALE on the connectors); every time printed is un-scaled (measured ÷ scale).
// The engine's own time is not scaled: at a small scale each job's real time counts 1/scale times, so the
// ratio also measures the engine's throughput; --scale 1 measures against the limits as published.
//
//   npm run bench:propagation [-- --listings 1000] [--scale 0.1] [--postgres] [--staged] [--account-concurrency N] [--timeout 900]
import { randomBytes } from "node:crypto";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { parseArgs } from "node:util";
import { getOperationAST, parse } from "graphql";
import sharp from "sharp";
import type { ChannelId } from "../connectors/channel";
import { MODEL_USAGE_PLANS } from "../sandbox/amazon";
import { MUTATION_COST, requestedCost } from "../sandbox/shopify/cost";
import { adminSchema } from "../sandbox/shopify/schema";
import { TIKTOK_DEFAULT_QPS } from "../sandbox/tiktok";
import { parseConfig } from "../app/.server/config";
import { createServices, type AppServices } from "../app/.server/context";
import { createMember } from "../app/.server/governance/members.repository";
import { actorOf } from "../app/.server/governance/members.service";
import { changeVersionState } from "../app/.server/library/assets.service";
import { ingestDepsOf, ingestStream } from "../app/.server/library/ingest.service";
import type { Actor } from "../app/.server/library/types";
import { upsertShop } from "../app/.server/shops/shops.repository";
import { finishConnect, startConnect } from "../app/.server/sync/connect.service";
import { placeAsset } from "../app/.server/sync/placements.service";
import { propagationBound, type PropagationBound } from "./support/bound";
import { startMediaServer, type MediaServer } from "../test/support/media-server";
import { amazonShows, callCounts, firstWrites, logMarks, shopifyShows, tiktokFirstUri, tiktokShows, type CallCount, type LogMarks, type Shown } from "./support/observe";
import { approveConsent, LIFE_DELAYS_MS, startBenchSandboxes, type BenchSandboxes } from "./support/sandboxes";
import { databaseUrl, serverQuery } from "./support/pg-server";
import { traceSql, type SqlTrace } from "../test/support/sql-trace";

const { values: args } = parseArgs({
  options: {
    listings: { type: "string", default: "1000" },
    scale: { type: "string", default: "0.1" },
    postgres: { type: "boolean", default: false },
    /** Send Shopify the bytes by staged upload (a deployment whose public URL Shopify cannot fetch). */
    staged: { type: "boolean", default: false },
    /** SYNC_ACCOUNT_CONCURRENCY for the run (default: the app's). */
    "account-concurrency": { type: "string" },
    /** Real seconds each phase may take before the run gives up. */
    timeout: { type: "string", default: "900" },
    /** Count the statements the embedded database ran during the propagation (PGlite only). */
    sql: { type: "boolean", default: false },
  },
});
const N = Number(args.listings);
const SCALE = Number(args.scale);
const TIMEOUT_MS = Number(args.timeout) * 1000;
// SP-API searchListingsItems pages through at most 1,000 SKUs (the model says so, the sandbox too): the import sees no more.
if (!Number.isInteger(N) || N < 1 || N > 1000) throw new Error("--listings must be an integer from 1 to 1000");
if (!(SCALE > 0 && SCALE <= 1)) throw new Error("--scale must be in (0, 1]");
const CHANNELS: ChannelId[] = ["shopify", "amazon", "tiktok"];
const PRESET: Record<ChannelId, string> = { shopify: "shopify.product", amazon: "amazon.main", tiktok: "tiktok.main" };
const APP = "http://app.test";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Un-scaled seconds from real milliseconds. */
const life = (ms: number) => ms / 1000 / SCALE;
const fmt = (s: number | null) => (s === null ? "—" : s >= 100 ? s.toFixed(0) : s >= 10 ? s.toFixed(1) : s.toFixed(2));
const info = (msg: string) => console.error(msg);

/** A product on a white background filling ~87% of the frame: passes amazon.main (white, ≥ 85%). */
async function packshot(seed: number): Promise<Buffer> {
  const product = await sharp({ create: { width: 1300, height: 1300, channels: 3, background: { r: 30 + seed * 40, g: 60 + seed * 10, b: 140 - seed * 20 } } }).png().toBuffer();
  return sharp({ create: { width: 1500, height: 1500, channels: 3, background: { r: 255, g: 255, b: 255 } } })
    .composite([{ input: product, left: 100, top: 100 }])
    .jpeg({ quality: 90 })
    .toBuffer();
}

/** --postgres: a database of its own on the server of TEST_DATABASE_URL / DATABASE_URL, dropped afterwards. */
async function postgresDatabase(): Promise<{ url: string; drop(): Promise<void> } | null> {
  if (!args.postgres) return null;
  const server = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!server) throw new Error("--postgres needs TEST_DATABASE_URL or DATABASE_URL");
  const name = `assetline_bench_${randomBytes(4).toString("hex")}`;
  await serverQuery(server, `CREATE DATABASE ${name}`);
  return { url: databaseUrl(server, name), drop: () => serverQuery(server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).then(() => {}) };
}

/** Polls `check` every `everyMs` until it answers true; throws after the phase timeout. */
async function until(what: string, check: () => Promise<boolean>, progress?: () => Promise<string>, everyMs = 100): Promise<void> {
  const start = Date.now();
  let said = start;
  for (;;) {
    if (await check()) return;
    if (Date.now() - start > TIMEOUT_MS) throw new Error(`${what}: not done after ${TIMEOUT_MS / 1000} s${progress ? ` (${await progress()})` : ""}`);
    if (progress && Date.now() - said > 5000) {
      said = Date.now();
      info(`  … ${what}: ${await progress()} (${((Date.now() - start) / 1000).toFixed(0)} s real)`);
    }
    await sleep(everyMs);
  }
}

interface Bench {
  s: BenchSandboxes;
  media: MediaServer;
  app: AppServices;
  shopId: string;
  mediaKey: string;
  actor: Actor;
  accounts: Record<ChannelId, string>;
  /** Our listing ids and the channel's ids, per channel. */
  listings: Record<ChannelId, Array<{ id: string; externalId: string }>>;
}

async function setUp(s: BenchSandboxes, media: MediaServer, db: { url: string } | null, dataDir: string): Promise<Bench> {
  // The demo store is the Shopify sandbox this bench runs (DEMO_SHOPIFY_CLIENT_ID/SECRET in its settings).
  // Shopify fetches each rendition by its URL, as it does from a deployment whose ASSETLINE_PUBLIC_URL is
  // public (the sandbox reaches our loopback media server); --staged measures the staged-upload path.
  const config = parseConfig({
    ASSETLINE_DATA_DIR: dataDir,
    LOG_LEVEL: "silent",
    ASSETLINE_PUBLIC_URL: media.url,
    SHOPIFY_MEDIA_BY_URL: args.staged ? "never" : "always",
    ...(args["account-concurrency"] ? { SYNC_ACCOUNT_CONCURRENCY: args["account-concurrency"] } : {}),
    ...(process.env.DB_MAINTENANCE_INTERVAL_SECONDS ? { DB_MAINTENANCE_INTERVAL_SECONDS: process.env.DB_MAINTENANCE_INTERVAL_SECONDS } : {}),
    ...s.env,
    ...(db ? { DATABASE_URL: db.url } : {}),
  });
  const app = await createServices(config, { worker: true, seedDemo: false, sandboxes: false });
  const prisma = app.db.prisma;
  const shop = await upsertShop(prisma, "bench-propagation.example", { name: "bench" });
  const actor = actorOf(await createMember(prisma, shop.id, { name: "Owner", role: "admin", markets: [], isOwner: true }));
  const accounts = {} as Record<ChannelId, string>;
  for (const channel of CHANNELS) {
    const url = await startConnect(app, shop.id, actor, channel, "US", APP);
    const [account] = await finishConnect(app, channel, await approveConsent(url), APP);
    if (!account) throw new Error(`${channel}: nothing connected`);
    accounts[channel] = account.id;
  }
  // finishConnect queued each catalogue import: the worker runs them.
  await until(
    "catalogue import",
    async () => (await prisma.channelAccount.count({ where: { shopId: shop.id, lastImportAt: { not: null } } })) === CHANNELS.length,
    async () => `${await prisma.listing.count({ where: { shopId: shop.id } })} of ${3 * N} listings`,
    250,
  );
  const listings = {} as Bench["listings"];
  for (const c of CHANNELS) {
    listings[c] = await prisma.listing.findMany({ where: { shopId: shop.id, accountId: accounts[c], deletedAt: null }, select: { id: true, externalId: true }, orderBy: { externalId: "asc" } });
    if (listings[c].length !== N) throw new Error(`${c}: imported ${listings[c].length} listings, expected ${N}`);
  }
  return { s, media, app, shopId: shop.id, mediaKey: shop.mediaKey, actor, accounts, listings };
}

/** Ingests a packshot (a new version of `assetId` when given) and waits until the worker built its channel renditions. */
async function ingestVersion(b: Bench, seed: number, assetId?: string): Promise<{ assetId: string; versionId: string; shown: Record<ChannelId, Shown> }> {
  const prisma = b.app.db.prisma;
  const o = await ingestStream(ingestDepsOf(b.app), b.shopId, b.actor, { stream: Readable.from([await packshot(seed)]), filename: `hero-${seed}.jpg` }, assetId ? { assetId } : {});
  if (o.status !== "created") throw new Error(`ingest: ${o.status}`);
  const shown = {} as Record<ChannelId, Shown>;
  await until("renditions", async () => {
    const v = await prisma.assetVersion.findUniqueOrThrow({ where: { id: o.versionId } });
    if (v.processing === "failed") throw new Error(`version ${o.versionId} failed to process: ${v.processingError}`);
    const rows = await prisma.rendition.findMany({ where: { shopId: b.shopId, versionId: o.versionId, presetId: { in: Object.values(PRESET) } }, include: { blob: true } });
    for (const c of CHANNELS) {
      const r = rows.find((x) => x.presetId === PRESET[c]);
      if (r) shown[c] = { sha: r.blob.sha256, ext: r.mime === "image/png" ? "png" : r.mime === "image/webp" ? "webp" : "jpg" };
    }
    return v.processing === "ready" && CHANNELS.every((c) => shown[c]);
  });
  return { assetId: o.assetId, versionId: o.versionId, shown };
}

const placementsLive = (b: Bench, assetId: string, versionId: string) =>
  b.app.db.prisma.placement.count({ where: { shopId: b.shopId, assetId, state: "live", appliedVersionId: versionId } });

async function placementStates(b: Bench, assetId: string): Promise<string> {
  const prisma = b.app.db.prisma;
  const rows = await prisma.placement.groupBy({ by: ["state"], where: { shopId: b.shopId, assetId }, _count: true });
  const states = rows.map((r) => `${r.state} ${r._count}`).join(", ");
  // A stalled run says why: the channels' own messages of failed placements, most frequent first.
  const failed = await prisma.placement.groupBy({ by: ["lastErrorCode", "lastError"], where: { shopId: b.shopId, assetId, state: "failed" }, _count: true });
  const why = failed
    .sort((x, y) => y._count - x._count)
    .slice(0, 3)
    .map((f) => `${f._count}× ${f.lastErrorCode ?? "error"}: ${(f.lastError ?? "").slice(0, 160)}`);
  return `${why.length ? `${states} — failed: ${why.join(" | ")}` : states}; ${mediaStats(b.media)}`;
}

const loop = monitorEventLoopDelay({ resolution: 20 });
loop.enable();
/** How fast our media server answered the channels' downloads (the Shopify sandbox gives each 5 s, real time). */
function mediaStats(media: MediaServer): string {
  const ms = media.requests.map((r) => r.ms).sort((x, y) => x - y);
  if (!ms.length) return "media server: no downloads";
  const slow = ms.filter((x) => x > 5000).length;
  const failed = media.requests.filter((r) => r.status !== 200).length;
  const stall = `event loop: longest stall ${(loop.max / 1e6).toFixed(0)} ms`;
  loop.reset();
  return `${stall}; media server: ${ms.length} downloads, median ${ms[ms.length >> 1]!.toFixed(0)} ms, slowest ${ms[ms.length - 1]!.toFixed(0)} ms real, ${slow} over 5 s (the sandbox's fetch timeout, real), ${failed} not answered 200`;
}

interface Watch {
  /** Real ms since t0 at which each channel's first v2 write arrived, and each channel's last listing showed v2. */
  firstWrite: Record<ChannelId, number | null>;
  shown: Record<ChannelId, number | null>;
  /** Real ms since t0 when our database said every placement live. */
  dbLive: number | null;
  /** Log marks when every listing showed v2 and our database agreed (the calls the propagation took). */
  endMarks: LogMarks;
}

/** From t0 (epoch ms): poll the sandboxes until every listing shows `v`, and our database until all are live. */
async function watch(b: Bench, v: { assetId: string; versionId: string; shown: Record<ChannelId, Shown> }, t0: number, marks: LogMarks): Promise<Watch> {
  const prisma = b.app.db.prisma;
  const pending: Record<ChannelId, Set<string>> = { shopify: new Set(), amazon: new Set(), tiktok: new Set() };
  for (const c of CHANNELS) for (const l of b.listings[c]) pending[c].add(l.externalId);
  const shownAt: Watch["shown"] = { shopify: null, amazon: null, tiktok: null };
  // TikTok uris our uploads of v2 got (ChannelMedia rows, saved before partial_edit uses them), and every
  // uri looked up so far (a uri is one upload's: it never changes meaning).
  const ours = new Set<string>();
  const looked = new Set<string>();
  let dbLive: number | null = null;
  let lastDb = 0;
  const progress = async () =>
    `${CHANNELS.map((c) => `${c} ${N - pending[c].size}/${N}`).join(", ")} show v2; our database: ${await placementStates(b, v.assetId)}`;
  await until(
    "propagation",
    async () => {
      const now = Date.now();
      const unknown = [...pending.tiktok].map((id) => tiktokFirstUri(b.s, id)).filter((u): u is string => u !== null && !looked.has(u));
      if (unknown.length) {
        for (const u of unknown) looked.add(u);
        const rows = await prisma.channelMedia.findMany({ where: { shopId: b.shopId, accountId: b.accounts.tiktok, sourceKey: v.shown.tiktok.sha, externalRef: { in: unknown } }, select: { externalRef: true } });
        for (const r of rows) ours.add(r.externalRef);
      }
      for (const id of pending.shopify) if (shopifyShows(b.s, id, v.shown.shopify)) pending.shopify.delete(id);
      for (const id of pending.amazon) if (amazonShows(b.s, id, v.shown.amazon)) pending.amazon.delete(id);
      for (const id of pending.tiktok) if (tiktokShows(b.s, id, ours)) pending.tiktok.delete(id);
      for (const c of CHANNELS) if (shownAt[c] === null && pending[c].size === 0) shownAt[c] = now - t0;
      if (dbLive === null && now - lastDb >= 250) {
        lastDb = now;
        if ((await placementsLive(b, v.assetId, v.versionId)) === 3 * N) dbLive = Date.now() - t0;
      }
      return dbLive !== null && CHANNELS.every((c) => shownAt[c] !== null);
    },
    progress,
  );
  const endMarks = logMarks(b.s);
  const writes = firstWrites(b.s, marks, v.shown.shopify);
  const firstWrite = Object.fromEntries(CHANNELS.map((c) => [c, writes[c] === null ? null : writes[c]! - t0])) as Watch["firstWrite"];
  return { firstWrite, shown: shownAt, dbLive, endMarks };
}

/** The published limits the sandboxes enforce (un-scaled), and the bound they put on this propagation. */
function bound(s: BenchSandboxes): PropagationBound {
  const bucket = s.shopify.state.bucket(s.shopify.state.shop).status();
  // The cheapest read that shows the product's first image and its status, priced as the sandbox prices it.
  const doc = parse(`query MainImage($id: ID!) { product(id: $id) { media(first: 1) { nodes { status ... on MediaImage { originalSource { url } } } } } }`);
  const readPoints = requestedCost(adminSchema(), getOperationAST(doc)!, {}, { id: "gid://shopify/Product/1" });
  const plan = (op: string) => MODEL_USAGE_PLANS[op]!;
  return propagationBound(N, {
    amazon: { get: plan("getListingsItem"), patch: plan("patchListingsItem"), processingS: LIFE_DELAYS_MS.amazon / 1000 },
    shopify: {
      bucket: { burst: bucket.maximumAvailable, rate: bucket.restoreRate * SCALE },
      writePoints: MUTATION_COST, // one fileUpdate replacing the content (one staged upload, or a public URL, serves every product)
      readPoints,
      processingS: (2 * LIFE_DELAYS_MS.shopifyStep) / 1000,
    },
    tiktok: { perApi: { rate: TIKTOK_DEFAULT_QPS, burst: TIKTOK_DEFAULT_QPS }, auditS: LIFE_DELAYS_MS.tiktok / 1000 },
  });
}

function printCalls(counts: Record<ChannelId, CallCount[]>) {
  for (const c of CHANNELS) {
    const parts = counts[c].map((x) => {
      const extra = [x.throttled ? `${x.throttled} throttled` : "", x.points !== undefined ? `${Math.round(x.points)} pts` : ""].filter(Boolean).join(", ");
      return `${x.operation} ${x.calls} (${(x.calls / N).toFixed(2)}/listing${extra ? `; ${extra}` : ""})`;
    });
    console.log(`  ${c}: ${parts.join(", ") || "none"}`);
    const points = counts[c].reduce((a, x) => a + (x.points ?? 0), 0);
    if (points) console.log(`  shopify: ${Math.round(points)} points charged in all, ${(points / N).toFixed(1)} per listing`);
  }
}

const db = await postgresDatabase();
const dataDir = await mkdtemp(path.join(os.tmpdir(), "bench-propagation-"));
let bench: Bench | null = null;
const sandboxes = await startBenchSandboxes({ listings: N, scale: SCALE, appOrigin: APP });
const media = await startMediaServer(() => (bench ? { prisma: bench.app.db.prisma, blobs: bench.app.blobs } : null));
try {
  info(`starting: ${N} listings per channel, time scale ${SCALE}, ${db ? "PostgreSQL" : "PGlite (embedded)"}…`);
  const tSetup = Date.now();
  bench = await setUp(sandboxes, media, db, dataDir);
  const b = bench;
  const trace: SqlTrace | null = args.sql && b.app.db.pglite ? traceSql(b.app.db.pglite) : null;
  info(`linked 3 accounts and imported ${3 * N} listings in ${((Date.now() - tSetup) / 1000).toFixed(1)} s real`);

  // v1 on every listing: not timed, but reported.
  const v1 = await ingestVersion(b, 0);
  await changeVersionState({ prisma: b.app.db.prisma, queue: b.app.queue }, b.shopId, b.actor, v1.versionId, "approve");
  const tPlace = Date.now();
  await placeAsset({ prisma: b.app.db.prisma, queue: b.app.queue }, b.shopId, b.actor, { assetId: v1.assetId, listingIds: CHANNELS.flatMap((c) => b.listings[c].map((l) => l.id)), slot: "main" });
  await until("v1 live", async () => (await placementsLive(b, v1.assetId, v1.versionId)) === 3 * N, () => placementStates(b, v1.assetId), 250);
  const v1Secs = (Date.now() - tPlace) / 1000;
  info(`v1 placed and live on ${3 * N} listings in ${fmt(v1Secs / SCALE)} s un-scaled (${v1Secs.toFixed(1)} s real)`);

  // v2: renditions built first (as review would give them time to), then the approval is the start.
  const v2 = await ingestVersion(b, 1, v1.assetId);
  // Every bucket full again before the start, as the bound assumes (Shopify's 2,000 points at 100/s take longest: 20 s un-scaled).
  await sleep(Math.max(1000, 20_000 * SCALE));
  const marks = logMarks(sandboxes);
  trace?.reset();
  const tApprove = Date.now();
  await changeVersionState({ prisma: b.app.db.prisma, queue: b.app.queue }, b.shopId, b.actor, v2.versionId, "approve");
  const t0 = Date.now();
  const w = await watch(b, v2, t0, marks);
  const sql = trace?.report();
  const wall = life(Math.max(...CHANNELS.map((c) => w.shown[c]!)));
  const firstWrite = life(Math.min(...CHANNELS.map((c) => w.firstWrite[c] ?? Infinity)));
  const dbLive = life(w.dbLive!);
  const counts = callCounts(sandboxes, marks, w.endMarks);
  const bnd = bound(sandboxes);
  const ratio = wall / bnd.seconds;

  const c = b.app.config;
  console.log(
    `database: ${db ? "PostgreSQL" : "PGlite (embedded)"}; worker: SYNC_CONCURRENCY ${c.sync.concurrency}, SYNC_ACCOUNT_CONCURRENCY ${c.sync.perAccount}; ` +
      `Shopify gets renditions ${c.shopifyMediaByUrl === "never" ? "by staged upload (--staged)" : "by URL (SHOPIFY_MEDIA_BY_URL=always)"}`,
  );
  console.log(
    `sandboxes: ${N} listings per channel, time scale ${SCALE} (delays × ${SCALE}, rate limits ÷ ${SCALE}, CHANNEL_RATE_SCALE=${c.channelRateScale}); ` +
      `processing: Shopify 2 × ${LIFE_DELAYS_MS.shopifyStep} ms, Amazon ${LIFE_DELAYS_MS.amazon} ms, TikTok audit ${LIFE_DELAYS_MS.tiktok} ms; all times un-scaled`,
  );
  console.log(`setup (not timed): v1 placed and live on ${3 * N} listings in ${fmt(v1Secs / SCALE)} s; the approval of v2 took ${fmt(life(t0 - tApprove))} s`);
  console.log(`first channel write after the approval: ${fmt(firstWrite)} s (goal ≤ 2 s) — ${CHANNELS.map((ch) => `${ch} ${fmt(w.firstWrite[ch] === null ? null : life(w.firstWrite[ch]!))} s`).join(", ")}`);
  console.log(`every listing shows v2: ${CHANNELS.map((ch) => `${ch} ${fmt(life(w.shown[ch]!))} s`).join(", ")} → wall ${fmt(wall)} s; our database said all ${3 * N} placements live at ${fmt(dbLive)} s`);
  console.log(`rate-limit bound (published limits, bursts spent first, processing after the last write):`);
  for (const ch of CHANNELS) {
    const parts = bnd.channels[ch].parts.map((p) => `${p.label}: ${Math.round(p.needed)} ${p.unit} at ${+p.limit.rate.toFixed(3)}/s after ${p.limit.burst}${p.tailS ? ` + ${p.tailS} s` : ""} = ${fmt(p.seconds)} s`);
    console.log(`  ${ch} ${fmt(bnd.channels[ch].seconds)} s (${parts.join("; ")})`);
  }
  console.log(`propagation: wall ${fmt(wall)} s vs rate-limit bound ${fmt(bnd.seconds)} s (ratio ${ratio.toFixed(2)}, goal ≤ 1.1); first write ${fmt(firstWrite)} s (goal ≤ 2 s)`);
  console.log(`calls the propagation made (from the sandboxes' request logs, approval → all shown and live):`);
  printCalls(counts);
  if (sql) {
    console.log(`statements the embedded database ran (approval → all shown and live; the bench's own polls included): ${sql.statements} (${(sql.statements / (3 * N)).toFixed(1)} per listing)`);
    for (const t of sql.top) console.log(`  ${String(t.calls).padStart(7)} × ${(t.ms / t.calls).toFixed(2).padStart(7)} ms (with waiting)  ${t.sql}`);
  }
  console.log(
    JSON.stringify({ bench: "propagation", unit: "s", value: +wall.toFixed(2), baselines: { rate_limit_bound_s: +bnd.seconds.toFixed(2) }, ratio: +ratio.toFixed(3), first_write_s: +firstWrite.toFixed(3) }),
  );
} finally {
  await bench?.app.close().catch((e: Error) => info(`closing the services: ${e.message}`));
  await Promise.allSettled([sandboxes.close(), media.close()]);
  await db?.drop().catch((e: Error) => info(`dropping the bench database: ${e.message}`));
  await rm(dataDir, { recursive: true, force: true });
}
