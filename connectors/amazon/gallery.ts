// Pure gallery logic for Amazon: what a listing shows (PublishedImage per filled locator) and the
// patches that make it equal a desired gallery. Set semantics: a slot is written only when its URL
// changes and deleted only when no longer desired, so a second run sends nothing.
import type { ChannelImage, ChannelIssue, PublishedImage, SlotId } from "../channel";
import type { AmazonIssue } from "./model-types";
import { AMAZON_SLOTS, attributeOf, fingerprintOf, slotOfAttribute, sourceKeyOf } from "./slots";

export interface LocatorPatch {
  op: "replace" | "delete";
  path: string;
  value: Array<Record<string, string>>;
}

/** The URL a desired image puts in its slot: ours for managed images, the current one for external ones. */
export const urlOf = (img: ChannelImage): string => (img.kind === "managed" ? img.url : img.externalRef);

/** slot → URL wanted, null for every slot that must end up empty. */
export function desiredLocators(desired: ChannelImage[]): Map<SlotId, string | null> {
  const want = new Map<SlotId, string | null>(AMAZON_SLOTS.map((s) => [s, null]));
  for (const img of desired) want.set(img.slot, urlOf(img));
  return want;
}

export function diffGallery(current: Map<SlotId, string>, want: Map<SlotId, string | null>, marketplaceId: string): LocatorPatch[] {
  const patches: LocatorPatch[] = [];
  for (const slot of AMAZON_SLOTS) {
    const d = want.get(slot) ?? null;
    const c = current.get(slot) ?? null;
    const path = `/attributes/${attributeOf(slot)}`;
    if (d !== null && d !== c) patches.push({ op: "replace", path, value: [{ media_location: d, marketplace_id: marketplaceId }] });
    else if (d === null && c !== null) patches.push({ op: "delete", path, value: [{ marketplace_id: marketplaceId }] });
  }
  return patches;
}

/** Image issues by slot; image issues that name no locator are about the MAIN image. */
export function issuesBySlot(issues: AmazonIssue[] | undefined): Map<SlotId, ChannelIssue[]> {
  const out = new Map<SlotId, ChannelIssue[]>();
  for (const i of issues ?? []) {
    const slots = (i.attributeNames ?? []).map(slotOfAttribute).filter((s): s is SlotId => s !== null);
    const aboutImages = (i.categories ?? []).some((c) => c === "INVALID_IMAGE" || c === "MISSING_IMAGE");
    if (slots.length === 0 && aboutImages && (i.attributeNames ?? []).length === 0) slots.push("main");
    for (const slot of slots)
      out.set(slot, [...(out.get(slot) ?? []), { code: i.code, message: i.message, severity: i.severity === "ERROR" ? "error" : "warning", slot }]);
  }
  return out;
}

export function publishedImage(slot: SlotId, url: string, issues: ChannelIssue[], processing: boolean, mediaBaseUrls?: readonly string[]): PublishedImage {
  const failed = issues.some((i) => i.severity === "error");
  return { slot, externalRef: url, sourceKey: sourceKeyOf(url, mediaBaseUrls), fingerprint: fingerprintOf(url), state: processing ? "processing" : failed ? "failed" : "ready", issues, url };
}
