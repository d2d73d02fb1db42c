import { describe, expect, it } from "vitest";
import type { Finding } from "./checks";
import { describeRecipe, parseRecipe, recipeForFindings } from "./fix-recipe";
import { PRESETS } from "./presets";

const f = (rule: string, severity: Finding["severity"], fix?: Finding["fix"]): Finding => ({ rule, severity, measured: "", required: "", message: "", ...(fix ? { fix } : {}) });
const main = PRESETS["amazon.main"];

describe("Fix recipes from findings", () => {
  it("whitens a near-white background and trims-and-pads to the fill with a margin", () => {
    const r = recipeForFindings([f("background", "block", "whiten-background"), f("fill", "block", "pad-to-fill")], main);
    expect(r).toEqual({ whitenBackground: true, fit: "trim-pad", fillTarget: 0.9 });
    expect(describeRecipe(r!)).toEqual(["background whitened to pure white", "product trimmed and padded to fill 90%"]);
  });
  it("returns null when nothing safe is left: info findings, fixes already in the recipe, or problems only a better master solves", () => {
    expect(recipeForFindings([f("zoom", "info"), f("min_size", "block")], main)).toBeNull();
    expect(recipeForFindings([f("background", "block", "whiten-background")], main, { whitenBackground: true })).toBeNull();
  });
  it("pads to the channel's shape for an aspect finding and keeps what the recipe had", () => {
    expect(recipeForFindings([f("aspect", "block", "pad-to-aspect")], PRESETS["tiktok.main"], { whitenBackground: true })).toEqual({ whitenBackground: true, fit: "contain-white" });
  });
  it("stored recipes are parsed strictly", () => {
    expect(parseRecipe({ whitenBackground: true, fit: "trim-pad", fillTarget: 0.9 })).toEqual({ whitenBackground: true, fit: "trim-pad", fillTarget: 0.9 });
    expect(parseRecipe({ fit: "stretch" })).toBeNull();
    expect(parseRecipe(null)).toBeNull();
  });
});
