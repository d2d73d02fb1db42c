// pHash bands for "find similar" (issue #7 §4), pure. A 64-bit pHash (16 hex chars) is cut into four
// 16-bit bands; two hashes within Hamming distance 3 differ in at most three bands, so (pigeonhole) at
// least one band is equal: looking candidates up by any equal band (an index each) finds every such pair.
// Farther pairs are usually found too (bit flips cluster), and the exact distance is computed afterwards.

export const BAND_COUNT = 4;
const HEX64 = /^[0-9a-f]{16}$/i;

export const isPhash = (h: unknown): h is string => typeof h === "string" && HEX64.test(h);

/** The four bands of a pHash as integers 0..65535 (hex chars 1-4, 5-8, 9-12, 13-16); null when not a pHash. */
export function phashBands(hex: string | null | undefined): [number, number, number, number] | null {
  if (!isPhash(hex)) return null;
  return [0, 1, 2, 3].map((i) => parseInt(hex.slice(i * 4, i * 4 + 4), 16)) as [number, number, number, number];
}

/** The band columns to store beside a pHash (all null when there is none). */
export function bandColumns(hex: string | null | undefined) {
  const b = phashBands(hex);
  return { phashB0: b?.[0] ?? null, phashB1: b?.[1] ?? null, phashB2: b?.[2] ?? null, phashB3: b?.[3] ?? null };
}

function popcount16(x: number): number {
  let n = 0;
  for (let v = x; v; v &= v - 1) n++;
  return n;
}

/** Differing bits between two pHashes (0..64). Throws on anything but two 16-hex-char strings. */
export function hamming(a: string, b: string): number {
  const ba = phashBands(a);
  const bb = phashBands(b);
  if (!ba || !bb) throw new RangeError("pHashes are 16 hex characters");
  let d = 0;
  for (let i = 0; i < BAND_COUNT; i++) d += popcount16(ba[i]! ^ bb[i]!);
  return d;
}

/** Whether two pHashes share at least one band (what the candidate lookup finds). */
export function shareBand(a: string, b: string): boolean {
  const ba = phashBands(a);
  const bb = phashBands(b);
  return !!ba && !!bb && ba.some((v, i) => v === bb[i]);
}
