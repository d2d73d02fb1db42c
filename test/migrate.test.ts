// The migration runner: applies the folder to an empty database (PGlite and PostgreSQL), records it
// in _prisma_migrations as Prisma does, is idempotent, and refuses an edited migration.
import { randomBytes, randomUUID } from "node:crypto";
import { encodeColour } from "../app/.server/library/similar/colour-code";
import { describe, expect, it } from "vitest";
import pg from "pg";
import { openDatabase } from "../app/.server/db/database";
import { applyMigrations, MIGRATIONS_DIR, readMigrations } from "../app/.server/db/migrate";
import { withDb } from "./support/global-setup";
import { DB_KINDS } from "./support/db";

async function emptyDatabase(kind: string) {
  if (kind === "pglite") return { db: await openDatabase({ kind: "pglite" }), drop: async () => {} };
  const url = process.env.TEST_DATABASE_URL!;
  const name = `assetline_mig_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const db = await openDatabase({ kind: "postgres", url: withDb(url, name) });
  return {
    db,
    drop: async () => {
      const a = new pg.Client({ connectionString: url });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

describe.each(DB_KINDS)("migrations on %s", (kind) => {
  it("apply once, record, and refuse edits", async () => {
    const { db, drop } = await emptyDatabase(kind);
    try {
      const migrations = await readMigrations(MIGRATIONS_DIR);
      expect(migrations.length).toBeGreaterThan(0);
      const applied = await db.withConn((c) => applyMigrations(c, migrations));
      expect(applied).toEqual(migrations.map((m) => m.name));
      expect(await db.withConn((c) => applyMigrations(c, migrations))).toEqual([]);
      const rows = await db.withConn((c) => c.query<{ migration_name: string; checksum: string }>(`SELECT migration_name, checksum FROM "_prisma_migrations"`));
      expect(rows.map((r) => r.checksum)).toEqual(migrations.map((m) => m.checksum));
      expect(await db.prisma.asset.count()).toBe(0); // the schema Prisma expects is there
      const edited = migrations.map((m, i) => (i === 0 ? { ...m, checksum: "0".repeat(64) } : m));
      await expect(db.withConn((c) => applyMigrations(c, edited))).rejects.toThrow(/edited after it was applied/);
    } finally {
      await db.close();
      await drop();
    }
  });

  it("the search, find-similar and duplicate-pair migrations fill in what a library that already exists needs", async () => {
    const { db, drop } = await emptyDatabase(kind);
    try {
      const migrations = await readMigrations(MIGRATIONS_DIR);
      const cut = migrations.findIndex((m) => m.name.endsWith("_search_facet_keys"));
      expect(cut).toBeGreaterThan(0);
      const [shop, a, b, v, blob, tag, account, listing, placement, v2, v3, blob3] = Array.from({ length: 12 }, () => randomUUID());
      const hist = Array.from({ length: 64 }, (_, i) => (i === 3 ? 0.75 : i === 60 ? 0.25 : 0));
      await db.withConn(async (c) => {
        await applyMigrations(c, migrations.slice(0, cut));
        // Rows as the schema before those migrations held them.
        await c.query(`INSERT INTO "Shop" (id, domain, name, "mediaKey") VALUES ($1, 'mig.myshopify.com', 'M', 'k')`, [shop]);
        await c.query(`INSERT INTO "Asset" (id, "shopId", title, kind, markets, "updatedAt") VALUES ($1, $3, 'A', 'image', ARRAY['US'], now()), ($2, $3, 'B', 'video', ARRAY[]::text[], now())`, [a, b, shop]);
        await c.query(`INSERT INTO "Blob" (id, "shopId", sha256, bytes, mime, "storageKey") VALUES ($1, $2, 'x', 1, 'image/jpeg', 'k')`, [blob, shop]);
        await c.query(`INSERT INTO "AssetVersion" (id, "shopId", "assetId", number, "blobId", state, "originalFilename", mime, bytes) VALUES ($1, $2, $3, 1, $4, 'approved', 'a.jpg', 'image/jpeg', 1)`, [v, shop, a, blob]);
        await c.query(`UPDATE "Asset" SET "latestVersionId" = $1 WHERE id = $2`, [v, a]);
        // Find similar and duplicates: v's pHash and colour histogram; v2 the same bytes, v3 another file 1 bit from v.
        await c.query(`UPDATE "AssetVersion" SET phash = '00ff00ff00ff00ff', "phashB0" = 255, "phashB1" = 255, "phashB2" = 255, "phashB3" = 255 WHERE id = $1`, [v]);
        await c.query(`INSERT INTO "VersionAnalysis" (id, "shopId", "versionId", analyser, "analyserVersion", status, result, "updatedAt") VALUES ($1, $2, $3, 'colour', 1, 'ok', $4::jsonb, now())`, [randomUUID(), shop, v, JSON.stringify({ tags: [], features: { colour: hist } })]);
        await c.query(`INSERT INTO "Blob" (id, "shopId", sha256, bytes, mime, "storageKey") VALUES ($1, $2, 'y', 1, 'image/jpeg', 'k2')`, [blob3, shop]);
        await c.query(
          `INSERT INTO "AssetVersion" (id, "shopId", "assetId", number, "blobId", state, "originalFilename", mime, bytes, phash, "phashB0", "phashB1", "phashB2", "phashB3")
           VALUES ($1, $3, $4, 2, $5, 'draft', 'a2.jpg', 'image/jpeg', 1, NULL, NULL, NULL, NULL, NULL), ($2, $3, $4, 3, $6, 'draft', 'a3.jpg', 'image/jpeg', 1, '00ff00ff00ff00fe', 255, 255, 255, 254)`,
          [v2, v3, shop, a, blob, blob3],
        );
        await c.query(`INSERT INTO "Tag" (id, "shopId", name, label) VALUES ($1, $2, 'blue', 'Blue')`, [tag, shop]);
        await c.query(`INSERT INTO "AssetTag" ("shopId", "assetId", "tagId", source, facet, state, confidence) VALUES ($1, $2, $3, 'auto', 'colour', 'accepted', 0.9)`, [shop, a, tag]);
        await c.query(`INSERT INTO "ChannelAccount" (id, "shopId", channel, "externalId", name, "updatedAt") VALUES ($1, $2, 'amazon', 'a', 'A', now())`, [account, shop]);
        await c.query(`INSERT INTO "Listing" (id, "shopId", "accountId", "externalId", title) VALUES ($1, $2, $3, 'l', 'L')`, [listing, shop, account]);
        await c.query(`INSERT INTO "Placement" (id, "shopId", "assetId", "listingId", slot, "presetId", state, "updatedAt") VALUES ($1, $2, $3, $4, 'main', 'amazon.main', 'live', now())`, [placement, shop, a, listing]);
        await c.query(`UPDATE "Asset" SET campaign = 'Spring' WHERE id = $1`, [b]);
        // An index written before the search_words migration: segmented words only.
        await c.query(`UPDATE "Asset" SET "searchText" = 'B 2026春季新品蓝色 poster', "searchVector" = setweight(to_tsvector('simple', 'B'), 'A') || setweight(to_tsvector('simple', '春季 新品 蓝色 poster'), 'B') WHERE id = $1`, [b]);
        expect(await applyMigrations(c, migrations)).toEqual(migrations.slice(cut).map((m) => m.name));
      });
      const assets = await db.prisma.asset.findMany({ select: { id: true, facetKeys: true, useCount: true } });
      const keysOf = (id: string) => assets.find((x) => x.id === id)!;
      expect([...keysOf(a).facetKeys].sort()).toEqual(["channel:amazon", "colour:blue", "kind:image", "market:US", "rights:none", "slot:main", "state:approved", "usage:placed"]);
      expect(keysOf(a).useCount).toBe(1);
      expect([...keysOf(b).facetKeys].sort()).toEqual(["campaign:Spring", "kind:video", "market:GLOBAL", "rights:none", "usage:unplaced"]);
      const counts = await db.prisma.facetCount.findMany({ where: { shopId: shop }, select: { marketSet: true, key: true, n: true } });
      const at = (marketSet: string, key: string) => counts.find((x) => x.marketSet === marketSet && x.key === key)?.n ?? 0;
      expect(counts).toHaveLength(15); // 8 + total under "US", 5 + total under ""
      expect([at("US", "total:all"), at("", "total:all"), at("US", "colour:blue"), at("", "kind:video"), at("", "kind:image")]).toEqual([1, 1, 1, 1, 0]);
      // The search_facet_pairs backfill: every two keys of an asset (the first of a facet filtered by one key).
      const pairCounts = await db.prisma.facetPairCount.findMany({ where: { shopId: shop } });
      expect(pairCounts).toHaveLength(8 * 7 + 5 * 4); // campaign pairs since facet_pairs_campaign
      expect(pairCounts.find((p) => p.key === "campaign:Spring" && p.other === "usage:unplaced")).toMatchObject({ marketSet: "", n: 1 });
      expect(pairCounts.find((p) => p.key === "state:approved" && p.other === "market:US")).toMatchObject({ marketSet: "US", n: 1 });
      expect(pairCounts.find((p) => p.key === "usage:unplaced" && p.other === "kind:video")).toMatchObject({ marketSet: "", n: 1 });
      // The similar_on_asset and duplicate_pairs backfills.
      const asset = await db.prisma.asset.findUniqueOrThrow({ where: { id: a } });
      expect(asset.latestPhash).toBe("00ff00ff00ff00ff");
      expect(Buffer.from(asset.latestColour!).toString("hex")).toBe(encodeColour(hist)!.toString("hex"));
      const pairs = (await db.prisma.versionPair.findMany({ where: { shopId: shop } })).map((p) => [[p.versionAId, p.versionBId].sort().join(), p.distance, p.sameBytes]);
      expect(pairs.sort()).toEqual([[[v, v2].sort().join(), null, true], [[v, v3].sort().join(), 1, false]].sort());
      // The search_words backfill: the Chinese text's characters and bigrams join searchVector; the other words are in SearchWord.
      const words = (await db.prisma.searchWord.findMany({ where: { shopId: shop }, select: { word: true } })).map((w) => w.word).sort();
      expect(words).toEqual(["b", "poster"]); // Chinese is found by its characters instead
      const [vector] = await db.prisma.$queryRawUnsafe<Array<{ v: string }>>(`SELECT "searchVector"::text AS v FROM "Asset" WHERE id = $1::uuid`, b);
      for (const g of ["'季新'", "'品蓝'", "'季'", "'春季':", "'poster':"]) expect(vector!.v).toContain(g);
    } finally {
      await db.close();
      await drop();
    }
  });
});
