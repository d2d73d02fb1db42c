// A fixed 1:1 box for an asset's picture: nothing shifts while images load (explicit size + aspect-ratio),
// with honest states for versions still processing, failed, or without a picture (audio).
import { Badge, Icon, Spinner, Text } from "@shopify/polaris";
import { FileIcon, ImageIcon, PlayCircleIcon, SoundIcon } from "@shopify/polaris-icons";
import "./library.css";
import { kindLabel } from "./format";

export function kindIcon(kind: string) {
  switch (kind) {
    case "video":
      return PlayCircleIcon;
    case "audio":
      return SoundIcon;
    case "document":
      return FileIcon;
    default:
      return ImageIcon;
  }
}

export interface AssetMediaProps {
  src: string | null;
  alt: string;
  kind: string;
  processing: string | null;
  /** Intrinsic size of `src`, for the img attributes (the box itself is always square). */
  size?: { width: number; height: number } | null;
  /** Thumbnails load lazily; the big preview eagerly. */
  eager?: boolean;
  /** Larger type and spinner for the detail page. */
  large?: boolean;
  /** The box's aspect ratio (width / height); 1 by default. */
  ratio?: number;
  /** A small thumbnail (version list): icons only, no captions or overlays. */
  compact?: boolean;
}

export function AssetMedia({ src, alt, kind, processing, size, eager, large, ratio, compact }: AssetMediaProps) {
  const style = ratio && ratio !== 1 ? { aspectRatio: String(ratio) } : undefined;
  const cls = `al-media-box${large ? " al-media-box--large" : ""}`;
  if (src) {
    return (
      <div className={cls} style={style}>
        <img
          src={src}
          alt={alt}
          width={size?.width ?? 400}
          height={size?.height ?? 400}
          loading={eager ? "eager" : "lazy"}
          decoding="async"
          draggable={false}
        />
        {kind === "video" && !compact && (
          <div className="al-media-box__corner">
            <Badge icon={PlayCircleIcon}>Video</Badge>
          </div>
        )}
      </div>
    );
  }
  let body;
  if (processing === "pending") {
    body = (
      <>
        <Spinner size={large ? "large" : "small"} accessibilityLabel="Processing" />
        {!compact && (
          <Text as="span" variant={large ? "bodyMd" : "bodySm"} tone="subdued">
            Processing…
          </Text>
        )}
      </>
    );
  } else if (processing === "failed") {
    body = (
      <>
        <Icon source={kindIcon(kind)} tone="critical" />
        {!compact && <Badge tone="critical">Couldn't process</Badge>}
      </>
    );
  } else {
    body = (
      <>
        <Icon source={kindIcon(kind)} tone="subdued" />
        {!compact && (
          <Text as="span" variant={large ? "bodyMd" : "bodySm"} tone="subdued">
            {kindLabel(kind)}
          </Text>
        )}
      </>
    );
  }
  return (
    <div className={`${cls} al-media-box--plain`} style={style} role="img" aria-label={alt}>
      <div className="al-media-box__center">{body}</div>
    </div>
  );
}
