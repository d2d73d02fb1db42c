// Usage rights (pure): the status an asset's licence is in, and whether a use (download, a market, a
// channel) is covered. The rights.scan job and every download/publish check call these.

export const RIGHTS_STATUSES = ["ok", "expiring", "expired", "restricted"] as const;
export type RightsStatus = (typeof RIGHTS_STATUSES)[number];

export const EXPIRY_WARNING_DAYS = 7;
const DAY = 24 * 3600 * 1000;

export interface RightsTerms {
  licenceStart: Date | null;
  licenceEnd: Date | null;
  territories: readonly string[];
  channels: readonly string[];
  containsPeople: boolean;
  modelReleaseRef: string | null;
}

/**
 * expired: the licence ended; restricted: it has not started, or people are shown without a model
 * release; expiring: it ends within seven days; ok otherwise (also when no end is set).
 */
export function rightsStatus(r: RightsTerms, now: Date): RightsStatus {
  if (r.licenceEnd && r.licenceEnd.getTime() <= now.getTime()) return "expired";
  if (r.licenceStart && r.licenceStart.getTime() > now.getTime()) return "restricted";
  if (r.containsPeople && !r.modelReleaseRef?.trim()) return "restricted";
  if (r.licenceEnd && r.licenceEnd.getTime() - now.getTime() <= EXPIRY_WARNING_DAYS * DAY) return "expiring";
  return "ok";
}

export interface RightsUse {
  market?: string;
  channel?: string;
}

/** Why this use is not covered, or null when it is. No rights recorded means no restriction. */
export function rightsBlock(r: RightsTerms | null, use: RightsUse, now: Date): string | null {
  if (!r) return null;
  const status = rightsStatus(r, now);
  if (status === "expired") return `Its licence ended on ${r.licenceEnd!.toISOString().slice(0, 10)}.`;
  if (status === "restricted")
    return r.licenceStart && r.licenceStart.getTime() > now.getTime()
      ? `Its licence starts on ${r.licenceStart.toISOString().slice(0, 10)}.`
      : "It shows people and has no model release on file.";
  if (use.market && r.territories.length && !r.territories.includes(use.market))
    return `It is not licensed for ${use.market} (licensed for ${r.territories.join(", ")}).`;
  if (use.channel && r.channels.length && !r.channels.includes(use.channel))
    return `It is not licensed for ${use.channel} (licensed for ${r.channels.join(", ")}).`;
  return null;
}
