import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createSealer, DecryptError } from "./crypto";

describe("token sealing", () => {
  const sealer = createSealer(randomBytes(32).toString("base64"));
  it("round-trips and never contains the plaintext", () => {
    const s = sealer.seal("shpat_secret", "session:a.myshopify.com");
    expect(s).not.toContain("shpat_secret");
    expect(sealer.open(s, "session:a.myshopify.com")).toBe("shpat_secret");
  });
  it("fails when moved to another owner or altered", () => {
    const s = sealer.seal("tok", "session:a");
    expect(() => sealer.open(s, "session:b")).toThrow(DecryptError);
    expect(() => sealer.open(s.slice(0, -2) + "AA", "session:a")).toThrow(DecryptError);
  });
  it("refuses a value sealed with another key", () => {
    const other = createSealer(randomBytes(32).toString("base64"));
    expect(() => sealer.open(other.seal("x", "a"), "a")).toThrow(/neither the current nor a previous key/);
  });
  it("rotates: opens values of a previous key, seals with the new one, and says which values are stale", () => {
    const oldKey = randomBytes(32).toString("base64");
    const before = createSealer(oldKey).seal("refresh-token", "acct:1");
    const rotated = createSealer(randomBytes(32).toString("base64"), [oldKey]);
    expect(rotated.isStale(before)).toBe(true);
    expect(rotated.open(before, "acct:1")).toBe("refresh-token");
    const again = rotated.seal("refresh-token", "acct:1");
    expect(rotated.isStale(again)).toBe(false);
    expect(() => createSealer(oldKey).open(again, "acct:1")).toThrow(DecryptError);
  });
});
