import { describe, expect, it } from "vitest";
import { ReadCache } from "./read-cache";

describe("ReadCache", () => {
  it("gives a read once, only when it is not older than what we last wrote or read, and within its TTL", () => {
    let now = 1_000_000;
    const c = new ReadCache(30_000, 3, () => now);
    c.put("a", { at: now, images: [] });
    expect(c.has("a")).toBe(true);
    expect(c.take("a", now - 1)).toEqual({ at: 1_000_000, images: [] });
    expect(c.take("a", 0)).toBeNull(); // used
    c.put("b", { at: now, images: null });
    expect(c.take("b", now + 1)).toBeNull(); // we wrote after it was read
    c.put("c", { at: now, images: [] });
    now += 30_001;
    expect(c.has("c")).toBe(false);
    expect(c.take("c", 0)).toBeNull(); // too old
  });

  it("keeps at most `max` listings, dropping the oldest put", () => {
    const c = new ReadCache(30_000, 2, () => 0);
    for (const id of ["a", "b", "c"]) c.put(id, { at: 0, images: [] });
    expect(c.has("a")).toBe(false);
    expect(c.has("b") && c.has("c")).toBe(true);
  });
});
