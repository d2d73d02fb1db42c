// Where the merchant is in the swap: 1 listings, 2 asset and slot, 3 preview.
import { Badge, InlineStack, Text } from "@shopify/polaris";

export type SwapStep = "listings" | "asset" | "preview";
const STEPS: Array<{ id: SwapStep; label: string }> = [
  { id: "listings", label: "1. Pick listings" },
  { id: "asset", label: "2. Pick the asset and slot" },
  { id: "preview", label: "3. Preview and apply" },
];

export function SwapSteps({ step }: { step: SwapStep }) {
  const at = STEPS.findIndex((s) => s.id === step);
  return (
    <InlineStack gap="300" blockAlign="center" wrap>
      {STEPS.map((s, i) =>
        i === at ? (
          <Badge key={s.id} tone="info">
            {s.label}
          </Badge>
        ) : (
          <Text key={s.id} as="span" tone={i < at ? undefined : "subdued"}>
            {s.label}
          </Text>
        ),
      )}
    </InlineStack>
  );
}
