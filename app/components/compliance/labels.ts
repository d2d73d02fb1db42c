// Words and sort orders shared by the channel card, the Compliance page and Settings → Channel presets.
import type { FindingView, SeverityName } from "./types";

const CHANNEL: Record<string, string> = {
  shopify: "Shopify",
  amazon: "Amazon",
  tiktok: "TikTok Shop",
  tmall: "Tmall",
  jd: "JD",
  shopee: "Shopee",
  instagram: "Instagram",
  generic: "Stories & short video",
};
export const channelName = (channel: string) => CHANNEL[channel] ?? channel;

export const FIT_LABEL: Record<string, string> = {
  "contain-white": "Fit inside, pad with white",
  "trim-pad": "Trim to product, pad to fill",
  "cover-attention": "Crop to fill (keeps the subject)",
  inside: "Fit inside, no padding",
};
export const fitLabel = (fit: string) => FIT_LABEL[fit] ?? fit;

export const mbLabel = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(bytes % (1024 ** 2) === 0 ? 0 : 1)} MB`;

const ORDER: Record<SeverityName, number> = { block: 0, warn: 1, info: 2 };
/** Blocking findings first, then warnings, then what merely informs (stable within a severity). */
export const bySeverity = (findings: readonly FindingView[]) => [...findings].sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);

const FIX_WORDS: Record<string, string> = {
  "whiten-background": "whiten the background",
  "pad-to-fill": "trim and pad the product to fill the frame",
  "pad-to-aspect": "pad with white to the channel's shape",
};
/** What a Fix would do, from the findings' safe fixes (the server derives the same recipe from them). */
export function fixPreview(findings: readonly FindingView[]): string {
  const words = [...new Set(findings.filter((f) => f.severity !== "info" && f.fix && FIX_WORDS[f.fix]).map((f) => FIX_WORDS[f.fix!]!))];
  return words.join(" and ");
}
