// A check's outcome as the admin shows status: green passes, yellow passes with warnings, red blocks
// publishing to the channel. "Building…" while the rendition is made, "Not built" for on-demand presets.
import { Badge, InlineStack, Spinner, Text } from "@shopify/polaris";
import type { VerdictName } from "./types";

const VERDICT: Record<VerdictName, { tone: "success" | "warning" | "critical"; label: string }> = {
  pass: { tone: "success", label: "Passes" },
  warn: { tone: "warning", label: "Passes with warnings" },
  fail: { tone: "critical", label: "Fails" },
};

export function VerdictBadge({ verdict, state = "ready" }: { verdict: VerdictName | null; state?: "ready" | "building" | "on_demand" }) {
  if (state === "building")
    return (
      <InlineStack gap="100" blockAlign="center" wrap={false}>
        <Spinner size="small" accessibilityLabel="Building" />
        <Text as="span" variant="bodySm" tone="subdued">
          Building…
        </Text>
      </InlineStack>
    );
  if (state === "on_demand" || !verdict) return <Badge>Not built</Badge>;
  const v = VERDICT[verdict];
  return <Badge tone={v.tone}>{v.label}</Badge>;
}
