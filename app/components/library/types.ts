// The UI's view of the library DTOs (the JSON the loaders return from present.ts). Declared here, not
// imported, because components never import server code; the route's loader data is assignable to these.

export type VersionStateName = "draft" | "in_review" | "approved" | "rejected" | "retired";
export type AssetKindName = "image" | "video" | "audio" | "document";

export interface TagView {
  id?: string | null;
  name: string;
  label: string;
  labelZh?: string | null;
  /** user | metadata | auto */
  source: string;
  confidence: number;
  /** accepted | suggested (rejected tags are not sent with the asset) */
  state?: string;
  facet?: string | null;
  analyser?: string | null;
}

export interface VersionView {
  id: string;
  number: number;
  state: string;
  processing: string;
  processingError: string | null;
  filename: string;
  mime: string;
  bytes: number;
  width: number | null;
  height: number | null;
  sha256: string | null;
  metadata: unknown;
  note: string | null;
  author: string | null;
  approvedBy: string | null;
  approvedAt: string | null;
  restoredFromId: string | null;
  createdAt: string;
  thumbnailUrl: string | null;
  previewUrl: string | null;
  previewSize: { width: number; height: number } | null;
  /** Text the OCR analyser read in the image. */
  text?: { content: string; language: string | null } | null;
}

export interface AssetView {
  id: string;
  title: string;
  kind: string;
  description: string;
  markets: string[];
  languages: string[];
  campaign: string | null;
  tags: TagView[];
  latestVersionId: string | null;
  liveVersionId: string | null;
  versionCount: number;
  archived: boolean;
  createdAt: string;
  updatedAt: string;
  latestVersion: VersionView | null;
  thumbnailUrl: string | null;
  rights: { status: string } | null;
}

export interface TagFacetView {
  name: string;
  label: string;
  count: number;
}

export type LibraryView = "grid" | "list";

/** The library's URL state (search params), as the loader parsed it. */
export interface LibraryFilterState {
  q: string;
  kind: string | null;
  state: string | null;
  tag: string | null;
  collection: string | null;
  archived: boolean;
  view: LibraryView;
}

export interface CollectionFacetView {
  id: string;
  name: string;
  count: number;
}
