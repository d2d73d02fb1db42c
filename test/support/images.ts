// Test images made at run time with sharp (no binary fixtures in git).
import sharp from "sharp";

export function solidJpeg(color: { r: number; g: number; b: number }, size = 640, quality = 85): Promise<Buffer> {
  return sharp({ create: { width: size, height: size, channels: 3, background: color } })
    .composite([{ input: Buffer.from(`<svg width="${size}" height="${size}"><circle cx="${size / 2}" cy="${size / 2}" r="${size / 4}" fill="#222"/></svg>`) }])
    .jpeg({ quality })
    .toBuffer();
}

export function pngWithAlpha(size = 300): Promise<Buffer> {
  return sharp({ create: { width: size, height: size, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
    .composite([{ input: Buffer.from(`<svg width="${size}" height="${size}"><rect x="50" y="50" width="200" height="200" fill="red"/></svg>`) }])
    .png()
    .toBuffer();
}

// Hostile inputs are shared with the media unit tests.
export { pngBomb as pngBombHeader, peExecutable as fakeExe } from "../fixtures/media/generate";

export const SCRIPTED_SVG = Buffer.from(
  `<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="200" height="200" onload="alert(1)">` +
    `<script>alert(document.cookie)</script><rect width="200" height="200" fill="blue"/></svg>`,
);

/** A photo-like scene: seeded circles on a gradient (distinct per seed; the duplicates tests resize and recompress it). */
export async function scene(seed: number, width = 1400, height = 1000): Promise<Buffer> {
  let s = seed;
  const rnd = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const shapes = Array.from({ length: 12 }, () => {
    const c = `hsl(${Math.floor(rnd() * 360)},${40 + Math.floor(rnd() * 50)}%,${25 + Math.floor(rnd() * 50)}%)`;
    return `<circle cx="${rnd() * width}" cy="${rnd() * height}" r="${40 + rnd() * 200}" fill="${c}"/>`;
  }).join("");
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><linearGradient id="g" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="hsl(${(seed * 47) % 360},60%,70%)"/><stop offset="1" stop-color="hsl(${(seed * 91) % 360},50%,30%)"/></linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#g)"/>${shapes}</svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 92 }).toBuffer();
}
