// Channel renditions of a version (issue #5 §2–3): built once per (version, preset, recipe hash), stored
// as content-addressed blobs with their compliance findings, and the gate the sync engine asks before it
// publishes. Building is idempotent: a rendition that exists for the current recipe is reused.
import { randomUUID } from "node:crypto";
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Config } from "../config";
import type { Prisma } from "../db/database";
import type { JobQueue } from "../jobs/queue";
import { upsertBlob, findBlobByStorageKey } from "../library/blobs.repository";
import { mediaUrl } from "../library/present";
import type { BlobStore } from "../media/blob-store";
import type { Prisma as P } from "../../.generated/prisma/client";
import { computeRecipeHash, type RenditionRecipe } from "./builder";
import type { Finding } from "./checks";
import { parseRecipe } from "./fix-recipe";
import type { ImageMeasure } from "./measure";
import { PRESET_CHANNELS, type Preset, type PresetChannel } from "./presets";
import { renderAndCheck, verdictOf } from "./render-and-check";
import { connectedChannels, findVersionForRenditions, listCurrentImageVersionIds, listFixesOfAsset, listShopPresetRows, saveRendition } from "./renditions.repository";
import { findShopPreset, shopPresets, type ShopPreset } from "./shop-presets";
import { marketTextFindings } from "./text-rules";

export interface RenditionDeps {
  prisma: Prisma;
  blobs: BlobStore;
  queue: JobQueue;
  config: Pick<Config, "dataDir">;
}

export type Verdict = "pass" | "warn" | "fail";

/** The services a route holds, as the rendition code needs them. */
export const renditionDeps = (s: { db: { prisma: Prisma }; blobs: BlobStore; queue: JobQueue; config: Pick<Config, "dataDir"> }): RenditionDeps => ({
  prisma: s.db.prisma,
  blobs: s.blobs,
  queue: s.queue,
  config: s.config,
});

/** What is stored in Rendition.compliance. */
export interface StoredCompliance {
  measure: ImageMeasure;
  findings: Finding[];
}

/** Master formats sharp decodes at full quality; anything else (SVG) is built from its 1600 px preview. */
const DECODABLE = new Set(["image/jpeg", "image/png", "image/webp", "image/avif", "image/gif", "image/tiff"]);

const isPresetChannel = (c: string): c is PresetChannel => (PRESET_CHANNELS as readonly string[]).includes(c);

/** The shop's presets: built-ins with its overrides plus custom ones; eager for the channels it sells on. */
export async function loadShopPresets(prisma: Prisma, shopId: string): Promise<ShopPreset[]> {
  const [rows, channels] = await Promise.all([listShopPresetRows(prisma, shopId), connectedChannels(prisma, shopId)]);
  // Every shop sells on its Shopify store; linked Amazon/TikTok accounts add theirs.
  const sellsOn = new Set<PresetChannel>(["shopify", ...channels.filter(isPresetChannel)]);
  return shopPresets(rows, sellsOn);
}

type VersionForRenditions = NonNullable<Awaited<ReturnType<typeof findVersionForRenditions>>>;
export type StoredRendition = VersionForRenditions["renditions"][number];

/** The recipe (shop's Fix) and hash a preset's rendition of this asset is built with now. */
export function currentRecipe(preset: Preset, fixes: ReadonlyArray<{ presetId: string; recipe: unknown }>): { recipe: RenditionRecipe | null; hash: string } {
  const recipe = parseRecipe(fixes.find((f) => f.presetId === preset.id)?.recipe);
  return { recipe, hash: computeRecipeHash(preset, recipe ?? {}) };
}

export class RenditionUnavailable extends Error {
  constructor(
    readonly kind: "not_found" | "not_image" | "processing" | "failed",
    message: string,
  ) {
    super(message);
    this.name = "RenditionUnavailable";
  }
}

/**
 * The renditions of these presets for the version, building (in one decode) those that do not exist
 * for the current recipe. `recipes` replaces the stored Fix for a preset (null = build without a Fix),
 * which is how a Fix's "before" is made.
 */
export async function ensureRenditions(
  deps: RenditionDeps,
  shopId: string,
  versionId: string,
  presetIds: readonly string[],
  opts: { recipes?: Record<string, RenditionRecipe | null>; presets?: ShopPreset[]; version?: VersionForRenditions | null } = {},
): Promise<Map<string, StoredRendition>> {
  const v = opts.version !== undefined ? opts.version : await findVersionForRenditions(deps.prisma, shopId, versionId);
  if (!v) throw new RenditionUnavailable("not_found", "That version was not found.");
  if (v.asset.kind !== "image") throw new RenditionUnavailable("not_image", `A ${v.asset.kind} cannot be a channel image.`);
  if (v.processing === "pending") throw new RenditionUnavailable("processing", "The version is still being processed.");
  if (v.processing === "failed") throw new RenditionUnavailable("failed", "The version could not be processed, so no channel image can be made from it.");
  const presets = opts.presets ?? (await loadShopPresets(deps.prisma, shopId));
  const fixes = await listFixesOfAsset(deps.prisma, shopId, v.assetId);
  const out = new Map<string, StoredRendition>();
  const todo: Array<{ preset: Preset; recipe: RenditionRecipe | null; hash: string }> = [];
  for (const id of presetIds) {
    const preset = findShopPreset(presets, id);
    if (!preset) throw new RenditionUnavailable("not_found", `There is no “${id}” preset in this shop.`);
    const cur = currentRecipe(preset, fixes);
    const recipe = opts.recipes && id in opts.recipes ? opts.recipes[id]! : cur.recipe;
    const hash = computeRecipeHash(preset, recipe ?? {});
    const existing = v.renditions.find((r) => r.presetId === id && r.recipeHash === hash && r.compliance !== null);
    if (existing) out.set(id, existing);
    else todo.push({ preset, recipe, hash });
  }
  if (!todo.length) return out;

  const source = await sourceImage(deps, v);
  // One build per distinct recipe set (renderAndCheck takes one recipe per preset id).
  const built = await renderAndCheck(
    source,
    todo.map((t) => t.preset),
    { recipes: Object.fromEntries(todo.filter((t) => t.recipe).map((t) => [t.preset.id, t.recipe!])) },
  );
  const stored: Array<{ t: (typeof todo)[number]; ref: { key: string; sha256: string; bytes: number }; mime: string }> = [];
  const tmpDir = path.join(deps.config.dataDir, "tmp");
  await mkdir(tmpDir, { recursive: true });
  try {
    for (const t of todo) {
      const c = built.get(t.preset.id)!;
      const file = path.join(tmpDir, `rendition-${randomUUID()}`);
      await writeFile(file, c.rendition.bytes);
      const ref = await deps.blobs.putFile(shopId, file, { consume: true });
      await rm(file, { force: true });
      stored.push({ t, ref, mime: `image/${c.rendition.format}` });
    }
    const saveBuilt = () =>
      deps.prisma.$transaction(async (tx) => {
        for (const { t, ref, mime } of stored) {
          const c = built.get(t.preset.id)!;
          const blob = await upsertBlob(tx, shopId, { sha256: ref.sha256, bytes: ref.bytes, mime, storageKey: ref.key });
          const compliance: StoredCompliance = { measure: c.measure, findings: c.findings };
          const row = await saveRendition(tx, shopId, {
            versionId,
            presetId: t.preset.id,
            recipeHash: t.hash,
            blobId: blob.id,
            mime,
            width: c.rendition.width,
            height: c.rendition.height,
            bytes: c.rendition.bytes.length,
            compliance: compliance as unknown as P.InputJsonValue,
            verdict: verdictOf(c.findings),
          });
          out.set(t.preset.id, row);
        }
      });
    // Two jobs may store the same bytes at once: publishes of a version to many listings build at once,
    // and two presets can render a master to identical bytes (a 1000 px square under shopify.product and
    // tiktok.main), so the Blob (content-addressed) is not covered by "another job built this preset"
    // below. On PostgreSQL the loser's upsert fails on the unique key once the winner committed; run
    // again, the upserts find the winner's rows.
    for (let attempt = 1; ; attempt++) {
      try {
        await saveBuilt();
        break;
      } catch (err) {
        if (!isUniqueViolation(err) || attempt >= 3) throw err;
      }
    }
  } catch (err) {
    // The version went away while we built: keep no bytes that no row owns.
    for (const { ref } of stored)
      if (!(await findBlobByStorageKey(deps.prisma, shopId, ref.key).catch(() => ({ id: "?" })))) await deps.blobs.delete(ref.key).catch(() => {});
    // Another job stored the same renditions meanwhile (publishes of one asset to many listings run at
    // once, and on PostgreSQL their upserts race on the unique keys): theirs are as good as ours.
    if (isUniqueViolation(err)) {
      const again = await findVersionForRenditions(deps.prisma, shopId, versionId);
      const theirs = todo.map((t) => again?.renditions.find((r) => r.presetId === t.preset.id && r.recipeHash === t.hash && r.compliance !== null));
      if (theirs.every(Boolean)) {
        todo.forEach((t, i) => out.set(t.preset.id, theirs[i]!));
        return out;
      }
    }
    throw err;
  }
  return out;
}

const isUniqueViolation = (err: unknown) => (err as { code?: string } | null)?.code === "P2002";

async function sourceImage(deps: RenditionDeps, v: VersionForRenditions): Promise<Buffer> {
  const { readFile } = await import("node:fs/promises");
  if (DECODABLE.has(v.mime)) return deps.blobs.withLocalFile(v.blob.storageKey, (file) => readFile(file));
  const preview = v.renditions.find((r) => r.presetId === "preview");
  if (!preview) throw new RenditionUnavailable("failed", "This version has no preview to make channel images from.");
  return deps.blobs.withLocalFile(preview.blob.storageKey, (file) => readFile(file));
}

export const complianceOf = (r: { compliance: unknown }): StoredCompliance | null => {
  const c = r.compliance as StoredCompliance | null;
  return c && Array.isArray(c.findings) ? c : null;
};

export interface GateResult {
  /** False when any finding blocks publishing to this channel. */
  allowed: boolean;
  findings: Finding[];
  /** The rendition to publish (null when none could be made). */
  rendition: (StoredRendition & { url: string }) | null;
  /** The version's number (null when the version is gone). */
  versionNumber: number | null;
}

/**
 * The compliance gate (DESIGN §10): may this version be published with this preset? Builds the
 * rendition when it does not exist yet; image findings come from the rendition as the channel receives
 * it, text findings from the asset's title and description for its markets (OCR text joins in #7).
 */
export async function gate(deps: RenditionDeps, shopId: string, mediaKey: string, versionId: string, presetId: string): Promise<GateResult> {
  let r: StoredRendition | undefined;
  const presets = await loadShopPresets(deps.prisma, shopId);
  // Read once: ensureRenditions builds on it, the text rules read its asset (the sync engine gates every
  // listing it publishes, so each query here is paid per listing).
  const v = await findVersionForRenditions(deps.prisma, shopId, versionId);
  try {
    r = (await ensureRenditions(deps, shopId, versionId, [presetId], { presets, version: v })).get(presetId);
  } catch (e) {
    if (!(e instanceof RenditionUnavailable)) throw e;
    const finding: Finding = { rule: e.kind === "not_image" ? "kind" : "rendition", severity: "block", measured: e.kind, required: "a channel rendition", message: e.message };
    return { allowed: false, findings: [finding], rendition: null, versionNumber: v?.number ?? null };
  }
  const channel = findShopPreset(presets, presetId)!.channel;
  const findings = [...(complianceOf(r!)?.findings ?? []), ...textFindingsFor(v!.asset, channel)];
  return { allowed: !findings.some((f) => f.severity === "block"), findings, rendition: { ...r!, url: mediaUrl(mediaKey, r!) }, versionNumber: v!.number };
}

/** Market text rules on the asset's own words (title, description) for its markets and the channel's. */
export function textFindingsFor(asset: { title: string; description: string; markets: string[] }, channel: string): Finding[] {
  return marketTextFindings([
    { field: "title", text: asset.title },
    { field: "description", text: asset.description },
  ], asset.markets, channel);
}

/** Queue the build of these presets for a version (lazy renditions; deduped per version and preset set). */
export async function requestRenditions(deps: Pick<RenditionDeps, "queue">, shopId: string, versionId: string, presetIds: string[]) {
  if (presetIds.length) await deps.queue.send("rendition.build", { shopId, versionId, presetIds });
}

/**
 * Queue the eager presets (or the given ones) for every current image version of the shop: after a
 * channel is linked or a preset is switched to "build for every version", existing images are checked
 * too, not only new uploads. Jobs skip renditions that already exist.
 */
export async function backfillRenditions(deps: Pick<RenditionDeps, "prisma" | "queue">, shopId: string, presetIds?: string[]): Promise<number> {
  const ids = presetIds ?? (await loadShopPresets(deps.prisma, shopId)).filter((p) => p.eager).map((p) => p.preset.id);
  if (!ids.length) return 0;
  const versions = await listCurrentImageVersionIds(deps.prisma, shopId);
  await deps.queue.sendMany("rendition.build", versions.map((versionId) => ({ shopId, versionId, presetIds: ids })));
  return versions.length;
}

export { verdictOf };
