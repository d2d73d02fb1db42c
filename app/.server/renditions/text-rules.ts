// Market text rules as data (issue #5 §4): words an image's text (OCR), title or alt text may not carry in
// a market, or may carry only with proof. Applied for the asset's markets (no markets = global = all).
// Findings name the word and the market. Pure: the `check` CLI uses it.
import type { Finding } from "./checks";

export interface TextRule {
  id: string;
  /** Markets it applies to (asset market codes). */
  markets: string[];
  severity: "block" | "warn";
  /** Matched case-insensitively as substrings (CJK has no word boundaries). */
  terms: string[];
  /** Latin terms matched on word boundaries so "best" does not fire inside "bestow". */
  wordTerms?: string[];
  why: string;
}

export const TEXT_RULES: TextRule[] = [
  {
    id: "cn.absolute_terms",
    markets: ["CN"],
    severity: "block",
    // 《广告法》第九条 (PRC Advertising Law, Art. 9 (3)): no "national-level", "highest-level", "best" or similar.
    terms: ["最", "第一", "唯一", "首个", "首选", "国家级", "世界级", "顶级", "极致", "绝对", "万能", "全网第一", "销量冠军", "独一无二"],
    why: "PRC Advertising Law Art. 9 forbids absolute terms in advertising",
  },
  {
    id: "us_eu.unsubstantiated_claims",
    markets: ["US", "EU", "UK", "DE", "FR", "IT", "ES", "NL"],
    severity: "warn",
    terms: ["#1", "no. 1", "no.1", "100% guaranteed"],
    wordTerms: ["best", "number one", "clinically proven", "doctor recommended", "guaranteed", "cures", "miracle"],
    why: "claims that need substantiation (FTC Act §5; EU Unfair Commercial Practices Directive)",
  },
];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The texts of one asset (OCR text, title, alt…), checked for its markets. */
export function checkMarketText(texts: Array<{ field: string; text: string }>, assetMarkets: readonly string[], rules: TextRule[] = TEXT_RULES): Finding[] {
  const out: Finding[] = [];
  for (const rule of rules) {
    const markets = assetMarkets.length ? rule.markets.filter((m) => assetMarkets.includes(m)) : rule.markets;
    if (!markets.length) continue;
    for (const { field, text } of texts) {
      const lower = text.toLowerCase();
      const hits = [
        ...rule.terms.filter((t) => lower.includes(t.toLowerCase())),
        ...(rule.wordTerms ?? []).filter((t) => new RegExp(`(^|[^\\p{L}\\p{N}])${escape(t)}($|[^\\p{L}\\p{N}])`, "iu").test(text)),
      ];
      for (const word of hits)
        out.push({
          rule: rule.id,
          severity: rule.severity,
          measured: `“${word}” in ${field}`,
          required: `not in ${markets.join(", ")}`,
          message: `“${word}” in the ${field} is ${rule.severity === "block" ? "not allowed" : "a claim that needs proof"} in ${markets.join(", ")} (${rule.why}).`,
        });
    }
  }
  return out;
}

/** Markets a channel sells in whatever the asset says (Tmall and JD are Chinese marketplaces). */
export const CHANNEL_MARKETS: Readonly<Record<string, readonly string[]>> = { tmall: ["CN"], jd: ["CN"] };

/**
 * Text rules for an asset placed on a channel: its own markets, plus the channel's when the channel is
 * tied to a market. An asset without markets is global, so every rule applies.
 */
export function marketTextFindings(texts: Array<{ field: string; text: string }>, assetMarkets: readonly string[], channel: string, rules: TextRule[] = TEXT_RULES): Finding[] {
  const forChannel = CHANNEL_MARKETS[channel] ?? [];
  const markets = assetMarkets.length ? [...new Set([...assetMarkets, ...forChannel])] : [];
  return checkMarketText(texts.filter((t) => t.text.trim()), markets, rules);
}
