// Deterministic demo/benchmark image generators (sharp + SVG, no network, no Math.random).
//
//   generateDemoImages(dir)   ~50 plausible e-commerce product shots with merchant metadata
//   generateBenchJpegs(dir)   N distinct 3000×3000 photo-like JPEGs for the ingest benchmark
//
// Both are pure functions of their inputs (seeded PRNG), so repeated runs produce identical bytes.
import { mkdir, rename, stat, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";
import {
  COLOURS,
  PRODUCTS,
  luminance,
  mix,
  paintFor,
  type NamedColour,
  type ProductDef,
} from "./products.ts";

export type Market = "US" | "EU" | "CN" | "JP";

export interface DemoImage {
  /** Absolute (or outDir-relative, as given) path of the written file. */
  path: string;
  filename: string;
  title: string;
  description: string;
  tags: string[];
  markets: string[];
  campaign?: string;
  /** Filename of the image this one is a near-duplicate of (re-encode / crop / resize). */
  nearDuplicateOf?: string;
  /** Text rendered into the pixels (lines joined by "\n"), for OCR / text-detection checks. */
  overlayText?: string;
}

export interface DemoOptions {
  /** Number of images (default 50; every 10th is a near-duplicate of an earlier one). */
  count?: number;
  /** PRNG seed (default 20250301). */
  seed?: number;
  /** Parallel renders (default 2). */
  concurrency?: number;
}

// ---- PRNG -----------------------------------------------------------------------------------

/** mulberry32: tiny, fast, good enough for layout jitter. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(min = 0, max = 1): number {
    return min + (max - min) * this.next();
  }
  int(min: number, max: number): number {
    return Math.floor(this.float(min, max + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("pick from empty list");
    return items[Math.floor(this.next() * items.length)] as T;
  }
  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  }
  /** A fresh 32-bit seed for a child generator. */
  seed(): number {
    return Math.floor(this.next() * 4294967296) >>> 0;
  }
}

// ---- promo texts ----------------------------------------------------------------------------

type Lang = "en" | "zh" | "ja";

interface Promo {
  text: string;
  sub?: string;
  lang: Lang;
  /** English gloss for CJK texts (goes into the description). */
  gloss?: string;
  campaign?: string;
  markets: Market[];
  slug: string;
  colour: string;
  /** Short enough for a round corner badge. */
  badge?: boolean;
}

const PROMOS: readonly Promo[] = [
  { text: "SPRING SALE -30%", sub: "Ends Sunday", lang: "en", campaign: "Spring Sale 2025", markets: ["US", "EU"], slug: "spring-sale", colour: "#D32F2F" },
  { text: "春季新品", sub: "全场满299减50", lang: "zh", gloss: "new for spring", campaign: "Spring Sale 2025", markets: ["CN"], slug: "cn-spring", colour: "#E53935" },
  { text: "NEW ARRIVAL", sub: "Shop the collection", lang: "en", campaign: "New Arrivals", markets: ["US", "EU"], slug: "new-arrival", colour: "#111111" },
  { text: "限时折扣", sub: "低至7折", lang: "zh", gloss: "limited-time discount", campaign: "Spring Sale 2025", markets: ["CN"], slug: "cn-flash-sale", colour: "#C62828" },
  { text: "包邮", lang: "zh", gloss: "free shipping", markets: ["CN"], slug: "cn-free-shipping", colour: "#FF5000", badge: true },
  { text: "BEST SELLER", lang: "en", markets: ["US", "EU"], slug: "best-seller", colour: "#1F2B57" },
  { text: "送料無料", lang: "ja", gloss: "free shipping", markets: ["JP"], slug: "jp-free-shipping", colour: "#B71C1C", badge: true },
  { text: "BLACK FRIDAY -40%", sub: "Online only", lang: "en", campaign: "Black Friday 2025", markets: ["US", "EU"], slug: "black-friday", colour: "#000000" },
  { text: "双11狂欢价", sub: "11.11 限时抢购", lang: "zh", gloss: "Singles' Day price", campaign: "Singles' Day 11.11", markets: ["CN"], slug: "cn-1111", colour: "#E4393C" },
  { text: "FREE SHIPPING", sub: "On orders over $50", lang: "en", markets: ["US"], slug: "free-shipping", colour: "#2E7D32" },
];

const FONT: Record<Lang, string> = {
  en: "Noto Sans CJK SC, Liberation Sans, DejaVu Sans, sans-serif",
  zh: "Noto Sans CJK SC, sans-serif",
  ja: "Noto Sans CJK JP, Noto Sans CJK SC, sans-serif",
};

// ---- lifestyle backdrops --------------------------------------------------------------------

interface Backdrop {
  name: string;
  wallTop: string;
  wallBottom: string;
  floor: string;
}

const BACKDROPS: readonly Backdrop[] = [
  { name: "sand", wallTop: "#F6EBD7", wallBottom: "#E9D4B1", floor: "#D8BD92" },
  { name: "sage", wallTop: "#E3EBDD", wallBottom: "#C4D3BC", floor: "#A8BB9E" },
  { name: "blush", wallTop: "#FBE4E0", wallBottom: "#F0C6C0", floor: "#E2A9A1" },
  { name: "sky", wallTop: "#E6F0FA", wallBottom: "#BCD6EF", floor: "#98BCDF" },
  { name: "lilac", wallTop: "#EEE6F6", wallBottom: "#D5C6EA", floor: "#B9A5D8" },
  { name: "terracotta", wallTop: "#F0C2A6", wallBottom: "#DE9570", floor: "#C2714C" },
  { name: "charcoal", wallTop: "#4A4E55", wallBottom: "#2C2F34", floor: "#1C1D20" },
  { name: "butter", wallTop: "#FCF3CF", wallBottom: "#F4E09A", floor: "#E3C66A" },
];

type SceneKind = "studio" | "arch" | "gradient" | "window";
const SCENE_LABEL: Record<SceneKind, string> = {
  studio: "on a studio podium",
  arch: "in front of an arch backdrop",
  gradient: "on a soft gradient backdrop",
  window: "in window light",
};

function colourDistance(a: string, b: string): number {
  const pa = Number.parseInt(a.slice(1), 16);
  const pb = Number.parseInt(b.slice(1), 16);
  const dr = ((pa >> 16) & 255) - ((pb >> 16) & 255);
  const dg = ((pa >> 8) & 255) - ((pb >> 8) & 255);
  const db = (pa & 255) - (pb & 255);
  return Math.sqrt(dr * dr + dg * dg + db * db);
}

// ---- plan -----------------------------------------------------------------------------------

type Style = "main" | "lifestyle" | "story" | "cutout";
type Format = "jpeg" | "png" | "webp";
type TextLayout = "banner" | "badge" | "headline";

interface BaseSpec {
  kind: "base";
  product: ProductDef;
  colour: NamedColour;
  style: Style;
  width: number;
  height: number;
  format: Format;
  quality: number;
  flip: boolean;
  scene?: { kind: SceneKind; backdrop: Backdrop };
  promo?: Promo;
  textLayout?: TextLayout;
  /** Seed for layout jitter inside the SVG. */
  layoutSeed: number;
  /** Description without the trailing "W×H FORMAT." sentence (reused by near-duplicates). */
  core: string;
  meta: Omit<DemoImage, "path">;
}

interface CropBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

type NearOp =
  | { kind: "requality"; quality: number }
  | { kind: "crop"; box: CropBox; quality: number }
  | { kind: "resize"; width: number; quality: number }
  | { kind: "crop-resize"; box: CropBox; width: number; quality: number }
  | { kind: "png-export" };

interface NearSpec {
  kind: "near";
  of: BaseSpec;
  op: NearOp;
  meta: Omit<DemoImage, "path">;
}

type Spec = BaseSpec | NearSpec;

const EXT: Record<Format, string> = { jpeg: "jpg", png: "png", webp: "webp" };
const STYLE_TAGS: Record<Style, string[]> = {
  main: ["main image", "white background"],
  lifestyle: ["lifestyle"],
  story: ["lifestyle", "story", "9:16"],
  cutout: ["cutout", "transparent background"],
};
const LANG_TAG: Record<Lang, string> = { en: "english text", zh: "chinese text", ja: "japanese text" };

function pickSize(rng: Rng, style: Style): [number, number] {
  if (style === "story") return rng.pick<[number, number]>([[1350, 2400], [1215, 2160]]);
  const square = rng.chance(style === "main" ? 0.8 : 0.6);
  if (square) {
    const s = rng.pick([1200, 1500, 1600, 2000, 2048, 2400]);
    return [s, s];
  }
  return rng.pick<[number, number]>([[1200, 1500], [1600, 2000], [1920, 2400]]); // 4:5
}

function pickMarkets(rng: Rng, pool: readonly Market[]): Market[] {
  const chosen = pool.filter(() => rng.chance(0.55));
  if (chosen.length === 0) chosen.push(rng.pick(pool));
  return chosen;
}

function planBase(rng: Rng, b: number, product: ProductDef, colour: NamedColour, taken: Set<string>): BaseSpec {
  const promo = b % 3 === 1 ? PROMOS[Math.floor(b / 3) % PROMOS.length] : undefined;
  let style: Style;
  if (b === 2) style = "cutout";
  else if (promo) style = promo.lang !== "en" && rng.chance(0.45) ? "main" : rng.chance(0.25) ? "story" : "lifestyle";
  else style = rng.chance(0.5) ? "main" : rng.chance(0.3) ? "story" : "lifestyle";

  const [width, height] = pickSize(rng, style);
  const format: Format = style === "cutout" || (b % 7 === 3 && b !== 6) ? "png" : b === 6 ? "webp" : "jpeg";
  const quality = rng.int(82, 94);
  const flip = product.type === "sneaker" ? rng.chance(0.5) : false;

  let scene: BaseSpec["scene"];
  if (style === "lifestyle" || style === "story") {
    const backdrops = BACKDROPS.filter((d) => colourDistance(d.wallBottom, colour.hex) > 110);
    // A t-shirt standing on a floor looks odd: give it the seamless (flat-lay style) sweep.
    const kinds: SceneKind[] = product.type === "tshirt" ? ["gradient"] : ["studio", "arch", "gradient", "window"];
    scene = { kind: rng.pick(kinds), backdrop: rng.pick(backdrops) };
  }
  const textLayout: TextLayout | undefined = promo
    ? promo.badge || style === "main"
      ? "badge"
      : rng.pick<TextLayout>(["banner", "headline"])
    : undefined;

  // Filename: <type>-<colour>-<style>[-<promo>].<ext>, de-duplicated with -alt.
  let stem = `${product.type}-${colour.slug}-${style}${promo ? `-${promo.slug}` : ""}`;
  while (taken.has(stem)) stem += "-alt";
  taken.add(stem);
  const filename = `${stem}.${EXT[format]}`;

  const name = rng.pick(product.names);
  const cap = colour.name;
  const styleTitle =
    style === "main"
      ? "white background"
      : style === "cutout"
        ? "transparent cutout"
        : `${style === "story" ? "vertical story, " : ""}${scene?.backdrop.name} lifestyle`;
  const title = `${name} — ${cap}, ${styleTitle}${promo ? ` (${promo.text})` : ""}`;

  const setting =
    style === "main"
      ? "centred on a pure white (#FFFFFF) background, filling ~85% of the frame"
      : style === "cutout"
        ? "isolated on a transparent background for compositing"
        : `${SCENE_LABEL[scene?.kind ?? "studio"]}${scene?.kind === "window" && style !== "story" ? " next to a potted plant" : ""} (${scene?.backdrop.name} tones)`;
  const textNote = promo
    ? ` Promo ${textLayout} reads “${promo.text}”${promo.gloss ? ` (${promo.gloss})` : ""}${promo.sub ? ` with sub-line “${promo.sub}”` : ""}.`
    : "";
  const view = flip ? product.view.replace("toe right", "toe left") : product.view;
  const core = `${cap[0]?.toUpperCase()}${cap.slice(1)} ${name.toLowerCase()}, ${view}, ${setting}.${textNote}`;
  const description = `${core} ${width}×${height} ${format.toUpperCase()}.`;

  const tags = [colour.name, product.tag, product.category, ...STYLE_TAGS[style]];
  if (format === "png") tags.push("png");
  if (promo) tags.push("text overlay", "promo", LANG_TAG[promo.lang]);

  let markets: Market[];
  let campaign: string | undefined = promo?.campaign;
  if (promo) markets = promo.markets.slice();
  else if (style === "main" || style === "cutout") markets = pickMarkets(rng, ["US", "EU", "JP"]);
  else {
    markets = pickMarkets(rng, ["US", "EU", "CN", "JP"]);
    if (rng.chance(0.35)) campaign = "SS25 Lookbook";
  }

  const meta: Omit<DemoImage, "path"> = { filename, title, description, tags, markets };
  if (campaign) meta.campaign = campaign;
  if (promo) meta.overlayText = promo.sub ? `${promo.text}\n${promo.sub}` : promo.text;
  return {
    kind: "base",
    product,
    colour,
    style,
    width,
    height,
    format,
    quality,
    flip,
    scene,
    promo,
    textLayout,
    layoutSeed: rng.seed(),
    core,
    meta,
  };
}

/** Crop box removing the given fractions from each edge. */
function cropBox(w: number, h: number, left: number, top: number, right: number, bottom: number): CropBox {
  const l = Math.round(w * left);
  const t = Math.round(h * top);
  return { left: l, top: t, width: w - l - Math.round(w * right), height: h - t - Math.round(h * bottom) };
}

function planNear(rng: Rng, of: BaseSpec, n: number): NearSpec {
  const stem = of.meta.filename.replace(/\.[a-z]+$/, "");
  const W = of.width;
  const H = of.height;
  let op: NearOp;
  let filename: string;
  let how: string;
  let suffix: string;
  let size: [number, number] = [W, H];
  switch (n % 5) {
    case 0:
      op = { kind: "requality", quality: Math.max(55, of.quality - 24) };
      filename = `${stem}-v2.jpg`;
      how = `re-exported at JPEG quality ${op.quality}`;
      suffix = " v2";
      break;
    case 1: {
      const box = cropBox(W, H, rng.float(0.015, 0.03), rng.float(0.015, 0.03), rng.float(0.005, 0.02), rng.float(0.005, 0.02));
      op = { kind: "crop", box, quality: of.quality };
      size = [box.width, box.height];
      filename = `${stem}-cropped.jpg`;
      how = "slightly cropped (1–3% off the edges)";
      suffix = " (cropped)";
      break;
    }
    case 2: {
      const width = Math.round(W * (W >= 2000 ? 0.5 : 0.75));
      op = { kind: "resize", width, quality: 85 };
      size = [width, Math.round((H * width) / W)];
      filename = `${stem}-${width}px.jpg`;
      how = `downscaled to ${width} px wide`;
      suffix = ` (${width} px)`;
      break;
    }
    case 3: {
      const box = cropBox(W, H, 0.025, 0.025, 0.025, 0.025);
      op = { kind: "crop-resize", box, width: 1000, quality: 80 };
      size = [1000, Math.round((box.height * 1000) / box.width)];
      filename = `${stem}-web.jpg`;
      how = "cropped 2.5% per edge and resized to 1000 px for web";
      suffix = " (web)";
      break;
    }
    default:
      op = { kind: "png-export" };
      filename = `${stem}-export.png`;
      how = "re-saved as PNG from the JPEG";
      suffix = " (PNG export)";
  }
  const ext = filename.endsWith(".png") ? "PNG" : "JPEG";
  const meta: Omit<DemoImage, "path"> = {
    ...of.meta,
    tags: of.meta.tags.slice(),
    markets: of.meta.markets.slice(),
    filename,
    title: `${of.meta.title}${suffix}`,
    description: `${of.core} ${size[0]}×${size[1]} ${ext}; copy of ${of.meta.filename}, ${how}.`,
    nearDuplicateOf: of.meta.filename,
  };
  return { kind: "near", of, op, meta };
}

function planDemo(count: number, seed: number): Spec[] {
  const rng = new Rng(seed);
  const specs: Spec[] = [];
  const taken = new Set<string>();
  const usedColours = new Map<string, Set<string>>();
  const usedSources = new Set<BaseSpec>();
  let order: ProductDef[] = [];
  let b = 0;
  let nearCount = 0;
  for (let i = 0; i < count; i++) {
    if (i % 10 === 9) {
      const recent = specs
        .slice(-9)
        .filter((s): s is BaseSpec => s.kind === "base" && s.format === "jpeg" && !usedSources.has(s));
      // Prefer product types that have no near-duplicate yet, for variety.
      const usedTypes = new Set([...usedSources].map((s) => s.product.type));
      const fresh = recent.filter((s) => !usedTypes.has(s.product.type));
      const candidates = fresh.length > 0 ? fresh : recent;
      if (candidates.length > 0) {
        const of = rng.pick(candidates);
        usedSources.add(of);
        specs.push(planNear(rng, of, nearCount++));
        continue;
      }
    }
    if (b % PRODUCTS.length === 0) order = rng.shuffle(PRODUCTS);
    const product = order[b % PRODUCTS.length] as ProductDef;
    const used = usedColours.get(product.type) ?? new Set<string>();
    usedColours.set(product.type, used);
    const free = COLOURS.filter((c) => !used.has(c.slug));
    const colour = rng.pick(free.length > 0 ? free : COLOURS);
    used.add(colour.slug);
    specs.push(planBase(rng, b, product, colour, taken));
    b++;
  }
  return specs;
}

// ---- SVG ------------------------------------------------------------------------------------

function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Rough advance width of a bold string in em units (good enough to fit text in a box). */
function textEm(s: string): number {
  let w = 0;
  for (const ch of s) {
    const code = ch.codePointAt(0) ?? 0;
    if (code > 0x2e80) w += 1.0;
    else if (ch === " ") w += 0.25;
    else if (/[A-Z%0-9$]/.test(ch)) w += 0.66;
    else w += 0.52;
  }
  return w;
}

function fitSize(s: string, maxWidth: number, wanted: number): number {
  return Math.min(wanted, maxWidth / Math.max(1, textEm(s)));
}

function text(x: number, y: number, s: string, size: number, lang: Lang, fill: string, anchor = "middle"): string {
  return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" font-family="${FONT[lang]}" font-weight="700" font-size="${size.toFixed(1)}" fill="${fill}" text-anchor="${anchor}">${esc(s)}</text>`;
}

interface Placement {
  cx: number;
  groundY: number;
  scale: number;
}

function productGroup(spec: BaseSpec, pl: Placement): string {
  const { product } = spec;
  const bx = (product.bbox.x0 + product.bbox.x1) / 2;
  const sx = spec.flip ? -pl.scale : pl.scale;
  const tx = pl.cx - bx * sx;
  const ty = pl.groundY - product.groundY * pl.scale;
  return `<g transform="translate(${tx.toFixed(2)},${ty.toFixed(2)}) scale(${sx.toFixed(5)},${pl.scale.toFixed(5)})">${product.draw(paintFor(spec.colour.hex))}</g>`;
}

function contactShadow(pl: Placement, product: ProductDef, strength: number): string {
  const rx = ((product.bbox.x1 - product.bbox.x0) * pl.scale) / 2 * 1.05;
  const ry = Math.max(8, rx * 0.09);
  return `<ellipse cx="${pl.cx.toFixed(1)}" cy="${(pl.groundY + ry * 0.2).toFixed(1)}" rx="${rx.toFixed(1)}" ry="${ry.toFixed(1)}" fill="url(#shadow)" opacity="${strength}"/>`;
}

function plant(x: number, floorY: number, h: number): string {
  // Terracotta pot with a few leaves; x is the pot centre, h the total height.
  const potW = h * 0.32;
  const potH = h * 0.3;
  const leaves = [-50, -25, 0, 20, 45, -70, 65]
    .map((deg, i) => {
      const len = h * (0.38 + (i % 3) * 0.07);
      return `<ellipse cx="0" cy="${(-len / 2).toFixed(1)}" rx="${(len * 0.16).toFixed(1)}" ry="${(len / 2).toFixed(1)}" fill="${i % 2 ? "#3F7D4E" : "#2F6A3F"}" transform="translate(${x.toFixed(1)},${(floorY - potH).toFixed(1)}) rotate(${deg})"/>`;
    })
    .join("");
  return `${leaves}<path d="M${(x - potW / 2).toFixed(1)},${(floorY - potH).toFixed(1)} L${(x + potW / 2).toFixed(1)},${(floorY - potH).toFixed(1)} L${(x + potW * 0.38).toFixed(1)},${floorY.toFixed(1)} L${(x - potW * 0.38).toFixed(1)},${floorY.toFixed(1)} Z" fill="#C46A43"/><rect x="${(x - potW * 0.54).toFixed(1)}" y="${(floorY - potH - h * 0.05).toFixed(1)}" width="${(potW * 1.08).toFixed(1)}" height="${(h * 0.06).toFixed(1)}" rx="${(h * 0.01).toFixed(1)}" fill="#B55E39"/>`;
}

function buildSvg(spec: BaseSpec): string {
  const rng = new Rng(spec.layoutSeed);
  const W = spec.width;
  const H = spec.height;
  const { product, promo, textLayout } = spec;
  const bw = product.bbox.x1 - product.bbox.x0;
  const bh = product.bbox.y1 - product.bbox.y0;
  const topText = promo !== undefined && textLayout !== "badge";
  const parts: string[] = [];
  const defs: string[] = [
    `<radialGradient id="shadow"><stop offset="0" stop-color="#000" stop-opacity="0.45"/><stop offset="0.6" stop-color="#000" stop-opacity="0.15"/><stop offset="1" stop-color="#000" stop-opacity="0"/></radialGradient>`,
  ];
  let darkBackdrop = false;

  if (spec.style === "main" || spec.style === "cutout") {
    const fill = textLayout === "badge" ? 0.76 : 0.85;
    const scale = Math.min((W * fill) / bw, (H * fill) / bh);
    const cy = H / 2 + (textLayout === "badge" ? H * 0.04 : 0);
    const groundY = cy + ((product.groundY - (product.bbox.y0 + product.bbox.y1) / 2) * scale);
    const pl: Placement = { cx: W / 2, groundY, scale };
    if (spec.style === "main") {
      parts.push(`<rect width="${W}" height="${H}" fill="#FFFFFF"/>`);
      parts.push(contactShadow(pl, product, 0.5));
    }
    parts.push(productGroup(spec, pl));
  } else {
    const scene = spec.scene ?? { kind: "studio" as SceneKind, backdrop: BACKDROPS[0] as Backdrop };
    const d = scene.backdrop;
    darkBackdrop = luminance(d.wallBottom) < 0.4;
    const floorY = H * rng.float(0.68, 0.76);
    const podium = scene.kind === "studio";
    const story = spec.style === "story";
    const plantSide = scene.kind === "window" && !story ? (rng.chance(0.5) ? -1 : 1) : 0;
    const topLimit = topText ? H * (story ? 0.3 : 0.27) : H * 0.12;
    const groundY = podium ? floorY + H * 0.02 : floorY + H * rng.float(0.03, 0.08);
    const maxW = W * (story ? 0.8 : plantSide !== 0 ? 0.52 : rng.float(0.56, 0.66));
    const scale = Math.min(maxW / bw, (groundY - topLimit) / bh);
    const cx = W / 2 - plantSide * W * 0.1 + W * rng.float(-0.03, 0.03);
    const pl: Placement = { cx, groundY, scale };

    defs.push(
      `<linearGradient id="wall" x1="0" y1="0" x2="${rng.float(0, 0.4).toFixed(2)}" y2="1"><stop offset="0" stop-color="${d.wallTop}"/><stop offset="1" stop-color="${d.wallBottom}"/></linearGradient>`,
      `<linearGradient id="floor" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${d.floor}"/><stop offset="1" stop-color="${mix(d.floor, "#000000", 0.12)}"/></linearGradient>`,
    );
    parts.push(`<rect width="${W}" height="${H}" fill="url(#wall)"/>`);
    if (scene.kind === "gradient") {
      // Seamless sweep: no floor line, a few soft bokeh circles.
      for (let i = 0; i < 6; i++) {
        const r = Math.min(W, H) * rng.float(0.05, 0.16);
        parts.push(
          `<circle cx="${rng.float(0, W).toFixed(1)}" cy="${rng.float(0, H * 0.7).toFixed(1)}" r="${r.toFixed(1)}" fill="#FFFFFF" opacity="${rng.float(0.12, 0.3).toFixed(2)}"/>`,
        );
      }
    } else {
      if (scene.kind === "arch") {
        const aw = Math.min(W * 0.62, (groundY - topLimit) * 0.9);
        const ax = cx - aw / 2;
        const top = Math.max(topLimit - H * 0.05, floorY - aw * 1.35);
        parts.push(
          `<path d="M${ax.toFixed(1)},${floorY.toFixed(1)} L${ax.toFixed(1)},${(top + aw / 2).toFixed(1)} A${(aw / 2).toFixed(1)},${(aw / 2).toFixed(1)} 0 0 1 ${(ax + aw).toFixed(1)},${(top + aw / 2).toFixed(1)} L${(ax + aw).toFixed(1)},${floorY.toFixed(1)} Z" fill="${mix(d.wallBottom, "#FFFFFF", 0.35)}"/>`,
        );
      }
      if (scene.kind === "window") {
        // Diagonal window-light stripes.
        for (let i = 0; i < 3; i++) {
          const x0 = W * (0.1 + i * 0.22) + W * rng.float(-0.03, 0.03);
          const sw = W * 0.12;
          parts.push(
            `<path d="M${x0.toFixed(1)},0 L${(x0 + sw).toFixed(1)},0 L${(x0 + sw + W * 0.35).toFixed(1)},${floorY.toFixed(1)} L${(x0 + W * 0.35).toFixed(1)},${floorY.toFixed(1)} Z" fill="#FFFFFF" opacity="0.16"/>`,
          );
        }
      }
      parts.push(`<rect y="${floorY.toFixed(1)}" width="${W}" height="${(H - floorY).toFixed(1)}" fill="url(#floor)"/>`);
      parts.push(`<rect y="${floorY.toFixed(1)}" width="${W}" height="${(H * 0.004).toFixed(1)}" fill="#000000" opacity="0.06"/>`);
    }
    if (podium) {
      const prw = ((bw * scale) / 2) * 1.2;
      const pry = prw * 0.16;
      const ph = H * 0.12;
      const pc = mix(d.wallBottom, "#FFFFFF", 0.45);
      parts.push(
        `<rect x="${(cx - prw).toFixed(1)}" y="${groundY.toFixed(1)}" width="${(prw * 2).toFixed(1)}" height="${ph.toFixed(1)}" fill="${mix(pc, "#000000", 0.12)}"/>`,
        `<ellipse cx="${cx.toFixed(1)}" cy="${(groundY + ph).toFixed(1)}" rx="${prw.toFixed(1)}" ry="${pry.toFixed(1)}" fill="${mix(pc, "#000000", 0.12)}"/>`,
        `<ellipse cx="${cx.toFixed(1)}" cy="${groundY.toFixed(1)}" rx="${prw.toFixed(1)}" ry="${pry.toFixed(1)}" fill="${pc}"/>`,
      );
    }
    if (plantSide !== 0) {
      const px = plantSide < 0 ? W * 0.16 : W * 0.84;
      parts.push(plant(px, floorY + H * 0.05, Math.min(H * 0.42, W * 0.55)));
    }
    parts.push(contactShadow(pl, product, 0.8));
    parts.push(productGroup(spec, pl));
  }

  // Promo text.
  if (promo && textLayout) {
    const m = Math.min(W, H);
    if (textLayout === "badge") {
      const r = m * 0.13;
      const bx = W - r * 1.3;
      const by = r * 1.3;
      const size = fitSize(promo.text, r * 1.55, r * (promo.lang === "en" ? 0.5 : 0.7));
      parts.push(`<circle cx="${bx.toFixed(1)}" cy="${by.toFixed(1)}" r="${r.toFixed(1)}" fill="${promo.colour}"/>`);
      parts.push(`<circle cx="${bx.toFixed(1)}" cy="${by.toFixed(1)}" r="${(r * 0.88).toFixed(1)}" fill="none" stroke="#FFFFFF" stroke-width="${(r * 0.03).toFixed(1)}" stroke-dasharray="${(r * 0.08).toFixed(1)} ${(r * 0.05).toFixed(1)}"/>`);
      parts.push(text(bx, by + size * 0.36, promo.text, size, promo.lang, "#FFFFFF"));
      if (promo.sub) {
        const ss = fitSize(promo.sub, W * 0.5, m * 0.045);
        parts.push(text(W * 0.06, H - m * 0.06, promo.sub, ss, promo.lang, "#333333", "start"));
      }
    } else if (textLayout === "banner") {
      const bh2 = Math.min(H * 0.1, W * 0.15);
      const y = H * 0.06;
      const size = fitSize(promo.text, W * 0.84, bh2 * 0.62);
      parts.push(`<rect x="0" y="${y.toFixed(1)}" width="${W}" height="${bh2.toFixed(1)}" fill="${promo.colour}"/>`);
      parts.push(text(W / 2, y + bh2 / 2 + size * 0.36, promo.text, size, promo.lang, "#FFFFFF"));
      if (promo.sub) {
        const ss = fitSize(promo.sub, W * 0.8, bh2 * 0.34);
        parts.push(text(W / 2, y + bh2 + ss * 1.5, promo.sub, ss, promo.lang, darkBackdrop ? "#FFFFFF" : "#222222"));
      }
    } else {
      const x = W * 0.07;
      const size = fitSize(promo.text, W * 0.86, m * 0.1);
      const y = H * 0.06 + size;
      parts.push(text(x, y, promo.text, size, promo.lang, darkBackdrop ? "#FFFFFF" : promo.colour, "start"));
      if (promo.sub) {
        const ss = fitSize(promo.sub, W * 0.8, size * 0.42);
        parts.push(text(x, y + ss * 1.6, promo.sub, ss, promo.lang, darkBackdrop ? "#E0E0E0" : "#333333", "start"));
      }
    }
  }

  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}"><defs>${defs.join("")}</defs>${parts.join("")}</svg>`;
}

// ---- render ---------------------------------------------------------------------------------

async function renderBase(spec: BaseSpec): Promise<Buffer> {
  const img = sharp(Buffer.from(buildSvg(spec)));
  switch (spec.format) {
    case "png":
      return (spec.style === "cutout" ? img : img.flatten({ background: "#FFFFFF" })).png().toBuffer();
    case "webp":
      return img.flatten({ background: "#FFFFFF" }).webp({ quality: spec.quality }).toBuffer();
    case "jpeg":
      return img.flatten({ background: "#FFFFFF" }).jpeg({ quality: spec.quality }).toBuffer();
  }
}

async function renderNear(spec: NearSpec): Promise<Buffer> {
  // Derive from the encoded original, like a merchant re-exporting a downloaded file.
  const img = sharp(await renderBase(spec.of));
  const op = spec.op;
  switch (op.kind) {
    case "requality":
      return img.jpeg({ quality: op.quality }).toBuffer();
    case "crop":
      return img.extract(op.box).jpeg({ quality: op.quality }).toBuffer();
    case "resize":
      return img.resize({ width: op.width }).jpeg({ quality: op.quality }).toBuffer();
    case "crop-resize":
      return img.extract(op.box).resize({ width: op.width }).jpeg({ quality: op.quality }).toBuffer();
    case "png-export":
      return img.png().toBuffer();
  }
}

/** Write atomically so an interrupted run never leaves a truncated file behind. */
async function writeAtomic(file: string, data: Buffer): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}`;
  await writeFile(tmp, data);
  await rename(tmp, file);
}

/** Map with bounded parallelism, preserving order. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}

/**
 * Writes `count` (default 50) deterministic product images into outDir and returns their metadata,
 * in generation order. Files are overwritten; every file is byte-distinct.
 */
export async function generateDemoImages(outDir: string, opts: DemoOptions = {}): Promise<DemoImage[]> {
  const count = opts.count ?? 50;
  const seed = opts.seed ?? 20250301;
  await mkdir(outDir, { recursive: true });
  const specs = planDemo(count, seed);
  return mapLimit(specs, opts.concurrency ?? 2, async (spec) => {
    const data = spec.kind === "base" ? await renderBase(spec) : await renderNear(spec);
    const file = path.join(outDir, spec.meta.filename);
    await writeAtomic(file, data);
    return { path: file, ...spec.meta, tags: spec.meta.tags.slice(), markets: spec.meta.markets.slice() };
  });
}

// ---- benchmark JPEGs ------------------------------------------------------------------------

const NOISE_PAD = 97;

/** Smooth random field: a coarse random grid enlarged with a bicubic kernel (values around 128). */
async function smoothField(n: number, cell: number, rnd: () => number): Promise<Buffer> {
  const g = Math.ceil(n / cell) + 1;
  const coarse = Buffer.alloc(g * g);
  for (let i = 0; i < coarse.length; i++) coarse[i] = 128 + Math.round((rnd() - 0.5) * 120);
  return sharp(coarse, { raw: { width: g, height: g, channels: 1 } })
    .resize(n, n, { kernel: "cubic" })
    .raw()
    .toBuffer();
}

/** Greyscale grain + two octaves of mottling, as signed offsets; (size+pad)² so images can use different windows. */
async function makeNoise(size: number, seed: number): Promise<{ data: Int8Array; stride: number }> {
  const n = size + NOISE_PAD;
  const rnd = mulberry32(seed);
  const big = await smoothField(n, 211, rnd);
  const small = await smoothField(n, 47, rnd);
  const data = new Int8Array(n * n);
  for (let i = 0; i < data.length; i++) {
    const low = ((big[i] as number) - 128) * 0.12 + ((small[i] as number) - 128) * 0.06;
    data[i] = Math.round(low + (rnd() + rnd() - 1) * 16);
  }
  return { data, stride: n };
}

function hsl(h: number, s: number, l: number): string {
  const k = (n: number): number => (n + h / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (n: number): number => l - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)));
  const c = (v: number): string => Math.round(v * 255).toString(16).padStart(2, "0");
  return `#${c(f(0))}${c(f(8))}${c(f(4))}`.toUpperCase();
}

function benchSvg(i: number, size: number): string {
  const rng = new Rng(0x9e3779b1 ^ Math.imul(i + 1, 2654435761));
  const hue = rng.float(0, 360);
  const parts: string[] = [];
  const c1 = hsl(hue, rng.float(0.2, 0.7), rng.float(0.55, 0.85));
  const c2 = hsl((hue + rng.float(30, 150)) % 360, rng.float(0.2, 0.7), rng.float(0.2, 0.6));
  parts.push(
    `<defs><linearGradient id="bg" x1="${rng.float(0, 1).toFixed(2)}" y1="0" x2="${rng.float(0, 1).toFixed(2)}" y2="1"><stop offset="0" stop-color="${c1}"/><stop offset="1" stop-color="${c2}"/></linearGradient>` +
      `<radialGradient id="glow"><stop offset="0" stop-color="#FFFFFF" stop-opacity="0.5"/><stop offset="1" stop-color="#FFFFFF" stop-opacity="0"/></radialGradient>` +
      `<radialGradient id="shadow"><stop offset="0" stop-color="#000" stop-opacity="0.45"/><stop offset="1" stop-color="#000" stop-opacity="0"/></radialGradient></defs>`,
    `<rect width="${size}" height="${size}" fill="url(#bg)"/>`,
  );
  const floorY = size * rng.float(0.6, 0.8);
  parts.push(`<rect y="${floorY.toFixed(0)}" width="${size}" height="${(size - floorY).toFixed(0)}" fill="${hsl(hue, 0.25, rng.float(0.3, 0.7))}" opacity="0.7"/>`);
  const shapes = rng.int(8, 16);
  for (let k = 0; k < shapes; k++) {
    const x = rng.float(0, size);
    const y = rng.float(0, size);
    const r = size * rng.float(0.03, 0.18);
    const fill = hsl(rng.float(0, 360), rng.float(0.3, 0.9), rng.float(0.2, 0.8));
    const op = rng.float(0.25, 0.9).toFixed(2);
    const kind = rng.int(0, 3);
    if (kind === 0) parts.push(`<circle cx="${x.toFixed(0)}" cy="${y.toFixed(0)}" r="${r.toFixed(0)}" fill="${fill}" opacity="${op}"/>`);
    else if (kind === 1)
      parts.push(`<rect x="${(x - r).toFixed(0)}" y="${(y - r / 2).toFixed(0)}" width="${(2 * r).toFixed(0)}" height="${r.toFixed(0)}" fill="${fill}" opacity="${op}" transform="rotate(${rng.float(-40, 40).toFixed(1)} ${x.toFixed(0)} ${y.toFixed(0)})"/>`);
    else if (kind === 2)
      parts.push(`<ellipse cx="${x.toFixed(0)}" cy="${y.toFixed(0)}" rx="${(r * 1.6).toFixed(0)}" ry="${(r * 0.6).toFixed(0)}" fill="${fill}" opacity="${op}"/>`);
    else parts.push(`<circle cx="${x.toFixed(0)}" cy="${y.toFixed(0)}" r="${(r * 2).toFixed(0)}" fill="url(#glow)"/>`);
  }
  // A product in the middle so the pictures read as product photos.
  const product = rng.pick(PRODUCTS);
  const scale = (size * rng.float(0.45, 0.6)) / 1000;
  const cx = size * rng.float(0.4, 0.6);
  const gy = floorY + size * 0.03;
  const bx = (product.bbox.x0 + product.bbox.x1) / 2;
  const rx = ((product.bbox.x1 - product.bbox.x0) * scale) / 2;
  parts.push(`<ellipse cx="${cx.toFixed(0)}" cy="${gy.toFixed(0)}" rx="${rx.toFixed(0)}" ry="${(rx * 0.1).toFixed(0)}" fill="url(#shadow)"/>`);
  parts.push(
    `<g transform="translate(${(cx - bx * scale).toFixed(1)},${(gy - product.groundY * scale).toFixed(1)}) scale(${scale.toFixed(4)})">${product.draw(paintFor(rng.pick(COLOURS).hex))}</g>`,
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}">${parts.join("")}</svg>`;
}

async function exists(file: string): Promise<boolean> {
  try {
    return (await stat(file)).size > 0;
  } catch {
    return false;
  }
}

/**
 * Ensures `count` distinct size×size q90 JPEGs exist in outDir (bench-<size>-0001.jpg …) and returns
 * their paths. Files already present under the same name are reused (names encode index and size,
 * and content is a pure function of both).
 */
export async function generateBenchJpegs(outDir: string, count = 200, size = 3000): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const files = Array.from({ length: count }, (_, i) => path.join(outDir, `bench-${size}-${String(i + 1).padStart(4, "0")}.jpg`));
  const missing: number[] = [];
  for (let i = 0; i < count; i++) if (!(await exists(files[i] as string))) missing.push(i);
  if (missing.length === 0) return files;

  const noise = await makeNoise(size, 7);
  await mapLimit(missing, 2, async (i) => {
    const { data, info } = await sharp(Buffer.from(benchSvg(i, size)))
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    // Add the shared grain through a per-image window so the high frequencies differ too.
    const px = new Uint8ClampedArray(data.buffer, data.byteOffset, data.length);
    const ox = (i * 37) % NOISE_PAD;
    const oy = (i * 61) % NOISE_PAD;
    const ch = info.channels;
    for (let y = 0; y < info.height; y++) {
      let src = (y + oy) * noise.stride + ox;
      let dst = y * info.width * ch;
      for (let x = 0; x < info.width; x++, src++, dst += ch) {
        const n = noise.data[src] as number;
        px[dst] = (px[dst] as number) + n;
        px[dst + 1] = (px[dst + 1] as number) + n;
        px[dst + 2] = (px[dst + 2] as number) + n;
      }
    }
    const jpeg = await sharp(data, { raw: { width: info.width, height: info.height, channels: ch } })
      .jpeg({ quality: 90 })
      .toBuffer();
    const file = files[i] as string;
    try {
      await writeAtomic(file, jpeg);
    } catch (err) {
      await unlink(`${file}.tmp-${process.pid}`).catch(() => undefined);
      throw err;
    }
  });
  return files;
}
