// The sandbox's stored records: what a shop holds, in Shopify's terms (GIDs, MediaStatus, MediaErrorCode).

export type MediaStatus = "UPLOADED" | "PROCESSING" | "READY" | "FAILED";
export type ProductStatus = "ACTIVE" | "DRAFT" | "ARCHIVED";

export interface MediaErrorRecord {
  code: string;
  details: string | null;
  message: string;
}

/** A MediaImage: a file of the shop, attached to zero or more products. */
export interface MediaRecord {
  id: string;
  shop: string;
  /** Kept from the source (or set by fileUpdate); the CDN URL ends with it. */
  filename: string;
  alt: string | null;
  status: MediaStatus;
  /** The URL the content was (or is being) fetched from. */
  originalSource: string;
  /** Bumped each time the content changes: the CDN URL carries it as ?v= (as Shopify's does). */
  version: number;
  width: number | null;
  height: number | null;
  mimeType: string | null;
  bytes: Buffer | null;
  errors: MediaErrorRecord[];
  /** Counts content operations, so a stale processing run never overwrites a newer one. */
  op: number;
  createdAt: string;
  updatedAt: string;
}

export interface ProductRecord {
  id: string;
  shop: string;
  title: string;
  handle: string;
  status: ProductStatus;
  sku: string;
  /** Media in gallery order. */
  mediaIds: string[];
  /** The catalogue fields Shopify keeps ("" when unset, as Shopify answers them). */
  productType: string;
  vendor: string;
  tags: string[];
  updatedAt: string;
}

/** A collection (custom or smart: the sandbox keeps its members as a list either way). */
export interface CollectionRecord {
  id: string;
  shop: string;
  title: string;
  handle: string;
  productIds: string[];
}

export interface JobRecord {
  id: string;
  done: boolean;
}

export interface RequestLogEntry {
  at: number;
  method: string;
  path: string;
  status: number;
  shop: string | null;
  /** The GraphQL document and variables (never the token). */
  query?: string;
  variables?: Record<string, unknown>;
  /** Top-level error codes answered (THROTTLED, validation codes, …). */
  errorCodes?: string[];
  /** extensions.cost as answered: what the query asked of the bucket and what it was charged (null: not run). */
  cost?: { requested: number; actual: number | null };
}

export const gid = (type: string, n: number | string) => `gid://shopify/${type}/${n}`;
