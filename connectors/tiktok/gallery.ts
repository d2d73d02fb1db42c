// Pure rules for a TikTok gallery: capabilities, validate(), and the main_images list setImages aims for.
import { bySlot, slotAt, type ChannelCapabilities, type ChannelImage, type Problem } from "../channel";

export const TIKTOK_CAPABILITIES: ChannelCapabilities = {
  maxImages: 9,
  slots: Array.from({ length: 9 }, (_, i) => slotAt(i)),
  requiredSlots: ["main"],
  video: false,
  mainPreset: "tiktok.main",
};

const MIMES = new Set(["image/jpeg", "image/png", "image/webp"]);

/** 1–9 images in main, pos2, … with no gaps (TikTok has positions, not named slots); managed files fit §3.4. */
export function validateTikTokGallery(images: ChannelImage[]): Problem[] {
  const problems: Problem[] = [];
  const caps = TIKTOK_CAPABILITIES;
  if (images.length > caps.maxImages) problems.push({ slot: null, rule: "max_images", message: `TikTok Shop takes at most ${caps.maxImages} images.` });
  const seen = new Set<string>();
  for (const img of images) {
    if (!caps.slots.includes(img.slot)) problems.push({ slot: img.slot, rule: "slot", message: `TikTok Shop has no slot ${img.slot}.` });
    if (seen.has(img.slot)) problems.push({ slot: img.slot, rule: "duplicate_slot", message: `Two images for ${img.slot}.` });
    seen.add(img.slot);
    if (img.kind !== "managed") continue;
    if (!MIMES.has(img.mime)) problems.push({ slot: img.slot, rule: "format", message: `TikTok Shop takes JPG, PNG or WEBP, not ${img.mime}.` });
    if (Math.min(img.width, img.height) < 300 || Math.max(img.width, img.height) > 4000)
      problems.push({ slot: img.slot, rule: "dimensions", message: `Main images must be 300–4000 px; this one is ${img.width}x${img.height}.` });
  }
  for (const slot of caps.requiredSlots) if (!seen.has(slot)) problems.push({ slot, rule: "required_slot", message: `The ${slot} image cannot be left empty.` });
  // A gap would be closed up by TikTok, and every later image would read back in another slot (endless drift).
  const ordered = bySlot(images.filter((i) => caps.slots.includes(i.slot)));
  ordered.forEach((img, i) => {
    if (img.slot !== slotAt(i) && !seen.has(slotAt(i)))
      problems.push({ slot: slotAt(i), rule: "gap", message: `Slot ${slotAt(i)} is empty but a later slot is not; TikTok images have no gaps.` });
  });
  return problems;
}

export const sameList = (a: string[], b: string[]): boolean => a.length === b.length && a.every((v, i) => v === b[i]);
