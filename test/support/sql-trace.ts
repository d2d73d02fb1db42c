// --sql: counts the statements the embedded database runs (Prisma's and pg-boss's alike, inside
// transactions too) and the time each kind takes, so a bench can say what one unit of work costs in
// statements. Wraps the PGlite instance's query, exec and transaction; PostgreSQL is not traced.
import type { PGlite } from "@electric-sql/pglite";

interface Tally {
  calls: number;
  ms: number;
}

export interface SqlTrace {
  /** Forgets what was counted (start of the measured phase). */
  reset(): void;
  /** The statements counted since the last reset, most time first. */
  report(limit?: number): { statements: number; ms: number; top: Array<{ sql: string } & Tally> };
  /** Puts the instance's own query, exec and transaction back. */
  stop(): void;
}

/** The statement's shape: literals and parameter numbers out, whitespace folded, cut to 110 characters. */
const shapeOf = (sql: string) =>
  sql
    .replace(/\s+/g, " ")
    .replace(/'[^']*'/g, "?")
    .replace(/\$\d+/g, "$")
    .replace(/\b\d+\b/g, "N")
    .trim()
    .slice(0, 110);

type Runner = Pick<PGlite, "query" | "exec">;

export function traceSql(db: PGlite): SqlTrace {
  let tallies = new Map<string, Tally>();
  const count = async <T>(sql: string, run: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    try {
      return await run();
    } finally {
      const key = shapeOf(sql);
      const e = tallies.get(key) ?? { calls: 0, ms: 0 };
      e.calls++;
      e.ms += performance.now() - t;
      tallies.set(key, e);
    }
  };
  const wrap = <R extends Runner>(r: R): R => {
    const query = r.query.bind(r);
    const exec = r.exec.bind(r);
    return Object.assign(r, {
      query: ((sql: string, ...rest: unknown[]) => count(sql, () => (query as (...a: unknown[]) => Promise<unknown>)(sql, ...rest))) as R["query"],
      exec: ((sql: string, ...rest: unknown[]) => count(sql, () => (exec as (...a: unknown[]) => Promise<unknown>)(sql, ...rest))) as R["exec"],
    });
  };
  const own = { query: db.query, exec: db.exec, transaction: db.transaction };
  wrap(db);
  const transaction = own.transaction.bind(db);
  db.transaction = ((fn: (tx: Runner) => Promise<unknown>) => count("BEGIN … COMMIT", () => transaction((tx) => fn(wrap(tx))))) as PGlite["transaction"];
  return {
    reset: () => {
      tallies = new Map();
    },
    stop: () => {
      Object.assign(db, own);
    },
    report(limit = 25) {
      const all = [...tallies].map(([sql, t]) => ({ sql, ...t }));
      const inner = all.filter((x) => x.sql !== "BEGIN … COMMIT");
      return {
        statements: inner.reduce((a, x) => a + x.calls, 0),
        ms: inner.reduce((a, x) => a + x.ms, 0),
        top: all.sort((a, b) => b.ms - a.ms).slice(0, limit),
      };
    },
  };
}
