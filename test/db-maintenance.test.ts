// The embedded database's autovacuum (db/maintenance.ts): PGlite has no background autovacuum, so the
// minute tick vacuums tables past autovacuum's default thresholds; on PostgreSQL it leaves the server's
// own autovacuum to it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { maintainEmbeddedDatabase, startEmbeddedMaintenance } from "../app/.server/db/maintenance";
import { DB_KINDS } from "./support/db";
import { createTestServices, type TestContext } from "./support/services";

describe.each(DB_KINDS)("database maintenance on %s", (kind) => {
  let t: TestContext;
  const q = <T extends Record<string, unknown>>(sql: string) => t.services.db.withConn((c) => c.query<T>(sql));
  const stats = async () => {
    await q("SELECT pg_stat_force_next_flush()::text");
    const [row] = await q<{ dead: number; vacuumed: boolean }>(
      `SELECT n_dead_tup::int AS dead, (last_vacuum IS NOT NULL) AS vacuumed FROM pg_stat_user_tables WHERE relname = 'maintenance_probe'`,
    );
    return row!;
  };

  beforeAll(async () => {
    t = await createTestServices(kind);
    await t.services.db.withConn((c) => c.exec(`CREATE TABLE maintenance_probe (id int PRIMARY KEY, v int); INSERT INTO maintenance_probe SELECT g, 0 FROM generate_series(1, 1000) g`));
  }, 60_000);
  afterAll(async () => {
    await t?.services.db.withConn((c) => c.exec("DROP TABLE IF EXISTS maintenance_probe"));
    await t?.close();
  });

  it(kind === "pglite" ? "vacuums a table with more dead rows than autovacuum allows, and only then" : "leaves it to PostgreSQL's autovacuum", async () => {
    await t.services.db.withConn((c) => c.exec("UPDATE maintenance_probe SET v = 1 WHERE id <= 100"));
    // 100 dead rows of 1,000: under 50 + 20%.
    let r = await maintainEmbeddedDatabase(t.services.db);
    expect(r.vacuumed).not.toContain("public.maintenance_probe");
    await t.services.db.withConn((c) => c.exec("UPDATE maintenance_probe SET v = 2; UPDATE maintenance_probe SET v = 3"));
    expect((await stats()).dead).toBeGreaterThanOrEqual(2000);
    r = await maintainEmbeddedDatabase(t.services.db);
    if (kind === "pglite") {
      expect(r.vacuumed).toContain("public.maintenance_probe");
      expect(await stats()).toEqual({ dead: 0, vacuumed: true });
      // Nothing left to do for it.
      expect((await maintainEmbeddedDatabase(t.services.db)).vacuumed).not.toContain("public.maintenance_probe");
    } else {
      expect(r).toEqual({ vacuumed: [], analysed: [] });
      expect((await stats()).vacuumed).toBe(false);
    }
  });

  it(kind === "pglite" ? "the background check vacuums on its own, and stops" : "no background check on PostgreSQL", async () => {
    const stop = startEmbeddedMaintenance(t.services.db, 50);
    try {
      await t.services.db.withConn((c) => c.exec("UPDATE maintenance_probe SET v = 4; UPDATE maintenance_probe SET v = 5"));
      if (kind === "pglite") await expect.poll(async () => (await stats()).dead, { timeout: 10_000, interval: 50 }).toBe(0);
      else {
        await new Promise((r) => setTimeout(r, 300));
        expect((await stats()).vacuumed).toBe(false);
      }
    } finally {
      await stop();
    }
  });
});
