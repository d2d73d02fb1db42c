import { describe, expect, it } from "vitest";
import { COLOUR_NAMES, findColourName, nameColour } from "./colour-names";
import { hexToLab } from "./pixels";

describe("colour lexicon", () => {
  it("has the required names, each with a Chinese name", () => {
    const zh = Object.fromEntries(COLOUR_NAMES.map((n) => [n.value, n.valueZh]));
    expect(zh).toMatchObject({
      red: "红色", orange: "橙色", yellow: "黄色", green: "绿色", teal: "青色", blue: "蓝色", navy: "藏青色", purple: "紫色",
      pink: "粉色", brown: "棕色", beige: "米色", black: "黑色", white: "白色", grey: "灰色", gold: "金色", silver: "银色",
    });
    for (const n of COLOUR_NAMES) if (n.broader) expect(findColourName(n.broader)).toBeDefined();
  });

  it.each([
    ["#ff0000", "red"], ["#b22222", "red"], ["#ff8c00", "orange"], ["#ffd700", "yellow"], ["#228b22", "green"], ["#6b8e23", "green"],
    ["#20b2aa", "teal"], ["#00ffff", "teal"], ["#4169e1", "blue"], ["#87ceeb", "blue"], ["#191970", "navy"], ["#4b0082", "purple"],
    ["#ff69b4", "pink"], ["#8b4513", "brown"], ["#f5deb3", "beige"], ["#111111", "black"], ["#fafafa", "white"], ["#696969", "grey"],
    ["#cfb53b", "gold"], ["#c0c0c0", "silver"],
  ])("names %s %s", (hex, value) => {
    expect(nameColour(hexToLab(hex)).name.value).toBe(value);
  });

  it("finds a name by value, alias or Chinese", () => {
    expect(findColourName("Gray")?.value).toBe("grey");
    expect(findColourName("海军蓝")?.value).toBe("navy");
    expect(findColourName("藏青色")?.value).toBe("navy");
    expect(findColourName("cyan")?.value).toBe("teal");
    expect(findColourName("plaid")).toBeUndefined();
  });
});
