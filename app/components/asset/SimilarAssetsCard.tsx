// "Find similar" on the asset page: near-duplicates (same picture, resized or recompressed) first, then
// images of similar colours, each with why it matched. Asked on demand: ranking reads many images.
import { Link as RemixLink } from "@remix-run/react";
import { BlockStack, Button, Card, InlineStack, Text, Thumbnail } from "@shopify/polaris";
import { ImageIcon } from "@shopify/polaris-icons";

export interface SimilarItem {
  asset: { id: string; title: string; thumbnailUrl: string | null };
  score: number;
  reason: string;
  distance: number | null;
}

export interface SimilarAssetsCardProps {
  /** null until asked. */
  items: SimilarItem[] | null;
  loading: boolean;
  error: string | null;
  onFind(): void;
}

const sentence = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function SimilarAssetsCard({ items, loading, error, onFind }: SimilarAssetsCardProps) {
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingSm">
            Similar images
          </Text>
          <Button onClick={onFind} loading={loading} size="slim">
            {items ? "Look again" : "Find similar"}
          </Button>
        </InlineStack>
        {error && (
          <Text as="p" tone="critical">
            {error}
          </Text>
        )}
        {items && items.length === 0 && (
          <Text as="p" tone="subdued">
            Nothing in the library looks like this image.
          </Text>
        )}
        {items && items.length > 0 && (
          <BlockStack gap="200" data-testid="similar-list">
            {items.map((i) => (
              <InlineStack key={i.asset.id} gap="300" blockAlign="center" wrap={false}>
                <Thumbnail source={i.asset.thumbnailUrl ?? ImageIcon} alt="" size="small" />
                <BlockStack gap="050">
                  <RemixLink to={`/app/assets/${i.asset.id}`} data-testid="similar-item">
                    {i.asset.title}
                  </RemixLink>
                  <Text as="span" tone="subdued" variant="bodySm">
                    {sentence(i.reason)} · {Math.round(i.score * 100)}%{i.distance !== null && i.reason === "near duplicate" ? ` · ${i.distance} bits apart` : ""}
                  </Text>
                </BlockStack>
              </InlineStack>
            ))}
          </BlockStack>
        )}
      </BlockStack>
    </Card>
  );
}
