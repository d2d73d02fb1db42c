// Step 3 of the swap: each listing's gallery now, and with the chosen asset in its slot. A preview: the
// channel may reorder or refuse, and a fallback or rights rule may decide what is shown.
import { BlockStack, Box, Card, InlineStack, Text } from "@shopify/polaris";
import { ChannelBadge } from "./ChannelBadge";
import { GalleryStrip } from "./GalleryStrip";
import type { GalleryImageView } from "./types";

export interface ListingPreviewView {
  id: string;
  title: string;
  channel: string;
  marketplaceId: string;
  note: string;
  current: GalleryImageView[];
  next: GalleryImageView[];
}

export function SwapPreview({ previews, more }: { previews: ListingPreviewView[]; more: number }) {
  return (
    <Card padding="0">
      <Box padding="400">
        <BlockStack gap="100">
          <Text as="h2" variant="headingSm">
            Preview
          </Text>
          <Text as="p" variant="bodySm" tone="subdued">
            How each gallery will look, from the images Assetline last read. The channel has the last word: it may still process or reorder images.
          </Text>
        </BlockStack>
      </Box>
      {previews.map((p) => (
        <div key={p.id} data-testid="swap-preview" data-listing={p.id}>
          <Box padding="400" borderBlockStartWidth="025" borderColor="border-secondary">
            <BlockStack gap="300">
              <InlineStack gap="200" blockAlign="center">
                <ChannelBadge channel={p.channel} />
                <Text as="span" fontWeight="semibold">
                  {p.title}
                </Text>
                {p.marketplaceId && <Text as="span" tone="subdued">{p.marketplaceId}</Text>}
              </InlineStack>
              <Text as="p" variant="bodySm">
                {p.note}
              </Text>
              <InlineStack gap="800" wrap>
                <GalleryStrip label="Now" images={p.current} />
                <GalleryStrip label="After" images={p.next} />
              </InlineStack>
            </BlockStack>
          </Box>
        </div>
      ))}
      {more > 0 && (
        <Box padding="400" borderBlockStartWidth="025" borderColor="border-secondary">
          <Text as="p" tone="subdued">{`…and ${more} more ${more === 1 ? "listing" : "listings"}, changed the same way.`}</Text>
        </Box>
      )}
    </Card>
  );
}
