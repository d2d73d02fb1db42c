// The asset chosen for the swap, as the steps show it.
import { Badge, BlockStack, InlineStack, Text } from "@shopify/polaris";
import { ImageThumb } from "./ImageThumb";

export interface ChosenAssetView {
  id: string;
  title: string;
  thumbnailUrl: string | null;
  /** The version listings will get (the latest approved), or null when none is approved yet. */
  liveVersionNumber: number | null;
}

export function AssetChoice({ asset }: { asset: ChosenAssetView }) {
  return (
    <InlineStack gap="300" blockAlign="center" wrap={false}>
      <ImageThumb size="medium" url={asset.thumbnailUrl} alt={asset.title} />
      <BlockStack gap="050">
        <Text as="span" fontWeight="semibold">
          <span data-testid="chosen-asset">{asset.title}</span>
        </Text>
        {asset.liveVersionNumber ? (
          <Text as="span" variant="bodySm" tone="subdued">{`Listings get v${asset.liveVersionNumber}, then every newer approved version`}</Text>
        ) : (
          <InlineStack>
            <Badge tone="attention">No approved version yet: it goes live once one is approved</Badge>
          </InlineStack>
        )}
      </BlockStack>
    </InlineStack>
  );
}
