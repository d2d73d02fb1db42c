// The publish queue's doorbell (QUIET_QUEUES in app/.server/jobs/queue.ts): pg-boss does not NOTIFY its
// inserts (that woke every one of its dozens of slots per job); the sender rings once per commit, naming
// how many jobs became due, and the worker wakes that many idle slots. What must hold: a ring comes only
// with a commit, carries the count, a job due later rings when it is due, and a sent job is taken at
// once rather than at the poll backstop (10 s).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorker, type Worker } from "../app/.server/jobs/worker";
import { DB_KINDS } from "./support/db";
import { createTestServices, type TestContext } from "./support/services";

const shopId = "00000000-0000-4000-8000-00000000d001";
const until = async (what: () => boolean, ms: number) => {
  const deadline = Date.now() + ms;
  while (!what() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
  return what();
};

describe.each(DB_KINDS)("publish queue doorbell on %s", (kind) => {
  let t: TestContext;
  let worker: Worker | null = null;
  beforeAll(async () => {
    t = await createTestServices(kind);
  });
  afterAll(async () => {
    await worker?.stop();
    await t?.close();
  });

  it("rings on commit with the number of jobs due, never for a rolled-back change, and later for a job due later", async () => {
    const rings: number[] = [];
    // Infinity: "the listener (re)connected, look for yourself" (it says so when it starts, too).
    const stop = await t.services.queue.onDue("sync.publish", (n) => Number.isFinite(n) && rings.push(n));
    try {
      await t.services.db.prisma.$transaction(async (tx) => {
        await t.services.queue.enqueueMany(tx, "sync.publish", [1, 2, 3].map((i) => ({ shopId, listingId: `ring-${i}` })));
      });
      expect(await until(() => rings.length === 1, 5000)).toBe(true);
      expect(rings).toEqual([3]);

      await t.services.db.prisma
        .$transaction(async (tx) => {
          await t.services.queue.enqueue(tx, "sync.publish", { shopId, listingId: "ring-rolled-back" });
          throw new Error("the change failed");
        })
        .catch(() => {});
      // Not sent to a queue without the doorbell: catalogue imports are woken by pg-boss itself.
      await t.services.queue.send("catalogue.import", { shopId, accountId: "00000000-0000-4000-8000-00000000d002" });
      await new Promise((r) => setTimeout(r, 500));
      expect(rings).toEqual([3]);

      const sentAt = Date.now();
      await t.services.queue.send("sync.publish", { shopId, listingId: "ring-later" }, { startAfter: new Date(sentAt + 1200) });
      expect(await until(() => rings.length === 2, 5000)).toBe(true);
      expect(rings[1]).toBe(1);
      expect(Date.now() - sentAt).toBeGreaterThanOrEqual(1100); // rung when due, not when sent
    } finally {
      await stop();
    }
  }, 30_000);

  it("a sent publish is taken by an idle slot at once, not at the poll backstop", async () => {
    const done: string[] = [];
    worker = await startWorker(
      t.services.queue,
      { "sync.publish": async ({ listingId }) => void done.push(listingId) },
      // The default poll of a quiet queue (10 s): only the doorbell can make this quick.
      { concurrency: 1, sync: { concurrency: 8, perAccount: 4 } },
    );
    // The slots start by fetching what is queued (the first test's jobs); wait until they are idle.
    expect(await until(() => done.length >= 4, 8000)).toBe(true);
    await new Promise((r) => setTimeout(r, 500));
    const before = done.length;
    await t.services.queue.send("sync.publish", { shopId, listingId: "woken" }, { group: "account-1" });
    expect(await until(() => done.includes("woken"), 6000)).toBe(true);
    expect(done.length).toBe(before + 1);
  }, 30_000);
});
