// Grid view of the library: square thumbnails, title, kind · version, state badge, tags; a checkbox per
// tile for bulk actions (the tile itself links to the asset).
import { Link as RemixLink } from "@remix-run/react";
import { Badge, Checkbox, InlineStack, Text } from "@shopify/polaris";
import "./library.css";
import { AssetMedia } from "./AssetMedia";
import { kindLabel } from "./format";
import { VersionStateBadge } from "./StateBadge";
import { RightsBadge } from "../asset/RightsCard";
import type { AssetView } from "./types";

export interface AssetGridProps {
  items: AssetView[];
  selected: ReadonlySet<string>;
  onToggle(id: string, checked: boolean): void;
}

export function AssetGrid({ items, selected, onToggle }: AssetGridProps) {
  return (
    <div className={`al-grid${selected.size ? " al-grid--selecting" : ""}`} data-testid="asset-grid">
      {items.map((a) => (
        <AssetTile key={a.id} asset={a} selected={selected.has(a.id)} onToggle={onToggle} />
      ))}
    </div>
  );
}

function AssetTile({ asset, selected, onToggle }: { asset: AssetView; selected: boolean; onToggle: AssetGridProps["onToggle"] }) {
  const v = asset.latestVersion;
  // Suggestions wait for the merchant on the asset page; the tile shows the asset's accepted tags.
  const accepted = asset.tags.filter((t) => t.state !== "suggested");
  const tags = accepted.filter((t) => t.source === "user").concat(accepted.filter((t) => t.source !== "user"));
  return (
    <div className={`al-tile${selected ? " al-tile--selected" : ""}`} data-testid="asset-tile" data-asset-id={asset.id}>
      <div className="al-tile__check">
        <Checkbox label={`Select ${asset.title}`} labelHidden checked={selected} onChange={(c) => onToggle(asset.id, c)} />
      </div>
      <AssetMedia src={asset.thumbnailUrl} alt={asset.title} kind={asset.kind} processing={v?.processing ?? null} />
      <div className="al-tile__body">
        <RemixLink to={`/app/assets/${asset.id}`} className="al-tile__link" prefetch="intent">
          <span className="al-tile__title">
            <Text as="span" variant="bodyMd" fontWeight="semibold">
              {asset.title}
            </Text>
          </span>
        </RemixLink>
        <Text as="span" variant="bodySm" tone="subdued">
          {kindLabel(asset.kind)}
          {v ? ` · v${v.number}` : ""}
          {asset.archived ? " · Archived" : ""}
        </Text>
        <InlineStack gap="100" wrap={false}>
          {v && <VersionStateBadge state={v.state} />}
          <RightsBadge status={asset.rights?.status} />
          {asset.liveVersionId && v && asset.liveVersionId !== v.id && <Badge tone="success-strong">Live</Badge>}
        </InlineStack>
        <div className="al-tile__tags">
          {tags.slice(0, 3).map((t) => (
            <Badge key={t.name} size="small">
              {t.label}
            </Badge>
          ))}
          {tags.length > 3 && (
            <Text as="span" variant="bodySm" tone="subdued">
              +{tags.length - 3}
            </Text>
          )}
        </div>
      </div>
    </div>
  );
}
