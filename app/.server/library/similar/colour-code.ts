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
