// The product endpoints the channel uses (CHANNELS.md §3.3), typed: the rest of the connector never
// sees raw JSON. Idempotency is declared honestly: reads (and search, a read sent as POST) are retried,
// upload and partial_edit never are.
import { ChannelError } from "../channel";
import type { TikTokClient } from "./client";

export interface TikTokImage {
  uri: string;
  url: string | null;
  width: number | null;
  height: number | null;
}

export interface TikTokProduct {
  id: string;
  title: string;
  status: string;
  mainImages: TikTokImage[];
  sellerSkus: string[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : null);

function parseImage(v: unknown): TikTokImage | null {
  if (!isRecord(v) || typeof v.uri !== "string") return null;
  const urls = Array.isArray(v.urls) ? v.urls.filter((u): u is string => typeof u === "string") : [];
  return { uri: v.uri, url: urls[0] ?? null, width: num(v.width), height: num(v.height) };
}

function parseProduct(v: unknown, op: string): TikTokProduct {
  if (!isRecord(v) || typeof v.id !== "string") throw new ChannelError("transient", `${op}: unexpected product shape`);
  const images = Array.isArray(v.main_images) ? v.main_images.map(parseImage).filter((i): i is TikTokImage => i !== null) : [];
  const skus = Array.isArray(v.skus) ? v.skus.filter(isRecord).map((s) => (typeof s.seller_sku === "string" ? s.seller_sku : "")).filter(Boolean) : [];
  return { id: v.id, title: typeof v.title === "string" ? v.title : "", status: typeof v.status === "string" ? v.status : "", mainImages: images, sellerSkus: skus };
}

export interface ShopScope {
  client: TikTokClient;
  accountId: string;
  shopCipher: string;
}

const productPath = (id: string) => `/product/202309/products/${encodeURIComponent(id)}`;

export async function getProduct(s: ShopScope, id: string): Promise<TikTokProduct> {
  const op = "tiktok.getProduct";
  const data = await s.client.call({ method: "GET", path: productPath(id), operation: op, accountId: s.accountId, shopCipher: s.shopCipher, idempotent: true });
  return parseProduct(data, op);
}

/** A new uri every time, even for the same bytes; never with shop_cipher (36009004). */
export async function uploadMainImage(s: ShopScope, bytes: Blob, filename: string): Promise<TikTokImage> {
  const form = new FormData();
  form.set("data", bytes, filename);
  form.set("use_case", "MAIN_IMAGE");
  const data = await s.client.call({ method: "POST", path: "/product/202309/images/upload", operation: "tiktok.uploadImage", accountId: s.accountId, form, idempotent: false });
  const img = parseImage(isRecord(data) ? { ...data, urls: typeof data.url === "string" ? [data.url] : [] } : null);
  if (!img) throw new ChannelError("transient", "tiktok.uploadImage: no uri in the answer");
  return img;
}

/** The gallery becomes exactly `uris`, in order. Only main_images is sent: an omitted skus keeps the SKUs. */
export async function setMainImages(s: ShopScope, id: string, uris: string[]): Promise<void> {
  await s.client.call({
    method: "POST",
    path: `${productPath(id)}/partial_edit`,
    operation: "tiktok.partialEdit",
    accountId: s.accountId,
    shopCipher: s.shopCipher,
    json: { main_images: uris.map((uri) => ({ uri })) },
    idempotent: false,
  });
}

export async function searchProducts(s: ShopScope, page: { token: string | null; size: number }): Promise<{ products: TikTokProduct[]; next: string | null }> {
  const op = "tiktok.searchProducts";
  const query: Record<string, string> = { page_size: String(page.size) };
  if (page.token) query.page_token = page.token;
  // A read sent as POST (the body holds filters): safe to retry.
  const data = await s.client.call({ method: "POST", path: "/product/202309/products/search", operation: op, accountId: s.accountId, shopCipher: s.shopCipher, query, json: {}, idempotent: true });
  if (!isRecord(data)) throw new ChannelError("transient", `${op}: unexpected answer`);
  const products = Array.isArray(data.products) ? data.products.map((p) => parseProduct(p, op)) : [];
  const next = typeof data.next_page_token === "string" && data.next_page_token !== "" ? data.next_page_token : null;
  return { products, next };
}
