// The Shopify connector (DESIGN §6, CHANNELS.md §1.4): makes a product's media gallery equal the desired
// list with the non-deprecated mutations — fileUpdate originalSource to replace content keeping the
// media id, productUpdate media to add, fileUpdate referencesToRemove to detach, productReorderMedia to
// order — and waits until Shopify has processed the media. It never refreshes tokens: the app's
// `graphql` function does (two refreshers would race a rotating refresh token).
import { ChannelError, slotAt, type Catalogue, type ChannelIssue, type SlotId, type Channel, type ChannelCapabilities, type ChannelImage, type ListingRef, type ListingSummary, type Problem, type PublishedImage, type SetImagesHooks } from "../channel";
import { systemSleep, type Sleep } from "../http/clock";
import { ShopifyCostBuckets } from "../http/cost-bucket";
import type { FetchLike } from "../http/fetch";
import { createShopifyClient, type ShopifyClient, type ShopifyGraphql } from "./client";
import { ESTIMATED_COST, FILE_UPDATE, JOB_STATUS, MEDIA_ERRORS, MEDIA_STATUS, PRODUCT_ADD_MEDIA, PRODUCT_MEDIA, PRODUCTS_PAGE, REORDER_MEDIA } from "./documents";
import { parseMediaErrors, parseMediaNode, toPublished, TRANSIENT_MEDIA_ERRORS, type CurrentMedia } from "./media";
import { isNoop, planGallery, reorderMoves, type ManagedImage } from "./plan";
import { fileNameFor, isPublicUrl, sourcesFor } from "./upload";

export interface ShopifyChannelOptions {
  graphql: ShopifyGraphql;
  /** The shop's myshopify domain: the cost bucket's key. */
  shop: string;
  /** Share one instance across connectors of a process, so every caller of a shop sees one bucket. */
  costBuckets?: ShopifyCostBuckets;
  /** Between reads while media process and reorder jobs run (default 1 s). */
  pollIntervalMs?: number;
  /** Longest setImages waits for processing or a job before failing `transient` (default 120 s). */
  processingTimeoutMs?: number;
  /** Whether Shopify can fetch a rendition URL itself; otherwise it is sent by staged upload. */
  publicUrl?: (url: string) => boolean;
  /** For staged uploads (globalThis.fetch by default). */
  fetch?: FetchLike;
  sleep?: Sleep;
}

/** Between reads while media process and reorder jobs run. */
export const SHOPIFY_POLL_INTERVAL_MS = 1000;

const MAX_MEDIA = 250;
// Media per gallery read: Shopify reserves a connection's requested cost (first × node cost) before it
// runs, so 50 would hold ~154 points for a product that has 3 images; 10 asks ~34 and most galleries fit.
const PAGE = 10;
const LISTINGS_PAGE_MAX = 25; // keeps PRODUCTS_PAGE under Shopify's 1000-point single-query cap

export const SHOPIFY_CAPABILITIES: ChannelCapabilities = {
  maxImages: MAX_MEDIA,
  slots: Array.from({ length: MAX_MEDIA }, (_, i) => slotAt(i)),
  requiredSlots: ["main"],
  video: false,
  mainPreset: "shopify.product",
};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const records = (v: unknown): Array<Record<string, unknown>> => (Array.isArray(v) ? v.filter(isRecord) : []);

export function validateShopifyGallery(images: ChannelImage[]): Problem[] {
  const problems: Problem[] = [];
  if (images.length > MAX_MEDIA) problems.push({ slot: null, rule: "max_images", message: `Shopify allows at most ${MAX_MEDIA} media per product.` });
  const seen = new Set<string>();
  for (const img of images) {
    if (!SHOPIFY_CAPABILITIES.slots.includes(img.slot)) problems.push({ slot: img.slot, rule: "slot", message: `No slot ${img.slot} on Shopify.` });
    if (seen.has(img.slot)) problems.push({ slot: img.slot, rule: "duplicate_slot", message: `Two images for ${img.slot}.` });
    seen.add(img.slot);
  }
  if (!seen.has("main")) problems.push({ slot: "main", rule: "required_slot", message: "The main image cannot be left empty." });
  return problems;
}

/** userErrors → ChannelError with Shopify's own message ('not_found' when the product is gone). */
function userErrorsToError(errors: Array<Record<string, unknown>>): ChannelError | null {
  if (!errors.length) return null;
  const message = `shopify: ${errors.map((e) => String(e.message)).join("; ")}`;
  const code = typeof errors[0]!.code === "string" ? errors[0]!.code : "USER_ERROR";
  const gone = errors.some((e) => e.code === "PRODUCT_DOES_NOT_EXIST" || /^Product does not exist/i.test(String(e.message)));
  return new ChannelError(gone ? "not_found" : "validation", message, { channelCode: gone ? "PRODUCT_DOES_NOT_EXIST" : code });
}

export function createShopifyChannel(opts: ShopifyChannelOptions): Channel & Catalogue {
  const client: ShopifyClient = createShopifyClient({ graphql: opts.graphql, shop: opts.shop, costBuckets: opts.costBuckets ?? new ShopifyCostBuckets() });
  const sleep = opts.sleep ?? systemSleep;
  const pollMs = opts.pollIntervalMs ?? SHOPIFY_POLL_INTERVAL_MS;
  const timeoutMs = opts.processingTimeoutMs ?? 120_000;
  // The media behind each gallery readImages answered, for setImages' `basedOn` (no second read).
  const reads = new WeakMap<PublishedImage[], { productId: string; media: CurrentMedia[] }>();

  /** The whole gallery in position order, or null when the product is gone. */
  async function readMedia(productId: string): Promise<CurrentMedia[] | null> {
    const out: CurrentMedia[] = [];
    let after: string | null = null;
    for (;;) {
      const data = await client.request(PRODUCT_MEDIA, { id: productId, first: PAGE, after }, ESTIMATED_COST.PRODUCT_MEDIA);
      if (!isRecord(data.product)) return null;
      const media = isRecord(data.product.media) ? data.product.media : {};
      for (const n of records(media.nodes)) {
        const m = parseMediaNode(n);
        if (m) out.push(m);
      }
      const info = isRecord(media.pageInfo) ? media.pageInfo : {};
      if (info.hasNextPage !== true || typeof info.endCursor !== "string") return withErrors(out);
      after = info.endCursor;
    }
  }

  /** The media with why those that FAILED failed (one query, and only when some did). */
  async function withErrors(media: CurrentMedia[]): Promise<CurrentMedia[]> {
    const ids = media.filter((m) => m.status === "FAILED" && !m.errors.length).map((m) => m.id);
    if (!ids.length) return media;
    const data = await client.request(MEDIA_ERRORS, { ids }, ESTIMATED_COST.MEDIA_ERRORS);
    const errors = new Map(records(data.nodes).flatMap((n) => (typeof n.id === "string" ? [[n.id, parseMediaErrors(n)] as const] : [])));
    return media.map((m) => (errors.get(m.id)?.length ? { ...m, errors: errors.get(m.id)! } : m));
  }

  async function poll<T>(what: string, check: () => Promise<T | null>, opts: { waitFirst?: boolean } = {}): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    if (opts.waitFirst) await sleep(pollMs);
    for (;;) {
      const v = await check();
      if (v !== null) return v;
      if (Date.now() > deadline) throw new ChannelError("transient", `shopify: ${what} did not finish within ${timeoutMs} ms`, { channelCode: "TIMEOUT" });
      await sleep(pollMs);
    }
  }

  async function fileUpdate(files: Array<Record<string, unknown>>): Promise<void> {
    const data = await client.request(FILE_UPDATE, { files }, ESTIMATED_COST.FILE_UPDATE);
    const err = userErrorsToError(records(isRecord(data.fileUpdate) ? data.fileUpdate.userErrors : []));
    if (err) throw err;
  }

  /** Appends media; answers them in input order. */
  async function addMedia(productId: string, images: ManagedImage[], sources: string[]): Promise<CurrentMedia[]> {
    const media = images.map((img, i) => ({ originalSource: sources[i], alt: img.alt ?? null, mediaContentType: "IMAGE" }));
    const data = await client.request(PRODUCT_ADD_MEDIA, { product: { id: productId }, media, added: images.length }, ESTIMATED_COST.PRODUCT_ADD_MEDIA);
    const payload = isRecord(data.productUpdate) ? data.productUpdate : {};
    const err = userErrorsToError(records(payload.userErrors));
    if (err) throw err;
    const product = isRecord(payload.product) ? payload.product : null;
    if (!product) throw new ChannelError("not_found", `shopify: product ${productId} does not exist`, { channelCode: "PRODUCT_DOES_NOT_EXIST" });
    const created = records(isRecord(product.media) ? product.media.nodes : []).map(parseMediaNode).filter((m): m is CurrentMedia => m !== null);
    if (created.length !== images.length) throw new ChannelError("transient", "shopify: productUpdate did not return the new media", { channelCode: "BAD_RESPONSE" });
    return created;
  }

  /** Polls until none of `ids` is UPLOADED/PROCESSING (answers them as last seen); FAILED ones become a `validation` error (`transient` when Shopify only failed to download them). */
  async function waitProcessed(productId: string, ids: string[], created: Set<string>, slots: Map<string, SlotId>): Promise<CurrentMedia[]> {
    const media = await poll("media processing", async () => {
      const data = await client.request(MEDIA_STATUS, { ids }, ESTIMATED_COST.MEDIA_STATUS);
      const now = (Array.isArray(data.nodes) ? data.nodes : []).map(parseMediaNode).filter((m): m is CurrentMedia => m !== null);
      return now.length < ids.length || now.some((m) => m.status === "UPLOADED" || m.status === "PROCESSING") ? null : now;
    }, { waitFirst: true }).then(withErrors); // Shopify takes a while to fetch and process an image: asking at once only costs points
    const failed = media.filter((m) => m.status === "FAILED");
    if (!failed.length) return media;
    // New media that failed are detached, so the gallery stays as it was; the error says why.
    const detach = failed.filter((m) => created.has(m.id)).map((m) => ({ id: m.id, referencesToRemove: [productId] }));
    if (detach.length) await fileUpdate(detach).catch(() => undefined);
    const issues: ChannelIssue[] = failed.flatMap((m) =>
      m.errors.map((e) => ({ code: e.code, message: e.details ? `${e.message} (${e.details})` : e.message, severity: "error" as const, slot: slots.get(m.id) })),
    );
    const message = `shopify: ${issues.map((i) => i.message).join("; ") || "media processing failed"}`;
    // Shopify could not fetch our URL (our server slow or briefly unreachable): worth another attempt, which
    // creates the media again. Anything else about the image (type, size, resolution) stays a validation error.
    const transient = failed.every((m) => m.errors.length > 0 && m.errors.every((e) => TRANSIENT_MEDIA_ERRORS.has(e.code)));
    throw new ChannelError(transient ? "transient" : "validation", message, { channelCode: failed[0]!.errors[0]?.code ?? "FAILED", issues });
  }

  async function reorder(productId: string, order: string[], target: string[]): Promise<void> {
    const moves = reorderMoves(order, target);
    if (!moves.length) return;
    const data = await client.request(REORDER_MEDIA, { id: productId, moves }, ESTIMATED_COST.REORDER_MEDIA);
    const payload = isRecord(data.productReorderMedia) ? data.productReorderMedia : {};
    const err = userErrorsToError(records(payload.mediaUserErrors));
    if (err) throw err;
    const job = isRecord(payload.job) ? payload.job : null;
    if (!job || job.done === true || typeof job.id !== "string") return;
    const jobId = job.id;
    await poll("media reorder job", async () => {
      const d = await client.request(JOB_STATUS, { id: jobId }, ESTIMATED_COST.JOB_STATUS);
      return isRecord(d.job) && d.job.done === false ? null : true;
    });
  }

  async function setImages(ref: ListingRef, desired: ChannelImage[], hooks: SetImagesHooks): Promise<PublishedImage[]> {
    const problems = validateShopifyGallery(desired);
    if (problems.length) throw new ChannelError("validation", problems.map((p) => p.message).join(" "), { channelCode: problems[0]!.rule });
    const productId = ref.externalId;
    const read = hooks.basedOn ? reads.get(hooks.basedOn) : undefined;
    const current = read && read.productId === productId ? read.media : await readMedia(productId);
    if (!current) throw new ChannelError("not_found", `shopify: product ${productId} does not exist`, { channelCode: "PRODUCT_DOES_NOT_EXIST" });
    const plan = planGallery(current, desired);
    if (isNoop(plan, current)) return toPublished(current);

    const replace = plan.steps.flatMap((s) => (s.kind === "replace" ? [s] : []));
    const create = plan.steps.flatMap((s) => (s.kind === "create" ? [s] : []));
    const sources = await sourcesFor([...replace.map((s) => s.image), ...create.map((s) => s.image)], {
      client,
      publicUrl: opts.publicUrl ?? isPublicUrl,
      fetch: opts.fetch,
    });
    if (replace.length)
      await fileUpdate(replace.map((s, i) => ({ id: s.id, originalSource: sources[i], filename: fileNameFor(s.image), ...(s.image.alt !== undefined ? { alt: s.image.alt } : {}) })));
    const createdIds: string[] = [];
    if (create.length) {
      const created = await addMedia(productId, create.map((s) => s.image), sources.slice(replace.length));
      const published = toPublished(created);
      for (const [i, m] of created.entries()) {
        createdIds.push(m.id);
        await hooks.onCreated({ ...published[i]!, slot: create[i]!.image.slot, sourceKey: create[i]!.image.sourceKey });
      }
    }
    const slots = new Map<string, SlotId>([...replace.map((s): [string, SlotId] => [s.id, s.image.slot]), ...createdIds.map((id, i): [string, SlotId] => [id, create[i]!.image.slot])]);
    const processed = slots.size ? await waitProcessed(productId, [...slots.keys()], new Set(createdIds), slots) : [];

    if (plan.detach.length) await fileUpdate(plan.detach.map((id) => ({ id, referencesToRemove: [productId] })));
    let next = 0;
    const target = plan.steps.map((s) => (s.kind === "create" ? createdIds[next++]! : s.id));
    const detached = new Set(plan.detach);
    // After productUpdate the new media are last, in the order sent.
    const order = [...current.map((m) => m.id), ...createdIds].filter((id) => !detached.has(id));
    await reorder(productId, order, target);

    // The gallery now, without reading it again (a read is most of a publish's points): the media we left
    // alone as read, the ones we sent as the status poll last saw them (READY, with their image URL), in
    // the order the reorder job applied. Anything unaccounted for, and it reads.
    const byId = new Map<string, CurrentMedia>([...current, ...processed].map((m) => [m.id, m]));
    const known = target.map((id) => byId.get(id));
    if (known.every((m): m is CurrentMedia => m !== undefined)) return toPublished(known);
    const final = await readMedia(productId);
    if (!final) throw new ChannelError("not_found", `shopify: product ${productId} does not exist`, { channelCode: "PRODUCT_DOES_NOT_EXIST" });
    return toPublished(final);
  }

  async function listListings(accountId: string, page: { cursor: string | null; limit: number }): Promise<{ items: ListingSummary[]; nextCursor: string | null }> {
    const first = Math.max(1, Math.min(page.limit, LISTINGS_PAGE_MAX));
    const data = await client.request(PRODUCTS_PAGE, { first, after: page.cursor }, ESTIMATED_COST.PRODUCTS_PAGE);
    const products = isRecord(data.products) ? data.products : {};
    const items = records(products.nodes).map((p): ListingSummary => ({
      ref: { accountId, externalId: String(p.id) },
      title: typeof p.title === "string" ? p.title : "",
      skus: records(isRecord(p.variants) ? p.variants.nodes : []).flatMap((v) => (typeof v.sku === "string" && v.sku ? [v.sku] : [])),
      status: typeof p.status === "string" ? p.status : null,
      catalogue: {
        productType: typeof p.productType === "string" && p.productType.trim() ? p.productType.trim() : null,
        vendor: typeof p.vendor === "string" && p.vendor.trim() ? p.vendor.trim() : null,
        tags: Array.isArray(p.tags) ? p.tags.filter((t): t is string => typeof t === "string" && t.trim() !== "").map((t) => t.trim()) : [],
        collections: records(isRecord(p.collections) ? p.collections.nodes : []).flatMap((c) => (typeof c.title === "string" && c.title.trim() ? [c.title.trim()] : [])),
      },
      images: records(isRecord(p.media) ? p.media.nodes : []).map((m) => {
        const image = isRecord(m.image) ? m.image : {};
        return {
          externalRef: String(m.id),
          url: typeof image.url === "string" ? image.url : null,
          width: typeof image.width === "number" ? image.width : null,
          height: typeof image.height === "number" ? image.height : null,
        };
      }),
    }));
    const info = isRecord(products.pageInfo) ? products.pageInfo : {};
    return { items, nextCursor: info.hasNextPage === true && typeof info.endCursor === "string" ? info.endCursor : null };
  }

  return {
    id: "shopify",
    capabilities: SHOPIFY_CAPABILITIES,
    validate: validateShopifyGallery,
    readImages: async (ref) => {
      const media = await readMedia(ref.externalId);
      if (!media) return null;
      const out = toPublished(media);
      reads.set(out, { productId: ref.externalId, media });
      return out;
    },
    setImages,
    listListings,
  };
}
