// The gallery diff: keep by id/sourceKey, replace in place only where fileUpdate can (ours, READY, same
// extension), create otherwise, detach the rest; moves that reach the target order.
import { describe, expect, it } from "vitest";
import { ChannelError, type ChannelImage, type SlotId } from "../channel";
import type { CurrentMedia } from "./media";
import { isNoop, planGallery, reorderMoves } from "./plan";

const sha = (c: string) => c.repeat(64);
const ours = (id: string, key: string, extra: Partial<CurrentMedia> = {}): CurrentMedia => ({ id, status: "READY", sourceKey: sha(key), extension: "jpg", url: null, errors: [], ...extra });
const theirs = (id: string): CurrentMedia => ({ id, status: "READY", sourceKey: null, extension: "jpg", url: null, errors: [] });
const managed = (slot: SlotId, key: string, mime = "image/jpeg"): ChannelImage => ({ kind: "managed", slot, sourceKey: sha(key), url: `https://cdn.example/${sha(key)}.jpg`, mime, width: 1, height: 1, open: async () => new Blob([]).stream() });

describe("planGallery", () => {
  it("keeps what matches and changes nothing when the gallery is already right", () => {
    const current = [ours("m1", "a"), theirs("t1")];
    const plan = planGallery(current, [{ kind: "external", slot: "pos2", externalRef: "t1" }, managed("main", "a")]);
    expect(plan.steps).toEqual([{ kind: "keep", id: "m1" }, { kind: "keep", id: "t1" }]);
    expect(isNoop(plan, current)).toBe(true);
  });

  it("replaces our READY image in place, but creates when the extension differs or it is still processing", () => {
    expect(planGallery([ours("m1", "a")], [managed("main", "b")]).steps).toMatchObject([{ kind: "replace", id: "m1", image: { sourceKey: sha("b") } }]);
    const png = planGallery([ours("m1", "a")], [managed("main", "b", "image/png")]);
    expect(png.steps[0]!.kind).toBe("create");
    expect(png.detach).toEqual(["m1"]);
    expect(planGallery([ours("m1", "a", { status: "PROCESSING" })], [managed("main", "b")]).steps[0]!.kind).toBe("create");
    expect(planGallery([theirs("t1")], [managed("main", "b")]).steps[0]!.kind).toBe("create");
  });

  it("never replaces an image that is wanted elsewhere, and does not keep a FAILED copy", () => {
    const plan = planGallery([ours("m1", "a"), ours("m2", "b")], [managed("main", "c"), managed("pos2", "a")]);
    expect(plan.steps[1]).toEqual({ kind: "keep", id: "m1" });
    expect(plan.steps[0]!.kind).toBe("create"); // m1 (position 0) is wanted in pos2
    expect(plan.detach).toEqual(["m2"]);
    const failed = planGallery([ours("m1", "a", { status: "FAILED" })], [managed("main", "a")]);
    expect(failed.steps[0]!.kind).toBe("create");
    expect(failed.detach).toEqual(["m1"]);
  });

  it("refuses an external image that is not on the product", () => {
    expect(() => planGallery([], [{ kind: "external", slot: "main", externalRef: "gone" }])).toThrow(ChannelError);
  });
});

describe("reorderMoves", () => {
  const apply = (order: string[], moves: Array<{ id: string; newPosition: string }>) => {
    const arr = [...order];
    for (const m of moves) {
      arr.splice(arr.indexOf(m.id), 1);
      arr.splice(Number(m.newPosition), 0, m.id);
    }
    return arr;
  };
  it.each([
    [["a", "b", "c"], ["a", "b", "c"]],
    [["a", "b", "c"], ["c", "a", "b"]],
    [["a", "b", "c", "d"], ["d", "c", "b", "a"]],
    [["x", "y", "n1", "n2"], ["n2", "y", "n1", "x"]],
  ])("%j → %j", (order, target) => {
    const moves = reorderMoves(order, target);
    expect(apply(order, moves)).toEqual(target);
    if (order.join() === target.join()) expect(moves).toEqual([]);
  });
});
