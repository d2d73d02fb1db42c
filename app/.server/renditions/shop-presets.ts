// A shop's presets (issue #5 §1): the built-in ones with the shop's overrides, plus custom presets based
// on a built-in one. Pure, so the Settings form, the job and the tests share one merge. Overrides are
// validated at the boundary (zod) and again when read, so a bad stored row cannot build a broken preset.
import { z } from "zod";
import { FITS, OUTPUT_FORMATS, PRESETS, isPresetId, type AnyPresetId, type Preset, type PresetChannel, type PresetId } from "./presets";

const px = z.number().int().min(16).max(10_000);
export const PresetRuleOverrides = z
  .object({
    minLongestSide: px,
    zoomLongestSide: px,
    maxLongestSide: px,
    minShortestSide: px,
    maxMegapixels: z.number().positive().max(200),
    maxBytes: z.number().int().min(10_000).max(200 * 1024 ** 2),
    minFill: z.number().min(0.1).max(1),
    pureWhiteBackground: z.boolean(),
    transparencyAllowed: z.boolean(),
    noText: z.boolean(),
  })
  .partial()
  .strict();

export const PresetOverrides = z
  .object({
    width: px,
    height: px,
    fit: z.enum(FITS),
    format: z.enum(OUTPUT_FORMATS),
    keepMetadata: z.boolean(),
    rules: PresetRuleOverrides,
  })
  .partial()
  .strict();
export type PresetOverrides = z.infer<typeof PresetOverrides>;

/** `custom.<slug>`: lower-case letters, digits and dashes, so it is safe in URLs and file names. */
export const CustomPresetId = z
  .string()
  .regex(/^custom\.[a-z0-9][a-z0-9-]{0,30}$/, "Use custom. followed by lower-case letters, digits or dashes (e.g. custom.lazada).")
  .transform((s) => s as `custom.${string}`);

export interface ShopPresetRow {
  presetId: string;
  basePresetId: string | null;
  label: string | null;
  eager: boolean | null;
  overrides: unknown;
}

export interface ShopPreset {
  preset: Preset;
  /** Built for every new version (else on demand). */
  eager: boolean;
  /** True when the shop set `eager` itself (false: the default from the channels it sells on). */
  eagerSet: boolean;
  builtIn: boolean;
  /** The built-in preset it starts from (itself for built-ins). */
  baseId: PresetId;
  overrides: PresetOverrides;
}

/** thumb and preview are made by ingest for every version; they are not channel presets. */
export const LIBRARY_PRESETS: readonly PresetId[] = ["thumb", "preview"];

export function applyOverrides(base: Preset, o: PresetOverrides, id: AnyPresetId = base.id, label?: string | null): Preset {
  return {
    ...base,
    id,
    label: label ?? base.label,
    width: o.width ?? base.width,
    height: o.height ?? base.height,
    fit: o.fit ?? base.fit,
    format: o.format ?? base.format,
    keepMetadata: o.keepMetadata ?? base.keepMetadata,
    rules: { ...base.rules, ...(o.rules ?? {}) },
    source: Object.keys(o).length ? `${base.source}; changed by the shop` : base.source,
  };
}

/**
 * Every channel preset the shop has (built-ins in their fixed order, then custom ones by id). A built-in
 * is eager by default when the shop sells on its channel; custom presets are eager only when asked.
 */
export function shopPresets(rows: readonly ShopPresetRow[], sellsOn: ReadonlySet<PresetChannel>): ShopPreset[] {
  const byId = new Map(rows.map((r) => [r.presetId, r]));
  const out: ShopPreset[] = [];
  for (const id of Object.keys(PRESETS) as PresetId[]) {
    if (LIBRARY_PRESETS.includes(id)) continue;
    const base = PRESETS[id];
    const row = byId.get(id);
    const overrides = parseStored(row?.overrides);
    out.push({
      preset: applyOverrides(base, overrides),
      eager: row?.eager ?? sellsOn.has(base.channel),
      eagerSet: row?.eager != null,
      builtIn: true,
      baseId: id,
      overrides,
    });
  }
  const custom = rows.filter((r) => r.presetId.startsWith("custom.") && r.basePresetId && isPresetId(r.basePresetId)).sort((a, b) => a.presetId.localeCompare(b.presetId));
  for (const row of custom) {
    const baseId = row.basePresetId as PresetId;
    const overrides = parseStored(row.overrides);
    out.push({
      preset: applyOverrides(PRESETS[baseId], overrides, row.presetId as `custom.${string}`, row.label ?? row.presetId),
      eager: row.eager ?? false,
      eagerSet: row.eager != null,
      builtIn: false,
      baseId,
      overrides,
    });
  }
  return out;
}

/** A stored row that no longer parses (an older schema) falls back to the built-in values. */
function parseStored(v: unknown): PresetOverrides {
  const r = PresetOverrides.safeParse(v ?? {});
  return r.success ? r.data : {};
}

/** The channel preset by id among the shop's (thumb and preview are made at ingest, not here). */
export function findShopPreset(list: readonly ShopPreset[], id: string): Preset | null {
  return list.find((p) => p.preset.id === id)?.preset ?? null;
}
