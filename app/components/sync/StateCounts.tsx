// "3 live · 1 failed": placement counts by state, in a fixed order, as badges.
import { Badge, InlineStack, Text } from "@shopify/polaris";
import { STATE_ORDER, stateLabel, stateStyle } from "./labels";

export function StateCounts({ counts, emptyText = "No placements" }: { counts: Record<string, number>; emptyText?: string }) {
  const states = [...STATE_ORDER, ...Object.keys(counts).filter((s) => !STATE_ORDER.includes(s))].filter((s) => (counts[s] ?? 0) > 0);
  if (!states.length)
    return (
      <Text as="span" tone="subdued" variant="bodySm">
        {emptyText}
      </Text>
    );
  return (
    <InlineStack gap="100" wrap>
      {states.map((s) => (
        <span key={s} data-testid="state-count" data-state={s} data-count={counts[s]}>
          <Badge tone={stateStyle(s).tone}>{`${counts[s]!.toLocaleString("en")} ${stateLabel(s).toLowerCase()}`}</Badge>
        </span>
      ))}
    </InlineStack>
  );
}
