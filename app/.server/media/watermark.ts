// Preview-only share images: downscaled (≤ 800 px) and watermarked with a diagonal, repeated label,
// so a partner can judge an image but not publish it.
import sharp from "sharp";

export const SHARE_PREVIEW_MAX = 800;

const escape = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

export async function watermarkedPreview(input: string, output: string, label: string): Promise<{ width: number; height: number; bytes: number }> {
  const base = sharp(input).rotate().resize(SHARE_PREVIEW_MAX, SHARE_PREVIEW_MAX, { fit: "inside", withoutEnlargement: true }).flatten({ background: "#ffffff" });
  const { data, info } = await base.toBuffer({ resolveWithObject: true });
  const { width, height } = info;
  const text = escape(label.slice(0, 60));
  const rows: string[] = [];
  for (let y = -height; y < height * 2; y += 140)
    for (let x = -width; x < width * 2; x += 360)
      rows.push(`<text x="${x}" y="${y}" transform="rotate(-30 ${x} ${y})">${text}</text>`);
  const svg = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><g font-family="Noto Sans, DejaVu Sans, sans-serif" font-size="26" font-weight="700" fill="#000" fill-opacity="0.22" stroke="#fff" stroke-opacity="0.35" stroke-width="1">${rows.join("")}</g></svg>`,
  );
  const out = await sharp(data).composite([{ input: svg }]).jpeg({ quality: 72 }).toFile(output);
  return { width: out.width, height: out.height, bytes: out.size };
}
