// Versions, newest first: thumbnail, number, state, who/when, note; Approve / Restore / Download.
import { Badge, BlockStack, Box, Button, Card, Divider, InlineStack, Text } from "@shopify/polaris";
import { ArrowDownIcon, CheckIcon, ResetIcon } from "@shopify/polaris-icons";
import "../library/library.css";
import { AssetMedia } from "../library/AssetMedia";
import { formatBytes, formatDateTime } from "../library/format";
import { ProcessingBadge, VersionStateBadge } from "../library/StateBadge";
import type { VersionView } from "../library/types";

export interface VersionTimelineProps {
  assetId: string;
  kind: string;
  versions: VersionView[];
  latestVersionId: string | null;
  liveVersionId: string | null;
  /** The version id an action is running for (its buttons show a spinner). */
  busy: { versionId: string; intent: string } | null;
  /** The caller's role and markets allow approving / restoring (the server checks again). */
  canApprove: boolean;
  canRestore: boolean;
  onApprove(versionId: string): void;
  onRestore(versionId: string): void;
  onDownload(versionId: string): void;
}

export function VersionTimeline(props: VersionTimelineProps) {
  const { versions } = props;
  return (
    <Card padding="0">
      <Box padding="400" paddingBlockEnd="200">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingSm">
            Versions
          </Text>
          <Text as="span" variant="bodySm" tone="subdued">
            {versions.length} {versions.length === 1 ? "version" : "versions"}
          </Text>
        </InlineStack>
      </Box>
      <ol style={{ listStyle: "none", margin: 0, padding: 0 }} data-testid="version-list">
        {versions.map((v, i) => (
          <li
            key={v.id}
            data-testid="version-row"
            data-version-id={v.id}
            data-version={v.number}
            data-state={v.state}
            data-processing={v.processing}
          >
            {i > 0 && <Divider />}
            <VersionRow {...props} v={v} />
          </li>
        ))}
      </ol>
    </Card>
  );
}

function VersionRow({
  v,
  kind,
  latestVersionId,
  liveVersionId,
  busy,
  canApprove: mayApprove,
  canRestore: mayRestore,
  onApprove,
  onRestore,
  onDownload,
}: VersionTimelineProps & { v: VersionView }) {
  const isLatest = v.id === latestVersionId;
  const canApprove = mayApprove && (v.state === "draft" || v.state === "in_review") && v.processing === "ready";
  const running = busy?.versionId === v.id ? busy.intent : null;
  return (
    <Box padding="400">
      <InlineStack gap="400" wrap={false} blockAlign="start">
        <div className="al-version-thumb">
          <AssetMedia src={v.thumbnailUrl} alt={`Version ${v.number}`} kind={kind} processing={v.processing} compact />
        </div>
        <Box width="100%">
          <BlockStack gap="150">
            <InlineStack gap="200" blockAlign="center">
              <Text as="h3" variant="headingSm">
                Version {v.number}
              </Text>
              <VersionStateBadge state={v.state} />
              {v.id === liveVersionId && <Badge tone="success-strong">Live</Badge>}
              {isLatest && <Badge>Latest</Badge>}
              <ProcessingBadge processing={v.processing} />
            </InlineStack>
            <Text as="p" variant="bodySm" tone="subdued">
              {v.filename} · {formatBytes(v.bytes)}
              {v.width && v.height ? ` · ${v.width} × ${v.height}` : ""}
            </Text>
            <Text as="p" variant="bodySm" tone="subdued">
              {v.author ? `${v.author} · ` : ""}
              {formatDateTime(v.createdAt)}
              {v.approvedBy && v.approvedAt ? ` · approved by ${v.approvedBy}, ${formatDateTime(v.approvedAt)}` : ""}
            </Text>
            {v.note && (
              <Text as="p" variant="bodySm">
                <span data-testid="version-note">{v.note}</span>
              </Text>
            )}
            {v.processing === "failed" && v.processingError && (
              <Text as="p" variant="bodySm" tone="critical">
                {v.processingError}
              </Text>
            )}
            <InlineStack gap="200">
              {canApprove && (
                <Button size="slim" icon={CheckIcon} onClick={() => onApprove(v.id)} loading={running === "approve"} disabled={!!busy}>
                  Approve
                </Button>
              )}
              {mayRestore && !isLatest && (
                <Button size="slim" icon={ResetIcon} onClick={() => onRestore(v.id)} loading={running === "restore"} disabled={!!busy}>
                  Restore
                </Button>
              )}
              <Button
                size="slim"
                variant="tertiary"
                icon={ArrowDownIcon}
                onClick={() => onDownload(v.id)}
                accessibilityLabel={`Download the original of version ${v.number}`}
              >
                Download original
              </Button>
            </InlineStack>
          </BlockStack>
        </Box>
      </InlineStack>
    </Box>
  );
}
