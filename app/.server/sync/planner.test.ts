import { describe, expect, it } from "vitest";
import { slotAt, type ChannelCapabilities, type SlotId } from "../../../connectors/channel";
import { plan, sameGallery, stateOfShown, type Candidate, type DesiredImage, type ManagedTarget, type ObservedImage, type PlacementInput } from "./planner";

const CAPS: ChannelCapabilities = { maxImages: 9, slots: Array.from({ length: 9 }, (_, i) => slotAt(i)), requiredSlots: ["main"], video: false, mainPreset: "amazon.main" };

const target = (key: string, assetId = `asset-${key}`): ManagedTarget => ({
  assetId,
  versionId: `v-${key}`,
  versionNumber: 1,
  sourceKey: key,
  url: `https://app.test/media/k/${key}.jpg`,
  mime: "image/jpeg",
  width: 1000,
  height: 1000,
  storageKey: `blobs/${key}`,
});
const usable = (key: string, via: Candidate["via"] = "asset"): Candidate => ({ via, assetId: `asset-${key}`, target: target(key), blocked: null, waiting: false });
const blocked = (reason: string): Candidate => ({ via: "asset", assetId: "asset-x", target: null, blocked: reason, waiting: false });
const waiting = (): Candidate => ({ via: "asset", assetId: "asset-w", target: null, blocked: null, waiting: true });

const ext = (ref: string, i: number): ObservedImage => ({ slot: slotAt(i), externalRef: ref, sourceKey: null, fingerprint: `fp-${ref}`, state: "ready", issues: [] });
const ours = (key: string, i: number, ref = `ref-${key}`): ObservedImage => ({ slot: slotAt(i), externalRef: ref, sourceKey: key, fingerprint: `fp-${ref}`, state: "ready", issues: [] });
const gallery = (...imgs: Array<string>) => imgs.map((x, i) => (x.startsWith("ours:") ? ours(x.slice(5), i) : ext(x, i)));

function placement(id: string, slot: SlotId, candidates: Candidate[], extra: Partial<PlacementInput> = {}): PlacementInput {
  return { id, slot, state: "pending", candidates, applied: null, displacedRef: null, ...extra };
}
const applied = (key: string) => ({ sourceKey: key, externalRef: `ref-${key}` });

/** The desired gallery as short strings: "ours:<key>" or the external ref. */
const show = (desired: DesiredImage[]) => desired.map((d) => (d.kind === "managed" ? `ours:${d.target.sourceKey}` : d.externalRef));

describe("plan: placing and replacing", () => {
  it("changes nothing on a listing without placements", () => {
    const p = plan({ capabilities: CAPS, placements: [], observed: gallery("A", "B") });
    expect(show(p.desired)).toEqual(["A", "B"]);
    expect(p.changed).toBe(false);
  });

  it("a new main image replaces the image it displaced and keeps the others in order", () => {
    const p = plan({ capabilities: CAPS, placements: [placement("p1", "main", [usable("k1")], { displacedRef: "A" })], observed: gallery("A", "B", "C") });
    expect(show(p.desired)).toEqual(["ours:k1", "B", "C"]);
    expect(p.desired.map((d) => d.slot)).toEqual(["main", "pos2", "pos3"]);
    expect(p.changed).toBe(true);
    expect(p.outcomes.get("p1")).toMatchObject({ kind: "show", slot: "main", via: "asset", promoted: false });
  });

  it("a new image in pos2 goes between the others; images we do not manage are never dropped", () => {
    const p = plan({ capabilities: CAPS, placements: [placement("p1", "pos2", [usable("k1")])], observed: gallery("A", "B", "C") });
    expect(show(p.desired)).toEqual(["A", "ours:k1", "B", "C"]);
  });

  it("a slot past the end of the gallery lands right after the last image", () => {
    const p = plan({ capabilities: CAPS, placements: [placement("p1", "pos6", [usable("k1")])], observed: gallery("A") });
    expect(show(p.desired)).toEqual(["A", "ours:k1"]);
    expect(p.outcomes.get("p1")).toMatchObject({ kind: "show", slot: "pos2" });
  });

  it("an empty listing gets its placements in slot order", () => {
    const p = plan({ capabilities: CAPS, placements: [placement("p2", "pos2", [usable("k2")]), placement("p1", "main", [usable("k1")])], observed: [] });
    expect(show(p.desired)).toEqual(["ours:k1", "ours:k2"]);
  });

  it("is satisfied when the channel already shows what the placements want", () => {
    const p = plan({ capabilities: CAPS, placements: [placement("p1", "main", [usable("k1")], { applied: applied("k1"), displacedRef: "A" })], observed: gallery("ours:k1", "B") });
    expect(p.changed).toBe(false);
    expect(show(p.desired)).toEqual(["ours:k1", "B"]);
  });

  it("a new approved version replaces the old one in place", () => {
    const p = plan({ capabilities: CAPS, placements: [placement("p1", "pos2", [usable("k2")], { applied: applied("k1") })], observed: gallery("A", "ours:k1", "B") });
    expect(show(p.desired)).toEqual(["A", "ours:k2", "B"]);
    expect(p.changed).toBe(true);
  });

  it("does not push an image again because the channel failed to process it", () => {
    const failed: ObservedImage = { ...ours("k1", 0), state: "failed", issues: [{ code: "X", message: "bad", severity: "error" }] };
    const p = plan({ capabilities: CAPS, placements: [placement("p1", "main", [usable("k1")], { applied: applied("k1") })], observed: [failed] });
    expect(p.changed).toBe(false);
  });

  it("an image of ours that no placement claims any more leaves the gallery", () => {
    const p = plan({ capabilities: CAPS, placements: [], observed: gallery("ours:k9", "A") });
    expect(show(p.desired)).toEqual(["A"]);
    expect(p.desired[0]!.slot).toBe("main");
    expect(p.changed).toBe(true);
  });

  it("never empties a listing whose only image is an unclaimed one of ours (the main image is required)", () => {
    const p = plan({ capabilities: CAPS, placements: [], observed: gallery("ours:k9") });
    expect(show(p.desired)).toEqual(["ref-k9"]);
    expect(p.changed).toBe(false);
  });

  it("recognises its image by the reference it was applied under (channels that re-host, e.g. TikTok)", () => {
    const rehosted: ObservedImage = { ...ext("tt-uri-1", 0) };
    const p = plan({ capabilities: CAPS, placements: [placement("p1", "pos2", [usable("k2")], { applied: { sourceKey: "k1", externalRef: "tt-uri-1" } })], observed: [ext("A", 0), { ...rehosted, slot: "pos2" }] });
    expect(show(p.desired)).toEqual(["A", "ours:k2"]);
  });
});

describe("plan: rights, fallbacks and required slots", () => {
  it("shows the asset's fallback while the asset may not be published", () => {
    const p = plan({ capabilities: CAPS, placements: [placement("p1", "main", [blocked("Its licence ended."), usable("fb", "asset_fallback")], { applied: applied("k1") })], observed: gallery("ours:k1", "B") });
    expect(show(p.desired)).toEqual(["ours:fb", "B"]);
    expect(p.outcomes.get("p1")).toMatchObject({ kind: "show", via: "asset_fallback" });
  });

  it("falls through to the shop's default fallback", () => {
    const p = plan({ capabilities: CAPS, placements: [placement("p1", "main", [blocked("expired"), blocked("fallback archived"), usable("shop", "shop_fallback")], { applied: applied("k1") })], observed: gallery("ours:k1") });
    expect(p.outcomes.get("p1")).toMatchObject({ kind: "show", via: "shop_fallback" });
    expect(show(p.desired)).toEqual(["ours:shop"]);
  });

  it("withdraws an image from an optional slot when nothing may replace it", () => {
    const p = plan({ capabilities: CAPS, placements: [placement("p1", "pos2", [blocked("Its licence ended on 2026-12-01.")], { applied: applied("k1") })], observed: gallery("A", "ours:k1", "B") });
    expect(show(p.desired)).toEqual(["A", "B"]);
    expect(p.outcomes.get("p1")).toEqual({ kind: "withdrawn", reason: "Its licence ended on 2026-12-01." });
  });

  it("promotes the next managed image to a required slot that loses its image", () => {
    const next = placement("p2", "pos3", [usable("k2")], { applied: applied("k2"), mainTarget: target("k2-main", "asset-k2") });
    const p = plan({ capabilities: CAPS, placements: [placement("p1", "main", [blocked("expired")], { applied: applied("k1") }), next], observed: gallery("ours:k1", "A", "ours:k2") });
    expect(show(p.desired)).toEqual(["ours:k2-main", "A"]);
    expect(p.outcomes.get("p1")).toMatchObject({ kind: "withdrawn" });
    expect(p.outcomes.get("p2")).toMatchObject({ kind: "show", slot: "main", promoted: true });
  });

  it("does not promote an image of a placement in a slot before the required one or one without a main rendition", () => {
    const noMain = placement("p2", "pos2", [usable("k2")], { applied: applied("k2"), mainTarget: null });
    const p = plan({ capabilities: CAPS, placements: [placement("p1", "main", [blocked("expired")], { applied: applied("k1") }), noMain], observed: gallery("ours:k1", "ours:k2") });
    expect(p.outcomes.get("p1")!.kind).toBe("blocked");
  });

  it("blocks, and keeps the current image, when a required slot has nothing to take it (only images we do not manage)", () => {
    const p = plan({ capabilities: CAPS, placements: [placement("p1", "main", [blocked("Its licence ended.")], { applied: applied("k1") })], observed: gallery("ours:k1", "A") });
    expect(p.outcomes.get("p1")).toMatchObject({ kind: "blocked" });
    expect((p.outcomes.get("p1") as { reason: string }).reason).toMatch(/Its licence ended\. The main image may not be left empty/);
    expect(show(p.desired)).toEqual(["ref-k1", "A"]);
    expect(p.changed).toBe(false);
  });

  it("blocks a new placement on a required slot without touching the image already there", () => {
    const p = plan({ capabilities: CAPS, placements: [placement("p1", "main", [blocked("no approved version")], { displacedRef: "A" })], observed: gallery("A", "B") });
    expect(p.outcomes.get("p1")!.kind).toBe("blocked");
    expect(show(p.desired)).toEqual(["A", "B"]);
    expect(p.changed).toBe(false);
  });

  it("a placement on a channel without required slots is simply withdrawn", () => {
    const caps = { ...CAPS, requiredSlots: [] };
    const p = plan({ capabilities: caps, placements: [placement("p1", "main", [blocked("expired")], { applied: applied("k1") })], observed: gallery("ours:k1", "A") });
    expect(p.outcomes.get("p1")!.kind).toBe("withdrawn");
    expect(show(p.desired)).toEqual(["A"]);
  });

  it("explains with the first candidate's reason", () => {
    const p = plan({ capabilities: CAPS, placements: [placement("p1", "pos2", [blocked("first"), blocked("second")])], observed: gallery("A") });
    expect(p.outcomes.get("p1")).toEqual({ kind: "withdrawn", reason: "first" });
  });
});

describe("plan: waiting, drift, limits", () => {
  it("keeps what the listing shows while the new rendition is being built", () => {
    const p = plan({ capabilities: CAPS, placements: [placement("p1", "main", [waiting(), usable("fb", "asset_fallback")], { applied: applied("k1") })], observed: gallery("ours:k1", "A") });
    expect(p.outcomes.get("p1")).toEqual({ kind: "waiting" });
    expect(show(p.desired)).toEqual(["ref-k1", "A"]);
    expect(p.changed).toBe(false);
  });

  it("leaves a drifted slot to the merchant: the channel's image stays", () => {
    const p = plan({ capabilities: CAPS, placements: [placement("p1", "main", [usable("k2")], { state: "drifted", applied: applied("k1") })], observed: gallery("THEIRS", "A") });
    expect(p.outcomes.get("p1")).toEqual({ kind: "drifted" });
    expect(show(p.desired)).toEqual(["THEIRS", "A"]);
    expect(p.changed).toBe(false);
  });

  it("drops images we do not manage from the end, never ours, when the channel's limit is reached", () => {
    const nine = gallery("A", "B", "C", "D", "E", "F", "G", "H", "I");
    const p = plan({ capabilities: CAPS, placements: [placement("p1", "pos3", [usable("k1")])], observed: nine });
    expect(show(p.desired)).toEqual(["A", "B", "ours:k1", "C", "D", "E", "F", "G", "H"]);
  });

  it("blocks a placement that cannot fit because every image is ours", () => {
    const caps = { ...CAPS, maxImages: 2 };
    const ps = [placement("p1", "main", [usable("k1")]), placement("p2", "pos2", [usable("k2")]), placement("p3", "pos3", [usable("k3")])];
    const p = plan({ capabilities: caps, placements: ps, observed: [] });
    expect(show(p.desired)).toEqual(["ours:k1", "ours:k2"]);
    expect(p.outcomes.get("p3")!.kind).toBe("blocked");
  });
});

describe("stateOfShown", () => {
  it("is live only when the channel shows our image ready with no error", () => {
    expect(stateOfShown(ours("k", 0)).state).toBe("live");
    expect(stateOfShown({ ...ours("k", 0), state: "processing" }).state).toBe("submitted");
    expect(stateOfShown({ ...ours("k", 0), issues: [{ code: "W", message: "minor", severity: "warning" }] }).state).toBe("live");
    expect(stateOfShown({ ...ours("k", 0), issues: [{ code: "90220", message: "Image is not on a white background", severity: "error" }] })).toEqual({
      state: "failed",
      error: "Image is not on a white background",
      code: "90220",
    });
    expect(stateOfShown({ ...ours("k", 0), state: "failed" }).state).toBe("failed");
    expect(stateOfShown(undefined).state).toBe("syncing");
  });
});

// Property: applying a plan and planning again changes nothing (the reconciler converges in one write),
// no image we do not manage disappears unless the channel's limit forces it, and a required slot is
// never emptied while the listing has images.
describe("plan: converges in one write (generated listings)", () => {
  function rng(seed: number) {
    let s = seed >>> 0;
    return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  }
  it("holds for 2,000 generated listings", () => {
    const r = rng(42);
    for (let n = 0; n < 2000; n++) {
      const externals = Math.floor(r() * 6);
      const observed: ObservedImage[] = Array.from({ length: externals }, (_, i) => ext(`E${i}`, i));
      const slots = new Set<number>();
      const placements: PlacementInput[] = [];
      const count = Math.floor(r() * 5);
      for (let i = 0; i < count; i++) {
        const idx = Math.floor(r() * 7);
        if (slots.has(idx)) continue;
        slots.add(idx);
        const kind = r();
        const cands: Candidate[] =
          kind < 0.55 ? [usable(`k${n}-${i}`)] : kind < 0.7 ? [blocked("expired"), usable(`fb${n}-${i}`, "asset_fallback")] : kind < 0.85 ? [blocked("expired")] : [waiting()];
        placements.push(placement(`p${i}`, slotAt(idx), cands, { mainTarget: r() < 0.5 ? target(`m${n}-${i}`) : null, displacedRef: observed[idx]?.externalRef ?? null }));
      }
      const caps = { ...CAPS, maxImages: 3 + Math.floor(r() * 7) };
      const first = plan({ capabilities: caps, placements, observed });
      // The channel now shows the desired gallery.
      const after: ObservedImage[] = first.desired.map((d, i) => (d.kind === "managed" ? ours(d.target.sourceKey, i) : ext(d.externalRef, i)));
      for (const p of placements) {
        const o = first.outcomes.get(p.id)!;
        if (o.kind === "show") p.applied = applied(o.target.sourceKey);
        if (o.kind === "withdrawn") p.applied = null;
      }
      const second = plan({ capabilities: caps, placements, observed: after.map((a) => (a.sourceKey ? { ...a, externalRef: `ref-${a.sourceKey}` } : a)) });
      expect(second.changed, `listing ${n}`).toBe(false);
      expect(sameGallery(second.desired, after), `listing ${n}`).toBe(true);
      if (observed.length) expect(first.desired.length, `listing ${n} keeps a main image`).toBeGreaterThan(0);
      const keptExternals = first.desired.filter((d) => d.kind === "external").length;
      const displaced = placements.filter((p) => first.outcomes.get(p.id)?.kind === "show" && p.displacedRef).length;
      if (first.desired.length < caps.maxImages) expect(keptExternals, `listing ${n}`).toBeGreaterThanOrEqual(externals - displaced);
    }
  });
});
