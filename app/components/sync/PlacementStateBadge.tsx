import { Badge } from "@shopify/polaris";
import { stateStyle } from "./labels";

/** live = success, on its way = info/attention with progress, failed/blocked = critical, drifted/withdrawn = warning. */
export function PlacementStateBadge({ state }: { state: string }) {
  const s = stateStyle(state);
  return (
    <span data-testid="placement-state" data-state={state}>
      <Badge tone={s.tone} progress={s.progress}>
        {s.label}
      </Badge>
    </span>
  );
}
