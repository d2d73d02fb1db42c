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
