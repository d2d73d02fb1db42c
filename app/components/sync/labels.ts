// Words and tones for placements, shared by the usage map, the Sync page and the per-listing view.
import type { BadgeProps } from "@shopify/polaris";

const CHANNEL: Record<string, string> = { shopify: "Shopify", amazon: "Amazon", tiktok: "TikTok Shop" };
export const channelLabel = (channel: string) => CHANNEL[channel] ?? channel;

const STATE: Record<string, { label: string; tone: BadgeProps["tone"]; progress?: BadgeProps["progress"] }> = {
  pending: { label: "Queued", tone: "info", progress: "incomplete" },
  syncing: { label: "Syncing", tone: "info", progress: "partiallyComplete" },
  submitted: { label: "Submitted", tone: "attention", progress: "partiallyComplete" },
  live: { label: "Live", tone: "success", progress: "complete" },
  failed: { label: "Failed", tone: "critical" },
  drifted: { label: "Changed on channel", tone: "warning" },
  withdrawn: { label: "Withdrawn", tone: "warning" },
  blocked: { label: "Blocked", tone: "critical" },
};
export const stateLabel = (state: string) => STATE[state]?.label ?? state;
export const stateStyle = (state: string) => STATE[state] ?? { label: state, tone: undefined };

/** States the engine is still working on: pages refresh while any placement is in one. */
export const IN_FLIGHT_STATES = new Set(["pending", "syncing", "submitted"]);
export const isInFlight = (state: string) => IN_FLIGHT_STATES.has(state);

/** The order states are listed in (totals, counts). */
export const STATE_ORDER = ["live", "submitted", "syncing", "pending", "drifted", "failed", "blocked", "withdrawn"];

export const plural = (n: number, word: string, many = `${word}s`) => `${n.toLocaleString("en")} ${n === 1 ? word : many}`;
