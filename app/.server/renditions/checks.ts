// Compliance checks (issue #5 §3): a preset's rules against an image's measures, as structured findings
// that say what was measured, what is required, and the safe Fix when there is one. Any `block` finding
// stops publishing to that channel (the sync engine asks the gate). Pure: the `check` CLI uses it.
import type { ImageMeasure } from "./measure";
import type { Preset } from "./presets";

export type Severity = "block" | "warn" | "info";
export type FixKind = "reencode" | "whiten-background" | "pad-to-fill" | "pad-to-aspect" | "flatten";

export interface Finding {
  rule: string;
  severity: Severity;
  measured: string;
  required: string;
  message: string;
  fix?: FixKind;
}

/** Bytes as a merchant reads them: KB under 1 MB ("46 KB of 10.0 MB"), else MB with one decimal. */
const mb = (n: number) => (n < 1024 ** 2 ? `${Math.max(1, Math.round(n / 1024))} KB` : `${(n / 1024 ** 2).toFixed(1)} MB`);
const pct = (n: number) => `${(n * 100).toFixed(1)}%`;

/** Pixels whose background share is at least this pure-white count as "pure white" (JPEG noise aside). */
export const PURE_WHITE_PASS = 0.995;
/** A background this near-white can be whitened safely (Fix). */
export const WHITEN_SAFE = 0.97;

export interface CheckContext {
  /** Text read from the image (OCR); null when no OCR ran yet. */
  imageText?: string | null;
}

export function checkImage(m: ImageMeasure, preset: Preset, ctx: CheckContext = {}): Finding[] {
  const r = preset.rules;
  const out: Finding[] = [];
  const longest = Math.max(m.width, m.height);
  const shortest = Math.min(m.width, m.height);
  const add = (f: Finding) => out.push(f);
  // A measure left out (NaN: measureRendition skips what the rules it was given do not read) never passes.
  const notMeasured = (rule: string, required: string) =>
    add({ rule, severity: "block", measured: "not measured", required, message: `The image was not measured for this rule (${rule}); render and check it again.` });

  if (r.minLongestSide !== undefined && longest < r.minLongestSide)
    add({ rule: "min_size", severity: "block", measured: `${longest} px`, required: `≥ ${r.minLongestSide} px`, message: `${longest} px on the longest side; ${preset.label} needs at least ${r.minLongestSide} px. Upload a larger master.` });
  if (r.zoomLongestSide !== undefined && longest >= (r.minLongestSide ?? 0))
    add(
      longest >= r.zoomLongestSide
        ? { rule: "zoom", severity: "info", measured: `${longest} px`, required: `≥ ${r.zoomLongestSide} px`, message: `${longest} px: zoom enabled.` }
        : { rule: "zoom", severity: "warn", measured: `${longest} px`, required: `≥ ${r.zoomLongestSide} px`, message: `${longest} px is too small for zoom (needs ${r.zoomLongestSide} px). Upload a larger master.` },
    );
  if (r.maxLongestSide !== undefined && longest > r.maxLongestSide)
    add({ rule: "max_size", severity: "block", measured: `${longest} px`, required: `≤ ${r.maxLongestSide} px`, message: `${longest} px is larger than ${r.maxLongestSide} px.`, fix: "reencode" });
  if (r.minShortestSide !== undefined && shortest < r.minShortestSide)
    add({ rule: "min_size", severity: "block", measured: `${m.width}×${m.height}`, required: `≥ ${r.minShortestSide} px each side`, message: `${m.width}×${m.height} is smaller than ${r.minShortestSide}×${r.minShortestSide}. Upload a larger master.` });
  if (r.maxMegapixels !== undefined && (m.width * m.height) / 1e6 > r.maxMegapixels)
    add({ rule: "megapixels", severity: "block", measured: `${((m.width * m.height) / 1e6).toFixed(1)} MP`, required: `≤ ${r.maxMegapixels} MP`, message: `Over ${r.maxMegapixels} megapixels.`, fix: "reencode" });
  if (r.maxBytes !== undefined)
    add(
      m.bytes > r.maxBytes
        ? { rule: "bytes", severity: "block", measured: mb(m.bytes), required: `≤ ${mb(r.maxBytes)}`, message: `${mb(m.bytes)} of ${mb(r.maxBytes)}: too large.`, fix: "reencode" }
        : { rule: "bytes", severity: "info", measured: mb(m.bytes), required: `≤ ${mb(r.maxBytes)}`, message: `${mb(m.bytes)} of ${mb(r.maxBytes)}.` },
    );
  if (r.formats && !r.formats.includes(m.format as "jpeg" | "png"))
    add({ rule: "format", severity: "block", measured: m.format.toUpperCase(), required: r.formats.map((f) => f.toUpperCase()).join(" or "), message: `${m.format.toUpperCase()} is not accepted.`, fix: "reencode" });
  if (m.space !== "srgb" && m.space !== "b-w")
    add({ rule: "colour_space", severity: "warn", measured: m.space, required: "sRGB", message: `Colour space ${m.space}: channels expect sRGB; colours may shift.`, fix: "reencode" });
  if (r.aspect) {
    const ratio = m.width / m.height;
    if (Math.abs(ratio - r.aspect.ratio) / r.aspect.ratio > r.aspect.tolerance)
      add({ rule: "aspect", severity: "block", measured: ratio.toFixed(3), required: r.aspect.ratio.toFixed(3), message: `Aspect ${m.width}:${m.height} instead of ${r.aspect.ratio === 1 ? "1:1" : r.aspect.ratio.toFixed(3)}.`, fix: "pad-to-aspect" });
  }
  if (r.transparencyAllowed === false && Number.isNaN(m.transparentShare)) notMeasured("transparency", "0%");
  else if (r.transparencyAllowed === false && m.transparentShare > 0)
    add({ rule: "transparency", severity: "block", measured: pct(m.transparentShare), required: "0%", message: "Transparent pixels are not allowed here.", fix: "flatten" });
  if (r.pureWhiteBackground && Number.isNaN(m.backgroundPureWhite)) notMeasured("background", "100% pure white (RGB 255,255,255)");
  else if (r.pureWhiteBackground) {
    const ok = m.backgroundPureWhite >= PURE_WHITE_PASS;
    add(
      ok
        ? { rule: "background", severity: "info", measured: pct(m.backgroundPureWhite), required: "100% pure white", message: `Background ${pct(m.backgroundPureWhite)} pure white.` }
        : {
            rule: "background",
            severity: "block",
            measured: pct(m.backgroundPureWhite),
            required: "100% pure white (RGB 255,255,255)",
            message: `Background ${pct(m.backgroundPureWhite)} pure white (needs 100%).`,
            ...(m.backgroundNearWhite >= WHITEN_SAFE ? { fix: "whiten-background" as const } : {}),
          },
    );
  }
  if (r.minFill !== undefined && Number.isNaN(m.fill)) notMeasured("fill", `≥ ${pct(r.minFill)}`);
  else if (r.minFill !== undefined)
    add(
      m.fill >= r.minFill
        ? { rule: "fill", severity: "info", measured: pct(m.fill), required: `≥ ${pct(r.minFill)}`, message: `Product fills ${pct(m.fill)} of the frame.` }
        : { rule: "fill", severity: "block", measured: pct(m.fill), required: `≥ ${pct(r.minFill)}`, message: `Product fills ${pct(m.fill)} of the frame (needs ≥ ${pct(r.minFill)}).`, fix: "pad-to-fill" },
    );
  if (r.noText) {
    const text = ctx.imageText?.trim();
    if (ctx.imageText === undefined || ctx.imageText === null)
      add({ rule: "text", severity: "info", measured: "not read", required: "no text", message: "Text on the image is not checked yet (no OCR result)." });
    else if (text)
      add({ rule: "text", severity: "block", measured: `“${text.slice(0, 40)}”`, required: "no text", message: `Text found on a main image: “${text.slice(0, 40)}”.` });
  }
  return out;
}

export const blocks = (findings: Finding[]) => findings.filter((f) => f.severity === "block");
