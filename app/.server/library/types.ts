// Library names in the merchant's words (DESIGN §10).
export const VERSION_STATES = ["draft", "in_review", "approved", "rejected", "retired"] as const;
export type VersionState = (typeof VERSION_STATES)[number];

export const ASSET_KINDS = ["image", "video", "audio", "document"] as const;
export type AssetKind = (typeof ASSET_KINDS)[number];

export type ProcessingState = "pending" | "ready" | "failed";

import type { Principal } from "../governance/policy";

/** Who is acting: recorded on audit events and versions, and checked by the policy (role + markets). */
export interface Actor extends Principal {
  kind: "user" | "api_key" | "system";
  id: string;
  name: string;
}
export const SYSTEM_ACTOR: Actor = { kind: "system", id: "system", name: "Assetline", role: "admin", markets: [] };
