// The library's search (issue #7): the search form (a GET form: `?q=` without JavaScript, a Remix
// navigation with it), the result count with the understood filters as removable chips and the sort, and
// the facet panel (each value with its count; a link that adds or removes it). The loader computes every
// address (search-page.ts); this only renders them. The field suggests while typing (SearchSuggestions)
// and takes an image to search by (button or drop; the page shows the matches, ImageSearchResults).
import { useEffect, useRef, useState, type DragEvent, type KeyboardEvent } from "react";
import { Form, useLocation, useNavigate } from "@remix-run/react";
import { BlockStack, Box, Button, Card, InlineStack, Select, Tag, Text, TextField } from "@shopify/polaris";
import { ImageMagicIcon, SearchIcon } from "@shopify/polaris-icons";
import { optionId, SuggestionList, useSuggestions, type Suggestion } from "./SearchSuggestions";

export interface SearchFacetValueView {
  value: string;
  label: string;
  count: number;
  selected: boolean;
  href: string;
}
export interface SearchView {
  q: string;
  total: number;
  sort: string;
  sorts: Array<{ value: string; label: string; href: string }>;
  chips: Array<{ key: string; label: string; href: string }>;
  facets: Array<{
    facet: string;
    title: string;
    values: SearchFacetValueView[];
  }>;
  clearHref: string;
  /** Words a typo was matched through. */
  corrections?: string[];
}

export interface LibrarySearchFormProps {
  q: string;
  search: SearchView | null;
  /** The page's other parameters (view, filters …), submitted along as hidden fields. */
  keep: Array<[string, string]>;
  /** Search by an image (picked with the button or dropped on the field); absent: no button. */
  onImage?(file: File): void;
}

const LIST_ID = "library-search-suggestions";

export function LibrarySearchForm({ q, search, keep, onImage }: LibrarySearchFormProps) {
  const [value, setValue] = useState(q);
  const [typed, setTyped] = useState(false);
  const [focused, setFocused] = useState(false);
  const [composing, setComposing] = useState(false);
  const [active, setActive] = useState(-1);
  const [dropping, setDropping] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const navigate = useNavigate();
  const location = useLocation();
  useEffect(() => {
    setValue(q); // the URL wins (chip removed, back button)
    setTyped(false);
  }, [q]);
  const { items, clearRecent } = useSuggestions(value, { enabled: typed && focused, composing });
  const open = typed && focused && !composing && items.length > 0;
  useEffect(() => setActive(-1), [items]);

  /** The page's address with the search changed (other parameters kept, back to the first page). */
  const go = (change: (p: URLSearchParams) => void) => {
    const p = new URLSearchParams(location.search);
    p.delete("cursor");
    change(p);
    setTyped(false);
    navigate({ pathname: location.pathname, search: p.toString() }, { preventScrollReset: true });
  };
  const pick = (s: Suggestion) => {
    if (s.type === "clear-recent") {
      setTyped(false);
      void clearRecent();
      return;
    }
    if (s.type === "recent") {
      setValue(s.query);
      go((p) => p.set("q", s.query));
      return;
    }
    if (s.type === "asset") {
      setTyped(false);
      navigate(`/app/assets/${s.assetId}`);
      return;
    }
    const before = value.slice(0, s.from);
    const nextQ = (s.type === "filter" ? `${before}${s.text}` : before).replace(/\s+/g, " ").trim();
    setValue(nextQ);
    go((p) => {
      if (nextQ) p.set("q", nextQ);
      else p.delete("q");
      if (s.type === "tag") {
        const tags = listParam(p, "tags");
        if (!tags.includes(s.name)) p.set("tags", [...tags, s.name].join(","));
      }
    });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (composing || e.nativeEvent.isComposing) return; // Enter/arrows belong to the input method
    if (e.key === "ArrowDown" && items.length) {
      e.preventDefault();
      setTyped(true);
      setActive((a) => (a + 1) % items.length);
    } else if (e.key === "ArrowUp" && items.length) {
      e.preventDefault();
      setActive((a) => (a <= 0 ? items.length - 1 : a - 1));
    } else if (e.key === "Enter" && open && active >= 0 && items[active]) {
      e.preventDefault(); // picks the option instead of submitting the typed text
      pick(items[active]!);
    } else if (e.key === "Escape" && open) {
      e.preventDefault();
      setTyped(false);
    }
  };

  // A file dropped on the field searches by it; the page's own drop zone (upload) must not see it.
  const dragHandlers = onImage
    ? {
        onDragEnter: (e: DragEvent<HTMLDivElement>) => hasFiles(e) && (swallow(e), setDropping(true)),
        onDragOver: (e: DragEvent<HTMLDivElement>) => hasFiles(e) && swallow(e),
        onDragLeave: (e: DragEvent<HTMLDivElement>) => {
          if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDropping(false);
          swallow(e);
        },
        onDrop: (e: DragEvent<HTMLDivElement>) => {
          swallow(e);
          setDropping(false);
          const file = e.dataTransfer.files[0];
          if (file) onImage(file);
        },
      }
    : {};

  return (
    <Form method="get" role="search" data-testid="library-search" onSubmit={() => setTyped(false)}>
      {keep.map(([k, v], i) => (
        <input key={`${k}-${i}`} type="hidden" name={k} value={v} />
      ))}
      <InlineStack gap="200" blockAlign="end" wrap={false}>
        <div
          style={{ flex: 1, position: "relative" }}
          className={dropping ? "al-search-drop al-search-drop--active" : "al-search-drop"}
          onKeyDown={onKeyDown}
          onCompositionStart={() => setComposing(true)}
          onCompositionEnd={() => setComposing(false)}
          onFocus={() => {
            setFocused(true);
            if (!value.trim()) setTyped(true); // an empty field offers the recent searches
          }}
          onBlur={() => setFocused(false)}
          data-testid="library-search-field"
          {...dragHandlers}
        >
          <TextField
            label="Search the library"
            labelHidden
            name="q"
            type="search"
            role="combobox"
            ariaAutocomplete="list"
            ariaExpanded={open}
            ariaControls={LIST_ID}
            ariaActiveDescendant={open && active >= 0 ? optionId(LIST_ID, active) : undefined}
            value={value}
            onChange={(v) => {
              setValue(v);
              setTyped(true);
            }}
            prefix={<SearchIcon width={20} height={20} />}
            placeholder={dropping ? "Drop the image to find ones like it" : "Search: blue sneaker white background, 春季新品 主图, tagged today …"}
            autoComplete="off"
          />
          {open && <SuggestionList id={LIST_ID} items={items} active={active} onPick={pick} onHover={setActive} />}
        </div>
        {search && (
          <Select
            label="Sort"
            labelInline
            name="sort"
            options={search.sorts.map((s) => ({
              label: s.label,
              value: s.value,
            }))}
            value={search.sort}
            onChange={(v) => {
              const to = search.sorts.find((s) => s.value === v);
              if (to) navigate(to.href, { preventScrollReset: true });
            }}
          />
        )}
        <Button submit>Search</Button>
        {onImage && (
          <>
            <Button icon={ImageMagicIcon} onClick={() => fileInput.current?.click()} accessibilityLabel="Search by image">
              Search by image
            </Button>
            <input
              ref={fileInput}
              type="file"
              accept={IMAGE_SEARCH_TYPES.join(",")}
              hidden
              data-testid="image-search-input"
              onChange={(e) => {
                const file = e.currentTarget.files?.[0];
                e.currentTarget.value = ""; // the same file again searches again
                if (file) onImage(file);
              }}
            />
          </>
        )}
      </InlineStack>
    </Form>
  );
}

/** What a probe may be (the server sniffs the bytes again): the types POST /api/v1/similar takes. */
export const IMAGE_SEARCH_TYPES = ["image/jpeg", "image/png", "image/webp", "image/avif", "image/gif", "image/tiff"];

const hasFiles = (e: DragEvent) => [...e.dataTransfer.types].includes("Files");
/** Handled here: no default (the browser would open the file), and not the page's drop zone on document. */
function swallow(e: DragEvent) {
  e.preventDefault();
  e.stopPropagation();
  e.nativeEvent.stopImmediatePropagation();
}
const listParam = (p: URLSearchParams, name: string) =>
  p
    .getAll(name)
    .flatMap((v) => v.split(","))
    .map((s) => s.trim())
    .filter(Boolean);

/** "12 results", the chips of what was understood (each removable) and "Clear filters". */
export function SearchSummary({ search }: { search: SearchView }) {
  const navigate = useNavigate();
  return (
    <InlineStack gap="200" blockAlign="center">
      <Text as="p" variant="headingSm" id="search-total">
        <span data-testid="search-total" data-total={search.total} data-q={search.q}>
          {search.total} {search.total === 1 ? "result" : "results"}
        </span>
      </Text>
      {search.chips.map((c) => (
        <span key={c.key} data-testid="search-chip" data-key={c.key}>
          <Tag onRemove={() => navigate(c.href, { preventScrollReset: true })} accessibilityLabel={c.label}>
            {c.label}
          </Tag>
        </span>
      ))}
      {(search.chips.length > 0 || search.q) && (
        <Button variant="plain" url={search.clearHref}>
          Clear search
        </Button>
      )}
      {search.corrections && search.corrections.length > 0 && (
        <Text as="span" tone="subdued">
          <span data-testid="search-corrections">{`Including results for ${search.corrections.join(", ")}`}</span>
        </Text>
      )}
    </InlineStack>
  );
}

/** Every facet of the results, each value a link that narrows (or widens back) the search; a column beside the grid. */
export function FacetPanel({ search }: { search: SearchView }) {
  if (!search.facets.length) return null;
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingSm">
          Refine
        </Text>
        <BlockStack gap="400">
          {search.facets.map((g) => (
            <BlockStack key={g.facet} gap="150">
              <Text as="h3" variant="headingXs" tone="subdued">
                {g.title}
              </Text>
              <InlineStack gap="100">
                {g.values.map((v) => (
                  <span
                    key={v.value}
                    data-testid="facet-value"
                    data-facet={g.facet}
                    data-value={v.value}
                    data-count={v.count}
                    data-selected={v.selected}
                  >
                    <Button
                      size="slim"
                      variant={v.selected ? "primary" : "secondary"}
                      url={v.href}
                      accessibilityLabel={`${v.selected ? "Remove" : "Only"} ${g.title.toLowerCase()} ${v.label} (${v.count})`}
                    >
                      {`${v.label} · ${v.count}`}
                    </Button>
                  </span>
                ))}
              </InlineStack>
            </BlockStack>
          ))}
        </BlockStack>
      </BlockStack>
    </Card>
  );
}

/** No results: say so, and offer the way back. */
export function NoResults({ search }: { search: SearchView }) {
  return (
    <Box padding="800">
      <BlockStack gap="300" inlineAlign="center">
        <Text as="h2" variant="headingMd">
          No assets match this search
        </Text>
        <Text as="p" tone="subdued">
          Try fewer words, or remove a filter.
        </Text>
        <Button url={search.clearHref}>Clear search and filters</Button>
      </BlockStack>
    </Box>
  );
}
