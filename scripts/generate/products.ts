// Simple vector product drawings used by the demo/bench image generators.
// Every drawing lives in a 1000×1000 frame; `bbox` is the area it actually covers and `groundY`
// is where it touches the floor (used to place the contact shadow).

export interface NamedColour {
  name: string;
  slug: string;
  hex: string;
}

export const COLOURS: readonly NamedColour[] = [
  { name: "red", slug: "red", hex: "#C62828" },
  { name: "navy", slug: "navy", hex: "#1F2B57" },
  { name: "forest green", slug: "forest-green", hex: "#2E5E3A" },
  { name: "mustard", slug: "mustard", hex: "#D9A21B" },
  { name: "pink", slug: "pink", hex: "#E98BB0" },
  { name: "black", slug: "black", hex: "#1E1E1E" },
  { name: "light grey", slug: "light-grey", hex: "#E3E3E1" },
  { name: "tan", slug: "tan", hex: "#B9875A" },
  { name: "sky blue", slug: "sky-blue", hex: "#5D9CD6" },
];

export type ProductType =
  | "sneaker"
  | "tshirt"
  | "bottle"
  | "mug"
  | "handbag"
  | "watch"
  | "headphones"
  | "backpack"
  | "lamp"
  | "sunglasses";

/** Derived shades of one base colour. */
export interface Paint {
  base: string;
  dark: string;
  darker: string;
  light: string;
  /** Contrasting detail colour (stitching, laces, stripes). */
  contrast: string;
}

export interface ProductDef {
  type: ProductType;
  /** Human names a merchant might use; one is picked per image. */
  names: readonly string[];
  /** Tag for the product type and its category. */
  tag: string;
  category: string;
  /** How the shot is framed, for descriptions. */
  view: string;
  bbox: { x0: number; y0: number; x1: number; y1: number };
  groundY: number;
  draw: (p: Paint) => string;
}

// ---- colour helpers -------------------------------------------------------------------------

function hexToRgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function rgbToHex(r: number, g: number, b: number): string {
  const c = (v: number): string => Math.round(Math.max(0, Math.min(255, v))).toString(16).padStart(2, "0");
  return `#${c(r)}${c(g)}${c(b)}`.toUpperCase();
}

/** Linear mix of two hex colours; t=0 → a, t=1 → b. */
export function mix(a: string, b: string, t: number): string {
  const [r1, g1, b1] = hexToRgb(a);
  const [r2, g2, b2] = hexToRgb(b);
  return rgbToHex(r1 + (r2 - r1) * t, g1 + (g2 - g1) * t, b1 + (b2 - b1) * t);
}

export function luminance(hex: string): number {
  const [r, g, b] = hexToRgb(hex);
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
}

export function paintFor(hex: string): Paint {
  const lum = luminance(hex);
  // Very dark colours get lifted highlights; very light ones get stronger shadows.
  return {
    base: hex,
    dark: mix(hex, "#000000", lum > 0.8 ? 0.18 : 0.28),
    darker: mix(hex, "#000000", lum > 0.8 ? 0.35 : 0.5),
    light: mix(hex, "#FFFFFF", lum < 0.15 ? 0.25 : 0.35),
    contrast: lum > 0.6 ? "#2B2B2B" : "#F4F4F2",
  };
}

// ---- drawings -------------------------------------------------------------------------------

const sneaker = (p: Paint): string => {
  const laces = [0, 1, 2, 3, 4]
    .map((i) => {
      const x = 432 + i * 30;
      const y = 402 + i * 27;
      return `<line x1="${x - 22}" y1="${y + 24}" x2="${x + 26}" y2="${y - 20}" stroke="${p.contrast}" stroke-width="11" stroke-linecap="round"/>`;
    })
    .join("");
  return `
  <path d="M125,655 C112,560 118,480 152,432 L255,418 Q300,442 352,424 L384,380 Q420,356 450,382 L566,520
    Q650,560 770,574 Q884,592 906,652 L906,660 Z" fill="${p.base}"/>
  <path d="M125,655 C112,560 118,480 152,432 L200,425 C190,500 205,590 235,655 Z" fill="${p.dark}"/>
  <path d="M770,574 Q884,592 906,652 L906,660 L780,660 Q760,610 770,574 Z" fill="${p.dark}"/>
  <path d="M290,625 Q480,585 720,515 Q640,600 330,648 Z" fill="${p.contrast}" opacity="0.9"/>
  <path d="M152,432 L255,418 Q300,442 352,424 L362,440 Q300,462 250,436 L160,450 Z" fill="${p.darker}"/>
  <path d="M138,470 L126,400 Q126,388 138,388 L160,392 L168,462 Z" fill="${p.contrast}"/>
  ${laces}
  <path d="M108,652 L888,652 Q922,656 920,690 Q914,724 868,726 L150,726 Q104,724 106,690 Z" fill="#F2F2F0" stroke="#D5D5D2" stroke-width="3"/>
  <path d="M112,705 L916,705 Q906,738 862,740 L152,740 Q118,737 112,705 Z" fill="#4A4A48"/>
  <path d="M180,680 L820,680" stroke="#D0D0CC" stroke-width="4" stroke-dasharray="14 10"/>`;
};

const tshirt = (p: Paint): string => `
  <path d="M360,190 Q500,280 640,190 L792,240 L906,410 L790,472 L760,430 L766,862 L234,862 L240,430
    L210,472 L94,410 L208,240 Z" fill="${p.base}"/>
  <path d="M360,190 Q500,232 640,190 Q500,262 360,190 Z" fill="${p.darker}"/>
  <path d="M360,190 Q500,280 640,190" fill="none" stroke="${p.dark}" stroke-width="20"/>
  <path d="M240,430 Q252,330 212,246 M760,430 Q748,330 788,246" fill="none" stroke="${p.dark}" stroke-width="5"/>
  <path d="M106,392 L222,454 M894,392 L778,454" stroke="${p.dark}" stroke-width="4" stroke-dasharray="12 8"/>
  <path d="M236,838 L764,838" stroke="${p.dark}" stroke-width="4" stroke-dasharray="12 8"/>
  <path d="M330,300 Q360,600 320,850 L380,850 Q400,600 370,300 Z" fill="#000000" opacity="0.06"/>
  <path d="M640,320 Q600,560 660,850 L700,850 Q650,560 680,320 Z" fill="#FFFFFF" opacity="0.10"/>`;

const bottle = (p: Paint): string => `
  <rect x="425" y="118" width="150" height="112" rx="20" fill="#2C2C2C"/>
  <rect x="425" y="150" width="150" height="10" fill="#444"/>
  <path d="M470,118 Q500,70 530,118" fill="none" stroke="#2C2C2C" stroke-width="16"/>
  <rect x="445" y="226" width="110" height="42" fill="#BDBFC2"/>
  <path d="M445,262 L555,262 Q640,300 640,382 L640,842 Q640,882 600,882 L400,882 Q360,882 360,842 L360,382
    Q360,300 445,262 Z" fill="${p.base}"/>
  <rect x="360" y="500" width="280" height="190" fill="${p.light}"/>
  <circle cx="500" cy="595" r="48" fill="none" stroke="${p.dark}" stroke-width="10"/>
  <path d="M472,610 L500,560 L528,610 Z" fill="${p.dark}"/>
  <rect x="392" y="330" width="30" height="520" rx="15" fill="#FFFFFF" opacity="0.32"/>
  <rect x="592" y="320" width="36" height="540" rx="18" fill="#000000" opacity="0.12"/>`;

const mug = (p: Paint): string => `
  <path d="M655,430 C810,420 815,700 655,690" fill="none" stroke="${p.dark}" stroke-width="58" stroke-linecap="round"/>
  <path d="M655,430 C790,425 795,690 655,690" fill="none" stroke="${p.base}" stroke-width="40" stroke-linecap="round"/>
  <path d="M300,330 L660,330 L660,760 Q660,822 598,822 L362,822 Q300,822 300,760 Z" fill="${p.base}"/>
  <ellipse cx="480" cy="330" rx="180" ry="40" fill="${p.light}"/>
  <ellipse cx="480" cy="334" rx="160" ry="30" fill="${p.darker}"/>
  <ellipse cx="480" cy="344" rx="150" ry="20" fill="#3B2415"/>
  <rect x="330" y="380" width="34" height="400" rx="17" fill="#FFFFFF" opacity="0.28"/>
  <path d="M600,360 L655,360 L655,760 Q655,810 610,815 Z" fill="#000000" opacity="0.12"/>
  <path d="M300,780 L660,780" stroke="${p.dark}" stroke-width="6"/>`;

const handbag = (p: Paint): string => `
  <path d="M352,458 C352,220 648,220 648,458" fill="none" stroke="${p.darker}" stroke-width="36" stroke-linecap="round"/>
  <rect x="330" y="440" width="44" height="50" rx="8" fill="#C9A227"/>
  <rect x="626" y="440" width="44" height="50" rx="8" fill="#C9A227"/>
  <path d="M220,452 L780,452 L836,822 Q842,862 800,862 L200,862 Q158,862 164,822 Z" fill="${p.base}"/>
  <path d="M220,452 L780,452 L770,568 Q500,628 230,568 Z" fill="${p.dark}"/>
  <path d="M238,560 Q500,616 762,560" fill="none" stroke="${p.light}" stroke-width="4" stroke-dasharray="14 9"/>
  <path d="M180,830 L820,830" stroke="${p.dark}" stroke-width="4" stroke-dasharray="14 9"/>
  <rect x="462" y="570" width="76" height="62" rx="10" fill="#C9A227"/>
  <rect x="484" y="590" width="32" height="22" rx="4" fill="#8E7019"/>
  <path d="M232,600 L196,830 L250,830 Z" fill="#000000" opacity="0.08"/>`;

const watch = (p: Paint): string => {
  const ticks = Array.from({ length: 12 }, (_, i) => {
    const a = (i / 12) * Math.PI * 2;
    const r1 = i % 3 === 0 ? 108 : 120;
    const x1 = 500 + Math.sin(a) * r1;
    const y1 = 500 - Math.cos(a) * r1;
    const x2 = 500 + Math.sin(a) * 136;
    const y2 = 500 - Math.cos(a) * 136;
    return `<line x1="${x1.toFixed(1)}" y1="${y1.toFixed(1)}" x2="${x2.toFixed(1)}" y2="${y2.toFixed(1)}" stroke="#222" stroke-width="${i % 3 === 0 ? 9 : 5}"/>`;
  }).join("");
  const holes = [700, 745, 790].map((y) => `<ellipse cx="500" cy="${y}" rx="9" ry="12" fill="${p.darker}"/>`).join("");
  return `
  <path d="M420,110 L580,110 L572,372 L428,372 Z" fill="${p.base}"/>
  <path d="M428,628 L572,628 L580,892 L420,892 Z" fill="${p.base}"/>
  <path d="M432,140 L568,140 M434,860 L566,860" stroke="${p.light}" stroke-width="4" stroke-dasharray="10 8"/>
  ${holes}
  <rect x="405" y="300" width="190" height="400" rx="40" fill="#9EA3A8"/>
  <rect x="684" y="474" width="36" height="52" rx="8" fill="#9EA3A8"/>
  <circle cx="500" cy="500" r="186" fill="#B8BDC2"/>
  <circle cx="500" cy="500" r="170" fill="#8F959B"/>
  <circle cx="500" cy="500" r="152" fill="#F7F6F1"/>
  ${ticks}
  <line x1="500" y1="500" x2="560" y2="430" stroke="#1A1A1A" stroke-width="14" stroke-linecap="round"/>
  <line x1="500" y1="500" x2="430" y2="385" stroke="#1A1A1A" stroke-width="9" stroke-linecap="round"/>
  <line x1="500" y1="520" x2="500" y2="380" stroke="#C62828" stroke-width="4"/>
  <circle cx="500" cy="500" r="12" fill="#1A1A1A"/>
  <path d="M380,420 A150,150 0 0 1 560,360 L550,380 A130,130 0 0 0 395,430 Z" fill="#FFFFFF" opacity="0.5"/>`;
};

const headphones = (p: Paint): string => `
  <path d="M250,580 C240,215 760,215 750,580" fill="none" stroke="${p.base}" stroke-width="56" stroke-linecap="round"/>
  <path d="M300,430 C340,285 660,285 700,430" fill="none" stroke="${p.darker}" stroke-width="26" stroke-linecap="round"/>
  <rect x="228" y="470" width="44" height="80" rx="10" fill="#A7ABB0"/>
  <rect x="728" y="470" width="44" height="80" rx="10" fill="#A7ABB0"/>
  <rect x="168" y="520" width="150" height="270" rx="66" fill="${p.base}"/>
  <rect x="682" y="520" width="150" height="270" rx="66" fill="${p.base}"/>
  <rect x="292" y="540" width="56" height="230" rx="26" fill="${p.darker}"/>
  <rect x="652" y="540" width="56" height="230" rx="26" fill="${p.darker}"/>
  <rect x="190" y="560" width="24" height="190" rx="12" fill="#FFFFFF" opacity="0.25"/>
  <rect x="704" y="560" width="24" height="190" rx="12" fill="#FFFFFF" opacity="0.25"/>
  <circle cx="243" cy="655" r="26" fill="${p.dark}"/>
  <circle cx="757" cy="655" r="26" fill="${p.dark}"/>`;

const backpack = (p: Paint): string => `
  <path d="M440,240 Q500,140 560,240" fill="none" stroke="${p.darker}" stroke-width="24" stroke-linecap="round"/>
  <rect x="258" y="300" width="44" height="500" rx="20" fill="${p.darker}"/>
  <rect x="698" y="300" width="44" height="500" rx="20" fill="${p.darker}"/>
  <rect x="288" y="228" width="424" height="636" rx="132" fill="${p.base}"/>
  <path d="M318,340 Q500,250 682,340" fill="none" stroke="${p.darker}" stroke-width="10"/>
  <path d="M318,340 Q500,250 682,340" fill="none" stroke="#C9C9C9" stroke-width="3" stroke-dasharray="6 5"/>
  <rect x="342" y="548" width="316" height="262" rx="62" fill="${p.dark}"/>
  <path d="M370,600 L630,600" stroke="#C9C9C9" stroke-width="5" stroke-dasharray="6 5"/>
  <rect x="612" y="594" width="16" height="48" rx="6" fill="#C9C9C9"/>
  <rect x="664" y="316" width="16" height="48" rx="6" fill="#C9C9C9"/>
  <rect x="455" y="680" width="90" height="48" rx="8" fill="${p.light}"/>
  <rect x="312" y="280" width="26" height="520" rx="13" fill="#FFFFFF" opacity="0.16"/>`;

const lamp = (p: Paint): string => `
  <defs><radialGradient id="lampGlow" cx="0.5" cy="0.2" r="0.8">
    <stop offset="0" stop-color="#FFE9A8" stop-opacity="0.9"/><stop offset="1" stop-color="#FFE9A8" stop-opacity="0"/>
  </radialGradient></defs>
  <ellipse cx="500" cy="560" rx="300" ry="150" fill="url(#lampGlow)"/>
  <rect x="488" y="460" width="24" height="120" fill="#B08D57"/>
  <path d="M455,575 Q365,650 400,760 Q420,820 500,822 Q580,820 600,760 Q635,650 545,575 Z" fill="${p.base}"/>
  <path d="M455,575 Q380,650 410,760 Q422,800 450,812 Q415,700 470,580 Z" fill="#FFFFFF" opacity="0.25"/>
  <ellipse cx="500" cy="826" rx="120" ry="20" fill="${p.darker}"/>
  <path d="M372,172 L628,172 L732,474 L268,474 Z" fill="#F1EBDD"/>
  <path d="M560,172 L628,172 L732,474 L640,474 Z" fill="#000000" opacity="0.08"/>
  <path d="M372,172 L628,172 M268,474 L732,474" stroke="${p.dark}" stroke-width="12" stroke-linecap="round"/>`;

const sunglasses = (p: Paint): string => {
  const lens =
    "M150,424 Q150,398 178,398 L436,398 Q466,398 462,430 L446,560 Q436,632 360,632 L242,632 Q172,632 162,562 Z";
  return `
  <defs>
    <linearGradient id="lensGrad" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#1C1F24"/><stop offset="1" stop-color="#4B5562"/>
    </linearGradient>
    <clipPath id="lensL"><path d="${lens}"/></clipPath>
  </defs>
  <path d="M150,420 L96,404 L90,440 L150,452 M850,420 L904,404 L910,440 L850,452" fill="${p.dark}" stroke="${p.dark}" stroke-width="16" stroke-linejoin="round"/>
  <g><path d="${lens}" fill="url(#lensGrad)" stroke="${p.base}" stroke-width="30"/>
    <path d="M190,600 L330,400 L380,400 L240,630 Z" fill="#FFFFFF" opacity="0.18" clip-path="url(#lensL)"/></g>
  <g transform="translate(1000,0) scale(-1,1)"><path d="${lens}" fill="url(#lensGrad)" stroke="${p.base}" stroke-width="30"/>
    <path d="M190,600 L330,400 L380,400 L240,630 Z" fill="#FFFFFF" opacity="0.18" clip-path="url(#lensL)"/></g>
  <path d="M458,440 Q500,400 542,440" fill="none" stroke="${p.base}" stroke-width="26" stroke-linecap="round"/>
  <circle cx="176" cy="420" r="7" fill="#C9CDD2"/><circle cx="824" cy="420" r="7" fill="#C9CDD2"/>`;
};

export const PRODUCTS: readonly ProductDef[] = [
  {
    type: "sneaker",
    names: ["Trail runner sneaker", "Court classic sneaker", "Everyday knit sneaker"],
    tag: "sneaker",
    category: "footwear",
    view: "side profile, toe right",
    bbox: { x0: 100, y0: 360, x1: 925, y1: 742 },
    groundY: 740,
    draw: sneaker,
  },
  {
    type: "tshirt",
    names: ["Organic cotton crew tee", "Heavyweight boxy t-shirt", "Everyday slub tee"],
    tag: "t-shirt",
    category: "apparel",
    view: "flat front view",
    bbox: { x0: 90, y0: 185, x1: 910, y1: 866 },
    groundY: 866,
    draw: tshirt,
  },
  {
    type: "bottle",
    names: ["Insulated steel water bottle 750 ml", "Sport water bottle 600 ml"],
    tag: "water bottle",
    category: "drinkware",
    view: "front view, cap on",
    bbox: { x0: 355, y0: 75, x1: 645, y1: 885 },
    groundY: 882,
    draw: bottle,
  },
  {
    type: "mug",
    names: ["Stoneware coffee mug 350 ml", "Glazed ceramic mug"],
    tag: "mug",
    category: "drinkware",
    view: "three-quarter view, handle right",
    bbox: { x0: 298, y0: 288, x1: 810, y1: 824 },
    groundY: 822,
    draw: mug,
  },
  {
    type: "handbag",
    names: ["Structured leather tote", "Mini top-handle bag"],
    tag: "handbag",
    category: "bags",
    view: "front view",
    bbox: { x0: 158, y0: 250, x1: 842, y1: 864 },
    groundY: 862,
    draw: handbag,
  },
  {
    type: "watch",
    names: ["Minimalist field watch 38 mm", "Classic dress watch 40 mm"],
    tag: "watch",
    category: "accessories",
    view: "face-on with strap laid out",
    bbox: { x0: 310, y0: 108, x1: 722, y1: 894 },
    groundY: 892,
    draw: watch,
  },
  {
    type: "headphones",
    names: ["Wireless over-ear headphones", "Studio monitor headphones"],
    tag: "headphones",
    category: "audio",
    view: "front view",
    bbox: { x0: 165, y0: 240, x1: 835, y1: 792 },
    groundY: 790,
    draw: headphones,
  },
  {
    type: "backpack",
    names: ["Commuter backpack 20 L", "Everyday canvas daypack"],
    tag: "backpack",
    category: "bags",
    view: "front view",
    bbox: { x0: 255, y0: 160, x1: 745, y1: 866 },
    groundY: 864,
    draw: backpack,
  },
  {
    type: "lamp",
    names: ["Linen shade table lamp", "Ceramic bedside lamp"],
    tag: "lamp",
    category: "home decor",
    view: "front view, lamp on",
    bbox: { x0: 260, y0: 165, x1: 740, y1: 848 },
    groundY: 846,
    draw: lamp,
  },
  {
    type: "sunglasses",
    names: ["Polarised classic sunglasses", "Acetate wayfarer sunglasses"],
    tag: "sunglasses",
    category: "eyewear",
    view: "front view",
    bbox: { x0: 80, y0: 385, x1: 920, y1: 648 },
    groundY: 660,
    draw: sunglasses,
  },
];
