// `npm run db:migrate`: applies prisma/migrations to the configured database (PGlite under .data/ by
// default, PostgreSQL when DATABASE_URL is set), offline.
import { getConfig } from "../app/.server/config";
import { openDatabase } from "../app/.server/db/database";
import { applyMigrations, MIGRATIONS_DIR, readMigrations } from "../app/.server/db/migrate";

const config = getConfig();
const db = await openDatabase(
  config.database.kind === "postgres" ? config.database : { kind: "pglite", dataDir: config.database.dataDir },
);
try {
  const applied = await db.withConn(async (conn) => applyMigrations(conn, await readMigrations(MIGRATIONS_DIR)));
  console.log(applied.length ? `applied: ${applied.join(", ")}` : "database is up to date");
} finally {
  await db.close();
}
