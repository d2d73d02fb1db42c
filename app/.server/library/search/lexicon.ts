// The EN/ZH lexicon of search words (issue #7): which phrases of a query are filters. `parseQuery` tries
// every rule at every word start, keeps the longest match that ends on a word boundary (a jieba boundary
// inside Chinese), so "white background" beats "white", "amazonia" is not "amazon" and 蓝牙 is not 蓝.
//
// Decisions:
// - "main image"/主图/首图/hero image → slots: ["main"] (placed in the main slot of a listing). An
//   operator who means the words (a file named …主图.jpg) quotes them: "主图".
// - A colour followed by background/底/背景 is a background: white → "pure white", others → "solid".
// - Two-letter market codes count only in upper case (US, DE, UK, EU…): "us"/"de" are words. IT and IN
//   are never codes (use Italy/意大利, India/印度 or market:IT). Country names map to the codes the app
//   stores in Asset.markets (UK, not GB). "global"/全球 → GLOBAL (assets without markets).
// - Languages only from unambiguous phrases ("in english", 英文版, 中文) or lang:xx — "English breakfast
//   tea" stays text.
// - Single-character Chinese colours (红, 蓝, 黑 …) count only when jieba cuts them as a word of their own
//   (红裙子 → 红/裙子); 金, 银, 粉 alone never do (money, silver jewellery, powder).
// - Stop words (the, and, 的, 图 …) are dropped from the free text; they never become filters.
import type { DateContext, DateRange } from "./dates";
import { DATE_RULES } from "./dates";
import {
  GLOBAL_MARKET,
  type ComplianceFilter,
  type ListFacet,
  type ListFacetValues,
  type SearchBackground,
  type SearchChannel,
  type SearchColour,
  type SearchKind,
  type SearchOrientation,
  type SearchRights,
  type SearchSlot,
  type SearchUsage,
} from "./filters";
import type { VersionState } from "../types";
import { fold, isHan } from "./segment";

/** What a matched phrase contributes to the parsed query. */
export type Hit =
  | { [F in ListFacet]: { facet: F; value: ListFacetValues[F] } }[ListFacet]
  | { facet: "compliance"; value: ComplianceFilter }
  | { facet: "created"; range: DateRange; label: string }
  /** A filler word: dropped from the free text. */
  | { facet: "stop" }
  /** A phrase that stays free text and shields its parts from shorter rules (黑科技 is not black). */
  | { facet: "keep" };

export interface Rule {
  /** Sticky (`y`) and unicode (`u`): tried at a word start of the lower-cased query. */
  re: RegExp;
  /** Run against the query as typed (width-folded, case kept) instead of lower case. */
  caseSensitive?: boolean;
  /** For literal phrases: the first character, to skip the rule cheaply elsewhere. */
  first?: string;
  resolve(m: RegExpExecArray, ctx: DateContext): Hit[] | null;
}

// ---- Vocabulary -----------------------------------------------------------------------------------

export const COLOUR_WORDS: Record<SearchColour, readonly string[]> = {
  red: ["red", "红色", "红", "大红色", "大红"],
  orange: ["orange", "橙色", "橘色", "橙", "橘黄色"],
  yellow: ["yellow", "黄色", "黄"],
  green: ["green", "绿色", "绿"],
  teal: ["teal", "turquoise", "cyan", "青色", "蓝绿色", "湖蓝色"],
  blue: ["blue", "light blue", "sky blue", "蓝色", "蓝", "浅蓝色", "浅蓝", "天蓝色", "天蓝"],
  navy: ["navy", "navy blue", "dark blue", "藏青色", "藏青", "藏蓝色", "藏蓝", "海军蓝", "深蓝色", "深蓝"],
  purple: ["purple", "violet", "紫色", "紫"],
  pink: ["pink", "粉色", "粉红色", "粉红"],
  brown: ["brown", "棕色", "咖啡色", "褐色", "棕"],
  beige: ["beige", "khaki", "米色", "卡其色", "杏色"],
  black: ["black", "黑色", "黑"],
  white: ["white", "pure white", "白色", "白", "纯白色", "纯白"],
  grey: ["grey", "gray", "灰色", "灰"],
  gold: ["gold", "golden", "金色"],
  silver: ["silver", "银色"],
};

export const BACKGROUND_WORDS: Record<SearchBackground, readonly string[]> = {
  "pure white": [
    "white background", "white backdrop", "white bg", "on white", "白底", "白底图", "白色背景", "白背景", "白色底",
  ],
  transparent: [
    "transparent", "transparent background", "transparent bg", "no background", "cutout", "cut out",
    "透明", "透明背景", "透明底", "抠图", "免抠", "无背景",
  ],
  solid: ["solid background", "solid colour background", "solid color background", "plain background", "纯色背景", "纯色底", "纯色"],
  scene: ["scene", "scene shot", "lifestyle", "lifestyle shot", "in context", "场景", "场景图", "情景图", "实景图", "实拍"],
};

export const CHANNEL_WORDS: Record<SearchChannel, readonly string[]> = {
  amazon: ["amazon", "amz", "亚马逊"],
  shopify: ["shopify", "shopify store", "独立站"],
  tiktok: ["tiktok", "tik tok", "tiktok shop", "tt shop", "抖音", "抖店", "抖音小店", "tiktok小店"],
};

export const STATE_WORDS: Record<VersionState, readonly string[]> = {
  draft: ["draft", "drafts", "草稿"],
  in_review: [
    "in review", "in_review", "under review", "pending review", "awaiting review", "awaiting approval", "pending approval",
    "待审核", "审核中", "待审批", "待批准",
  ],
  approved: ["approved", "已批准", "已审核", "已通过", "审核通过", "已审批"],
  rejected: ["rejected", "已拒绝", "被拒绝", "已驳回", "驳回", "未通过"],
  retired: ["retired", "已退役", "已下线", "已停用"],
};

export const KIND_WORDS: Record<SearchKind, readonly string[]> = {
  image: ["image", "images", "photo", "photos", "picture", "pictures", "pic", "pics", "图片", "照片", "图像", "相片"],
  video: ["video", "videos", "视频", "短视频"],
  audio: ["audio", "音频"],
  document: ["document", "documents", "doc", "docs", "pdf", "pdfs", "文档"],
  other: [],
};

export const ORIENTATION_WORDS: Record<SearchOrientation, readonly string[]> = {
  portrait: ["portrait", "vertical", "竖版", "竖图", "竖屏", "竖向", "纵向"],
  landscape: ["landscape", "horizontal", "横版", "横图", "横屏", "横向"],
  square: ["square", "1:1", "方形", "方图", "正方形"],
};

export const SLOT_WORDS: Record<SearchSlot, readonly string[]> = {
  main: ["main image", "main photo", "main picture", "main slot", "hero image", "hero shot", "主图", "首图", "主图片"],
};

export const USAGE_WORDS: Record<SearchUsage, readonly string[]> = {
  placed: ["in use", "placed", "已使用", "使用中", "在用", "已上架"],
  unplaced: ["unused", "not used", "unplaced", "not placed", "未使用", "没用过", "未用", "闲置", "未上架"],
};

export const RIGHTS_WORDS: Record<SearchRights, readonly string[]> = {
  expired: ["expired", "licence expired", "license expired", "rights expired", "已过期", "过期", "授权过期", "版权过期"],
  expiring: ["expiring", "expiring soon", "about to expire", "即将过期", "快过期", "将过期", "即将到期", "快到期"],
  ok: ["licensed", "rights ok", "授权有效"],
  restricted: ["restricted", "受限"],
  none: ["no rights", "no licence", "no license", "无授权", "没有授权", "无版权信息"],
};

/** Market code → names. Codes are matched in upper case only (see top). */
export const MARKET_WORDS: Record<string, { codes: readonly string[]; names: readonly string[] }> = {
  US: { codes: ["US", "USA"], names: ["usa", "united states", "america", "美国"] },
  CA: { codes: ["CA"], names: ["canada", "加拿大"] },
  MX: { codes: ["MX"], names: ["mexico", "墨西哥"] },
  BR: { codes: ["BR"], names: ["brazil", "巴西"] },
  UK: { codes: ["UK", "GB"], names: ["united kingdom", "great britain", "britain", "英国"] },
  DE: { codes: ["DE"], names: ["germany", "德国"] },
  FR: { codes: ["FR"], names: ["france", "法国"] },
  IT: { codes: [], names: ["italy", "意大利"] },
  ES: { codes: ["ES"], names: ["spain", "西班牙"] },
  NL: { codes: ["NL"], names: ["netherlands", "holland", "荷兰"] },
  SE: { codes: ["SE"], names: ["sweden", "瑞典"] },
  PL: { codes: ["PL"], names: ["poland", "波兰"] },
  AE: { codes: ["AE", "UAE"], names: ["uae", "united arab emirates", "阿联酋"] },
  IN: { codes: [], names: ["india", "印度"] },
  JP: { codes: ["JP"], names: ["japan", "日本"] },
  AU: { codes: ["AU"], names: ["australia", "澳大利亚", "澳洲"] },
  SG: { codes: ["SG"], names: ["singapore", "新加坡"] },
  KR: { codes: ["KR"], names: ["south korea", "korea", "韩国"] },
  CN: { codes: ["CN"], names: ["china", "mainland china", "中国", "中国大陆"] },
  EU: { codes: ["EU"], names: ["europe", "european union", "欧洲", "欧盟"] },
  [GLOBAL_MARKET]: { codes: ["GLOBAL"], names: ["global", "worldwide", "全球"] },
};

export const LANGUAGE_WORDS: Record<string, readonly string[]> = {
  en: ["in english", "english version", "english language", "英文", "英文版", "英语", "英语版"],
  zh: ["in chinese", "chinese version", "chinese language", "中文", "中文版", "汉语"],
  ja: ["in japanese", "japanese version", "日文", "日文版", "日语"],
  de: ["in german", "german version", "德文", "德语"],
  fr: ["in french", "french version", "法文", "法语"],
  es: ["in spanish", "spanish version", "西班牙语"],
};

const COMPLIANCE_PASS = ["compliant", "passes compliance", "compliance pass", "compliance passed", "合规", "已合规", "符合规范"];
const COMPLIANCE_FAIL = [
  "non-compliant", "not compliant", "fails compliance", "failing compliance", "failed compliance", "compliance fail",
  "compliance failed", "compliance issues", "不合规", "违规", "不符合规范",
];
const COMPLIANCE_PASS_CHANNEL = ["{c} compliant", "{c} ready", "compliant for {c}", "compliant on {c}", "compliant with {c}", "passes {c}", "{c}合规", "符合{c}要求", "符合{c}规范", "符合{c}"];
const COMPLIANCE_FAIL_CHANNEL = [
  "{c} non-compliant", "{c} not compliant", "fails {c}", "failing {c}", "non-compliant for {c}", "non-compliant on {c}",
  "not compliant for {c}", "not compliant with {c}", "{c}不合规", "{c}违规", "不符合{c}要求", "不符合{c}规范", "不符合{c}",
];

export const STOP_WORDS: readonly string[] = [
  "a", "an", "the", "and", "or", "with", "of", "for", "in", "on", "at", "by", "from", "to", "all", "any", "show", "find",
  "search", "me", "my", "that", "which", "are", "is", "created", "uploaded", "added",
  "的", "和", "与", "及", "或", "在", "是", "找", "查找", "搜索", "所有", "全部", "图", "上传", "上传的", "创建", "创建的", "一下",
];

/** Shields: free text that would otherwise contain a filter word. */
const KEEP = ["黑科技", "红米", "白金", "黄金", "white gold", "rose gold"];

// ---- Compilation ---------------------------------------------------------------------------------

const escape = (c: string) => c.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

/**
 * A literal phrase as a sticky regex: a space matches any run of spaces, "_" or "-"; a "-" matches an
 * optional one; spaces may appear between Chinese characters ("白色 背景" = "白色背景").
 */
export function phraseRegex(phrase: string, caseSensitive = false): RegExp {
  const chars = [...(caseSensitive ? phrase : fold(phrase)).replace(/\s+/g, " ").trim()];
  let src = "";
  chars.forEach((c, i) => {
    if (c === " ") src += "[\\s_\\-]+";
    else if (c === "-") src += "[\\s_\\-]*";
    else {
      src += escape(c);
      const next = chars[i + 1];
      if (next && next !== " " && next !== "-" && (isHan(c) || isHan(next))) src += "\\s*";
    }
  });
  return new RegExp(src, "uy");
}

function literal(phrases: readonly string[], hits: Hit[], caseSensitive = false): Rule[] {
  return phrases.map((p) => ({
    re: phraseRegex(p, caseSensitive),
    caseSensitive,
    first: [...(caseSensitive ? p : fold(p))][0],
    resolve: () => hits,
  }));
}

function facetRules<F extends ListFacet>(facet: F, table: Partial<Record<ListFacetValues[F], readonly string[]>>): Rule[] {
  const out: Rule[] = [];
  for (const [value, phrases] of Object.entries(table) as [ListFacetValues[F], readonly string[]][]) {
    const hit = { facet, value } as Hit;
    out.push(...literal(phrases, [hit]));
  }
  return out;
}

function colourBackgroundPhrases(): Rule[] {
  const out: Rule[] = [];
  for (const [colour, words] of Object.entries(COLOUR_WORDS) as [SearchColour, readonly string[]][]) {
    const value: SearchBackground = colour === "white" ? "pure white" : "solid";
    const phrases: string[] = [];
    for (const w of words) {
      if ([...w].some(isHan)) phrases.push(`${w}背景`, `${w}底`, `${w}底色`);
      else phrases.push(`${w} background`, `${w} backdrop`, `${w} bg`, `on ${w}`, `on ${w} background`, `on a ${w} background`);
    }
    out.push(...literal(phrases, [{ facet: "backgrounds", value }]));
  }
  return out;
}

function complianceRules(): Rule[] {
  const out: Rule[] = [
    ...literal(COMPLIANCE_PASS, [{ facet: "compliance", value: { verdict: "pass" } }]),
    ...literal(COMPLIANCE_FAIL, [{ facet: "compliance", value: { verdict: "fail" } }]),
  ];
  for (const [channel, names] of Object.entries(CHANNEL_WORDS) as [SearchChannel, readonly string[]][]) {
    for (const name of names) {
      const fill = (t: string) => t.replace("{c}", name);
      out.push(...literal(COMPLIANCE_PASS_CHANNEL.map(fill), [{ facet: "compliance", value: { verdict: "pass", channel } }]));
      out.push(...literal(COMPLIANCE_FAIL_CHANNEL.map(fill), [{ facet: "compliance", value: { verdict: "fail", channel } }]));
    }
  }
  return out;
}

function marketRules(): Rule[] {
  const out: Rule[] = [];
  for (const [code, w] of Object.entries(MARKET_WORDS)) {
    const hit: Hit = { facet: "markets", value: code };
    out.push(...literal(w.codes, [hit], true));
    const names = [...w.names];
    for (const n of w.names) if ([...n].every(isHan)) names.push(`${n}站`, `${n}市场`);
    out.push(...literal(names, [hit]));
  }
  return out;
}

let rules: Rule[] | null = null;

/** Every rule, in priority order (on equal length the earlier rule wins). Compiled once. */
export function lexiconRules(): Rule[] {
  if (!rules)
    rules = [
      ...literal(KEEP, [{ facet: "keep" }]),
      ...colourBackgroundPhrases(),
      ...facetRules("backgrounds", BACKGROUND_WORDS),
      ...complianceRules(),
      ...facetRules("slots", SLOT_WORDS),
      ...facetRules("colours", COLOUR_WORDS),
      ...facetRules("channels", CHANNEL_WORDS),
      ...facetRules("states", STATE_WORDS),
      ...facetRules("kinds", KIND_WORDS),
      ...facetRules("orientations", ORIENTATION_WORDS),
      ...facetRules("usage", USAGE_WORDS),
      ...facetRules("rights", RIGHTS_WORDS),
      ...marketRules(),
      ...facetRules("languages", LANGUAGE_WORDS),
      ...DATE_RULES,
      ...literal(STOP_WORDS, [{ facet: "stop" }]),
    ];
  return rules;
}

const FIELD_TABLES: Partial<{ [F in ListFacet]: Partial<Record<ListFacetValues[F], readonly string[]>> }> = {
  kinds: KIND_WORDS,
  states: STATE_WORDS,
  channels: CHANNEL_WORDS,
  colours: COLOUR_WORDS,
  backgrounds: BACKGROUND_WORDS,
  orientations: ORIENTATION_WORDS,
  slots: SLOT_WORDS,
  usage: USAGE_WORDS,
  rights: RIGHTS_WORDS,
};

/**
 * The value of a closed-vocabulary facet from what follows `facet:` in a query — the canonical value
 * ("in_review", "pure white") or any of its phrases ("待审核", "white background"); hyphens and
 * underscores read as spaces. Null when it is not one of them.
 */
export function facetValue<F extends keyof typeof FIELD_TABLES>(facet: F, raw: string): ListFacetValues[F] | null {
  const table = FIELD_TABLES[facet] as Partial<Record<ListFacetValues[F], readonly string[]>>;
  const norm = (s: string) => fold(s).replace(/[\s_-]+/g, " ").trim();
  const want = norm(raw);
  for (const [value, phrases] of Object.entries(table) as [ListFacetValues[F], readonly string[]][]) {
    if (norm(value) === want || phrases.some((p) => norm(p) === want)) return value;
  }
  return null;
}

/** A market code from `market:xx` (any case) or a market name. */
export function marketValue(raw: string): string | null {
  const want = fold(raw).trim();
  for (const [code, w] of Object.entries(MARKET_WORDS)) {
    if (code.toLowerCase() === want || w.codes.some((c) => c.toLowerCase() === want) || w.names.includes(want)) return code;
  }
  return /^[a-z][a-z-]{1,9}$/.test(want) ? want.toUpperCase() : null;
}

/** A language code from `lang:xx` (kept as typed: en, zh-CN) or a language phrase. */
export function languageValue(raw: string): string | null {
  const t = raw.trim();
  if (/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(t)) return t;
  const want = fold(t);
  for (const [code, phrases] of Object.entries(LANGUAGE_WORDS)) if (phrases.includes(want)) return code;
  return null;
}
