// Downloads of several assets as one zip, streamed (no temp copy of the zip, nothing held whole in
// memory). Each asset's shown version (live, else latest) goes in; assets the caller may not download
// (scope, role, rights) are left out and listed in a note inside the zip. Every download is recorded.
import { PassThrough, type Readable } from "node:stream";
import yazl from "yazl";
import type { AppServices } from "../context";
import { AppError } from "../errors";
import { writeAudit } from "../governance/audit.repository";
import { allows } from "../governance/policy";
import { rightsBlock } from "../governance/rights";
import { sharedAssets } from "../governance/shares.repository";
import type { Actor } from "./types";

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

export async function zipOfAssets(services: AppServices, shopId: string, actor: Actor, assetIds: string[], now = new Date()) {
  if (!assetIds.length) throw new AppError("validation", "Select at least one asset to download.");
  if (assetIds.length > 500) throw new AppError("validation", "At most 500 assets can be downloaded at once.");
  const assets = await sharedAssets(services.db.prisma, shopId, assetIds);
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
    ids.push(a.id);
    included.push({ name: v.originalFilename, open: () => services.blobs.open(v.blob.storageKey), bytes: Number(v.blob.bytes), mtime: v.createdAt });
  }
  if (!included.length) throw new AppError("forbidden", `None of the selected assets can be downloaded. ${skipped.slice(0, 3).join("; ")}`);
  const names = zipNames(included.map((e) => e.name));
  included.forEach((e, i) => (e.name = names[i]!));
  await writeAudit(services.db.prisma, shopId, actor, {
    action: "asset.downloaded",
    subjectType: "download",
    data: { assetIds: ids, files: included.length, skipped: skipped.length, as: "zip" },
  });
  const note = skipped.length ? `These selected assets were left out:\n${skipped.join("\n")}\n` : undefined;
  return { stream: streamZip(included, note), files: included.length, skipped };
}
