// The cheap end-marker check (sniff.ts checkComplete) flags a JPEG/PNG whose last bytes are not its end
// marker; some cameras append trailers after a complete image, so a flagged file is decoded to decide.
import sharp from "sharp";

/** True when a full decode reports the image data ends early. */
export async function decodesAsTruncated(path: string, maxPixels: number): Promise<boolean> {
  try {
    await sharp(path, { failOn: "truncated", limitInputPixels: maxPixels }).resize(64, 64, { fit: "inside" }).raw().toBuffer();
    return false;
  } catch {
    return true;
  }
}
