// Opens the database the config names: PGlite (embedded, one connection, under .data/) or PostgreSQL.
// Returns Prisma (through a driver adapter: no native engine) plus the raw handle pg-boss and the
// migration runner need.
import { mkdirSync, readFileSync, writeFileSync, rmSync, existsSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "../../.generated/prisma/client";
import { pgConn, pgliteConn, type SqlConn } from "./sql";

export type Prisma = PrismaClient;
/** A Prisma client or an open interactive transaction: repositories accept either (DESIGN §3). */
/**
 * For a transaction whose work grows with what the merchant chose (placing an asset on 1,000 listings,
 * approving a version used on all of them): Prisma's default 5 s would abort it on a busy machine.
 */
export const BULK_TRANSACTION = { maxWait: 10_000, timeout: 60_000 } as const;

export type Tx = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

export interface Database {
  kind: "pglite" | "postgres";
  prisma: PrismaClient;
  /** PGlite instance (pglite only) — pg-boss talks to it through fromPglite. */
  pglite: PGlite | null;
  /** PostgreSQL connection string (postgres only) — pg-boss opens its own pool. */
  url: string | null;
  /** Runs fn with a raw connection (migrations, checks). */
  withConn<T>(fn: (conn: SqlConn) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export class DatabaseLockedError extends Error {
  readonly kind = "database_locked";
}

export type OpenOptions =
  | { kind: "pglite"; dataDir?: string; loadDataDir?: Blob | File; lock?: boolean }
  | { kind: "postgres"; url: string };

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.kind === "postgres") {
    // jit=off: the app's statements are short, and one with a high estimated cost (search's facet counts)
    // spent ~10 of its 14 s compiling with LLVM on every run (EXPLAIN ANALYZE, 20k assets); PGlite has no JIT.
    const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: opts.url, max: 10, options: "-c jit=off" }) });
    return {
      kind: "postgres",
      prisma,
      pglite: null,
      url: opts.url,
      async withConn(fn) {
        const client = new pg.Client({ connectionString: opts.url });
        await client.connect();
        try {
          return await fn(pgConn(client));
        } finally {
          await client.end();
        }
      },
      async close() {
        await prisma.$disconnect();
      },
    };
  }
  const release = opts.dataDir && opts.lock !== false ? lockDataDir(opts.dataDir) : () => {};
  try {
    if (opts.dataDir) mkdirSync(opts.dataDir, { recursive: true });
    // pg_trgm: search's typo/substring matching (the search_index migration creates the extension).
    const pglite = await PGlite.create({ dataDir: opts.dataDir, loadDataDir: opts.loadDataDir, extensions: { pg_trgm } });
    const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
    return {
      kind: "pglite",
      prisma,
      pglite,
      url: null,
      withConn: (fn) => fn(pgliteConn(pglite)),
      async close() {
        await prisma.$disconnect();
        await pglite.close();
        release();
      },
    };
  } catch (err) {
    release();
    throw err;
  }
}

/**
 * PGlite has one connection and one process: a second process on the same data dir would corrupt it.
 * A pid lock file makes `npm run worker` or `db:migrate` refuse instead (DESIGN §3).
 */
function lockDataDir(dataDir: string): () => void {
  const lockPath = path.join(path.dirname(dataDir), `${path.basename(dataDir)}.lock`);
  mkdirSync(path.dirname(lockPath), { recursive: true });
  if (existsSync(lockPath)) {
    const pid = Number(readFileSync(lockPath, "utf8").trim());
    if (pid && pid !== process.pid && isAlive(pid))
      throw new DatabaseLockedError(
        `The embedded database ${dataDir} is in use by process ${pid}. PGlite allows one process: stop it, ` +
          "or use PostgreSQL (DATABASE_URL) to run more processes.",
      );
  }
  writeFileSync(lockPath, String(process.pid));
  return () => rmSync(lockPath, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}
