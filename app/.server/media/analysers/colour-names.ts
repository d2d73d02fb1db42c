// The fixed colour lexicon (English + Chinese) the colour analyser names its palette with, and search
// reads to understand "蓝色" or "navy". A colour takes the name of its nearest prototype in Lab.
import { hexToLab, type Lab } from "./pixels";

export interface ColourName {
  /** Canonical tag value, English lower case. */
  value: string;
  valueZh: string;
  /** Other words shoppers and merchants use for it (English and Chinese), for query parsing. */
  aliases: readonly string[];
  /**
   * Representative sRGB colours. Several per name because a name covers a region (light and dark blue
   * are both "blue"), and nearest-prototype naming follows its shape better than one centroid would.
   */
  prototypes: readonly string[];
  /** A broader name that also applies (navy is a blue): suggested too, with less confidence. */
  broader?: string;
}

// Gold and silver are approximated by hue + lightness (a flat render of a metal is a yellow-brown or a
// light grey); silver is therefore also suggested as grey, and gold as yellow.
export const COLOUR_NAMES: readonly ColourName[] = [
  { value: "red", valueZh: "红色", aliases: ["crimson", "scarlet", "burgundy", "红", "大红", "酒红"], prototypes: ["#ff0000", "#d81e1e", "#b01818", "#8b1020", "#e04040"] },
  { value: "orange", valueZh: "橙色", aliases: ["橙", "橘色", "橘黄"], prototypes: ["#ff8000", "#f07020", "#ffa040", "#e06010"] },
  { value: "yellow", valueZh: "黄色", aliases: ["lemon", "mustard", "黄", "柠檬黄"], prototypes: ["#ffff00", "#ffe020", "#fff080", "#f0d020"] },
  { value: "green", valueZh: "绿色", aliases: ["olive", "lime", "khaki green", "绿", "军绿", "橄榄绿"], prototypes: ["#00ff00", "#20a020", "#008000", "#80d040", "#1e5020", "#708030", "#90c890"] },
  { value: "teal", valueZh: "青色", aliases: ["cyan", "turquoise", "aqua", "青", "蓝绿色", "湖蓝"], prototypes: ["#008080", "#00c0c0", "#40e0d0", "#00ffff", "#006060"] },
  { value: "blue", valueZh: "蓝色", aliases: ["sky blue", "royal blue", "蓝", "天蓝", "宝蓝"], prototypes: ["#0000ff", "#2060e0", "#1e90ff", "#87ceeb", "#4060c0", "#3050a0", "#a0c0f0"] },
  { value: "navy", valueZh: "藏青色", aliases: ["navy blue", "dark blue", "海军蓝", "藏青", "藏蓝", "深蓝色"], prototypes: ["#000080", "#1a2a50", "#202848", "#102060"], broader: "blue" },
  { value: "purple", valueZh: "紫色", aliases: ["violet", "lavender", "lilac", "紫", "薰衣草紫"], prototypes: ["#800080", "#8040c0", "#c0a0e0", "#602080", "#a040a0"] },
  { value: "pink", valueZh: "粉色", aliases: ["rose", "magenta", "fuchsia", "粉红", "粉红色", "玫红"], prototypes: ["#ff80c0", "#ffc0cb", "#ff1493", "#e07090", "#ff00ff", "#f0a0b0"] },
  { value: "brown", valueZh: "棕色", aliases: ["chocolate", "coffee", "tan", "camel", "棕", "咖啡色", "褐色"], prototypes: ["#8b4513", "#603010", "#a0522d", "#704830", "#402010", "#a06030"] },
  { value: "beige", valueZh: "米色", aliases: ["cream", "ivory", "nude", "米白", "奶油色", "杏色"], prototypes: ["#f5f5dc", "#e8d8b8", "#d8c0a0", "#f0e0c8"] },
  { value: "black", valueZh: "黑色", aliases: ["黑"], prototypes: ["#000000", "#1c1c1c"] },
  { value: "white", valueZh: "白色", aliases: ["白"], prototypes: ["#ffffff", "#f4f4f4"] },
  { value: "grey", valueZh: "灰色", aliases: ["gray", "charcoal", "灰", "深灰", "浅灰"], prototypes: ["#808080", "#606060", "#404040", "#989898"] },
  { value: "gold", valueZh: "金色", aliases: ["golden", "金", "香槟金"], prototypes: ["#d4af37", "#c09030", "#b8860b", "#e0c060"], broader: "yellow" },
  { value: "silver", valueZh: "银色", aliases: ["银", "银白"], prototypes: ["#c0c0c0", "#b4b8c0", "#d0d0d0"], broader: "grey" },
];

const BY_VALUE = new Map(COLOUR_NAMES.map((n) => [n.value, n]));
const PROTOTYPES = COLOUR_NAMES.flatMap((name) => name.prototypes.map((hex) => ({ name, lab: hexToLab(hex) })));

/** The lexicon entry for a canonical value, alias or Chinese name ("navy", "gray", "藏青色"), if any. */
export function findColourName(word: string): ColourName | undefined {
  const w = word.trim().toLowerCase();
  return BY_VALUE.get(w) ?? COLOUR_NAMES.find((n) => n.valueZh === w || n.aliases.includes(w));
}

export function colourNamed(value: string): ColourName {
  const n = BY_VALUE.get(value);
  if (!n) throw new RangeError(`no colour named ${value}`);
  return n;
}

// Lightness differences count less than hue/chroma ones when naming: a lighter or darker red is
// still red, while a small hue shift can make it orange.
const L_WEIGHT = 0.6;
const namingDistance = (p: Lab, q: Lab): number => Math.hypot(L_WEIGHT * (p.L - q.L), p.a - q.a, p.b - q.b);

/** The lexicon name nearest to `lab`, with the (lightness-weighted) Lab distance to its prototype. */
export function nameColour(lab: Lab): { name: ColourName; distance: number } {
  let best = PROTOTYPES[0]!;
  let bestD = Infinity;
  for (const p of PROTOTYPES) {
    const d = namingDistance(lab, p.lab);
    if (d < bestD) {
      bestD = d;
      best = p;
    }
  }
  return { name: best.name, distance: bestD };
}
