// A rendition's findings as sentences with the measured numbers ("Background 97.8% pure white (needs
// 100%)"): what blocks the channel first, then warnings, then what passed or is merely noted.
import { BlockStack, Icon, InlineStack, Text } from "@shopify/polaris";
import { AlertTriangleIcon, CheckSmallIcon, InfoIcon, XCircleIcon } from "@shopify/polaris-icons";
import { bySeverity } from "./labels";
import type { FindingView } from "./types";

const LOOK = {
  block: { icon: XCircleIcon, tone: "critical", label: "Blocks publishing" },
  warn: { icon: AlertTriangleIcon, tone: "caution", label: "Warning" },
  info: { icon: CheckSmallIcon, tone: "subdued", label: "Meets the rule" },
} as const;
// An info finding is usually a rule that passed ("1000 px: zoom enabled"); one that was not checked yet
// ("not read", no OCR) must not look like a pass.
const NOT_CHECKED = { icon: InfoIcon, tone: "subdued", label: "Not checked yet" } as const;

export function FindingList({ findings, limit }: { findings: readonly FindingView[]; limit?: number }) {
  const sorted = bySeverity(findings);
  const shown = limit === undefined ? sorted : sorted.slice(0, limit);
  if (!sorted.length) return null;
  return (
    <BlockStack gap="100" as="ul">
      {shown.map((f, i) => {
        const look = f.severity === "info" && f.measured === "not read" ? NOT_CHECKED : LOOK[f.severity];
        return (
          <li key={`${f.rule}-${i}`} style={{ listStyle: "none" }} data-severity={f.severity}>
            <InlineStack gap="100" wrap={false} blockAlign="start">
              <span style={{ flex: "none" }}>
                <Icon source={look.icon} tone={look.tone} accessibilityLabel={look.label} />
              </span>
              <Text as="span" variant="bodySm" tone={f.severity === "block" ? "critical" : f.severity === "warn" ? "caution" : "subdued"}>
                {f.message}
              </Text>
            </InlineStack>
          </li>
        );
      })}
      {shown.length < sorted.length && (
        <Text as="span" variant="bodySm" tone="subdued">{`+${sorted.length - shown.length} more`}</Text>
      )}
    </BlockStack>
  );
}
