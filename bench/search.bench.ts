// `npx tsx bench/search.bench.ts [-- --assets 3000] [--postgres <url>]`: library search over N assets of
// one shop (English and Chinese titles, tags with colour/background facets, descriptions, placements),
// on a freshly migrated PGlite (or a scratch PostgreSQL database). Prints the backfill time and the
// median of 5 runs of each query (page of 48 + exact total + every facet); the baseline beside it is the
// existing library listing (title ILIKE, one page, no counts) on the same data.
import { parseArgs } from "node:util";
import pg from "pg";
import { openDatabase, type Database } from "../app/.server/db/database";
import { applyMigrations, MIGRATIONS_DIR, readMigrations } from "../app/.server/db/migrate";
import { listAssets } from "../app/.server/library/assets.repository";
import { backfillSearchIndex } from "../app/.server/library/search-index.service";
import { bucketStarts, searchAssets } from "../app/.server/library/search.service";
import { searchSql } from "../app/.server/library/search.repository";
import { TEST_ADMIN } from "../test/support/services";

const { values } = parseArgs({ options: { assets: { type: "string", default: "3000" }, postgres: { type: "string" }, explain: { type: "string" } } });
const N = Number(values.assets);

async function open(): Promise<{ db: Database; drop(): Promise<void> }> {
  if (!values.postgres) return { db: await openDatabase({ kind: "pglite" }), drop: async () => {} };
  const name = `assetline_bench_search_${Date.now()}`;
  const admin = new pg.Client({ connectionString: values.postgres });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(values.postgres);
  u.pathname = `/${name}`;
  return {
    db: await openDatabase({ kind: "postgres", url: u.toString() }),
    async drop() {
      const a = new pg.Client({ connectionString: values.postgres });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

const { db, drop } = await open();
try {
  await db.withConn(async (c) => applyMigrations(c, await readMigrations(MIGRATIONS_DIR)));
  const prisma = db.prisma;
  const shop = await prisma.shop.create({ data: { domain: "bench.myshopify.com", name: "bench", mediaKey: "benchkey" } });
  const words = ["sneaker", "dress", "bottle", "jacket", "lamp", "chair", "mug", "watch", "backpack", "scarf"];
  const zh = ["春季新品", "运动鞋", "连衣裙", "保温杯", "夹克", "台灯", "主图", "促销", "限时折扣", "新款上市"];
  const colours = ["blue", "red", "green", "black", "white"];
  const markets = [[], ["US"], ["DE"], ["CN"], ["US", "DE"]];
  await prisma.asset.createMany({
    data: Array.from({ length: N }, (_, i) => ({
      shopId: shop.id,
      title: i % 3 === 0 ? `${zh[i % 10]}${zh[(i * 7) % 10]} ${i}` : `${colours[i % 5]} ${words[i % 10]} ${words[(i * 3) % 10]} ${i}`,
      description: `Product shot number ${i} for the ${words[(i * 7) % 10]} range`,
      kind: i % 10 === 9 ? "video" : "image",
      markets: markets[i % 5]!,
      campaign: i % 4 === 0 ? "Spring 2027" : null,
      createdAt: new Date(Date.now() - i * 3_600_000),
    })),
  });
  const tags = await Promise.all(
    [...colours.map((c) => ({ name: c, facet: "colour" })), { name: "pure white", facet: "background" }, { name: "scene", facet: "background" }, ...words.map((w) => ({ name: w, facet: null }))].map(
      async (t) => ({ ...t, id: (await prisma.tag.create({ data: { shopId: shop.id, name: t.name, label: t.name } })).id }),
    ),
  );
  const assets = await prisma.asset.findMany({ where: { shopId: shop.id }, select: { id: true }, orderBy: { createdAt: "desc" } });
  await prisma.assetTag.createMany({
    data: assets.flatMap((a, i) => [
      { shopId: shop.id, assetId: a.id, tagId: tags[i % 5]!.id, source: "auto", facet: "colour", state: i % 7 === 0 ? "rejected" : "accepted" },
      { shopId: shop.id, assetId: a.id, tagId: tags[5 + (i % 2)]!.id, source: "auto", facet: "background", state: "accepted" },
      { shopId: shop.id, assetId: a.id, tagId: tags[7 + (i % 10)]!.id, source: "user", facet: null, state: "accepted" },
    ]),
  });
  await prisma.$executeRawUnsafe("ANALYZE");
  let t0 = performance.now();
  const indexed = await backfillSearchIndex(prisma);
  console.log(`${db.kind}: ${N} assets; backfill indexed ${indexed} in ${Math.round(performance.now() - t0)} ms`);

  await prisma.$executeRawUnsafe("ANALYZE");
  const median = async (fn: () => Promise<unknown>) => {
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      t0 = performance.now();
      await fn();
      times.push(performance.now() - t0);
    }
    return times.sort((a, b) => a - b)[2]!;
  };
  const base = await median(() => listAssets(prisma, shop.id, null, { q: "sneaker" }, null, 48));
  console.log(`baseline: library list, title ILIKE 'sneaker', one page, no counts: ${base.toFixed(1)} ms`);
  for (const [label, q, who] of [
    ["empty query (all facets over every asset)", "", TEST_ADMIN],
    ["sneaker", "sneaker", TEST_ADMIN],
    ["typo sneakr", "sneakr", TEST_ADMIN],
    ["blue sneaker white background", "blue sneaker white background", TEST_ADMIN],
    ["春季新品", "春季新品", TEST_ADMIN],
    ["sneaker, US-scoped member", "sneaker", { role: "editor" as const, markets: ["US"] }],
  ] as const) {
    let total = 0;
    const ms = await median(async () => {
      total = (await searchAssets({ prisma }, shop.id, who, { q, limit: 48 })).total;
    });
    console.log(`search ${label.padEnd(44)} ${ms.toFixed(1).padStart(7)} ms  (${total} hits)`);
  }
  if (values.explain !== undefined) {
    const terms = values.explain ? values.explain.split(" ") : [];
    const sql = searchSql(shop.id, { scope: null, terms, phrases: [], text: values.explain, filters: {}, sort: terms.length ? "relevance" : "newest", after: null, limit: 48, buckets: bucketStarts(new Date()), tagLimit: 20 });
    const plan = await prisma.$queryRawUnsafe<Array<Record<string, string>>>(`EXPLAIN ANALYZE ${sql.text}`, ...sql.values);
    for (const r of plan) console.log(Object.values(r)[0]);
  }
} finally {
  await db.close();
  await drop();
}
