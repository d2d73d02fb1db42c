// 64-bit DCT perceptual hash (the pHash.org construction) from 32×32 greyscale pixels.

export const PHASH_SIZE = 32;
const LOW = 8;

// COS[u][x] = cos((2x + 1)·u·π / 64) for the low frequencies 1..8 (0 unused: DC is skipped).
const COS: Float64Array[] = Array.from({ length: LOW + 1 }, (_, u) =>
  Float64Array.from({ length: PHASH_SIZE }, (_, x) => Math.cos(((2 * x + 1) * u * Math.PI) / (2 * PHASH_SIZE))),
);

/** pixels: 32×32 greyscale, row-major, one byte per pixel. Returns 16 lower-case hex chars. */
export function phashFromGrey(pixels: Uint8Array): string {
  if (pixels.length !== PHASH_SIZE * PHASH_SIZE) throw new RangeError(`phash needs ${PHASH_SIZE}×${PHASH_SIZE} greyscale pixels`);
  // Separable DCT: rows first (u = 1..8), then columns (v = 1..8).
  const rows = new Float64Array(PHASH_SIZE * LOW);
  for (let y = 0; y < PHASH_SIZE; y++) {
    for (let u = 1; u <= LOW; u++) {
      const cu = COS[u]!;
      let sum = 0;
      for (let x = 0; x < PHASH_SIZE; x++) sum += pixels[y * PHASH_SIZE + x]! * cu[x]!;
      rows[y * LOW + (u - 1)] = sum;
    }
  }
  const coeffs = new Float64Array(LOW * LOW);
  for (let v = 1; v <= LOW; v++) {
    const cv = COS[v]!;
    for (let u = 0; u < LOW; u++) {
      let sum = 0;
      for (let y = 0; y < PHASH_SIZE; y++) sum += rows[y * LOW + u]! * cv[y]!;
      coeffs[(v - 1) * LOW + u] = sum;
    }
  }
  const sorted = Float64Array.from(coeffs).sort();
  const median = (sorted[31]! + sorted[32]!) / 2;
  let hex = "";
  for (let i = 0; i < 64; i += 4) {
    let nibble = 0;
    for (let b = 0; b < 4; b++) nibble = (nibble << 1) | (coeffs[i + b]! > median ? 1 : 0);
    hex += nibble.toString(16);
  }
  return hex;
}

/** Number of differing bits between two hashes of equal length (hex). */
export function hammingDistance(a: string, b: string): number {
  if (a.length !== b.length || !/^[0-9a-f]*$/i.test(a + b)) throw new RangeError("hashes must be hex strings of equal length");
  let d = 0;
  for (let i = 0; i < a.length; i++) {
    let x = parseInt(a[i]!, 16) ^ parseInt(b[i]!, 16);
    while (x) {
      d += x & 1;
      x >>= 1;
    }
  }
  return d;
}
