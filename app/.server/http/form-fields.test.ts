import { describe, expect, it } from "vitest";
import { channelList, marketList } from "./form-fields";

describe("form code lists", () => {
  it("normalises and deduplicates markets", () => {
    expect(marketList.parse("us, EU ,jp,US")).toEqual(["US", "EU", "JP"]);
    expect(marketList.parse("")).toEqual([]);
    expect(marketList.safeParse("US, 1x").success).toBe(false);
  });
  it("normalises channels", () => {
    expect(channelList.parse("Shopify, amazon,tiktok")).toEqual(["shopify", "amazon", "tiktok"]);
    expect(channelList.safeParse("shop ify").success).toBe(false);
  });
});
