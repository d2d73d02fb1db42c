// One channel preset of the shown version: the rendition in the channel's frame, its verdict, the
// measured findings, and what the merchant can do about it — Build (presets not built for every new
// version), Fix (a safe recipe the findings allow) or Remove Fix (back to the preset alone, audited).
// Each tile has its own fetcher, so fixing one channel never waits for, or hides the answer of, another.
import { useEffect } from "react";
import { useFetcher } from "@remix-run/react";
import { Banner, BlockStack, Button, InlineStack, Text } from "@shopify/polaris";
import { WandIcon } from "@shopify/polaris-icons";
import { formatDateTime } from "../library/format";
import { useNotify } from "../shell/notify";
import { ChannelFrame } from "./ChannelFrame";
import { FindingList } from "./FindingList";
import { fixPreview } from "./labels";
import { VerdictBadge } from "./VerdictBadge";
import type { ChannelAnswer, ChannelCheckView } from "./types";

export interface ChannelTileProps {
  check: ChannelCheckView;
  versionId: string;
  assetTitle: string;
  canEdit: boolean;
}

export function ChannelTile({ check, versionId, assetTitle, canEdit }: ChannelTileProps) {
  const f = useFetcher<ChannelAnswer>();
  const notify = useNotify();
  const { preset, rendition, fix } = check;
  const busy = f.state !== "idle" ? String(f.formData?.get("intent") ?? "") : null;
  const error = f.state === "idle" && f.data && !f.data.ok ? f.data.error : null;
  useEffect(() => {
    if (f.state === "idle" && f.data?.ok) notify(f.data.message);
  }, [f.state, f.data, notify]);
  const run = (intent: "channel.build" | "channel.fix" | "channel.unfix") => f.submit({ intent, versionId, presetId: preset.id }, { method: "post" });

  const box = { width: preset.width, height: preset.height };
  const alt = `${assetTitle} for ${preset.label}`;
  const pair = fix !== null && rendition !== null;
  const empty =
    check.state === "building" ? (
      <VerdictBadge verdict={null} state="building" />
    ) : check.state === "on_demand" ? (
      <BlockStack gap="200" inlineAlign="center">
        <Text as="span" variant="bodySm" tone="subdued">
          Not built for every new version
        </Text>
        <Button size="slim" onClick={() => run("channel.build")} loading={busy === "channel.build"}>
          Build
        </Button>
      </BlockStack>
    ) : null;
  const wouldFix = check.fixable ? fixPreview(check.findings) : "";

  return (
    <div
      className={`al-channel-tile${pair ? " al-channel-tile--pair" : ""}`}
      data-testid="channel-check"
      data-preset={preset.id}
      data-verdict={check.verdict ?? ""}
      data-state={check.state}
    >
      <InlineStack align="space-between" blockAlign="start" gap="200" wrap={false}>
        <BlockStack gap="050">
          <Text as="h3" variant="headingSm">
            {preset.label}
          </Text>
          <Text as="span" variant="bodySm" tone="subdued">{`${preset.width}×${preset.height}${preset.builtIn ? "" : " · custom"}`}</Text>
        </BlockStack>
        <div style={{ flex: "none" }}>
          <VerdictBadge verdict={check.verdict} state={check.state} />
        </div>
      </InlineStack>

      {pair ? (
        <div className="al-channel-pair" data-testid="fix-pair">
          <ChannelFrame
            small
            box={box}
            channel={preset.channel}
            rendition={check.before}
            alt={`${alt}, before the Fix`}
            empty={<Text as="span" variant="bodySm" tone="subdued">Not built</Text>}
            label={<FrameLabel testId="fix-before" title="Before" verdict={check.before?.verdict ?? null} />}
          />
          <ChannelFrame
            small
            box={box}
            channel={preset.channel}
            rendition={rendition}
            alt={`${alt}, after the Fix`}
            label={<FrameLabel testId="fix-after" title="After" verdict={check.verdict} />}
          />
        </div>
      ) : (
        <ChannelFrame box={box} channel={preset.channel} rendition={rendition} alt={alt} empty={empty} />
      )}

      {error && (
        <Banner tone="critical">
          <p>{error}</p>
        </Banner>
      )}
      {check.state === "ready" && <FindingList findings={check.findings} />}

      {fix && (
        <div className="al-fix-note" data-testid="fix-note">
          <BlockStack gap="100">
            <Text as="p" variant="bodySm">
              <Text as="span" fontWeight="semibold">
                Fixed:
              </Text>{" "}
              {`${fix.description.join("; ") || "custom recipe"} — by ${fix.by}`}
            </Text>
            <Text as="p" variant="bodySm" tone="subdued">{`${formatDateTime(fix.at)}. Later versions get the same Fix until it is removed.`}</Text>
            {canEdit && (
              <InlineStack>
                <Button variant="plain" tone="critical" onClick={() => run("channel.unfix")} loading={busy === "channel.unfix"}>
                  Remove Fix
                </Button>
              </InlineStack>
            )}
          </BlockStack>
        </div>
      )}
      {check.fixable && canEdit && (
        <BlockStack gap="100">
          {wouldFix && <Text as="p" variant="bodySm" tone="subdued">{`Fix will ${wouldFix}.`}</Text>}
          <InlineStack>
            <Button icon={WandIcon} onClick={() => run("channel.fix")} loading={busy === "channel.fix"} accessibilityLabel={`Fix for ${preset.label}`}>
              Fix
            </Button>
          </InlineStack>
        </BlockStack>
      )}
    </div>
  );
}

function FrameLabel({ title, verdict, testId }: { title: string; verdict: ChannelCheckView["verdict"]; testId: string }) {
  return (
    <InlineStack align="space-between" blockAlign="center" gap="100" wrap={false}>
      <Text as="span" variant="bodySm" fontWeight="semibold">
        {title}
      </Text>
      <span data-testid={testId} data-verdict={verdict ?? ""}>
        <VerdictBadge verdict={verdict} />
      </span>
    </InlineStack>
  );
}
