// The closed set of activity kinds (sync outcomes and licence notices) and their words for people.
// Pure: the settings form, the feed and the message formatters share it.

export const ACTIVITY_KINDS = [
  "version.live",
  "sync.failed",
  "placement.blocked",
  "placement.drifted",
  "placement.withdrawn",
  "rights.expiring",
  "rights.expired",
] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

export const ACTIVITY_KIND_LABELS: Record<ActivityKind, string> = {
  "version.live": "Version live everywhere",
  "sync.failed": "Sync failed",
  "placement.blocked": "Placement blocked",
  "placement.drifted": "Listing changed outside Assetline",
  "placement.withdrawn": "Image withdrawn",
  "rights.expiring": "Licence ending soon",
  "rights.expired": "Licence ended",
};

export const isActivityKind = (v: unknown): v is ActivityKind => typeof v === "string" && (ACTIVITY_KINDS as readonly string[]).includes(v);

export const activityKindLabel = (kind: string) => (isActivityKind(kind) ? ACTIVITY_KIND_LABELS[kind] : kind);

/** Delivery of one activity to the shop's webhook and email: null when there was nowhere to send it. */
export type Delivery = "pending" | "sent" | "failed";
