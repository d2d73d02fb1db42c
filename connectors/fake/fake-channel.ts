// An in-memory channel that keeps the Channel contract (Medusa's in-memory fixture): the contract suite
// runs against it and against every real connector on its sandbox, so the sync engine can be tested
// without HTTP. It behaves like Shopify where the channels differ (replacing an image keeps its id).
import { createHash, randomUUID } from "node:crypto";
import {
  bySlot,
  ChannelError,
  slotAt,
  withTokenRefresh,
  type Catalogue,
  type Channel,
  type ChannelCapabilities,
  type ChannelImage,
  type ListingRef,
  type ListingSummary,
  type Problem,
  type PublishedImage,
  type SetImagesHooks,
  type TokenSource,
} from "../channel";

interface StoredImage {
  externalRef: string;
  sourceKey: string | null;
  /** Hash of the bytes the channel holds. */
  contentHash: string;
}

/** The channel's side of things, shared by the connector and the test that pokes at it. */
export class FakeChannelState {
  readonly listings = new Map<string, StoredImage[]>();
  validToken = "token-1";
  refreshes = 0;
  calls = 0;
  private throttleNext: number | null = null;
  private tokenCounter = 1;

  /** A listing with images the app does not manage. */
  seedListing(externalId: string, externalImages = 1): ListingRef {
    this.listings.set(
      externalId,
      Array.from({ length: externalImages }, (_, i) => ({ externalRef: `ext-${externalId}-${i}`, sourceKey: null, contentHash: `seed-${externalId}-${i}` })),
    );
    return { accountId: "fake-account", externalId };
  }
  deleteListing(externalId: string) {
    this.listings.delete(externalId);
  }
  /** Someone edits the image in a slot directly on the channel. */
  editOnChannel(externalId: string, index: number) {
    const img = this.listings.get(externalId)?.[index];
    if (img) img.contentHash = `edited-${randomUUID()}`;
  }
  throttleOnce(retryAfterMs: number) {
    this.throttleNext = retryAfterMs;
  }
  expireToken() {
    this.validToken = `token-${++this.tokenCounter}`;
  }
  /** The token endpoint: hands out the currently valid token. */
  refreshToken(): string {
    this.refreshes++;
    return this.validToken;
  }
  /** Every API call goes through here: token check, then rate limit. */
  enter(token: string) {
    this.calls++;
    if (token !== this.validToken) throw new ChannelError("auth", "The access token expired.", { channelCode: "token_expired" });
    if (this.throttleNext !== null) {
      const ms = this.throttleNext;
      this.throttleNext = null;
      throw new ChannelError("throttled", "Too many requests.", { retryAfterMs: ms, channelCode: "429" });
    }
  }
}

export const FAKE_CAPABILITIES: ChannelCapabilities = {
  maxImages: 9,
  slots: Array.from({ length: 9 }, (_, i) => slotAt(i)),
  requiredSlots: ["main"],
  video: false,
  mainPreset: "shopify.product",
};

const fingerprintOf = (img: StoredImage) => createHash("sha256").update(`${img.externalRef}:${img.contentHash}`).digest("hex").slice(0, 32);

async function hashOf(image: Extract<ChannelImage, { kind: "managed" }>): Promise<string> {
  const h = createHash("sha256");
  const reader = (await image.open()).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    h.update(value);
  }
  return h.digest("hex");
}

export function validateGallery(capabilities: ChannelCapabilities, images: ChannelImage[]): Problem[] {
  const problems: Problem[] = [];
  if (images.length > capabilities.maxImages) problems.push({ slot: null, rule: "max_images", message: `At most ${capabilities.maxImages} images.` });
  const seen = new Set<string>();
  for (const img of images) {
    if (!capabilities.slots.includes(img.slot)) problems.push({ slot: img.slot, rule: "slot", message: `No slot ${img.slot} on this channel.` });
    if (seen.has(img.slot)) problems.push({ slot: img.slot, rule: "duplicate_slot", message: `Two images for ${img.slot}.` });
    seen.add(img.slot);
  }
  for (const slot of capabilities.requiredSlots)
    if (!seen.has(slot)) problems.push({ slot, rule: "required_slot", message: `The ${slot} image cannot be left empty.` });
  return problems;
}

export function createFakeChannel(state: FakeChannelState, tokens: TokenSource): Channel {
  const publish = (images: StoredImage[]): PublishedImage[] =>
    images.map((img, i) => ({ slot: slotAt(i), externalRef: img.externalRef, sourceKey: img.sourceKey, fingerprint: fingerprintOf(img), state: "ready", issues: [] }));

  return {
    id: "shopify",
    capabilities: FAKE_CAPABILITIES,
    validate: (images) => validateGallery(FAKE_CAPABILITIES, images),

    readImages: (ref) =>
      withTokenRefresh(tokens, async (token) => {
        state.enter(token);
        const images = state.listings.get(ref.externalId);
        return images ? publish(images) : null;
      }),

    setImages: (ref: ListingRef, desired: ChannelImage[], hooks: SetImagesHooks) =>
      withTokenRefresh(tokens, async (token) => {
        state.enter(token);
        const problems = validateGallery(FAKE_CAPABILITIES, desired);
        if (problems.length) throw new ChannelError("validation", problems.map((p) => p.message).join(" "), { channelCode: problems[0]!.rule });
        const current = state.listings.get(ref.externalId);
        if (!current) throw new ChannelError("not_found", `Listing ${ref.externalId} does not exist.`);
        const next: StoredImage[] = [];
        const unused = new Set(current);
        for (const [i, want] of bySlot(desired).entries()) {
          if (want.kind === "external") {
            const keep = current.find((c) => c.externalRef === want.externalRef);
            if (!keep) throw new ChannelError("validation", `Image ${want.externalRef} is not on this listing.`, { channelCode: "unknown_image" });
            unused.delete(keep);
            next.push(keep);
            continue;
          }
          const same = current.find((c) => c.sourceKey === want.sourceKey && unused.has(c));
          if (same) {
            unused.delete(same);
            next.push(same);
            continue;
          }
          // Replace the content of our own image in that position, keeping its id (as Shopify's fileUpdate).
          const inPlace = current[i];
          const contentHash = await hashOf(want);
          if (inPlace && inPlace.sourceKey !== null && unused.has(inPlace) && !desired.some((d) => d.kind === "managed" && d.sourceKey === inPlace.sourceKey)) {
            unused.delete(inPlace);
            inPlace.sourceKey = want.sourceKey;
            inPlace.contentHash = contentHash;
            next.push(inPlace);
            continue;
          }
          const created: StoredImage = { externalRef: `fake-media-${randomUUID()}`, sourceKey: want.sourceKey, contentHash };
          await hooks.onCreated({ slot: want.slot, externalRef: created.externalRef, sourceKey: created.sourceKey, fingerprint: fingerprintOf(created), state: "ready", issues: [] });
          next.push(created);
        }
        state.listings.set(ref.externalId, next);
        return publish(next);
      }),
  };
}

/** The fake's catalogue: its listings, in id order, `limit` per page. */
export function createFakeCatalogue(state: FakeChannelState, titles: Map<string, string> = new Map()): Catalogue {
  return {
    async listListings(accountId, page) {
      const ids = [...state.listings.keys()].sort();
      const start = page.cursor ? ids.findIndex((id) => id > page.cursor!) : 0;
      const slice = start < 0 ? [] : ids.slice(start, start + page.limit);
      const items: ListingSummary[] = slice.map((id) => ({
        ref: { accountId, externalId: id },
        title: titles.get(id) ?? `Product ${id}`,
        skus: [`SKU-${id}`],
        status: "ACTIVE",
        images: state.listings.get(id)!.map((img) => ({ externalRef: img.externalRef, url: `https://fake.example/${img.externalRef}.jpg`, width: 1000, height: 1000 })),
      }));
      const last = slice[slice.length - 1];
      return { items, nextCursor: last && start + page.limit < ids.length ? last : null };
    },
  };
}
