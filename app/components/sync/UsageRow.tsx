// One placement of the asset: channel, listing, marketplace, slot, state, the version live there and the
// one on its way, when it last synced, the channel's own message, and (drifted) their image beside ours.
import { Link as RemixLink } from "@remix-run/react";
import { BlockStack, Box, Button, InlineStack, Text } from "@shopify/polaris";
import { formatWhen } from "../library/format";
import { ChannelBadge } from "./ChannelBadge";
import { DriftCompare } from "./DriftCompare";
import { channelLabel } from "./labels";
import { PlacementStateBadge } from "./PlacementStateBadge";
import type { DriftChoice, UsageRowView } from "./types";
import { followLine, versionLine } from "./versionWords";

export interface UsageRowProps {
  row: UsageRowView;
  assetThumbnailUrl: string | null;
  canEdit: boolean;
  /** What is being sent for this row right now. */
  busy: DriftChoice | "remove" | null;
  onRemove(): void;
  onResolve(choice: DriftChoice): void;
  /** Demo only: change the image on the demo store (shows drift). */
  onDemoEdit?: () => void;
}

export function UsageRow({ row, assetThumbnailUrl, canEdit, busy, onRemove, onResolve, onDemoEdit }: UsageRowProps) {
  const synced = row.lastSyncedAt ? `Synced ${formatWhen(row.lastSyncedAt).toLowerCase()}` : "Not synced yet";
  return (
    <div data-testid="usage-row" data-placement={row.id} data-state={row.state}>
      <Box paddingBlock="300" paddingInline="400" borderBlockStartWidth="025" borderColor="border-secondary">
        <BlockStack gap="200">
          <InlineStack align="space-between" blockAlign="start" gap="200" wrap={false}>
            <BlockStack gap="100">
              <InlineStack gap="200" align="start" blockAlign="center" wrap>
                <ChannelBadge channel={row.channel} />
                <RemixLink to={`/app/sync/listings/${row.listingId}`}>
                  <Text as="span" fontWeight="semibold">
                    {row.listingTitle}
                  </Text>
                </RemixLink>
                {row.listingGone && <Text as="span" tone="critical">(gone from the channel)</Text>}
              </InlineStack>
              <Text as="span" variant="bodySm" tone="subdued">
                {[row.accountName, row.marketplaceId, row.slotLabel].filter(Boolean).join(" · ")}
              </Text>
            </BlockStack>
            <PlacementStateBadge state={row.state} />
          </InlineStack>
          <Text as="p" variant="bodySm">
            {`${versionLine(row)} · ${followLine(row)} · ${synced}`}
          </Text>
          {row.lastError && row.state !== "live" && (
            <Text as="p" variant="bodySm" tone={row.state === "drifted" ? "caution" : "critical"}>
              {`${channelLabel(row.channel)}: ${row.lastError}`}
            </Text>
          )}
          {row.state === "drifted" && (
            <DriftCompare
              channelName={channelLabel(row.channel)}
              theirsUrl={row.observedUrl}
              oursUrl={assetThumbnailUrl}
              canEdit={canEdit}
              busy={busy === "remove" ? null : busy}
              onRestore={() => onResolve("restore")}
              onAdopt={() => onResolve("adopt")}
              onKeep={() => onResolve("keep")}
            />
          )}
          {canEdit && (
            <InlineStack align="end" gap="300">
              {onDemoEdit && row.channel === "shopify" && row.state === "live" && (
                <Button variant="plain" onClick={onDemoEdit} accessibilityLabel={`Change the image of ${row.listingTitle} on the demo store`}>
                  Change it on the demo store
                </Button>
              )}
              <Button variant="plain" tone="critical" loading={busy === "remove"} onClick={onRemove} accessibilityLabel={`Remove from ${row.listingTitle}`}>
                Remove
              </Button>
            </InlineStack>
          )}
        </BlockStack>
      </Box>
    </div>
  );
}
