// The colour histogram as the Asset row keeps it for find similar (Asset.latestColour, written by the
// similar_on_asset migration's colour_hist_bytes): 64 big-endian uint16 of bin × 10,000. The analyser
// rounds every bin to 4 decimals, so this is lossless; reading 128 bytes (as hex) per row is several times
// cheaper than the analysis's JSON.
export const COLOUR_CODE_BINS = 64;
const SCALE = 10_000;

/** The histogram's code; null unless it is 64 numbers. Values are clamped to 0..6.5535 like the SQL. */
export function encodeColour(hist: readonly number[]): Buffer | null {
  if (hist.length !== COLOUR_CODE_BINS || !hist.every((x) => typeof x === "number" && Number.isFinite(x))) return null;
  const out = Buffer.alloc(COLOUR_CODE_BINS * 2);
  hist.forEach((x, i) => out.writeUInt16BE(Math.min(65535, Math.max(0, Math.round(x * SCALE))), i * 2));
  return out;
}

/** The histogram back from its code as hex (`encode(col, 'hex')`); null for anything else. */
export function decodeColourHex(hex: string | null | undefined): number[] | null {
  if (typeof hex !== "string" || hex.length !== COLOUR_CODE_BINS * 4 || !/^[0-9a-f]+$/i.test(hex)) return null;
  const bytes = Buffer.from(hex, "hex");
  return Array.from({ length: COLOUR_CODE_BINS }, (_, i) => bytes.readUInt16BE(i * 2) / SCALE);
}

/** The share of a histogram its core bins hold more than (migration similar_colour_cells). */
export const CORE_SHARE = 0.75;

export interface ColourCell {
  bin: number;
  /** The bin's share of the histogram × 10,000. */
  weight: number;
  /** The histogram's largest bin other than `bin` (-1: none). */
  other: number;
}

/**
 * The histogram's core bins with their weights and the largest other bin of each, ascending by bin: its largest bins (largest first, ties
 * by bin) while the bins before hold at most CORE_SHARE of the whole — the SQL colour_core_cells on the
 * stored code. A weight is the bin's share of the histogram's total × 10,000 (what the colour distance
 * compares: a histogram need not sum to 1), rounded in integers as the SQL does. Any histogram within
 * colour distance 0.5 of this one has one of these among its own core bins (each side holds < 25% outside
 * its core): they are the keys find similar looks candidates up by, nearest weight first.
 */
export function coreCells(hist: readonly number[]): ColourCell[] {
  const w = hist.map((x) => Math.min(65535, Math.max(0, Math.round(x * SCALE))));
  const total = w.reduce((a, b) => a + b, 0);
  const order = w.map((_, i) => i).sort((a, b) => w[b]! - w[a]! || a - b);
  const first = order[0]!;
  const second = w[order[1]!]! > 0 ? order[1]! : -1;
  const out: ColourCell[] = [];
  let before = 0;
  for (const i of order) {
    if (w[i]! <= 0 || before > CORE_SHARE * total) break;
    out.push({ bin: i, weight: Math.floor((w[i]! * SCALE + Math.floor(total / 2)) / total), other: i === first ? second : first });
    before += w[i]!;
  }
  return out.sort((a, b) => a.bin - b.bin);
}

/** The core bins alone (coreCells). */
export const coreBins = (hist: readonly number[]): number[] => coreCells(hist).map((c) => c.bin);
