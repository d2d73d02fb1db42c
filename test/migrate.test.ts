// The migration runner: applies the folder to an empty database (PGlite and PostgreSQL), records it
// in _prisma_migrations as Prisma does, is idempotent, and refuses an edited migration.
import { randomBytes } from "node:crypto";
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
});
