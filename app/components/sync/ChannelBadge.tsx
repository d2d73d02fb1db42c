import { Badge } from "@shopify/polaris";
import { channelLabel } from "./labels";

export function ChannelBadge({ channel }: { channel: string }) {
  return <Badge>{channelLabel(channel)}</Badge>;
}
