// Stored records as the objects graphql-js resolves against the 2025-01 schema. graphql-js's default
// resolver reads a property, or calls it with (args) when it is a function; abstract types (Media,
// File, Node) are resolved through __typename.
import { GraphQLError } from "graphql";
import type { MediaRecord, ProductRecord } from "./model";
import type { ShopifySandboxState } from "./state";

export type Args = Record<string, unknown>;
export interface Ctx {
  state: ShopifySandboxState;
  shop: string;
}

export const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
export const int = (v: unknown): number | undefined => (typeof v === "number" ? v : typeof v === "string" && /^\d+$/.test(v) ? Number(v) : undefined);
export const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const rec = (v: unknown): Args => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Args) : {});

const MAX_PAGE = 250;
const cursorOf = (id: string) => Buffer.from(JSON.stringify({ last_id: id })).toString("base64");
function idOfCursor(cursor: string): string | null {
  try {
    const v = rec(JSON.parse(Buffer.from(cursor, "base64").toString("utf8"))).last_id;
    return typeof v === "string" ? v : null;
  } catch {
    return null;
  }
}

/** Relay pagination as Shopify does it: one of first/last required, at most 250, opaque cursors. */
export function connection<T extends { id: string }>(items: T[], args: Args, view: (t: T) => object) {
  const first = int(args.first);
  const last = int(args.last);
  if (first === undefined && last === undefined) throw new GraphQLError("you must provide one of first or last", { extensions: { code: "BAD_REQUEST" } });
  if ((first ?? 0) > MAX_PAGE || (last ?? 0) > MAX_PAGE) throw new GraphQLError(`The maximum number of objects that can be requested (${MAX_PAGE}) was exceeded`, { extensions: { code: "BAD_REQUEST" } });
  let all = args.reverse === true ? [...items].reverse() : items;
  const after = str(args.after);
  const before = str(args.before);
  if (after) {
    const at = all.findIndex((t) => t.id === idOfCursor(after));
    all = at >= 0 ? all.slice(at + 1) : [];
  }
  if (before) {
    const at = all.findIndex((t) => t.id === idOfCursor(before));
    all = at >= 0 ? all.slice(0, at) : all;
  }
  let page = all;
  if (first !== undefined) page = page.slice(0, first);
  if (last !== undefined) page = page.slice(Math.max(0, page.length - last));
  const startIdx = all.indexOf(page[0]!);
  const nodes = page.map(view);
  return {
    nodes,
    edges: page.map((t, i) => ({ cursor: cursorOf(t.id), node: nodes[i] })),
    pageInfo: {
      hasNextPage: page.length > 0 && all.indexOf(page[page.length - 1]!) < all.length - 1,
      hasPreviousPage: Boolean(after) || startIdx > 0,
      startCursor: page.length ? cursorOf(page[0]!.id) : null,
      endCursor: page.length ? cursorOf(page[page.length - 1]!.id) : null,
    },
  };
}

export const cdnUrl = (state: ShopifySandboxState, m: MediaRecord) => `${state.baseUrl}/s/files/1/0000/0001/files/${encodeURIComponent(m.filename)}?v=${m.version}`;

export function mediaView(state: ShopifySandboxState, m: MediaRecord) {
  const ready = m.status === "READY";
  const image = ready
    ? { __typename: "Image", id: m.id.replace("MediaImage", "ImageSource"), url: () => cdnUrl(state, m), width: m.width, height: m.height, altText: m.alt }
    : null;
  return {
    __typename: "MediaImage",
    id: m.id,
    alt: m.alt,
    status: m.status,
    fileStatus: m.status,
    mediaContentType: "IMAGE",
    mimeType: m.mimeType,
    createdAt: m.createdAt,
    updatedAt: m.updatedAt,
    image,
    // The source as given (URL or staged resourceUrl): it carries the filename while image is null.
    originalSource: { url: m.originalSource, fileSize: m.bytes?.length ?? null },
    preview: { status: m.status, image },
    mediaErrors: m.errors,
    fileErrors: [],
    mediaWarnings: [],
  };
}

export function productView(state: ShopifySandboxState, p: ProductRecord) {
  const media = () => p.mediaIds.map((id) => state.media.get(id)).filter((m): m is MediaRecord => m !== undefined);
  const variant = { __typename: "ProductVariant", id: p.id.replace("Product", "ProductVariant"), sku: p.sku, title: "Default Title" };
  return {
    __typename: "Product",
    id: p.id,
    legacyResourceId: p.id.split("/").pop(),
    title: p.title,
    handle: p.handle,
    status: p.status,
    media: (args: Args) => connection(media(), args, (m) => mediaView(state, m)),
    mediaCount: () => ({ count: p.mediaIds.length, precision: "EXACT" }),
    featuredMedia: () => {
      const m = media()[0];
      return m ? mediaView(state, m) : null;
    },
    variants: (args: Args) => connection([variant], args, (v) => v),
    productType: p.productType,
    vendor: p.vendor,
    tags: p.tags,
    updatedAt: p.updatedAt,
    // Collections in creation order, as Shopify lists a product's collections by id.
    collections: (args: Args) =>
      connection(
        [...state.collections.values()].filter((c) => c.shop === p.shop && c.productIds.includes(p.id)),
        args,
        (c) => ({ __typename: "Collection", id: c.id, title: c.title, handle: c.handle }),
      ),
  };
}
