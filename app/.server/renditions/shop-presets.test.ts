import { describe, expect, it } from "vitest";
import { PRESETS } from "./presets";
import { findShopPreset, PresetOverrides, shopPresets } from "./shop-presets";

const row = (presetId: string, o: Partial<{ basePresetId: string; label: string; eager: boolean | null; overrides: unknown }> = {}) => ({
  presetId,
  basePresetId: o.basePresetId ?? null,
  label: o.label ?? null,
  eager: o.eager ?? null,
  overrides: o.overrides ?? {},
});

describe("shop presets", () => {
  it("built-ins are eager for the channels the shop sells on; thumb and preview are not channel presets", () => {
    const list = shopPresets([], new Set(["shopify", "tiktok"]));
    expect(list.filter((p) => p.eager).map((p) => p.preset.id)).toEqual(["shopify.product", "tiktok.main"]);
    expect(list.map((p) => p.preset.id)).not.toContain("thumb");
    expect(list.every((p) => p.builtIn && !p.eagerSet)).toBe(true);
  });
  it("overrides change the box and rules but keep the rest; the shop's eager choice wins", () => {
    const list = shopPresets([row("amazon.main", { eager: false, overrides: { fit: "contain-white", rules: { minFill: 0.9 } } })], new Set(["shopify", "amazon"]));
    const main = list.find((p) => p.preset.id === "amazon.main")!;
    expect(main).toMatchObject({ eager: false, eagerSet: true });
    expect(main.preset).toMatchObject({ fit: "contain-white", width: 2000, rules: { minFill: 0.9, pureWhiteBackground: true, maxBytes: PRESETS["amazon.main"].rules.maxBytes } });
    expect(main.preset.source).toMatch(/changed by the shop/);
  });
  it("custom presets start from their base, are eager only when asked, and a stored row that no longer parses falls back to defaults", () => {
    const list = shopPresets(
      [row("custom.lazada", { basePresetId: "shopee.main", label: "Lazada", overrides: { width: 600, height: 600 } }), row("tiktok.main", { overrides: { width: "huge" } }), row("custom.orphan", { basePresetId: "nope" })],
      new Set(["shopify"]),
    );
    expect(findShopPreset(list, "custom.lazada")).toMatchObject({ id: "custom.lazada", label: "Lazada", width: 600, height: 600, channel: "shopee" });
    expect(list.find((p) => p.preset.id === "custom.lazada")!.eager).toBe(false);
    expect(findShopPreset(list, "tiktok.main")!.width).toBe(PRESETS["tiktok.main"].width);
    expect(findShopPreset(list, "custom.orphan")).toBeNull();
    expect(findShopPreset(list, "preview")).toBeNull();
  });
  it("overrides are validated strictly", () => {
    expect(PresetOverrides.safeParse({ width: 10 }).success).toBe(false);
    expect(PresetOverrides.safeParse({ rules: { minFill: 2 } }).success).toBe(false);
    expect(PresetOverrides.safeParse({ colour: "red" }).success).toBe(false);
    expect(PresetOverrides.safeParse({ width: 1080, height: 1350, fit: "cover-attention", rules: { maxBytes: 2_000_000 } }).success).toBe(true);
  });
});
