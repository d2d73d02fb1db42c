// The JSON shapes the sync screens receive from their loaders (components never import server code).

/** The ways out of a drifted placement: put ours back, adopt the channel's, or adopt it and keep it as a new version. */
export type DriftChoice = "restore" | "adopt" | "keep";

/** One row of an asset's usage map: where it is placed and how that placement is doing. */
export interface UsageRowView {
  id: string;
  listingId: string;
  listingTitle: string;
  listingExternalId: string;
  listingGone: boolean;
  channel: string;
  accountName: string;
  marketplaceId: string;
  slot: string;
  slotLabel: string;
  state: string;
  followsLatest: boolean;
  pinnedVersion: number | null;
  liveVersion: number | null;
  desiredVersion: number | null;
  showing: "asset" | "fallback" | null;
  lastError: string | null;
  observedUrl: string | null;
  lastSyncedAt: string | null;
  liveAt: string | null;
}

/** A version the placements can be rolled back to. */
export interface ApprovedVersionView {
  id: string;
  number: number;
}

/** A sync batch (one merchant change reaching every listing it touches). */
export interface BatchView {
  id: string;
  reason: string;
  title: string;
  assetId: string | null;
  createdAt: string;
  finishedAt: string | null;
  total: number;
  done: number;
  counts: Record<string, number>;
}

/** A placement that needs the merchant: failed, blocked or drifted. */
export interface ProblemView {
  id: string;
  state: string;
  assetId: string;
  assetTitle: string;
  listingId: string;
  listingTitle: string;
  channel: string;
  accountName: string;
  slotLabel: string;
  lastError: string | null;
  observedUrl: string | null;
  lastSyncedAt: string | null;
}

/** A listing as the pickers and previews show it. */
export interface ListingView {
  id: string;
  title: string;
  externalId: string;
  channel: string;
  marketplaceId: string;
  accountName: string;
  images: Array<{ key: string; url: string | null }>;
}

/** One image of a gallery preview. */
export interface GalleryImageView {
  key: string;
  slotLabel: string;
  url: string | null;
  /** The chosen asset, in the slot it is placed in. */
  isNew?: boolean;
}
