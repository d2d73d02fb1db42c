import { describe, expect, it } from "vitest";
import {
  decodeGroupCursor,
  encodeGroupCursor,
  groupPairs,
  judgePair,
  MAX_COLOUR_DISTANCE,
  MAX_PHASH_DISTANCE,
  orderedPair,
  pageOfGroups,
  pairKey,
  suggestSurvivor,
  type DuplicatePair,
} from "./grouping";

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const A = id(1), B = id(2), C = id(3), D = id(4), E = id(5);
const hist = (hot: number) => Array.from({ length: 64 }, (_, i) => (i === hot ? 1 : 0));
const pair = (a: string, b: string, distance: number | null, colourDistance: number | null = null, sameBytes = false): DuplicatePair => ({ a, b, distance, sameBytes, colourDistance });

describe("judgePair", () => {
  const colours = new Map<string, number[] | null>([[A, hist(3)], [B, hist(3)], [C, hist(40)], [D, null]]);
  it("keeps near pHashes of the same colours, drops another colour of the same shape", () => {
    expect(judgePair({ a: A, b: B, distance: 2, sameBytes: false }, colours)).toMatchObject({ distance: 2, colourDistance: 0 });
    expect(judgePair({ a: A, b: C, distance: 2, sameBytes: false }, colours)).toBeNull();
  });
  it("drops pairs farther than the threshold; trusts pHash alone when a side has no histogram", () => {
    expect(judgePair({ a: A, b: B, distance: MAX_PHASH_DISTANCE + 1, sameBytes: false }, colours)).toBeNull();
    expect(judgePair({ a: A, b: B, distance: MAX_PHASH_DISTANCE, sameBytes: false }, colours)).not.toBeNull();
    expect(judgePair({ a: A, b: D, distance: 5, sameBytes: false }, colours)).toMatchObject({ colourDistance: null });
    expect(judgePair({ a: A, b: D, distance: null, sameBytes: false }, colours)).toBeNull();
  });
  it("the same bytes are duplicates whatever else", () => {
    expect(judgePair({ a: A, b: C, distance: null, sameBytes: true }, colours)).toMatchObject({ sameBytes: true });
  });
  it("the colour threshold sits between a recompressed copy and another colourway", () => {
    expect(MAX_COLOUR_DISTANCE).toBeGreaterThan(0.13);
    expect(MAX_COLOUR_DISTANCE).toBeLessThan(0.9);
  });
});

describe("groupPairs", () => {
  it("joins pairs transitively into sorted groups", () => {
    const g = groupPairs([pair(A, B, 1), pair(B, C, 2), pair(D, E, 0)], new Set());
    expect(g.sort((x, y) => x.length - y.length)).toEqual([[D, E], [A, B, C]]);
  });
  it("never puts a dismissed pair in one group, even through a third asset", () => {
    const g = groupPairs([pair(A, C, 1), pair(B, C, 2), pair(A, B, 3)], new Set([pairKey(B, A)]));
    expect(g).toEqual([[A, C]]);
    expect(groupPairs([pair(A, B, 1)], new Set([pairKey(A, B)]))).toEqual([]);
  });
  it("joins nearest first: the dismissed conflict leaves the farther asset out", () => {
    const g = groupPairs([pair(B, C, 6), pair(A, C, 0)], new Set([pairKey(A, B)]));
    expect(g).toEqual([[A, C]]);
  });
});

describe("suggestSurvivor", () => {
  const t = (d: number) => new Date(Date.UTC(2026, 0, d));
  it("most placements, then most versions, then oldest", () => {
    expect(suggestSurvivor([{ id: A, placements: 0, versions: 5, createdAt: t(1) }, { id: B, placements: 2, versions: 1, createdAt: t(9) }])).toBe(B);
    expect(suggestSurvivor([{ id: A, placements: 1, versions: 1, createdAt: t(1) }, { id: B, placements: 1, versions: 3, createdAt: t(9) }])).toBe(B);
    expect(suggestSurvivor([{ id: A, placements: 1, versions: 3, createdAt: t(5) }, { id: B, placements: 1, versions: 3, createdAt: t(2) }])).toBe(B);
    expect(() => suggestSurvivor([])).toThrow(RangeError);
  });
});

describe("pages of groups", () => {
  const groups = [[A, B], [C, D, E], [B, C].map((x) => x.replace("4000", "4001"))];
  it("largest first, then by key; the cursor continues where the page ended", () => {
    const first = pageOfGroups(groups, null, 2);
    expect(first.page[0]).toEqual([C, D, E]);
    expect(first.page).toHaveLength(2);
    expect(first.nextCursor).not.toBeNull();
    const second = pageOfGroups(groups, decodeGroupCursor(first.nextCursor), 2);
    expect(second.page).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    expect([...first.page, ...second.page]).toHaveLength(3);
  });
  it("a bad cursor is no cursor", () => {
    expect(decodeGroupCursor("nonsense")).toBeNull();
    expect(decodeGroupCursor(encodeGroupCursor({ size: 2, key: A }))).toEqual({ size: 2, key: A });
  });
  it("orders a pair as the database does", () => {
    expect(orderedPair(B, A)).toEqual([A, B]);
  });
});
