// The Channel contract (DESIGN §6): one interface that Shopify, Amazon, TikTok Shop and the in-memory
// fake implement. A connector receives credentials, `fetch` and callbacks as arguments and never
// imports app code or the database. `sandbox/` may import this file (types only) and nothing else here.

export type ChannelId = "shopify" | "amazon" | "tiktok";
export const CHANNEL_IDS = ["shopify", "amazon", "tiktok"] as const satisfies readonly ChannelId[];

/** `main`, then `pos2`…`posN`. Amazon maps main→MAIN and pos2..pos9→PT01..PT08; TikTok order = position. */
export type SlotId = "main" | `pos${number}`;

/** Rendition presets (DESIGN §10). */
export type PresetId =
  | "shopify.product"
  | "amazon.main"
  | "amazon.other"
  | "tiktok.main"
  | "tmall.main"
  | "jd.main"
  | "shopee.main"
  | "instagram.4x5"
  | "vertical.9x16"
  | "thumb"
  | "preview";

/** A listing on a channel: a Shopify product, an Amazon SKU in a marketplace, a TikTok product. */
export interface ListingRef {
  /** Our ChannelAccount id: the credentials handed to the connector belong to it. */
  accountId: string;
  /** Shopify product GID, Amazon seller SKU, TikTok product id. */
  externalId: string;
  /** Amazon marketplace id (e.g. ATVPDKIKX0DER); unused elsewhere. */
  marketplaceId?: string;
  /** Amazon product type of the listing (needed to patch it); read from the listing when absent. */
  productType?: string;
}

export type ChannelImage =
  | {
      kind: "managed";
      slot: SlotId;
      /** The rendition's sha256: how the connector recognises its own image after a crash. */
      sourceKey: string;
      /** Public, immutable, content-addressed URL of the rendition (Amazon fetches it). */
      url: string;
      mime: string;
      width: number;
      height: number;
      alt?: string;
      open(): Promise<ReadableStream<Uint8Array>>;
    }
  /** An image the app does not manage: kept exactly as it is on the channel. */
  | { kind: "external"; slot: SlotId; externalRef: string };

export interface ChannelIssue {
  code: string;
  message: string;
  severity: "error" | "warning";
  slot?: SlotId;
  /** The channel failed the image for a passing reason (it could not download it): sending it again may work. */
  transient?: boolean;
}

/** Failed by the channel only for passing reasons: every error it names is transient. */
export const failedOnlyInPassing = (img: { state: PublishedImage["state"]; issues: ChannelIssue[] }): boolean =>
  img.state === "failed" && img.issues.length > 0 && img.issues.every((i) => i.severity !== "error" || i.transient === true);

export interface PublishedImage {
  slot: SlotId;
  /** Channel-side id: Shopify MediaImage GID, Amazon locator URL, TikTok uri. */
  externalRef: string;
  /** sha256 of our rendition when the image is ours, null for images we do not manage. */
  sourceKey: string | null;
  /** What the channel shows now (changes when someone edits the image on the channel: drift). */
  fingerprint: string;
  state: "processing" | "ready" | "failed";
  issues: ChannelIssue[];
  /** Where the channel serves the image, when it says (shown beside ours when it drifted). */
  url?: string | null;
}

/** Something wrong with a desired gallery, found before anything is queued. */
export interface Problem {
  slot: SlotId | null;
  rule: string;
  message: string;
}

export interface ChannelCapabilities {
  maxImages: number;
  slots: SlotId[];
  /** Slots that may never be left empty (Amazon MAIN, TikTok's first image, Shopify's first). */
  requiredSlots: SlotId[];
  video: boolean;
  mainPreset: PresetId;
}

export interface SetImagesHooks {
  /** Called as soon as the channel holds a new image, before the gallery is changed to use it. */
  onCreated(p: PublishedImage): Promise<void>;
  /**
   * What `readImages` of this same Channel instance just answered, when the caller planned `desired`
   * from it: the connector may build on that read instead of reading the listing again (a read costs
   * the channel's rate limit; Amazon's getListingsItem allows 5 a second). Omitted: it reads.
   */
  basedOn?: PublishedImage[];
}

export interface Channel {
  id: ChannelId;
  capabilities: ChannelCapabilities;
  /** Pure: problems with the desired gallery, before anything is queued. */
  validate(images: ChannelImage[]): Problem[];
  /** The listing's gallery now, or null when the listing is gone. */
  readImages(ref: ListingRef): Promise<PublishedImage[] | null>;
  /**
   * Optional: the galleries of many listings of one account in few calls (Amazon: searchListingsItems by
   * up to 20 SKUs, from its own usage plan), keyed by externalId; a listing the channel no longer has is
   * null. Read-backs of listings the channel is still processing use it, so confirming writes does not
   * spend the single-listing read the next publish needs.
   */
  readImagesMany?(refs: ListingRef[]): Promise<Map<string, PublishedImage[] | null>>;
  /** Makes the gallery equal `desired` (set semantics: running it again changes nothing). */
  setImages(ref: ListingRef, desired: ChannelImage[], hooks: SetImagesHooks): Promise<PublishedImage[]>;
}

/** A listing as the catalogue import sees it. */
export interface ListingSummary {
  ref: ListingRef;
  title: string;
  /** SKU(s), for search. */
  skus: string[];
  status: string | null;
  images: Array<{ externalRef: string; url: string | null; width: number | null; height: number | null }>;
  /**
   * What the channel's catalogue says about the product, where the connector reads it (Shopify: product
   * type, vendor, tags, the titles of its collections). Absent: the channel gave none of it.
   */
  catalogue?: { productType: string | null; vendor: string | null; tags: string[]; collections: string[] };
}

/** Catalogue import: every listing of the account, page by page. */
export interface Catalogue {
  listListings(accountId: string, page: { cursor: string | null; limit: number }): Promise<{ items: ListingSummary[]; nextCursor: string | null }>;
}

export type ChannelErrorKind = "throttled" | "auth" | "validation" | "not_found" | "transient";

/** The one error type of every connector. `throttled` carries when to try again; it costs no attempt. */
export class ChannelError extends Error {
  readonly kind: ChannelErrorKind;
  readonly retryAfterMs: number | null;
  /** The channel's own code (e.g. THROTTLED, 36009002, InvalidInput), for logs and the UI. */
  readonly channelCode: string | null;
  /** The channel's per-image issues, when it said which image was wrong. */
  readonly issues: ChannelIssue[];
  constructor(kind: ChannelErrorKind, message: string, opts: { retryAfterMs?: number | null; channelCode?: string | null; issues?: ChannelIssue[] } = {}) {
    super(message);
    this.name = "ChannelError";
    this.kind = kind;
    this.retryAfterMs = opts.retryAfterMs ?? null;
    this.channelCode = opts.channelCode ?? null;
    this.issues = opts.issues ?? [];
  }
}

export const isChannelError = (e: unknown): e is ChannelError => e instanceof ChannelError;

/** 0 for main, 1 for pos2, … */
export function slotIndex(slot: SlotId): number {
  if (slot === "main") return 0;
  const n = Number(slot.slice(3));
  if (!Number.isInteger(n) || n < 2) throw new Error(`Not a slot: ${slot}`);
  return n - 1;
}

/** The slot at a 0-based gallery position. */
export const slotAt = (index: number): SlotId => (index === 0 ? "main" : `pos${index + 1}`);

export const isSlotId = (v: string): v is SlotId => v === "main" || /^pos([2-9]|[1-9][0-9]+)$/.test(v);

/** Orders a gallery by slot. */
export const bySlot = <T extends { slot: SlotId }>(images: T[]): T[] => [...images].sort((a, b) => slotIndex(a.slot) - slotIndex(b.slot));

/**
 * How a connector gets its access token (Amazon, TikTok): the app keeps tokens encrypted and refreshes
 * them single-flight per account; a connector asks for the current one and, when the channel says it
 * expired, asks once for a refresh and retries once.
 */
export interface TokenSource {
  accessToken(): Promise<string>;
  /** Refreshes (single-flight in the app) and answers the new token; throws ChannelError('auth') when the grant is gone. */
  refresh(): Promise<string>;
}

/** Runs `call` with the current token; on an `auth` error, refreshes once and runs it once more. */
export async function withTokenRefresh<T>(tokens: TokenSource, call: (token: string) => Promise<T>): Promise<T> {
  try {
    return await call(await tokens.accessToken());
  } catch (e) {
    if (!(e instanceof ChannelError) || e.kind !== "auth") throw e;
    return call(await tokens.refresh());
  }
}
