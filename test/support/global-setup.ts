// Migrates one PGlite database (pg-boss schema included) once per run and saves it, so every test file
// opens a ready copy in milliseconds (DESIGN §9). With TEST_DATABASE_URL, does the same on PostgreSQL
// as a template database that each test file clones.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { openDatabase } from "../../app/.server/db/database";
import { applyMigrations, MIGRATIONS_DIR, readMigrations } from "../../app/.server/db/migrate";
import { startJobQueue } from "../../app/.server/jobs/queue";
import { PG_TEMPLATE, PGLITE_TEMPLATE } from "./paths";

export default async function setup() {
  await mkdir(path.dirname(PGLITE_TEMPLATE), { recursive: true });
  const db = await openDatabase({ kind: "pglite" });
  await db.withConn(async (c) => applyMigrations(c, await readMigrations(MIGRATIONS_DIR)));
  const q = await startJobQueue(db, { supervise: false });
  await q.stop();
  const dump = await db.pglite!.dumpDataDir("gzip");
  await writeFile(PGLITE_TEMPLATE, Buffer.from(await dump.arrayBuffer()));
  await db.close();

  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${PG_TEMPLATE}' AND pid <> pg_backend_pid()`);
    await admin.query(`DROP DATABASE IF EXISTS ${PG_TEMPLATE}`);
    await admin.query(`CREATE DATABASE ${PG_TEMPLATE}`);
    await admin.end();
    const tpl = await openDatabase({ kind: "postgres", url: withDb(url, PG_TEMPLATE) });
    await tpl.withConn(async (c) => applyMigrations(c, await readMigrations(MIGRATIONS_DIR)));
    const q2 = await startJobQueue(tpl, { supervise: false });
    await q2.stop();
    await tpl.close();
  }
}

export function withDb(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}
