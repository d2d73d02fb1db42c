// PostgreSQL server helpers for benchmarks that make a database of their own (--postgres).
import pg from "pg";

/** Runs one statement on the server of `serverUrl` over a connection of its own (CREATE/DROP DATABASE). */
export async function serverQuery(serverUrl: string, sql: string): Promise<pg.QueryResult> {
  const c = new pg.Client({ connectionString: serverUrl });
  await c.connect();
  try {
    return await c.query(sql);
  } finally {
    await c.end();
  }
}

/** The URL of database `name` on the server of `serverUrl`. */
export function databaseUrl(serverUrl: string, name: string): string {
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return u.toString();
}
