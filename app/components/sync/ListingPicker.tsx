// Step 1 of the swap, and the Polaris listings picker App Bridge's resource picker falls back to (it
// cannot show Amazon or TikTok listings, nor load offline): search, filter by channel, tick listings
// across pages, or "Select all N matching" every listing the search and channel match (then the search is
// fixed until the selection is cleared); each shows its current images.
import { BlockStack, Box, Button, Card, Checkbox, IndexTable, InlineStack, Select, Tag, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { channelLabel, plural } from "./labels";
import type { ListingView } from "./types";
import { ImageThumb } from "./ImageThumb";

export interface PickedListing {
  id: string;
  title: string;
  channel: string;
}

export interface ListingPickerProps {
  items: ListingView[];
  q: string;
  channel: string;
  channels: string[];
  loading: boolean;
  hasMore: boolean;
  isFirstPage: boolean;
  selected: Record<string, PickedListing>;
  max: number;
  onSearch(q: string): void;
  onChannel(channel: string): void;
  onMore(): void;
  onFirstPage(): void;
  onToggle(listing: PickedListing, on: boolean): void;
  onClear(): void;
  /** How many listings the search and channel match in all. */
  matchTotal: number;
  /** Most listings "select all matching" may take. */
  matchMax: number;
  /** Every listing matching the search is selected (instead of the ticked ones). */
  matching: boolean;
  onSelectAllMatching(): void;
  onClearMatching(): void;
}

export function ListingPicker(props: ListingPickerProps) {
  const { items, channel, channels, loading, hasMore, isFirstPage, selected, max, onToggle, matching, matchTotal, matchMax } = props;
  const [text, setText] = useState(props.q);
  useEffect(() => {
    if (text.trim() === props.q) return;
    const t = setTimeout(() => props.onSearch(text.trim()), 300);
    return () => clearTimeout(t);
    // Debounced on the text only.
  }, [text]);
  const picked = matching ? [] : Object.values(selected);
  const full = !matching && picked.length >= max;
  const matchText = `${plural(matchTotal, "listing")}${props.q ? ` matching “${props.q}”` : ""}${channel ? ` on ${channelLabel(channel)}` : ""}`;
  const pageIds = items.map((l) => l.id);
  const allOnPage = pageIds.length > 0 && pageIds.every((id) => selected[id]);
  return (
    <BlockStack gap="400">
      <Card>
        <BlockStack gap="300">
          <InlineStack gap="300" blockAlign="end">
            <div style={{ minWidth: 280, flex: 1 }}>
              <TextField
                label="Search listings"
                value={text}
                onChange={setText}
                autoComplete="off"
                placeholder="Title or SKU"
                clearButton
                onClearButtonClick={() => setText("")}
                disabled={matching}
                helpText={matching ? "Clear the selection to search again." : undefined}
              />
            </div>
            <Select
              label="Channel"
              options={[{ label: "All channels", value: "" }, ...channels.map((c) => ({ label: channelLabel(c), value: c }))]}
              value={channel}
              onChange={props.onChannel}
              disabled={matching}
            />
          </InlineStack>
          <InlineStack gap="200" blockAlign="center" wrap>
            <Text as="span" fontWeight="semibold">
              <span data-testid="selected-count" data-count={matching ? matchTotal : picked.length}>
                {matching ? `All ${matchText} selected` : picked.length ? `${plural(picked.length, "listing")} selected` : "No listing selected"}
              </span>
            </Text>
            {matching && (
              <Button variant="plain" onClick={props.onClearMatching}>
                Clear selection
              </Button>
            )}
            {!matching && matchTotal > items.length && (
              <span data-testid="select-all-matching">
                <Button variant="plain" disabled={matchTotal > matchMax} onClick={props.onSelectAllMatching}>
                  {`Select all ${matchText}`}
                </Button>
              </span>
            )}
            {!matching && matchTotal > matchMax && (
              <Text as="span" tone="subdued">{`(a swap reaches at most ${matchMax.toLocaleString("en-US")}: narrow the search)`}</Text>
            )}
            {picked.slice(0, 8).map((l) => (
              <Tag key={l.id} onRemove={() => onToggle(l, false)}>{`${l.title} · ${channelLabel(l.channel)}`}</Tag>
            ))}
            {picked.length > 8 && <Text as="span" tone="subdued">{`+${picked.length - 8} more`}</Text>}
            {picked.length > 0 && (
              <Button variant="plain" onClick={props.onClear}>
                Clear
              </Button>
            )}
          </InlineStack>
          {full && (
            <Text as="p" tone="caution">
              {`A swap reaches at most ${max} listings; apply this one, then start another.`}
            </Text>
          )}
        </BlockStack>
      </Card>
      <Card padding="0">
        <IndexTable
          resourceName={{ singular: "listing", plural: "listings" }}
          itemCount={items.length}
          selectable={false}
          loading={loading}
          emptyState={
            <Box padding="400">
              <Text as="p" tone="subdued">
                No listings found. Connect a channel on the Channels page; its catalogue is imported right after.
              </Text>
            </Box>
          }
          headings={[
            {
              id: "select",
              title: (
                <Checkbox
                  label="Select every listing on this page"
                  labelHidden
                  checked={matching || allOnPage}
                  disabled={matching || !items.length || (!allOnPage && full)}
                  onChange={(on) => items.forEach((l) => on !== Boolean(selected[l.id]) && onToggle({ id: l.id, title: l.title, channel: l.channel }, on))}
                />
              ),
            },
            { title: "Listing" },
            { title: "Channel" },
            { title: "Images now" },
          ]}
        >
          {items.map((l, i) => (
            <IndexTable.Row id={l.id} key={l.id} position={i}>
              <IndexTable.Cell>
                <Checkbox
                  label={`Select ${l.title} (${channelLabel(l.channel)}${l.marketplaceId ? ` ${l.marketplaceId}` : ""})`}
                  labelHidden
                  checked={matching || Boolean(selected[l.id])}
                  disabled={matching || (!selected[l.id] && full)}
                  onChange={(on) => onToggle({ id: l.id, title: l.title, channel: l.channel }, on)}
                />
              </IndexTable.Cell>
              <IndexTable.Cell>
                <BlockStack gap="050">
                  <Text as="span" fontWeight="semibold">
                    {l.title}
                  </Text>
                  <Text as="span" tone="subdued" variant="bodySm">
                    {l.externalId}
                  </Text>
                </BlockStack>
              </IndexTable.Cell>
              <IndexTable.Cell>{`${channelLabel(l.channel)}${l.marketplaceId ? ` · ${l.marketplaceId}` : ""}`}</IndexTable.Cell>
              <IndexTable.Cell>
                <InlineStack gap="100" wrap={false}>
                  {l.images.length ? l.images.slice(0, 6).map((img) => <ImageThumb key={img.key} size="small" url={img.url} alt="" />) : <Text as="span" tone="subdued">No images</Text>}
                  {l.images.length > 6 && <Text as="span" tone="subdued">{`+${l.images.length - 6}`}</Text>}
                </InlineStack>
              </IndexTable.Cell>
            </IndexTable.Row>
          ))}
        </IndexTable>
      </Card>
      {(hasMore || !isFirstPage) && (
        <InlineStack align="center" gap="200">
          {!isFirstPage && <Button onClick={props.onFirstPage}>First page</Button>}
          {hasMore && <Button onClick={props.onMore}>Next page</Button>}
        </InlineStack>
      )}
    </BlockStack>
  );
}
