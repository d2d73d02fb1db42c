// "Where it's used": every listing, channel, marketplace and slot the asset is placed in, with the state
// of each placement; place it on more listings, sync now, roll back or follow the latest approved version.
import { BlockStack, Box, Button, Card, InlineStack, Text } from "@shopify/polaris";
import { useState } from "react";
import { ConfirmModal } from "./ConfirmModal";
import { isInFlight, plural } from "./labels";
import type { ApprovedVersionView, DriftChoice, UsageRowView } from "./types";
import { UsageRow } from "./UsageRow";
import { VersionControl } from "./VersionControl";

export type UsageBusy =
  | { kind: "row"; placementId: string; action: DriftChoice | "remove" }
  | { kind: "sync" }
  | { kind: "version"; action: "pin" | "follow" }
  | null;

export interface UsageMapCardProps {
  assetId: string;
  assetThumbnailUrl: string | null;
  rows: UsageRowView[];
  unavailable: string | null;
  approved: ApprovedVersionView[];
  latestApprovedNumber: number | null;
  canEdit: boolean;
  canPlace: boolean;
  busy: UsageBusy;
  /** The page stopped refreshing while placements were still on their way. */
  slow: boolean;
  onRemove(placementId: string): void;
  onResolve(placementId: string, choice: DriftChoice): void;
  /** Demo only: change the image on the demo store, as someone in Shopify admin would. */
  onDemoEdit?: (placementId: string) => void;
  onSyncNow(): void;
  onPin(versionId: string): void;
  onFollowLatest(): void;
}

export function UsageMapCard(props: UsageMapCardProps) {
  const { assetId, assetThumbnailUrl, rows, unavailable, approved, latestApprovedNumber, canEdit, canPlace, busy, slow } = props;
  const [removing, setRemoving] = useState<UsageRowView | null>(null);
  const pinnedNumbers = new Set(rows.filter((r) => !r.followsLatest).map((r) => r.pinnedVersion));
  const allPinnedTo = rows.length > 0 && rows.every((r) => !r.followsLatest) && pinnedNumbers.size === 1 ? [...pinnedNumbers][0] ?? null : null;
  const live = rows.filter((r) => r.state === "live").length;
  const moving = rows.filter((r) => isInFlight(r.state)).length;
  return (
    <Card padding="0">
      <Box padding="400">
        <BlockStack gap="300">
          <InlineStack align="space-between" blockAlign="center" gap="200">
            <BlockStack gap="050">
              <Text as="h2" variant="headingSm">
                Where it's used
              </Text>
              <Text as="span" variant="bodySm" tone="subdued">
                {rows.length ? `${plural(rows.length, "listing slot")} · ${live} live${moving ? ` · ${moving} on the way` : ""}` : "Not placed on any listing yet"}
              </Text>
            </BlockStack>
            <InlineStack gap="200">
              {canEdit && rows.length > 0 && (
                <Button loading={busy?.kind === "sync"} disabled={busy !== null} onClick={props.onSyncNow}>
                  Sync now
                </Button>
              )}
              {canPlace && (
                <Button variant="primary" url={`/app/swap?asset=${assetId}`}>
                  Place on listings
                </Button>
              )}
            </InlineStack>
          </InlineStack>
          {unavailable && (
            <Text as="p" tone="critical">
              {unavailable}
            </Text>
          )}
          {slow && (
            <Text as="p" variant="bodySm" tone="subdued">
              Some placements are still on their way; this page stopped refreshing. Reload it to see where they are.
            </Text>
          )}
          {canEdit && rows.length > 0 && (
            <VersionControl
              approved={approved}
              currentNumber={allPinnedTo ?? latestApprovedNumber}
              pinned={pinnedNumbers.size > 0}
              latestApprovedNumber={latestApprovedNumber}
              busy={busy?.kind === "version" ? busy.action : null}
              onPin={props.onPin}
              onFollowLatest={props.onFollowLatest}
            />
          )}
        </BlockStack>
      </Box>
      {rows.map((r) => (
        <UsageRow
          key={r.id}
          row={r}
          assetThumbnailUrl={assetThumbnailUrl}
          canEdit={canEdit}
          busy={busy?.kind === "row" && busy.placementId === r.id ? busy.action : null}
          onRemove={() => setRemoving(r)}
          onResolve={(choice) => props.onResolve(r.id, choice)}
          onDemoEdit={props.onDemoEdit ? () => props.onDemoEdit!(r.id) : undefined}
        />
      ))}
      <ConfirmModal
        open={removing !== null}
        title="Remove from this listing?"
        body={removing ? `The asset leaves ${removing.slotLabel} of “${removing.listingTitle}” on the channel at the next sync. A required slot is refilled with the listing's next image.` : ""}
        confirm="Remove"
        destructive
        onClose={() => setRemoving(null)}
        onConfirm={() => {
          if (removing) props.onRemove(removing.id);
          setRemoving(null);
        }}
      />
    </Card>
  );
}
