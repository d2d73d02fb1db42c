// A fresh, migrated database per test file: a copy of the PGlite template, or a PostgreSQL database
// cloned from the template database when TEST_DATABASE_URL is set.
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import pg from "pg";
import { openDatabase, type Database } from "../../app/.server/db/database";
import { withDb } from "./global-setup";
import { PG_TEMPLATE, PGLITE_TEMPLATE } from "./paths";

export type DbKind = "pglite" | "postgres";

/** The database kinds this run covers: PGlite always, PostgreSQL when TEST_DATABASE_URL is set. */
export const DB_KINDS: DbKind[] = process.env.TEST_DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];

export async function openTestDatabase(kind: DbKind): Promise<Database & { dropAfter(): Promise<void> }> {
  if (kind === "pglite") {
    const bytes = await readFile(PGLITE_TEMPLATE);
    const db = await openDatabase({ kind: "pglite", loadDataDir: new Blob([bytes], { type: "application/x-gzip" }) });
    return Object.assign(db, { dropAfter: async () => {} });
  }
  const url = process.env.TEST_DATABASE_URL!;
  const name = `assetline_test_${randomBytes(5).toString("hex")}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${PG_TEMPLATE}`);
  await admin.end();
  const db = await openDatabase({ kind: "postgres", url: withDb(url, name) });
  return Object.assign(db, {
    async dropAfter() {
      const a = new pg.Client({ connectionString: url });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  });
}
