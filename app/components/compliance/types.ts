// The UI's view of the compliance DTOs (compliance.service.ts), declared here because components never
// import server code; the loaders' JSON is assignable to these.

export type VerdictName = "pass" | "warn" | "fail";
export type SeverityName = "block" | "warn" | "info";

export interface FindingView {
  rule: string;
  severity: SeverityName;
  measured: string;
  required: string;
  message: string;
  fix?: string;
}

export interface RenditionView {
  id: string;
  presetId: string;
  url: string;
  mime: string;
  width: number;
  height: number;
  bytes: number;
  verdict: VerdictName | null;
  findings: FindingView[];
}

export interface ChannelCheckView {
  preset: { id: string; label: string; channel: string; width: number; height: number; eager: boolean; builtIn: boolean; source: string };
  state: "ready" | "building" | "on_demand";
  rendition: RenditionView | null;
  findings: FindingView[];
  verdict: VerdictName | null;
  fix: { description: string[]; by: string; at: string } | null;
  fixable: boolean;
  before: RenditionView | null;
}

/** What the asset page's channel intents answer (same shape as its other intents). */
export type ChannelAnswer = { ok: true; intent: string; message: string } | { ok: false; intent: string; error: string };

// A type (not an interface) so Polaris' useIndexResourceState accepts it as a resource.
export type ComplianceRowView = {
  assetId: string;
  title: string;
  versionId: string;
  versionNumber: number;
  thumbnailUrl: string | null;
  verdict: VerdictName | null;
  findings: FindingView[];
  fixable: boolean;
  fixed: boolean;
};

export interface ComplianceSummaryView {
  preset: { id: string; label: string; channel: string };
  counts: { pass: number; warn: number; fail: number; pending: number };
  failing: ComplianceRowView[];
}

/** One row of Settings → Channel presets (presets.service presetsForSettings, flattened by the loader). */
export interface PresetView {
  id: string;
  label: string;
  channel: string;
  baseId: string;
  builtIn: boolean;
  width: number;
  height: number;
  fit: string;
  format: string;
  maxBytes: number | null;
  minFill: number | null;
  source: string;
  eager: boolean;
  eagerSet: boolean;
  /** The shop's stored overrides (sent back whole when one field changes, so the others are kept). */
  overrides: Record<string, unknown>;
  changed: boolean;
}
