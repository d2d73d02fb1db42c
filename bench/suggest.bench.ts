// `npx tsx bench/suggest.bench.ts [--assets N] [--rounds 5] [--postgres [url]]`
//
// Search suggestions at scale (issue #7 §5): generates N synthetic assets of one shop with the search
// bench's corpus (bench/support/search-corpus.ts; default 100,000 on PostgreSQL database
// `assetline_bench_suggest_<N>`, dropped afterwards, or an in-memory PGlite without --postgres) and
// times suggestSearch — the call behind every debounced keystroke — over typed prefixes (English and
// Chinese; filters, tags, titles) for an admin and a US-scoped editor. Prints p50/p95/p99 and a JSON line.
// Baseline in the same run: the same title lookup without the trigram index (a sequential ILIKE scan).
import { parseArgs } from "node:util";
import { z } from "zod";
import { openDatabase, type Database } from "../app/.server/db/database";
import { applyMigrations, MIGRATIONS_DIR, readMigrations } from "../app/.server/db/migrate";
import type { Principal } from "../app/.server/governance/policy";
import { suggestSearch } from "../app/.server/library/suggest/suggest.service";
import { generateCorpus } from "./support/search-corpus";
import { databaseUrl, serverQuery } from "./support/pg-server";

const argv = process.argv.slice(2).flatMap((a, i, xs) => (a === "--postgres" && (i === xs.length - 1 || xs[i + 1]!.startsWith("--")) ? [a, ""] : [a]));
const { values } = parseArgs({ args: argv, options: { assets: { type: "string" }, rounds: { type: "string", default: "5" }, postgres: { type: "string" } }, strict: true });
const args = z.object({ assets: z.coerce.number().int().min(100).max(5_000_000).default(100_000), rounds: z.coerce.number().int().min(1).max(100), postgres: z.string().optional() }).parse(values);
const pgUrl = args.postgres !== undefined ? args.postgres || "postgres://postgres@127.0.0.1:5432/postgres" : null;
const N = args.assets;
const ADMIN: Principal = { role: "admin", markets: [] };
const US_EDITOR: Principal = { role: "editor", markets: ["US"] };
/** What an operator has typed when a suggestion request goes out (debounced keystrokes). */
const TYPED = [
  "sn", "sne", "snea", "sneak", "blu", "blue sn", "whi", "white back", "amaz", "tik", "appr", "in rev", "last w", "上周", "蓝", "春季", "春季新",
  "bot", "bottl", "water b", "tee", "t-sh", "hoo", "spr", "spring 2", "sum", "holid", "#spr", "tag:bla", "cam", "back to", "618", "双十", "促销",
  "zzq", "xqv", "ca", "sunglas", "backp",
];

const adminQuery = (sql: string) => serverQuery(pgUrl!, sql);

async function open(): Promise<{ db: Database; drop(): Promise<void> }> {
  if (!pgUrl) return { db: await openDatabase({ kind: "pglite" }), drop: async () => {} };
  const name = `assetline_bench_suggest_${N}`;
  await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await adminQuery(`CREATE DATABASE ${name}`);
  return { db: await openDatabase({ kind: "postgres", url: databaseUrl(pgUrl, name) }), drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).then(() => {}) };
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};

async function main() {
  const { db, drop } = await open();
  try {
    await db.withConn(async (c) => applyMigrations(c, await readMigrations(MIGRATIONS_DIR)));
    const t0 = performance.now();
    const { shopId } = await db.withConn((c) => generateCorpus(c, N, { batch: pgUrl ? 10_000 : 5000 }));
    await db.prisma.$executeRawUnsafe(`ANALYZE`);
    console.log(`${db.kind}: ${N} assets generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const deps = { prisma: db.prisma };
    for (const q of TYPED.slice(0, 3)) await suggestSearch(deps, shopId, ADMIN, { q }); // warm-up (jieba, plans)

    const times: number[] = [];
    let items = 0;
    for (let r = 0; r < args.rounds; r++)
      for (const q of TYPED)
        for (const who of [ADMIN, US_EDITOR]) {
          const s = performance.now();
          items += (await suggestSearch(deps, shopId, who, { q })).items.length;
          times.push(performance.now() - s);
        }
    const p50 = pct(times, 50), p95 = pct(times, 95), p99 = pct(times, 99);
    console.log(`suggest: ${times.length} calls, ${(items / times.length).toFixed(1)} suggestions a call; p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms`);

    // Baseline: the title lookup as a sequential scan (the trigram index switched off for the statement).
    const base: number[] = [];
    for (const q of ["sneak", "bottl", "春季新", "zzq"]) {
      await db.prisma.$transaction(async (tx) => {
        if (db.kind === "postgres") await tx.$executeRawUnsafe(`SET LOCAL enable_bitmapscan = off`);
        await tx.$executeRawUnsafe(`SET LOCAL enable_indexscan = off`);
        const s = performance.now();
        await tx.$queryRawUnsafe(`SELECT id FROM "Asset" WHERE "shopId" = $1::uuid AND "archivedAt" IS NULL AND title ILIKE $2 LIMIT 200`, shopId, `%${q}%`);
        base.push(performance.now() - s);
      }, { timeout: 60_000 });
    }
    console.log(`baseline (title ILIKE without the trigram index): ${base.map((b) => b.toFixed(1)).join(", ")} ms for sneak, bottl, 春季新, zzq`);
    console.log(JSON.stringify({ metric: "suggest_p95", unit: "ms", value: +p95.toFixed(1), p50: +p50.toFixed(1), p99: +p99.toFixed(1), n_assets: N, db: db.kind }));
  } finally {
    await db.close();
    await drop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
