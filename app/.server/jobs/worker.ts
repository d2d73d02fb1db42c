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
/** When a slot woken for due jobs started none, how long before the next one is woken anyway. */
const WAKE_STEP_MS = 20;
/** When a slot woken to replace a finished job started nothing, how long before another is woken (see replace). */
const RETAKE_MS = 50;

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
      //
      // When many jobs become due at once (an approval queues 3,000 publishes), slots are woken one after
      // another, not together. Together, each fetch skips only the accounts at their limit before any of
      // them fetched: 36 slots all took jobs of the account queued first, pg-boss restored the 24 past its
      // limit, and those slots slept — the other accounts' first writes came seconds late
      // (bench:propagation at scale 0.1: TikTok's 3.2 s after the approval, Shopify's at 0.16 s). So the
      // next slot is woken when the last one's job started (its account counted), or WAKE_STEP_MS after
      // it was woken when its fetch started nothing.
      let workId = "";
      const woken = new Map<string, number>();
      let owed = 0;
      let step: NodeJS.Timeout | null = null;
      const idleSlots = () =>
        queue.boss
          .getWipData()
          .filter((w) => w.workId === workId && w.count === 0 && (woken.get(w.id) ?? -1) < (w.lastFetchedOn ?? 0))
          .sort((a, b) => (a.lastFetchedOn ?? 0) - (b.lastFetchedOn ?? 0));
      /** Wakes the slot idle longest (not one woken that has not fetched since); its id, null when none is idle. */
      const wakeOne = (): string | null => {
        const next = idleSlots()[0];
        if (!next) return null;
        woken.set(next.id, Date.now());
        queue.boss.notifyWorker(next.id);
        return next.id;
      };
      /**
       * After a job: wakes a slot to take its place, and once more RETAKE_MS later if that slot's fetch
       * started nothing. pg-boss frees the job's account (its local group count) only after it has
       * recorded the job complete, after this handler returns; a slot woken from here may fetch first,
       * skip the account as still at its limit and, when no other account has work, sleep out the 10 s
       * NOTIFY backstop while the backlog waits (on PostgreSQL: both of an account's slots finishing
       * together stalled its backlog until the next doorbell).
       */
      const replace = () => {
        const id = wakeOne();
        if (!id) return;
        const at = Date.now();
        setTimeout(() => {
          const slot = queue.boss.getWipData().find((w) => w.id === id);
          if (slot && slot.count === 0 && (slot.lastFetchedOn ?? 0) >= at) wakeOne();
        }, RETAKE_MS).unref();
      };
      /** Wakes the next owed slot. */
      const pump = () => {
        if (owed <= 0) return;
        if (!wakeOne()) {
          owed = 0; // every slot is busy or about to fetch: each finished job wakes one again
          return;
        }
        owed--;
        if (step) clearTimeout(step);
        if (owed > 0)
          step = setTimeout(() => {
            step = null;
            pump();
          }, WAKE_STEP_MS).unref();
      };
      /** n jobs became due (the doorbell): wakes up to n idle slots, one after another. */
      const wake = (n: number) => {
        owed = Math.min(opts.sync!.concurrency, owed + n);
        pump();
      };
      stopListening.push(async () => {
        owed = 0;
        if (step) clearTimeout(step);
      });
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
          pump(); // this slot's job now counts against its account: the next owed slot may fetch
          try {
            for (const job of jobs as Array<Job<JobPayloads[typeof name]> & { retryLimit?: number }>) await run(job);
          } finally {
            replace(); // a backlog keeps the slots busy: this slot's place is taken at once
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
