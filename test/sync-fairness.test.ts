// Fairness of the sync worker (issue #6 §4), on the real queue and worker: publishes carry their channel
// account as pg-boss group; one worker runs SYNC_CONCURRENCY at once and at most SYNC_ACCOUNT_CONCURRENCY of
// one account, so an account with a long backlog never holds every slot and a second account's few jobs,
// queued after it, start long before that backlog ends. (How fast is the benchmark's business, not a test's.)
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorker, type Worker } from "../app/.server/jobs/worker";
import { DB_KINDS } from "./support/db";
import { createTestServices, type TestContext } from "./support/services";

describe.each(DB_KINDS)("sync worker fairness on %s", (kind) => {
  let t: TestContext;
  let worker: Worker | null = null;
  beforeAll(async () => {
    t = await createTestServices(kind);
  });
  afterAll(async () => {
    await worker?.stop();
    await t?.close();
  });

  it("a backlog on one account uses at most its share; another account's jobs start at once", async () => {
    const running = new Map<string, number>();
    const most = new Map<string, number>();
    let total = 0;
    let mostTotal = 0;
    const ends: Array<{ account: string; at: number }> = [];
    const t0 = Date.now();
    worker = await startWorker(
      t.services.queue,
      {
        "sync.publish": async ({ listingId }) => {
          const account = listingId.split("-")[0]!;
          running.set(account, (running.get(account) ?? 0) + 1);
          most.set(account, Math.max(most.get(account) ?? 0, running.get(account)!));
          mostTotal = Math.max(mostTotal, ++total);
          await new Promise((r) => setTimeout(r, 120)); // a channel call
          running.set(account, running.get(account)! - 1);
          total--;
          ends.push({ account, at: Date.now() - t0 });
        },
      },
      { concurrency: 1, pollingIntervalSeconds: 0.5, sync: { concurrency: 4, perAccount: 2 } },
    );
    const shopId = "00000000-0000-4000-8000-00000000f001";
    await t.services.queue.sendMany("sync.publish", Array.from({ length: 24 }, (_, i) => ({ shopId, listingId: `A-${i}` })), { groupOf: () => "account-A" });
    await new Promise((r) => setTimeout(r, 300)); // A's backlog is being worked on
    await t.services.queue.sendMany("sync.publish", Array.from({ length: 3 }, (_, i) => ({ shopId, listingId: `B-${i}` })), { groupOf: () => "account-B" });
    const deadline = Date.now() + 60_000;
    while (ends.length < 27 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(ends).toHaveLength(27);

    expect(most.get("A")).toBeLessThanOrEqual(2); // never more than its share…
    expect(most.get("A")).toBe(2); // …and it used it
    expect(most.get("B")).toBeLessThanOrEqual(2);
    expect(mostTotal).toBeLessThanOrEqual(4);
    // B's jobs, queued behind 24 of A's, were all done before A's backlog was half through.
    const lastB = Math.max(...ends.filter((e) => e.account === "B").map((e) => e.at));
    const aDoneBefore = ends.filter((e) => e.account === "A" && e.at <= lastB).length;
    expect(aDoneBefore).toBeLessThan(12);
  }, 90_000);

  it("jobs of three accounts that become due together: every account's first job starts before any job ends", async () => {
    await worker?.stop();
    const starts: Array<{ account: string; at: number }> = [];
    const ends: number[] = [];
    const t0 = Date.now();
    worker = await startWorker(
      t.services.queue,
      {
        "sync.publish": async ({ listingId }) => {
          starts.push({ account: listingId.split("-")[0]!, at: Date.now() - t0 });
          await new Promise((r) => setTimeout(r, 400)); // a channel call
          ends.push(Date.now() - t0);
        },
      },
      { concurrency: 1, pollingIntervalSeconds: 10, sync: { concurrency: 6, perAccount: 2 } },
    );
    const shopId = "00000000-0000-4000-8000-00000000f002";
    // One insert and one ring for all 36, the account queued first holding the first 12 (an approval).
    const jobs = ["C", "D", "E"].flatMap((a) => Array.from({ length: 12 }, (_, i) => ({ shopId, listingId: `${a}-${i}` })));
    await t.services.queue.sendMany("sync.publish", jobs, { groupOf: (p) => `account-${p.listingId.split("-")[0]}` });
    const deadline = Date.now() + 60_000;
    while (ends.length < 36 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(ends).toHaveLength(36);
    const firstEnd = Math.min(...ends);
    // Slots woken together would all have fetched C's jobs; pg-boss gives back those past C's share and
    // their slots sleep until a job ends. Woken one after another, D and E start at once.
    for (const a of ["C", "D", "E"]) expect({ a, startedBeforeAnyEnd: Math.min(...starts.filter((s) => s.account === a).map((s) => s.at)) < firstEnd }).toEqual({ a, startedBeforeAnyEnd: true });
    expect(starts.filter((s) => s.at < firstEnd)).toHaveLength(6); // every slot busy from the start
  }, 90_000);
});
