import { describe, expect, it } from "vitest";
import { comesAlong, readbackDueAt } from "./sync.jobs";

const t = (s: number) => new Date(Date.UTC(2026, 11, 7, 12, 0, 0) + s * 1000);

describe("read along", () => {
  it("a read-back falls due as publish schedules it: half the time since the write, 1 s to 60 s", () => {
    expect(readbackDueAt(t(10), t(10))).toBe(t(11).getTime());
    expect(readbackDueAt(t(10), t(0))).toBe(t(15).getTime());
    expect(readbackDueAt(t(1000), t(0))).toBe(t(1060).getTime());
    expect(readbackDueAt(t(10), null)).toBe(t(11).getTime());
  });

  it("a waiting listing comes along when it waited as long as the one read back, or its own read-back is due; listings due a periodic read always", () => {
    const mine = t(100);
    const now = t(103).getTime();
    const waiting = (readAt: number, wroteAt: number) => ({ syncState: "waiting", galleryReadAt: t(readAt), syncedAt: t(wroteAt) });
    expect(comesAlong(waiting(99, 0), mine, now)).toBe(true); // read before this one: waited longer
    expect(comesAlong(waiting(101, 101), mine, now)).toBe(true); // written after, but due at 102
    expect(comesAlong(waiting(102.5, 102.5), mine, now)).toBe(false); // due at 103.5: the channel may not have processed it
    expect(comesAlong(waiting(101, 90), mine, now)).toBe(false); // due at 106.5
    expect(comesAlong({ syncState: "idle", galleryReadAt: t(0), syncedAt: null }, mine, now)).toBe(true);
    expect(comesAlong({ syncState: "waiting", galleryReadAt: null, syncedAt: null }, mine, now)).toBe(true);
  });
});
