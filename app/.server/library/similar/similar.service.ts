// "Find similar" (issue #7 §4): for an asset or an uploaded image, the library's near-duplicates by pHash
// and then its visually similar images by colour, within the caller's market scope (latest versions of
// assets that are not archived). Nothing about an uploaded probe is stored.
//
// Ranking, documented:
//  - "near duplicate": pHash Hamming distance d ≤ maxDistance (default 10 of 64 bits; a resized and
//    recompressed copy is ≈ 2). score = 1 − d/64. Always listed first, nearest first.
//  - "similar colours": the rest whose colour histograms (the colour analyser's 64 bins) are within
//    MAX_COLOUR_DISTANCE. score = 1 − (COLOUR_WEIGHT·c + PHASH_WEIGHT·d/64), c = colourDistance 0..1 and d
//    the pHash distance (when either side has no pHash: 1 − c). Highest score first.
//  - With an EmbeddingProvider (off by default), the first RERANK_TOP of each group are re-ranked by
//    (score + (1 + cosine)/2) / 2 over embeddings of the previews.
// Candidates: the pHash bands find every hash within distance 3 through the indexes (pigeonhole); the
// colour pass scores up to COLOUR_CANDIDATE_LIMIT assets that share one of the probe's core colour bins
// (colour-code.ts coreCells: every histogram within MAX_COLOUR_DISTANCE shares one), in each bin those
// whose share of it is nearest the probe's — half among all of them, half among those whose largest other
// bin is the probe's too — from the whole library, which also catches near-duplicates farther than 3
// bits that share no band. A probe without a colour histogram scores the shop's newest
// SCAN_LIMIT comparable versions instead.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";
import type { Prisma } from "../../db/database";
import { AppError, notFound } from "../../errors";
import { authorize } from "../../governance/authorize";
import { marketScope, type Principal } from "../../governance/policy";
import type { MarketScope } from "../assets.repository";
import type { BlobStore } from "../../media/blob-store";
import { MediaError } from "../../media/errors";
import { inspectImage, renderImageOutputs } from "../../media/image";
import { colourAnalyser } from "../../media/analysers/colour";
import { colourDistance } from "../../media/analysers/colour-features";
import { loadAnalyserImage } from "../../media/analysers/decode";
import { sniffType } from "../../media/sniff";
import { findAsset, listAssetsByIds } from "../assets.repository";
import { toAppError } from "../media-errors";
import { hamming, isPhash, phashBands } from "./bands";
import { coreCells } from "./colour-code";
import { findBandCandidates, findColourCandidates, findPreviewKeys, findProbeVersion, findVisibleAssetIds, listComparableVersions, type SimilarRow } from "./similar.repository";

export const DEFAULT_MAX_DISTANCE = 10;
export const MAX_COLOUR_DISTANCE = 0.5;
export const COLOUR_WEIGHT = 0.75;
export const PHASH_WEIGHT = 0.25;
export const SCAN_LIMIT = 5000;
/** Candidates of the colour pass by core bin: chosen by colour, fewer serve (each is a random read). */
export const COLOUR_CANDIDATE_LIMIT = 2000;
export const BAND_CANDIDATE_LIMIT = 1000;
export const RERANK_TOP = 20;
/** Image types a probe may be (SVG is not: upload it to the library instead). */
export const PROBE_TYPES = ["image/jpeg", "image/png", "image/webp", "image/avif", "image/gif", "image/tiff"] as const;

/** Optional: image embeddings for a cosine re-rank. No implementation ships; off unless one is passed in. */
export interface EmbeddingProvider {
  embed(image: Buffer): Promise<number[]>;
}

export interface SimilarDeps {
  prisma: Prisma;
  /** Needed only with `embeddings` (the previews are read from it). */
  blobs?: BlobStore;
  embeddings?: EmbeddingProvider;
  /** Pixel limit for an uploaded probe (the library's limits.maxPixels). */
  maxPixels?: number;
}

export type SimilarReason = "near duplicate" | "similar colours";

export interface SimilarMatch {
  assetId: string;
  versionId: string;
  /** pHash Hamming distance in bits (0..64), null when either side has no pHash. */
  distance: number | null;
  /** 0..1 colour histogram distance, null when either side has no histogram. */
  colourDistance: number | null;
  /** 0..1, higher is more similar (see the ranking above). */
  score: number;
  reason: SimilarReason;
  /** Cosine similarity of the embeddings, when a provider re-ranked this match. */
  embeddingSimilarity?: number;
}

interface Probe {
  phash: string | null;
  colour: number[] | null;
  /** The probe's own pixels for an embedding: the uploaded bytes, or the asset's preview key. */
  image?: Buffer;
  previewVersionId?: string;
  excludeAssetId: string | null;
}

const round = (n: number) => Math.round(n * 1e4) / 1e4;
const clampLimit = (n: number | undefined, fallback: number) => Math.min(100, Math.max(1, Math.floor(Number.isFinite(n) ? n! : fallback)));

async function probeOfAsset(deps: SimilarDeps, shopId: string, caller: Principal, assetId: string): Promise<Probe> {
  const asset = await findAsset(deps.prisma, shopId, assetId);
  if (!asset) throw notFound("That asset");
  authorize(caller, "asset.view", asset);
  const v = await findProbeVersion(deps.prisma, shopId, assetId);
  return { phash: isPhash(v?.phash) ? v!.phash : null, colour: v?.colour ?? null, previewVersionId: v?.versionId, excludeAssetId: assetId };
}

/** Near-duplicates of the asset's latest version by pHash (distance ≤ maxDistance), nearest first. */
export async function findNearDuplicates(
  deps: SimilarDeps,
  shopId: string,
  caller: Principal,
  assetId: string,
  opts: { maxDistance?: number; limit?: number } = {},
): Promise<SimilarMatch[]> {
  const probe = await probeOfAsset(deps, shopId, caller, assetId);
  const maxDistance = opts.maxDistance ?? DEFAULT_MAX_DISTANCE;
  if (!probe.phash) return [];
  const rows = await findBandCandidates(deps.prisma, shopId, marketScope(caller), phashBands(probe.phash)!, { excludeAssetId: assetId, limit: BAND_CANDIDATE_LIMIT });
  return nearFrom(rows, probe.phash, maxDistance).slice(0, clampLimit(opts.limit, 20));
}

function nearFrom(rows: SimilarRow[], phash: string, maxDistance: number): SimilarMatch[] {
  const out: SimilarMatch[] = [];
  for (const r of rows) {
    if (!isPhash(r.phash)) continue;
    const d = hamming(phash, r.phash);
    if (d <= maxDistance) out.push({ assetId: r.assetId, versionId: r.versionId, distance: d, colourDistance: null, score: round(1 - d / 64), reason: "near duplicate" });
  }
  return out.sort((a, b) => a.distance! - b.distance! || a.assetId.localeCompare(b.assetId));
}

export type SimilarProbe = { assetId: string } | { image: Buffer };

/**
 * Near-duplicates first, then images of similar colours; at most `limit` (1..100, default 20). Each match
 * names its asset (as the library lists it), version, distance, score and reason.
 */
export async function findSimilar(deps: SimilarDeps, shopId: string, caller: Principal, probeIn: SimilarProbe, limit = 20, opts: { maxDistance?: number; scanLimit?: number } = {}) {
  const probe = "assetId" in probeIn ? await probeOfAsset(deps, shopId, caller, probeIn.assetId) : await probeOfImage(deps, caller, probeIn.image);
  const matches = await rank(deps, shopId, caller, probe, clampLimit(limit, 20), opts.maxDistance ?? DEFAULT_MAX_DISTANCE, opts.scanLimit);
  const assets = new Map((await listAssetsByIds(deps.prisma, shopId, matches.map((m) => m.assetId))).map((a) => [a.id, a]));
  return { items: matches.flatMap((m) => (assets.has(m.assetId) ? [{ ...m, asset: assets.get(m.assetId)! }] : [])) };
}

async function rank(deps: SimilarDeps, shopId: string, caller: Principal, probe: Probe, limit: number, maxDistance: number, scanLimit: number | undefined): Promise<SimilarMatch[]> {
  const scope = marketScope(caller);
  const seen = new Map<string, SimilarRow>();
  if (probe.phash)
    for (const r of await findBandCandidates(deps.prisma, shopId, scope, phashBands(probe.phash)!, { excludeAssetId: probe.excludeAssetId, limit: BAND_CANDIDATE_LIMIT }))
      seen.set(r.versionId, r);
  const exclude = probe.excludeAssetId;
  // By core colour bin: not yet checked for visibility (below, on the best-ranked).
  const others = probe.colour
    ? (await findColourCandidates(deps.prisma, shopId, coreCells(probe.colour), { limit: scanLimit ?? COLOUR_CANDIDATE_LIMIT })).filter((r) => r.assetId !== exclude)
    : await listComparableVersions(deps.prisma, shopId, scope, { excludeAssetId: exclude, limit: scanLimit ?? SCAN_LIMIT });
  for (const r of others) if (!seen.has(r.versionId)) seen.set(r.versionId, r);

  const rows = [...seen.values()];
  const near = probe.phash ? nearFrom(rows, probe.phash, maxDistance) : [];
  const nearIds = new Set(near.map((m) => m.versionId));
  const colour: SimilarMatch[] = [];
  if (probe.colour) {
    for (const r of rows) {
      if (nearIds.has(r.versionId) || !r.colour || r.colour.length !== probe.colour.length) continue;
      const c = colourDistance(probe.colour, r.colour);
      if (c > MAX_COLOUR_DISTANCE) continue;
      const d = probe.phash && isPhash(r.phash) ? hamming(probe.phash, r.phash) : null;
      const score = d === null ? 1 - c : 1 - (COLOUR_WEIGHT * c + PHASH_WEIGHT * (d / 64));
      colour.push({ assetId: r.assetId, versionId: r.versionId, distance: d, colourDistance: round(c), score: round(score), reason: "similar colours" });
    }
    colour.sort((a, b) => b.score - a.score || a.assetId.localeCompare(b.assetId));
  }
  for (const m of near) {
    const r = seen.get(m.versionId)!;
    if (probe.colour && r.colour && r.colour.length === probe.colour.length) m.colourDistance = round(colourDistance(probe.colour, r.colour));
  }
  const ranked = await visibleFirst(deps.prisma, shopId, scope, exclude, [...near, ...colour], limit);
  return deps.embeddings ? rerank(deps, shopId, probe, ranked) : ranked;
}

/** The first `limit` of `ranked` the caller may see, asking the database about twice as many at a time. */
async function visibleFirst(db: Prisma, shopId: string, scope: MarketScope, exclude: string | null, ranked: SimilarMatch[], limit: number): Promise<SimilarMatch[]> {
  const out: SimilarMatch[] = [];
  const step = Math.max(2 * limit, 20);
  for (let i = 0; i < ranked.length && out.length < limit; i += step) {
    const part = ranked.slice(i, i + step);
    const ok = await findVisibleAssetIds(db, shopId, scope, part.map((m) => m.assetId), exclude);
    for (const m of part) if (ok.has(m.assetId) && out.length < limit) out.push(m);
  }
  return out;
}

const cosine = (a: number[], b: number[]) => {
  let dot = 0, na = 0, nb = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) { dot += a[i]! * b[i]!; na += a[i]! ** 2; nb += b[i]! ** 2; }
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
};

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** Re-ranks the first RERANK_TOP of each reason group by the blend with the embeddings' cosine. */
async function rerank(deps: SimilarDeps, shopId: string, probe: Probe, ranked: SimilarMatch[]): Promise<SimilarMatch[]> {
  const provider = deps.embeddings!;
  const blobs = deps.blobs;
  if (!blobs) return ranked;
  const top = ranked.slice(0, RERANK_TOP);
  const keys = await findPreviewKeys(deps.prisma, shopId, [...top.map((m) => m.versionId), ...(probe.previewVersionId ? [probe.previewVersionId] : [])]);
  const probeBytes = probe.image ?? (probe.previewVersionId && keys.has(probe.previewVersionId) ? await readAll(await blobs.open(keys.get(probe.previewVersionId)!)) : null);
  if (!probeBytes) return ranked;
  const probeVec = await provider.embed(probeBytes);
  for (const m of top) {
    const key = keys.get(m.versionId);
    if (!key) continue;
    const cos = cosine(probeVec, await provider.embed(await readAll(await blobs.open(key))));
    m.embeddingSimilarity = round(cos);
    m.score = round((m.score + (1 + cos) / 2) / 2);
  }
  const group = (r: SimilarReason) => top.filter((m) => m.reason === r).sort((a, b) => b.score - a.score);
  return [...group("near duplicate"), ...group("similar colours"), ...ranked.slice(RERANK_TOP)];
}

/**
 * An uploaded probe: sniffed (PROBE_TYPES only), its pHash computed the way ingest computes it (the same
 * render path, in a temp dir removed afterwards) and its colour histogram by the colour analyser.
 */
async function probeOfImage(deps: SimilarDeps, caller: Principal, image: Buffer): Promise<Probe> {
  authorize(caller, "asset.view");
  if (!image.length) throw new AppError("empty_file", "The image is empty.");
  const maxPixels = deps.maxPixels ?? 0x3fff * 0x3fff;
  let workDir: string | null = null;
  try {
    const { mime } = await sniffType(image);
    if (!(PROBE_TYPES as readonly string[]).includes(mime))
      throw new AppError("unsupported_type", `Find similar takes a JPEG, PNG, WebP, AVIF, GIF or TIFF image; this is ${mime}.`);
    await inspectImage(image, { maxPixels }, mime); // rejects pixel bombs before decoding
    workDir = await mkdtemp(join(tmpdir(), "assetline-similar-"));
    const [rendered, pixels] = await Promise.all([renderImageOutputs(image, { workDir, maxPixels, mime }), loadAnalyserImage(image, { maxPixels, mime })]);
    const colour = (await colourAnalyser.analyse(pixels)).features?.colour ?? null;
    return { phash: rendered.phash, colour, image, excludeAssetId: null };
  } catch (e) {
    if (e instanceof MediaError) throw toAppError(e);
    throw e;
  } finally {
    if (workDir) await rm(workDir, { recursive: true, force: true });
  }
}
