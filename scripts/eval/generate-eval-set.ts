// `npx tsx scripts/eval/generate-eval-set.ts [--out <dir>]`: the labelled evaluation set of issue #7.
// Deterministic (seeded PRNG; the same sharp/librsvg/font versions give the same bytes): writes
// ~120 generated images into test/fixtures/eval/generated/ and their labels, with those of the real
// photos in test/fixtures/eval/photos/ (and images derived from them), into test/fixtures/eval/labels.json.
//
// Generated images are drawn so that their labels are true by construction:
//   - products (bottle, ball, box, T-shirt, mug) in a known named colour (jittered a little around a
//     prototype of the name) on pure white, transparent, a solid named colour, or a "scene" (a wall and a
//     floor of known colours, lighting gradient and sensor-like noise); ~1/4 are two-tone (half/half);
//   - banners with English, Chinese or mixed text (Noto Sans CJK SC), on white, solid or scene
//     backgrounds, some with a product beside the text;
//   - sizes and aspects spread over every orientation, named aspect (plus odd ratios with none) and size
//     class; images past 640 px are flat-colour palette PNGs, so the set stays small enough to commit.
// Photos: labels for people, objects, safety, background and shape (their colours and the small print
// on the astronaut's patches are not labelled); "derived" images are the photos mirrored or padded on white.
import { mkdir, readdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";
import { mulberry32 } from "../generate/demo-images";
import { EVAL_DIR, LABELS_FILE, type EvalImage, type EvalManifest, type ImageLabels } from "./labels";

export const SEED = 20261207;
const FONT = "Noto Sans CJK SC";

// ---- random ------------------------------------------------------------------------------------

const next = mulberry32(SEED);
const float = (min = 0, max = 1) => min + (max - min) * next();
const int = (min: number, max: number) => Math.floor(float(min, max + 1));
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
const chance = (p: number) => next() < p;

// ---- colours -----------------------------------------------------------------------------------

/** Product colours: clear members of each lexicon name (colour-names.ts), jittered by ±JITTER per channel. */
const PRODUCT_COLOURS: Record<string, readonly string[]> = {
  red: ["#d81e1e", "#c01818", "#e02a2a"],
  orange: ["#f07020", "#ff8000", "#f08a30"],
  yellow: ["#ffe020", "#f5d810", "#fff060"],
  green: ["#20a020", "#2a8a2a", "#60b040"],
  teal: ["#008080", "#00a0a0", "#107878"],
  blue: ["#2060e0", "#1e80f0", "#3050c0"],
  navy: ["#1a2a50", "#102060", "#18264a"],
  purple: ["#8040c0", "#702890", "#9050b0"],
  pink: ["#ff80c0", "#f090b0", "#ff60a8"],
  brown: ["#8b4513", "#704830", "#603010"],
  beige: ["#e8d8b8", "#e0ccaa", "#ecdcc0"],
  black: ["#1c1c1c", "#101010", "#242424"],
  grey: ["#808080", "#707070", "#909090"],
  gold: ["#d4af37", "#c8a030", "#d8b440"],
  silver: ["#c0c0c0", "#b8bcc4", "#c8c8c8"],
  white: ["#ffffff", "#f6f6f6"],
};
/** A broader name the colour analyser also suggests (colour-names.ts `broader`): never wrong to add. */
const BROADER: Record<string, string> = { navy: "blue", gold: "yellow", silver: "grey" };
/** Solid backdrop colours (named) and the scene wall/floor colours. */
const BACKDROPS = ["red", "yellow", "green", "teal", "blue", "navy", "purple", "pink", "beige", "black", "grey", "orange"] as const;
const WALLS = ["beige", "grey", "teal", "green", "pink"] as const;
const FLOORS = ["brown", "grey", "black"] as const;
/** Pairs too close to tell apart in a product shot (a grey bottle on a silver backdrop): never combined. */
const CLASH = new Set(["grey/silver", "navy/blue", "navy/black", "beige/white", "gold/yellow", "gold/orange", "orange/red", "pink/purple", "teal/green", "teal/blue", "gold/brown", "orange/brown", "beige/silver"]);
const clash = (a: string, b: string) => a === b || CLASH.has(`${a}/${b}`) || CLASH.has(`${b}/${a}`);

const JITTER = 6;
function jitter(hex: string): string {
  const v = parseInt(hex.slice(1), 16);
  const ch = [v >> 16, (v >> 8) & 255, v & 255].map((c) => Math.max(0, Math.min(255, c + int(-JITTER, JITTER))));
  return `#${ch.map((c) => c.toString(16).padStart(2, "0")).join("")}`;
}
const colourOf = (name: string) => jitter(pick(PRODUCT_COLOURS[name]!));
const withBroader = (names: string[]) => names.flatMap((n) => (BROADER[n] ? [BROADER[n]!] : []));
/** A black scene floor under the lighting gradient is charcoal at its lightest: "grey" is right too. */
const sceneExtras = (floor: string | undefined) => (floor === "black" ? ["grey"] : []);

// ---- sizes -------------------------------------------------------------------------------------

interface Dims {
  w: number;
  h: number;
  aspect: string | null;
}
const SMALL: readonly Dims[] = [
  { w: 640, h: 640, aspect: "1:1" },
  { w: 512, h: 640, aspect: "4:5" },
  { w: 480, h: 640, aspect: "3:4" },
  { w: 426, h: 640, aspect: "2:3" },
  { w: 360, h: 640, aspect: "9:16" },
  { w: 640, h: 512, aspect: "5:4" },
  { w: 640, h: 480, aspect: "4:3" },
  { w: 640, h: 426, aspect: "3:2" },
  { w: 640, h: 360, aspect: "16:9" },
  { w: 600, h: 520, aspect: null }, // 1.15
  { w: 448, h: 640, aspect: null }, // 0.70
  { w: 640, h: 290, aspect: null }, // 2.2
  { w: 400, h: 400, aspect: "1:1" },
  { w: 300, h: 450, aspect: "2:3" },
];
const MEDIUM: readonly Dims[] = [
  { w: 1200, h: 1200, aspect: "1:1" },
  { w: 1200, h: 1500, aspect: "4:5" },
  { w: 1600, h: 900, aspect: "16:9" },
  { w: 1000, h: 1000, aspect: "1:1" },
  { w: 1200, h: 628, aspect: null }, // 1.91, the social link card
];
const LARGE: readonly Dims[] = [
  { w: 2048, h: 2048, aspect: "1:1" },
  { w: 2400, h: 1600, aspect: "3:2" },
  { w: 2000, h: 2500, aspect: "4:5" },
];
const HUGE: readonly Dims[] = [
  { w: 4000, h: 4000, aspect: "1:1" },
  { w: 4200, h: 2800, aspect: "3:2" },
  { w: 3000, h: 4000, aspect: "3:4" },
];
const sizeClass = (d: Dims) => {
  const long = Math.max(d.w, d.h);
  return long >= 4000 ? "huge" : long >= 2000 ? "large" : long >= 1000 ? "medium" : "small";
};
const orientationOf = (d: Dims) => (Math.abs(Math.log(d.w / d.h)) <= 0.03 ? "square" : d.w > d.h ? "landscape" : "portrait");
function shapeLabels(d: Dims): Pick<ImageLabels, "orientation" | "aspect" | "size"> {
  return { orientation: orientationOf(d), aspect: d.aspect, size: sizeClass(d) };
}

// ---- drawing -----------------------------------------------------------------------------------

type Shape = "bottle" | "ball" | "box" | "tshirt" | "mug";
const SHAPES: readonly Shape[] = ["bottle", "ball", "box", "tshirt", "mug"];
/** COCO classes a detector may rightly see in a drawn shape (not required: they are drawings). */
const SHAPE_OBJECTS: Record<Shape, string[]> = { bottle: ["bottle", "vase"], ball: ["sports ball", "orange", "apple", "frisbee"], box: [], tshirt: [], mug: ["cup"] };

/** A product in the box (x, y, s×s), filled with `fill` (and `second` on its lower half when two-tone). */
function productSvg(shape: Shape, x: number, y: number, s: number, fill: string, second?: string): string {
  const f2 = second ?? fill;
  const clipId = `c${Math.round(x)}${Math.round(y)}`;
  // Two-tone: the same outline twice, the second clipped to the lower half.
  const draw = (c: string) => {
    switch (shape) {
      case "bottle":
        return `<rect x="${x + s * 0.38}" y="${y}" width="${s * 0.24}" height="${s * 0.2}" rx="${s * 0.03}" fill="${c}"/><rect x="${x + s * 0.2}" y="${y + s * 0.17}" width="${s * 0.6}" height="${s * 0.83}" rx="${s * 0.1}" fill="${c}"/>`;
      case "ball":
        return `<circle cx="${x + s / 2}" cy="${y + s / 2}" r="${s * 0.48}" fill="${c}"/>`;
      case "box":
        return `<rect x="${x + s * 0.05}" y="${y + s * 0.12}" width="${s * 0.9}" height="${s * 0.76}" rx="${s * 0.02}" fill="${c}"/>`;
      case "tshirt":
        return `<path d="M${x + s * 0.3},${y + s * 0.05} L${x + s * 0.05},${y + s * 0.22} L${x + s * 0.15},${y + s * 0.42} L${x + s * 0.25},${y + s * 0.36} L${x + s * 0.25},${y + s * 0.97} L${x + s * 0.75},${y + s * 0.97} L${x + s * 0.75},${y + s * 0.36} L${x + s * 0.85},${y + s * 0.42} L${x + s * 0.95},${y + s * 0.22} L${x + s * 0.7},${y + s * 0.05} Q${x + s * 0.5},${y + s * 0.18} ${x + s * 0.3},${y + s * 0.05} Z" fill="${c}"/>`;
      case "mug":
        return `<path d="M${x + s * 0.7},${y + s * 0.35} h${s * 0.12} a${s * 0.14},${s * 0.14} 0 0 1 0,${s * 0.36} h-${s * 0.12}" fill="none" stroke="${c}" stroke-width="${s * 0.07}"/><rect x="${x + s * 0.1}" y="${y + s * 0.2}" width="${s * 0.62}" height="${s * 0.7}" rx="${s * 0.05}" fill="${c}"/>`;
    }
  };
  if (f2 === fill) return draw(fill);
  return `<defs><clipPath id="${clipId}"><rect x="${x - 1}" y="${y + s / 2}" width="${s + 2}" height="${s / 2 + 1}"/></clipPath></defs>${draw(fill)}<g clip-path="url(#${clipId})">${draw(f2)}</g>`;
}

const escapeXml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function textSvg(lines: readonly string[], cx: number, top: number, size: number, fill: string): string {
  return lines
    .map((l, i) => `<text x="${cx}" y="${top + size * (1 + i * 1.3)}" font-family="${FONT}" font-weight="bold" font-size="${size}" text-anchor="middle" fill="${fill}">${escapeXml(l)}</text>`)
    .join("");
}

/** Scene backdrop: a wall over a floor (at 55–70 % of the height), both with a lighting gradient. */
function sceneSvg(d: Dims, wall: string, floor: string): string {
  const horizon = Math.round(d.h * float(0.55, 0.7));
  return `<defs><linearGradient id="light" x1="0" y1="0" x2="1" y2="0"><stop offset="0" stop-color="#000" stop-opacity="0.12"/><stop offset="0.5" stop-color="#fff" stop-opacity="0.08"/><stop offset="1" stop-color="#000" stop-opacity="0.12"/></linearGradient></defs>
    <rect width="${d.w}" height="${horizon}" fill="${wall}"/><rect y="${horizon}" width="${d.w}" height="${d.h - horizon}" fill="${floor}"/>
    <rect width="${d.w}" height="${d.h}" fill="url(#light)"/>`;
}

interface Render {
  svg: string;
  transparent: boolean;
  /** Per-pixel noise amplitude (0: flat). */
  noise: number;
  format: "png" | "jpeg";
}

async function encode(d: Dims, r: Render): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${d.w}" height="${d.h}">${r.svg}</svg>`;
  let img = sharp(Buffer.from(svg));
  if (r.noise > 0) {
    const { data, info } = await img.flatten({ background: "#ffffff" }).raw().toBuffer({ resolveWithObject: true });
    for (let i = 0; i < data.length; i++) data[i] = Math.max(0, Math.min(255, data[i]! + Math.round((next() - 0.5) * 2 * r.noise)));
    img = sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } });
  }
  if (r.format === "jpeg") return img.flatten({ background: "#ffffff" }).jpeg({ quality: 86, mozjpeg: true }).toBuffer();
  if (!r.transparent) img = img.flatten({ background: "#ffffff" });
  return img.png({ palette: true, colours: 64, compressionLevel: 9, effort: 10 }).toBuffer();
}

// ---- the plan ----------------------------------------------------------------------------------

interface Planned {
  name: string;
  kind: string;
  dims: Dims;
  render: Render;
  labels: ImageLabels;
}

type Backdrop = "pure white" | "transparent" | "solid" | "scene";

function planProduct(i: number, colour: string, backdrop: Backdrop): Planned {
  // Big images only for flat backdrops (they stay a few KB as palette PNGs).
  const flat = backdrop !== "scene";
  const dims = flat ? pick(chance(0.45) ? SMALL : chance(0.4) ? MEDIUM : chance(0.55) ? LARGE : HUGE) : pick(SMALL);
  const shape = pick(SHAPES);
  const twoTone = chance(0.25) ? pick(Object.keys(PRODUCT_COLOURS).filter((c) => !clash(c, colour) && c !== "white")) : undefined;
  let bgName: string | undefined;
  if (backdrop === "solid") bgName = pick(BACKDROPS.filter((b) => !clash(b, colour) && (!twoTone || !clash(b, twoTone))));
  const wall = backdrop === "scene" ? pick(WALLS.filter((b) => !clash(b, colour) && (!twoTone || !clash(b, twoTone)))) : undefined;
  const floor = backdrop === "scene" ? pick(FLOORS.filter((b) => !clash(b, colour) && (!twoTone || !clash(b, twoTone)) && b !== wall)) : undefined;

  // The product: 35–70 % of the short side, anywhere it fits (not touching the border band).
  const short = Math.min(dims.w, dims.h);
  const s = short * float(0.35, 0.7);
  const x = float(dims.w * 0.06, dims.w * 0.94 - s);
  const y = float(dims.h * 0.06, dims.h * 0.94 - s);
  let svg = "";
  if (backdrop === "pure white") svg += `<rect width="100%" height="100%" fill="#ffffff"/>`;
  if (backdrop === "solid") svg += `<rect width="100%" height="100%" fill="${colourOf(bgName!)}"/>`;
  if (backdrop === "scene") svg += sceneSvg(dims, colourOf(wall!), colourOf(floor!));
  svg += productSvg(shape, x, y, s, colourOf(colour), twoTone && colourOf(twoTone));

  const required = [colour, ...(twoTone ? [twoTone] : []), ...(bgName ? [bgName] : []), ...(wall ? [wall, floor!] : [])];
  const noise = backdrop === "scene" ? int(6, 14) : 0;
  const format: Render["format"] = backdrop === "transparent" ? "png" : backdrop === "scene" || (Math.max(dims.w, dims.h) <= 640 && chance(0.5)) ? "jpeg" : "png";
  return {
    name: `product-${String(i).padStart(3, "0")}-${colour}-${shape}-${backdrop.replace(" ", "")}`,
    kind: `${twoTone ? `${colour}/${twoTone}` : colour} ${shape} on ${backdrop}${bgName ? ` (${bgName})` : ""}${wall ? ` (${wall} wall, ${floor} floor)` : ""}`,
    dims,
    render: { svg, transparent: backdrop === "transparent", noise, format },
    labels: {
      colour: { values: required, optional: [...withBroader(required), ...sceneExtras(floor)] },
      background: backdrop,
      ...shapeLabels(dims),
      text: { words: [], languages: [] },
      people: "product only",
      objects: { values: [], optional: SHAPE_OBJECTS[shape] },
      safety: "safe",
    },
  };
}

const EN = [
  "SUMMER SALE", "FREE SHIPPING", "NEW ARRIVAL", "ORGANIC COFFEE", "LIMITED EDITION", "BEST SELLER", "HANDMADE LEATHER",
  "WINTER COLLECTION", "FLASH DEAL", "PURE COTTON", "Fresh Every Day", "Gift Ideas", "Save Today", "Eco Friendly Bottle",
  "Waterproof Jacket", "Back To School",
];
const ZH = ["新品上市", "限时特价", "全场包邮", "纯棉短袖", "买一送一", "夏季清仓", "正品保证", "手工皮具", "有机咖啡", "冬季新款", "爆款推荐", "七天无理由退货", "环保水杯", "年终大促"];
const MIXED: readonly [string, string][] = [
  ["新品上市", "NEW ARRIVAL"], ["限时特价", "FLASH SALE"], ["全场包邮", "FREE SHIPPING"], ["有机咖啡", "ORGANIC COFFEE"], ["夏季清仓", "SUMMER SALE"],
  ["正品保证", "Genuine Quality"], ["冬季新款", "Winter Style"], ["买一送一", "BUY ONE GET ONE"], ["爆款推荐", "Top Pick"], ["环保水杯", "Eco Bottle"],
];
/** The words a line is labelled with: each run of Chinese characters as one phrase, each Latin word of two letters or more. */
const wordsOf = (line: string) => line.match(/\p{Script=Han}+|[\p{Script=Latin}]{2,}/gu) ?? [];

/** Text colours that read on each backdrop, with the names they take. */
const DARK_TEXT = ["black", "navy", "red", "blue", "brown"] as const;
const LIGHT_TEXT = ["white", "yellow"] as const;
const LIGHT_BACKDROPS = ["yellow", "beige", "pink", "grey"] as const;
const DARK_BACKDROPS = ["red", "navy", "black", "green", "purple", "blue", "teal"] as const;

function planText(i: number, lang: "en" | "zh" | "mixed", lines: string[]): Planned {
  const backdrop: Backdrop = pick(["pure white", "pure white", "solid", "solid", "scene"] as const);
  const dims = chance(0.85) ? pick(SMALL.filter((d) => d.w >= 400)) : pick(MEDIUM);
  const scene = backdrop === "scene";
  let bgName: string | undefined, wall: string | undefined, floor: string | undefined, ink: string;
  if (backdrop === "pure white") ink = pick(DARK_TEXT);
  else if (backdrop === "solid") {
    const light = chance(0.5);
    bgName = pick(light ? LIGHT_BACKDROPS : DARK_BACKDROPS);
    ink = light ? pick(DARK_TEXT.filter((t) => !clash(t, bgName!))) : pick(LIGHT_TEXT.filter((t) => !clash(t, bgName!)));
  } else {
    wall = pick(WALLS);
    floor = pick(FLOORS.filter((f) => !clash(f, wall!)));
    ink = pick(["black", "navy", "red"].filter((t) => !clash(t, floor!) && !clash(t, wall!)));
  }
  // Font size: the longest line fills 55–85 % of the width (CJK glyphs ~1 em wide, Latin ~0.62 em).
  const ems = (l: string) => [...l].reduce((n, c) => n + (/\p{Script=Han}/u.test(c) ? 1 : /[A-Z]/.test(c) ? 0.68 : 0.56), 0);
  const longest = Math.max(...lines.map(ems));
  const size = Math.round(Math.min(dims.h / (lines.length * 1.3 + 1.2), (dims.w * float(0.55, 0.85)) / longest));
  const withProduct = !scene && chance(0.3);
  const productColour = withProduct ? pick(Object.keys(PRODUCT_COLOURS).filter((c) => !clash(c, bgName ?? "white") && !clash(c, ink) && c !== "white")) : undefined;
  const block = size * (lines.length * 1.3 + 0.3);
  const top = scene ? dims.h * 0.08 : withProduct ? dims.h * 0.06 : (dims.h - block) / 2;

  let svg = "";
  if (backdrop === "pure white") svg += `<rect width="100%" height="100%" fill="#ffffff"/>`;
  if (bgName) svg += `<rect width="100%" height="100%" fill="${colourOf(bgName)}"/>`;
  if (scene) svg += sceneSvg(dims, colourOf(wall!), colourOf(floor!));
  if (productColour) {
    const room = dims.h - (top + block) - dims.h * 0.06;
    const s = Math.min(room, dims.w * 0.5);
    if (s > dims.h * 0.15) svg += productSvg(pick(SHAPES), (dims.w - s) / 2, top + block, s, colourOf(productColour));
  }
  svg += textSvg(lines, dims.w / 2, top, size, colourOf(ink));

  const required = [...(bgName ? [bgName] : []), ...(wall ? [wall, floor!] : [])];
  // On white the text is "the product" the colour analyser describes; on a backdrop it may be under 10 %.
  if (backdrop === "pure white") required.push(ink);
  // A banner is mostly backdrop: with little ink on white the colour analyser describes the whole image
  // (colour.ts MIN_PRODUCT_SHARE), and "white" is then a fair description of it.
  const optional = [...(backdrop === "pure white" ? ["white"] : [ink]), ...(productColour ? [productColour] : [])];
  return {
    name: `text-${String(i).padStart(3, "0")}-${lang}-${backdrop.replace(" ", "")}`,
    kind: `${lang} text "${lines.join(" / ")}" in ${ink} on ${backdrop}${bgName ? ` (${bgName})` : ""}${productColour ? `, ${productColour} product` : ""}`,
    dims,
    render: { svg, transparent: false, noise: scene ? int(4, 10) : 0, format: scene || chance(0.5) ? "jpeg" : "png" },
    labels: {
      colour: { values: required, optional: [...optional, ...withBroader([...required, ...optional]), ...sceneExtras(floor)] },
      background: backdrop,
      ...shapeLabels(dims),
      text: { words: lines.flatMap(wordsOf), languages: lang === "mixed" ? ["english", "chinese"] : lang === "en" ? ["english"] : ["chinese"] },
      people: "product only",
      objects: { values: [], optional: ["bottle", "vase", "sports ball", "orange", "apple", "frisbee", "cup"] },
      safety: "safe",
    },
  };
}

function plan(): Planned[] {
  const out: Planned[] = [];
  let i = 0;
  const colours = Object.keys(PRODUCT_COLOURS);
  const backdrops: Backdrop[] = ["pure white", "transparent", "solid", "scene"];
  // 16 colours × 4 backdrops (a white product only on solid and scene backdrops: on white it is invisible).
  for (const colour of colours) {
    for (const backdrop of backdrops) {
      if (colour === "white" && (backdrop === "pure white" || backdrop === "transparent")) continue;
      out.push(planProduct(++i, colour, backdrop));
    }
  }
  for (const phrase of EN) out.push(planText(++i, "en", phrase.split(" ").length > 2 && chance(0.5) ? [phrase.split(" ").slice(0, 2).join(" "), phrase.split(" ").slice(2).join(" ")] : [phrase]));
  for (const phrase of ZH) out.push(planText(++i, "zh", [phrase]));
  for (const [zh, en] of MIXED) out.push(planText(++i, "mixed", chance(0.3) ? [`${zh} ${en}`] : [zh, en]));
  return out;
}

// ---- photos ------------------------------------------------------------------------------------

interface PhotoDef {
  file: string;
  kind: string;
  labels: Pick<ImageLabels, "people" | "objects" | "background" | "colour" | "text">;
}
const PHOTOS: readonly PhotoDef[] = [
  { file: "astronaut.png", kind: "portrait of an astronaut (scikit-image)", labels: { people: "person", objects: { values: [] }, background: "scene" } },
  { file: "camera.png", kind: "man behind a camera on a tripod, greyscale (scikit-image)", labels: { people: "person", objects: { values: [] }, background: "scene", text: { words: [], languages: [] } } },
  { file: "chelsea.png", kind: "close-up of a cat (scikit-image)", labels: { people: "product only", objects: { values: ["cat"] }, background: "scene", text: { words: [], languages: [] } } },
  { file: "coffee.png", kind: "espresso cup on a saucer on a wooden table (scikit-image)", labels: { people: "product only", objects: { values: ["cup"], optional: ["spoon", "bowl", "dining table"] }, background: "scene", text: { words: [], languages: [] } } },
  { file: "rocket.jpg", kind: "rocket on the launch pad at dusk (scikit-image)", labels: { people: "product only", objects: { values: [] }, background: "scene" } },
  { file: "horse.png", kind: "black silhouette of a horse on white (scikit-image, openclipart)", labels: { people: "product only", objects: { values: [], optional: ["horse"] }, background: "pure white", colour: { values: ["black"] }, text: { words: [], languages: [] } } },
  { file: "grass.png", kind: "grass texture, greyscale (scikit-image)", labels: { people: "product only", objects: { values: [] }, background: "scene", text: { words: [], languages: [] } } },
];

async function photoEntries(outDir: string): Promise<EvalImage[]> {
  const photosDir = path.join(EVAL_DIR, "photos");
  const out: EvalImage[] = [];
  for (const p of PHOTOS) {
    const meta = await sharp(path.join(photosDir, p.file)).metadata();
    const dims: Dims = { w: meta.width, h: meta.height, aspect: nearestAspect(meta.width, meta.height) };
    out.push({ file: `photos/${p.file}`, source: "photo", kind: p.kind, width: dims.w, height: dims.h, labels: { ...p.labels, ...shapeLabels(dims), safety: "safe" } });
  }
  // Derived: the five scikit-image photos mirrored, and shrunk onto a white 4:5 canvas (a "model shot" layout).
  for (const p of PHOTOS.slice(0, 5)) {
    const src = path.join(photosDir, p.file);
    const base = path.parse(p.file).name;
    const mirrored = await sharp(src).flop().jpeg({ quality: 88, mozjpeg: true }).toBuffer();
    const mm = await sharp(mirrored).metadata();
    await writeFile(path.join(outDir, `${base}-mirrored.jpg`), mirrored);
    out.push({
      file: `generated/${base}-mirrored.jpg`, source: "derived", kind: `${p.kind}, mirrored`, width: mm.width, height: mm.height,
      labels: { people: p.labels.people, objects: p.labels.objects, background: p.labels.background, ...shapeLabels({ w: mm.width, h: mm.height, aspect: nearestAspect(mm.width, mm.height) }), safety: "safe" },
    });
    const inner = await sharp(src).resize(360, 420, { fit: "inside" }).toBuffer();
    const padded = await sharp({ create: { width: 480, height: 600, channels: 3, background: "#ffffff" } })
      .composite([{ input: inner, gravity: "center" }])
      .jpeg({ quality: 88, mozjpeg: true })
      .toBuffer();
    await writeFile(path.join(outDir, `${base}-on-white.jpg`), padded);
    out.push({
      file: `generated/${base}-on-white.jpg`, source: "derived", kind: `${p.kind}, shrunk onto a white 4:5 canvas`, width: 480, height: 600,
      labels: { people: p.labels.people, objects: p.labels.objects, background: "pure white", ...shapeLabels({ w: 480, h: 600, aspect: "4:5" }), safety: "safe" },
    });
  }
  return out;
}

const NAMED_RATIOS: readonly [string, number][] = [["1:1", 1], ["4:5", 0.8], ["3:4", 0.75], ["2:3", 2 / 3], ["9:16", 9 / 16], ["5:4", 1.25], ["4:3", 4 / 3], ["3:2", 1.5], ["16:9", 16 / 9]];
function nearestAspect(w: number, h: number): string | null {
  const hit = NAMED_RATIOS.find(([, r]) => Math.abs(Math.log(w / h / r)) <= 0.03);
  return hit ? hit[0] : null;
}

// ---- main --------------------------------------------------------------------------------------

export async function generateEvalSet(outDir = path.join(EVAL_DIR, "generated")): Promise<EvalManifest> {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const images: EvalImage[] = [];
  for (const p of plan()) {
    const bytes = await encode(p.dims, p.render);
    const file = `${p.name}.${p.render.format === "jpeg" ? "jpg" : "png"}`;
    await writeFile(path.join(outDir, file), bytes);
    images.push({ file: `generated/${file}`, source: "generated", kind: p.kind, width: p.dims.w, height: p.dims.h, labels: p.labels });
  }
  images.push(...(await photoEntries(outDir)));
  return {
    description: "Labelled evaluation set of issue #7 (auto-tagging). Written by scripts/eval/generate-eval-set.ts; photos/ see photos/LICENSE.md. A facet missing from an image's labels is not evaluated on it.",
    seed: SEED,
    images,
  };
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname);
if (isMain) {
  const manifest = await generateEvalSet();
  await writeFile(LABELS_FILE, JSON.stringify(manifest, null, 1) + "\n");
  const files = await readdir(path.join(EVAL_DIR, "generated"));
  console.log(`wrote ${manifest.images.length} labelled images (${files.length} files in generated/) and ${path.relative(process.cwd(), LABELS_FILE)}`);
}

