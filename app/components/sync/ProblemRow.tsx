// A placement that needs the merchant: the channel's message, and Retry (failed, blocked) or
// Restore ours / Adopt theirs / Keep theirs as a new version (drifted).
import { Link as RemixLink } from "@remix-run/react";
import { BlockStack, Box, Button, InlineStack, Text } from "@shopify/polaris";
import { formatWhen } from "../library/format";
import { ChannelBadge } from "./ChannelBadge";
import { channelLabel } from "./labels";
import { PlacementStateBadge } from "./PlacementStateBadge";
import type { DriftChoice, ProblemView } from "./types";
import { ImageThumb } from "./ImageThumb";

export type ProblemAction = "retry" | DriftChoice;

export interface ProblemRowProps {
  problem: ProblemView;
  canEdit: boolean;
  busy: ProblemAction | null;
  onAction(action: ProblemAction): void;
}

export function ProblemRow({ problem: p, canEdit, busy, onAction }: ProblemRowProps) {
  return (
    <div data-testid="problem" data-placement={p.id} data-state={p.state}>
      <Box padding="400" borderBlockStartWidth="025" borderColor="border-secondary">
        <InlineStack align="space-between" blockAlign="start" gap="300" wrap={false}>
          <InlineStack gap="300" align="start" blockAlign="start" wrap={false}>
            {p.state === "drifted" && <ImageThumb size="small" url={p.observedUrl} alt={`On ${channelLabel(p.channel)} now`} />}
            <BlockStack gap="100">
              <InlineStack gap="200" align="start" blockAlign="center" wrap>
                <PlacementStateBadge state={p.state} />
                <ChannelBadge channel={p.channel} />
                <RemixLink to={`/app/assets/${p.assetId}`}>{p.assetTitle}</RemixLink>
                <Text as="span" tone="subdued">
                  on
                </Text>
                <RemixLink to={`/app/sync/listings/${p.listingId}`}>{p.listingTitle}</RemixLink>
              </InlineStack>
              <Text as="span" variant="bodySm" tone="subdued">
                {`${p.accountName} · ${p.slotLabel} · ${p.lastSyncedAt ? `last synced ${formatWhen(p.lastSyncedAt).toLowerCase()}` : "never synced"}`}
              </Text>
              <Text as="p" variant="bodySm" tone={p.state === "drifted" ? "caution" : "critical"}>
                {p.lastError ? `${channelLabel(p.channel)}: ${p.lastError}` : "The channel gave no message."}
              </Text>
            </BlockStack>
          </InlineStack>
          {canEdit &&
            (p.state === "drifted" ? (
              <InlineStack gap="200" wrap={false}>
                <Button size="slim" loading={busy === "restore"} disabled={busy !== null} onClick={() => onAction("restore")}>
                  Restore ours
                </Button>
                <Button size="slim" loading={busy === "adopt"} disabled={busy !== null} onClick={() => onAction("adopt")}>
                  Adopt theirs
                </Button>
                {p.observedUrl && (
                  <Button size="slim" loading={busy === "keep"} disabled={busy !== null} onClick={() => onAction("keep")} accessibilityLabel={`Keep the ${channelLabel(p.channel)} image of ${p.listingTitle} as a new version of ${p.assetTitle}`}>
                    Keep as new version
                  </Button>
                )}
              </InlineStack>
            ) : (
              <Button size="slim" loading={busy === "retry"} disabled={busy !== null} onClick={() => onAction("retry")} accessibilityLabel={`Retry ${p.assetTitle} on ${p.listingTitle}`}>
                Retry
              </Button>
            ))}
        </InlineStack>
      </Box>
    </div>
  );
}
