// What a merchant's one-click Fix stores (issue #5 §3): a recipe derived from a rendition's findings,
// only for fixes that are safe without looking (whiten a near-white background, trim and pad to reach the
// fill, pad to the aspect). Findings the builder already handles (format, bytes, transparency) or that
// only a better master can solve (too small) add nothing. Pure.
import { z } from "zod";
import type { RenditionRecipe } from "./builder";
import type { Finding } from "./checks";
import { FITS, type Preset } from "./presets";

/** A stored recipe, read back from the database (a row that no longer parses is treated as no Fix). */
export const RecipeSchema = z
  .object({
    whitenBackground: z.boolean().optional(),
    fit: z.enum(FITS).optional(),
    fillTarget: z.number().gt(0).max(1).optional(),
    crop: z.object({ left: z.number().int().min(0), top: z.number().int().min(0), width: z.number().int().min(1), height: z.number().int().min(1) }).optional(),
  })
  .strict();

export function parseRecipe(v: unknown): RenditionRecipe | null {
  const r = RecipeSchema.safeParse(v);
  return r.success ? r.data : null;
}

/** Margin over the preset's minimum fill, so JPEG edges and rounding never land the result under it. */
const FILL_MARGIN = 0.05;
const MAX_FILL = 0.95;

export function recipeForFindings(findings: readonly Finding[], preset: Preset, current: RenditionRecipe = {}): RenditionRecipe | null {
  const next: RenditionRecipe = { ...current };
  let changed = false;
  for (const f of findings) {
    if (f.severity === "info" || !f.fix) continue;
    if (f.fix === "whiten-background" && !next.whitenBackground) {
      next.whitenBackground = true;
      changed = true;
    } else if (f.fix === "pad-to-fill") {
      const target = Math.min(MAX_FILL, Math.round(((preset.rules.minFill ?? 0.85) + FILL_MARGIN) * 100) / 100);
      if (next.fit !== "trim-pad" || (next.fillTarget ?? 0) < target) {
        next.fit = "trim-pad";
        next.fillTarget = Math.max(target, next.fillTarget ?? 0);
        changed = true;
      }
    } else if (f.fix === "pad-to-aspect" && next.fit !== "contain-white" && next.fit !== "trim-pad") {
      next.fit = "contain-white";
      changed = true;
    }
  }
  return changed ? next : null;
}

/** The Fix in a merchant's words, for the audit log and the UI. */
export function describeRecipe(r: RenditionRecipe): string[] {
  const parts: string[] = [];
  if (r.whitenBackground) parts.push("background whitened to pure white");
  if (r.fit === "trim-pad") parts.push(`product trimmed and padded to fill ${Math.round((r.fillTarget ?? 0.88) * 100)}%`);
  else if (r.fit === "contain-white") parts.push("padded with white to the channel's shape");
  else if (r.fit) parts.push(`fit: ${r.fit}`);
  if (r.crop) parts.push(`cropped to ${r.crop.width}×${r.crop.height}`);
  return parts;
}
