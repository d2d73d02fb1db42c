// Applies prisma/migrations/*/migration.sql in order, each in its own transaction, and records them in
// `_prisma_migrations` the way Prisma Migrate does, so the folder stays a standard Prisma history.
// Prisma's native migration engine cannot be downloaded here (DESIGN §3), hence this runner.
import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { SqlConn } from "./sql";

export interface Migration { name: string; sql: string; checksum: string }
export class MigrationError extends Error {
  readonly kind = "migration";
}

export async function readMigrations(dir: string): Promise<Migration[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    }),
  );
}

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;
// Same lock id Prisma Migrate takes, so our runner and Prisma's never interleave on one PostgreSQL.
const LOCK_ID = 72707369;

/** Applies pending migrations; returns the names applied. Safe to run concurrently on PostgreSQL. */
export async function applyMigrations(conn: SqlConn, migrations: Migration[]): Promise<string[]> {
  await conn.exec(`SELECT pg_advisory_lock(${LOCK_ID})`);
  try {
    await conn.exec(CREATE_TABLE);
    const rows = await conn.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
    );
    const done = new Map(rows.map((r) => [r.migration_name, r]));
    const applied: string[] = [];
    for (const m of migrations) {
      const prior = done.get(m.name);
      if (prior?.finished_at) {
        if (prior.checksum !== m.checksum)
          throw new MigrationError(`Migration ${m.name} was edited after it was applied (checksum differs).`);
        continue;
      }
      if (prior) throw new MigrationError(`Migration ${m.name} failed earlier and needs manual attention.`);
      await conn.exec("BEGIN");
      try {
        await conn.exec(m.sql);
        await conn.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count)
           VALUES ($1, $2, now(), $3, 1)`,
          [randomUUID(), m.checksum, m.name],
        );
        await conn.exec("COMMIT");
      } catch (err) {
        await conn.exec("ROLLBACK");
        throw new MigrationError(`Migration ${m.name} failed: ${(err as Error).message}`);
      }
      applied.push(m.name);
    }
    return applied;
  } finally {
    await conn.exec(`SELECT pg_advisory_unlock(${LOCK_ID})`);
  }
}

/** Commands and the app run from the repository root. */
export const MIGRATIONS_DIR = path.resolve("prisma/migrations");
