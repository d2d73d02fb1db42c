// One rendition exactly as the channel receives it, in a white frame of the preset's shape (the
// channel's product-page image slot), with the channel's name under it. Opens full size on click.
import type { ReactNode } from "react";
import { BlockStack, InlineStack, Text } from "@shopify/polaris";
import { formatBytes } from "../library/format";
import { channelName } from "./labels";
import type { RenditionView } from "./types";
import "../library/library.css";
import "./compliance.css";

export interface ChannelFrameProps {
  /** The preset's box: the frame has its shape even before anything is built. */
  box: { width: number; height: number };
  channel: string;
  rendition: RenditionView | null;
  alt: string;
  small?: boolean;
  /** Shown inside the frame when there is no rendition (spinner, Build button). */
  empty?: ReactNode;
  /** Over the caption, e.g. "Before" with its badge. */
  label?: ReactNode;
}

export function ChannelFrame({ box, channel, rendition, alt, small, empty, label }: ChannelFrameProps) {
  const portrait = box.height >= box.width;
  return (
    <BlockStack gap="100">
      {label}
      <div className={`al-channel-frame${small ? " al-channel-frame--small" : ""}`}>
        <div
          className={`al-channel-frame__page al-channel-frame__page--${portrait ? "portrait" : "landscape"}`}
          style={{ aspectRatio: `${box.width} / ${box.height}` }}
        >
          {rendition ? (
            <a href={rendition.url} target="_blank" rel="noreferrer" title="Open full size">
              <img src={rendition.url} alt={alt} loading="lazy" />
            </a>
          ) : (
            <div className="al-media-box__center">{empty}</div>
          )}
        </div>
      </div>
      <InlineStack align="space-between" gap="100" wrap={false}>
        <Text as="span" variant="bodySm" tone="subdued" truncate>
          {channelName(channel)}
        </Text>
        {rendition && (
          <Text as="span" variant="bodySm" tone="subdued" numeric>
            {`${rendition.width}×${rendition.height} ${rendition.mime === "image/png" ? "PNG" : "JPEG"} · ${formatBytes(rendition.bytes)}`}
          </Text>
        )}
      </InlineStack>
    </BlockStack>
  );
}
