// Version state machine (pure). Until the Governance issue adds approval chains, an editor approves
// directly from draft or in_review.
import { AppError } from "../errors";
import type { ProcessingState, VersionState } from "./types";

export type VersionAction = "submit" | "approve" | "reject" | "retire";

const ALLOWED: Record<VersionAction, readonly VersionState[]> = {
  submit: ["draft", "rejected"],
  approve: ["draft", "in_review"],
  reject: ["draft", "in_review"],
  retire: ["draft", "in_review", "approved", "rejected"],
};
const TARGET: Record<VersionAction, VersionState> = {
  submit: "in_review",
  approve: "approved",
  reject: "rejected",
  retire: "retired",
};

export function nextState(
  action: VersionAction,
  v: { state: VersionState; processing: ProcessingState; number: number },
): VersionState {
  if (!ALLOWED[action].includes(v.state))
    throw new AppError("invalid_state", `Version ${v.number} is ${v.state.replace("_", " ")}; it cannot be ${TARGET[action].replace("_", " ")}.`);
  if (action === "approve" && v.processing !== "ready")
    throw new AppError(
      "invalid_state",
      v.processing === "pending"
        ? `Version ${v.number} is still being processed; approve it when its preview is ready.`
        : `Version ${v.number} could not be processed, so it cannot be approved.`,
    );
  return TARGET[action];
}

/**
 * The live version is the newest approved one. Versions a merge brought in from a duplicate are history:
 * numbered after the survivor's own, they never take over by number (restore one to make it current).
 */
export function liveVersionOf<V extends { id: string; number: number; state: string; mergedFromAssetId?: string | null }>(versions: V[]): V | null {
  let best: V | null = null;
  for (const v of versions) if (v.state === "approved" && !v.mergedFromAssetId && (!best || v.number > best.number)) best = v;
  return best;
}
