// The JSON shape of assets and versions for the REST API and the UI loaders (one presenter for both).
import { formatOf } from "../media/formats";

const extensionFor = (mime: string) => formatOf(mime)?.ext ?? "bin";

interface BlobLike { sha256: string }
interface RenditionLike { presetId: string; mime: string; width: number; height: number; blob: BlobLike }
interface VersionLike {
  id: string; number: number; state: string; processing: string; processingError: string | null;
  originalFilename: string; mime: string; bytes: bigint; width: number | null; height: number | null;
  phash: string | null; metadata: unknown; note: string | null; author: string | null;
  approvedBy: string | null; approvedAt: Date | null; createdAt: Date; restoredFromId: string | null;
  blob?: BlobLike; renditions?: RenditionLike[];
  ocrText?: string | null; ocrLanguage?: string | null;
}
interface AssetLike {
  id: string; title: string; kind: string; description: string; markets: string[]; languages: string[];
  campaign: string | null; latestVersionId: string | null; liveVersionId: string | null; versionCount: number;
  archivedAt: Date | null; createdAt: Date; updatedAt: Date;
  latestVersion?: (VersionLike & { renditions?: RenditionLike[] }) | null;
  tags?: Array<TagRowLike>;
  rights?: RightsLike | null;
}
interface TagRowLike {
  source: string; confidence: number; state?: string; facet?: string | null; analyser?: string | null;
  tag: { id?: string; name: string; label: string; labelZh?: string | null };
}

/** A tag of an asset: user/metadata tags are always accepted; auto ones are suggested or accepted (or rejected, on the tag panel). */
export function presentAssetTag(t: TagRowLike) {
  return {
    id: t.tag.id ?? null,
    name: t.tag.name,
    label: t.tag.label,
    labelZh: t.tag.labelZh ?? null,
    source: t.source,
    confidence: t.confidence,
    state: t.state ?? "accepted",
    facet: t.facet ?? null,
    analyser: t.analyser ?? null,
  };
}
export type AssetTagDto = ReturnType<typeof presentAssetTag>;

interface RightsLike {
  licensor: string | null; licenceStart: Date | null; licenceEnd: Date | null; territories: string[]; channels: string[];
  containsPeople: boolean; modelReleaseRef: string | null; fallbackAssetId: string | null; status: string;
}

export function presentRights(r: RightsLike | null | undefined) {
  if (!r) return null;
  return {
    status: r.status,
    licensor: r.licensor,
    licenceStart: r.licenceStart?.toISOString() ?? null,
    licenceEnd: r.licenceEnd?.toISOString() ?? null,
    territories: r.territories,
    channels: r.channels,
    containsPeople: r.containsPeople,
    modelReleaseRef: r.modelReleaseRef,
    fallbackAssetId: r.fallbackAssetId,
  };
}

/** Renditions made for display and sharing only (watermarked share previews): never offered as downloads. */
export const isDownloadableRendition = (presetId: string) => presetId !== "share.preview";

export const mediaUrl = (mediaKey: string, r: { blob: BlobLike; mime: string }) =>
  `/media/${mediaKey}/${r.blob.sha256}.${extensionFor(r.mime)}`;

function renditionUrls(mediaKey: string, renditions: RenditionLike[] | undefined) {
  const find = (id: string) => renditions?.find((r) => r.presetId === id);
  const thumb = find("thumb");
  const preview = find("preview");
  return {
    thumbnailUrl: thumb ? mediaUrl(mediaKey, thumb) : null,
    previewUrl: preview ? mediaUrl(mediaKey, preview) : null,
    previewSize: preview ? { width: preview.width, height: preview.height } : null,
  };
}

export function presentVersion(mediaKey: string, assetId: string, v: VersionLike) {
  return {
    id: v.id,
    number: v.number,
    state: v.state,
    processing: v.processing,
    processingError: v.processingError,
    filename: v.originalFilename,
    mime: v.mime,
    bytes: Number(v.bytes),
    width: v.width,
    height: v.height,
    sha256: v.blob?.sha256 ?? null,
    phash: v.phash,
    metadata: v.metadata,
    note: v.note,
    author: v.author,
    approvedBy: v.approvedBy,
    approvedAt: v.approvedAt?.toISOString() ?? null,
    restoredFromId: v.restoredFromId,
    createdAt: v.createdAt.toISOString(),
    /** Text the OCR analyser read in the image, with its language (null: none found or not analysed). */
    text: v.ocrText ? { content: v.ocrText, language: v.ocrLanguage ?? null } : null,
    ...renditionUrls(mediaKey, v.renditions),
    downloadUrl: `/api/v1/assets/${assetId}/versions/${v.id}/original`,
    renditions: (v.renditions ?? [])
      .filter((r) => isDownloadableRendition(r.presetId))
      .map((r) => ({
        presetId: r.presetId,
        mime: r.mime,
        width: r.width,
        height: r.height,
        downloadUrl: `/api/v1/assets/${assetId}/versions/${v.id}/renditions/${r.presetId}`,
      })),
  };
}
export type VersionDto = ReturnType<typeof presentVersion>;

export function presentAsset(mediaKey: string, a: AssetLike, versions?: VersionLike[]) {
  const latest = a.latestVersion ? presentVersion(mediaKey, a.id, a.latestVersion) : null;
  return {
    id: a.id,
    title: a.title,
    kind: a.kind,
    description: a.description,
    markets: a.markets,
    languages: a.languages,
    campaign: a.campaign,
    tags: (a.tags ?? []).map(presentAssetTag),
    latestVersionId: a.latestVersionId,
    liveVersionId: a.liveVersionId,
    versionCount: a.versionCount,
    archived: a.archivedAt !== null,
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
    latestVersion: latest,
    thumbnailUrl: latest?.thumbnailUrl ?? null,
    rights: presentRights(a.rights),
    ...(versions ? { versions: versions.map((v) => presentVersion(mediaKey, a.id, v)) } : {}),
  };
}
export type AssetDto = ReturnType<typeof presentAsset>;
