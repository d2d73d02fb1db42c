// Step 2 of the swap: find the image in the library by title and choose the slot it goes in.
import { Badge, BlockStack, Box, Button, Card, InlineStack, Select, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { AssetChoice, type ChosenAssetView } from "./AssetChoice";
import { ImageThumb } from "./ImageThumb";

export interface AssetOption {
  id: string;
  title: string;
  thumbnailUrl: string | null;
  approved: boolean;
}

export interface AssetPickerProps {
  q: string;
  items: AssetOption[];
  chosen: ChosenAssetView | null;
  loading: boolean;
  slot: string;
  slotOptions: Array<{ label: string; value: string }>;
  slotNote: string | null;
  onSearch(q: string): void;
  onChoose(assetId: string): void;
  onSlot(slot: string): void;
}

export function AssetPicker({ q, items, chosen, loading, slot, slotOptions, slotNote, onSearch, onChoose, onSlot }: AssetPickerProps) {
  const [text, setText] = useState(q);
  useEffect(() => {
    if (text.trim() === q) return;
    const t = setTimeout(() => onSearch(text.trim()), 300);
    return () => clearTimeout(t);
    // Debounced on the text only.
  }, [text]);
  return (
    <BlockStack gap="400">
      <Card>
        <BlockStack gap="300">
          <Text as="h2" variant="headingSm">
            Asset
          </Text>
          {chosen ? (
            <AssetChoice asset={chosen} />
          ) : (
            <Text as="p" tone="subdued">
              Choose an image from the library below.
            </Text>
          )}
          <Select label="Slot" options={slotOptions} value={slot} onChange={onSlot} disabled={!slotOptions.length} helpText={slotNote ?? undefined} />
        </BlockStack>
      </Card>
      <Card padding="0">
        <Box padding="400">
          <TextField label="Search the library" value={text} onChange={setText} autoComplete="off" placeholder="Title" clearButton onClearButtonClick={() => setText("")} />
        </Box>
        {items.map((a) => (
          <Box key={a.id} paddingBlock="200" paddingInline="400" borderBlockStartWidth="025" borderColor="border-secondary">
            <InlineStack align="space-between" blockAlign="center" wrap={false}>
              <InlineStack gap="300" align="start" blockAlign="center" wrap={false}>
                <ImageThumb size="small" url={a.thumbnailUrl} alt="" />
                <Text as="span">{a.title}</Text>
                {!a.approved && <Badge tone="attention">Not approved yet</Badge>}
              </InlineStack>
              {chosen?.id === a.id ? (
                <Badge tone="success">Chosen</Badge>
              ) : (
                <Button size="slim" disabled={loading} onClick={() => onChoose(a.id)} accessibilityLabel={`Choose ${a.title}`}>
                  Choose
                </Button>
              )}
            </InlineStack>
          </Box>
        ))}
        {!items.length && (
          <Box padding="400" borderBlockStartWidth="025" borderColor="border-secondary">
            <Text as="p" tone="subdued">
              No image matches. Only images can be placed on listings.
            </Text>
          </Box>
        )}
      </Card>
    </BlockStack>
  );
}
