// Build every preset of one master and check each output (issue #5 §2–3): the product path behind the
// rendition service and `bench:renditions`. Pure image code (no config, no database).
//
// The findings are about the encoded bytes a channel receives (JPEG ringing can turn a 255 into 254), so
// every rendition is measured from its bytes, not from the pixels before encoding — but only as far as
// its preset's rules read: the header always (size, format, colour space), the pixels only for a
// pure-white background, a minimum fill, or transparency in a file that has an alpha channel. Checking
// starts as soon as a rendition is encoded, while the others are still being built.
import { buildRenditions, type BuiltRendition, type RenditionRecipe } from "./builder";
import { checkImage, type CheckContext, type Finding } from "./checks";
import { measureNeedsOf, measureRendition, type ImageMeasure } from "./measure";
import type { Preset } from "./presets";

export interface CheckedRendition {
  rendition: BuiltRendition;
  /** Measured from rendition.bytes; pixel measures the preset's rules do not read are NaN. */
  measure: ImageMeasure;
  findings: Finding[];
}

export async function renderAndCheck(
  input: Buffer,
  presets: Preset[],
  opts: { recipes?: Partial<Record<string, RenditionRecipe>>; check?: CheckContext } = {},
): Promise<Map<string, CheckedRendition>> {
  const checks = new Map<string, Promise<CheckedRendition>>();
  const check = async (preset: Preset, rendition: BuiltRendition): Promise<CheckedRendition> => {
    const measure = await measureRendition(rendition.bytes, measureNeedsOf(preset.rules));
    return { rendition, measure, findings: checkImage(measure, preset, opts.check) };
  };
  try {
    await buildRenditions(input, presets, {
      recipes: opts.recipes,
      onBuilt: (preset, rendition) => {
        const c = check(preset, rendition);
        // Awaited below; until then a failure must not count as unhandled.
        c.catch(() => {});
        checks.set(preset.id, c);
      },
    });
  } finally {
    // Never leave measures running after a failed build.
    await Promise.allSettled(checks.values());
  }
  const out = new Map<string, CheckedRendition>();
  for (const p of presets) out.set(p.id, await checks.get(p.id)!);
  return out;
}

/** fail if any finding blocks, warn if any warns, else pass. */
export function verdictOf(findings: readonly Finding[]): "pass" | "warn" | "fail" {
  if (findings.some((f) => f.severity === "block")) return "fail";
  if (findings.some((f) => f.severity === "warn")) return "warn";
  return "pass";
}
