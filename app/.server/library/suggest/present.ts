// The JSON shape of search suggestions, shared by the library page's resource route and the REST API.
import { presentAsset } from "../present";
import type { Suggestion } from "./suggest.service";

export type SuggestionDto =
  | { type: "recent"; query: string; usedAt: string }
  | { type: "filter"; key: string; label: string; alt: string | null; text: string; from: number }
  | { type: "tag"; name: string; label: string; labelZh: string | null; count: number; from: number }
  | { type: "asset"; assetId: string; title: string; thumbnailUrl: string | null; from: number };

export function presentSuggestion(mediaKey: string, s: Suggestion): SuggestionDto {
  if (s.type === "recent") return { type: "recent", query: s.query, usedAt: s.usedAt.toISOString() };
  if (s.type === "asset") {
    const a = presentAsset(mediaKey, s.asset);
    return { type: "asset", assetId: a.id, title: a.title, thumbnailUrl: a.thumbnailUrl, from: s.from };
  }
  if (s.type === "tag") return { type: "tag", name: s.name, label: s.label, labelZh: s.labelZh, count: s.count, from: s.from };
  return { type: "filter", key: s.key, label: s.label, alt: s.alt, text: s.text, from: s.from };
}
