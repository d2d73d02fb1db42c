// Small, pure display helpers shared by the library, asset and settings screens.
import type { BadgeProps } from "@shopify/polaris";
import type { AssetKindName, VersionStateName } from "./types";

export const KIND_OPTIONS: Array<{ label: string; value: AssetKindName }> = [
  { label: "Image", value: "image" },
  { label: "Video", value: "video" },
  { label: "Audio", value: "audio" },
  { label: "Document", value: "document" },
];

export const STATE_OPTIONS: Array<{ label: string; value: VersionStateName }> = [
  { label: "Draft", value: "draft" },
  { label: "In review", value: "in_review" },
  { label: "Approved", value: "approved" },
  { label: "Rejected", value: "rejected" },
  { label: "Retired", value: "retired" },
];

const STATE_LABEL: Record<string, string> = Object.fromEntries(STATE_OPTIONS.map((o) => [o.value, o.label]));
const KIND_LABEL: Record<string, string> = Object.fromEntries(KIND_OPTIONS.map((o) => [o.value, o.label]));

export const stateLabel = (state: string) => STATE_LABEL[state] ?? state;
export const kindLabel = (kind: string) => KIND_LABEL[kind] ?? kind;

/** approved=success, in_review=attention, draft=info, rejected=critical, retired=subdued (no tone). */
export function stateTone(state: string): BadgeProps["tone"] {
  switch (state) {
    case "approved":
      return "success";
    case "in_review":
      return "attention";
    case "draft":
      return "info";
    case "rejected":
      return "critical";
    default:
      return undefined;
  }
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  const mb = bytes / 1024 / 1024;
  return `${mb < 10 ? mb.toFixed(2) : mb.toFixed(1)} MB`;
}

const dateFmt = new Intl.DateTimeFormat("en", { year: "numeric", month: "short", day: "numeric" });
const dateTimeFmt = new Intl.DateTimeFormat("en", { year: "numeric", month: "short", day: "numeric", hour: "numeric", minute: "2-digit" });

export const formatDate = (iso: string) => dateFmt.format(new Date(iso));
export const formatDateTime = (iso: string) => dateTimeFmt.format(new Date(iso));

/** "3 min ago" for recent times, a date otherwise; stable between server and client render. */
export function formatWhen(iso: string | null, now: number = Date.now()): string {
  if (!iso) return "Never";
  const diff = now - new Date(iso).getTime();
  if (diff < 0 || diff > 7 * 24 * 3600_000) return formatDate(iso);
  const min = Math.floor(diff / 60_000);
  if (min < 1) return "Just now";
  if (min < 60) return `${min} min ago`;
  const h = Math.floor(min / 60);
  if (h < 24) return `${h} h ago`;
  const d = Math.floor(h / 24);
  return d === 1 ? "Yesterday" : `${d} days ago`;
}

export function formatDuration(sec: number): string {
  const s = Math.round(sec);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  const mm = h ? String(m).padStart(2, "0") : String(m);
  return `${h ? `${h}:` : ""}${mm}:${String(r).padStart(2, "0")}`;
}

/** "US, DE" ⇄ ["US", "DE"] for the comma-separated inputs. */
export const splitList = (s: string) =>
  s
    .split(/[,\n]/)
    .map((x) => x.trim())
    .filter(Boolean);
