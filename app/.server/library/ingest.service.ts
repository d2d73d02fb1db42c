// Ingest: stream an upload to a temp blob while hashing, sniff its type from content, check limits,
// dedupe by SHA-256, then commit blob + rows + the `ingest.process` job together. A failure at any
// step leaves no half-written asset and no blob that no row points to.
import path from "node:path";
import { pipeline } from "node:stream/promises";
import type { Readable } from "node:stream";
import type { Config } from "../config";
import type { Prisma, Tx } from "../db/database";
import { AppError } from "../errors";
import type { JobQueue } from "../jobs/queue";
import type { BlobStore, BlobWriter } from "../media/blob-store";
import { BlobError } from "../media/blob-store";
import { MediaError } from "../media/errors";
import { probeImage } from "../media/image";
import { checkComplete, sniffType, type SniffResult } from "../media/sniff";
import { decodesAsTruncated } from "../media/truncation";
import { writeAudit } from "../governance/audit.repository";
import { authorize } from "../governance/authorize";
import { inScope } from "../governance/policy";
import { createAsset, findAsset, setAssetPointers, takeNextVersionNumber } from "./assets.repository";
import { reindexAsset } from "./search-index.service";
import { storeFilenameTags } from "./filename-tags.service";
import { createBlob, findBlobBySha, findBlobByStorageKey } from "./blobs.repository";
import { createRendition, createVersion, findVersion, findVersionsByBlob } from "./versions.repository";
import { toAppError } from "./media-errors";
import type { Actor, AssetKind } from "./types";

export interface IngestDeps {
  prisma: Prisma;
  blobs: BlobStore;
  queue: JobQueue;
  limits: Config["limits"];
  /** Test seam: runs after the blob is stored and before the rows commit (simulates a crash there). */
  beforeCommit?: () => Promise<void>;
}

/** The ingest dependencies of the process-wide services (the app, the demo seed, tests, the bench). */
export function ingestDepsOf(services: { db: { prisma: Prisma }; blobs: BlobStore; queue: JobQueue; config: Pick<Config, "limits"> }): IngestDeps {
  return { prisma: services.db.prisma, blobs: services.blobs, queue: services.queue, limits: services.config.limits };
}

export interface UploadTarget {
  /** Add the file as a new version of this asset instead of creating an asset. */
  assetId?: string;
  title?: string;
  note?: string;
  /** The folder the file came from ("Spring 2026/Amazon": a folder upload's relative path, the CLI's import folder). */
  folder?: string;
}

export interface DuplicateInfo {
  assetId: string;
  versionId: string;
  versionNumber: number;
  title: string;
}

export type IngestOutcome =
  | { status: "created"; filename: string; assetId: string; versionId: string; versionNumber: number; title: string; sha256: string }
  | { status: "duplicate"; filename: string; sha256: string; duplicateOf: DuplicateInfo };

export async function ingestStream(
  deps: IngestDeps,
  shopId: string,
  actor: Actor,
  file: { stream: Readable; filename: string },
  target: UploadTarget = {},
): Promise<IngestOutcome> {
  const filename = cleanFilename(file.filename);
  authorize(actor, target.assetId ? "asset.edit" : "asset.upload");
  const writer = deps.blobs.createWriter({ maxBytes: deps.limits.maxUploadBytes });
  let committedKey: string | null = null;
  try {
    await pipeline(file.stream, writer.stream);
    const { sha256, bytes, tempPath } = await writer.done();
    const type = await validate(writer, bytes, tempPath, deps.limits);
    const probe = type.kind === "image" ? await probeImage(tempPath, { maxPixels: deps.limits.maxPixels }) : null;

    const existingBlob = await findBlobBySha(deps.prisma, shopId, sha256);
    if (existingBlob) {
      await writer.abort();
      const known = await knownContentOutcome(deps, shopId, actor, existingBlob.id, { sha256, filename, target });
      if (known) return known;
    }

    const ref = existingBlob ? null : await writer.commit(shopId);
    committedKey = ref?.key ?? null;
    await deps.beforeCommit?.();
    let created;
    try {
      created = await deps.prisma.$transaction(async (tx) => {
        const blob = existingBlob ?? (await createBlob(tx, shopId, { sha256, bytes, mime: type.mime, storageKey: ref!.key }));
        return createVersionRows(tx, deps.queue, shopId, actor, {
          assetId: target.assetId,
          title: target.title?.trim() || titleFromFilename(filename),
          kind: type.kind,
          blobId: blob.id,
          filename,
          mime: type.mime,
          bytes,
          width: probe?.width ?? null,
          height: probe?.height ?? null,
          note: target.note,
          // A client that sends "Spring 2026/Amazon/x.jpg" as the part's filename names the folder there.
          folderPath: cleanFolder(target.folder ?? path.posix.dirname(file.filename.replace(/\\/g, "/"))),
        });
      });
    } catch (err) {
      // The same bytes were committed by a concurrent upload between our lookup and our insert:
      // answer as if we had seen them first (the bytes on disk are theirs now, so keep them).
      const raced = isUniqueViolation(err) ? await findBlobBySha(deps.prisma, shopId, sha256) : null;
      if (!raced) throw err;
      committedKey = null;
      const known = await knownContentOutcome(deps, shopId, actor, raced.id, { sha256, filename, target });
      if (known) return known;
      throw err;
    }
    committedKey = null;
    return { status: "created", filename, sha256, ...created };
  } catch (err) {
    await writer.abort().catch(() => {});
    if (committedKey) await removeIfUnreferenced(deps, shopId, committedKey);
    throw toIngestError(err, filename);
  }
}

async function validate(writer: BlobWriter, bytes: number, tempPath: string, limits: Config["limits"]): Promise<SniffResult> {
  if (bytes === 0) throw new AppError("empty_file", "The file is empty (0 bytes).");
  const type = await sniffType(writer.head);
  if (type.kind === "image" && bytes > limits.maxImageBytes)
    throw new AppError("file_too_large", `Images may be at most ${mb(limits.maxImageBytes)}; this one is ${mb(bytes)}.`);
  if (!checkComplete(type.mime, writer.tail) && (await decodesAsTruncated(tempPath, limits.maxPixels)))
    throw new AppError("truncated_file", `This ${type.ext.toUpperCase()} is truncated (the upload was cut off or the file is damaged). Re-export it and upload again.`);
  return type;
}

interface VersionRowsInput {
  assetId?: string;
  title: string;
  kind: AssetKind;
  blobId: string;
  filename: string;
  mime: string;
  bytes: number | bigint;
  width: number | null;
  height: number | null;
  note?: string;
  folderPath?: string | null;
  restoredFromId?: string;
  /** Processing results copied from a version with the same blob (restore, add-from-duplicate). */
  copyFrom?: { versionId: string };
}

/** Creates the asset (if new) and the version, moves the pointers, audits and enqueues processing. */
async function createVersionRows(tx: Tx, queue: JobQueue, shopId: string, actor: Actor, input: VersionRowsInput) {
  let assetId = input.assetId;
  let title = input.title;
  if (!assetId) {
    const asset = await createAsset(tx, shopId, { title, kind: input.kind, createdBy: actor.name });
    assetId = asset.id;
    await writeAudit(tx, shopId, actor, { action: "asset.created", subjectType: "asset", subjectId: assetId, data: { title } });
  } else {
    const asset = await findAsset(tx, shopId, assetId);
    if (!asset) throw new AppError("not_found", "That asset was not found.");
    authorize(actor, "asset.edit", asset);
    if (asset.kind !== input.kind)
      throw new AppError("validation", `This asset holds ${asset.kind} files; the new version is a ${input.kind}.`);
    title = asset.title;
  }
  const number = await takeNextVersionNumber(tx, shopId, assetId);
  const source = input.copyFrom
    ? await findVersion(tx, shopId, input.copyFrom.versionId)
    : null;
  const version = await createVersion(tx, shopId, {
    assetId,
    number,
    blobId: input.blobId,
    originalFilename: input.filename,
    folderPath: input.folderPath ?? null,
    mime: input.mime,
    bytes: input.bytes,
    width: input.width,
    height: input.height,
    note: input.note ?? null,
    author: actor.name,
    restoredFromId: input.restoredFromId ?? null,
    ...(source && source.processing === "ready"
      ? { processing: "ready", metadata: source.metadata ?? {}, phash: source.phash }
      : {}),
  });
  if (source && source.processing === "ready") {
    for (const r of source.renditions)
      await createRendition(tx, shopId, { versionId: version.id, presetId: r.presetId, recipeHash: r.recipeHash, blobId: r.blobId, mime: r.mime, width: r.width, height: r.height, bytes: r.bytes });
  } else {
    await queue.enqueue(tx, "ingest.process", { shopId, versionId: version.id });
  }
  await setAssetPointers(tx, shopId, assetId, { latestVersionId: version.id });
  // Tags from the file's name and folder are known now (CPU only, jieba is loaded for the index anyway).
  await storeFilenameTags(tx, shopId, { id: version.id, assetId, originalFilename: input.filename, folderPath: input.folderPath ?? null });
  await reindexAsset(tx, shopId, assetId); // a new asset, or a new latest version (filename, no OCR yet)
  await writeAudit(tx, shopId, actor, {
    action: input.restoredFromId ? "version.restored" : "version.created",
    subjectType: "asset",
    subjectId: assetId,
    data: { versionId: version.id, number, filename: input.filename, ...(input.restoredFromId ? { restoredFromId: input.restoredFromId } : {}) },
  });
  return { assetId, versionId: version.id, versionNumber: number, title };
}

/**
 * A new version whose bytes the shop already has (restore, or "add as new version" from the duplicate
 * prompt): no upload, no second copy of the bytes; processing results are reused.
 */
export async function addVersionFromBlob(
  deps: Pick<IngestDeps, "prisma" | "queue">,
  shopId: string,
  actor: Actor,
  assetId: string,
  sha256: string,
  opts: { note?: string; filename?: string; restoredFromId?: string } = {},
) {
  return deps.prisma.$transaction(async (tx) => {
    const blob = await findBlobBySha(tx, shopId, sha256);
    if (!blob) throw new AppError("not_found", "No file with that content exists in this shop.");
    const asset = await findAsset(tx, shopId, assetId);
    if (!asset) throw new AppError("not_found", "That asset was not found.");
    authorize(actor, "asset.edit", asset);
    if (asset.latestVersion?.blobId === blob.id)
      throw new AppError("conflict", `This file is identical to version ${asset.latestVersion.number}, the latest version of “${asset.title}”.`, {
        versionId: asset.latestVersion.id,
      });
    const same = await findVersionsByBlob(tx, shopId, blob.id);
    const from = same.find((v) => v.processing === "ready") ?? same[0];
    const created = await createVersionRows(tx, deps.queue, shopId, actor, {
      assetId,
      title: asset.title,
      kind: asset.kind as AssetKind,
      blobId: blob.id,
      filename: opts.filename ?? from?.originalFilename ?? `${sha256.slice(0, 12)}`,
      folderPath: opts.filename ? null : (from?.folderPath ?? null),
      mime: blob.mime,
      bytes: blob.bytes,
      width: from?.width ?? null,
      height: from?.height ?? null,
      note: opts.note,
      restoredFromId: opts.restoredFromId,
      copyFrom: from ? { versionId: from.id } : undefined,
    });
    return { id: created.versionId, number: created.versionNumber, title: created.title };
  });
}

/** Bytes the shop already has: a duplicate report, or (when adding a version) a version reusing them. */
async function knownContentOutcome(
  deps: IngestDeps,
  shopId: string,
  actor: Actor,
  blobId: string,
  f: { sha256: string; filename: string; target: UploadTarget },
): Promise<IngestOutcome | null> {
  if (f.target.assetId) {
    const v = await addVersionFromBlob(deps, shopId, actor, f.target.assetId, f.sha256, { note: f.target.note, filename: f.filename });
    return { status: "created", filename: f.filename, assetId: f.target.assetId, versionId: v.id, versionNumber: v.number, title: v.title, sha256: f.sha256 };
  }
  // Only assets the uploader can see are named; otherwise they get an asset of their own (the bytes are
  // still stored once).
  const dup = await duplicateOf(deps.prisma, shopId, blobId, actor);
  return dup ? { status: "duplicate", filename: f.filename, sha256: f.sha256, duplicateOf: dup } : null;
}

const isUniqueViolation = (err: unknown) => (err as { code?: string } | null)?.code === "P2002";

async function duplicateOf(prisma: Prisma, shopId: string, blobId: string, viewer: Actor): Promise<DuplicateInfo | null> {
  const versions = (await findVersionsByBlob(prisma, shopId, blobId)).filter((x) => inScope(viewer, x.asset.markets));
  const v = versions.find((x) => !x.asset.archivedAt) ?? versions[0];
  return v ? { assetId: v.asset.id, versionId: v.id, versionNumber: v.number, title: v.asset.title } : null;
}

/** Compensation after a failed commit: delete the stored bytes unless a row (another upload) owns them. */
async function removeIfUnreferenced(deps: IngestDeps, shopId: string, key: string) {
  const owner = await findBlobByStorageKey(deps.prisma, shopId, key).catch(() => ({ id: "?" }));
  if (!owner) await deps.blobs.delete(key).catch(() => {});
}

function toIngestError(err: unknown, filename: string): unknown {
  if (err instanceof BlobError && err.kind === "too_large")
    return new AppError("file_too_large", `“${filename}” is larger than the upload limit.`);
  if (err instanceof MediaError) return toAppError(err);
  return err;
}

export function cleanFilename(name: string): string {
  const base = path.basename(name.replace(/\\/g, "/")).replace(/[\u0000-\u001f\u007f]/g, "").trim();
  return (base || "upload").slice(0, 255);
}

/** A folder path as stored: "/" separators, no empty, "." or ".." segments, no control characters, ≤ 500 characters; null when empty. */
export function cleanFolder(folder: string | null | undefined): string | null {
  const segments = (folder ?? "")
    .replace(/[\u0000-\u001f\u007f]/g, "")
    .split(/[\\/]+/)
    .map((s) => s.trim())
    .filter((s) => s && s !== "." && s !== "..");
  return segments.length ? segments.join("/").slice(0, 500) : null;
}

export function titleFromFilename(filename: string): string {
  const stem = filename.replace(/\.[A-Za-z0-9]{1,5}$/, "");
  const words = stem.replace(/[_-]+/g, " ").replace(/\s+/g, " ").trim();
  return words ? words[0].toUpperCase() + words.slice(1) : "Untitled";
}

const mb = (n: number) => `${(n / 1024 ** 2).toFixed(n < 10 * 1024 ** 2 ? 1 : 0)} MB`;
