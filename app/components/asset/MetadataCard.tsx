import { Badge, BlockStack, Box, Card, Divider, InlineStack, Text } from "@shopify/polaris";
import type { VersionView } from "../library/types";
import { describeVersion } from "./metadata";

export function MetadataCard({ version }: { version: VersionView }) {
  const sections = describeVersion(version);
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingSm">
            File information
          </Text>
          <Text as="span" variant="bodySm" tone="subdued">
            Version {version.number}
          </Text>
        </InlineStack>
        {version.processing === "pending" && (
          <Text as="p" variant="bodySm" tone="subdued">
            Reading the file… more details appear when processing finishes.
          </Text>
        )}
        {sections.map((s, i) => (
          <BlockStack gap="200" key={s.title}>
            {i > 0 && <Divider />}
            {i > 0 && (
              <Text as="h3" variant="headingXs" tone="subdued">
                {s.title}
              </Text>
            )}
            <dl style={{ margin: 0 }} data-testid={`meta-${s.title.toLowerCase().replace(/\s+/g, "-")}`}>
              <BlockStack gap="150">
                {s.rows.map((r) => (
                  <InlineStack key={r.label} align="space-between" gap="300" wrap={false} blockAlign="start">
                    <Box minWidth="96px">
                      <dt>
                        <Text as="span" variant="bodySm" tone="subdued">
                          {r.label}
                        </Text>
                      </dt>
                    </Box>
                    <dd style={{ margin: 0, textAlign: "right", minWidth: 0, overflowWrap: "anywhere" }}>
                      <Text as="span" variant="bodySm">
                        {r.value}
                      </Text>
                    </dd>
                  </InlineStack>
                ))}
              </BlockStack>
            </dl>
            {s.keywords && s.keywords.length > 0 && (
              <BlockStack gap="100">
                <Text as="span" variant="bodySm" tone="subdued">
                  Keywords
                </Text>
                <InlineStack gap="100">
                  {s.keywords.map((k) => (
                    <Badge key={k} size="small">
                      {k}
                    </Badge>
                  ))}
                </InlineStack>
              </BlockStack>
            )}
          </BlockStack>
        ))}
      </BlockStack>
    </Card>
  );
}
