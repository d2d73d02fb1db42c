// The Amazon connector (DESIGN §6): a listing's gallery is its image locator attributes, written with
// one patchListingsItem. ACCEPTED only means queued — Amazon downloads and checks each URL later —
// so what was submitted reads as `processing` until getListingsItem shows it (or its issues).
import { ChannelError, type Catalogue, type Channel, type ChannelCapabilities, type ChannelImage, type ListingRef, type Problem, type PublishedImage, type SetImagesHooks, type SlotId } from "../channel";
import { diffGallery, issuesBySlot, locatorsToSend, publishedImage } from "./gallery";
import type { AmazonItem, ItemSearchResults, SubmissionResponse } from "./model-types";
import { listListings } from "./catalogue";
import { PendingSubmissions } from "./pending";
import { createSpApi, type SpApiClientOptions } from "./sp-api";
import { AMAZON_SLOTS, attributeOf, readLocators } from "./slots";

export interface AmazonChannelOptions extends SpApiClientOptions {
  /** The selling_partner_id from authorisation. */
  sellerId: string;
  /** Used when a ListingRef names none. */
  marketplaceId?: string;
  /** Prefixes of our media URLs; without it any URL ending in /<sha256>.<ext> counts as ours. */
  mediaBaseUrls?: string[];
  /** How long an unreflected submission counts as processing (Amazon: usually hours, up to 24 h). */
  pendingTtlMs?: number;
  now?: () => number;
}

export const AMAZON_CAPABILITIES: ChannelCapabilities = { maxImages: 9, slots: AMAZON_SLOTS, requiredSlots: ["main"], video: false, mainPreset: "amazon.main" };

export const DEFAULT_MARKETPLACE_ID = "ATVPDKIKX0DER";

/** searchListingsItems takes at most 20 identifiers (and answers at most 20 items a page). */
const SEARCH_BY_SKU_MAX = 20;

export function validateAmazonGallery(images: ChannelImage[]): Problem[] {
  const problems: Problem[] = [];
  if (images.length > AMAZON_CAPABILITIES.maxImages) problems.push({ slot: null, rule: "max_images", message: "Amazon takes at most 9 images (MAIN and PT01–PT08)." });
  const seen = new Set<SlotId>();
  for (const img of images) {
    if (!AMAZON_SLOTS.includes(img.slot)) problems.push({ slot: img.slot, rule: "slot", message: `Amazon has no slot ${img.slot} (main, pos2…pos9).` });
    if (seen.has(img.slot)) problems.push({ slot: img.slot, rule: "duplicate_slot", message: `Two images for ${img.slot}.` });
    seen.add(img.slot);
  }
  if (!seen.has("main")) problems.push({ slot: "main", rule: "required_slot", message: "Amazon listings need a MAIN image." });
  return problems;
}

export function createAmazonChannel(o: AmazonChannelOptions): Channel & Catalogue {
  const spApi = createSpApi(o);
  const pending = new PendingSubmissions(o.pendingTtlMs ?? 24 * 3600_000, o.now ?? Date.now);
  const mp = (ref: ListingRef) => ref.marketplaceId ?? o.marketplaceId ?? DEFAULT_MARKETPLACE_ID;
  const keyOf = (ref: ListingRef) => JSON.stringify([ref.accountId, mp(ref), ref.externalId]);
  // The item behind each gallery readImages answered, for setImages' `basedOn` (no second read).
  const reads = new WeakMap<PublishedImage[], { key: string; item: AmazonItem }>();
  const itemPath = (sku: string) => `/listings/2021-08-01/items/${encodeURIComponent(o.sellerId)}/${encodeURIComponent(sku)}`;

  const getItem = async (ref: ListingRef): Promise<AmazonItem | null> => {
    try {
      return await spApi<AmazonItem>({
        accountId: ref.accountId,
        operation: "getListingsItem",
        method: "GET",
        path: itemPath(ref.externalId),
        query: { marketplaceIds: mp(ref), includedData: "attributes,issues,summaries" },
      });
    } catch (e) {
      if (e instanceof ChannelError && e.kind === "not_found") return null;
      throw e;
    }
  };

  const gallery = (ref: ListingRef, item: AmazonItem): PublishedImage[] => {
    const current = readLocators(item.attributes, mp(ref));
    const waiting = pending.unreflected(keyOf(ref), current);
    const issues = issuesBySlot(item.issues);
    return [...current].map(([slot, url]) => publishedImage(slot, url, issues.get(slot) ?? [], waiting.has(slot), o.mediaBaseUrls));
  };

  return {
    id: "amazon",
    capabilities: AMAZON_CAPABILITIES,
    validate: validateAmazonGallery,

    async readImages(ref) {
      const item = await getItem(ref);
      if (!item) return null;
      const out = gallery(ref, item);
      reads.set(out, { key: keyOf(ref), item });
      return out;
    },

    async readImagesMany(refs) {
      const out = new Map<string, PublishedImage[] | null>();
      const byMarketplace = new Map<string, ListingRef[]>();
      for (const ref of refs) byMarketplace.set(`${ref.accountId}\u0000${mp(ref)}`, [...(byMarketplace.get(`${ref.accountId}\u0000${mp(ref)}`) ?? []), ref]);
      for (const group of byMarketplace.values()) {
        for (let i = 0; i < group.length; i += SEARCH_BY_SKU_MAX) {
          const chunk = group.slice(i, i + SEARCH_BY_SKU_MAX);
          const first = chunk[0]!;
          const res = await spApi<ItemSearchResults>({
            accountId: first.accountId,
            operation: "searchListingsItems",
            method: "GET",
            path: `/listings/2021-08-01/items/${encodeURIComponent(o.sellerId)}`,
            query: {
              marketplaceIds: mp(first),
              identifiersType: "SKU",
              identifiers: chunk.map((r) => r.externalId).join(","),
              includedData: "attributes,issues,summaries",
              pageSize: String(SEARCH_BY_SKU_MAX),
            },
          });
          const items = new Map(res.items.map((item) => [item.sku, item]));
          for (const ref of chunk) {
            const item = items.get(ref.externalId);
            if (!item) {
              out.set(ref.externalId, null);
              continue;
            }
            const images = gallery(ref, item);
            reads.set(images, { key: keyOf(ref), item });
            out.set(ref.externalId, images);
          }
        }
      }
      return out;
    },

    async setImages(ref: ListingRef, desired: ChannelImage[], hooks: SetImagesHooks) {
      const problems = validateAmazonGallery(desired);
      if (problems.length) throw new ChannelError("validation", problems.map((p) => p.message).join(" "), { channelCode: problems[0]!.rule });
      const read = hooks.basedOn ? reads.get(hooks.basedOn) : undefined;
      const item = read && read.key === keyOf(ref) ? read.item : await getItem(ref);
      if (!item) throw new ChannelError("not_found", `Amazon SKU ${ref.externalId} does not exist in ${mp(ref)}.`, { channelCode: "NOT_FOUND" });
      const productType = ref.productType ?? item.summaries?.find((s) => s.marketplaceId === mp(ref))?.productType ?? item.summaries?.[0]?.productType;
      if (!productType) throw new ChannelError("validation", `Amazon SKU ${ref.externalId} has no product type.`, { channelCode: "NO_PRODUCT_TYPE" });
      const shown = readLocators(item.attributes, mp(ref));
      // What the listing will show once this instance's pending submission lands: re-sending it is no change.
      const current = new Map(shown);
      for (const [slot, url] of pending.unreflected(keyOf(ref), shown)) {
        if (url === null) current.delete(slot);
        else current.set(slot, url);
      }
      const want = locatorsToSend(desired, current, gallery(ref, item));
      const patches = diffGallery(current, want, mp(ref));
      if (patches.length === 0) return gallery(ref, item);

      const res = await spApi<SubmissionResponse>({
        accountId: ref.accountId,
        operation: "patchListingsItem",
        method: "PATCH",
        path: itemPath(ref.externalId),
        query: { marketplaceIds: mp(ref), includedData: "issues" },
        body: { productType, patches },
      });
      if (res.status !== "ACCEPTED") {
        const issues = issuesBySlot(res.issues);
        const all = res.issues ?? [];
        throw new ChannelError("validation", `amazon.patchListingsItem: ${all.map((i) => i.message).join(" ") || res.status}`, {
          channelCode: all[0]?.code ?? res.status,
          issues: [...issues.values()].flat(),
        });
      }
      pending.record(keyOf(ref), want);
      const changed = new Set(AMAZON_SLOTS.filter((s) => patches.some((p) => p.path === `/attributes/${attributeOf(s)}`)));
      const before = new Set(shown.values());
      const issues = issuesBySlot(item.issues);
      const out: PublishedImage[] = [];
      for (const img of [...desired].sort((a, b) => AMAZON_SLOTS.indexOf(a.slot) - AMAZON_SLOTS.indexOf(b.slot))) {
        const url = want.get(img.slot)!;
        const p = publishedImage(img.slot, url, changed.has(img.slot) ? [] : (issues.get(img.slot) ?? []), changed.has(img.slot), o.mediaBaseUrls);
        const published = img.kind === "managed" ? { ...p, sourceKey: img.sourceKey } : p;
        if (img.kind === "managed" && !before.has(url)) await hooks.onCreated(published);
        out.push(published);
      }
      return out;
    },

    listListings: (accountId, page) => listListings(spApi, { accountId, sellerId: o.sellerId, marketplaceId: o.marketplaceId ?? DEFAULT_MARKETPLACE_ID }, page),
  };
}
