// Channel presets as data (issue #5 §1; ids fixed by DESIGN §10). Each says how a rendition is made
// (size, fit, format, byte limit) and which rules it is checked against. Sources: CHANNELS.md (§1.5
// Shopify, §2.4 Amazon, §3.4 TikTok). [2nd] marks rules that only second-hand sources support; "market
// practice" marks sizes no channel document states (Tmall, JD, Shopee, Instagram, 9:16).

// The ids are the contract's (DESIGN §10): one list for the connectors and the builder.
import type { PresetId } from "../../../connectors/channel";
export type { PresetId };
/** A shop's own preset (Settings → Channel presets), always based on a built-in one. */
export type CustomPresetId = `custom.${string}`;
export type AnyPresetId = PresetId | CustomPresetId;

export const FITS = ["contain-white", "cover-attention", "trim-pad", "inside"] as const;
export type Fit = (typeof FITS)[number];
/** What channels accept, and what Settings offers for a preset. */
export const OUTPUT_FORMATS = ["jpeg", "png"] as const;
/** WebP only for the library's own thumb/preview (smaller, keeps alpha); no channel preset uses it. */
export type OutputFormat = (typeof OUTPUT_FORMATS)[number] | "webp";

export interface PresetRules {
  /** Shorter/longer side bounds in pixels. */
  minLongestSide?: number;
  /** Longest side from which a finding says "good" (Amazon zoom). */
  zoomLongestSide?: number;
  maxLongestSide?: number;
  minShortestSide?: number;
  maxMegapixels?: number;
  maxBytes?: number;
  formats?: OutputFormat[];
  /** Width / height, with a tolerance (0.01 = 1 %). */
  aspect?: { ratio: number; tolerance: number };
  /** Share of background pixels that must be exactly RGB 255,255,255 (1 = all). */
  pureWhiteBackground?: boolean;
  /** Minimum share of the frame the product's bounding box fills. */
  minFill?: number;
  transparencyAllowed?: boolean;
  /** No text on the image (MAIN images). */
  noText?: boolean;
}

export const PRESET_CHANNELS = ["shopify", "amazon", "tiktok", "tmall", "jd", "shopee", "instagram", "generic"] as const;
export type PresetChannel = (typeof PRESET_CHANNELS)[number];

export interface Preset {
  id: AnyPresetId;
  label: string;
  channel: PresetChannel;
  /** The rendition's target box; `square` forces width = height. */
  width: number;
  height: number;
  fit: Fit;
  format: OutputFormat;
  /** Never enlarge beyond this factor of the master (a too-small master is a finding, not a blurry image). */
  maxUpscale: number;
  keepMetadata: boolean;
  /** A fixed encode quality (library presets) instead of the quality search channel presets use. */
  quality?: number;
  /** The format used when the image has transparent pixels and the preset keeps them (library preview). */
  transparentFormat?: OutputFormat;
  rules: PresetRules;
  /** Where the rules come from. */
  source: string;
}

export const PRESETS: Record<PresetId, Preset> = {
  "shopify.product": {
    id: "shopify.product",
    label: "Shopify product image",
    channel: "shopify",
    width: 2048,
    height: 2048,
    fit: "contain-white",
    format: "jpeg",
    maxUpscale: 1,
    keepMetadata: false,
    // ≤ 4472 px side and ≤ 20 MP (shopify.dev product-media guide; the help centre's 5000 px / 25 MP is looser),
    // square 2048 recommended; < 20 MB (help centre [2nd]).
    rules: { maxLongestSide: 4472, maxMegapixels: 20, maxBytes: 20 * 1024 ** 2, formats: ["jpeg", "png"] },
    source: "CHANNELS.md §1.5 (shopify.dev product media; size limit [2nd])",
  },
  "amazon.main": {
    id: "amazon.main",
    label: "Amazon MAIN image",
    channel: "amazon",
    width: 2000,
    height: 2000,
    fit: "trim-pad",
    format: "jpeg",
    maxUpscale: 1,
    keepMetadata: false,
    // Longest side ≥ 500 accepted, ≥ 1000 for zoom, ≤ 10000; pure white RGB 255 background; product ≥ 85 %
    // of the frame; JPEG sRGB; ≤ 10 MB; no text or logos. All from copies of Seller Central's help page [2nd].
    rules: { minLongestSide: 500, zoomLongestSide: 1000, maxLongestSide: 10000, maxBytes: 10 * 1024 ** 2, formats: ["jpeg"], pureWhiteBackground: true, minFill: 0.85, transparencyAllowed: false, noText: true },
    source: "CHANNELS.md §2.4 [2nd]",
  },
  "amazon.other": {
    id: "amazon.other",
    label: "Amazon other image (PT01–PT08)",
    channel: "amazon",
    width: 2000,
    height: 2000,
    fit: "contain-white",
    format: "jpeg",
    maxUpscale: 1,
    keepMetadata: false,
    rules: { minLongestSide: 500, zoomLongestSide: 1000, maxLongestSide: 10000, maxBytes: 10 * 1024 ** 2, formats: ["jpeg", "png"] },
    source: "CHANNELS.md §2.4 [2nd]",
  },
  "tiktok.main": {
    id: "tiktok.main",
    label: "TikTok Shop main image",
    channel: "tiktok",
    width: 1200,
    height: 1200,
    fit: "contain-white",
    format: "jpeg",
    maxUpscale: 1,
    keepMetadata: false,
    // 1:1, ≥ 600×600 in practice (upload accepts 300–4000 px for MAIN_IMAGE), ≤ 5 MB (older doc text; the
    // upload API says 10 MB), JPG/PNG; white background without text on the first image [2nd].
    rules: { minShortestSide: 600, maxLongestSide: 4000, maxBytes: 5 * 1024 ** 2, formats: ["jpeg", "png"], aspect: { ratio: 1, tolerance: 0.01 }, noText: true },
    source: "CHANNELS.md §3.4 [2nd]",
  },
  "tmall.main": {
    id: "tmall.main",
    label: "Tmall main image 800×800",
    channel: "tmall",
    width: 800,
    height: 800,
    fit: "contain-white",
    format: "jpeg",
    maxUpscale: 1,
    keepMetadata: false,
    rules: { minShortestSide: 800, aspect: { ratio: 1, tolerance: 0.01 }, maxBytes: 3 * 1024 ** 2, formats: ["jpeg", "png"] },
    source: "market practice (no channel document in specs/)",
  },
  "jd.main": {
    id: "jd.main",
    label: "JD main image 800×800",
    channel: "jd",
    width: 800,
    height: 800,
    fit: "contain-white",
    format: "jpeg",
    maxUpscale: 1,
    keepMetadata: false,
    rules: { minShortestSide: 800, aspect: { ratio: 1, tolerance: 0.01 }, maxBytes: 3 * 1024 ** 2, formats: ["jpeg", "png"] },
    source: "market practice (no channel document in specs/)",
  },
  "shopee.main": {
    id: "shopee.main",
    label: "Shopee main image",
    channel: "shopee",
    width: 1024,
    height: 1024,
    fit: "contain-white",
    format: "jpeg",
    maxUpscale: 1,
    keepMetadata: false,
    rules: { minShortestSide: 500, aspect: { ratio: 1, tolerance: 0.01 }, maxBytes: 2 * 1024 ** 2, formats: ["jpeg", "png"] },
    source: "market practice (no channel document in specs/)",
  },
  "instagram.4x5": {
    id: "instagram.4x5",
    label: "Instagram portrait 4:5",
    channel: "instagram",
    width: 1080,
    height: 1350,
    fit: "cover-attention",
    format: "jpeg",
    maxUpscale: 1,
    keepMetadata: false,
    rules: { aspect: { ratio: 0.8, tolerance: 0.01 }, minShortestSide: 1080 },
    source: "market practice (no channel document in specs/)",
  },
  "vertical.9x16": {
    id: "vertical.9x16",
    label: "Vertical 9:16",
    channel: "generic",
    width: 1080,
    height: 1920,
    fit: "cover-attention",
    format: "jpeg",
    maxUpscale: 1,
    keepMetadata: false,
    rules: { aspect: { ratio: 9 / 16, tolerance: 0.01 }, minShortestSide: 1080 },
    source: "market practice (no channel document in specs/)",
  },
  // The library's own renditions, made at ingest from the same decode as the pHash (media/image.ts): the
  // thumb keeps alpha as WebP; the preview is JPEG, or WebP when the image has transparent pixels (a
  // cut-out flattened onto white would look like it had a white background).
  thumb: { id: "thumb", label: "Thumbnail", channel: "generic", width: 400, height: 400, fit: "inside", format: "webp", quality: 78, maxUpscale: 1, keepMetadata: false, rules: {}, source: "app" },
  preview: { id: "preview", label: "Preview", channel: "generic", width: 1600, height: 1600, fit: "inside", format: "jpeg", quality: 82, transparentFormat: "webp", maxUpscale: 1, keepMetadata: false, rules: {}, source: "app" },
};

export const isPresetId = (v: string): v is PresetId => Object.prototype.hasOwnProperty.call(PRESETS, v);
