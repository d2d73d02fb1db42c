// Compliance → the assets whose current version fails one preset: what blocks it (the measured
// findings), whether a Fix exists or could help, and "Fix selected" for the selection. The server decides
// what can be fixed; rows it skips come back with the reason.
import { Link as RemixLink } from "@remix-run/react";
import { Badge, IndexTable, InlineStack, Text, Thumbnail, useIndexResourceState } from "@shopify/polaris";
import { ImageIcon } from "@shopify/polaris-icons";
import { useEffect, useState } from "react";
import { FindingList } from "./FindingList";
import type { ComplianceRowView } from "./types";

export interface ComplianceTableProps {
  rows: ComplianceRowView[];
  canFix: boolean;
  fixing: boolean;
  onFix(assetIds: string[]): void;
  /** Bumped after a bulk Fix answered, to clear the selection. */
  resetKey: number;
}

/** Rows per page: a shop can have thousands of failing images; the browser renders a page at a time. */
const PAGE = 50;

export function ComplianceTable({ rows: all, canFix, fixing, onFix, resetKey }: ComplianceTableProps) {
  const [page, setPage] = useState(0);
  const pages = Math.max(1, Math.ceil(all.length / PAGE));
  const at = Math.min(page, pages - 1);
  const rows = all.slice(at * PAGE, (at + 1) * PAGE);
  const { selectedResources, allResourcesSelected, handleSelectionChange, clearSelection } = useIndexResourceState(rows, { resourceIDResolver: (r) => r.assetId });
  // Only when a bulk Fix answered or the page changed (clearSelection changes identity on every render).
  useEffect(() => clearSelection(), [resetKey, at]);
  const selected = allResourcesSelected ? rows.map((r) => r.assetId) : selectedResources.filter((id) => rows.some((r) => r.assetId === id));
  const fixableSelected = rows.filter((r) => r.fixable && selected.includes(r.assetId)).length;
  return (
    <IndexTable
      resourceName={{ singular: "failing image", plural: "failing images" }}
      itemCount={rows.length}
      selectable={canFix}
      selectedItemsCount={allResourcesSelected ? "All" : selectedResources.length}
      onSelectionChange={handleSelectionChange}
      promotedBulkActions={[
        {
          content: fixableSelected ? `Fix selected (${fixableSelected} fixable)` : "Fix selected",
          disabled: fixing,
          onAction: () => onFix(selected),
        },
      ]}
      pagination={
        pages > 1
          ? {
              hasPrevious: at > 0,
              hasNext: at < pages - 1,
              onPrevious: () => setPage(at - 1),
              onNext: () => setPage(at + 1),
              label: `${at * PAGE + 1}–${at * PAGE + rows.length} of ${all.length}`,
            }
          : undefined
      }
      headings={[{ title: "Image" }, { title: "Version", alignment: "end" }, { title: "What blocks it" }, { title: "Fix" }]}
    >
      {rows.map((r, i) => (
        <IndexTable.Row id={r.assetId} key={r.assetId} position={i} selected={selected.includes(r.assetId)}>
          <IndexTable.Cell>
            <InlineStack gap="300" blockAlign="center" wrap={false}>
              <Thumbnail source={r.thumbnailUrl ?? ImageIcon} alt={r.title} size="small" />
              <div style={{ maxWidth: 280, overflow: "hidden" }}>
                <RemixLink to={`/app/assets/${r.assetId}`} data-primary-link style={{ color: "inherit", textDecoration: "none" }}>
                  <Text as="span" fontWeight="semibold" truncate>
                    {r.title}
                  </Text>
                </RemixLink>
              </div>
            </InlineStack>
          </IndexTable.Cell>
          <IndexTable.Cell>
            <Text as="span" alignment="end" numeric>{`v${r.versionNumber}`}</Text>
          </IndexTable.Cell>
          <IndexTable.Cell>
            <div style={{ whiteSpace: "normal", maxWidth: 420 }}>
              <FindingList findings={r.findings} limit={3} />
            </div>
          </IndexTable.Cell>
          <IndexTable.Cell>
            <InlineStack gap="100" wrap={false}>
              {r.fixed && <Badge tone="success">Fixed</Badge>}
              {r.fixable ? <Badge tone="info">Fixable</Badge> : !r.fixed && <Text as="span" variant="bodySm" tone="subdued">Needs a better master</Text>}
            </InlineStack>
          </IndexTable.Cell>
        </IndexTable.Row>
      ))}
    </IndexTable>
  );
}
