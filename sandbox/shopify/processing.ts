// Media processing (CHANNELS.md §1.4/§1.5): UPLOADED → PROCESSING → READY | FAILED on a timer. The
// source is fetched for real (a staged upload, or any http(s) URL), so an unreachable URL fails with
// IMAGE_DOWNLOAD_FAILURE and an image over 20 MP with INVALID_IMAGE_RESOLUTION, as Shopify would.
import sharp from "sharp";
import type { MediaErrorRecord, MediaRecord } from "./model";
import type { ShopifySandboxState } from "./state";

const MAX_PIXELS = 20_000_000;
const MAX_BYTES = 20 * 1024 * 1024;
const FETCH_TIMEOUT_MS = 5_000;
const FORMATS: Record<string, string> = { jpeg: "image/jpeg", png: "image/png", gif: "image/gif", webp: "image/webp" };

// Messages are the MediaErrorCode descriptions of the 2025-01 schema.
const MESSAGES: Record<string, string> = {
  IMAGE_DOWNLOAD_FAILURE: "Media could not be processed because the image could not be downloaded.",
  IMAGE_PROCESSING_FAILURE: "Media could not be processed because the image could not be processed.",
  UNSUPPORTED_IMAGE_FILE_TYPE: "Media could not be created because the image is an unsupported file type.",
  INVALID_IMAGE_FILE_SIZE: "Media could not be created because the image size is too large.",
  INVALID_IMAGE_RESOLUTION: "Media could not be created because the image's resolution exceeds the max limit.",
};
const mediaError = (code: string, details: string | null = null): MediaErrorRecord => ({ code, details, message: MESSAGES[code] ?? code });

/** (Re)processes `m` from `source`: used by productUpdate media, fileCreate and fileUpdate originalSource. */
export function startProcessing(state: ShopifySandboxState, m: MediaRecord, source: string): void {
  const op = ++m.op;
  m.status = "UPLOADED";
  m.originalSource = source;
  m.errors = [];
  state.later(state.processingMs, async () => {
    if (m.op !== op) return;
    m.status = "PROCESSING";
    const outcome = await process(state, source);
    state.later(state.processingMs, () => {
      if (m.op !== op) return;
      m.updatedAt = new Date(state.now()).toISOString();
      if ("error" in outcome) {
        m.status = "FAILED";
        m.errors = [outcome.error];
        return;
      }
      Object.assign(m, { status: "READY", bytes: outcome.bytes, width: outcome.width, height: outcome.height, mimeType: outcome.mimeType });
      m.version++;
    });
  });
}

type Outcome = { bytes: Buffer; width: number; height: number; mimeType: string } | { error: MediaErrorRecord };

async function process(state: ShopifySandboxState, source: string): Promise<Outcome> {
  const bytes = await download(state, source);
  if (!bytes) return { error: mediaError("IMAGE_DOWNLOAD_FAILURE", source) };
  if (bytes.length > MAX_BYTES) return { error: mediaError("INVALID_IMAGE_FILE_SIZE") };
  try {
    const meta = await sharp(bytes).metadata();
    const mimeType = meta.format ? FORMATS[meta.format] : undefined;
    if (!mimeType || !meta.width || !meta.height) return { error: mediaError("UNSUPPORTED_IMAGE_FILE_TYPE") };
    if (meta.width * meta.height > MAX_PIXELS) return { error: mediaError("INVALID_IMAGE_RESOLUTION", `${meta.width}x${meta.height}`) };
    return { bytes, width: meta.width, height: meta.height, mimeType };
  } catch {
    return { error: mediaError("UNSUPPORTED_IMAGE_FILE_TYPE") };
  }
}

async function download(state: ShopifySandboxState, source: string): Promise<Buffer | null> {
  const stagedPrefix = `${state.baseUrl}/staged/`;
  if (source.startsWith(stagedPrefix)) return state.staged.get(decodeURIComponent(source.slice(stagedPrefix.length)))?.bytes ?? null;
  try {
    const res = await fetch(source, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
    if (!res.ok) return null;
    return Buffer.from(await res.arrayBuffer());
  } catch {
    return null;
  }
}
