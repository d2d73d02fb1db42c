// Duplicates page at scale (issue #7): N image assets with random pHashes (their latest versions) plus D
// planted near-duplicate pairs (a copy of an asset with 1–4 pHash bits flipped), then the time of
// listDuplicateGroups (the stored VersionPair rows of visible latest versions, grouping, one page) and how
// many planted pairs it found; baseline in the same run: the band self-join of the whole library it
// replaced (candidate pairs only). No colour histograms are stored, so the pairs are judged on pHash alone (the colour check only
// ever removes pairs). PGlite in memory by default; --postgres uses TEST_DATABASE_URL's server.
//   npx tsx bench/duplicates.bench.ts [--n 100000] [--dups 500] [--rounds 3] [--postgres]   (DUPS_EXPLAIN=1 prints the plan)
import { parseArgs } from "node:util";
import { openDatabase, type Database } from "../app/.server/db/database";
import { applyMigrations, MIGRATIONS_DIR, readMigrations } from "../app/.server/db/migrate";
import { listDuplicateGroups } from "../app/.server/library/duplicates/duplicates.service";
import { mulberry32 } from "../scripts/generate/demo-images";
import { databaseUrl, serverQuery } from "./support/pg-server";

const { values: args } = parseArgs({ options: { n: { type: "string", default: "100000" }, dups: { type: "string", default: "500" }, rounds: { type: "string", default: "3" }, postgres: { type: "boolean", default: false } } });
const N = Number(args.n);
const D = Number(args.dups);
const ROUNDS = Number(args.rounds);
const rnd = mulberry32(7);
const hex16 = () => Array.from({ length: 16 }, () => Math.floor(rnd() * 16).toString(16)).join("");
const flip = (h: string, bits: number[]) => {
  let v = BigInt(`0x${h}`);
  for (const b of bits) v ^= 1n << BigInt(b);
  return v.toString(16).padStart(16, "0");
};
const bands = (h: string) => [0, 1, 2, 3].map((i) => parseInt(h.slice(i * 4, i * 4 + 4), 16));

async function open(): Promise<{ db: Database; drop(): Promise<void> }> {
  if (!args.postgres) return { db: await openDatabase({ kind: "pglite" }), drop: async () => {} };
  const base = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!base) throw new Error("--postgres needs TEST_DATABASE_URL");
  const name = `assetline_bench_dups_${process.pid}`;
  await serverQuery(base, `CREATE DATABASE ${name}`);
  return { db: await openDatabase({ kind: "postgres", url: databaseUrl(base, name) }), drop: () => serverQuery(base, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).then(() => {}) };
}

/** The pre-VersionPair candidate query (the baseline): every visible latest version joined with itself per band and by blob. */
const SELF_JOIN_SQL = `
  WITH v AS MATERIALIZED (
    SELECT a."id", av."blobId" AS "blob", ('x' || av."phash")::bit(64) AS "h", av."phashB0" AS "b0", av."phashB1" AS "b1", av."phashB2" AS "b2", av."phashB3" AS "b3"
    FROM "Asset" a JOIN "AssetVersion" av ON av."id" = a."latestVersionId" AND av."shopId" = $1::uuid
    WHERE a."shopId" = $1::uuid AND a."archivedAt" IS NULL AND a."kind" = 'image')
  SELECT "a", "b", MIN("distance")::int AS "distance", bool_or("sameBytes") AS "sameBytes" FROM (
    ${[0, 1, 2, 3].map((b) => `SELECT x."id" AS "a", y."id" AS "b", bit_count(x."h" # y."h")::int AS "distance", (x."blob" = y."blob") AS "sameBytes" FROM v x JOIN v y ON y."b${b}" = x."b${b}" AND y."id" > x."id" WHERE bit_count(x."h" # y."h") <= 8`).join(" UNION ALL ")}
    UNION ALL SELECT x."id", y."id", bit_count(x."h" # y."h")::int, TRUE FROM v x JOIN v y ON y."blob" = x."blob" AND y."id" > x."id"
  ) p GROUP BY "a", "b"`;

const { db, drop } = await open();
try {
  await db.withConn(async (c) => applyMigrations(c, await readMigrations(MIGRATIONS_DIR)));
  const prisma = db.prisma;
  const shop = await prisma.shop.create({ data: { domain: "bench-dups.myshopify.com", name: "bench", mediaKey: "benchdups" } });
  const hashes: string[] = [];
  for (let i = 0; i < N; i++) hashes.push(hex16());
  const planted: Array<[number, number]> = [];
  for (let k = 0; k < D; k++) {
    const i = Math.floor(rnd() * N);
    const nBits = 1 + (k % 4);
    const bits = new Set<number>();
    while (bits.size < nBits) bits.add(Math.floor(rnd() * 64));
    hashes.push(flip(hashes[i]!, [...bits]));
    planted.push([i, hashes.length - 1]);
  }
  const t0 = performance.now();
  const CH = 5000;
  for (let s = 0; s < hashes.length; s += CH) {
    const idx = hashes.slice(s, s + CH).map((_, j) => s + j);
    const ph = idx.map((i) => hashes[i]!);
    const b = ph.map(bands);
    await prisma.$executeRawUnsafe(
      `WITH r AS (SELECT * FROM unnest($2::int[], $3::text[], $4::int[], $5::int[], $6::int[], $7::int[]) AS t(i, ph, b0, b1, b2, b3)),
       bl AS (INSERT INTO "Blob"("id","shopId","sha256","bytes","mime","storageKey") SELECT md5('b'||i)::uuid, $1::uuid, md5('b'||i)||md5('c'||i), 1, 'image/jpeg', 'k'||i FROM r RETURNING 1),
       a AS (INSERT INTO "Asset"("id","shopId","title","kind","versionCount","updatedAt") SELECT md5('a'||i)::uuid, $1::uuid, 'Asset '||i, 'image', 1, now() FROM r RETURNING 1)
       SELECT (SELECT count(*) FROM bl) + (SELECT count(*) FROM a)`,
      shop.id, idx, ph, b.map((x) => x[0]), b.map((x) => x[1]), b.map((x) => x[2]), b.map((x) => x[3]),
    );
    await prisma.$executeRawUnsafe(
      `WITH r AS (SELECT * FROM unnest($2::int[], $3::text[], $4::int[], $5::int[], $6::int[], $7::int[]) AS t(i, ph, b0, b1, b2, b3))
       INSERT INTO "AssetVersion"("id","shopId","assetId","number","blobId","state","processing","originalFilename","mime","bytes","phash","phashB0","phashB1","phashB2","phashB3")
       SELECT md5('v'||i)::uuid, $1::uuid, md5('a'||i)::uuid, 1, md5('b'||i)::uuid, 'approved', 'ready', 'f'||i||'.jpg', 'image/jpeg', 1, ph, b0, b1, b2, b3 FROM r`,
      shop.id, idx, ph, b.map((x) => x[0]), b.map((x) => x[1]), b.map((x) => x[2]), b.map((x) => x[3]),
    );
    await prisma.$executeRawUnsafe(`UPDATE "Asset" SET "latestVersionId" = md5('v'||i)::uuid FROM unnest($2::int[]) AS t(i) WHERE "id" = md5('a'||i)::uuid AND "shopId" = $1::uuid`, shop.id, idx);
  }
  await prisma.$executeRawUnsafe(`ANALYZE`);
  const seedMs = performance.now() - t0;
  console.log(`seeded ${hashes.length} assets (${D} planted copies) in ${(seedMs / 1000).toFixed(1)} s on ${args.postgres ? "PostgreSQL" : "PGlite"} (the VersionPair triggers find each version's pairs as it is inserted)`);

  const admin = { role: "admin" as const, markets: [] };
  if (process.env.DUPS_EXPLAIN) {
    const { candidatePairsSql } = await import("../app/.server/library/duplicates/duplicates.repository");
    const q = candidatePairsSql(shop.id, null, 8, 200_001);
    const plan = await prisma.$queryRawUnsafe<Array<Record<string, string>>>(`EXPLAIN (ANALYZE, BUFFERS) ${q.text}`, ...q.values);
    console.log(plan.map((r) => Object.values(r)[0]).join("\n"));
  }
  const times: number[] = [];
  let found = 0;
  let groups = 0;
  for (let r = 0; r < ROUNDS; r++) {
    const s = performance.now();
    const res = await listDuplicateGroups({ prisma }, shop.id, admin, { limit: 50 });
    times.push(performance.now() - s);
    groups = res.totalGroups;
    if (r === 0) {
      // Every planted pair within 3 bits must be found (pigeonhole); count all found through all pages.
      const member = new Map<string, string>();
      let cursor: string | null = null;
      do {
        const page = await listDuplicateGroups({ prisma }, shop.id, admin, { limit: 50, cursor });
        for (const g of page.groups) for (const m of g.members) member.set(m.asset.title, g.key);
        cursor = page.nextCursor;
      } while (cursor);
      found = planted.filter(([a, b]) => member.get(`Asset ${a}`) !== undefined && member.get(`Asset ${a}`) === member.get(`Asset ${b}`)).length;
      const within3 = planted.filter((_, k) => (k % 4) + 1 <= 3);
      const found3 = within3.filter(([a, b]) => member.get(`Asset ${a}`) !== undefined && member.get(`Asset ${a}`) === member.get(`Asset ${b}`)).length;
      console.log(`planted pairs found: ${found}/${planted.length} (within 3 bits: ${found3}/${within3.length})`);
    }
  }
  // Baseline, same data, same run: the candidate pairs the way the page found them before VersionPair —
  // the visible latest versions joined with themselves through each band (hash joins) and the blob.
  const baseline: number[] = [];
  let baselinePairs = 0;
  for (let r = 0; r < ROUNDS; r++) {
    const s = performance.now();
    const rows = await prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`SET LOCAL work_mem = '64MB'`);
      return tx.$queryRawUnsafe<unknown[]>(SELF_JOIN_SQL, shop.id);
    }, { maxWait: 60_000, timeout: 600_000 });
    baseline.push(performance.now() - s);
    baselinePairs = rows.length;
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const storedPairs = await prisma.versionPair.count({ where: { shopId: shop.id } });
  console.log(`listDuplicateGroups over ${hashes.length} assets: median ${median(times).toFixed(0)} ms (${times.map((t) => t.toFixed(0)).join(", ")}), ${groups} groups, ${storedPairs} stored pairs`);
  console.log(`baseline: the candidate pairs alone by a band self-join of the library (no grouping): median ${median(baseline).toFixed(0)} ms (${baseline.map((t) => t.toFixed(0)).join(", ")}), ${baselinePairs} pairs`);
  console.log(JSON.stringify({ bench: "duplicates", unit: "ms", value: Math.round(median(times)), baselines: { band_self_join_ms: Math.round(median(baseline)) }, n_assets: hashes.length, planted: planted.length, found, groups, seed_s: +(seedMs / 1000).toFixed(1), db: args.postgres ? "postgres" : "pglite" }));
} finally {
  await db.close?.();
  await drop();
}
