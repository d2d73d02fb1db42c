import type { Prisma } from "../db/database";
import { blobResponse } from "../http/blob-response";
import { isBlobError } from "../media/blob-core";
import type { BlobStore } from "../media/blob-store";
import { findRenditionByMediaAddress } from "./versions.repository";

type MediaFile = NonNullable<Awaited<ReturnType<typeof findRenditionByMediaAddress>>>;

// /media lookups are kept for a short while. A content address never changes what it serves, and after an
// approval the channels download one rendition once per listing (3,000 downloads for 1,000 listings on
// three channels), each a query on the database the publish jobs keep busy (on the embedded database, one
// connection). Kept, it is one query per address per KEEP_MS, and concurrent lookups share it. A deleted
// rendition or an uninstalled shop stops being served within KEEP_MS (a CDN would serve the immutable URL
// far longer); a blob gone from the store is forgotten at once (forgetRendition). Misses are not kept: a
// rendition can appear at any moment.
const KEEP_MS = 30_000;
const MAX_KEPT = 1_000;
const kept = new Map<string, { until: number; file: Promise<MediaFile | null> }>();

/** The rendition served at /media/<mediaKey>/<sha256>.<ext>, if the shop is installed. */
export function findRendition(prisma: Prisma, mediaKey: string, sha256: string, now = Date.now()): Promise<MediaFile | null> {
  const key = `${mediaKey}/${sha256}`;
  const hit = kept.get(key);
  if (hit && hit.until > now) return hit.file;
  kept.delete(key);
  const file = findRenditionByMediaAddress(prisma, mediaKey, sha256);
  kept.set(key, { until: now + KEEP_MS, file });
  if (kept.size > MAX_KEPT) kept.delete(kept.keys().next().value!);
  // A miss or a failed query is asked again next time.
  file.then(
    (f) => void (f === null && kept.get(key)?.file === file && kept.delete(key)),
    () => void (kept.get(key)?.file === file && kept.delete(key)),
  );
  return file;
}

/** Drops a kept lookup (its blob was not in the store), or every one (tests). */
export function forgetRendition(mediaKey?: string, sha256?: string): void {
  if (mediaKey === undefined || sha256 === undefined) kept.clear();
  else kept.delete(`${mediaKey}/${sha256}`);
}

/**
 * GET /media/<mediaKey>/<sha256>.<ext>: the rendition's bytes at its immutable address, or 404 — also when
 * its blob is gone from the store (the kept lookup is then forgotten).
 */
export async function renditionResponse(deps: { prisma: Prisma; blobs: BlobStore }, mediaKey: string, sha256: string): Promise<Response> {
  const notFound = () => new Response("Not found", { status: 404 });
  const rendition = await findRendition(deps.prisma, mediaKey, sha256);
  if (!rendition) return notFound();
  try {
    return await blobResponse(deps.blobs, rendition.blob, { immutable: true });
  } catch (e) {
    if (!isBlobError(e, "not_found")) throw e;
    forgetRendition(mediaKey, sha256);
    return notFound();
  }
}
