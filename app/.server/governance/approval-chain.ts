// Approval chains (pure): which chain a version follows, who may decide a step, what comes next.
import { z } from "zod";
import { ROLES, type Principal, type Role } from "./policy";

export const ChainStep = z
  .object({
    name: z.string().trim().min(1).max(60),
    role: z.enum(ROLES).optional(),
    memberIds: z.array(z.string().uuid()).max(20).optional(),
  })
  .refine((s) => Boolean(s.role) !== Boolean(s.memberIds?.length), "Each step is decided by a role or by named members.");
export type ChainStep = z.infer<typeof ChainStep>;
export const ChainSteps = z.array(ChainStep).min(1, "A chain needs at least one step.").max(8);

export interface Chain {
  id: string | null; // null: the built-in default
  name: string;
  assetKind: string | null;
  collectionId: string | null;
  steps: ChainStep[];
}

/** Without a configured chain: any editor (or admin, or reviewer) approves in one step. */
export const DEFAULT_CHAIN: Chain = { id: null, name: "Any editor approves", assetKind: null, collectionId: null, steps: [{ name: "Approval", role: "editor" }] };

/** A collection's chain wins over a kind's; otherwise the default. */
export function chainFor(chains: Chain[], asset: { kind: string; collectionIds: string[] }): Chain {
  return (
    chains.find((c) => c.collectionId && asset.collectionIds.includes(c.collectionId)) ??
    chains.find((c) => !c.collectionId && c.assetKind === asset.kind) ??
    DEFAULT_CHAIN
  );
}

// A role step is decided by that role or any role above it in authority over content.
const AUTHORITY: Record<Role, Role[]> = {
  viewer: ["viewer", "reviewer", "editor", "admin"],
  reviewer: ["reviewer", "editor", "admin"],
  editor: ["editor", "reviewer", "admin"],
  admin: ["admin"],
};

/** May this person decide this step? Named members decide their step; admins can always step in. */
export function canDecide(step: ChainStep, who: Principal & { id: string }): boolean {
  if (who.role === "admin") return true;
  if (step.memberIds?.length) return step.memberIds.includes(who.id);
  return step.role ? AUTHORITY[step.role].includes(who.role) && who.role !== "viewer" : false;
}

export type ReviewOutcome = { state: "in_review"; step: number } | { state: "approved" };

/** After an approval at `step`: the next step, or approved after the last. */
export function afterApproval(chain: Chain, step: number): ReviewOutcome {
  return step + 1 < chain.steps.length ? { state: "in_review", step: step + 1 } : { state: "approved" };
}
