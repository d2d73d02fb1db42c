// The library's search (issue #7): the search form (a GET form: `?q=` without JavaScript, a Remix
// navigation with it), the result count with the understood filters as removable chips and the sort, and
// the facet panel (each value with its count; a link that adds or removes it). The loader computes every
// address (search-page.ts); this only renders them.
import { useEffect, useState } from "react";
import { Form, useNavigate } from "@remix-run/react";
import { BlockStack, Box, Button, Card, InlineStack, Select, Tag, Text, TextField } from "@shopify/polaris";
import { SearchIcon } from "@shopify/polaris-icons";

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
}

export interface LibrarySearchFormProps {
  q: string;
  search: SearchView | null;
  /** The page's other parameters (view, filters …), submitted along as hidden fields. */
  keep: Array<[string, string]>;
}

export function LibrarySearchForm({ q, search, keep }: LibrarySearchFormProps) {
  const [value, setValue] = useState(q);
  const navigate = useNavigate();
  useEffect(() => setValue(q), [q]); // the URL wins (chip removed, back button)

  return (
    <Form method="get" role="search" data-testid="library-search">
      {keep.map(([k, v], i) => (
        <input key={`${k}-${i}`} type="hidden" name={k} value={v} />
      ))}
      <InlineStack gap="200" blockAlign="end" wrap={false}>
        <div style={{ flex: 1 }}>
          <TextField
            label="Search the library"
            labelHidden
            name="q"
            type="search"
            value={value}
            onChange={setValue}
            prefix={<SearchIcon width={20} height={20} />}
            placeholder="Search: blue sneaker white background, 春季新品 主图, tagged today …"
            autoComplete="off"
          />
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
      </InlineStack>
    </Form>
  );
}

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
