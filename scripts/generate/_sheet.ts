import sharp from "sharp";
import { readdir } from "node:fs/promises";
const dir = process.argv[2] ?? "/tmp/demo";
const out = process.argv[3] ?? "/tmp/contact.png";
const start = Number(process.argv[4] ?? 0), n = Number(process.argv[5] ?? 25);
const files = (await readdir(dir)).filter(f => /\.(jpg|png|webp)$/.test(f)).sort().slice(start, start + n);
const T = 300, cols = 5;
const tiles = await Promise.all(files.map(f => sharp(`${dir}/${f}`).resize(T, T, { fit: "contain", background: "#888" }).flatten({ background: "#c0c" }).png().toBuffer()));
const rows = Math.ceil(files.length / cols);
await sharp({ create: { width: cols * T + (cols - 1) * 6, height: rows * T + (rows - 1) * 6, channels: 3, background: "#555" } })
  .composite(tiles.map((t, i) => ({ input: t, left: (i % cols) * (T + 6), top: Math.floor(i / cols) * (T + 6) })))
  .png().toFile(out);
console.log(files.join("\n"));
