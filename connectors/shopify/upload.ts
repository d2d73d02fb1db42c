// Where Shopify fetches a managed image from (CHANNELS.md §1.4): its own URL when that is public and
// already named `<sha256>.<ext>` (Shopify keeps the URL's file name, which is how we recognise our media);
// otherwise the bytes go to a staged upload named `<sha256>.<ext>` and the resourceUrl is used.
import { ChannelError } from "../channel";
import { httpRequest, type FetchLike } from "../http/fetch";
import { STAGED_UPLOADS, ESTIMATED_COST } from "./documents";
import type { ShopifyClient } from "./client";
import { fileNameOf } from "../http/url";
import { extensionFor, type ManagedImage } from "./plan";

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Default: https and not a loopback or private-looking host. */
export function isPublicUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === "https:" && !/^(localhost|127\.|10\.|192\.168\.|\[::1\])/.test(u.hostname);
  } catch {
    return false;
  }
}

export const fileNameFor = (image: ManagedImage) => `${image.sourceKey}.${extensionFor(image)}`;

/** originalSource for each image, in order; one stagedUploadsCreate call for those that need it. */
export async function sourcesFor(
  images: ManagedImage[],
  deps: { client: ShopifyClient; publicUrl: (url: string) => boolean; fetch?: FetchLike },
): Promise<string[]> {
  const direct = (img: ManagedImage) => deps.publicUrl(img.url) && fileNameOf(img.url) === fileNameFor(img);
  const toStage = images.filter((img) => !direct(img));
  const staged = new Map<ManagedImage, string>();
  if (toStage.length) {
    const input = toStage.map((img) => ({ resource: "IMAGE", filename: fileNameFor(img), mimeType: img.mime, httpMethod: "POST" }));
    const data = await deps.client.request(STAGED_UPLOADS, { input }, ESTIMATED_COST.STAGED_UPLOADS);
    const payload = isRecord(data.stagedUploadsCreate) ? data.stagedUploadsCreate : {};
    const errors = Array.isArray(payload.userErrors) ? payload.userErrors.filter(isRecord) : [];
    if (errors.length) throw new ChannelError("validation", `shopify: ${errors.map((e) => String(e.message)).join("; ")}`, { channelCode: "STAGED_UPLOAD" });
    const targets = Array.isArray(payload.stagedTargets) ? payload.stagedTargets.filter(isRecord) : [];
    await Promise.all(
      toStage.map(async (img, i) => {
        const t = targets[i];
        if (!t || typeof t.url !== "string" || typeof t.resourceUrl !== "string") throw new ChannelError("transient", "shopify: no staged upload target", { channelCode: "STAGED_UPLOAD" });
        await upload(t.url, Array.isArray(t.parameters) ? t.parameters.filter(isRecord) : [], img, deps.fetch);
        staged.set(img, t.resourceUrl);
      }),
    );
  }
  return images.map((img) => staged.get(img) ?? img.url);
}

/** POST multipart: every parameter first, then the file (the order the storage service requires). */
async function upload(url: string, parameters: Array<Record<string, unknown>>, image: ManagedImage, fetch?: FetchLike): Promise<void> {
  const bytes = await new Response(await image.open()).blob();
  const form = new FormData();
  for (const p of parameters) form.append(String(p.name), String(p.value));
  form.append("file", new Blob([bytes], { type: image.mime }), fileNameFor(image));
  // A fresh staged key written twice holds the same bytes: safe to retry.
  const res = await httpRequest({ method: "POST", url, body: form, idempotent: true, operation: "shopify.stagedUpload" }, fetch ? { fetch } : {});
  if (!res.ok) throw new ChannelError("transient", `shopify.stagedUpload: HTTP ${res.status}`, { channelCode: `HTTP_${res.status}` });
}
