// Amazon's image attributes ↔ our slots (DESIGN §6): main → main_product_image_locator (MAIN),
// pos2..pos9 → other_product_image_locator_1..8 (PT01..PT08). Locator values are
// [{ media_location, marketplace_id }].
import { createHash } from "node:crypto";
import { slotAt, type SlotId } from "../channel";

export const AMAZON_SLOTS: SlotId[] = Array.from({ length: 9 }, (_, i) => slotAt(i));

export const attributeOf = (slot: SlotId): string => (slot === "main" ? "main_product_image_locator" : `other_product_image_locator_${Number(slot.slice(3)) - 1}`);

export function slotOfAttribute(attribute: string): SlotId | null {
  if (attribute === "main_product_image_locator") return "main";
  const m = /^other_product_image_locator_([1-8])$/.exec(attribute);
  return m ? slotAt(Number(m[1])) : null;
}

/** The media_location of a locator value for a marketplace (values without marketplace_id apply to all). */
export function locatorUrl(value: unknown, marketplaceId: string): string | null {
  if (!Array.isArray(value)) return null;
  for (const v of value as Array<{ media_location?: unknown; marketplace_id?: unknown }>) {
    if (v && typeof v.media_location === "string" && (v.marketplace_id === undefined || v.marketplace_id === marketplaceId)) return v.media_location;
  }
  return null;
}

/** slot → URL of every filled image locator on the listing. */
export function readLocators(attributes: Record<string, unknown> | undefined, marketplaceId: string): Map<SlotId, string> {
  const out = new Map<SlotId, string>();
  for (const slot of AMAZON_SLOTS) {
    const url = locatorUrl(attributes?.[attributeOf(slot)], marketplaceId);
    if (url !== null) out.set(slot, url);
  }
  return out;
}

const SHA256_IN_NAME = /\/([0-9a-f]{64})(?:\.[A-Za-z0-9]+)?$/;

/**
 * The rendition sha256 in one of our URLs (…/<sha256>.<ext>), or null when the URL is not ours. With
 * `mediaBaseUrls`, only URLs under those prefixes count as ours.
 */
export function sourceKeyOf(url: string, mediaBaseUrls?: readonly string[]): string | null {
  if (mediaBaseUrls && !mediaBaseUrls.some((b) => url.startsWith(b))) return null;
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return null;
  }
  return SHA256_IN_NAME.exec(path)?.[1] ?? null;
}

/** What Amazon shows in a slot: the URL is immutable content (a new image needs a new URL). */
export const fingerprintOf = (url: string): string => createHash("sha256").update(url).digest("hex").slice(0, 32);
