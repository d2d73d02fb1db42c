// "Needs attention": failed, blocked and drifted placements with the channel's message.
import { BlockStack, Box, Button, Card, InlineStack, Text } from "@shopify/polaris";
import { plural } from "./labels";
import { ProblemRow, type ProblemAction } from "./ProblemRow";
import type { ProblemView } from "./types";

export interface ProblemListProps {
  problems: ProblemView[];
  canEdit: boolean;
  busy: { placementId: string | null; action: ProblemAction | "retry.all" } | null;
  onAction(problem: ProblemView, action: ProblemAction): void;
  onRetryAll(): void;
}

export function ProblemList({ problems, canEdit, busy, onAction, onRetryAll }: ProblemListProps) {
  const retriable = problems.filter((p) => p.state === "failed" || p.state === "blocked").length;
  return (
    <Card padding="0">
      <Box padding="400">
        <InlineStack align="space-between" blockAlign="center">
          <BlockStack gap="050">
            <Text as="h2" variant="headingSm">
              Needs attention
            </Text>
            <Text as="span" variant="bodySm" tone="subdued">
              {problems.length ? plural(problems.length, "placement") : "Nothing: every placement is live or on its way."}
            </Text>
          </BlockStack>
          {canEdit && retriable > 0 && (
            <Button onClick={onRetryAll} loading={busy?.action === "retry.all"} disabled={busy !== null}>
              Retry all failed
            </Button>
          )}
        </InlineStack>
      </Box>
      {problems.map((p) => (
        <ProblemRow
          key={p.id}
          problem={p}
          canEdit={canEdit}
          busy={busy && busy.placementId === p.id && busy.action !== "retry.all" ? busy.action : null}
          onAction={(a) => onAction(p, a)}
        />
      ))}
    </Card>
  );
}
