// Duplicate groups (issue #7), pure. Candidate pairs come from the database (equal pHash band, or the
// same bytes); this decides which pairs are duplicates and joins them into groups.
//
// A pair is a duplicate when:
//  - both versions are the same bytes (same blob), or
//  - their pHashes are within MAX_PHASH_DISTANCE bits AND, when both have a colour histogram, the
//    histograms are within MAX_COLOUR_DISTANCE. pHash is computed on luminance only: a tan and a black
//    sneaker of one shape are ~6 bits apart, so without the colour check every colourway of a product
//    would be "the same image". Measured on generated product shots: a copy resized to 60 % and
//    recompressed at JPEG quality 65 is ≈ 0–4 bits and colour 0.13 (hues straddle bin edges); the same
//    bottle in black vs tan 1.00, red vs tan 0.98 (the analyser's histogram leaves the white backdrop out).
// Groups: pairs are joined nearest first (union-find); a join that would put two assets the merchant
// marked "not duplicates" in one group is skipped, so a dismissed pair never shows together.
import { colourDistance } from "../../media/analysers/colour-features";

/**
 * Bits of 64. Pairs within 3 are all found (they share a band); farther ones only when they share a band:
 * a copy 4 bits away with one flip in each band is missed (seen: the tan bottle at 700 px, JPEG 75).
 */
export const MAX_PHASH_DISTANCE = 8;
/** 0..1, one minus the histogram intersection of the colour analyser's 64 bins. */
export const MAX_COLOUR_DISTANCE = 0.35;

export interface CandidatePair {
  a: string;
  b: string;
  /** pHash Hamming distance (null when either has no pHash, e.g. matched by bytes only). */
  distance: number | null;
  sameBytes: boolean;
}

export interface DuplicatePair extends CandidatePair {
  colourDistance: number | null;
}

const round = (n: number) => Math.round(n * 1e4) / 1e4;

/** Orders a pair the way DuplicateDismissal stores it (assetAId < assetBId, as PostgreSQL orders uuids). */
export const orderedPair = (x: string, y: string): [string, string] => (x.toLowerCase() < y.toLowerCase() ? [x, y] : [y, x]);
export const pairKey = (x: string, y: string) => orderedPair(x, y).join("|");

/** The pair's verdict: null when it is not a duplicate. */
export function judgePair(p: CandidatePair, colours: ReadonlyMap<string, readonly number[] | null>): DuplicatePair | null {
  const ca = colours.get(p.a) ?? null;
  const cb = colours.get(p.b) ?? null;
  const c = ca && cb && ca.length === cb.length ? colourDistance(ca, cb) : null;
  if (p.sameBytes) return { ...p, colourDistance: c === null ? null : round(c) };
  if (p.distance === null || p.distance > MAX_PHASH_DISTANCE) return null;
  if (c !== null && c > MAX_COLOUR_DISTANCE) return null;
  return { ...p, colourDistance: c === null ? null : round(c) };
}

/**
 * Joins duplicate pairs into groups (2+ assets each), nearest pairs first, never putting a dismissed
 * pair into one group. Each group's members are sorted; groups come in no particular order.
 */
export function groupPairs(pairs: readonly DuplicatePair[], dismissed: ReadonlySet<string>): string[][] {
  const sorted = [...pairs].sort((x, y) => rank(x) - rank(y) || pairKey(x.a, x.b).localeCompare(pairKey(y.a, y.b)));
  const parent = new Map<string, string>();
  const members = new Map<string, string[]>();
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r)!;
    let c = x;
    while (c !== r) { const n = parent.get(c)!; parent.set(c, r); c = n; }
    return r;
  };
  const add = (x: string) => { if (!parent.has(x)) { parent.set(x, x); members.set(x, [x]); } };
  for (const p of sorted) {
    add(p.a);
    add(p.b);
    const ra = find(p.a);
    const rb = find(p.b);
    if (ra === rb) continue;
    const ma = members.get(ra)!;
    const mb = members.get(rb)!;
    if (dismissed.size && ma.some((x) => mb.some((y) => dismissed.has(pairKey(x, y))))) continue;
    const [big, small] = ma.length >= mb.length ? [ra, rb] : [rb, ra];
    parent.set(small, big);
    members.get(big)!.push(...members.get(small)!);
    members.delete(small);
  }
  return [...members.values()].filter((m) => m.length > 1).map((m) => [...m].sort());
}

const rank = (p: DuplicatePair) => (p.sameBytes ? -1 : (p.distance ?? 64) + (p.colourDistance ?? 0));

export interface MemberFacts {
  id: string;
  placements: number;
  versions: number;
  createdAt: Date;
}

/** The asset to keep: most placements, then most versions, then the oldest (then the smallest id). */
export function suggestSurvivor(members: readonly MemberFacts[]): string {
  if (!members.length) throw new RangeError("a group has members");
  return [...members].sort(
    (x, y) => y.placements - x.placements || y.versions - x.versions || x.createdAt.getTime() - y.createdAt.getTime() || x.id.localeCompare(y.id),
  )[0]!.id;
}

/** Groups in page order: largest first, then by their smallest asset id (stable, so a cursor can follow). */
export interface GroupKey { size: number; key: string }
export const groupKeyOf = (members: readonly string[]): GroupKey => ({ size: members.length, key: members[0]! });
const compareKeys = (x: GroupKey, y: GroupKey) => y.size - x.size || x.key.localeCompare(y.key);

export const encodeGroupCursor = (k: GroupKey) => Buffer.from(`${k.size}:${k.key}`).toString("base64url");
export function decodeGroupCursor(c: string | null | undefined): GroupKey | null {
  if (!c) return null;
  const m = /^(\d{1,7}):([0-9a-f-]{36})$/i.exec(Buffer.from(c, "base64url").toString("utf8"));
  return m ? { size: Number(m[1]), key: m[2]!.toLowerCase() } : null;
}

/** One page of groups after `after` (keyset over size desc, key asc) and the cursor of the next page. */
export function pageOfGroups(groups: readonly string[][], after: GroupKey | null, limit: number): { page: string[][]; nextCursor: string | null } {
  const ordered = [...groups].sort((x, y) => compareKeys(groupKeyOf(x), groupKeyOf(y)));
  const rest = after ? ordered.filter((g) => compareKeys(groupKeyOf(g), after) > 0) : ordered;
  const page = rest.slice(0, limit);
  return { page, nextCursor: rest.length > limit ? encodeGroupCursor(groupKeyOf(page[page.length - 1]!)) : null };
}
