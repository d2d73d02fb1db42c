import { Thumbnail, type ThumbnailProps } from "@shopify/polaris";
import { ImageIcon } from "@shopify/polaris-icons";

/** A thumbnail, or an image placeholder when there is no URL (a channel that did not say where its image is). */
export function ImageThumb({ url, alt, size = "small" }: { url: string | null | undefined; alt: string; size?: ThumbnailProps["size"] }) {
  return <Thumbnail size={size} source={url || ImageIcon} alt={url ? alt : `${alt} (no preview)`} />;
}
