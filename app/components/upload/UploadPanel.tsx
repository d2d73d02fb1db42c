// The upload list: one row per file with its own progress bar and outcome (added, duplicate prompt, error).
import { useEffect, useRef, useState } from "react";
import { useFetcher } from "@remix-run/react";
import { BlockStack, Box, Button, Card, InlineStack, Link, ProgressBar, Text, type ProgressBarProps } from "@shopify/polaris";
import { XIcon } from "@shopify/polaris-icons";
import "../library/library.css";
import { formatBytes } from "../library/format";
import type { UploadItem, UploadQueue } from "./useUploadQueue";

/** What the add-version action answers. */
export type AddVersionAnswer =
  | { ok: true; assetId: string; versionId: string; number: number; title: string }
  | { ok: false; error: string };

/** What GET on the add-version route answers about the asset a duplicate belongs to. */
export type DuplicateCheckAnswer =
  | { ok: true; target: { assetId: string; title: string; archived: boolean; latestVersionNumber: number | null; isLatest: boolean } }
  | { ok: false; error: string };

export interface UploadPanelProps {
  queue: UploadQueue;
  /** Route that turns a duplicate into a new version of the existing asset (POST assetId, sha256, filename). */
  addVersionAction: string;
  title?: string;
  /** Link finished rows to their asset (off on the asset page itself). */
  showAssetLink?: boolean;
}

export function UploadPanel({ queue, addVersionAction, title = "Uploads", showAssetLink = true }: UploadPanelProps) {
  const { items, summary } = queue;
  if (!items.length) return null;
  const busy = summary.active + summary.queued > 0;
  const done = summary.total - summary.active - summary.queued;
  const parts = [
    summary.added && `${summary.added} added`,
    summary.duplicates && `${summary.duplicates} already in the library`,
    summary.failed && `${summary.failed} failed`,
    summary.cancelled && `${summary.cancelled} cancelled`,
  ].filter(Boolean);
  const overall = summary.bytes ? Math.round((summary.loaded / summary.bytes) * 100) : 0;
  return (
    <Card padding="0">
      <div data-testid="upload-panel">
        <Box padding="400" paddingBlockEnd="300">
          <BlockStack gap="300">
            <InlineStack align="space-between" blockAlign="center" gap="200">
              <BlockStack gap="050">
                <Text as="h2" variant="headingSm">
                  {busy ? `Uploading ${summary.total} ${summary.total === 1 ? "file" : "files"}…` : title}
                </Text>
                <Text as="p" variant="bodySm" tone="subdued">
                  {[busy ? `${done} of ${summary.total} done` : "", ...parts].filter(Boolean).join(" · ")}
                </Text>
              </BlockStack>
              <Button variant="tertiary" onClick={queue.clearFinished} disabled={done === 0}>
                {busy ? "Clear finished" : "Clear list"}
              </Button>
            </InlineStack>
            {busy && summary.total > 1 && <ProgressBar progress={overall} size="small" tone="highlight" />}
          </BlockStack>
        </Box>
        <div className="al-upload-list">
          {items.map((item) => (
            <UploadRow key={item.id} item={item} queue={queue} addVersionAction={addVersionAction} showAssetLink={showAssetLink} />
          ))}
        </div>
      </div>
    </Card>
  );
}

function UploadRow({
  item,
  queue,
  addVersionAction,
  showAssetLink,
}: {
  item: UploadItem;
  queue: UploadQueue;
  addVersionAction: string;
  showAssetLink: boolean;
}) {
  const fetcher = useFetcher<AddVersionAnswer>();
  const check = useFetcher<DuplicateCheckAnswer>();
  const [kept, setKept] = useState(false);
  const o = item.outcome;
  const dup = o?.status === "duplicate" ? o.duplicateOf : null;
  // Ask once whether "add as new version" makes sense (it does not when the file is the latest version).
  const checked = useRef(false);
  useEffect(() => {
    if (!dup || checked.current) return;
    checked.current = true;
    check.load(`${addVersionAction}?${new URLSearchParams({ assetId: dup.assetId, versionId: dup.versionId })}`);
  }, [dup, check, addVersionAction]);
  const target = check.data?.ok ? check.data.target : null;
  const progress = item.phase === "done" ? 100 : item.total ? Math.round((item.loaded / item.total) * 100) : 0;
  let tone: ProgressBarProps["tone"] = "highlight";
  if (o?.status === "created" || o?.status === "duplicate") tone = "success";
  if (o?.status === "error" || item.phase === "cancelled") tone = "critical";

  let status: JSX.Element;
  if (item.phase === "queued")
    status = (
      <Text as="span" variant="bodySm" tone="subdued">
        Waiting…
      </Text>
    );
  else if (item.phase === "uploading")
    status = (
      <Text as="span" variant="bodySm" tone="subdued">
        {formatBytes(item.loaded)} of {formatBytes(item.total)}
      </Text>
    );
  else if (item.phase === "checking")
    status = (
      <Text as="span" variant="bodySm" tone="subdued">
        Checking the file…
      </Text>
    );
  else if (item.phase === "cancelled")
    status = (
      <Text as="span" variant="bodySm" tone="subdued">
        Cancelled
      </Text>
    );
  else if (o?.status === "created")
    status = (
      <Text as="span" variant="bodySm" tone="success">
        Added{o.versionNumber > 1 ? ` as version ${o.versionNumber}` : ""}
        {showAssetLink && (
          <>
            {" · "}
            <Link url={`/app/assets/${o.assetId}`} removeUnderline>
              View asset
            </Link>
          </>
        )}
      </Text>
    );
  else if (o?.status === "duplicate") {
    const d = o.duplicateOf;
    const answer = fetcher.data;
    if (answer?.ok)
      status = (
        <Text as="span" variant="bodySm" tone="success">
          Added as version {answer.number} of “{answer.title}” ·{" "}
          <Link url={`/app/assets/${answer.assetId}`} removeUnderline>
            View asset
          </Link>
        </Text>
      );
    else if (kept)
      status = (
        <Text as="span" variant="bodySm" tone="subdued">
          Kept the existing asset ·{" "}
          <Link url={`/app/assets/${d.assetId}`} removeUnderline>
            Open “{d.title}”
          </Link>
        </Text>
      );
    else
      status = (
        <BlockStack gap="200">
          <Text as="span" variant="bodySm">
            Already in the library as “{d.title}” (v{d.versionNumber}
            {target?.isLatest ? ", its latest version" : ""}){target?.archived ? " · archived" : ""}
          </Text>
          {answer && !answer.ok && (
            <Text as="span" variant="bodySm" tone="critical">
              {answer.error}
            </Text>
          )}
          <InlineStack gap="200">
            <Button size="slim" onClick={() => setKept(true)}>
              Use existing
            </Button>
            {!target?.isLatest && (
              <Button
                size="slim"
                disabled={check.state !== "idle"}
                loading={fetcher.state !== "idle"}
                onClick={() =>
                  fetcher.submit(
                    { assetId: d.assetId, sha256: o.sha256, filename: o.filename },
                    { method: "post", action: addVersionAction }
                  )
                }
              >
                {`Add as new version of ${d.title}`}
              </Button>
            )}
          </InlineStack>
        </BlockStack>
      );
  } else
    status = (
      <InlineStack gap="200" blockAlign="center">
        <Text as="span" variant="bodySm" tone="critical">
          {o?.status === "error" ? o.message : "The upload failed."}
        </Text>
        {o?.status === "error" && ["network", "timeout", "client"].includes(o.code) && (
          <Button variant="plain" size="slim" onClick={() => queue.retry(item.id)}>
            Retry
          </Button>
        )}
      </InlineStack>
    );

  const inFlight = item.phase === "queued" || item.phase === "uploading";
  return (
    <div className="al-upload-row" data-testid="upload-row" data-phase={item.phase} data-status={o?.status ?? ""}>
      <BlockStack gap="100">
        <Text as="span" variant="bodyMd" fontWeight="medium" truncate>
          {item.file.name}
        </Text>
        {status}
      </BlockStack>
      <InlineStack gap="200" blockAlign="center" wrap={false}>
        <div style={{ flex: 1 }}>
          <ProgressBar progress={progress} size="small" tone={tone} animated={item.phase !== "done"} />
        </div>
        {inFlight ? (
          <Button variant="tertiary" icon={XIcon} accessibilityLabel={`Cancel ${item.file.name}`} onClick={() => queue.cancel(item.id)} />
        ) : (
          <Button
            variant="tertiary"
            icon={XIcon}
            accessibilityLabel={`Remove ${item.file.name} from the list`}
            onClick={() => queue.remove(item.id)}
          />
        )}
      </InlineStack>
    </div>
  );
}
