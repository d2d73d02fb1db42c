import { Card } from "@shopify/polaris";
import { AssetMedia } from "../library/AssetMedia";
import type { VersionView } from "../library/types";

/** The large preview: a box with the preview's own aspect ratio (bounded), so the page never jumps. */
export function AssetPreview({ title, kind, version }: { title: string; kind: string; version: VersionView | null }) {
  const size = version?.previewSize ?? null;
  const raw = size ? size.width / size.height : 1;
  const ratio = Math.min(Math.max(raw, 3 / 4), 16 / 9);
  return (
    <Card padding="0">
      <div style={{ maxWidth: 720, margin: "0 auto" }} data-testid="asset-preview">
        <AssetMedia
          src={version?.previewUrl ?? null}
          alt={title}
          kind={kind}
          processing={version?.processing ?? null}
          size={size}
          ratio={ratio}
          eager
          large
        />
      </div>
    </Card>
  );
}
