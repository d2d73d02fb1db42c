import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { liveVersionOf, nextState } from "./version-state";

describe("version state machine", () => {
  it("approves a processed draft and refuses an unprocessed one", () => {
    expect(nextState("approve", { state: "draft", processing: "ready", number: 1 })).toBe("approved");
    expect(() => nextState("approve", { state: "draft", processing: "pending", number: 2 })).toThrow(AppError);
    expect(() => nextState("approve", { state: "draft", processing: "failed", number: 2 })).toThrow(/could not be processed/);
  });
  it("does not approve twice or approve a retired version", () => {
    expect(() => nextState("approve", { state: "approved", processing: "ready", number: 1 })).toThrow(/approved/);
    expect(() => nextState("approve", { state: "retired", processing: "ready", number: 1 })).toThrow(AppError);
  });
  it("submits, rejects and retires", () => {
    expect(nextState("submit", { state: "draft", processing: "ready", number: 1 })).toBe("in_review");
    expect(nextState("reject", { state: "in_review", processing: "ready", number: 1 })).toBe("rejected");
    expect(nextState("retire", { state: "approved", processing: "ready", number: 1 })).toBe("retired");
  });
  it("live version is the newest approved", () => {
    const vs = [
      { id: "a", number: 1, state: "approved" },
      { id: "b", number: 2, state: "approved" },
      { id: "c", number: 3, state: "draft" },
    ];
    expect(liveVersionOf(vs)?.id).toBe("b");
    expect(liveVersionOf([{ id: "x", number: 1, state: "draft" }])).toBeNull();
  });
});
