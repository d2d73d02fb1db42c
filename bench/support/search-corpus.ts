// Synthetic library for the search benchmark (issue #7 §8). Everything here is made up: no image exists
// behind any row (blobs are shared placeholders), the colour histograms and pHashes are drawn to look
// like the analysers' output (a few hue bins per colour; 10% of images are near-duplicates of an earlier
// one a few bits away), and the distributions are guesses at a fashion/home-goods shop selling in the US,
// Europe and China: EN and ZH titles, campaigns, accepted/suggested/rejected auto tags (colour EN/ZH,
// background, orientation), user and catalogue tags, OCR text on a fifth of the images, placements on
// Shopify, Amazon and TikTok listings, rights and rendition verdicts on a fraction, dates over two years.
//
// Rows are generated in memory a batch at a time and written with one multi-row INSERT … SELECT FROM
// unnest(…) per table (no ingest, no per-row round trip). The index text is what reindexAsset writes: the
// same buildSearchIndex() over the same source (the bench checks a sample against reindexAsset).
import { randomUUID } from "node:crypto";
import type { SqlConn } from "../../app/.server/db/sql";
import { buildSearchIndex } from "../../app/.server/library/search-index.service";
import { bandColumns } from "../../app/.server/library/similar/bands";
import { encodeColour } from "../../app/.server/library/similar/colour-code";
import { COLOUR_NAMES } from "../../app/.server/media/analysers/colour-names";
import { mulberry32 } from "../../scripts/generate/demo-images";

export const PRODUCTS = [
  ["sneaker", "运动鞋"], ["dress", "连衣裙"], ["bottle", "保温杯"], ["jacket", "夹克"], ["lamp", "台灯"],
  ["chair", "椅子"], ["mug", "马克杯"], ["watch", "手表"], ["backpack", "背包"], ["scarf", "围巾"],
  ["t-shirt", "T恤"], ["handbag", "手提包"], ["sofa", "沙发"], ["headphones", "耳机"], ["sunglasses", "太阳镜"],
  ["jeans", "牛仔裤"], ["hoodie", "卫衣"], ["wallet", "钱包"], ["candle", "蜡烛"], ["pillow", "枕头"],
] as const;
const STYLES = ["running", "leather", "cotton", "vintage", "classic", "slim", "oversized", "wireless", "ceramic", "wooden", "kids", "premium"];
const SHOTS_EN = ["front view", "side view", "lifestyle", "packshot", "detail", "on model", "flat lay", "studio"];
const SHOTS_ZH = ["主图", "细节图", "场景图", "模特图", "白底图", "详情页"];
export const CAMPAIGNS = ["Spring 2027", "Summer Sale", "Black Friday", "Holiday 2026", "Back to School", "春季新品", "双十一", "618大促"];
const CAMPAIGN_ZH = ["春季新品", "新款上市", "限时折扣", "爆款推荐", "夏季清仓"];
const OCR_EN = ["SALE 50% OFF", "NEW ARRIVAL", "FREE SHIPPING", "LIMITED EDITION", "BEST SELLER", "BUY ONE GET ONE"];
const OCR_ZH = ["限时折扣 全场五折", "新品上市", "包邮", "买一送一", "爆款热卖", "官方正品"];
const BACKGROUNDS = [["pure white", 45], ["scene", 30], ["solid", 15], ["transparent", 10]] as const;
const USER_TAGS = ["hero", "bestseller", "ugc", "seasonal", "needs retouch", "approved by brand", "homepage", "social", "print", "email"];
const CATALOGUE_TAGS = ["footwear", "apparel", "home decor", "accessories", "electronics", "kitchen", "outdoor", "gift ideas"];
const MARKETS = ["US", "DE", "GB", "FR", "CN", "JP"];
const STATES = [["draft", 30], ["in_review", 10], ["approved", 50], ["rejected", 5], ["retired", 5]] as const;
const KINDS = [["image", 80], ["video", 10], ["document", 5], ["audio", 2], ["other", 3]] as const;
export const CHANNELS = ["shopify", "amazon", "tiktok"] as const;
const PRESETS: Record<(typeof CHANNELS)[number], string> = { shopify: "shopify.product", amazon: "amazon.main", tiktok: "tiktok.main" };
const ORIENTATIONS = { landscape: "横向", portrait: "纵向", square: "方形" } as const;
const COLOURS = COLOUR_NAMES.map((c) => ({ value: c.value, zh: c.valueZh }));
const DAY = 86_400_000;

interface TagDef {
  id: string;
  name: string;
  label: string;
  labelZh: string | null;
}
type Rng = () => number;
const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
function weighted<T extends string>(r: Rng, xs: ReadonlyArray<readonly [T, number]>): T {
  let x = r() * xs.reduce((s, [, w]) => s + w, 0);
  for (const [v, w] of xs) if ((x -= w) < 0) return v;
  return xs[xs.length - 1]![0];
}
const cap = (s: string) => s[0]!.toUpperCase() + s.slice(1);
const hex16 = (r: Rng) => Array.from({ length: 4 }, () => Math.floor(r() * 0x10000).toString(16).padStart(4, "0")).join("");
function flipBits(hex: string, r: Rng, n: number): string {
  let v = BigInt(`0x${hex}`);
  for (let i = 0; i < n; i++) v ^= 1n << BigInt(Math.floor(r() * 64));
  return v.toString(16).padStart(16, "0");
}
/** A histogram that looks like the colour analyser's: weight on the colour's hue sector and a neutral background. */
function histogram(r: Rng, colourIndex: number, whiteBg: boolean): number[] {
  const h = new Array<number>(64).fill(0);
  const slot = colourIndex >= 11 ? 0 : 1 + ((colourIndex * 4) % 15); // neutrals in slot 0
  const level = Math.floor(r() * 4);
  const main = 0.3 + r() * 0.5;
  h[level * 16 + slot] = main;
  h[Math.min(3, level + 1) * 16 + slot] = (1 - main) * 0.3;
  h[(whiteBg ? 3 : Math.floor(r() * 4)) * 16 + (whiteBg ? 0 : 1 + Math.floor(r() * 15))] += (1 - main) * 0.7;
  return h.map((v) => Math.round(v * 1e4) / 1e4);
}

export interface Corpus {
  shopId: string;
  n: number;
  /** Asset ids with a pHash and colour histogram (probes for find similar), a sample. */
  probes: string[];
  /** The time the created dates count back from. */
  now: number;
}

type Cols = Record<string, unknown[]>;
const cols = (...names: string[]): Cols => Object.fromEntries(names.map((n) => [n, []]));

async function insert(conn: SqlConn, table: string, types: Record<string, string>, data: Cols) {
  const names = Object.keys(types);
  if (!data[names[0]!]!.length) return;
  const quoted = names.map((n) => `"${n}"`).join(", ");
  const args = names.map((n, i) => `$${i + 1}::${types[n]}[]`).join(", ");
  await conn.query(`INSERT INTO "${table}" (${quoted}) SELECT ${quoted} FROM unnest(${args}) AS t(${quoted})`, names.map((n) => data[n]));
}

/**
 * Creates one shop with n assets (and everything the facets read) through `conn`, in batches. `onBatch`
 * reports progress. Deterministic for a seed (ids excepted).
 */
export async function generateCorpus(conn: SqlConn, n: number, opts: { seed?: number; batch?: number; onBatch?: (done: number) => void } = {}): Promise<Corpus> {
  const r = mulberry32(opts.seed ?? 7);
  const now = Date.UTC(2026, 11, 6, 12);
  const shopId = randomUUID();
  await conn.query(`INSERT INTO "Shop" (id, domain, name, "mediaKey") VALUES ($1::uuid, 'bench-search.myshopify.com', 'Search bench', $2)`, [shopId, `k${shopId.slice(0, 8)}`]);

  // Tags: colours (EN + ZH), backgrounds, orientations, product words, user and catalogue tags.
  const tagDefs = new Map<string, TagDef>();
  const addTag = (name: string, labelZh: string | null) => {
    if (!tagDefs.has(name)) tagDefs.set(name, { id: randomUUID(), name, label: cap(name), labelZh });
    return tagDefs.get(name)!;
  };
  for (const c of COLOURS) addTag(c.value, c.zh);
  for (const [b] of BACKGROUNDS) addTag(b, { "pure white": "纯白背景", scene: "场景", solid: "纯色背景", transparent: "透明背景" }[b]);
  for (const [o, zh] of Object.entries(ORIENTATIONS)) addTag(o, zh);
  for (const [en, zh] of PRODUCTS) addTag(en, zh);
  for (const t of [...USER_TAGS, ...CATALOGUE_TAGS]) addTag(t, null);
  const tagList = [...tagDefs.values()];
  await insert(conn, "Tag", { id: "uuid", shopId: "uuid", name: "text", label: "text", labelZh: "text" }, {
    id: tagList.map((t) => t.id), shopId: tagList.map(() => shopId), name: tagList.map((t) => t.name), label: tagList.map((t) => t.label), labelZh: tagList.map((t) => t.labelZh),
  });

  // Placeholder blobs (shared by versions and renditions), channel accounts and listings.
  const blobIds = Array.from({ length: 64 }, () => randomUUID());
  await insert(conn, "Blob", { id: "uuid", shopId: "uuid", sha256: "text", bytes: "int8", mime: "text", storageKey: "text" }, {
    id: blobIds, shopId: blobIds.map(() => shopId), sha256: blobIds.map((b) => b.replace(/-/g, "").padEnd(64, "0")), bytes: blobIds.map(() => 100_000), mime: blobIds.map(() => "image/jpeg"), storageKey: blobIds.map((b) => `bench/${b}`),
  });
  const accounts = CHANNELS.map((channel) => ({ id: randomUUID(), channel }));
  await insert(conn, "ChannelAccount", { id: "uuid", shopId: "uuid", channel: "text", externalId: "text", name: "text" }, {
    id: accounts.map((a) => a.id), shopId: accounts.map(() => shopId), channel: accounts.map((a) => a.channel), externalId: accounts.map((a) => `bench-${a.channel}`), name: accounts.map((a) => `${a.channel} store`),
  });
  const nListings = Math.max(30, Math.round(n / 8));
  const listings = Array.from({ length: nListings }, (_, i) => ({ id: randomUUID(), account: accounts[i % 3]!, slots: 0 }));
  for (let i = 0; i < nListings; i += 20_000) {
    const part = listings.slice(i, i + 20_000);
    await insert(conn, "Listing", { id: "uuid", shopId: "uuid", accountId: "uuid", externalId: "text", title: "text" }, {
      id: part.map((l) => l.id), shopId: part.map(() => shopId), accountId: part.map((l) => l.account.id), externalId: part.map((_, j) => `p-${i + j}`), title: part.map((_, j) => `Product ${i + j}`),
    });
  }

  // The facet keys are written with the rows (facetKeysOf): the triggers that keep them in the app are
  // off for this session's bulk load (replica role; also skips foreign-key checks of rows made consistent
  // here). The bench checks a sample against what the triggers compute.
  await conn.exec("SET session_replication_role = replica");
  const probes: string[] = [];
  const phashes: string[] = [];
  const batch = opts.batch ?? 5000;
  for (let start = 0; start < n; start += batch) {
    const A = cols("id", "shopId", "title", "description", "kind", "markets", "languages", "campaign", "latestVersionId", "versionCount", "archivedAt", "createdAt", "updatedAt", "searchText", "titleText", "restText", "facetKeys", "useCount", "latestPhash", "latestColour");
    const V = cols("id", "shopId", "assetId", "number", "blobId", "state", "processing", "originalFilename", "mime", "bytes", "width", "height", "phash", "phashB0", "phashB1", "phashB2", "phashB3", "ocrText", "ocrLanguage", "createdAt");
    const VA = cols("id", "shopId", "versionId", "analyser", "analyserVersion", "status", "result", "updatedAt");
    const T = cols("shopId", "assetId", "tagId", "source", "confidence", "facet", "analyser", "state", "createdAt");
    const P = cols("id", "shopId", "assetId", "listingId", "slot", "presetId", "state", "updatedAt");
    const R = cols("assetId", "shopId", "status", "updatedAt");
    const X = cols("id", "shopId", "versionId", "presetId", "recipeHash", "blobId", "mime", "width", "height", "bytes", "verdict", "createdAt");
    const end = Math.min(n, start + batch);
    for (let i = start; i < end; i++) {
      const id = randomUUID();
      const vid = randomUUID();
      const kind = weighted(r, KINDS);
      const ci = Math.floor(r() * COLOURS.length);
      const colour = COLOURS[ci]!;
      const [pen, pzh] = pick(r, PRODUCTS);
      const lang = r();
      const campaign = r() < 0.3 ? pick(r, CAMPAIGNS) : null;
      let title: string;
      let languages: string[];
      if (lang < 0.55) {
        title = `${cap(colour.value)} ${r() < 0.6 ? `${pick(r, STYLES)} ` : ""}${pen} ${pick(r, SHOTS_EN)}`;
        languages = ["en"];
      } else if (lang < 0.9) {
        title = `${r() < 0.5 ? pick(r, CAMPAIGN_ZH) : ""}${colour.zh}${pzh}${pick(r, SHOTS_ZH)}`;
        languages = ["zh-CN"];
      } else {
        title = `${pick(r, ["Spring sale", "New in", "Lookbook"])} ${pzh} ${pen}`;
        languages = ["en", "zh-CN"];
      }
      if (r() < 0.15) title += ` SKU-${10000 + Math.floor(r() * 90000)}`;
      if (r() < 0.2) languages = [];
      const description = r() < 0.5 ? "" : `${cap(pick(r, STYLES))} ${pen} in ${colour.value}, shot for the ${pick(r, CATEGORY_WORDS)} range.`;
      const markets = r() < 0.4 ? [] : r() < 0.7 ? [pick(r, MARKETS)] : [pick(r, MARKETS), pick(r, MARKETS)].filter((m, j, xs) => xs.indexOf(m) === j);
      const createdAt = new Date(now - Math.floor(r() * 730 * DAY));
      const image = kind === "image";
      const ext = image ? "jpg" : kind === "video" ? "mp4" : kind === "document" ? "pdf" : kind === "audio" ? "mp3" : "bin";
      const filename = `${pen.replace(/[^a-z]/g, "")}_${colour.value}_${i}.${ext}`;
      const ocr = image && r() < 0.2 ? (r() < 0.5 ? pick(r, OCR_EN) : pick(r, OCR_ZH)) : null;
      const orient = r() < 0.5 ? "square" : r() < 0.6 ? "portrait" : "landscape";
      const [w, h] = orient === "square" ? [2000, 2000] : orient === "portrait" ? [1600, 2000] : [2000, 1200];
      let phash: string | null = null;
      if (image) {
        phash = phashes.length && r() < 0.1 ? flipBits(pick(r, phashes), r, Math.floor(r() * 6)) : hex16(r);
        if (phashes.length < 20_000) phashes.push(phash);
        else phashes[Math.floor(r() * phashes.length)] = phash;
      }

      // Tags, in the order they were added (createdAt ascending, one ms apart: the index reads them so).
      const tags: Array<{ def: TagDef; source: string; facet: string | null; state: string; confidence: number }> = [];
      const auto = (name: string, facet: string, acceptP: number) => {
        const x = r();
        tags.push({ def: tagDefs.get(name)!, source: "auto", facet, state: x < acceptP ? "accepted" : x < acceptP + (1 - acceptP) / 2 ? "suggested" : "rejected", confidence: Math.round((0.5 + r() * 0.5) * 100) / 100 });
      };
      let bg: string = "scene";
      if (image) {
        auto(colour.value, "colour", 0.85);
        if (r() < 0.25) auto(pick(r, COLOURS).value, "colour", 0.7);
        bg = weighted(r, BACKGROUNDS);
        auto(bg, "background", 0.9);
        auto(orient, "orientation", 1);
      }
      const user = new Set([pen, ...(r() < 0.4 ? [pick(r, USER_TAGS)] : [])]);
      for (const t of user) tags.push({ def: tagDefs.get(t)!, source: "user", facet: null, state: "accepted", confidence: 1 });
      if (r() < 0.3) tags.push({ def: tagDefs.get(pick(r, CATALOGUE_TAGS))!, source: "auto", facet: "catalogue", state: "accepted", confidence: 1 });
      const seenTag = new Set<string>();
      const uniqueTags = tags.filter((t) => !seenTag.has(t.def.id) && seenTag.add(t.def.id));

      const index = buildSearchIndex({
        title, description, campaign,
        tags: uniqueTags.filter((t) => t.state === "accepted").map((t) => ({ tag: { name: t.def.name, label: t.def.label, labelZh: t.def.labelZh } })),
        latestVersion: { originalFilename: filename, ocrText: ocr },
      });
      A.id!.push(id); A.shopId!.push(shopId); A.title!.push(title); A.description!.push(description); A.kind!.push(kind);
      A.markets!.push(markets.join(",")); A.languages!.push(languages.join(",")); A.campaign!.push(campaign); A.latestVersionId!.push(vid);
      A.versionCount!.push(1); A.archivedAt!.push(r() < 0.02 ? new Date(createdAt.getTime() + DAY).toISOString() : null);
      A.createdAt!.push(createdAt.toISOString()); A.updatedAt!.push(createdAt.toISOString());
      A.searchText!.push(index.searchText); A.titleText!.push(index.titleText); A.restText!.push(index.restText);

      const b = bandColumns(phash);
      V.id!.push(vid); V.shopId!.push(shopId); V.assetId!.push(id); V.number!.push(1); V.blobId!.push(blobIds[i % blobIds.length]);
      V.state!.push(weighted(r, STATES)); V.processing!.push("ready"); V.originalFilename!.push(filename);
      V.mime!.push(image ? "image/jpeg" : "application/octet-stream"); V.bytes!.push(50_000 + Math.floor(r() * 5e6));
      V.width!.push(image ? w : null); V.height!.push(image ? h : null); V.phash!.push(phash);
      V.phashB0!.push(b.phashB0); V.phashB1!.push(b.phashB1); V.phashB2!.push(b.phashB2); V.phashB3!.push(b.phashB3);
      V.ocrText!.push(ocr); V.ocrLanguage!.push(ocr ? (/\p{Script=Han}/u.test(ocr) ? "zh" : "en") : null); V.createdAt!.push(createdAt.toISOString());
      if (image) {
        VA.id!.push(randomUUID()); VA.shopId!.push(shopId); VA.versionId!.push(vid); VA.analyser!.push("colour"); VA.analyserVersion!.push(1); VA.status!.push("ok");
        const hist = histogram(r, ci, bg === "pure white");
        VA.result!.push(JSON.stringify({ tags: [], features: { colour: hist } })); VA.updatedAt!.push(createdAt.toISOString());
        A.latestColour!.push(encodeColour(hist)?.toString("hex") ?? null);
        if (probes.length < 2000 && r() < 0.05) probes.push(id);
      } else A.latestColour!.push(null);
      A.latestPhash!.push(phash);
      uniqueTags.forEach((t, j) => {
        T.shopId!.push(shopId); T.assetId!.push(id); T.tagId!.push(t.def.id); T.source!.push(t.source); T.confidence!.push(t.confidence);
        T.facet!.push(t.facet); T.analyser!.push(t.source === "auto" ? t.facet : null); T.state!.push(t.state);
        T.createdAt!.push(new Date(createdAt.getTime() + j).toISOString());
      });
      // Placements: 30% of assets on 1–3 listings (slot main first, then pos2…).
      if (r() < 0.3) {
        const k = 1 + Math.floor(r() * 3);
        for (let j = 0; j < k; j++) {
          const l = listings[Math.floor(r() * listings.length)]!;
          const slot = l.slots === 0 ? "main" : `pos${l.slots + 1}`;
          l.slots++;
          P.id!.push(randomUUID()); P.shopId!.push(shopId); P.assetId!.push(id); P.listingId!.push(l.id); P.slot!.push(slot);
          P.presetId!.push(`${l.account.channel}.main`); P.state!.push(weighted(r, [["live", 80], ["pending", 10], ["failed", 5], ["withdrawn", 5]])); P.updatedAt!.push(createdAt.toISOString());
        }
      }
      if (r() < 0.1) {
        R.assetId!.push(id); R.shopId!.push(shopId); R.status!.push(weighted(r, [["ok", 60], ["expiring", 15], ["expired", 15], ["restricted", 10]])); R.updatedAt!.push(createdAt.toISOString());
      }
      if (image && r() < 0.15) {
        const chans = r() < 0.5 ? [pick(r, CHANNELS)] : [...CHANNELS];
        for (const ch of chans) {
          X.id!.push(randomUUID()); X.shopId!.push(shopId); X.versionId!.push(vid); X.presetId!.push(PRESETS[ch]); X.recipeHash!.push("bench");
          X.blobId!.push(blobIds[0]); X.mime!.push("image/jpeg"); X.width!.push(1000); X.height!.push(1000); X.bytes!.push(100_000);
          X.verdict!.push(weighted(r, [["pass", 70], ["warn", 15], ["fail", 15]])); X.createdAt!.push(createdAt.toISOString());
        }
      }
      A.facetKeys!.push(facetKeysOf({ kind, markets, languages, campaign, state: V.state![V.state!.length - 1] as string, placements: P, tags: uniqueTags, rights: R, renditions: X, id, vid }).join(SEP));
      A.useCount!.push(countPlacements(P, id));
    }
    // Asset first with latestVersionId unset (the FK points at the version), then versions, then the link.
    await conn.query(
      `INSERT INTO "Asset" (id, "shopId", title, description, kind, markets, languages, campaign, "versionCount", "archivedAt", "createdAt", "updatedAt", "searchText", "searchVector", "facetKeys", "useCount", "latestPhash", "latestColour")
       SELECT id, "shopId", title, description, kind, string_to_array(markets, ','), string_to_array(languages, ','), campaign, "versionCount", "archivedAt", "createdAt", "updatedAt", "searchText",
              search_vector("titleText", "restText", "searchText"), string_to_array("facetKeys", E'\\x1f'), "useCount", "latestPhash", decode("latestColour", 'hex')
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::int[], $10::timestamp[], $11::timestamp[], $12::timestamp[], $13::text[], $14::text[], $15::text[], $16::text[], $17::int[], $18::text[], $19::text[])
           AS t(id, "shopId", title, description, kind, markets, languages, campaign, "versionCount", "archivedAt", "createdAt", "updatedAt", "searchText", "titleText", "restText", "facetKeys", "useCount", "latestPhash", "latestColour")`,
      [A.id, A.shopId, A.title, A.description, A.kind, A.markets, A.languages, A.campaign, A.versionCount, A.archivedAt, A.createdAt, A.updatedAt, A.searchText, A.titleText, A.restText, A.facetKeys, A.useCount, A.latestPhash, A.latestColour],
    );
    await insert(conn, "AssetVersion", {
      id: "uuid", shopId: "uuid", assetId: "uuid", number: "int", blobId: "uuid", state: "text", processing: "text", originalFilename: "text", mime: "text", bytes: "int8",
      width: "int", height: "int", phash: "text", phashB0: "int", phashB1: "int", phashB2: "int", phashB3: "int", ocrText: "text", ocrLanguage: "text", createdAt: "timestamp",
    }, V);
    await conn.query(`UPDATE "Asset" a SET "latestVersionId" = t.v FROM unnest($1::uuid[], $2::uuid[]) AS t(a, v) WHERE a.id = t.a`, [A.id, A.latestVersionId]);
    await insert(conn, "VersionAnalysis", { id: "uuid", shopId: "uuid", versionId: "uuid", analyser: "text", analyserVersion: "int", status: "text", result: "jsonb", updatedAt: "timestamp" }, VA);
    await insert(conn, "AssetTag", { shopId: "uuid", assetId: "uuid", tagId: "uuid", source: "text", confidence: "float8", facet: "text", analyser: "text", state: "text", createdAt: "timestamp" }, T);
    await insert(conn, "Placement", { id: "uuid", shopId: "uuid", assetId: "uuid", listingId: "uuid", slot: "text", presetId: "text", state: "text", updatedAt: "timestamp" }, P);
    await insert(conn, "Rights", { assetId: "uuid", shopId: "uuid", status: "text", updatedAt: "timestamp" }, R);
    await insert(conn, "Rendition", {
      id: "uuid", shopId: "uuid", versionId: "uuid", presetId: "text", recipeHash: "text", blobId: "uuid", mime: "text", width: "int", height: "int", bytes: "int", verdict: "text", createdAt: "timestamp",
    }, X);
    opts.onBatch?.(end);
  }
  // The browse counts (FacetCount) the Asset trigger would have appended, at once (as the migration backfills them).
  await conn.query(
    `INSERT INTO "FacetCount" ("shopId", "marketSet", "key", "n")
     SELECT a."shopId", "asset_market_set"(a.markets), k, count(*)::int
       FROM "Asset" a CROSS JOIN LATERAL unnest(a."facetKeys" || ARRAY['total:all']) k
      WHERE a."shopId" = $1::uuid AND a."archivedAt" IS NULL
      GROUP BY 1, 2, 3`,
    [shopId],
  );
  // And the pair counts (FacetPairCount) it would have appended (as the search_facet_pairs migration backfills them).
  await conn.query(`SELECT "facet_pairs_of_shop"($1::uuid)`, [shopId]);
  // The index words the Asset trigger would have added (as the search_words migration backfills them).
  await conn.query(`SELECT "search_words_of_shop"($1::uuid)`, [shopId]);
  // Find similar's colour index (AssetColourCell) the Asset trigger would have written (as the similar_colour_cells and similar_colour_pairs migrations backfill it).
  await conn.query(
    `INSERT INTO "AssetColourCell" ("shopId", "assetId", "bin", "weight", "other", "versionId", "phash", "colour")
     SELECT a."shopId", a."id", c."bin", c."weight", c."other", a."latestVersionId", a."latestPhash", a."latestColour"
       FROM "Asset" a CROSS JOIN LATERAL "colour_core_cells"(a."latestColour") AS c
      WHERE a."shopId" = $1::uuid AND a."latestColour" IS NOT NULL AND a."latestVersionId" IS NOT NULL`,
    [shopId],
  );
  await conn.exec("RESET session_replication_role");
  await conn.exec("ANALYZE");
  return { shopId, n, probes, now };
}

const SEP = "\x1f";
/** This asset's placements still on a listing (its rows are the last ones of the batch's columns). */
function countPlacements(P: Cols, id: string): number {
  let n = 0;
  for (let j = P.assetId!.length - 1; j >= 0 && P.assetId![j] === id; j--) if (P.state![j] !== "withdrawn") n++;
  return n;
}

/**
 * Asset.facetKeys as the search_facet_keys migration's triggers compute them, from the rows generated for
 * one asset (the batch's placement, rights and rendition columns, scanned from the end where this
 * asset's rows are).
 */
function facetKeysOf(a: {
  id: string; vid: string; kind: string; markets: string[]; languages: string[]; campaign: string | null; state: string;
  tags: Array<{ def: TagDef; facet: string | null; state: string }>; placements: Cols; rights: Cols; renditions: Cols;
}): string[] {
  const keys = new Set<string>([`kind:${a.kind}`, `state:${a.state}`]);
  for (const m of a.markets.length ? a.markets : ["GLOBAL"]) keys.add(`market:${m}`);
  for (const l of a.languages) keys.add(`language:${l}`);
  if (a.campaign !== null) keys.add(`campaign:${a.campaign}`);
  let placed = false;
  const P = a.placements;
  for (let j = P.assetId!.length - 1; j >= 0 && P.assetId![j] === a.id; j--) {
    if (P.state![j] === "withdrawn") continue;
    placed = true;
    keys.add(`channel:${String(P.presetId![j]).split(".")[0]}`);
    if (P.slot![j] === "main") keys.add("slot:main");
  }
  keys.add(placed ? "usage:placed" : "usage:unplaced");
  for (const t of a.tags) if (t.state === "accepted") keys.add(`${t.facet && ["colour", "background", "orientation"].includes(t.facet) ? t.facet : "tag"}:${t.def.name}`);
  const R = a.rights;
  const last = R.assetId!.length - 1;
  keys.add(`rights:${last >= 0 && R.assetId![last] === a.id ? String(R.status![last]) : "none"}`);
  const X = a.renditions;
  const fails = new Map<string, boolean>();
  for (let j = X.versionId!.length - 1; j >= 0 && X.versionId![j] === a.vid; j--) {
    const ch = String(X.presetId![j]).split(".")[0]!;
    fails.set(ch, (fails.get(ch) ?? false) || X.verdict![j] === "fail");
  }
  for (const [ch, f] of fails) keys.add(`compliance:${ch}:${f ? "fail" : "pass"}`);
  if (fails.size) keys.add(`compliance:any:${[...fails.values()].some(Boolean) ? "fail" : "pass"}`);
  return [...keys];
}

const CATEGORY_WORDS = ["spring", "summer", "autumn", "winter", "outlet", "essentials", "travel", "home office"];
