// The diff between a product's gallery and the desired one (pure): which media stay, which get new
// content in place (fileUpdate keeps the id), which are created, which are detached, and the moves that
// put the result in slot order.
import { bySlot, ChannelError, type ChannelImage } from "../channel";
import { EXTENSION_BY_MIME, type CurrentMedia } from "./media";

export type ManagedImage = Extract<ChannelImage, { kind: "managed" }>;
export type Step = { kind: "keep"; id: string } | { kind: "replace"; id: string; image: ManagedImage } | { kind: "create"; image: ManagedImage };

export interface Plan {
  /** In gallery order. */
  steps: Step[];
  detach: string[];
}

export const extensionFor = (image: ManagedImage) => EXTENSION_BY_MIME[image.mime] ?? "jpg";

export function planGallery(current: CurrentMedia[], desired: ChannelImage[]): Plan {
  const wanted = bySlot(desired);
  const unused = new Set(current.map((m) => m.id));
  const steps: Array<Step | null> = wanted.map(() => null);

  // 1. What is already there: images we do not manage by id, ours by sourceKey (a FAILED copy is not kept).
  wanted.forEach((want, i) => {
    const same =
      want.kind === "external"
        ? current.find((c) => c.id === want.externalRef)
        : current.find((c) => c.sourceKey === want.sourceKey && c.status !== "FAILED" && unused.has(c.id));
    if (want.kind === "external" && !same) throw new ChannelError("validation", `Image ${want.externalRef} is not on this listing.`, { channelCode: "MEDIA_DOES_NOT_EXIST_ON_PRODUCT" });
    if (want.kind === "external" && same && !unused.has(same.id)) throw new ChannelError("validation", `Image ${want.externalRef} is in two slots.`, { channelCode: "DUPLICATE_MEDIA" });
    if (same && unused.has(same.id)) {
      unused.delete(same.id);
      steps[i] = { kind: "keep", id: same.id };
    }
  });

  // 2. The rest: new content for our READY image in that position when nothing else wants it, else a new medium.
  wanted.forEach((want, i) => {
    if (steps[i] || want.kind !== "managed") return;
    const inPlace = current[i];
    if (inPlace && inPlace.sourceKey !== null && inPlace.status === "READY" && unused.has(inPlace.id) && inPlace.extension === extensionFor(want)) {
      unused.delete(inPlace.id);
      steps[i] = { kind: "replace", id: inPlace.id, image: want };
    } else {
      steps[i] = { kind: "create", image: want };
    }
  });
  return { steps: steps as Step[], detach: current.filter((c) => unused.has(c.id)).map((c) => c.id) };
}

/** True when the plan changes nothing: same media, same order. */
export const isNoop = (plan: Plan, current: CurrentMedia[]) =>
  plan.detach.length === 0 && plan.steps.length === current.length && plan.steps.every((s, i) => s.kind === "keep" && s.id === current[i]!.id);

/** productReorderMedia moves (applied in order, 0-based, UnsignedInt64 as a string) turning `order` into `target`. */
export function reorderMoves(order: string[], target: string[]): Array<{ id: string; newPosition: string }> {
  const arr = [...order];
  const moves: Array<{ id: string; newPosition: string }> = [];
  target.forEach((id, i) => {
    if (arr[i] === id) return;
    const from = arr.indexOf(id);
    if (from >= 0) arr.splice(from, 1);
    arr.splice(i, 0, id);
    moves.push({ id, newPosition: String(i) });
  });
  return moves;
}
