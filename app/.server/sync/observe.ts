// What the channel shows, as the sync engine reads it: the observed gallery, drift (a live placement
// whose image someone changed or removed on the channel), and images the channel accepted but does not
// show yet (Amazon processes a submission for minutes to hours).
import { failedOnlyInPassing, slotAt, slotIndex, type PublishedImage } from "../../../connectors/channel";
import type { ObservedImage } from "./planner";

export function observedFromChannel(images: PublishedImage[]): ObservedImage[] {
  return images.map((i) => ({
    slot: i.slot,
    externalRef: i.externalRef,
    sourceKey: i.sourceKey,
    fingerprint: i.fingerprint,
    state: i.state,
    issues: i.issues,
    url: i.url ?? null,
  }));
}

interface Placed {
  id: string;
  slot: string;
  state: string;
  appliedSourceKey: string | null;
  externalRef: string | null;
  fingerprint: string | null;
  lastSyncedAt: Date | null;
}

export interface Drift<P> {
  placement: P;
  /** What the channel shows in the placement's slot instead (null: nothing, or one of ours). */
  observed: ObservedImage | null;
  message: string;
}

/** Live placements whose image the channel no longer shows as we left it. */
export function detectDrift<P extends Placed>(placements: P[], seen: ObservedImage[]): Array<Drift<P>> {
  const out: Array<Drift<P>> = [];
  for (const p of placements) {
    if (p.state !== "live" || !p.appliedSourceKey) continue;
    const atRef = p.externalRef ? seen.find((s) => s.externalRef === p.externalRef) : undefined;
    const inSlot = seen.find((s) => s.slot === p.slot);
    const instead = inSlot && inSlot.sourceKey !== p.appliedSourceKey ? inSlot : null;
    if (atRef) {
      if (p.fingerprint && atRef.fingerprint !== p.fingerprint)
        out.push({ placement: p, observed: { ...atRef, sourceKey: null }, message: "The image was replaced on the channel." });
      continue;
    }
    if (seen.some((s) => s.sourceKey === p.appliedSourceKey)) continue; // still ours, under a new reference
    out.push({ placement: p, observed: instead && instead.sourceKey === null ? instead : null, message: "Our image was removed from the listing on the channel." });
  }
  return out;
}

/**
 * The gallery as it will be once what the channel accepted lands: a submitted image not shown yet
 * counts as in its slot (processing) for `ttlMs`, so a read-back does not submit it again.
 */
export function withPendingOverlay(placements: Placed[], seen: ObservedImage[], at: Date, ttlMs: number): ObservedImage[] {
  const byIndex = [...seen].sort((a, b) => slotIndex(a.slot) - slotIndex(b.slot));
  for (const p of placements) {
    if (p.state !== "submitted" || !p.appliedSourceKey || !p.lastSyncedAt) continue;
    if (at.getTime() - p.lastSyncedAt.getTime() >= ttlMs) continue;
    if (byIndex.some((s) => s.sourceKey === p.appliedSourceKey)) continue;
    const index = Math.min(slotIndex(p.slot as ObservedImage["slot"]), byIndex.length);
    const pending: ObservedImage = {
      slot: slotAt(index),
      externalRef: p.externalRef ?? `pending:${p.appliedSourceKey}`,
      sourceKey: p.appliedSourceKey,
      fingerprint: p.fingerprint ?? "",
      state: "processing",
      issues: [],
    };
    if (index < byIndex.length && byIndex[index]!.sourceKey === null) byIndex[index] = pending;
    else byIndex.splice(index, 0, pending);
  }
  return byIndex.map((s, i) => ({ ...s, slot: slotAt(i) }));
}

/** Ours, and failed by the channel only for passing reasons (every error transient: the channel could not download it). */
export const failedInPassing = (img: ObservedImage) => img.sourceKey !== null && failedOnlyInPassing(img);

/**
 * The gallery to plan from: an image of ours the channel failed only in passing counts as not there, so
 * it is sent again (the connector drops the failed copy) — unless a placement meant to show it has
 * already failed: its publish spent its attempts on it, and the merchant's Retry starts over. Without this, the
 * attempt after a failed download read the failed copy, planned nothing and failed the placement for good.
 */
export function withoutPassingFailures(placements: Array<Placed & { desiredSourceKey: string | null }>, observed: ObservedImage[]): ObservedImage[] {
  const spent = new Set(placements.filter((p) => p.state === "failed").flatMap((p) => [p.appliedSourceKey, p.desiredSourceKey]));
  const kept = observed.filter((s) => !failedInPassing(s) || spent.has(s.sourceKey));
  return kept.length === observed.length ? observed : kept.map((s, i) => ({ ...s, slot: slotAt(i) }));
}
