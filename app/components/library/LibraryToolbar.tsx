// The library's filter bar: Active/Archived tabs, title search (debounced), kind/state/tag filters and the
// grid/list toggle. Everything lives in the URL; this component only reports changes.
import { useEffect, useRef, useState } from "react";
import { Button, ButtonGroup, ChoiceList, Filters, Tabs, type FiltersProps } from "@shopify/polaris";
import { AppsIcon, ListBulletedIcon } from "@shopify/polaris-icons";
import { KIND_OPTIONS, STATE_OPTIONS, kindLabel, stateLabel } from "./format";
import type { CollectionFacetView, LibraryFilterState, LibraryView, TagFacetView } from "./types";

export type FilterPatch = Partial<Record<"q" | "kind" | "state" | "tag" | "collection" | "archived" | "view", string | null>>;

export interface LibraryToolbarProps {
  filters: LibraryFilterState;
  tags: TagFacetView[];
  collections: CollectionFacetView[];
  loading?: boolean;
  /** The page has its own search form (the library's search, a GET form). */
  hideQuery?: boolean;
  onChange(patch: FilterPatch): void;
}

const TABS = [
  { id: "active", content: "Active", accessibilityLabel: "Active assets", panelID: "library-panel" },
  { id: "archived", content: "Archived", accessibilityLabel: "Archived assets", panelID: "library-panel" },
];

export function LibraryToolbar({ filters, tags, collections, loading, hideQuery, onChange }: LibraryToolbarProps) {
  const [query, setQuery] = useState(filters.q);
  const lastSent = useRef(filters.q);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;

  // The URL wins when it changes from outside (back button, "Clear all").
  useEffect(() => {
    if (filters.q !== lastSent.current) {
      lastSent.current = filters.q;
      setQuery(filters.q);
    }
  }, [filters.q]);

  // Debounced: one navigation per pause in typing, not per keystroke.
  useEffect(() => {
    if (query === lastSent.current) return;
    const t = setTimeout(() => {
      lastSent.current = query;
      onChangeRef.current({ q: query.trim() || null });
    }, 300);
    return () => clearTimeout(t);
  }, [query]);

  const single = (key: "kind" | "state" | "tag" | "collection") => (values: string[]) => onChange({ [key]: values[0] ?? null });

  const filterDefs: FiltersProps["filters"] = [
    {
      key: "kind",
      label: "Kind",
      pinned: true,
      filter: (
        <ChoiceList
          title="Kind"
          titleHidden
          choices={KIND_OPTIONS}
          selected={filters.kind ? [filters.kind] : []}
          onChange={single("kind")}
        />
      ),
    },
    {
      key: "state",
      label: "State",
      pinned: true,
      filter: (
        <ChoiceList
          title="State of the latest version"
          choices={STATE_OPTIONS}
          selected={filters.state ? [filters.state] : []}
          onChange={single("state")}
        />
      ),
    },
    {
      key: "tag",
      label: "Tag",
      pinned: true,
      filter: tags.length ? (
        <div style={{ maxHeight: 320, overflowY: "auto" }}>
          <ChoiceList
            title="Tag"
            titleHidden
            choices={tags.map((t) => ({ label: `${t.label} (${t.count})`, value: t.name }))}
            selected={filters.tag ? [filters.tag] : []}
            onChange={single("tag")}
          />
        </div>
      ) : (
        <span>No tags yet.</span>
      ),
    },
    {
      key: "collection",
      label: "Collection",
      pinned: true,
      filter: collections.length ? (
        <div style={{ maxHeight: 320, overflowY: "auto" }}>
          <ChoiceList
            title="Collection"
            titleHidden
            choices={collections.map((c) => ({ label: `${c.name} (${c.count})`, value: c.id }))}
            selected={filters.collection ? [filters.collection] : []}
            onChange={single("collection")}
          />
        </div>
      ) : (
        <span>No collections yet.</span>
      ),
    },
  ];

  const tagLabel = (name: string) => tags.find((t) => t.name === name)?.label ?? name;
  const applied: FiltersProps["appliedFilters"] = [];
  if (filters.kind) applied.push({ key: "kind", label: `Kind: ${kindLabel(filters.kind)}`, onRemove: () => onChange({ kind: null }) });
  if (filters.state)
    applied.push({ key: "state", label: `State: ${stateLabel(filters.state)}`, onRemove: () => onChange({ state: null }) });
  if (filters.tag) applied.push({ key: "tag", label: `Tag: ${tagLabel(filters.tag)}`, onRemove: () => onChange({ tag: null }) });
  if (filters.collection)
    applied.push({
      key: "collection",
      label: `Collection: ${collections.find((c) => c.id === filters.collection)?.name ?? "unknown"}`,
      onRemove: () => onChange({ collection: null }),
    });

  const setView = (view: LibraryView) => onChange({ view: view === "grid" ? null : view });

  return (
    <>
      <Tabs tabs={TABS} selected={filters.archived ? 1 : 0} onSelect={(i) => onChange({ archived: i === 1 ? "true" : null })} />
      <Filters
        hideQueryField={hideQuery}
        queryValue={query}
        queryPlaceholder="Search by title"
        filters={filterDefs}
        appliedFilters={applied}
        onQueryChange={setQuery}
        onQueryClear={() => setQuery("")}
        onClearAll={() => {
          setQuery("");
          lastSent.current = "";
          onChange({ q: null, kind: null, state: null, tag: null, collection: null });
        }}
        loading={loading}
      >
        <ButtonGroup variant="segmented">
          <Button icon={AppsIcon} pressed={filters.view === "grid"} onClick={() => setView("grid")} accessibilityLabel="Grid view" />
          <Button
            icon={ListBulletedIcon}
            pressed={filters.view === "list"}
            onClick={() => setView("list")}
            accessibilityLabel="List view"
          />
        </ButtonGroup>
      </Filters>
    </>
  );
}
