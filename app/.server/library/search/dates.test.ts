import { describe, expect, it } from "vitest";
import { parseAtom, parseNumber, type DateContext } from "./dates";
import { parseQuery, type ParseOptions } from "./query";

const utc = (s: string) => new Date(`${s}T00:00:00.000Z`);
/** createdFrom/createdTo of a query, as ISO strings (undefined when absent). */
function range(q: string, now: string, opts: ParseOptions = {}) {
  const f = parseQuery(q, new Date(now), opts).filters;
  return { from: f.createdFrom?.toISOString(), to: f.createdTo?.toISOString() };
}
const days = (from: string, to: string) => ({ from: utc(from).toISOString(), to: utc(to).toISOString() });

// 2026-03-11 is a Wednesday.
const WED = "2026-03-11T10:00:00Z";

describe("relative dates", () => {
  it("today, yesterday, 前天", () => {
    expect(range("today", WED)).toEqual(days("2026-03-11", "2026-03-12"));
    expect(range("昨天", WED)).toEqual(days("2026-03-10", "2026-03-11"));
    expect(range("前天", WED)).toEqual(days("2026-03-09", "2026-03-10"));
  });

  it("weeks are calendar weeks starting on Monday (or Sunday when asked)", () => {
    expect(range("this week", WED)).toEqual(days("2026-03-09", "2026-03-16"));
    expect(range("last week", WED)).toEqual(days("2026-03-02", "2026-03-09"));
    expect(range("上周", WED)).toEqual(days("2026-03-02", "2026-03-09"));
    expect(range("本周", WED)).toEqual(days("2026-03-09", "2026-03-16"));
    expect(range("last week", WED, { weekStartsOn: 0 })).toEqual(days("2026-03-01", "2026-03-08"));
    // On a Monday, "this week" starts today.
    expect(range("this week", "2026-03-09T08:00:00Z")).toEqual(days("2026-03-09", "2026-03-16"));
    // On a Sunday (Monday weeks), it started six days ago.
    expect(range("this week", "2026-03-15T08:00:00Z")).toEqual(days("2026-03-09", "2026-03-16"));
  });

  it("rolling windows include today", () => {
    expect(range("last 7 days", WED)).toEqual(days("2026-03-05", "2026-03-12"));
    expect(range("最近7天", WED)).toEqual(days("2026-03-05", "2026-03-12"));
    expect(range("最近七天", WED)).toEqual(days("2026-03-05", "2026-03-12"));
    expect(range("past week", WED)).toEqual(days("2026-03-05", "2026-03-12"));
    expect(range("过去两周", WED)).toEqual(days("2026-02-26", "2026-03-12"));
    expect(range("近3个月", WED)).toEqual(days("2025-12-11", "2026-03-12"));
    expect(range("last 2 years", WED)).toEqual(days("2024-03-11", "2026-03-12"));
  });

  it("months and years are calendar periods", () => {
    expect(range("this month", WED)).toEqual(days("2026-03-01", "2026-04-01"));
    expect(range("last month", WED)).toEqual(days("2026-02-01", "2026-03-01"));
    expect(range("上个月", WED)).toEqual(days("2026-02-01", "2026-03-01"));
    expect(range("今年", WED)).toEqual(days("2026-01-01", "2027-01-01"));
    expect(range("last year", WED)).toEqual(days("2025-01-01", "2026-01-01"));
  });

  it("crosses month and year boundaries", () => {
    // January: last month is December of the year before.
    expect(range("last month", "2026-01-15T12:00:00Z")).toEqual(days("2025-12-01", "2026-01-01"));
    // Friday 2 January 2026: this week began in 2025, last week is all in 2025.
    expect(range("this week", "2026-01-02T12:00:00Z")).toEqual(days("2025-12-29", "2026-01-05"));
    expect(range("last week", "2026-01-02T12:00:00Z")).toEqual(days("2025-12-22", "2025-12-29"));
    // 1 January: yesterday is 31 December, last 7 days reach back into December.
    expect(range("yesterday", "2026-01-01T00:30:00Z")).toEqual(days("2025-12-31", "2026-01-01"));
    expect(range("last 7 days", "2026-01-01T00:30:00Z")).toEqual(days("2025-12-26", "2026-01-02"));
    // 31 March − 1 month is clamped to 28 February (not 3 March).
    expect(range("past month", "2026-03-31T12:00:00Z")).toEqual(days("2026-02-28", "2026-04-01"));
    // December's "this month" ends on 1 January.
    expect(range("this month", "2025-12-31T23:00:00Z")).toEqual(days("2025-12-01", "2026-01-01"));
  });

  it("uses the operator's calendar when an offset is given", () => {
    // 20:00 UTC on 31 March is already 1 April in China (UTC+8).
    const cn = range("today", "2026-03-31T20:00:00Z", { utcOffsetMinutes: 480 });
    expect(cn).toEqual({ from: "2026-03-31T16:00:00.000Z", to: "2026-04-01T16:00:00.000Z" });
    expect(range("this month", "2026-03-31T20:00:00Z", { utcOffsetMinutes: 480 })).toEqual({
      from: "2026-03-31T16:00:00.000Z",
      to: "2026-04-30T16:00:00.000Z",
    });
    // And in New York (UTC−5) it is still 31 March.
    expect(range("today", "2026-03-31T02:00:00Z", { utcOffsetMinutes: -300 }).from).toBe("2026-03-30T05:00:00.000Z");
  });
});

describe("absolute dates", () => {
  it("a year, a month, a day — ISO and Chinese", () => {
    expect(range("2026", WED)).toEqual(days("2026-01-01", "2027-01-01"));
    expect(range("2025年", WED)).toEqual(days("2025-01-01", "2026-01-01"));
    expect(range("2024-02", WED)).toEqual(days("2024-02-01", "2024-03-01"));
    expect(range("2026年3月", WED)).toEqual(days("2026-03-01", "2026-04-01"));
    expect(range("march 2026", WED)).toEqual(days("2026-03-01", "2026-04-01"));
    expect(range("2024-02-29", WED)).toEqual(days("2024-02-29", "2024-03-01"));
    expect(range("2026年3月1日", WED)).toEqual(days("2026-03-01", "2026-03-02"));
    expect(range("2025/12/31", WED)).toEqual(days("2025-12-31", "2026-01-01"));
  });

  it("a month without a year is the latest one not in the future", () => {
    expect(range("3月", WED)).toEqual(days("2026-03-01", "2026-04-01"));
    expect(range("十二月", WED)).toEqual(days("2025-12-01", "2026-01-01"));
    expect(range("12月25日", WED)).toEqual(days("2025-12-25", "2025-12-26"));
  });

  it("since / after / before / until and ranges", () => {
    expect(range("since 2026-03-01", WED)).toEqual({ from: utc("2026-03-01").toISOString(), to: undefined });
    expect(range("after 2026-03-01", WED)).toEqual({ from: utc("2026-03-02").toISOString(), to: undefined });
    expect(range("before 2026", WED)).toEqual({ from: undefined, to: utc("2026-01-01").toISOString() });
    expect(range("until 2026-02", WED)).toEqual({ from: undefined, to: utc("2026-03-01").toISOString() });
    expect(range("2026年3月1日以后", WED)).toEqual({ from: utc("2026-03-01").toISOString(), to: undefined });
    expect(range("2025年之前", WED)).toEqual({ from: undefined, to: utc("2025-01-01").toISOString() });
    expect(range("between 2026-01-01 and 2026-02-15", WED)).toEqual(days("2026-01-01", "2026-02-16"));
    expect(range("from 2025-12 to 2026-01", WED)).toEqual(days("2025-12-01", "2026-02-01"));
    expect(range("2026-01-05 ~ 2026-01-09", WED)).toEqual(days("2026-01-05", "2026-01-10"));
    expect(range("2025年11月至2026年1月", WED)).toEqual(days("2025-11-01", "2026-02-01"));
  });

  it("several date phrases narrow each other", () => {
    expect(range("2026 last month", WED)).toEqual(days("2026-02-01", "2026-03-01"));
  });

  it("leaves impossible dates, future bare years and other numbers as text", () => {
    for (const q of ["2025-02-29", "2026-13", "2027", "2099 edition", "model 3000", "iphone 15", "size 12"]) {
      const p = parseQuery(q, new Date(WED));
      expect(p.filters, q).toEqual({});
      expect(p.text, q).toBe(q);
    }
  });
});

describe("helpers", () => {
  it("parseNumber reads digits and Chinese numerals up to 99", () => {
    expect(["7", "七", "十", "十五", "二十", "二十三", "两", "九十九"].map(parseNumber)).toEqual([7, 7, 10, 15, 20, 23, 2, 99]);
    expect(["十十", "一二", "", "百"].map(parseNumber)).toEqual([null, null, null, null]);
  });

  it("parseAtom labels periods", () => {
    const ctx: DateContext = { now: new Date(WED), utcOffsetMinutes: 0, weekStartsOn: 1 };
    expect(parseAtom("2026 年 3 月", ctx)?.label).toBe("2026-03");
    expect(parseAtom("Sept 2025".toLowerCase(), ctx)?.label).toBe("2025-09");
    expect(parseAtom("2026-02-30", ctx)).toBeNull();
  });
});
