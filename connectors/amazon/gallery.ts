// Pure gallery logic for Amazon: what a listing shows (PublishedImage per filled locator) and the
// patches that make it equal a desired gallery. Set semantics: a slot is written only when its URL
// changes and deleted only when no longer desired, so a second run sends nothing.
import { failedOnlyInPassing, type ChannelImage, type ChannelIssue, type PublishedImage, type SlotId } from "../channel";
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

/** Amazon could not download the image (our server slow or briefly unreachable): sending it again may work. */
export const PASSING_IMAGE_ISSUES = new Set(["IMAGE_DOWNLOAD_FAILED"]);
/**
 * How many times one rendition Amazon could not download is sent again. Each time under a new URL
 * (`?resend=n`: Amazon treats what a URL holds as immutable and may not fetch a URL it already tried);
 * the path — and so the rendition it names — stays the same.
 */
export const MAX_RESENDS = 3;
const RESEND = "resend";

/** How many times this URL's image was sent again (its `resend` parameter; 0 without one). */
export function resendsOf(url: string): number {
  try {
    const n = Number(new URL(url).searchParams.get(RESEND) ?? "0");
    return Number.isInteger(n) && n > 0 ? n : 0;
  } catch {
    return 0;
  }
}

export function withResend(url: string, n: number): string {
  const u = new URL(url);
  if (n > 0) u.searchParams.set(RESEND, String(n));
  else u.searchParams.delete(RESEND);
  return u.toString();
}

/** Whether two URLs differ at most in `resend` (compared as parsed URLs, so a normalised copy matches). */
function sameButResend(a: string, b: string): boolean {
  try {
    return withResend(a, 0) === withResend(b, 0);
  } catch {
    return a === b;
  }
}

/** An image Amazon could not fetch is a passing failure while it may still be sent again. */
function withPassing(issues: ChannelIssue[], url: string): ChannelIssue[] {
  if (!issues.some((i) => PASSING_IMAGE_ISSUES.has(i.code)) || resendsOf(url) >= MAX_RESENDS) return issues;
  return issues.map((i) => (PASSING_IMAGE_ISSUES.has(i.code) ? { ...i, transient: true } : i));
}

export function publishedImage(slot: SlotId, url: string, issues: ChannelIssue[], processing: boolean, mediaBaseUrls?: readonly string[]): PublishedImage {
  const shown = withPassing(issues, url);
  const failed = shown.some((i) => i.severity === "error");
  return { slot, externalRef: url, sourceKey: sourceKeyOf(url, mediaBaseUrls), fingerprint: fingerprintOf(url), state: processing ? "processing" : failed ? "failed" : "ready", issues: shown, url };
}

/**
 * The locators to send for `desired`: a managed image already in its slot under a resend URL keeps that
 * URL (it is the same rendition), and one Amazon failed only in passing is sent again under the next.
 * `current` holds what the listing will show once pending submissions land; `shown` what it shows now
 * (a resend still in flight is not sent again).
 */
export function locatorsToSend(desired: ChannelImage[], current: Map<SlotId, string>, shown: PublishedImage[]): Map<SlotId, string | null> {
  const want = desiredLocators(desired);
  for (const img of desired) {
    if (img.kind !== "managed") continue;
    const c = current.get(img.slot);
    if (c === undefined || !sameButResend(c, img.url)) continue;
    const now = shown.find((s) => s.slot === img.slot);
    want.set(img.slot, now?.url === c && failedOnlyInPassing(now) ? withResend(c, resendsOf(c) + 1) : c);
  }
  return want;
}
