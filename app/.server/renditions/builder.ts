// Rendition builder (issue #5 §2): turns a master into one channel preset's rendition with sharp.
// Pure image code on purpose — no config, no database — so the CLI and the job worker can share it.
// Pipeline: orient + sRGB + recipe (crop, whiten) → fit (inside / contain-white / cover-attention /
// trim-pad; a recipe may override the preset's fit) without enlarging past preset.maxUpscale → encode with
// a quality search under rules.maxBytes.
import { createHash } from "node:crypto";
import sharp, { type PngOptions, type Sharp } from "sharp";
import type { Fit, OutputFormat, Preset } from "./presets";

/** The merchant's stored Fix for one (asset, preset); applied before the fit. */
export interface RenditionRecipe {
  /** Make near-white background (connected to the image edge) exactly 255,255,255. */
  whitenBackground?: boolean;
  /** Share of the frame the product's longer side should fill (trim-pad only). */
  fillTarget?: number;
  /** Region of the oriented master to keep, in pixels. */
  crop?: { left: number; top: number; width: number; height: number };
  /**
   * Overrides preset.fit for this build, e.g. the "pad to fill" Fix: trim-pad (with a fillTarget) on a preset
   * whose fit is contain-white. The preset's rules still apply to the result.
   */
  fit?: Fit;
}

export interface BuildOptions {
  fillTarget?: number;
  recipe?: RenditionRecipe;
}

export interface BuiltRendition {
  bytes: Buffer;
  width: number;
  height: number;
  format: OutputFormat;
  /** JPEG quality used; null for PNG. */
  quality: number | null;
  /** True only when pixels were enlarged (possible only if preset.maxUpscale > 1). */
  upscaled: boolean;
  recipeHash: string;
}

const WHITE = { r: 255, g: 255, b: 255, alpha: 1 } as const;
/** Same tolerance sharp's trim defaults to; JPEG masters rarely have a perfectly flat background. */
const TRIM_THRESHOLD = 10;
/** How far from white (per channel) whitenBackground still treats a pixel as background. */
const WHITEN_DISTANCE = 12;
const Q_MIN = 40;
const Q_MAX = 92;
const Q_FIRST = 90;
const STEP_DOWN = 0.9;
/** Margin over rules.minFill so rounding and JPEG edges never drop the result under the rule. */
const FILL_MARGIN = 0.03;
const DEFAULT_FILL = 0.88;

interface Raw {
  data: Buffer;
  width: number;
  height: number;
  channels: 1 | 2 | 3 | 4;
}

type FitOutput = Raw & { upscaled: boolean };

export async function buildRendition(input: Buffer | string, preset: Preset, opts: BuildOptions = {}): Promise<BuiltRendition> {
  return buildFrom(await prepare(input, opts.recipe ?? {}, flattensAlpha(withFit(preset, opts.recipe))), input, preset, opts);
}

/** The fit a build uses: the recipe's when it sets one, else the preset's. */
const fitOf = (preset: Preset, recipe: RenditionRecipe | undefined): Fit => recipe?.fit ?? preset.fit;

/** The preset as this build applies it (the recipe's fit override in place of preset.fit). */
const withFit = (preset: Preset, recipe: RenditionRecipe | undefined): Preset => {
  const f = fitOf(preset, recipe);
  return f === preset.fit ? preset : { ...preset, fit: f };
};

// Transparency becomes white whenever the output is JPEG or the frame is padded with white anyway
// (a transparent product on white bars would read as a hole on most channel pages).
const flattensAlpha = (preset: Preset) =>
  (preset.format === "jpeg" && !preset.transparentFormat) || preset.rules.transparencyAllowed === false || preset.fit === "contain-white" || preset.fit === "trim-pad";

/**
 * Every preset of one master, decoding it once: the master is oriented, converted and flattened once, and
 * presets that only scale down (all but trim-and-pad, which crops to the product and may need every
 * pixel) start from one copy shrunk to the largest box they need. Presets with a crop or whitening recipe
 * start from their own copy of that decode (cropped / whitened); a recipe that only changes the fit or the
 * fill uses the shared pixels. Presets that keep transparency share one decode without flattening. Same
 * outputs as buildRendition, up to resampling order. Presets are built concurrently (at most
 * `concurrency` at a time, default 2); `onBuilt` sees each rendition as soon as it is
 * encoded (so a caller can start checking it while the others build).
 */
export async function buildRenditions(
  input: Buffer,
  presets: Preset[],
  opts: { recipes?: Partial<Record<string, RenditionRecipe>>; concurrency?: number; onBuilt?: (preset: Preset, built: BuiltRendition) => void } = {},
): Promise<Map<string, BuiltRendition>> {
  const recipeOf = (p: Preset) => opts.recipes?.[p.id];
  const decodes = new Map<boolean, Promise<Raw>>();
  const decoded = (flattenAlpha: boolean) => {
    let d = decodes.get(flattenAlpha);
    if (!d) decodes.set(flattenAlpha, (d = prepare(input, {}, flattenAlpha)));
    return d;
  };
  const changesPixels = (r: RenditionRecipe | undefined) => Boolean(r && (r.crop || r.whitenBackground));
  // Scaling presets on the flattened decode without pixel-changing recipes start from one shrunk copy.
  const scaling = presets.filter((p) => {
    const eff = withFit(p, recipeOf(p));
    return flattensAlpha(eff) && !changesPixels(recipeOf(p)) && eff.fit !== "trim-pad";
  });
  let small: Promise<Raw> | undefined;
  const shrunk = () =>
    (small ??= decoded(true).then((full) => {
      // The shared copy keeps the largest scale any of them takes from the master (cover needs more than contain).
      const scaleOf = (p: Preset) => (fitOf(p, recipeOf(p)) === "cover-attention" ? Math.max(p.width / full.width, p.height / full.height) : Math.min(p.width / full.width, p.height / full.height));
      const scale = Math.min(1, Math.max(0, ...scaling.map(scaleOf)));
      if (!(scale > 0 && scale < 1)) return full;
      // Round before ceil: 2048 / 3000 × 3000 is 2048.0000000000002, and one pixel more costs the
      // 2048 box a full resampling pass instead of none.
      const side = (n: number) => Math.max(1, Math.ceil(Math.round(n * scale * 1e6) / 1e6));
      return toRaw(fromRaw(full).resize(side(full.width), side(full.height), { fit: "fill" }));
    }));

  const source = async (p: Preset): Promise<Raw> => {
    const recipe = recipeOf(p);
    const eff = withFit(p, recipe);
    if (scaling.includes(p)) return shrunk();
    const base = await decoded(flattensAlpha(eff));
    return changesPixels(recipe) ? applyRecipe(base, recipe ?? {}, true) : base;
  };

  const out = new Map<string, BuiltRendition>();
  const queue = [...presets];
  const workers = Math.max(1, Math.min(opts.concurrency ?? 2, queue.length));
  await Promise.all(
    Array.from({ length: workers }, async () => {
      for (let p = queue.shift(); p !== undefined; p = queue.shift()) {
        const built = await buildFrom(await source(p), input, p, { recipe: recipeOf(p) });
        out.set(p.id, built);
        opts.onBuilt?.(p, built);
      }
    }),
  );
  // Same key order as the presets given, whatever order they finished in.
  return new Map(presets.map((p) => [p.id, out.get(p.id)!] as const));
}

async function buildFrom(prepared: Raw, input: Buffer | string, asGiven: Preset, opts: BuildOptions): Promise<BuiltRendition> {
  const recipe = opts.recipe ?? {};
  const recipeHash = computeRecipeHash(asGiven, { ...recipe, ...(opts.fillTarget !== undefined ? { fillTarget: opts.fillTarget } : {}) });
  const preset = withFit(asGiven, recipe);
  const fillTarget = clampFill(opts.fillTarget ?? recipe.fillTarget ?? defaultFill(preset));
  let working = prepared;
  const needsWhite = preset.fit === "contain-white" || preset.fit === "trim-pad" || preset.rules.pureWhiteBackground === true;
  const enc: EncodeCtx = { source: input, keepMetadata: preset.keepMetadata, needsWhite };

  let scale = 1;
  let fitted = await fit(working, preset, scale, fillTarget);
  if (preset.quality !== undefined) return encodeFixed(fitted, enc, preset, preset.quality, recipeHash);
  const maxBytes = preset.rules.maxBytes;

  if (preset.format === "png") {
    const png = await encodePngSmallest(fitted, enc, maxBytes);
    if (maxBytes === undefined || png.length <= maxBytes || !(preset.rules.formats ?? []).includes("jpeg")) {
      return { bytes: png, width: fitted.width, height: fitted.height, format: "png", quality: null, upscaled: fitted.upscaled, recipeHash };
    }
    // PNG cannot meet the limit and the channel accepts JPEG: fall back, which needs an opaque image.
    if (working.channels === 2 || working.channels === 4) {
      working = await flatten(working);
      fitted = await fit(working, preset, scale, fillTarget);
    }
  }

  for (;;) {
    const found = await searchJpegQuality(fitted, enc, maxBytes);
    if (found.fits) {
      return { bytes: found.bytes, width: fitted.width, height: fitted.height, format: "jpeg", quality: found.quality, upscaled: fitted.upscaled, recipeHash };
    }
    // Even the lowest quality is too big: shrink the box, but never below the preset's minimum sides.
    const next = await fit(working, preset, scale * STEP_DOWN, fillTarget);
    if (!meetsMinSides(next, preset) || (next.width === fitted.width && next.height === fitted.height)) {
      // Nothing smaller is allowed; return the smallest attempt and let the checks report the size.
      return { bytes: found.bytes, width: fitted.width, height: fitted.height, format: "jpeg", quality: found.quality, upscaled: fitted.upscaled, recipeHash };
    }
    scale *= STEP_DOWN;
    fitted = next;
  }
}

/**
 * Presets from pixels someone else decoded (ingest decodes once, with its limits, for the pHash and the
 * library presets): already upright and sRGB, 3 or 4 channels. Used for thumb and preview.
 */
export async function buildFromPixels(pixels: { data: Buffer; width: number; height: number; channels: 3 | 4 }, presets: Preset[]): Promise<Map<string, BuiltRendition>> {
  const raw: Raw = { data: pixels.data, width: pixels.width, height: pixels.height, channels: pixels.channels };
  const out = new Map<string, BuiltRendition>();
  await Promise.all(
    presets.map(async (p) => {
      // A preset that would flatten gets its own flattened copy; the shared pixels are never changed.
      const src = flattensAlpha(p) && raw.channels === 4 ? await flatten(raw) : raw;
      out.set(p.id, await buildFrom(src, Buffer.alloc(0), p, {}));
    }),
  );
  return new Map(presets.map((p) => [p.id, out.get(p.id)!] as const));
}

/** One encode at the preset's quality: WebP or JPEG (or the transparent format when alpha is in use). */
async function encodeFixed(img: FitOutput, ctx: EncodeCtx, preset: Preset, quality: number, recipeHash: string): Promise<BuiltRendition> {
  const transparent = (img.channels === 4 || img.channels === 2) && usesAlpha(img);
  const format: OutputFormat = transparent && preset.transparentFormat ? preset.transparentFormat : preset.format;
  // Library renditions are shown in browsers, which assume sRGB: no ICC profile to attach (that costs a
  // colour transform per image); channel renditions keep outputPipeline's tagged sRGB.
  let p = ctx.keepMetadata ? await outputPipeline(img, ctx) : fromRaw(img);
  if (!transparent && (img.channels === 4 || img.channels === 2)) p = p.removeAlpha();
  const bytes =
    format === "webp"
      ? await p.webp({ quality, alphaQuality: 90 }).toBuffer()
      : format === "png"
        ? await p.png().toBuffer()
        : await p.flatten({ background: WHITE }).jpeg({ quality }).toBuffer();
  return { bytes, width: img.width, height: img.height, format, quality: format === "png" ? null : quality, upscaled: img.upscaled, recipeHash };
}

const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

/** Any pixel not fully opaque (alpha is the last channel). */
function usesAlpha(r: Raw): boolean {
  const { data, channels: c } = r;
  if (c === 4 && LITTLE_ENDIAN && data.byteOffset % 4 === 0) {
    // RGBA read as little-endian words: alpha is each word's top byte.
    const words = new Uint32Array(data.buffer, data.byteOffset, data.length >>> 2);
    for (let i = 0; i < words.length; i++) if (words[i]! < 0xff000000) return true;
    return false;
  }
  for (let i = c - 1; i < data.length; i += c) if (data[i]! < 255) return true;
  return false;
}

/** sha256 over the inputs that change the output bytes (first 16 hex), so renditions are unique on (version, preset, hash). */
export function computeRecipeHash(preset: Preset, recipe: RenditionRecipe = {}): string {
  const basis = {
    presetId: preset.id,
    preset: {
      width: preset.width,
      height: preset.height,
      fit: preset.fit,
      format: preset.format,
      maxUpscale: preset.maxUpscale,
      keepMetadata: preset.keepMetadata,
      // Library presets only; undefined keys are left out, so channel presets' hashes are unchanged.
      quality: preset.quality,
      transparentFormat: preset.transparentFormat,
      maxBytes: preset.rules.maxBytes ?? null,
      minFill: preset.rules.minFill ?? null,
      minLongestSide: preset.rules.minLongestSide ?? null,
      minShortestSide: preset.rules.minShortestSide ?? null,
      formats: preset.rules.formats ?? null,
      transparencyAllowed: preset.rules.transparencyAllowed ?? null,
      pureWhiteBackground: preset.rules.pureWhiteBackground ?? null,
    },
    recipe: {
      whitenBackground: recipe.whitenBackground === true,
      fillTarget: recipe.fillTarget ?? null,
      crop: recipe.crop ? { left: recipe.crop.left, top: recipe.crop.top, width: recipe.crop.width, height: recipe.crop.height } : null,
      // Only an override that changes the fit counts ({fit: preset.fit} builds the same bytes as no fit).
      // "No override" is left out of the basis rather than hashed as null, so hashes stored before recipes
      // could carry a fit stay valid (canonicalJson drops undefined keys).
      fit: recipe.fit !== undefined && recipe.fit !== preset.fit ? recipe.fit : undefined,
    },
  };
  return createHash("sha256").update(canonicalJson(basis)).digest("hex").slice(0, 16);
}

/** JSON with sorted keys, so equal recipes hash equally whatever order their keys were written in. */
function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== "object") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(",")}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .sort()
    .filter((k) => o[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
    .join(",")}}`;
}

function defaultFill(preset: Preset): number {
  const min = preset.rules.minFill;
  return min === undefined ? DEFAULT_FILL : Math.max(DEFAULT_FILL, Math.ceil((min + FILL_MARGIN) * 100) / 100);
}

function clampFill(f: number): number {
  if (!Number.isFinite(f) || f <= 0 || f > 1) throw new RangeError(`fillTarget must be in (0, 1], got ${f}`);
  return f;
}

// ---------------------------------------------------------------------------------------------------
// Preparation: orientation, colour, recipe

async function prepare(input: Buffer | string, recipe: RenditionRecipe, flattenAlpha: boolean): Promise<Raw> {
  // rotate() applies EXIF orientation; every later coordinate (crop) is in the upright image.
  let img = sharp(input).rotate().toColorspace("srgb");
  if (flattenAlpha) img = img.flatten({ background: WHITE });
  return applyRecipe(await toRaw(img), recipe, false);
}

/** Crop, then whiten. `shared`: `r` is used by other builds too, so it is never changed in place. */
async function applyRecipe(r: Raw, recipe: RenditionRecipe, shared: boolean): Promise<Raw> {
  let raw = r;
  if (recipe.crop) raw = await cropRaw(raw, recipe.crop);
  if (recipe.whitenBackground) {
    if (shared && raw === r) raw = { ...raw, data: Buffer.from(raw.data) };
    whitenBackground(raw);
  }
  return raw;
}

async function toRaw(img: Sharp): Promise<Raw> {
  // depth uchar: 16-bit PNG/TIFF masters would otherwise come out as ushort samples.
  const { data, info } = await img.raw({ depth: "uchar" }).toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels };
}

function fromRaw(r: Raw): Sharp {
  return sharp(r.data, { raw: { width: r.width, height: r.height, channels: r.channels } });
}

async function flatten(r: Raw): Promise<Raw> {
  return toRaw(fromRaw(r).flatten({ background: WHITE }).toColorspace("srgb"));
}

async function cropRaw(r: Raw, c: NonNullable<RenditionRecipe["crop"]>): Promise<Raw> {
  // Clamp to the image: a stored Fix may predate a re-upload of a slightly different master.
  const left = Math.max(0, Math.round(c.left));
  const top = Math.max(0, Math.round(c.top));
  const width = Math.min(r.width - left, Math.round(c.width));
  const height = Math.min(r.height - top, Math.round(c.height));
  if (width < 1 || height < 1) throw new RangeError(`crop ${JSON.stringify(c)} is outside the ${r.width}×${r.height} image`);
  return toRaw(fromRaw(r).extract({ left, top, width, height }));
}

/**
 * Near-white pixels connected to the image edge become exactly white. Flooding from the edge (rather
 * than whitening every light pixel) keeps highlights inside the product intact.
 */
function whitenBackground(r: Raw): void {
  const { data, width, height, channels } = r;
  const colour = channels >= 3 ? 3 : 1;
  const limit = 255 - WHITEN_DISTANCE;
  const n = width * height;
  const seen = new Uint8Array(n);
  const stack = new Int32Array(n);
  let sp = 0;
  const nearWhite = (p: number): boolean => {
    const o = p * channels;
    for (let c = 0; c < colour; c++) if (data[o + c] < limit) return false;
    return true;
  };
  const push = (p: number): void => {
    if (seen[p] === 0 && nearWhite(p)) {
      seen[p] = 1;
      stack[sp++] = p;
    }
  };
  for (let x = 0; x < width; x++) {
    push(x);
    push((height - 1) * width + x);
  }
  for (let y = 0; y < height; y++) {
    push(y * width);
    push(y * width + width - 1);
  }
  while (sp > 0) {
    const p = stack[--sp];
    const o = p * channels;
    for (let c = 0; c < colour; c++) data[o + c] = 255;
    const x = p % width;
    if (x > 0) push(p - 1);
    if (x < width - 1) push(p + 1);
    if (p >= width) push(p - width);
    if (p < n - width) push(p + width);
  }
}

// ---------------------------------------------------------------------------------------------------
// Fit: box size capped by maxUpscale, then the preset's strategy

/** The preset box shrunk by `f`, keeping its aspect (square stays square). */
function frameOf(preset: Preset, f: number): { fw: number; fh: number } {
  const fw = Math.max(1, Math.round(preset.width * f));
  const fh = preset.width === preset.height ? fw : Math.max(1, Math.round(preset.height * f));
  return { fw, fh };
}

async function fit(src: Raw, preset: Preset, shrink: number, fillTarget: number): Promise<FitOutput> {
  const { width: W, height: H } = preset;
  const up = preset.maxUpscale;
  const containScale = Math.min(W / src.width, H / src.height);

  if (preset.fit === "inside") {
    const s = Math.min(containScale * shrink, up);
    const w = Math.max(1, Math.round(src.width * s));
    const h = Math.max(1, Math.round(src.height * s));
    // Already the right size (ingest decodes straight to the preview box): no resampling pass.
    if (w === src.width && h === src.height) return { ...src, upscaled: false };
    const out = await toRaw(fromRaw(src).resize(w, h, { fit: "fill" }));
    return { ...out, upscaled: s > 1 };
  }

  if (preset.fit === "contain-white") {
    // A master too small for the box gets a smaller frame (padded the same way), never enlargement.
    const f = Math.min(1, up / containScale) * shrink;
    const { fw, fh } = frameOf(preset, f);
    const s = Math.min(fw / src.width, fh / src.height);
    const out = await toRaw(fromRaw(src).resize(fw, fh, { fit: "contain", background: WHITE }));
    return { ...out, upscaled: s > 1 + 1e-9 };
  }

  if (preset.fit === "cover-attention") {
    const coverScale = Math.max(W / src.width, H / src.height);
    const f = Math.min(1, up / coverScale) * shrink;
    const { fw, fh } = frameOf(preset, f);
    const s = Math.max(fw / src.width, fh / src.height);
    const out = await toRaw(fromRaw(src).resize(fw, fh, { fit: "cover", position: sharp.strategy.attention }));
    return { ...out, upscaled: s > 1 + 1e-9 };
  }

  // trim-pad: cut the near-white surround, then scale the product to fill `fillTarget` of the frame.
  const product = await trimWhite(src);
  const ideal = fillTarget * Math.min(W / product.width, H / product.height);
  // The frame is never bigger than the master could fill (min(box, master side × maxUpscale)), and
  // when the product itself would need enlarging, the frame shrinks instead so the fill still holds.
  const f = Math.min(1, up / containScale, up / ideal) * shrink;
  const { fw, fh } = frameOf(preset, f);
  const s = Math.min(up, fillTarget * Math.min(fw / product.width, fh / product.height));
  const pw = Math.min(fw, Math.max(1, Math.round(product.width * s)));
  const ph = Math.min(fh, Math.max(1, Math.round(product.height * s)));
  const left = Math.floor((fw - pw) / 2);
  const top = Math.floor((fh - ph) / 2);
  const out = await toRaw(
    fromRaw(product)
      .resize(pw, ph, { fit: "fill" })
      .extend({ left, top, right: fw - pw - left, bottom: fh - ph - top, background: WHITE }),
  );
  return { ...out, upscaled: s > 1 + 1e-9 };
}

/**
 * The product: `src` cut to the bounding box sharp's trim({ background: white, threshold: TRIM_THRESHOLD })
 * finds, without its cost. libvips' find_trim median-filters the whole image (3×3, every band) before
 * thresholding, about 1.4 s of a 3000² master on one core, to ignore specks. The median is only needed
 * where the box's edges are: a pixel is product exactly when, in some band, at least 5 of its 3×3
 * neighbours (edge pixels repeated, as libvips extends the image) are further than the threshold from 255.
 * Scanning in from each side with that test gives the same box (checked against sharp's trim in the tests)
 * and stops at the first product row/column, so a photo that fills its frame costs almost nothing.
 */
async function trimWhite(src: Raw): Promise<Raw> {
  // trim-pad always starts from a flattened decode; were alpha ever here, sharp's trim (which flattens it first) decides.
  if (src.channels === 2 || src.channels === 4) return toRaw(fromRaw(src).trim({ background: "#ffffff", threshold: TRIM_THRESHOLD })).catch(() => src);
  const box = findTrimBox(src, TRIM_THRESHOLD);
  // Nothing but background, or too small to trim (sharp refuses under 3×3): keep the whole master.
  if (!box || (box.width === src.width && box.height === src.height)) return src;
  return extractRaw(src, box);
}

export function findTrimBox(src: { data: Uint8Array; width: number; height: number; channels: number }, threshold: number): { left: number; top: number; width: number; height: number } | null {
  const { data, width: w, height: h, channels: c } = src;
  if (w < 3 || h < 3) return null;
  // A sample is "far" from white when |v − 255| > threshold, i.e. v < 255 − threshold.
  const limit = 255 - threshold;
  const far = (x: number, y: number, b: number) => (data[(y * w + x) * c + b] < limit ? 1 : 0);
  const clampY = (y: number) => (y < 0 ? 0 : y >= h ? h - 1 : y);
  const clampX = (x: number) => (x < 0 ? 0 : x >= w ? w - 1 : x);

  // Cheap pre-tests: a row (column) can hold product only if it or a neighbour has a far sample at all.
  const rowAny = new Int8Array(h).fill(-1);
  const hasFarInRow = (y: number): boolean => {
    if (rowAny[y] < 0) {
      let any = 0;
      for (let i = y * w * c, end = i + w * c; i < end; i++)
        if (data[i] < limit) {
          any = 1;
          break;
        }
      rowAny[y] = any;
    }
    return rowAny[y] === 1;
  };
  const sums = new Int32Array(Math.max(w, h) + 2);
  const productInRow = (y: number): boolean => {
    if (!hasFarInRow(clampY(y - 1)) && !hasFarInRow(y) && !hasFarInRow(clampY(y + 1))) return false;
    for (let b = 0; b < c; b++) {
      // Column sums of the 3 rows, then a 3-wide window along the row.
      for (let x = 0; x < w; x++) sums[x + 1] = far(x, clampY(y - 1), b) + far(x, y, b) + far(x, clampY(y + 1), b);
      sums[0] = sums[1];
      sums[w + 1] = sums[w];
      for (let x = 0; x < w; x++) if (sums[x] + sums[x + 1] + sums[x + 2] >= 5) return true;
    }
    return false;
  };
  let top = -1;
  for (let y = 0; y < h && top < 0; y++) if (productInRow(y)) top = y;
  if (top < 0) return null;
  let bottom = top;
  for (let y = h - 1; y > top; y--)
    if (productInRow(y)) {
      bottom = y;
      break;
    }
  // Columns only between top and bottom, but their neighbourhoods reach one row further (as the median does).
  const y0 = clampY(top - 1);
  const y1 = clampY(bottom + 1);
  const colAny = new Int8Array(w).fill(-1);
  const hasFarInColumn = (x: number): boolean => {
    if (colAny[x] < 0) {
      let any = 0;
      outer: for (let y = y0; y <= y1; y++)
        for (let b = 0, o = (y * w + x) * c; b < c; b++)
          if (data[o + b] < limit) {
            any = 1;
            break outer;
          }
      colAny[x] = any;
    }
    return colAny[x] === 1;
  };
  const productInColumn = (x: number): boolean => {
    if (!hasFarInColumn(clampX(x - 1)) && !hasFarInColumn(x) && !hasFarInColumn(clampX(x + 1))) return false;
    for (let b = 0; b < c; b++) {
      for (let y = top - 1; y <= bottom + 1; y++) {
        const yy = clampY(y);
        sums[y - top + 1] = far(clampX(x - 1), yy, b) + far(x, yy, b) + far(clampX(x + 1), yy, b);
      }
      for (let y = top; y <= bottom; y++) if (sums[y - top] + sums[y - top + 1] + sums[y - top + 2] >= 5) return true;
    }
    return false;
  };
  let left = -1;
  for (let x = 0; x < w && left < 0; x++) if (productInColumn(x)) left = x;
  // A product row exists, so some column in it is product too.
  let right = left;
  for (let x = w - 1; x > left; x--)
    if (productInColumn(x)) {
      right = x;
      break;
    }
  return { left, top, width: right - left + 1, height: bottom - top + 1 };
}

/** A region of a raw image, copied row by row (no libvips round trip). */
function extractRaw(r: Raw, box: { left: number; top: number; width: number; height: number }): Raw {
  const rowBytes = box.width * r.channels;
  const data = Buffer.allocUnsafe(rowBytes * box.height);
  for (let y = 0; y < box.height; y++) {
    const from = ((box.top + y) * r.width + box.left) * r.channels;
    r.data.copy(data, y * rowBytes, from, from + rowBytes);
  }
  return { data, width: box.width, height: box.height, channels: r.channels };
}

function meetsMinSides(r: { width: number; height: number }, preset: Preset): boolean {
  const longest = Math.max(r.width, r.height);
  const shortest = Math.min(r.width, r.height);
  return longest >= (preset.rules.minLongestSide ?? 1) && shortest >= (preset.rules.minShortestSide ?? 1);
}

// ---------------------------------------------------------------------------------------------------
// Encoding

interface EncodeCtx {
  /** The original input, re-read only when metadata must be carried over. */
  source: Buffer | string;
  keepMetadata: boolean;
  /** White must survive the encode as exactly 255 (padded frames, pure-white rules). */
  needsWhite: boolean;
}

/**
 * Starts the output pipeline. Stripping is sharp's default; with keepMetadata the original is used as a
 * carrier (rotate() resets its orientation tag) and our pixels replace its pixels. Either way an sRGB ICC
 * profile is attached, since the pixels were converted to sRGB.
 */
async function outputPipeline(img: Raw, ctx: EncodeCtx): Promise<Sharp> {
  if (!ctx.keepMetadata) return fromRaw(img).withIccProfile("srgb");
  const pixels = await fromRaw(img).png({ compressionLevel: 0 }).toBuffer();
  return sharp(ctx.source)
    .rotate()
    .resize(img.width, img.height, { fit: "fill" })
    .composite([{ input: pixels, blend: "source" }])
    .keepExif()
    .keepXmp()
    .withIccProfile("srgb");
}

async function encodeJpeg(img: Raw, ctx: EncodeCtx, quality: number): Promise<Buffer> {
  // 4:4:4 keeps chroma at full resolution, so white next to colour edges stays white.
  const p = await outputPipeline(img, ctx);
  return p.flatten({ background: WHITE }).jpeg({ quality, chromaSubsampling: "4:4:4" }).toBuffer();
}

const whiteSafeCache = new Map<number, boolean>();

/** Whether a flat white area decodes back as exactly 255 at this quality (not true at every quality). */
async function whiteSafe(quality: number): Promise<boolean> {
  const hit = whiteSafeCache.get(quality);
  if (hit !== undefined) return hit;
  const jpg = await sharp({ create: { width: 16, height: 16, channels: 3, background: WHITE } })
    .jpeg({ quality, chromaSubsampling: "4:4:4" })
    .toBuffer();
  const { data } = await sharp(jpg).raw().toBuffer({ resolveWithObject: true });
  const ok = data.every((v) => v === 255);
  whiteSafeCache.set(quality, ok);
  return ok;
}

async function candidateQualities(needsWhite: boolean): Promise<number[]> {
  const all: number[] = [];
  for (let q = Q_MIN; q <= Q_MAX; q++) if (!needsWhite || (await whiteSafe(q))) all.push(q);
  return all.length > 0 ? all : [Q_MAX];
}

/**
 * Highest candidate quality whose bytes fit. The first probe is the highest candidate, so the usual case
 * (it fits) costs one encode; otherwise Q_FIRST, where most of the rest land, then a binary search below.
 */
async function searchJpegQuality(img: Raw, ctx: EncodeCtx, maxBytes: number | undefined): Promise<{ fits: boolean; bytes: Buffer; quality: number }> {
  const qs = await candidateQualities(ctx.needsWhite);
  const top = qs.length - 1;
  const topBytes = await encodeJpeg(img, ctx, qs[top]);
  if (maxBytes === undefined || topBytes.length <= maxBytes) return { fits: true, bytes: topBytes, quality: qs[top] };
  let lo = 0;
  let hi = top - 1;
  let best: { bytes: Buffer; quality: number } | null = null;
  let smallest = { bytes: topBytes, quality: qs[top] };
  let first = true;
  while (lo <= hi) {
    let mid = Math.ceil((lo + hi) / 2);
    if (first) {
      const at = qs.findIndex((q) => q >= Q_FIRST);
      if (at >= lo && at <= hi) mid = at;
      first = false;
    }
    const bytes = await encodeJpeg(img, ctx, qs[mid]);
    if (bytes.length <= maxBytes) {
      best = { bytes, quality: qs[mid] };
      lo = mid + 1;
    } else {
      if (bytes.length < smallest.bytes.length) smallest = { bytes, quality: qs[mid] };
      hi = mid - 1;
    }
  }
  if (best) return { fits: true, ...best };
  // Binary search ended at the bottom without a fit; return the smallest attempt (the lowest quality).
  return { fits: false, ...smallest };
}

/** PNG default, then compression 9, then a palette; returns the first that fits or the smallest. */
async function encodePngSmallest(img: Raw, ctx: EncodeCtx, maxBytes: number | undefined): Promise<Buffer> {
  const attempts: PngOptions[] = [{}, { compressionLevel: 9 }, { compressionLevel: 9, palette: true }];
  let smallest: Buffer | null = null;
  for (const o of attempts) {
    const bytes = await (await outputPipeline(img, ctx)).png(o).toBuffer();
    if (maxBytes === undefined || bytes.length <= maxBytes) return bytes;
    if (!smallest || bytes.length < smallest.length) smallest = bytes;
  }
  return smallest as Buffer;
}
