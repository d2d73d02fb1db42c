// Downloads: one file (a version's original or one of its renditions) or several assets as one zip,
// streamed (no temp copy of the zip, nothing held whole in memory). In a zip each asset's shown version
// (live, else latest) goes in; assets the caller may not download (scope, role, rights, no such
// rendition) are left out and listed in a note inside the zip. Every download is recorded.
import { PassThrough, type Readable } from "node:stream";
import yazl from "yazl";
import type { AppServices } from "../context";
import { AppError, notFound } from "../errors";
import { formatOf } from "../media/formats";
import { writeAudit } from "../governance/audit.repository";
import { allows } from "../governance/policy";
import { rightsBlock } from "../governance/rights";
import { sharedAssets } from "../governance/shares.repository";
import { getVersionOfAsset, type LibraryDeps } from "./assets.service";
import { isDownloadableRendition } from "./present";
import type { Actor } from "./types";

export const RenditionId = /^[a-z0-9.]{1,40}$/;

/** "mug.jpg" + preview rendition (JPEG) → "mug.preview.jpg". */
export function renditionFilename(original: string, presetId: string, mime: string): string {
  const dot = original.lastIndexOf(".");
  const stem = dot > 0 ? original.slice(0, dot) : original;
  return `${stem}.${presetId}.${formatOf(mime)?.ext ?? "bin"}`;
}

/** The bytes to hand out for one version: its original (`rendition` null) or the named rendition. */
export async function versionDownload(deps: LibraryDeps, shopId: string, actor: Actor, assetId: string, versionId: string, rendition: string | null) {
  const v = await getVersionOfAsset(deps, shopId, actor, assetId, versionId, "asset.download");
  const r = rendition === null ? null : !isDownloadableRendition(rendition) ? undefined : v.renditions.find((x) => x.presetId === rendition);
  if (r === undefined) throw notFound(`A “${rendition}” rendition of this version`);
  await writeAudit(deps.prisma, shopId, actor, {
    action: "asset.downloaded",
    subjectType: "asset",
    subjectId: assetId,
    data: { versionId, version: v.number, rendition: rendition ?? "original" },
  });
  return r
    ? { version: v, blob: r.blob, filename: renditionFilename(v.originalFilename, r.presetId, r.mime) }
    : { version: v, blob: v.blob, filename: v.originalFilename };
}


export interface ZipEntrySource {
  name: string;
  open(): Promise<Readable>;
  bytes: number;
  mtime: Date;
}

/** Unique, safe file names inside the zip ("mug.jpg", "mug (2).jpg", …). */
export function zipNames(names: string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((raw) => {
    const base = raw.replace(/[\\/:*?"<>|\u0000-\u001f]/g, "_").slice(0, 180) || "file";
    const n = (seen.get(base.toLowerCase()) ?? 0) + 1;
    seen.set(base.toLowerCase(), n);
    if (n === 1) return base;
    const dot = base.lastIndexOf(".");
    return dot > 0 ? `${base.slice(0, dot)} (${n})${base.slice(dot)}` : `${base} (${n})`;
  });
}

/** Streams a zip of the sources; files are added one after another as the consumer reads. */
export function streamZip(entries: ZipEntrySource[], note?: string): Readable {
  const zip = new yazl.ZipFile();
  const out = new PassThrough();
  zip.outputStream.pipe(out);
  void (async () => {
    try {
      for (const e of entries) zip.addReadStream(await e.open(), e.name, { mtime: e.mtime, compress: false, size: e.bytes });
      if (note) zip.addBuffer(Buffer.from(note), "NOT INCLUDED.txt", { mtime: new Date(), compress: false });
      zip.end();
    } catch (err) {
      out.destroy(err as Error);
    }
  })();
  return out;
}

/** What a zip of these assets would hold, and which were left out and why (nothing is read yet). */
export async function planZip(services: AppServices, shopId: string, actor: Actor, assetIds: string[], opts: { rendition?: string | null; now?: Date } = {}) {
  const now = opts.now ?? new Date();
  const rendition = opts.rendition ?? null;
  if (!assetIds.length) throw new AppError("validation", "Select at least one asset to download.");
  if (assetIds.length > 500) throw new AppError("validation", "At most 500 assets can be downloaded at once.");
  if (rendition !== null && (!isDownloadableRendition(rendition) || !RenditionId.test(rendition))) throw new AppError("validation", `“${rendition}” is not a rendition that can be downloaded.`);
  // Scope is checked per asset below, so the note can say which ones were left out and why.
  const assets = await sharedAssets(services.db.prisma, shopId, assetIds, null, rendition ? [rendition] : []);
  const included: ZipEntrySource[] = [];
  const skipped: string[] = [];
  const ids: string[] = [];
  for (const a of assets) {
    const v = a.liveVersion ?? a.latestVersion;
    const why = !allows(actor, "asset.download", a) ? "not in your markets or role" : rightsBlock(a.rights, {}, now) ?? (v ? null : "no version yet");
    if (why || !v) {
      skipped.push(`${a.title}: ${why}`);
      continue;
    }
    const r = rendition ? v.renditions.find((x) => x.presetId === rendition) : null;
    if (rendition && !r) {
      skipped.push(`${a.title}: no “${rendition}” rendition yet`);
      continue;
    }
    const blob = r ? r.blob : v.blob;
    ids.push(a.id);
    included.push({
      name: r ? renditionFilename(v.originalFilename, r.presetId, r.mime) : v.originalFilename,
      open: () => services.blobs.open(blob.storageKey),
      bytes: Number(blob.bytes),
      mtime: v.createdAt,
    });
  }
  if (!included.length) throw new AppError("forbidden", `None of the selected assets can be downloaded. ${skipped.slice(0, 3).join("; ")}`);
  return { included, skipped, ids, rendition };
}

/** A zip of the assets' originals, or (with `rendition`) of that rendition of each. */
export async function zipOfAssets(services: AppServices, shopId: string, actor: Actor, assetIds: string[], opts: { rendition?: string | null; now?: Date } = {}) {
  const { included, skipped, ids, rendition } = await planZip(services, shopId, actor, assetIds, opts);
  const names = zipNames(included.map((e) => e.name));
  included.forEach((e, i) => (e.name = names[i]!));
  await writeAudit(services.db.prisma, shopId, actor, {
    action: "asset.downloaded",
    subjectType: "download",
    data: { assetIds: ids, files: included.length, skipped: skipped.length, as: "zip", rendition: rendition ?? "original" },
  });
  const note = skipped.length ? `These selected assets were left out:\n${skipped.join("\n")}\n` : undefined;
  return { stream: streamZip(included, note), files: included.length, skipped };
}
