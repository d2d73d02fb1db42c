// "v2 live · v3 on its way", "follows latest approved" / "pinned to v2": what a placement shows and wants.
import type { UsageRowView } from "./types";

export function versionLine(r: Pick<UsageRowView, "liveVersion" | "desiredVersion" | "showing" | "state">): string {
  if (r.showing === "fallback") return r.desiredVersion ? `Fallback shown · v${r.desiredVersion} on its way` : "Fallback asset shown";
  const live = r.liveVersion;
  const wanted = r.desiredVersion;
  if (live && wanted && live !== wanted) return `v${live} live · v${wanted} on its way`;
  if (live) return `v${live} live`;
  if (wanted) return r.state === "live" ? `v${wanted} live` : `v${wanted} on its way`;
  return "Not shown yet";
}

export const followLine = (r: Pick<UsageRowView, "followsLatest" | "pinnedVersion">) =>
  r.followsLatest ? "Follows latest approved" : r.pinnedVersion ? `Pinned to v${r.pinnedVersion}` : "Pinned";
