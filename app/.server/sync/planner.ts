// The reconciler's pure planner (DESIGN §1, §6): from a listing's placements (each with the images it may
// show, best first), and the gallery the channel showed last, it works out the gallery the listing should
// show and what happens to each placement. No I/O: the sync service resolves versions, rights, renditions
// and the compliance gate into `candidates` before calling it, and applies the plan after.
import { slotAt, slotIndex, type ChannelCapabilities, type ChannelIssue, type SlotId } from "../../../connectors/channel";

export const PLACEMENT_STATES = ["pending", "syncing", "submitted", "live", "failed", "drifted", "withdrawn", "blocked"] as const;
export type PlacementState = (typeof PLACEMENT_STATES)[number];

/** An image as the channel showed it (read back, or as setImages answered). Stored on the listing. */
export interface ObservedImage {
  slot: SlotId;
  externalRef: string;
  /** Our rendition's sha256 when the channel image is ours. */
  sourceKey: string | null;
  fingerprint: string;
  state: "processing" | "ready" | "failed";
  issues: ChannelIssue[];
  url?: string | null;
}

/** A rendition the listing can show. */
export interface ManagedTarget {
  assetId: string;
  versionId: string;
  versionNumber: number;
  sourceKey: string;
  url: string;
  mime: string;
  width: number;
  height: number;
  /** Where the rendition's bytes are (connectors that upload read them). */
  storageKey: string;
}

export type CandidateSource = "asset" | "asset_fallback" | "shop_fallback";

/** One image a placement may show: the asset itself first, then its fallback, then the shop's default. */
export interface Candidate {
  via: CandidateSource;
  assetId: string;
  /** The rendition, when it is built and may be published. */
  target: ManagedTarget | null;
  /** Why this one may not be published (licence, archived, no approved version, compliance). */
  blocked: string | null;
  /** Its rendition is still being built: wait instead of falling through to the next candidate. */
  waiting: boolean;
}

export interface PlacementInput {
  id: string;
  slot: SlotId;
  state: PlacementState;
  candidates: Candidate[];
  /** What was last applied for it (null: never published). */
  applied: { sourceKey: string; externalRef: string | null } | null;
  /** The channel image it replaced (kept out of the gallery once it publishes). */
  displacedRef: string | null;
  /**
   * The rendition of the image it would show, under the channel's main preset: used to promote it to a
   * required slot whose own placement has nothing to show. The service fills it only when that happens.
   */
  mainTarget?: ManagedTarget | null;
}

export interface PlanInput {
  capabilities: ChannelCapabilities;
  placements: PlacementInput[];
  /** The gallery as last seen (empty for a listing never read). */
  observed: ObservedImage[];
}

export type DesiredImage =
  | { kind: "managed"; slot: SlotId; target: ManagedTarget; placementId: string }
  | { kind: "external"; slot: SlotId; externalRef: string; placementId: string | null };

export type PlacementOutcome =
  /** Shows `target` at `slot` (its own slot, or the required slot it was promoted to). */
  | { kind: "show"; slot: SlotId; target: ManagedTarget; via: CandidateSource; promoted: boolean }
  /** Removed from the listing (or never put there): nothing may be shown. */
  | { kind: "withdrawn"; reason: string }
  /** Nothing may be shown, but the slot may not be left empty and nothing can take it. */
  | { kind: "blocked"; reason: string }
  /** Its rendition is being built: the listing keeps what it shows now. */
  | { kind: "waiting" }
  /** Someone changed the image on the channel: left alone until the merchant restores ours or adopts theirs. */
  | { kind: "drifted" };

export interface Plan {
  desired: DesiredImage[];
  outcomes: Map<string, PlacementOutcome>;
  /** The desired gallery differs from the observed one: publish. */
  changed: boolean;
}

type Entry = DesiredImage extends infer D ? (D extends { slot: SlotId } ? Omit<D, "slot"> : never) : never;

const isRequired = (caps: ChannelCapabilities, index: number) => caps.requiredSlots.some((s) => slotIndex(s) === index);

export function plan(input: PlanInput): Plan {
  const { capabilities: caps } = input;
  const placements = [...input.placements].sort((a, b) => slotIndex(a.slot) - slotIndex(b.slot));
  const observed = [...input.observed].sort((a, b) => slotIndex(a.slot) - slotIndex(b.slot));
  const outcomes = new Map<string, PlacementOutcome>();

  // 1. What each placement would show on its own.
  const chosen = new Map<string, { target: ManagedTarget; via: CandidateSource } | { reason: string } | "waiting" | "drifted">();
  for (const p of placements) {
    if (p.state === "drifted") {
      chosen.set(p.id, "drifted");
      continue;
    }
    let pick: { target: ManagedTarget; via: CandidateSource } | "waiting" | null = null;
    const reasons: string[] = [];
    for (const c of p.candidates) {
      if (c.waiting && !c.blocked) {
        pick = "waiting";
        break;
      }
      if (c.target && !c.blocked) {
        pick = { target: c.target, via: c.via };
        break;
      }
      reasons.push(c.blocked ?? "It has nothing to show.");
    }
    chosen.set(p.id, pick ?? { reason: reasons[0] ?? "It has nothing to show." });
  }

  // 2. Our images on the channel: any with a sourceKey, or at a ref we applied. Images of ours that no
  //    placement claims any more (a removed placement) leave the gallery; so do displaced images once
  //    their placement shows something.
  const ourRefs = new Set(placements.flatMap((p) => (p.applied?.externalRef ? [p.applied.externalRef] : [])));
  const displaced = new Set(
    placements.flatMap((p) => {
      const c = chosen.get(p.id);
      return p.displacedRef && c && typeof c === "object" && "target" in c ? [p.displacedRef] : [];
    }),
  );
  const isOurs = (o: ObservedImage) => o.sourceKey !== null || ourRefs.has(o.externalRef);
  const ownerOf = (o: ObservedImage) =>
    placements.find((p) => (p.applied?.externalRef && p.applied.externalRef === o.externalRef) || (o.sourceKey !== null && p.applied?.sourceKey === o.sourceKey));

  // 3. What stays where it is: images we do not manage, and placements that keep their current image
  //    (waiting, drifted, or blocked on a required slot). Kept in their observed order.
  const base: Array<Entry & { at: number }> = [];
  const kept = new Set<string>();
  observed.forEach((o, at) => {
    if (!isOurs(o)) {
      if (displaced.has(o.externalRef)) return;
      // A drifted placement's slot shows the channel's image: it stays, owned by that placement.
      const drifted = placements.find((p) => chosen.get(p.id) === "drifted" && slotIndex(p.slot) === at);
      base.push({ kind: "external", externalRef: o.externalRef, placementId: drifted?.id ?? null, at });
      if (drifted) kept.add(drifted.id);
      return;
    }
    const owner = ownerOf(o);
    if (!owner || kept.has(owner.id)) return;
    const c = chosen.get(owner.id);
    if (c === "waiting" || c === "drifted") {
      base.push({ kind: "external", externalRef: o.externalRef, placementId: owner.id, at });
      kept.add(owner.id);
    }
  });

  // 4. Placements that show something go to their slot; the rest are withdrawn — except on a required
  //    slot, which takes the next managed image, or else keeps what it has (blocked).
  const shows = placements.filter((p) => {
    const c = chosen.get(p.id);
    return typeof c === "object" && "target" in c;
  });
  const gallery: Array<Entry & { want: number }> = base.map((b) => ({ ...b, want: b.at }));
  let promotedFrom: string | null = null;
  for (const p of placements) {
    const c = chosen.get(p.id)!;
    if (c === "waiting") {
      outcomes.set(p.id, { kind: "waiting" });
      continue;
    }
    if (c === "drifted") {
      outcomes.set(p.id, { kind: "drifted" });
      continue;
    }
    if ("target" in c) continue; // placed below
    const index = slotIndex(p.slot);
    if (!isRequired(caps, index)) {
      outcomes.set(p.id, { kind: "withdrawn", reason: c.reason });
      continue;
    }
    const next = shows.find((q) => q.id !== promotedFrom && slotIndex(q.slot) > index && q.mainTarget);
    if (next) {
      promotedFrom = next.id;
      outcomes.set(p.id, { kind: "withdrawn", reason: `${c.reason} The next managed image took its place.` });
      continue;
    }
    outcomes.set(p.id, { kind: "blocked", reason: `${c.reason} The ${p.slot === "main" ? "main image" : p.slot} may not be left empty and no fallback image can take it.` });
    // Its image stays where it is: a required slot is never emptied. (Never published: whatever the
    // listing shows there already stays, as an image we do not manage.)
    const current = observed.find((o) => isOurs(o) && ownerOf(o)?.id === p.id);
    if (current) gallery.push({ kind: "external", externalRef: current.externalRef, placementId: p.id, want: index });
  }
  for (const p of shows) {
    const c = chosen.get(p.id) as { target: ManagedTarget; via: CandidateSource };
    if (p.id === promotedFrom) {
      const required = placements.find((q) => outcomes.get(q.id)?.kind === "withdrawn" && isRequired(caps, slotIndex(q.slot)));
      const want = required ? slotIndex(required.slot) : 0;
      gallery.push({ kind: "managed", target: p.mainTarget!, placementId: p.id, want });
      outcomes.set(p.id, { kind: "show", slot: slotAt(want), target: p.mainTarget!, via: c.via, promoted: true });
      continue;
    }
    gallery.push({ kind: "managed", target: c.target, placementId: p.id, want: slotIndex(p.slot) });
    outcomes.set(p.id, { kind: "show", slot: p.slot, target: c.target, via: c.via, promoted: false });
  }

  // 5. Order: managed images claim their slot; the others fill the gaps in their observed order. A
  //    listing holds at most maxImages: images we do not manage go first, then the highest slots.
  const managed = gallery.filter((g) => g.kind === "managed").sort((a, b) => a.want - b.want);
  const others = gallery.filter((g) => g.kind !== "managed").sort((a, b) => a.want - b.want);
  const ordered: Array<Entry & { want: number }> = [];
  const total = managed.length + others.length;
  for (let i = 0, m = 0, o = 0; i < total; i++) {
    const nextManaged = managed[m];
    const nextOther = others[o];
    if (nextManaged && (nextManaged.want <= i || !nextOther)) {
      ordered.push(nextManaged);
      m++;
    } else if (nextOther) {
      ordered.push(nextOther);
      o++;
    }
  }
  // Removing images (ours no one claims any more) must not empty a listing whose first image is required.
  if (!ordered.length && observed.length && caps.requiredSlots.length)
    ordered.push({ kind: "external", externalRef: observed[0]!.externalRef, placementId: null, want: 0 });
  while (ordered.length > caps.maxImages) {
    let drop = -1;
    for (let i = ordered.length - 1; i >= 0; i--)
      if (ordered[i]!.kind === "external" && ordered[i]!.placementId === null) {
        drop = i;
        break;
      }
    if (drop < 0) drop = ordered.length - 1;
    const [gone] = ordered.splice(drop, 1);
    if (gone?.placementId && gone.kind === "managed")
      outcomes.set(gone.placementId, { kind: "blocked", reason: `The listing already holds the most images the channel takes (${caps.maxImages}).` });
  }

  const desired: DesiredImage[] = ordered.map((e, i) => {
    const slot = slotAt(i);
    if (e.kind === "managed") {
      const o = outcomes.get(e.placementId);
      if (o?.kind === "show") outcomes.set(e.placementId, { ...o, slot });
      return { kind: "managed", slot, target: e.target, placementId: e.placementId };
    }
    return { kind: "external", slot, externalRef: e.externalRef, placementId: e.placementId };
  });
  return { desired, outcomes, changed: !sameGallery(desired, observed) };
}

/** The observed gallery already is the desired one (same images in the same order). */
export function sameGallery(desired: DesiredImage[], observed: ObservedImage[]): boolean {
  const seen = [...observed].sort((a, b) => slotIndex(a.slot) - slotIndex(b.slot));
  if (desired.length !== seen.length) return false;
  return desired.every((d, i) => {
    const o = seen[i]!;
    return d.kind === "managed" ? o.sourceKey === d.target.sourceKey : o.externalRef === d.externalRef;
  });
}

/**
 * The state a placement that shows an image is in, from what the channel says of it: `live` only when
 * the channel shows our image, ready, with no error; `submitted` while the channel still processes it.
 */
export function stateOfShown(image: ObservedImage | undefined): { state: PlacementState; error: string | null; code: string | null } {
  if (!image) return { state: "syncing", error: null, code: null };
  const blocking = image.issues.filter((i) => i.severity === "error");
  if (image.state === "failed" || blocking.length)
    return { state: "failed", error: blocking.map((i) => i.message).join(" ") || "The channel could not process the image.", code: blocking[0]?.code ?? null };
  if (image.state === "processing") return { state: "submitted", error: null, code: null };
  return { state: "live", error: null, code: null };
}
