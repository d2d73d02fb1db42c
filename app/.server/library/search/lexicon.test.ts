import { describe, expect, it } from "vitest";
import { COLOUR_WORDS, facetValue, languageValue, marketValue, phraseRegex } from "./lexicon";
import { SEARCH_COLOURS } from "./filters";

const matches = (re: RegExp, s: string) => {
  re.lastIndex = 0;
  return re.exec(s)?.[0] ?? null;
};

describe("phraseRegex", () => {
  it("spaces match runs of spaces, _ and -; hyphens are optional; Chinese may be spaced", () => {
    expect(matches(phraseRegex("in review"), "in_review")).toBe("in_review");
    expect(matches(phraseRegex("in review"), "in  -review")).toBe("in  -review");
    expect(matches(phraseRegex("non-compliant"), "noncompliant")).toBe("noncompliant");
    expect(matches(phraseRegex("白色背景"), "白色 背景")).toBe("白色 背景");
    expect(matches(phraseRegex("white background"), "whitebackground")).toBeNull();
  });

  it("is sticky: it matches only where it is tried", () => {
    expect(matches(phraseRegex("blue"), "a blue")).toBeNull();
  });
});

describe("vocabulary tables", () => {
  it("every analyser colour has English and Chinese words", () => {
    for (const c of SEARCH_COLOURS) {
      expect(COLOUR_WORDS[c]).toContain(c);
      expect(COLOUR_WORDS[c].some((w) => /\p{Script=Han}/u.test(w)), c).toBe(true);
    }
  });

  it("field values: canonical values and phrases", () => {
    expect(facetValue("states", "in-review")).toBe("in_review");
    expect(facetValue("states", "待审核")).toBe("in_review");
    expect(facetValue("backgrounds", "pure_white")).toBe("pure white");
    expect(facetValue("colours", "Gray")).toBe("grey");
    expect(facetValue("colours", "mauve")).toBeNull();
    expect(marketValue("de")).toBe("DE");
    expect(marketValue("Germany")).toBe("DE");
    expect(marketValue("gb")).toBe("UK");
    expect(marketValue("日本")).toBe("JP");
    expect(marketValue("no way")).toBeNull();
    expect(languageValue("zh-CN")).toBe("zh-CN");
    expect(languageValue("英文")).toBe("en");
    expect(languageValue("klingon!")).toBeNull();
  });
});
