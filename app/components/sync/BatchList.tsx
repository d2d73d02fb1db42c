// Running and recent changes (batches), newest first; the one just started is highlighted.
import { BlockStack, Box, Card, Text } from "@shopify/polaris";
import { BatchRow } from "./BatchRow";
import type { BatchView } from "./types";

export function BatchList({ batches, highlightId, slow }: { batches: BatchView[]; highlightId: string | null; slow: boolean }) {
  return (
    <Card padding="0">
      <Box padding="400">
        <BlockStack gap="100">
          <Text as="h2" variant="headingSm">
            Running and recent changes
          </Text>
          {slow && (
            <Text as="p" variant="bodySm" tone="subdued">
              Some changes are still running; this page stopped refreshing. Reload it to see where they are.
            </Text>
          )}
        </BlockStack>
      </Box>
      {batches.length ? (
        batches.map((b) => <BatchRow key={b.id} batch={b} highlighted={b.id === highlightId} />)
      ) : (
        <Box padding="400" borderBlockStartWidth="025" borderColor="border-secondary">
          <Text as="p" tone="subdued">
            Nothing has been synced yet. Place an asset on listings from its page, or start a swap.
          </Text>
        </Box>
      )}
    </Card>
  );
}
