// List view of the library (IndexTable) with the same selection and bulk actions as the grid.
import { Link as RemixLink } from "@remix-run/react";
import { Badge, IndexTable, IndexTableSelectionType, InlineStack, Text, Thumbnail, type IndexTableProps } from "@shopify/polaris";
import { kindIcon } from "./AssetMedia";
import { formatBytes, formatDate, kindLabel } from "./format";
import { ProcessingBadge, VersionStateBadge } from "./StateBadge";
import type { AssetView } from "./types";
import { RightsBadge } from "../asset/RightsCard";

export interface AssetTableProps {
  items: AssetView[];
  selected: ReadonlySet<string>;
  onSelectionChange(ids: string[]): void;
  promotedBulkActions: IndexTableProps["promotedBulkActions"];
  loading?: boolean;
}

export function AssetTable({ items, selected, onSelectionChange, promotedBulkActions, loading }: AssetTableProps) {
  const ids = items.map((a) => a.id);
  const handleSelection = (type: IndexTableSelectionType, toggle: boolean, selection?: string | [number, number]) => {
    const next = new Set(selected);
    if (type === IndexTableSelectionType.All || type === IndexTableSelectionType.Page) {
      onSelectionChange(toggle ? ids : []);
      return;
    }
    if (type === IndexTableSelectionType.Single && typeof selection === "string") {
      if (toggle) next.add(selection);
      else next.delete(selection);
    } else if ((type === IndexTableSelectionType.Multi || type === IndexTableSelectionType.Range) && Array.isArray(selection)) {
      const [from, to] = selection;
      for (let i = Math.min(from, to); i <= Math.max(from, to); i++) {
        const id = ids[i];
        if (!id) continue;
        if (toggle) next.add(id);
        else next.delete(id);
      }
    }
    onSelectionChange([...next]);
  };

  return (
    <IndexTable
      resourceName={{ singular: "asset", plural: "assets" }}
      itemCount={items.length}
      selectedItemsCount={selected.size}
      onSelectionChange={handleSelection}
      promotedBulkActions={promotedBulkActions}
      loading={loading}
      headings={[
        { title: "Asset" },
        { title: "Kind" },
        { title: "Version", alignment: "end" },
        { title: "State" },
        { title: "Tags" },
        { title: "Size", alignment: "end" },
        { title: "Added" },
      ]}
    >
      {items.map((a, index) => {
        const v = a.latestVersion;
        return (
          <IndexTable.Row id={a.id} key={a.id} position={index} selected={selected.has(a.id)}>
            <IndexTable.Cell>
              <InlineStack gap="300" blockAlign="center" wrap={false}>
                <Thumbnail source={a.thumbnailUrl ?? kindIcon(a.kind)} alt={a.title} size="small" />
                <div style={{ maxWidth: 360, overflow: "hidden", textOverflow: "ellipsis" }}>
                  <RemixLink to={`/app/assets/${a.id}`} data-primary-link style={{ color: "inherit", textDecoration: "none" }}>
                    <Text as="span" variant="bodyMd" fontWeight="semibold" truncate>
                      {a.title}
                    </Text>
                  </RemixLink>
                  {a.archived && (
                    <Text as="span" variant="bodySm" tone="subdued">
                      {" "}
                      · Archived
                    </Text>
                  )}
                </div>
              </InlineStack>
            </IndexTable.Cell>
            <IndexTable.Cell>{kindLabel(a.kind)}</IndexTable.Cell>
            <IndexTable.Cell>
              <Text as="span" alignment="end" numeric>
                {v ? `v${v.number}` : "—"}
              </Text>
            </IndexTable.Cell>
            <IndexTable.Cell>
              <InlineStack gap="100" wrap={false}>
                {v && <VersionStateBadge state={v.state} />}
                {v && <ProcessingBadge processing={v.processing} />}
                {a.liveVersionId && v && a.liveVersionId !== v.id && <Badge tone="success-strong">Live</Badge>}
                <RightsBadge status={a.rights?.status} />
              </InlineStack>
            </IndexTable.Cell>
            <IndexTable.Cell>
              <InlineStack gap="100" wrap={false}>
                {acceptedTags(a).slice(0, 3).map((t) => (
                  <Badge key={t.name} size="small">
                    {t.label}
                  </Badge>
                ))}
                {acceptedTags(a).length > 3 && (
                  <Text as="span" variant="bodySm" tone="subdued">
                    +{acceptedTags(a).length - 3}
                  </Text>
                )}
              </InlineStack>
            </IndexTable.Cell>
            <IndexTable.Cell>
              <Text as="span" alignment="end" numeric>
                {v ? formatBytes(v.bytes) : "—"}
              </Text>
            </IndexTable.Cell>
            <IndexTable.Cell>{formatDate(a.createdAt)}</IndexTable.Cell>
          </IndexTable.Row>
        );
      })}
    </IndexTable>
  );
}

/** Suggestions wait for the merchant on the asset page; the list shows the asset's accepted tags. */
const acceptedTags = (a: AssetView) => a.tags.filter((t) => t.state !== "suggested");
