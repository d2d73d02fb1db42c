// One change on its way to the channels: its title, progress (placements done of all) and counts by state.
import { Link as RemixLink } from "@remix-run/react";
import { Badge, BlockStack, Box, InlineStack, ProgressBar, Text } from "@shopify/polaris";
import { formatWhen } from "../library/format";
import { StateCounts } from "./StateCounts";
import type { BatchView } from "./types";

export function BatchRow({ batch, highlighted }: { batch: BatchView; highlighted: boolean }) {
  const pct = batch.total ? Math.round((batch.done / batch.total) * 100) : 100;
  const live = batch.counts.live ?? 0;
  const problems = (batch.counts.failed ?? 0) + (batch.counts.blocked ?? 0) + (batch.counts.drifted ?? 0);
  const running = batch.finishedAt === null;
  return (
    <div data-testid="batch" data-batch={batch.id} data-total={batch.total} data-done={batch.done} data-live={live} data-finished={running ? "false" : "true"}>
      <Box padding="400" borderBlockStartWidth="025" borderColor="border-secondary" background={highlighted ? "bg-surface-secondary" : undefined}>
        <BlockStack gap="200">
          <InlineStack align="space-between" blockAlign="center" gap="200">
            <BlockStack gap="050">
              <Text as="span" fontWeight="semibold">
                {batch.title}
              </Text>
              <Text as="span" variant="bodySm" tone="subdued">
                {`Started ${formatWhen(batch.createdAt).toLowerCase()}${batch.finishedAt ? ` · finished ${formatWhen(batch.finishedAt).toLowerCase()}` : ""}`}
                {batch.assetId && (
                  <>
                    {" · "}
                    <RemixLink to={`/app/assets/${batch.assetId}`}>View asset</RemixLink>
                  </>
                )}
              </Text>
            </BlockStack>
            {running ? (
              <Badge tone="info" progress="partiallyComplete">
                Running
              </Badge>
            ) : (
              <Badge tone={problems ? "warning" : "success"} progress="complete">
                {problems ? "Finished with problems" : "Finished"}
              </Badge>
            )}
          </InlineStack>
          <InlineStack gap="300" align="start" blockAlign="center" wrap={false}>
            <div style={{ flex: 1 }}>
              <ProgressBar progress={pct} size="small" tone={problems ? "critical" : live === batch.total && batch.total > 0 ? "success" : "highlight"} animated={running} />
            </div>
            <span data-testid="batch-progress">
              <Text as="span" variant="bodySm">{`${batch.done.toLocaleString("en")} of ${batch.total.toLocaleString("en")} done · ${pct}%`}</Text>
            </span>
          </InlineStack>
          <StateCounts counts={batch.counts} emptyText="No placements in this change" />
        </BlockStack>
      </Box>
    </div>
  );
}
