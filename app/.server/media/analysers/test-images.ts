// Test-only: images for the analyser tests, drawn with sharp at run time (nothing binary is checked in).
import sharp from "sharp";
import { loadAnalyserImage } from "./decode";
import type { AnalyserImage } from "./types";

export interface ShotOptions {
  width?: number;
  height?: number;
  /** Background fill; "none" leaves it transparent (PNG). */
  background?: string;
  format?: "png" | "jpeg";
  /** Extra SVG drawn over the product. */
  extra?: string;
}

/** A product-shot-like image: a bottle (body + cap) of `colour` on `background`, ~30% of the frame. */
export async function productShot(colour: string, opts: ShotOptions = {}): Promise<Buffer> {
  const { width = 1200, height = 1200, background = "#ffffff", format = "jpeg", extra = "" } = opts;
  const bg = background === "none" ? "" : `<rect width="100%" height="100%" fill="${background}"/>`;
  const w = width, h = height;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">${bg}
    <rect x="${w * 0.3}" y="${h * 0.3}" width="${w * 0.4}" height="${h * 0.55}" rx="${w * 0.05}" fill="${colour}"/>
    <rect x="${w * 0.42}" y="${h * 0.15}" width="${w * 0.16}" height="${h * 0.16}" fill="${colour}"/>${extra}</svg>`;
  const img = sharp(Buffer.from(svg));
  return format === "png" ? img.png().toBuffer() : img.flatten({ background: "#ffffff" }).jpeg({ quality: 85 }).toBuffer();
}

/** Vertical stripes of the given colours, equal widths, full bleed. */
export async function stripes(colours: string[], width = 800, height = 600): Promise<Buffer> {
  const sw = width / colours.length;
  const rects = colours.map((c, i) => `<rect x="${i * sw}" y="0" width="${sw + 1}" height="${height}" fill="${c}"/>`).join("");
  return sharp(Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${rects}</svg>`)).png().toBuffer();
}

/** A diagonal colour gradient with strong per-pixel noise (seeded): a busy, photo-like background. */
export async function noisyGradient(width = 640, height = 480, seed = 3): Promise<Buffer> {
  let s = seed;
  const rnd = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const t = (x / width + y / height) / 2;
      const p = (y * width + x) * 3;
      const n = () => (rnd() - 0.5) * 80;
      data[p] = clamp(40 + 180 * t + n());
      data[p + 1] = clamp(160 - 100 * t + n());
      data[p + 2] = clamp(90 + 120 * Math.sin(t * 6) + n());
    }
  }
  return sharp(data, { raw: { width, height, channels: 3 } }).jpeg({ quality: 90 }).toBuffer();
}

const clamp = (v: number) => Math.max(0, Math.min(255, Math.round(v)));

export const decoded = (input: Buffer | string): Promise<AnalyserImage> => loadAnalyserImage(input);
