// Date phrases of a search query (EN + ZH) → createdAt ranges, relative to `now` in the operator's UTC
// offset. Ranges are [from, to): `from` inclusive, `to` exclusive, both at local midnight.
//
// Decisions: "last week"/上周 is the previous calendar week (weeks start on Monday unless told otherwise),
// "past week" and "last 7 days"/最近7天 are rolling and include today; "last month"/上个月 is the previous
// calendar month; "last 3 months" runs from the same day three months ago. A bare four-digit number is a
// year only between 2000 and the current year (so "2099" or a model number stays text); "after X" starts
// when X ends, "since/from X" when it starts; "until X" includes X, "before X" does not.
import type { Hit, Rule } from "./lexicon";

export interface DateContext {
  now: Date;
  /** Minutes east of UTC of the operator's calendar (480 for China, -300 for New York in winter). */
  utcOffsetMinutes: number;
  /** 1 = Monday (ISO, China, most of Europe), 0 = Sunday (US). */
  weekStartsOn: 0 | 1;
}

export interface DateRange {
  from?: Date;
  to?: Date;
}

const MINUTE = 60_000;

function todayParts(ctx: DateContext) {
  const l = new Date(ctx.now.getTime() + ctx.utcOffsetMinutes * MINUTE);
  return { y: l.getUTCFullYear(), m: l.getUTCMonth(), d: l.getUTCDate(), dow: l.getUTCDay() };
}

/** Local midnight of y-m-d (month 0-based; out-of-range months/days roll over like Date.UTC). */
function at(ctx: DateContext, y: number, m: number, d: number): Date {
  return new Date(Date.UTC(y, m, d) - ctx.utcOffsetMinutes * MINUTE);
}

function daysIn(y: number, m: number): number {
  return new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
}

/** The same day-of-month `months` earlier, clamped to the shorter month (Mar 31 − 1 month → Feb 28). */
function monthsBack(ctx: DateContext, months: number): Date {
  const { y, m, d } = todayParts(ctx);
  const first = new Date(Date.UTC(y, m - months, 1));
  const yy = first.getUTCFullYear();
  const mm = first.getUTCMonth();
  return at(ctx, yy, mm, Math.min(d, daysIn(yy, mm)));
}

const pad = (n: number) => String(n).padStart(2, "0");

// ---- Numbers (digits or Chinese numerals up to 99) -------------------------------------------------

const ZH_DIGITS: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

export function parseNumber(s: string): number | null {
  if (/^\d+$/.test(s)) return Number(s);
  if (!/^[一二两三四五六七八九十]+$/.test(s)) return null;
  if (s === "十") return 10;
  const i = s.indexOf("十");
  if (i < 0) return s.length === 1 ? (ZH_DIGITS[s] ?? null) : null;
  if (i > 1 || s.indexOf("十", i + 1) >= 0) return null;
  const tens = i === 0 ? 1 : (ZH_DIGITS[s[0]] ?? null);
  const rest = s.slice(i + 1);
  const ones = rest === "" ? 0 : rest.length === 1 ? (ZH_DIGITS[rest] ?? null) : null;
  return tens === null || ones === null ? null : tens * 10 + ones;
}

// ---- Absolute dates ---------------------------------------------------------------------------------

interface Period {
  start: Date;
  end: Date;
  /** "2026", "2026-03", "2026-03-01" */
  label: string;
}

const MONTHS: Record<string, number> = {
  jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, oct: 9, nov: 10, dec: 11,
};
const MONTH_NAME =
  "(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";

/** One absolute date expression (no capture groups, so it can be embedded). Longest forms first. */
export const ATOM =
  "(?:" +
  [
    "\\d{4}[-/.]\\d{1,2}[-/.]\\d{1,2}(?!\\d)",
    "\\d{4}\\s*年\\s*\\d{1,2}\\s*月\\s*\\d{1,2}\\s*[日号]",
    "\\d{4}[-/.]\\d{1,2}(?![\\d\\-/.])",
    "\\d{4}\\s*年\\s*\\d{1,2}\\s*月份?",
    "\\d{4}\\s*年(?:度)?",
    `${MONTH_NAME}\\.?\\s+\\d{4}`,
    "\\d{1,2}\\s*月\\s*\\d{1,2}\\s*[日号]",
    "(?:\\d{1,2}|[一二三四五六七八九十]{1,3})\\s*月份?",
    "\\d{4}(?!\\d)",
  ].join("|") +
  ")";

const validYear = (y: number) => y >= 1970 && y <= 2100;

function dayPeriod(ctx: DateContext, y: number, m: number, d: number): Period | null {
  if (!validYear(y) || m < 0 || m > 11 || d < 1 || d > daysIn(y, m)) return null;
  return { start: at(ctx, y, m, d), end: at(ctx, y, m, d + 1), label: `${y}-${pad(m + 1)}-${pad(d)}` };
}
function monthPeriod(ctx: DateContext, y: number, m: number): Period | null {
  if (!validYear(y) || m < 0 || m > 11) return null;
  return { start: at(ctx, y, m, 1), end: at(ctx, y, m + 1, 1), label: `${y}-${pad(m + 1)}` };
}
function yearPeriod(ctx: DateContext, y: number): Period | null {
  if (!validYear(y)) return null;
  return { start: at(ctx, y, 0, 1), end: at(ctx, y + 1, 0, 1), label: String(y) };
}

/** A month without a year is the latest one that is not in the future. */
const yearOfMonth = (ctx: DateContext, m: number) => {
  const t = todayParts(ctx);
  return m > t.m ? t.y - 1 : t.y;
};

export function parseAtom(raw: string, ctx: DateContext): Period | null {
  const s = raw.replace(/\s+/g, " ").trim();
  let m: RegExpMatchArray | null;
  if ((m = s.match(/^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/)) || (m = s.match(/^(\d{4}) ?年 ?(\d{1,2}) ?月 ?(\d{1,2}) ?[日号]$/)))
    return dayPeriod(ctx, Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if ((m = s.match(/^(\d{4})[-/.](\d{1,2})$/)) || (m = s.match(/^(\d{4}) ?年 ?(\d{1,2}) ?月份?$/)))
    return monthPeriod(ctx, Number(m[1]), Number(m[2]) - 1);
  if ((m = s.match(/^(\d{4}) ?年度?$/))) return yearPeriod(ctx, Number(m[1]));
  if ((m = s.match(/^([a-z]+)\.? (\d{4})$/))) {
    const month = MONTHS[m[1].slice(0, 3)];
    return month === undefined ? null : monthPeriod(ctx, Number(m[2]), month);
  }
  if ((m = s.match(/^(\d{1,2}) ?月 ?(\d{1,2}) ?[日号]$/))) {
    const month = Number(m[1]) - 1;
    return dayPeriod(ctx, yearOfMonth(ctx, month), month, Number(m[2]));
  }
  if ((m = s.match(/^(\d{1,2}|[一二三四五六七八九十]{1,3}) ?月份?$/))) {
    const n = parseNumber(m[1]);
    if (n === null || n < 1 || n > 12) return null;
    return monthPeriod(ctx, yearOfMonth(ctx, n - 1), n - 1);
  }
  if ((m = s.match(/^(\d{4})$/))) {
    // A bare number is a year only when it plausibly is one.
    const y = Number(m[1]);
    return y >= 2000 && y <= todayParts(ctx).y ? yearPeriod(ctx, y) : null;
  }
  return null;
}

// ---- Rules ---------------------------------------------------------------------------------------

const created = (range: DateRange, label: string): Hit[] => [{ facet: "created", range, label }];

function fixed(phrases: string[], make: (ctx: DateContext) => { range: DateRange; label: string }): Rule {
  return {
    re: new RegExp(`(?:${phrases.map((p) => p.replace(/ /g, "\\s+")).join("|")})`, "uy"),
    resolve: (_m, ctx) => {
      const r = make(ctx);
      return created(r.range, r.label);
    },
  };
}

function rolling(ctx: DateContext, n: number, unit: "day" | "week" | "month" | "year"): DateRange {
  const t = todayParts(ctx);
  const to = at(ctx, t.y, t.m, t.d + 1);
  if (unit === "day") return { from: at(ctx, t.y, t.m, t.d - (n - 1)), to };
  if (unit === "week") return { from: at(ctx, t.y, t.m, t.d - (7 * n - 1)), to };
  return { from: monthsBack(ctx, unit === "month" ? n : 12 * n), to };
}

const weekStart = (ctx: DateContext) => {
  const t = todayParts(ctx);
  return t.d - ((t.dow - ctx.weekStartsOn + 7) % 7);
};

const UNIT_EN: Record<string, "day" | "week" | "month" | "year"> = { day: "day", week: "week", month: "month", year: "year" };
const UNIT_ZH: Record<string, "day" | "week" | "month" | "year"> = {
  天: "day", 日: "day", 周: "week", 星期: "week", 礼拜: "week", 月: "month", 年: "year",
};

function rollingLabel(n: number, unit: string): string {
  return `last ${n} ${unit}${n === 1 ? "" : "s"}`;
}

export const DATE_RULES: Rule[] = [
  fixed(["today", "今天", "今日"], (ctx) => {
    const t = todayParts(ctx);
    return { range: { from: at(ctx, t.y, t.m, t.d), to: at(ctx, t.y, t.m, t.d + 1) }, label: "today" };
  }),
  fixed(["yesterday", "昨天", "昨日"], (ctx) => {
    const t = todayParts(ctx);
    return { range: { from: at(ctx, t.y, t.m, t.d - 1), to: at(ctx, t.y, t.m, t.d) }, label: "yesterday" };
  }),
  fixed(["the day before yesterday", "day before yesterday", "前天"], (ctx) => {
    const t = todayParts(ctx);
    return { range: { from: at(ctx, t.y, t.m, t.d - 2), to: at(ctx, t.y, t.m, t.d - 1) }, label: "the day before yesterday" };
  }),
  fixed(["this week", "current week", "本周", "这周", "本星期", "这星期", "这个星期", "这礼拜", "这个礼拜"], (ctx) => {
    const t = todayParts(ctx);
    const ws = weekStart(ctx);
    return { range: { from: at(ctx, t.y, t.m, ws), to: at(ctx, t.y, t.m, ws + 7) }, label: "this week" };
  }),
  fixed(["last week", "previous week", "上周", "上星期", "上个星期", "上一周", "上礼拜", "上个礼拜"], (ctx) => {
    const t = todayParts(ctx);
    const ws = weekStart(ctx);
    return { range: { from: at(ctx, t.y, t.m, ws - 7), to: at(ctx, t.y, t.m, ws) }, label: "last week" };
  }),
  fixed(["this month", "current month", "本月", "这个月", "这月", "当月"], (ctx) => {
    const t = todayParts(ctx);
    return { range: { from: at(ctx, t.y, t.m, 1), to: at(ctx, t.y, t.m + 1, 1) }, label: "this month" };
  }),
  fixed(["last month", "previous month", "上个月", "上月", "上一个月", "上一月"], (ctx) => {
    const t = todayParts(ctx);
    return { range: { from: at(ctx, t.y, t.m - 1, 1), to: at(ctx, t.y, t.m, 1) }, label: "last month" };
  }),
  fixed(["this year", "current year", "今年", "本年", "本年度"], (ctx) => {
    const t = todayParts(ctx);
    return { range: { from: at(ctx, t.y, 0, 1), to: at(ctx, t.y + 1, 0, 1) }, label: "this year" };
  }),
  fixed(["last year", "previous year", "去年", "上一年", "上年"], (ctx) => {
    const t = todayParts(ctx);
    return { range: { from: at(ctx, t.y - 1, 0, 1), to: at(ctx, t.y, 0, 1) }, label: "last year" };
  }),
  fixed(["past week", "the past week"], (ctx) => ({ range: rolling(ctx, 7, "day"), label: rollingLabel(7, "day") })),
  fixed(["past month", "the past month"], (ctx) => ({ range: rolling(ctx, 1, "month"), label: rollingLabel(1, "month") })),
  fixed(["past year", "the past year"], (ctx) => ({ range: rolling(ctx, 1, "year"), label: rollingLabel(1, "year") })),
  {
    // last 7 days, past 2 weeks, previous 3 months
    re: /(?:the\s+)?(?:last|past|previous)\s+(\d{1,3})\s+(day|week|month|year)s?/uy,
    resolve: (m, ctx) => {
      const n = Number(m[1]);
      const unit = UNIT_EN[m[2]];
      if (!unit || n < 1) return null;
      return created(rolling(ctx, n, unit), rollingLabel(n, unit));
    },
  },
  {
    // 最近7天, 近一个月, 过去两周, 近半年, 最近三个星期
    re: /(?:最近|近|过去)\s*(\d{1,3}|[一二两三四五六七八九十]{1,3}|半)\s*个?\s*(天|日|周|星期|礼拜|月|年)/uy,
    resolve: (m, ctx) => {
      const unit = UNIT_ZH[m[2]];
      if (!unit) return null;
      if (m[1] === "半") {
        if (unit === "year") return created(rolling(ctx, 6, "month"), rollingLabel(6, "month"));
        if (unit === "month") return created(rolling(ctx, 15, "day"), rollingLabel(15, "day"));
        return null;
      }
      const n = parseNumber(m[1]);
      if (n === null || n < 1) return null;
      return created(rolling(ctx, n, unit), rollingLabel(n, unit));
    },
  },
  {
    // between 2026-01-01 and 2026-02-15; from 2026-01 to 2026-03; 2026-01-01 ~ 2026-01-31; 从3月到5月
    re: new RegExp(
      `(?:between\\s+(${ATOM})\\s+and\\s+(${ATOM})|(?:from\\s+|从\\s*)?(${ATOM})\\s*(?:to|until|till|through|-|–|—|~|～|\\.\\.|至|到)\\s*(${ATOM}))`,
      "uy",
    ),
    resolve: (m, ctx) => {
      const a = parseAtom(m[1] ?? m[3], ctx);
      const b = parseAtom(m[2] ?? m[4], ctx);
      if (!a || !b || b.end.getTime() <= a.start.getTime()) return null;
      return created({ from: a.start, to: b.end }, `${a.label} – ${b.label}`);
    },
  },
  {
    // since 2026-03-01, after March 2026, before 2026, until 2026-03
    re: new RegExp(`(since|from|starting\\s+from|starting|after|before|until|till|through|up\\s+to)\\s+(${ATOM})`, "uy"),
    resolve: (m, ctx) => {
      const p = parseAtom(m[2], ctx);
      if (!p) return null;
      const op = m[1].replace(/\s+/g, " ");
      if (op === "after") return created({ from: p.end }, `after ${p.label}`);
      if (op === "before") return created({ to: p.start }, `before ${p.label}`);
      if (op === "until" || op === "till" || op === "through" || op === "up to") return created({ to: p.end }, `until ${p.label}`);
      return created({ from: p.start }, `since ${p.label}`);
    },
  },
  {
    // 2026年3月1日以后, 3月起, 2025年之前
    re: new RegExp(`(${ATOM})\\s*(以后|之后|以来|起|开始|后|以前|之前|前)`, "uy"),
    resolve: (m, ctx) => {
      const p = parseAtom(m[1], ctx);
      if (!p) return null;
      return /前/.test(m[2]) ? created({ to: p.start }, `before ${p.label}`) : created({ from: p.start }, `since ${p.label}`);
    },
  },
  {
    re: new RegExp(ATOM, "uy"),
    resolve: (m, ctx) => {
      const p = parseAtom(m[0], ctx);
      return p ? created({ from: p.start, to: p.end }, p.label) : null;
    },
  },
];
