import type { MediaKind } from "./formats";

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export type OutputPresetId = "thumb" | "preview";

/** A file written into the work dir; the caller stores it as a blob. */
export interface MediaOutput {
  presetId: OutputPresetId;
  path: string;
  mime: string;
  width: number;
  height: number;
  bytes: number;
}

export interface MediaLimits {
  /** Largest width × height accepted (also sharp's limitInputPixels). */
  maxPixels: number;
  /** Largest file size accepted, when the caller wants it checked here. */
  maxBytes?: number;
}

export interface ProcessMediaInput {
  path: string;
  mime: string;
  kind: MediaKind;
  workDir: string;
  limits: MediaLimits;
}

export interface ProcessedMedia {
  width?: number;
  height?: number;
  durationSec?: number;
  pageCount?: number;
  metadata: Record<string, JsonValue>;
  keywords: string[];
  phash?: string;
  outputs: MediaOutput[];
}
