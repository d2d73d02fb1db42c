// A product's media as the connector sees them: Shopify's nodes read defensively into CurrentMedia, and
// those into PublishedImage (slot by position, our sourceKey from the `<sha256>.<ext>` file name).
import { createHash } from "node:crypto";
import { slotAt, type ChannelIssue, type PublishedImage } from "../channel";
import { fileNameOf } from "../http/url";

export type MediaStatus = "UPLOADED" | "PROCESSING" | "READY" | "FAILED";

export interface CurrentMedia {
  id: string;
  status: MediaStatus;
  /** sha256 of our rendition when the file name is ours, else null. */
  sourceKey: string | null;
  /** Extension of the stored file name ("jpg"), null when unknown: fileUpdate may not change it. */
  extension: string | null;
  /** image.url when READY (carries ?v=, which changes with the content), else the original source. */
  url: string | null;
  errors: Array<{ code: string; message: string; details: string | null }>;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const strOf = (v: unknown): string | null => (typeof v === "string" ? v : null);
const STATUSES = new Set<string>(["UPLOADED", "PROCESSING", "READY", "FAILED"]);
/** Shopify could not fetch our URL (our server slow or briefly unreachable): creating the media again may work. */
export const TRANSIENT_MEDIA_ERRORS = new Set(["IMAGE_DOWNLOAD_FAILURE"]);

/** `<sha256>.<ext>`, also with the `_<uuid>` Shopify appends when the name is taken in the shop. */
const OUR_NAME = /^([0-9a-f]{64})(?:_[0-9a-f-]{36})?\.([a-z0-9]+)$/i;

/** A medium's mediaErrors, [] when not asked for (the gallery reads ask only about FAILED media). */
export function parseMediaErrors(node: Record<string, unknown>): CurrentMedia["errors"] {
  return Array.isArray(node.mediaErrors)
    ? node.mediaErrors.filter(isRecord).map((e) => ({ code: strOf(e.code) ?? "UNKNOWN", message: strOf(e.message) ?? "Media error", details: strOf(e.details) }))
    : [];
}

export function parseMediaNode(node: unknown): CurrentMedia | null {
  if (!isRecord(node) || typeof node.id !== "string") return null;
  const imageUrl = isRecord(node.image) ? strOf(node.image.url) : null;
  const sourceUrl = isRecord(node.originalSource) ? strOf(node.originalSource.url) : null;
  // The stored name shows in image.url once READY; before that only the source tells it.
  const name = fileNameOf(imageUrl) ?? fileNameOf(sourceUrl);
  const ours = name?.match(OUR_NAME);
  const ext = name && name.includes(".") ? name.slice(name.lastIndexOf(".") + 1).toLowerCase() : null;
  const errors = parseMediaErrors(node);
  const status = strOf(node.status) ?? "";
  return {
    id: node.id,
    status: (STATUSES.has(status) ? status : "PROCESSING") as MediaStatus,
    sourceKey: node.mediaContentType === "IMAGE" && ours ? ours[1]!.toLowerCase() : null,
    extension: ext,
    url: imageUrl ?? sourceUrl,
    errors,
  };
}

export function toPublished(media: CurrentMedia[]): PublishedImage[] {
  return media.map((m, i) => {
    const slot = slotAt(i);
    const issues: ChannelIssue[] = m.errors.map((e) => ({
      code: e.code,
      message: e.details ? `${e.message} (${e.details})` : e.message,
      severity: "error",
      slot,
      ...(TRANSIENT_MEDIA_ERRORS.has(e.code) ? { transient: true } : {}),
    }));
    return {
      slot,
      externalRef: m.id,
      sourceKey: m.sourceKey,
      fingerprint: createHash("sha256").update(`${m.id}\n${m.url ?? m.status}`).digest("hex").slice(0, 32),
      state: m.status === "READY" ? "ready" : m.status === "FAILED" ? "failed" : "processing",
      issues,
      url: m.url ?? null,
    };
  });
}

export const EXTENSION_BY_MIME: Record<string, string> = { "image/jpeg": "jpg", "image/png": "png", "image/gif": "gif", "image/webp": "webp" };
