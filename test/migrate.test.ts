// The migration runner: applies the folder to an empty database (PGlite and PostgreSQL), records it
// in _prisma_migrations as Prisma does, is idempotent, and refuses an edited migration.
import { randomBytes, randomUUID } from "node:crypto";
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

  it("the search facet migrations fill in the keys and counts of a library that already exists", async () => {
    const { db, drop } = await emptyDatabase(kind);
    try {
      const migrations = await readMigrations(MIGRATIONS_DIR);
      const cut = migrations.findIndex((m) => m.name.endsWith("_search_facet_keys"));
      expect(cut).toBeGreaterThan(0);
      const [shop, a, b, v, blob, tag, account, listing, placement] = Array.from({ length: 9 }, () => randomUUID());
      await db.withConn(async (c) => {
        await applyMigrations(c, migrations.slice(0, cut));
        // Rows as the schema before those migrations held them.
        await c.query(`INSERT INTO "Shop" (id, domain, name, "mediaKey") VALUES ($1, 'mig.myshopify.com', 'M', 'k')`, [shop]);
        await c.query(`INSERT INTO "Asset" (id, "shopId", title, kind, markets, "updatedAt") VALUES ($1, $3, 'A', 'image', ARRAY['US'], now()), ($2, $3, 'B', 'video', ARRAY[]::text[], now())`, [a, b, shop]);
        await c.query(`INSERT INTO "Blob" (id, "shopId", sha256, bytes, mime, "storageKey") VALUES ($1, $2, 'x', 1, 'image/jpeg', 'k')`, [blob, shop]);
        await c.query(`INSERT INTO "AssetVersion" (id, "shopId", "assetId", number, "blobId", state, "originalFilename", mime, bytes) VALUES ($1, $2, $3, 1, $4, 'approved', 'a.jpg', 'image/jpeg', 1)`, [v, shop, a, blob]);
        await c.query(`UPDATE "Asset" SET "latestVersionId" = $1 WHERE id = $2`, [v, a]);
        await c.query(`INSERT INTO "Tag" (id, "shopId", name, label) VALUES ($1, $2, 'blue', 'Blue')`, [tag, shop]);
        await c.query(`INSERT INTO "AssetTag" ("shopId", "assetId", "tagId", source, facet, state, confidence) VALUES ($1, $2, $3, 'auto', 'colour', 'accepted', 0.9)`, [shop, a, tag]);
        await c.query(`INSERT INTO "ChannelAccount" (id, "shopId", channel, "externalId", name, "updatedAt") VALUES ($1, $2, 'amazon', 'a', 'A', now())`, [account, shop]);
        await c.query(`INSERT INTO "Listing" (id, "shopId", "accountId", "externalId", title) VALUES ($1, $2, $3, 'l', 'L')`, [listing, shop, account]);
        await c.query(`INSERT INTO "Placement" (id, "shopId", "assetId", "listingId", slot, "presetId", state, "updatedAt") VALUES ($1, $2, $3, $4, 'main', 'amazon.main', 'live', now())`, [placement, shop, a, listing]);
        expect(await applyMigrations(c, migrations)).toEqual(migrations.slice(cut).map((m) => m.name));
      });
      const assets = await db.prisma.asset.findMany({ select: { id: true, facetKeys: true, useCount: true } });
      const keysOf = (id: string) => assets.find((x) => x.id === id)!;
      expect([...keysOf(a).facetKeys].sort()).toEqual(["channel:amazon", "colour:blue", "kind:image", "market:US", "rights:none", "slot:main", "state:approved", "usage:placed"]);
      expect(keysOf(a).useCount).toBe(1);
      expect([...keysOf(b).facetKeys].sort()).toEqual(["kind:video", "market:GLOBAL", "rights:none", "usage:unplaced"]);
      const counts = await db.prisma.facetCount.findMany({ where: { shopId: shop }, select: { marketSet: true, key: true, n: true } });
      const at = (marketSet: string, key: string) => counts.find((x) => x.marketSet === marketSet && x.key === key)?.n ?? 0;
      expect(counts).toHaveLength(14); // 8 + total under "US", 4 + total under ""
      expect([at("US", "total:all"), at("", "total:all"), at("US", "colour:blue"), at("", "kind:video"), at("", "kind:image")]).toEqual([1, 1, 1, 1, 0]);
    } finally {
      await db.close();
      await drop();
    }
  });
});
