// The TikTok Shop connector (DESIGN §6): readImages/setImages over GET product, image upload and
// partial_edit of main_images, plus catalogue import through product search.
//
// TikTok re-hosts every image and answers with its own `uri`, so nothing on TikTok says which uri came
// from which of our renditions. The app saves each upload's (uri, sourceKey) through `onCreated` BEFORE
// partial_edit (DESIGN §6) and hands those pairs back here as `known`: that is how a later run — even
// after a crash between upload and partial_edit's answer — recognises our images instead of uploading
// them again. Without `known`, every managed image would look foreign and setImages would not be idempotent.
import {
  bySlot,
  ChannelError,
  slotAt,
  type Catalogue,
  type Channel,
  type ChannelImage,
  type ListingRef,
  type ListingSummary,
  type PublishedImage,
  type SetImagesHooks,
  type TokenSource,
} from "../channel";
import type { FetchLike, HttpPolicy } from "../http";
import { getProduct, searchProducts, setMainImages, uploadMainImage, type ShopScope, type TikTokProduct } from "./api";
import { createTikTokClient, type CallLimiter } from "./client";
import { sameList, TIKTOK_CAPABILITIES, validateTikTokGallery } from "./gallery";

/** The (uri → sourceKey) pairs the app saved from onCreated. */
export interface KnownImages {
  sourceKeyOf(uri: string): Promise<string | null>;
}

export interface TikTokChannelOptions {
  baseUrl?: string;
  appKey: string;
  appSecret: string;
  shopCipher: string;
  tokens: TokenSource;
  known?: KnownImages;
  fetch?: FetchLike;
  limiter?: CallLimiter;
  http?: HttpPolicy;
}

type Managed = Extract<ChannelImage, { kind: "managed" }>;

const EXT: Record<string, string> = { "image/jpeg": "jpg", "image/png": "png", "image/webp": "webp" };

// The uri is TikTok's identity for an image's content: an edit on TikTok means a new uri.
const fingerprintOf = (uri: string) => `uri:${uri}`;

/** Product statuses that mean the listing is gone for us. */
const GONE = new Set(["DELETED"]);

function imageState(status: string): PublishedImage["state"] {
  if (status === "PENDING") return "processing"; // edit in audit
  if (status === "FAILED") return "failed";
  return "ready";
}

async function bytesOf(image: Managed): Promise<Blob> {
  // A Blob can be re-sent by the HTTP layer; the stream from open() could be read only once.
  const blob = await new Response(await image.open()).blob();
  return new Blob([blob], { type: image.mime });
}

export function createTikTokChannel(opts: TikTokChannelOptions): Channel & Catalogue {
  const client = createTikTokClient(opts);
  const known: KnownImages = opts.known ?? { sourceKeyOf: async () => null };
  const scope = (accountId: string): ShopScope => ({ client, accountId, shopCipher: opts.shopCipher });

  const publish = async (uris: string[], status: string, ours: Map<string, string>, urls: ReadonlyMap<string, string | null> = new Map()): Promise<PublishedImage[]> =>
    Promise.all(
      uris.map(async (uri, i) => ({
        url: urls.get(uri) ?? null,
        slot: slotAt(i),
        externalRef: uri,
        sourceKey: ours.get(uri) ?? (await known.sourceKeyOf(uri)),
        fingerprint: fingerprintOf(uri),
        state: imageState(status),
        issues: [],
      })),
    );

  // The product behind each gallery readImages answered, for setImages' `basedOn` (no second read).
  const reads = new WeakMap<PublishedImage[], { key: string; product: TikTokProduct }>();
  const keyOf = (ref: ListingRef) => `${ref.accountId}\u0000${ref.externalId}`;

  async function readProduct(ref: ListingRef): Promise<TikTokProduct | null> {
    try {
      const p = await getProduct(scope(ref.accountId), ref.externalId);
      return GONE.has(p.status) ? null : p;
    } catch (e) {
      if (e instanceof ChannelError && e.kind === "not_found") return null;
      throw e;
    }
  }

  async function setImages(ref: ListingRef, desired: ChannelImage[], hooks: SetImagesHooks): Promise<PublishedImage[]> {
    const problems = validateTikTokGallery(desired);
    if (problems.length) throw new ChannelError("validation", problems.map((p) => p.message).join(" "), { channelCode: problems[0]!.rule });
    const read = hooks.basedOn ? reads.get(hooks.basedOn) : undefined;
    const product = read && read.key === keyOf(ref) ? read.product : await readProduct(ref);
    if (!product) throw new ChannelError("not_found", `TikTok product ${ref.externalId} does not exist.`, { channelCode: "12052032" });
    const current = product.mainImages.map((i) => i.uri);
    const s = scope(ref.accountId);

    // uri → sourceKey for our images on the product now, then for what this run uploads.
    const ours = new Map<string, string>();
    for (const uri of current) {
      const key = await known.sourceKeyOf(uri);
      if (key !== null) ours.set(uri, key);
    }
    const taken = new Set<string>();
    const next: string[] = [];
    for (const want of bySlot(desired)) {
      if (want.kind === "external") {
        // Passed through as is: TikTok itself refuses a uri it does not know (12052300).
        next.push(want.externalRef);
        taken.add(want.externalRef);
        continue;
      }
      const reuse = current.find((uri) => !taken.has(uri) && ours.get(uri) === want.sourceKey);
      if (reuse) {
        next.push(reuse);
        taken.add(reuse);
        continue;
      }
      const uploaded = await uploadMainImage(s, await bytesOf(want), `${want.sourceKey}.${EXT[want.mime] ?? "jpg"}`);
      ours.set(uploaded.uri, want.sourceKey);
      // Saved by the app before the gallery points at it, so a crash after partial_edit still knows it.
      await hooks.onCreated({ slot: want.slot, externalRef: uploaded.uri, sourceKey: want.sourceKey, fingerprint: fingerprintOf(uploaded.uri), state: "processing", issues: [] });
      next.push(uploaded.uri);
      taken.add(uploaded.uri);
    }

    // Set semantics: the same list again means no call at all (and no new audit).
    const urls = new Map(product.mainImages.map((i) => [i.uri, i.url]));
    if (sameList(next, current)) return publish(current, product.status, ours, urls);
    await setMainImages(s, ref.externalId, next);
    return publish(next, "PENDING", ours, urls);
  }

  async function listListings(accountId: string, page: { cursor: string | null; limit: number }): Promise<{ items: ListingSummary[]; nextCursor: string | null }> {
    const size = Math.max(1, Math.min(100, Math.floor(page.limit)));
    const res = await searchProducts(scope(accountId), { token: page.cursor, size });
    const items = res.products.map(
      (p): ListingSummary => ({
        ref: { accountId, externalId: p.id },
        title: p.title,
        skus: p.sellerSkus,
        status: p.status || null,
        // [2nd] whether search results carry main_images is unverified: empty when they do not.
        images: p.mainImages.map((i) => ({ externalRef: i.uri, url: i.url, width: i.width, height: i.height })),
      }),
    );
    return { items, nextCursor: res.next };
  }

  return {
    id: "tiktok",
    capabilities: TIKTOK_CAPABILITIES,
    validate: validateTikTokGallery,
    readImages: async (ref) => {
      const p = await readProduct(ref);
      if (!p) return null;
      const out = await publish(p.mainImages.map((i) => i.uri), p.status, new Map(), new Map(p.mainImages.map((i) => [i.uri, i.url])));
      reads.set(out, { key: keyOf(ref), product: p });
      return out;
    },
    setImages,
    listListings,
  };
}
