// Mutation root fields for product images (CHANNELS.md §1.4): productUpdate media (add), fileUpdate
// (replace content keeping the id, attach, detach), productReorderMedia (asynchronous job),
// stagedUploadsCreate and fileCreate. Business errors are userErrors, as Shopify answers them.
import { randomUUID } from "node:crypto";
import type { MediaRecord, ProductRecord } from "./model";
import { startProcessing } from "./processing";
import { int, list, mediaView, productView, rec, str, type Args, type Ctx } from "./views";

const MAX_MEDIA_PER_PRODUCT = 250;
const MAX_ALT = 512;

const filenameOf = (source: string): string => {
  try {
    const name = decodeURIComponent(new URL(source).pathname.split("/").pop() ?? "");
    return name || "image";
  } catch {
    return "image";
  }
};
const extensionOf = (filename: string) => (filename.includes(".") ? filename.slice(filename.lastIndexOf(".") + 1).toLowerCase() : "");
const isUrl = (s: string) => /^https?:\/\/[^\s]+$/.test(s);

function ownProduct(ctx: Ctx, id: string | undefined): ProductRecord | null {
  const p = ctx.state.products.get(id ?? "");
  return p && p.shop === ctx.shop ? p : null;
}

function productUpdate(args: Args, ctx: Ctx) {
  const input = rec(args.product);
  const p = ownProduct(ctx, str(input.id));
  if (!p) return { product: null, userErrors: [{ field: ["id"], message: "Product does not exist" }] };
  const media = list(args.media).map(rec);
  const userErrors: Array<{ field: string[]; message: string }> = [];
  media.forEach((m, i) => {
    if (m.mediaContentType !== "IMAGE") userErrors.push({ field: ["media", String(i), "mediaContentType"], message: "Only images are supported by this sandbox" });
    if (!isUrl(str(m.originalSource) ?? "")) userErrors.push({ field: ["media", String(i), "originalSource"], message: "Image URL is invalid" });
    if ((str(m.alt) ?? "").length > MAX_ALT) userErrors.push({ field: ["media", String(i), "alt"], message: "Alt text is too long (maximum is 512 characters)" });
  });
  if (p.mediaIds.length + media.length > MAX_MEDIA_PER_PRODUCT)
    userErrors.push({ field: ["media"], message: `Exceeded the maximum number of media per product (${MAX_MEDIA_PER_PRODUCT})` });
  if (userErrors.length) return { product: productView(ctx.state, p), userErrors };
  if (typeof input.title === "string") p.title = input.title;
  for (const m of media) {
    const source = str(m.originalSource)!;
    const record = ctx.state.newMedia(ctx.shop, filenameOf(source), source);
    record.alt = str(m.alt) ?? null;
    p.mediaIds.push(record.id);
    startProcessing(ctx.state, record, source);
  }
  return { product: productView(ctx.state, p), userErrors: [] };
}

type FileError = { field: string[]; message: string; code: string };

function checkFileUpdate(ctx: Ctx, f: Args, i: number): FileError[] {
  const at = (name: string) => ["files", String(i), name];
  const m = ctx.state.media.get(str(f.id) ?? "");
  if (!m || m.shop !== ctx.shop) return [{ field: at("id"), message: `File id ${str(f.id)} does not exist.`, code: "FILE_DOES_NOT_EXIST" }];
  const errors: FileError[] = [];
  const source = str(f.originalSource);
  if (source !== undefined) {
    if (str(f.previewImageSource) !== undefined) errors.push({ field: at("originalSource"), message: "Cannot update both originalSource and previewImageSource.", code: "INVALID" });
    if (m.status !== "READY") errors.push({ field: at("originalSource"), message: "The file is not in the READY state.", code: "NON_READY_STATE" });
    if (!isUrl(source)) errors.push({ field: at("originalSource"), message: "Invalid image source url value provided.", code: "INVALID_IMAGE_SOURCE_URL" });
  }
  const filename = str(f.filename);
  if (filename !== undefined && extensionOf(filename) !== extensionOf(m.filename))
    errors.push({ field: at("filename"), message: "Invalid filename extension.", code: "INVALID_FILENAME_EXTENSION" });
  if ((str(f.alt) ?? "").length > MAX_ALT) errors.push({ field: at("alt"), message: "The alt value exceeds the maximum limit of 512 characters.", code: "ALT_VALUE_LIMIT_EXCEEDED" });
  for (const ref of [...list(f.referencesToAdd), ...list(f.referencesToRemove)])
    if (!ownProduct(ctx, str(ref))) errors.push({ field: at("references"), message: "The target resource does not exist.", code: "REFERENCE_TARGET_DOES_NOT_EXIST" });
  return errors;
}

/** All or nothing: any userError and no file changes. */
function fileUpdate(args: Args, ctx: Ctx) {
  const files = list(args.files).map(rec);
  const userErrors = files.flatMap((f, i) => checkFileUpdate(ctx, f, i));
  if (userErrors.length) return { files: [], userErrors };
  const updated: MediaRecord[] = [];
  for (const f of files) {
    const m = ctx.state.media.get(str(f.id)!)!;
    if (str(f.alt) !== undefined) m.alt = str(f.alt)!;
    if (str(f.filename) !== undefined) m.filename = ctx.state.uniqueFilename(ctx.shop, str(f.filename)!, m.id);
    for (const ref of list(f.referencesToRemove)) {
      const p = ownProduct(ctx, str(ref))!;
      p.mediaIds = p.mediaIds.filter((id) => id !== m.id);
    }
    for (const ref of list(f.referencesToAdd)) {
      const p = ownProduct(ctx, str(ref))!;
      if (!p.mediaIds.includes(m.id)) p.mediaIds.push(m.id);
    }
    if (str(f.originalSource) !== undefined) startProcessing(ctx.state, m, str(f.originalSource)!);
    updated.push(m);
  }
  return { files: updated.map((m) => mediaView(ctx.state, m)), userErrors: [] };
}

function fileCreate(args: Args, ctx: Ctx) {
  const files = list(args.files).map(rec);
  const userErrors = files.flatMap((f, i) =>
    isUrl(str(f.originalSource) ?? "") ? [] : [{ field: ["files", String(i), "originalSource"], message: "Invalid image source url value provided.", code: "INVALID_IMAGE_SOURCE_URL" }],
  );
  if (userErrors.length) return { files: [], userErrors };
  const created = files.map((f) => {
    const source = str(f.originalSource)!;
    const m = ctx.state.newMedia(ctx.shop, str(f.filename) ?? filenameOf(source), source);
    m.alt = str(f.alt) ?? null;
    startProcessing(ctx.state, m, source);
    return mediaView(ctx.state, m);
  });
  return { files: created, userErrors: [] };
}

/** Moves apply in order when the job finishes, like Shopify's asynchronous reorder. */
function productReorderMedia(args: Args, ctx: Ctx) {
  const p = ownProduct(ctx, str(args.id));
  if (!p) return { job: null, mediaUserErrors: [{ field: ["id"], message: "Product does not exist", code: "PRODUCT_DOES_NOT_EXIST" }], userErrors: [] };
  const moves = list(args.moves).map(rec);
  const mediaUserErrors = moves.flatMap((mv, i) => {
    const errors = [];
    if (!p.mediaIds.includes(str(mv.id) ?? "")) errors.push({ field: ["moves", String(i), "id"], message: "Media does not exist on the given product.", code: "MEDIA_DOES_NOT_EXIST_ON_PRODUCT" });
    if (int(mv.newPosition) === undefined) errors.push({ field: ["moves", String(i), "newPosition"], message: "Position is invalid", code: "INVALID" });
    return errors;
  });
  if (mediaUserErrors.length) return { job: null, mediaUserErrors, userErrors: [] };
  const job = ctx.state.newJob();
  ctx.state.later(ctx.state.processingMs, () => {
    const live = ctx.state.products.get(p.id);
    if (live) {
      for (const mv of moves) {
        const id = str(mv.id)!;
        const ids = live.mediaIds.filter((x) => x !== id);
        if (ids.length === live.mediaIds.length) continue; // detached meanwhile
        ids.splice(Math.min(int(mv.newPosition)!, ids.length), 0, id);
        live.mediaIds = ids;
      }
    }
    job.done = true;
  });
  return { job: { id: job.id, done: false, query: null }, mediaUserErrors: [], userErrors: [] };
}

/** Targets on this sandbox: POST is a multipart form (parameters, then the file), PUT the bare bytes. */
function stagedUploadsCreate(args: Args, ctx: Ctx) {
  const base = ctx.state.baseUrl;
  const stagedTargets = list(args.input).map(rec).map((input) => {
    const filename = str(input.filename) ?? "file";
    const mimeType = str(input.mimeType) ?? "application/octet-stream";
    const key = `tmp/${randomUUID()}/${filename}`;
    ctx.state.staged.set(key, null);
    const resourceUrl = `${base}/staged/${key}`;
    if (input.httpMethod === "POST")
      return {
        url: `${base}/staged/`,
        resourceUrl,
        parameters: [
          { name: "Content-Type", value: mimeType },
          { name: "success_action_status", value: "201" },
          { name: "acl", value: "private" },
          { name: "key", value: key },
        ],
      };
    return { url: `${resourceUrl}?X-Goog-Signature=sandbox`, resourceUrl, parameters: [{ name: "content_type", value: mimeType }, { name: "acl", value: "private" }] };
  });
  return { stagedTargets, userErrors: [] };
}

export const mutationRoot = { productUpdate, fileUpdate, fileCreate, productReorderMedia, stagedUploadsCreate };
