// Upload checks of CHANNELS.md §3.4, on the real bytes (sharp reads the format and pixel size; the
// client's declared mime type is not trusted).
import sharp, { type Metadata } from "sharp";
import { ApiError, CODE } from "./envelope";

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
export const USE_CASES = ["MAIN_IMAGE", "ATTRIBUTE_IMAGE", "DESCRIPTION_IMAGE", "CERTIFICATION_IMAGE", "SIZE_CHART_IMAGE"] as const;
const FORMATS = new Set(["jpeg", "png", "webp"]);

/** Pixel bounds per use case: MAIN_IMAGE 300–4000, others 100–20000. */
const bounds = (useCase: string) => (useCase === "MAIN_IMAGE" ? { min: 300, max: 4000 } : { min: 100, max: 20000 });

export async function checkImage(bytes: Buffer, useCase: string): Promise<{ width: number; height: number }> {
  let meta: Metadata;
  try {
    meta = await sharp(bytes).metadata();
  } catch {
    throw new ApiError(CODE.imageFormat, "The image format is not supported: use JPG, PNG or WEBP.");
  }
  if (!meta.format || !FORMATS.has(meta.format)) throw new ApiError(CODE.imageFormat, `The image format ${meta.format ?? "unknown"} is not supported: use JPG, PNG or WEBP.`);
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  const { min, max } = bounds(useCase);
  if (Math.min(width, height) < min) throw new ApiError(CODE.imageTooSmall, `The image is ${width}x${height} px; ${useCase} needs at least ${min}x${min} px.`);
  if (Math.max(width, height) > max) throw new ApiError(CODE.imageTooLarge, `The image is ${width}x${height} px; ${useCase} allows at most ${max}x${max} px.`);
  return { width, height };
}
