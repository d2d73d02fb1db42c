// pg-boss 12 on PGlite or PostgreSQL (DESIGN §5). `enqueue` takes the Prisma transaction so the job is
// written in the same commit as the change that caused it (transactional outbox).
import { PgBoss, fromPglite, fromPrisma } from "pg-boss";
import type { Database, Tx } from "../db/database";
import { JOB_NAMES, jobKey, type JobName, type JobPayloads } from "./names";

export const BOSS_SCHEMA = "pgboss";

export interface JobQueue {
  readonly boss: PgBoss;
  enqueue<N extends JobName>(tx: Tx, name: N, payload: JobPayloads[N], opts?: SendOptions): Promise<void>;
  /** Many jobs of one name in the caller's transaction, in batched inserts (keys dedupe them like `enqueue`). */
  enqueueMany<N extends JobName>(tx: Tx, name: N, payloads: Array<JobPayloads[N]>, opts?: { groupOf?: (p: JobPayloads[N]) => string | null }): Promise<void>;
  /** Enqueue outside any transaction (webhooks, schedules, follow-ups of a completed job). */
  send<N extends JobName>(name: N, payload: JobPayloads[N], opts?: SendOptions): Promise<void>;
  /** Many jobs of one name in batched inserts (backfills); keys dedupe them like `send`. */
  sendMany<N extends JobName>(name: N, payloads: Array<JobPayloads[N]>, opts?: { groupOf?: (p: JobPayloads[N]) => string | null }): Promise<void>;
  /**
   * Cancels the shop's queued jobs (uninstall: its work stops at once). `shop.purge` is kept, since that is
   * how an uninstalled shop's data is erased. Running jobs see the uninstall when they start and no-op.
   */
  cancelShopJobs(shopId: string): Promise<number>;
  /**
   * Calls `onDue(n)` when n jobs of a quiet queue (QUIET_QUEUES) became due (Infinity after the listener
   * reconnected: notifications may have been missed). Returns the function that stops listening.
   */
  onDue(name: JobName, onDue: (n: number) => void): Promise<() => Promise<void>>;
  stop(): Promise<void>;
}

/**
 * Queues whose inserts do not NOTIFY through pg-boss: pg-boss wakes every worker of a queue on each
 * insert, and the publish queue has dozens of slots — each hand-over from a read-back woke them all to
 * fetch one job (13 fetches per publish measured, the embedded database's one connection busy with
 * them). Their senders ring DOORBELL instead, naming the queue and how many jobs became due, and the
 * worker wakes that many idle slots. A job due later rings when it is due (a timer in the sending
 * process); polling remains the backstop.
 */
export const QUIET_QUEUES: ReadonlySet<JobName> = new Set(["sync.publish"]);
const DOORBELL = "assetline_jobs_due";

export interface SendOptions {
  startAfter?: Date;
  /**
   * The fairness group (a channel account for sync jobs): workers run at most a few jobs of one group at
   * once, so every account's rate-limit bucket stays busy and none starves the others.
   */
  group?: string | null;
}

/** Defaults of the sync jobs' timing (config.jobs: SYNC_JOB_TIMEOUT_SECONDS, SYNC_JOB_HEARTBEAT_SECONDS). */
export const SYNC_JOB_TIMEOUT_S = 300;
export const SYNC_JOB_HEARTBEAT_S = 30;

export interface QueueOptions {
  /** Run pg-boss maintenance and schedules (one per deployment is enough; workers do it). */
  supervise: boolean;
  /**
   * How often a supervising process fails jobs that timed out or lost their heartbeat, so they are
   * retried (pg-boss's supervise and monitor intervals; its default is 60 s).
   */
  superviseIntervalSeconds?: number;
  /**
   * Sync jobs (publish, read-back) wait on channels. `timeoutSeconds` is their hard cap. With
   * `heartbeatSeconds`, the worker running one refreshes its heartbeat every half of that, so a job
   * whose worker died (kill -9, OOM, a lost machine) is retried once the heartbeat is that old rather
   * than after the whole timeout — and a live job that runs long (a stalled channel, a slow media
   * processing wait) keeps beating and is never taken from the worker still running it, as a short
   * timeout would. Null: no heartbeat.
   */
  syncJobs?: { timeoutSeconds: number; heartbeatSeconds: number | null };
}

export async function startJobQueue(db: Database, opts: QueueOptions): Promise<JobQueue> {
  const intervals = opts.superviseIntervalSeconds ? { superviseIntervalSeconds: opts.superviseIntervalSeconds, monitorIntervalSeconds: opts.superviseIntervalSeconds } : {};
  const boss =
    db.kind === "pglite"
      ? new PgBoss({ db: fromPglite(db.pglite!), backend: "pglite", schema: BOSS_SCHEMA, supervise: opts.supervise, schedule: opts.supervise, useListenNotify: true, ...intervals })
      : new PgBoss({ connectionString: db.url!, schema: BOSS_SCHEMA, max: 4, supervise: opts.supervise, schedule: opts.supervise, useListenNotify: true, ...intervals });
  const syncJobs = opts.syncJobs ?? { timeoutSeconds: SYNC_JOB_TIMEOUT_S, heartbeatSeconds: SYNC_JOB_HEARTBEAT_S };
  boss.on("error", (err) => console.error("[jobs] pg-boss error:", err.message));
  await boss.start();
  await ensureQueues(boss);
  // Licences expire by the clock: re-evaluate rights every minute (one schedule per deployment).
  if (opts.supervise) await boss.schedule("rights.scan", "* * * * *", {}, { singletonKey: "rights.scan" });
  const sendOptions = <N extends JobName>(name: N, payload: JobPayloads[N], o?: SendOptions) => ({
    singletonKey: jobKey(name, payload),
    retryLimit: 5,
    retryDelay: 5,
    retryBackoff: true,
    // A publish whose worker died is retried once its heartbeat is that old (else after the timeout),
    // rather than after pg-boss's 15 minutes.
    ...(name === "sync.publish" || name === "sync.readback"
      ? { expireInSeconds: syncJobs.timeoutSeconds, retryDelayMax: 60, ...(syncJobs.heartbeatSeconds ? { heartbeatSeconds: syncJobs.heartbeatSeconds } : {}) }
      : {}),
    ...(o?.startAfter ? { startAfter: o.startAfter } : {}),
    ...(o?.group ? { group: { id: o.group } } : {}),
  });
  // The doorbell of a quiet queue: in the sender's transaction when there is one (it rings on commit).
  const timers = new Set<NodeJS.Timeout>();
  type SqlRunner = { executeSql(sql: string, values?: unknown[]): Promise<unknown> };
  const notify = (db: SqlRunner, name: JobName, n: number) => db.executeSql("SELECT pg_notify($1, $2)::text AS rung", [DOORBELL, `${name}:${n}`]);
  const ring = async (name: JobName, n: number, startAfter?: Date, db: SqlRunner = boss.getDb()) => {
    if (!QUIET_QUEUES.has(name) || n < 1) return;
    const wait = startAfter ? startAfter.getTime() - Date.now() : 0;
    if (wait <= 0) {
      await notify(db, name, n);
      return;
    }
    const t = setTimeout(() => {
      timers.delete(t);
      notify(boss.getDb(), name, n).catch(() => {}); // polling picks the job up
    }, wait);
    t.unref();
    timers.add(t);
  };
  // Rows for boss.insert: the options `send` would use, per job.
  const insertRows = <N extends JobName>(name: N, payloads: Array<JobPayloads[N]>, groupOf?: (p: JobPayloads[N]) => string | null) =>
    payloads.map((p) => {
      const { singletonKey, retryLimit, retryDelay, retryBackoff, group, expireInSeconds, heartbeatSeconds } = sendOptions(name, p, { group: groupOf?.(p) ?? null }) as ReturnType<typeof sendOptions> & {
        group?: { id: string };
        expireInSeconds?: number;
        heartbeatSeconds?: number;
      };
      return {
        data: p,
        singletonKey,
        retryLimit,
        retryDelay,
        retryBackoff,
        ...(group ? { group } : {}),
        ...(expireInSeconds ? { expireInSeconds } : {}),
        ...(heartbeatSeconds ? { heartbeatSeconds } : {}),
      };
    });
  return {
    boss,
    async enqueue(tx, name, payload, o) {
      await boss.send(name, payload, { ...sendOptions(name, payload, o), db: fromPrisma(tx) });
      await ring(name, 1, o?.startAfter, fromPrisma(tx));
    },
    async send(name, payload, o) {
      await boss.send(name, payload, sendOptions(name, payload, o));
      await ring(name, 1, o?.startAfter);
    },
    async enqueueMany(tx, name, payloads, opts) {
      for (let i = 0; i < payloads.length; i += 500) await boss.insert(name, insertRows(name, payloads.slice(i, i + 500), opts?.groupOf), { db: fromPrisma(tx) });
      await ring(name, payloads.length, undefined, fromPrisma(tx));
    },
    async sendMany(name, payloads, opts) {
      for (let i = 0; i < payloads.length; i += 500) await boss.insert(name, insertRows(name, payloads.slice(i, i + 500), opts?.groupOf));
      await ring(name, payloads.length);
    },
    async onDue(name, onDue) {
      const db = boss.getDb();
      if (!db.listen) return async () => {};
      const handle = await db.listen(
        DOORBELL,
        (payload) => {
          const [queue, n] = payload.split(":");
          if (queue === name) onDue(Number(n) || 0);
        },
        () => onDue(Infinity),
      );
      return () => handle.close();
    },
    async cancelShopJobs(shopId) {
      let cancelled = 0;
      for (const name of JOB_NAMES) {
        if (name === "shop.purge" || name === "rights.scan") continue;
        for (;;) {
          const jobs = await boss.findJobs(name, { data: { shopId }, queued: true, limit: 1000 });
          if (!jobs.length) break;
          await boss.cancel(name, jobs.map((j) => j.id));
          cancelled += jobs.length;
          if (jobs.length < 1000) break;
        }
      }
      return cancelled;
    },
    async stop() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await boss.stop({ graceful: true, timeout: 10_000 });
    },
  };
}

// NOTIFY on insert wakes idle workers at once (quiet queues ring the doorbell instead, see QUIET_QUEUES) (in-process on PGlite, over the wire on PostgreSQL);
// polling remains the backstop.
async function ensureQueues(boss: PgBoss): Promise<void> {
  const existing = new Map((await boss.getQueues()).map((q) => [q.name, q]));
  for (const name of JOB_NAMES) {
    const q = existing.get(name);
    const notify = !QUIET_QUEUES.has(name);
    if (!q) await boss.createQueue(name, { policy: "stately", notify });
    else if (q.notify !== notify) await boss.updateQueue(name, { notify });
  }
}
