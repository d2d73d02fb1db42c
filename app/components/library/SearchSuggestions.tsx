// Suggestions under the library's search field (issue #7): fetched while typing (debounced, never during
// an IME composition), and the member's recent searches when the field is focused empty; shown as an ARIA
// 1.2 combobox listbox (arrow keys move, Enter picks, Escape closes; the field keeps focus). Picking a
// recent search runs it again; a filter puts its phrase in place of the word being typed and searches
// (the page then shows the parser's chip); a tag becomes the tag filter; a title opens the asset; "Clear
// recent searches" forgets them.
import { useEffect, useMemo, useRef, useState } from "react";
import { useAuthHeaders } from "../shell/auth";
import { Icon, InlineStack, Text, Thumbnail } from "@shopify/polaris";
import { ClockIcon, DeleteIcon, FilterIcon, ImageIcon, SearchIcon, HashtagIcon } from "@shopify/polaris-icons";

export type Suggestion =
  | { type: "recent"; query: string; usedAt: string }
  | { type: "clear-recent" }
  | { type: "filter"; key: string; label: string; alt: string | null; text: string; from: number }
  | { type: "tag"; name: string; label: string; labelZh: string | null; count: number; from: number }
  | { type: "asset"; assetId: string; title: string; thumbnailUrl: string | null; from: number };

interface SuggestResponse {
  q?: string;
  items?: Suggestion[];
}

const DEBOUNCE_MS = 150;

/**
 * The suggestions for `value` while the operator types it. A plain fetch of the resource route (with the
 * page's auth headers) rather than a Remix fetcher: a fetcher loading a lazily discovered route while the
 * search form navigates ended in a client-side 404 (seen in the e2e test); this one is simply aborted.
 * Answers for an older value are ignored.
 */
export function useSuggestions(value: string, { enabled, composing }: { enabled: boolean; composing: boolean }) {
  const getHeaders = useAuthHeaders();
  const [answer, setAnswer] = useState<{ q: string; items: Suggestion[] } | null>(null);
  const lastAsked = useRef<string | null>(null);
  useEffect(() => {
    // An empty field asks too (the recent searches); a word finished by a space does not.
    if (!enabled || composing || (value.trim() && /\s$/.test(value)) || lastAsked.current === value) return;
    const abort = new AbortController();
    const h = setTimeout(async () => {
      lastAsked.current = value;
      const p = new URLSearchParams({ q: value.slice(0, 200), tz: String(-new Date().getTimezoneOffset()) });
      try {
        const res = await fetch(`/app/search/suggest?${p}`, { headers: await getHeaders(), signal: abort.signal });
        const data = (await res.json()) as SuggestResponse;
        if (res.ok && Array.isArray(data.items)) {
          const items = data.items;
          // Recent searches alone (an empty field) can be cleared from the list.
          const clear = !value.trim() && items.length > 0 && items.every((s) => s.type === "recent");
          setAnswer({ q: data.q ?? value, items: clear ? [...items, { type: "clear-recent" }] : items });
        }
      } catch {
        lastAsked.current = null; // aborted or offline: suggestions are optional, the search still works
      }
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(h);
      abort.abort();
      if (lastAsked.current === value) lastAsked.current = null;
    };
  }, [value, enabled, composing, getHeaders]);
  const items = useMemo(() => (enabled && answer?.q === value ? answer.items : NONE), [enabled, answer, value]);
  /** Forgets every recent search (the list closes; the next focus asks again). */
  const clearRecent = async () => {
    setAnswer(null);
    lastAsked.current = null;
    try {
      await fetch("/app/search/suggest", { method: "POST", headers: await getHeaders(), body: new URLSearchParams() });
    } catch {
      // offline: the history stays, nothing else depends on it
    }
  };
  return { items, clearRecent };
}

const NONE: Suggestion[] = [];

export const optionId = (listId: string, i: number) => `${listId}-opt-${i}`;

function OptionBody({ s }: { s: Suggestion }) {
  if (s.type === "recent")
    return (
      <InlineStack gap="200" blockAlign="center" wrap={false}>
        <Icon source={ClockIcon} tone="subdued" />
        <Text as="span" truncate>
          {s.query}
        </Text>
        <span className="al-suggest__kind">Recent</span>
      </InlineStack>
    );
  if (s.type === "clear-recent")
    return (
      <InlineStack gap="200" blockAlign="center" wrap={false}>
        <Icon source={DeleteIcon} tone="subdued" />
        <Text as="span" tone="subdued">
          Clear recent searches
        </Text>
      </InlineStack>
    );
  if (s.type === "filter")
    return (
      <InlineStack gap="200" blockAlign="center" wrap={false}>
        <Icon source={FilterIcon} tone="subdued" />
        <Text as="span">{s.label}</Text>
        {s.alt && (
          <Text as="span" tone="subdued">
            · {s.alt}
          </Text>
        )}
        <span className="al-suggest__kind">Filter</span>
      </InlineStack>
    );
  if (s.type === "tag")
    return (
      <InlineStack gap="200" blockAlign="center" wrap={false}>
        <Icon source={HashtagIcon} tone="subdued" />
        <Text as="span">
          {s.label}
          {s.labelZh && s.labelZh !== s.label ? ` · ${s.labelZh}` : ""}
        </Text>
        <Text as="span" tone="subdued">
          {countText(s.count)} {s.count === 1 ? "asset" : "assets"}
        </Text>
        <span className="al-suggest__kind">Tag</span>
      </InlineStack>
    );
  return (
    <InlineStack gap="200" blockAlign="center" wrap={false}>
      {s.thumbnailUrl ? <Thumbnail source={s.thumbnailUrl} alt="" size="extraSmall" /> : <Icon source={ImageIcon} tone="subdued" />}
      <Text as="span" truncate>
        {s.title}
      </Text>
      <span className="al-suggest__kind">
        <Icon source={SearchIcon} tone="subdued" />
        Asset
      </span>
    </InlineStack>
  );
}

export function optionText(s: Suggestion): string {
  if (s.type === "recent") return `Recent search ${s.query}`;
  if (s.type === "clear-recent") return "Clear recent searches";
  if (s.type === "filter") return `${s.label}${s.alt ? ` ${s.alt}` : ""}`;
  if (s.type === "tag") return `Tag ${s.label}${s.labelZh ? ` ${s.labelZh}` : ""}, ${countText(s.count)} assets`;
  return `Open ${s.title}`;
}

export interface SuggestionListProps {
  id: string;
  items: Suggestion[];
  active: number;
  onPick(s: Suggestion): void;
  onHover(i: number): void;
}

/** The listbox; options are picked with the mouse without taking focus from the field. */
export function SuggestionList({ id, items, active, onPick, onHover }: SuggestionListProps) {
  return (
    <ul id={id} role="listbox" aria-label="Search suggestions" className="al-suggest" data-testid="search-suggestions">
      {items.map((s, i) => (
        <li
          key={`${s.type}-${optionKey(s)}`}
          id={optionId(id, i)}
          role="option"
          aria-selected={i === active}
          aria-label={optionText(s)}
          className={`al-suggest__option${i === active ? " al-suggest__option--active" : ""}`}
          data-testid="search-suggestion"
          data-type={s.type}
          data-key={optionKey(s)}
          onMouseDown={(e) => e.preventDefault()}
          onMouseEnter={() => onHover(i)}
          onClick={() => onPick(s)}
        >
          <OptionBody s={s} />
        </li>
      ))}
    </ul>
  );
}

/** Stable per option: the filter's key, `tags:<name>`, `recent:<query>`, the asset's id. */
function optionKey(s: Suggestion): string {
  switch (s.type) {
    case "filter":
      return s.key;
    case "tag":
      return `tags:${s.name}`;
    case "recent":
      return `recent:${s.query}`;
    case "clear-recent":
      return "clear-recent";
    default:
      return s.assetId;
  }
}

/** The server stops counting a tag's assets at 1,000 (TAG_COUNT_CAP): say "1,000+" rather than a false figure. */
function countText(n: number): string {
  return n >= 1000 ? "1,000+" : String(n);
}
