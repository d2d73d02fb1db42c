import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { afterApproval, canDecide, chainFor, ChainSteps, DEFAULT_CHAIN, type Chain } from "./approval-chain";

const lead = randomUUID();
const imageChain: Chain = {
  id: "c1", name: "Brand → Compliance → Ops", assetKind: "image", collectionId: null,
  steps: [{ name: "Brand manager", role: "reviewer" }, { name: "Compliance", role: "editor" }, { name: "Ops lead", memberIds: [lead] }],
};
const springChain: Chain = { id: "c2", name: "Spring", assetKind: null, collectionId: "col-spring", steps: [{ name: "Marketing", role: "editor" }] };

describe("approval chains", () => {
  it("picks the collection's chain, then the kind's, then the default", () => {
    expect(chainFor([imageChain, springChain], { kind: "image", collectionIds: ["col-spring"] }).id).toBe("c2");
    expect(chainFor([imageChain, springChain], { kind: "image", collectionIds: [] }).id).toBe("c1");
    expect(chainFor([imageChain], { kind: "video", collectionIds: [] })).toBe(DEFAULT_CHAIN);
  });
  it("lets the right people decide each step", () => {
    const [brand, compliance, ops] = imageChain.steps;
    expect(canDecide(brand!, { id: "x", role: "reviewer", markets: [] })).toBe(true);
    expect(canDecide(brand!, { id: "x", role: "viewer", markets: [] })).toBe(false);
    expect(canDecide(compliance!, { id: "x", role: "reviewer", markets: [] })).toBe(true);
    expect(canDecide(ops!, { id: "someone", role: "editor", markets: [] })).toBe(false);
    expect(canDecide(ops!, { id: lead, role: "viewer", markets: [] })).toBe(true);
    expect(canDecide(ops!, { id: "boss", role: "admin", markets: [] })).toBe(true);
    expect(canDecide(DEFAULT_CHAIN.steps[0]!, { id: "v", role: "viewer", markets: [] })).toBe(false);
  });
  it("moves through the steps and ends approved", () => {
    expect(afterApproval(imageChain, 0)).toEqual({ state: "in_review", step: 1 });
    expect(afterApproval(imageChain, 2)).toEqual({ state: "approved" });
    expect(afterApproval(DEFAULT_CHAIN, 0)).toEqual({ state: "approved" });
  });
  it("validates steps", () => {
    expect(ChainSteps.safeParse([]).success).toBe(false);
    expect(ChainSteps.safeParse([{ name: "x" }]).success).toBe(false);
    expect(ChainSteps.safeParse([{ name: "x", role: "reviewer", memberIds: [lead] }]).success).toBe(false);
    expect(ChainSteps.safeParse([{ name: "Brand", role: "reviewer" }]).success).toBe(true);
  });
});
