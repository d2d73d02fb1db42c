// The seller's listings as the sandbox keeps them, and how getListingsItem / searchListingsItems
// render them (Item in the Listings Items model). Image attributes hold what was submitted; per-image
// processing results live in `imageIssues` keyed by attribute name.
import { randomBytes } from "node:crypto";
import type { Json } from "./json-schema";

export interface SandboxIssue {
  code: string;
  message: string;
  severity: "ERROR" | "WARNING" | "INFO";
  attributeNames: string[];
  categories: string[];
  marketplaceIds: string[];
}

export interface SandboxListing {
  sku: string;
  asin: string;
  productType: string;
  itemName: string;
  status: string[];
  createdDate: string;
  lastUpdatedDate: string;
  attributes: Record<string, Json>;
  imageIssues: Map<string, SandboxIssue>;
  /** Amazon's own copy of the main image (summaries.mainImage), once an image was ingested. */
  mainImage: { link: string; width: number; height: number } | null;
}

export const IMAGE_ATTRIBUTES = ["main_product_image_locator", ...Array.from({ length: 8 }, (_, i) => `other_product_image_locator_${i + 1}`)];

export const INCLUDED_DATA = ["summaries", "attributes", "issues", "offers", "fulfillmentAvailability", "procurement", "relationships", "productTypes"];

const PRODUCT_TYPES = ["SHIRT", "SHOES", "LUGGAGE", "HOME_BED_AND_BATH", "KITCHEN"];

/** An image already in Amazon's media store (what Seller Central shows for images someone else uploaded). */
export const AMAZON_MEDIA_ORIGIN = "https://m.media-amazon.com";
export const amazonMediaUrl = (origin: string = AMAZON_MEDIA_ORIGIN) => `${origin}/images/I/${randomBytes(8).toString("hex")}.jpg`;

export function newListing(sku: string, marketplaceId: string, at: Date, opts: { productType?: string; title?: string; images?: string[] } = {}): SandboxListing {
  const attributes: Record<string, Json> = {
    item_name: [{ value: opts.title ?? `Sandbox product ${sku}`, language_tag: "en_US", marketplace_id: marketplaceId }],
  };
  (opts.images ?? []).forEach((url, i) => (attributes[IMAGE_ATTRIBUTES[i]!] = [{ media_location: url, marketplace_id: marketplaceId }]));
  return {
    sku,
    asin: `B0${randomBytes(4).toString("hex").toUpperCase()}`,
    productType: opts.productType ?? "SHIRT",
    itemName: opts.title ?? `Sandbox product ${sku}`,
    status: ["BUYABLE", "DISCOVERABLE"],
    createdDate: at.toISOString(),
    lastUpdatedDate: at.toISOString(),
    attributes,
    imageIssues: new Map(),
    mainImage: null,
  };
}

/** A catalogue of `count` listings, each with one to three Amazon-hosted images. */
export function seedCatalogue(count: number, marketplaceId: string, at: Date): SandboxListing[] {
  return Array.from({ length: count }, (_, i) =>
    newListing(`SEED-${String(i + 1).padStart(4, "0")}`, marketplaceId, new Date(at.getTime() - i * 60_000), {
      productType: PRODUCT_TYPES[i % PRODUCT_TYPES.length],
      title: `Seeded product ${i + 1}`,
      images: Array.from({ length: 1 + (i % 3) }, () => amazonMediaUrl()),
    }),
  );
}

/** The Item body for the requested data sets. */
export function renderItem(l: SandboxListing, marketplaceId: string, included: string[]): Record<string, Json> {
  const item: Record<string, Json> = { sku: l.sku };
  if (included.includes("summaries")) {
    const summary: Record<string, Json> = {
      marketplaceId,
      asin: l.asin,
      productType: l.productType,
      conditionType: "new_new",
      status: l.status,
      itemName: l.itemName,
      createdDate: l.createdDate,
      lastUpdatedDate: l.lastUpdatedDate,
    };
    if (l.mainImage) summary.mainImage = l.mainImage;
    item.summaries = [summary];
  }
  if (included.includes("attributes")) item.attributes = l.attributes;
  if (included.includes("issues")) item.issues = [...l.imageIssues.values()].map((i) => ({ ...i }));
  if (included.includes("productTypes")) item.productTypes = [{ marketplaceId, productType: l.productType }];
  for (const k of ["offers", "fulfillmentAvailability", "procurement", "relationships"]) if (included.includes(k)) item[k] = [];
  return item;
}
