import { Badge } from "@shopify/polaris";
import { stateLabel, stateTone } from "./format";

export function VersionStateBadge({ state }: { state: string }) {
  return <Badge tone={stateTone(state)}>{stateLabel(state)}</Badge>;
}

/** Nothing when ready; "Processing…" or "Couldn't process" otherwise. */
export function ProcessingBadge({ processing }: { processing: string }) {
  if (processing === "pending")
    return (
      <Badge tone="info" progress="partiallyComplete">
        Processing…
      </Badge>
    );
  if (processing === "failed") return <Badge tone="critical">Couldn't process</Badge>;
  return null;
}
