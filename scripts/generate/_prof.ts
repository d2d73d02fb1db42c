import sharp from "sharp";
import { benchSvg } from "./demo-images.ts";
const size = 3000;
const noise = Buffer.alloc(size * size);
let a = 1; for (let i = 0; i < noise.length; i++) { a = (a * 1103515245 + 12345) >>> 0; noise[i] = 128 + ((a >>> 16) % 33) - 16; }
async function one(i: number, mode: string) {
  let svg = benchSvg(i, 3000);
  if (mode !== "fullB") svg = svg.replace('width="3000" height="3000"', 'width="1500" height="1500" viewBox="0 0 3000 3000"');
  let img = sharp(Buffer.from(svg)).removeAlpha();
  if (mode !== "fullB") img = img.resize(3000, 3000, { kernel: mode === "halfBlin" ? "linear" : "cubic" });
  return img.composite([{ input: noise, raw: { width: size, height: size, channels: 1 }, blend: "soft-light" }]).jpeg({ quality: 90 }).toBuffer();
}
for (const mode of ["fullB", "halfB", "halfBlin"]) {
  let t = performance.now();
  for (let i = 0; i < 6; i++) await one(i, mode);
  console.log(mode, "seq per image", ((performance.now() - t) / 6).toFixed(0));
  t = performance.now();
  await Promise.all([0, 1].map(async (w) => { for (let i = w; i < 12; i += 2) await one(i, mode); }));
  console.log(mode, "par2 per image", ((performance.now() - t) / 12).toFixed(0));
}
