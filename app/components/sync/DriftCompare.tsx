// A placement the channel changed: its image beside ours, with the ways out (restore ours, adopt theirs,
// or adopt theirs and keep it in the library as the asset's newest version).
import { BlockStack, Button, InlineStack, Text } from "@shopify/polaris";
import { ImageThumb } from "./ImageThumb";
import type { DriftChoice } from "./types";

export interface DriftCompareProps {
  channelName: string;
  theirsUrl: string | null;
  oursUrl: string | null;
  canEdit: boolean;
  busy: DriftChoice | null;
  onRestore(): void;
  onAdopt(): void;
  onKeep(): void;
}

export function DriftCompare({ channelName, theirsUrl, oursUrl, canEdit, busy, onRestore, onAdopt, onKeep }: DriftCompareProps) {
  return (
    <div data-testid="drift-compare">
      <InlineStack gap="400" blockAlign="end" wrap>
        <Figure label={`On ${channelName} now`} url={theirsUrl} />
        <Figure label="Ours" url={oursUrl} />
        {canEdit && (
          <InlineStack gap="200">
            <Button size="slim" variant="primary" loading={busy === "restore"} disabled={busy !== null} onClick={onRestore}>
              Restore ours
            </Button>
            <Button size="slim" loading={busy === "adopt"} disabled={busy !== null} onClick={onAdopt}>
              Adopt theirs
            </Button>
            {theirsUrl && (
              <Button size="slim" loading={busy === "keep"} disabled={busy !== null} onClick={onKeep}>
                Keep theirs as a new version
              </Button>
            )}
          </InlineStack>
        )}
      </InlineStack>
    </div>
  );
}

function Figure({ label, url }: { label: string; url: string | null }) {
  return (
    <BlockStack gap="100" inlineAlign="center">
      <ImageThumb size="large" url={url} alt={label} />
      <Text as="span" variant="bodySm" tone="subdued">
        {url ? label : `${label} (no image)`}
      </Text>
    </BlockStack>
  );
}
