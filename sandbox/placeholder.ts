// Stand-in product photos for the sandboxes' seeded catalogues: a product-like shape on white, its colour
// derived from the name, so the demo's Listings page shows real thumbnails offline. Made once per name.
import { createHash } from "node:crypto";
import sharp from "sharp";

const cache = new Map<string, Promise<Buffer>>();

export function placeholderJpeg(name: string, size = 600): Promise<Buffer> {
  const key = `${name}:${size}`;
  let made = cache.get(key);
  if (!made) {
    const h = createHash("sha256").update(name).digest();
    const colour = { r: 40 + (h[0]! % 180), g: 40 + (h[1]! % 180), b: 40 + (h[2]! % 180) };
    const w = Math.round(size * (0.45 + (h[3]! % 30) / 100));
    const ht = Math.round(size * (0.45 + (h[4]! % 30) / 100));
    made = sharp({ create: { width: size, height: size, channels: 3, background: "#ffffff" } })
      .composite([{ input: { create: { width: w, height: ht, channels: 3, background: colour } }, gravity: "centre" }])
      .jpeg({ quality: 80 })
      .toBuffer();
    if (cache.size > 2000) cache.clear();
    cache.set(key, made);
  }
  return made;
}
