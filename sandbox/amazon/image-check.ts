// What Amazon does with a media_location after ACCEPTED: download it and check it against the
// Seller Central image requirements (CHANNELS.md §2.4). Issue codes are the sandbox's own: the models
// do not list Amazon's numeric codes for these rules.
import sharp, { type Metadata } from "sharp";

/** What Amazon learns from an image; `whiteBackground` decides whether it may be the MAIN image. */
export interface MediaFacts {
  width: number;
  height: number;
  whiteBackground: boolean;
}
export type ImageVerdict = ({ ok: true } & MediaFacts) | { ok: false; code: string; message: string };

export const MAIN_BACKGROUND_ISSUE = { code: "MAIN_IMAGE_BACKGROUND", message: "The main image must have a pure white background (RGB 255,255,255)." };

const FORMATS = new Set(["jpeg", "png", "tiff", "gif"]);
const MAX_BYTES = 10 * 1024 * 1024;
const MIN_SIDE = 500;
const MAX_SIDE = 10_000;
/** JPEG noise keeps "pure white" from being exactly 255 after compression. */
const WHITE_MIN = 245;

async function download(url: string): Promise<Buffer | string> {
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(10_000), redirect: "follow" });
  } catch (e) {
    return `could not be downloaded (${e instanceof Error ? e.message : String(e)})`;
  }
  if (!res.ok) {
    await res.body?.cancel();
    return `could not be downloaded (HTTP ${res.status})`;
  }
  const bytes = Buffer.from(await res.arrayBuffer());
  return bytes.length > MAX_BYTES ? `is larger than 10 MB` : bytes;
}

/** True when the outer ring of the picture is white (MAIN images need a pure white background). */
async function whiteBorder(bytes: Buffer): Promise<boolean> {
  const size = 64;
  const { data } = await sharp(bytes).flatten({ background: "#ffffff" }).removeAlpha().resize(size, size, { fit: "fill" }).raw().toBuffer({ resolveWithObject: true });
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      if (x > 0 && y > 0 && x < size - 1 && y < size - 1) continue;
      const o = (y * size + x) * 3;
      if (data[o]! < WHITE_MIN || data[o + 1]! < WHITE_MIN || data[o + 2]! < WHITE_MIN) return false;
    }
  return true;
}

/** Downloads and checks an image against the rules every slot shares. */
export async function checkImage(url: string): Promise<ImageVerdict> {
  const bytes = await download(url);
  if (typeof bytes === "string") return { ok: false, code: "IMAGE_DOWNLOAD_FAILED", message: `The image at ${url} ${bytes}.` };
  let meta: Metadata;
  try {
    meta = await sharp(bytes).metadata();
  } catch {
    return { ok: false, code: "IMAGE_UNREADABLE", message: `The file at ${url} is not a readable image.` };
  }
  if (!meta.format || !FORMATS.has(meta.format)) return { ok: false, code: "IMAGE_FORMAT", message: `Image format ${meta.format ?? "unknown"} is not accepted: use JPEG, PNG, TIFF or GIF.` };
  if (meta.format === "gif" && (meta.pages ?? 1) > 1) return { ok: false, code: "IMAGE_FORMAT", message: "Animated GIFs are not accepted." };
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  const longest = Math.max(width, height);
  if (longest < MIN_SIDE) return { ok: false, code: "IMAGE_TOO_SMALL", message: `The image is ${width}x${height} px; its longest side must be at least ${MIN_SIDE} px.` };
  if (longest > MAX_SIDE) return { ok: false, code: "IMAGE_TOO_LARGE", message: `The image is ${width}x${height} px; its longest side must be at most ${MAX_SIDE} px.` };
  return { ok: true, width, height, whiteBackground: await whiteBorder(bytes) };
}
