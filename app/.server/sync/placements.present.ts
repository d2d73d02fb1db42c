// The REST shape of a placement. Rows from list/get carry their listing and asset; rows fresh from an
// insert do not, so those fields are optional here and come out as null rather than being guessed.
import { slotLabel } from "./placements.service";

export interface PlacementRow {
  id: string;
  assetId: string;
  listingId: string;
  slot: string;
  presetId: string;
  state: string;
  pinnedVersionId: string | null;
  desiredVersionId: string | null;
  appliedVersionId: string | null;
  externalRef: string | null;
  lastError: string | null;
  lastErrorCode: string | null;
  batchId: string | null;
  lastSyncedAt: Date | null;
  liveAt: Date | null;
  createdAt: Date;
  asset?: { title: string };
  listing?: { title: string; marketplaceId: string; account: { channel: string } };
}

export function presentPlacement(p: PlacementRow) {
  const channel = p.listing?.account.channel ?? null;
  return {
    id: p.id,
    assetId: p.assetId,
    assetTitle: p.asset?.title ?? null,
    listingId: p.listingId,
    listingTitle: p.listing?.title ?? null,
    channel,
    // Listings without marketplaces (Shopify, TikTok) store "", which reads better as null.
    marketplaceId: p.listing?.marketplaceId || null,
    slot: p.slot,
    slotLabel: channel ? slotLabel(channel, p.slot) : p.slot,
    presetId: p.presetId,
    state: p.state,
    pinnedVersionId: p.pinnedVersionId,
    followsLatest: p.pinnedVersionId === null,
    desiredVersionId: p.desiredVersionId,
    appliedVersionId: p.appliedVersionId,
    externalRef: p.externalRef,
    lastError: p.lastError,
    lastErrorCode: p.lastErrorCode,
    batchId: p.batchId,
    lastSyncedAt: p.lastSyncedAt?.toISOString() ?? null,
    liveAt: p.liveAt?.toISOString() ?? null,
    createdAt: p.createdAt.toISOString(),
  };
}

export type PresentedPlacement = ReturnType<typeof presentPlacement>;
