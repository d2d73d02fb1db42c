// Asset page → Channels: the newest version as every channel the shop builds for
// receives it, with a verdict per channel. Presets the shop does not build for every new version sit
// under "Other channels", built when asked.
import { useState } from "react";
import { Badge, BlockStack, Box, Button, Card, Collapsible, InlineStack, Text } from "@shopify/polaris";
import { ChannelTile } from "./ChannelTile";
import type { ChannelCheckView } from "./types";
import "./compliance.css";

export interface ChannelChecksCardProps {
  checks: ChannelCheckView[];
  /** Why there are no checks (not an image, still processing, failed). */
  unavailable: string | null;
  version: { id: string; number: number; live: boolean } | null;
  assetTitle: string;
  canEdit: boolean;
  /** Building has taken longer than the page waits for (it stopped polling). */
  slow?: boolean;
}

export function ChannelChecksCard({ checks, unavailable, version, assetTitle, canEdit, slow }: ChannelChecksCardProps) {
  const main = checks.filter((c) => c.preset.eager);
  const other = checks.filter((c) => !c.preset.eager);
  const [showOther, setShowOther] = useState(false);
  const count = (v: "pass" | "warn" | "fail") => main.filter((c) => c.verdict === v).length;
  const building = main.filter((c) => c.state === "building").length;

  return (
    <Card>
      <BlockStack gap="400">
        <InlineStack align="space-between" blockAlign="start" gap="200">
          <BlockStack gap="100">
            <Text as="h2" variant="headingSm">
              Channels
            </Text>
            <Text as="p" variant="bodySm" tone="subdued">
              {version
                ? `Version ${version.number}${version.live ? " (live)" : ""} exactly as each channel receives it, checked against its rules.`
                : "Each channel's image of this asset, checked against its rules."}
            </Text>
          </BlockStack>
          {main.length > 0 && (
            <InlineStack gap="100" wrap={false}>
              {count("fail") > 0 && <Badge tone="critical">{`${count("fail")} fail`}</Badge>}
              {count("warn") > 0 && <Badge tone="warning">{`${count("warn")} warn`}</Badge>}
              {count("pass") > 0 && <Badge tone="success">{`${count("pass")} pass`}</Badge>}
              {building > 0 && <Badge tone="info">{`${building} building`}</Badge>}
            </InlineStack>
          )}
        </InlineStack>

        {unavailable ? (
          <Text as="p" tone="subdued">
            {unavailable}
          </Text>
        ) : (
          <>
            {slow && building > 0 && (
              <Text as="p" variant="bodySm" tone="caution">
                Building is taking longer than usual. Reload the page to check again.
              </Text>
            )}
            {main.length ? (
              <div className="al-channel-grid" data-testid="channel-checks">
                {main.map((c) => (
                  <ChannelTile key={c.preset.id} check={c} versionId={version?.id ?? ""} assetTitle={assetTitle} canEdit={canEdit} />
                ))}
              </div>
            ) : (
              <Text as="p" tone="subdued">
                No channel is built for every new version. Turn one on in Settings → Channel presets, or build one below.
              </Text>
            )}
            {other.length > 0 && (
              <Box borderBlockStartWidth="025" borderColor="border-secondary" paddingBlockStart="300">
                <BlockStack gap="300">
                  <InlineStack>
                    <Button variant="plain" disclosure={showOther ? "up" : "down"} onClick={() => setShowOther((v) => !v)} ariaExpanded={showOther} ariaControls="other-channels">
                      {`Other channels (${other.length})`}
                    </Button>
                  </InlineStack>
                  <Collapsible id="other-channels" open={showOther}>
                    <BlockStack gap="300">
                      <Text as="p" variant="bodySm" tone="subdued">
                        Not built for every new version. Build one to see how this image would look and fare there.
                      </Text>
                      <div className="al-channel-grid">
                        {other.map((c) => (
                          <ChannelTile key={c.preset.id} check={c} versionId={version?.id ?? ""} assetTitle={assetTitle} canEdit={canEdit} />
                        ))}
                      </div>
                    </BlockStack>
                  </Collapsible>
                </BlockStack>
              </Box>
            )}
          </>
        )}
      </BlockStack>
    </Card>
  );
}
