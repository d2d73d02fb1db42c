// One group of near-duplicate images: each asset with its thumbnail, versions, placements and age, the
// one we suggest keeping marked; "Not duplicates" and "Merge…".
import { Link } from "@remix-run/react";
import { Badge, BlockStack, Box, Button, Card, InlineStack, Text, Thumbnail } from "@shopify/polaris";
import { ImageIcon } from "@shopify/polaris-icons";
import type { DuplicateGroupsDto } from "~/.server/library/duplicates/present";

export type GroupView = DuplicateGroupsDto["groups"][number];

const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? "" : "s"}`;

export function whyLine(g: GroupView): string {
  if (g.pairs.some((p) => p.sameBytes)) return "Same file";
  const d = Math.min(...g.pairs.map((p) => p.distance ?? 64));
  return d === 0 ? "Identical picture" : `Pictures ${d} of 64 bits apart`;
}

export function DuplicateGroupCard({ group, canEdit, busy, onDismiss, onMerge }: { group: GroupView; canEdit: boolean; busy: boolean; onDismiss(): void; onMerge(): void }) {
  return (
    <div data-testid="duplicate-group" data-key={group.key}>
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingSm">{plural(group.assets.length, "asset")} · {whyLine(group)}</Text>
          {canEdit && (
            <InlineStack gap="200">
              <Button onClick={onDismiss} disabled={busy}>Not duplicates</Button>
              <Button variant="primary" onClick={onMerge}>Merge…</Button>
            </InlineStack>
          )}
        </InlineStack>
        <InlineStack gap="400" wrap>
          {group.assets.map((a) => (
            <Box key={a.id} minWidth="200px" maxWidth="260px">
              <InlineStack gap="300" blockAlign="start" wrap={false}>
                <Thumbnail source={a.thumbnailUrl ?? ImageIcon} alt={a.title} size="large" />
                <BlockStack gap="100">
                  <Link to={`/app/assets/${a.id}`}><Text as="span" fontWeight="semibold">{a.title}</Text></Link>
                  {a.id === group.suggestedSurvivorId && <Badge tone="success">Suggested to keep</Badge>}
                  <Text as="span" variant="bodySm" tone="subdued">
                    {plural(a.versionCount, "version")} · {plural(a.placements, "placement")}
                  </Text>
                  <Text as="span" variant="bodySm" tone="subdued">
                    {a.width && a.height ? `${a.width}×${a.height} · ` : ""}added {a.createdAt.slice(0, 10)}
                  </Text>
                </BlockStack>
              </InlineStack>
            </Box>
          ))}
        </InlineStack>
      </BlockStack>
    </Card>
    </div>
  );
}
