// Autovacuum for the embedded database. PGlite runs PostgreSQL without its background processes, so
// nothing ever vacuums or analyses: every row the app rewrites (the search triggers recompute Asset rows,
// the sync engine updates placements and listings, pg-boss churns its job table) leaves a dead tuple,
// tables bloat and every scan reads more pages — a 100k-asset library searched 40% slower after one
// bulk change until it was vacuumed (bench:search). This does autovacuum's job with its default
// thresholds, checked every DB_MAINTENANCE_INTERVAL_SECONDS (default 60, autovacuum's own naptime; a check
// with nothing to do is one statistics query). On PostgreSQL the server's own autovacuum does it: a no-op.
import type { Database } from "./database";

/** autovacuum_vacuum_threshold / _scale_factor and autovacuum_analyze_threshold / _scale_factor defaults. */
export const VACUUM_BASE = 50;
export const VACUUM_SCALE = 0.2;
export const ANALYZE_BASE = 50;
export const ANALYZE_SCALE = 0.1;

export interface MaintenanceOutcome {
  /** Tables vacuumed (and analysed), "schema.table". */
  vacuumed: string[];
  /** Tables only analysed. */
  analysed: string[];
}

const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;

export async function maintainEmbeddedDatabase(db: Pick<Database, "kind" | "withConn">): Promise<MaintenanceOutcome> {
  const out: MaintenanceOutcome = { vacuumed: [], analysed: [] };
  if (db.kind !== "pglite") return out;
  return db.withConn(async (conn) => {
    // The statistics are flushed lazily; without this the counts lag behind by up to the session's life.
    await conn.query("SELECT pg_stat_force_next_flush()::text");
    const due = await conn.query<{ schema: string; name: string; vacuum: boolean }>(
      `SELECT schemaname AS schema, relname AS name, n_dead_tup > $1::float8 + $2::float8 * n_live_tup AS vacuum
         FROM pg_stat_user_tables
        WHERE n_dead_tup > $1::float8 + $2::float8 * n_live_tup OR n_mod_since_analyze > $3::float8 + $4::float8 * n_live_tup
        ORDER BY n_dead_tup DESC`,
      [VACUUM_BASE, VACUUM_SCALE, ANALYZE_BASE, ANALYZE_SCALE],
    );
    for (const t of due) {
      // One table per statement: the connection is shared with requests, which wait only that long.
      await conn.exec(`${t.vacuum ? "VACUUM (ANALYZE)" : "ANALYZE"} ${ident(t.schema)}.${ident(t.name)}`);
      (t.vacuum ? out.vacuumed : out.analysed).push(`${t.schema}.${t.name}`);
    }
    return out;
  });
}

/** Checks every `intervalMs` in the background (the embedded database only); returns the stop. */
export function startEmbeddedMaintenance(db: Pick<Database, "kind" | "withConn">, intervalMs: number): () => Promise<void> {
  if (db.kind !== "pglite" || intervalMs <= 0) return async () => {};
  let running: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    if (running) return; // a long vacuum is still going
    running = maintainEmbeddedDatabase(db)
      .catch((e: Error) => console.warn("[db] vacuum failed:", e.message))
      .finally(() => (running = null));
  }, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
