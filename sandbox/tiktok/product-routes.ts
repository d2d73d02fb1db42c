// The business endpoints the connector uses (CHANNELS.md §3.1 step 6, §3.3): shops, image upload,
// product read, partial edit of main_images, and product search for catalogue import.
import { ApiError, CODE, ok, type Reply } from "./envelope";
import { isMultipart, type RequestContext } from "./context";
import type { CipherRule } from "./guard";
import { checkImage, MAX_UPLOAD_BYTES, USE_CASES } from "./image-rules";
import { parseMultipart } from "./multipart";
import type { SandboxProduct, TikTokSandboxState } from "./state";

export interface Route {
  /** The API's name: QPS limits are per API (§3.5). */
  api: string;
  method: "GET" | "POST";
  pattern: RegExp;
  cipher: CipherRule;
  handle(state: TikTokSandboxState, ctx: RequestContext, params: string[]): Promise<Reply>;
}

const PRODUCT = /^\/product\/202309\/products\/(\d+)$/;
const PARTIAL_EDIT = /^\/product\/202309\/products\/(\d+)\/partial_edit$/;

function productOr404(state: TikTokSandboxState, id: string): SandboxProduct {
  const p = state.products.get(id);
  if (!p) throw new ApiError(CODE.productNotFound, `Product ${id} does not exist`);
  return p;
}

function imageJson(state: TikTokSandboxState, uri: string) {
  const img = state.images.get(uri);
  const url = img?.url ?? null;
  return { uri, urls: url ? [url] : [], thumb_urls: url ? [url] : [], width: img?.width ?? 0, height: img?.height ?? 0 };
}

function productJson(state: TikTokSandboxState, p: SandboxProduct) {
  return {
    id: p.id,
    title: p.title,
    status: p.status,
    main_images: p.mainImages.map((u) => imageJson(state, u)),
    skus: p.skus,
    audit: { status: p.status === "PENDING" ? "AUDITING" : "APPROVED" },
    create_time: p.createTime,
    update_time: p.updateTime,
  };
}

function parseJson(ctx: RequestContext): unknown {
  if (!ctx.body || ctx.body.length === 0) return {};
  try {
    return JSON.parse(ctx.body.toString("utf8"));
  } catch {
    throw new ApiError(CODE.invalidParameter, "Request body is not valid JSON");
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

async function upload(state: TikTokSandboxState, ctx: RequestContext): Promise<Reply> {
  if (!isMultipart(ctx) || !ctx.body) throw new ApiError(CODE.invalidParameter, "Expected multipart/form-data with a `data` file");
  const form = await parseMultipart(ctx.body, ctx.contentType!, MAX_UPLOAD_BYTES).catch(() => {
    throw new ApiError(CODE.invalidParameter, "Malformed multipart body");
  });
  const file = form.files.data;
  if (!file) throw new ApiError(CODE.invalidParameter, "The `data` file field is required");
  if (file.truncated) throw new ApiError(CODE.imageTooLarge, "The image exceeds 10 MB");
  const useCase = form.fields.use_case ?? "MAIN_IMAGE";
  if (!(USE_CASES as readonly string[]).includes(useCase)) throw new ApiError(CODE.invalidParameter, `Unknown use_case ${useCase}`);
  const { width, height } = await checkImage(file.bytes, useCase);
  const img = state.addImage({ width, height, useCase });
  return ok({ uri: img.uri, url: img.url, width, height, use_case: useCase });
}

/** Only main_images may change here; the list becomes the whole gallery, in order (§3.3). */
async function partialEdit(state: TikTokSandboxState, ctx: RequestContext, [id]: string[]): Promise<Reply> {
  const body = parseJson(ctx);
  const p = productOr404(state, id!);
  if (!isRecord(body)) throw new ApiError(CODE.invalidParameter, "Body must be a JSON object");
  // Stricter than TikTok on purpose: anything but main_images (skus above all: omitted SKUs are deleted)
  // means the connector touched more than images.
  const extra = Object.keys(body).filter((k) => k !== "main_images");
  if (extra.length) throw new ApiError(CODE.invalidParameter, `Sandbox allows only main_images in partial_edit, got ${extra.join(", ")}`);
  const list = body.main_images;
  if (!Array.isArray(list) || list.length === 0) throw new ApiError(CODE.mainImageRequired, "Main image is required");
  if (list.length > 9) throw new ApiError(CODE.tooManyMainImages, "Too many main images: at most 9");
  const uris = list.map((e) => (isRecord(e) && typeof e.uri === "string" ? e.uri : ""));
  for (const uri of uris) {
    const img = state.images.get(uri);
    if (!img || img.useCase !== "MAIN_IMAGE") throw new ApiError(CODE.mainImageUriIllegal, `Main image uri is illegal: ${uri || "(missing)"}`);
  }
  p.mainImages = uris;
  state.startAudit(p);
  return ok({ product_id: p.id, skus: p.skus.map((s) => ({ id: s.id, seller_sku: s.seller_sku })) });
}

/** Page tokens are opaque to clients; here they are the offset, base64url. */
async function search(state: TikTokSandboxState, ctx: RequestContext): Promise<Reply> {
  parseJson(ctx); // filters are accepted and ignored
  const size = Number(ctx.query.get("page_size") ?? "");
  if (!Number.isInteger(size) || size < 1 || size > 100) throw new ApiError(CODE.invalidParameter, "page_size must be 1..100");
  const token = ctx.query.get("page_token");
  const offset = token ? Number(Buffer.from(token, "base64url").toString()) : 0;
  if (!Number.isInteger(offset) || offset < 0) throw new ApiError(CODE.invalidParameter, "Invalid page_token");
  const all = [...state.products.values()];
  const page = all.slice(offset, offset + size);
  const next = offset + size < all.length ? Buffer.from(String(offset + size)).toString("base64url") : "";
  return ok({ products: page.map((p) => productJson(state, p)), total_count: all.length, next_page_token: next });
}

export const ROUTES: Route[] = [
  { api: "getAuthorizedShops", method: "GET", pattern: /^\/authorization\/202309\/shops$/, cipher: "ignored", handle: async (s) => ok({ shops: [s.shop] }) },
  { api: "uploadProductImage", method: "POST", pattern: /^\/product\/202309\/images\/upload$/, cipher: "forbidden", handle: upload },
  { api: "getProduct", method: "GET", pattern: PRODUCT, cipher: "required", handle: async (s, _c, [id]) => ok(productJson(s, productOr404(s, id!))) },
  { api: "partialEditProduct", method: "POST", pattern: PARTIAL_EDIT, cipher: "required", handle: partialEdit },
  { api: "searchProducts", method: "POST", pattern: /^\/product\/202309\/products\/search$/, cipher: "required", handle: search },
];
