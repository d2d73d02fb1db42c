// Runs job handlers. Every registered name must be one of the closed set (checked at start-up), and
// each name has exactly one handler (the map's shape guarantees it).
import type { Job } from "pg-boss";
import { JOB_NAMES, type JobName, type JobPayloads } from "./names";
import { QUIET_QUEUES, type JobQueue } from "./queue";
import { withRequestId } from "../request-context";

export interface JobContext {
  /** True on the attempt after which pg-boss gives up: record a visible failure instead of throwing. */
  lastAttempt: boolean;
  signal: AbortSignal;
}
export type JobHandler<N extends JobName> = (payload: JobPayloads[N], ctx: JobContext) => Promise<void>;
export type JobHandlers = { [N in JobName]?: JobHandler<N> };

const BACKGROUND: ReadonlySet<JobName> = new Set(["rendition.build", "analyse.run"]);
/** Jobs that wait on channels: many at once, at most `perGroup` of one channel account (the job's group). */
const GROUPED: ReadonlySet<JobName> = new Set(["sync.publish"]);

export interface Worker {
  stop(): Promise<void>;
}

export async function startWorker(
  queue: JobQueue,
  handlers: JobHandlers,
  opts: { concurrency: number; pollingIntervalSeconds?: number; sync?: { concurrency: number; perAccount: number } },
): Promise<Worker> {
  const names = Object.keys(handlers) as JobName[];
  const unknown = names.filter((n) => !(JOB_NAMES as readonly string[]).includes(n));
  if (unknown.length) throw new Error(`No such job name(s): ${unknown.join(", ")}`);
  // One pg-boss worker per slot, so each can be told "fetch again at once" after it finished a job:
  // a NOTIFY-woken worker would otherwise wait out its poll delay while a backlog is queued.
  const stopListening: Array<() => Promise<void>> = [];
  for (const name of names) {
    const handler = handlers[name] as JobHandler<typeof name>;
    const run = (job: Job<JobPayloads[typeof name]> & { retryLimit?: number }) =>
      // Audit events written by the job name it, as a request's name the request.
      withRequestId(`job:${job.id}`, () => handler(job.data, { lastAttempt: job.retryCount >= (job.retryLimit ?? 0), signal: job.signal }));
    if (GROUPED.has(name) && opts.sync) {
      // One pg-boss worker with many local slots; jobs of a group at its limit are left for later
      // fetches, so the other groups' jobs go first.
      const perGroup = Math.min(opts.sync.perAccount, opts.sync.concurrency);
      // pg-boss waits out its poll delay (10 s with NOTIFY) after every job unless told otherwise, and the
      // slot that ran a job cannot be named from here: so each finished job wakes one idle slot to take its
      // place (the one idle longest, not one woken that has not fetched since). A backlog keeps the slots
      // busy without a herd of fetches (each one a query on the embedded database's only connection).
      let workId = "";
      const woken = new Map<string, number>();
      /** Wakes up to n idle slots (the ones idle longest, not one woken that has not fetched since). */
      const wake = (n: number) => {
        const idle = queue.boss
          .getWipData()
          .filter((w) => w.workId === workId && w.count === 0 && (woken.get(w.id) ?? -1) < (w.lastFetchedOn ?? 0))
          .sort((a, b) => (a.lastFetchedOn ?? 0) - (b.lastFetchedOn ?? 0));
        for (const w of idle.slice(0, n)) {
          woken.set(w.id, Date.now());
          queue.boss.notifyWorker(w.id);
        }
      };
      workId = await queue.boss.work<JobPayloads[typeof name]>(
        name,
        {
          batchSize: 1,
          includeMetadata: true,
          localConcurrency: opts.sync.concurrency,
          localGroupConcurrency: perGroup,
          // A quiet queue (QUIET_QUEUES) wakes its slots by the doorbell; this poll is the backstop.
          pollingIntervalSeconds: opts.pollingIntervalSeconds ?? (QUIET_QUEUES.has(name) ? 10 : 2),
          notifyPollingIntervalSeconds: 10,
        },
        async (jobs) => {
          try {
            for (const job of jobs as Array<Job<JobPayloads[typeof name]> & { retryLimit?: number }>) await run(job);
          } finally {
            wake(1);
          }
        },
      );
      if (QUIET_QUEUES.has(name)) stopListening.push(await queue.onDue(name, wake));
      continue;
    }
    // Channel renditions and auto-tagging are background work: half the slots, so uploads' thumbnails never wait on them.
    const slots = BACKGROUND.has(name) ? Math.max(1, Math.floor(opts.concurrency / 2)) : opts.concurrency;
    for (let slot = 0; slot < slots; slot++) {
      let id = "";
      id = await queue.boss.work<JobPayloads[typeof name]>(
        name,
        { batchSize: 1, includeMetadata: true, pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 2, notifyPollingIntervalSeconds: 10 },
        async (jobs) => {
          try {
            for (const job of jobs as Array<Job<JobPayloads[typeof name]> & { retryLimit?: number }>) await run(job);
          } finally {
            queue.boss.notifyWorker(id);
          }
        },
      );
    }
  }
  return {
    async stop() {
      await Promise.all(stopListening.map((stop) => stop().catch(() => {})));
      for (const name of names) await queue.boss.offWork(name, { wait: true }).catch(() => {});
    },
  };
}
