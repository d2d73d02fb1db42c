// A listing's gallery as a row of thumbnails with their slot names; the chosen asset is outlined.
import { BlockStack, InlineStack, Text } from "@shopify/polaris";
import type { GalleryImageView } from "./types";
import { ImageThumb } from "./ImageThumb";

export function GalleryStrip({ images, label }: { images: GalleryImageView[]; label: string }) {
  return (
    <BlockStack gap="100">
      <Text as="span" variant="bodySm" tone="subdued">
        {label}
      </Text>
      {images.length ? (
        <InlineStack gap="200" wrap>
          {images.map((img) => (
            <div key={img.key} data-testid={img.isNew ? "gallery-new" : "gallery-image"} style={img.isNew ? { outline: "2px solid var(--p-color-border-emphasis)", borderRadius: 8 } : undefined}>
              <BlockStack gap="050" inlineAlign="center">
                <ImageThumb size="medium" url={img.url} alt={img.isNew ? `The chosen asset in ${img.slotLabel}` : img.slotLabel} />
                <Text as="span" variant="bodySm" tone={img.isNew ? undefined : "subdued"} fontWeight={img.isNew ? "semibold" : undefined}>
                  {img.slotLabel}
                </Text>
              </BlockStack>
            </div>
          ))}
        </InlineStack>
      ) : (
        <Text as="span" tone="subdued">
          No images
        </Text>
      )}
    </BlockStack>
  );
}
