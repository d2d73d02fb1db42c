// Pixel helpers the image analysers share: the input check, sRGB → CIE Lab (D65) and the border band.
import type { AnalyserImage } from "./types";

export interface Lab {
  L: number;
  a: number;
  b: number;
}

/** Throws RangeError unless `data` holds width × height × channels bytes (a caller bug, not a bad file). */
export function assertImage(image: AnalyserImage): void {
  const { width, height, channels, data } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1)
    throw new RangeError(`analyser image needs a positive integer size, got ${width}×${height}`);
  if (data.length !== width * height * channels)
    throw new RangeError(`analyser image of ${width}×${height}×${channels} needs ${width * height * channels} bytes, got ${data.length}`);
}

// sRGB byte → linear light, computed once (averaged values are rounded to the nearest byte first).
const LINEAR = Float64Array.from({ length: 256 }, (_, i) => {
  const c = i / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
});
const EPS = (6 / 29) ** 3;
const f = (t: number): number => (t > EPS ? Math.cbrt(t) : t / (3 * (6 / 29) ** 2) + 4 / 29);
const byte = (v: number): number => LINEAR[Math.min(255, Math.max(0, Math.round(v)))]!;

/** r, g, b: 0..255 sRGB (fractions allowed). L: 0..100; a, b: roughly −128..127. */
export function srgbToLab(r: number, g: number, b: number): Lab {
  const R = byte(r), G = byte(g), B = byte(b);
  const fx = f((0.4124564 * R + 0.3575761 * G + 0.1804375 * B) / 0.95047);
  const fy = f(0.2126729 * R + 0.7151522 * G + 0.072175 * B);
  const fz = f((0.0193339 * R + 0.119192 * G + 0.9503041 * B) / 1.08883);
  return { L: 116 * fy - 16, a: 500 * (fx - fy), b: 200 * (fy - fz) };
}

/** "#rrggbb" → Lab, for lexicons written in hex. */
export function hexToLab(hex: string): Lab {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new RangeError(`not a #rrggbb colour: ${hex}`);
  return srgbToLab(parseInt(m[1]!, 16), parseInt(m[2]!, 16), parseInt(m[3]!, 16));
}

export const chroma = (c: Lab): number => Math.hypot(c.a, c.b);

/** CIE76 ΔE: plain Euclidean distance in Lab. */
export const deltaE = (p: Lab, q: Lab): number => Math.hypot(p.L - q.L, p.a - q.a, p.b - q.b);

/**
 * Calls `fn` for every pixel of the border band: those within round(fraction × side) (at least 1) of any
 * edge, each once, row by row.
 */
export function forEachBorderPixel(width: number, height: number, fraction: number, fn: (x: number, y: number) => void): void {
  const bx = Math.min(width, Math.max(1, Math.round(width * fraction)));
  const by = Math.min(height, Math.max(1, Math.round(height * fraction)));
  for (let y = 0; y < height; y++) {
    if (y < by || y >= height - by) {
      for (let x = 0; x < width; x++) fn(x, y);
      continue;
    }
    for (let x = 0; x < bx; x++) fn(x, y);
    for (let x = Math.max(bx, width - bx); x < width; x++) fn(x, y);
  }
}
