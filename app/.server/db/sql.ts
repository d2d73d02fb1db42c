// A minimal raw-SQL connection, implemented for PGlite and node-postgres. Used by the migration runner
// and start-up checks, which must work before Prisma (and on either database).
import type { PGlite } from "@electric-sql/pglite";
import type pg from "pg";

export interface SqlConn {
  query<T extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs a script of one or more statements without parameters. */
  exec(sql: string): Promise<void>;
}

export function pgliteConn(db: PGlite): SqlConn {
  return {
    async query<T extends Record<string, unknown>>(sql: string, params?: unknown[]) {
      return (await db.query<T>(sql, params)).rows;
    },
    async exec(sql) {
      await db.exec(sql);
    },
  };
}

export function pgConn(client: pg.Client | pg.PoolClient): SqlConn {
  return {
    async query<T extends Record<string, unknown>>(sql: string, params?: unknown[]) {
      return (await client.query(sql, params as unknown[])).rows as T[];
    },
    async exec(sql) {
      await client.query(sql);
    },
  };
}
