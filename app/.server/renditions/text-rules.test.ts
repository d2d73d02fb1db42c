import { describe, expect, it } from "vitest";
import { checkMarketText, marketTextFindings } from "./text-rules";

describe("market text rules", () => {
  it("“全网最低价” fires for the CN market and not for US", () => {
    const cn = checkMarketText([{ field: "image text", text: "全网最低价 限时抢购" }], ["CN"]);
    expect(cn).toHaveLength(1);
    expect(cn[0]).toMatchObject({ rule: "cn.absolute_terms", severity: "block", measured: "“最” in image text", required: "not in CN" });
    expect(checkMarketText([{ field: "image text", text: "全网最低价" }], ["US"])).toEqual([]);
  });
  it("US/EU claims are warnings naming the word and market; word boundaries matter", () => {
    const us = checkMarketText([{ field: "title", text: "The #1 best sneaker, clinically proven" }], ["US"]);
    expect(us.map((f) => f.measured).sort()).toEqual(["“#1” in title", "“best” in title", "“clinically proven” in title"]);
    expect(us.every((f) => f.severity === "warn" && f.required === "not in US")).toBe(true);
    expect(checkMarketText([{ field: "title", text: "Bestow your gift" }], ["US"])).toEqual([]);
  });
  it("a global asset (no markets) is checked for every market", () => {
    const all = checkMarketText([{ field: "alt text", text: "顶级 best" }], []);
    expect(all.map((f) => f.rule).sort()).toEqual(["cn.absolute_terms", "us_eu.unsubstantiated_claims"]);
  });
});

describe("market text rules per channel", () => {
  it("Tmall and JD add CN to a US-only asset; Amazon does not", () => {
    const texts = [{ field: "title", text: "全网最低价 sneaker" }];
    expect(marketTextFindings(texts, ["US"], "amazon")).toEqual([]);
    expect(marketTextFindings(texts, ["US"], "tmall").map((f) => f.rule)).toEqual(["cn.absolute_terms"]);
    expect(marketTextFindings(texts, ["US"], "jd")[0]).toMatchObject({ severity: "block", required: "not in CN" });
  });
  it("empty texts are skipped and a global asset is checked everywhere", () => {
    expect(marketTextFindings([{ field: "description", text: "  " }], [], "amazon")).toEqual([]);
    expect(marketTextFindings([{ field: "title", text: "best" }], [], "amazon")[0]).toMatchObject({ severity: "warn" });
  });
});
