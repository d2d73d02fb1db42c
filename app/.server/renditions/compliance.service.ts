// What merchants see and do about compliance (issue #5 §3, §5): each channel's rendition of a version
// with its findings, the Fix (a stored, audited recipe per asset and preset that later versions follow
// until it is removed), and the shop-wide view of failing assets with bulk fix.
import { AppError, notFound } from "../errors";
import { writeAudit } from "../governance/audit.repository";
import { authorize } from "../governance/authorize";
import { marketScope } from "../governance/policy";
import { findAsset } from "../library/assets.repository";
import { mediaUrl } from "../library/present";
import type { Actor } from "../library/types";
import type { Prisma as P } from "../../.generated/prisma/client";
import { computeRecipeHash, type RenditionRecipe } from "./builder";
import type { Finding } from "./checks";
import { describeRecipe, parseRecipe, recipeForFindings } from "./fix-recipe";
import { deleteFix, findVersionForRenditions, listCurrentVersionsWithRenditions, listFixesOfAsset, listFixesOfAssets, upsertFix } from "./renditions.repository";
import {
  complianceOf,
  currentRecipe,
  ensureRenditions,
  gate,
  loadShopPresets,
  RenditionUnavailable,
  requestRenditions,
  textFindingsFor,
  type RenditionDeps,
  type StoredRendition,
  type Verdict,
} from "./renditions.service";
import type { ShopPreset } from "./shop-presets";

export interface PresentedRendition {
  id: string;
  presetId: string;
  recipeHash: string;
  url: string;
  sha256: string;
  mime: string;
  width: number;
  height: number;
  bytes: number;
  verdict: Verdict | null;
  findings: Finding[];
}

export function presentRendition(mediaKey: string, r: StoredRendition): PresentedRendition {
  return {
    id: r.id,
    presetId: r.presetId,
    recipeHash: r.recipeHash,
    url: mediaUrl(mediaKey, r),
    sha256: r.blob.sha256,
    mime: r.mime,
    width: r.width,
    height: r.height,
    bytes: r.bytes,
    verdict: (r.verdict as Verdict | null) ?? null,
    findings: complianceOf(r)?.findings ?? [],
  };
}

export interface ChannelCheck {
  preset: { id: string; label: string; channel: string; width: number; height: number; eager: boolean; builtIn: boolean; source: string };
  /** ready: built for the current recipe; building: queued; on_demand: not built (not one of the shop's channels). */
  state: "ready" | "building" | "on_demand";
  rendition: PresentedRendition | null;
  /** Image findings of the rendition plus the market text rules for this channel. */
  findings: Finding[];
  /** Worst of the findings; null until built. */
  verdict: Verdict | null;
  fix: { recipe: RenditionRecipe; description: string[]; by: string; at: string } | null;
  /** A Fix would change something (some finding has a safe fix the current recipe lacks). */
  fixable: boolean;
  /** With a Fix: the rendition without it, when built (the "before"). */
  before: PresentedRendition | null;
}

const worst = (findings: Finding[]): Verdict => (findings.some((f) => f.severity === "block") ? "fail" : findings.some((f) => f.severity === "warn") ? "warn" : "pass");

async function visibleVersion(deps: RenditionDeps, shopId: string, actor: Actor, assetId: string, versionId: string) {
  const v = await findVersionForRenditions(deps.prisma, shopId, versionId);
  if (!v || v.assetId !== assetId) throw notFound("That version");
  authorize(actor, "asset.view", v.asset);
  return v;
}

/**
 * Every channel preset of the shop for one version: eager ones are built (queued when missing, so the
 * page shows "building" and polls), others are listed to build on demand.
 */
export async function versionChannelChecks(deps: RenditionDeps, shopId: string, mediaKey: string, actor: Actor, assetId: string, versionId: string) {
  const v = await visibleVersion(deps, shopId, actor, assetId, versionId);
  if (v.asset.kind !== "image") return { checks: [] as ChannelCheck[], unavailable: `Channel images are made from images; this is a ${v.asset.kind}.` };
  if (v.processing !== "ready") return { checks: [] as ChannelCheck[], unavailable: v.processing === "pending" ? "Channel images are made once the version is processed." : "The version could not be processed." };
  const presets = await loadShopPresets(deps.prisma, shopId);
  const fixes = await listFixesOfAsset(deps.prisma, shopId, assetId);
  const missingEager: string[] = [];
  const checks = presets.map((sp): ChannelCheck => {
    const { recipe, hash } = currentRecipe(sp.preset, fixes);
    const r = v.renditions.find((x) => x.presetId === sp.preset.id && x.recipeHash === hash && x.compliance !== null);
    const fixRow = fixes.find((f) => f.presetId === sp.preset.id);
    const beforeHash = computeRecipeHash(sp.preset, {});
    const before = recipe ? v.renditions.find((x) => x.presetId === sp.preset.id && x.recipeHash === beforeHash && x.compliance !== null) : undefined;
    if (!r && sp.eager) missingEager.push(sp.preset.id);
    const imageFindings = r ? (complianceOf(r)?.findings ?? []) : [];
    const findings = r ? [...imageFindings, ...textFindingsFor(v.asset, sp.preset.channel)] : [];
    return {
      preset: { id: sp.preset.id, label: sp.preset.label, channel: sp.preset.channel, width: sp.preset.width, height: sp.preset.height, eager: sp.eager, builtIn: sp.builtIn, source: sp.preset.source },
      state: r ? "ready" : sp.eager ? "building" : "on_demand",
      rendition: r ? presentRendition(mediaKey, r) : null,
      findings,
      verdict: r ? worst(findings) : null,
      fix: recipe && fixRow ? { recipe, description: describeRecipe(recipe), by: fixRow.createdByName, at: fixRow.updatedAt.toISOString() } : null,
      fixable: r ? recipeForFindings(imageFindings, sp.preset, recipe ?? {}) !== null : false,
      before: before ? presentRendition(mediaKey, before) : null,
    };
  });
  await requestRenditions(deps, shopId, versionId, missingEager);
  return { checks, unavailable: null };
}

/** Build some presets of a version now (a merchant asked for a channel the shop does not build eagerly). */
export async function buildOnDemand(deps: RenditionDeps, shopId: string, actor: Actor, assetId: string, versionId: string, presetIds: string[]) {
  await visibleVersion(deps, shopId, actor, assetId, versionId);
  try {
    return await ensureRenditions(deps, shopId, versionId, presetIds);
  } catch (e) {
    if (e instanceof RenditionUnavailable) throw new AppError(e.kind === "not_found" ? "not_found" : "conflict", e.message);
    throw e;
  }
}

/**
 * One-click Fix: derive a recipe from the rendition's findings, store it for (asset, preset), audit it,
 * and build the fixed rendition of this version now (and of the asset's other current version later).
 */
export async function applyFix(deps: RenditionDeps, shopId: string, actor: Actor, assetId: string, versionId: string, presetId: string) {
  const v = await visibleVersion(deps, shopId, actor, assetId, versionId);
  authorize(actor, "asset.edit", v.asset);
  const presets = await loadShopPresets(deps.prisma, shopId);
  const sp = presets.find((p) => p.preset.id === presetId);
  if (!sp) throw notFound(`The “${presetId}” preset`);
  const fixes = await listFixesOfAsset(deps.prisma, shopId, assetId);
  const current = currentRecipe(sp.preset, fixes).recipe ?? {};
  const r = (await buildOnDemand(deps, shopId, actor, assetId, versionId, [presetId])).get(presetId)!;
  const recipe = recipeForFindings(complianceOf(r)?.findings ?? [], sp.preset, current);
  if (!recipe) throw new AppError("conflict", `Nothing on the ${sp.preset.label} can be fixed automatically${(complianceOf(r)?.findings ?? []).some((f) => f.severity === "block") ? "; the remaining problems need a better master" : ""}.`);
  await saveFix(deps, shopId, actor, assetId, sp, recipe, { versionId, before: r.recipeHash });
  // "Before" stays the un-fixed rendition, so build that too when it is missing (the first Fix of a stack).
  const built = await ensureRenditions(deps, shopId, versionId, [presetId], { presets });
  await ensureRenditions(deps, shopId, versionId, [presetId], { presets, recipes: { [presetId]: null } });
  await requestOtherCurrent(deps, shopId, v.asset, versionId, [presetId]);
  return built.get(presetId)!;
}

async function saveFix(deps: RenditionDeps, shopId: string, actor: Actor, assetId: string, sp: ShopPreset, recipe: RenditionRecipe, data: Record<string, string>) {
  await deps.prisma.$transaction(async (tx) => {
    await upsertFix(tx, shopId, { assetId, presetId: sp.preset.id, recipe: recipe as P.InputJsonValue, createdByName: actor.name });
    await writeAudit(tx, shopId, actor, {
      action: "rendition.fix_applied",
      subjectType: "asset",
      subjectId: assetId,
      data: { presetId: sp.preset.id, recipe: recipe as P.InputJsonValue, fix: describeRecipe(recipe).join("; "), ...data },
    });
  });
}

async function requestOtherCurrent(deps: RenditionDeps, shopId: string, asset: { liveVersionId: string | null; latestVersionId: string | null }, done: string, presetIds: string[]) {
  for (const id of new Set([asset.liveVersionId, asset.latestVersionId]))
    if (id && id !== done) await requestRenditions(deps, shopId, id, presetIds);
}

/** Remove a Fix: later renditions are built from the preset alone again (audited). */
export async function removeFix(deps: RenditionDeps, shopId: string, actor: Actor, assetId: string, presetId: string) {
  const asset = await findAsset(deps.prisma, shopId, assetId);
  if (!asset) throw notFound("That asset");
  authorize(actor, "asset.edit", asset);
  const removed = await deps.prisma.$transaction(async (tx) => {
    const n = await deleteFix(tx, shopId, assetId, presetId);
    if (n.count) await writeAudit(tx, shopId, actor, { action: "rendition.fix_removed", subjectType: "asset", subjectId: assetId, data: { presetId } });
    return n.count;
  });
  if (!removed) throw notFound(`A Fix for “${presetId}” on this asset`);
  await requestOtherCurrent(deps, shopId, asset, "", [presetId]);
}

export interface ComplianceRow {
  assetId: string;
  title: string;
  versionId: string;
  versionNumber: number;
  thumbnailUrl: string | null;
  verdict: Verdict | null;
  findings: Finding[];
  fixable: boolean;
  fixed: boolean;
}

export interface ComplianceSummary {
  preset: { id: string; label: string; channel: string };
  counts: { pass: number; warn: number; fail: number; pending: number };
  failing: ComplianceRow[];
}

/** At most this many assets are summarised per request (newest first); the page says when it is cut. */
export const COMPLIANCE_SCAN_LIMIT = 2000;

/**
 * The shop's eager presets with pass/warn/fail counts over every visible, active image's current version
 * (live, else latest) and the failing ones, each with whether a one-click Fix can help.
 */
export async function complianceOverview(deps: RenditionDeps, shopId: string, mediaKey: string, actor: Actor) {
  authorize(actor, "asset.view");
  const presets = (await loadShopPresets(deps.prisma, shopId)).filter((p) => p.eager);
  const assets = await listCurrentVersionsWithRenditions(deps.prisma, shopId, marketScope(actor), presets.map((p) => p.preset.id), COMPLIANCE_SCAN_LIMIT + 1);
  const truncated = assets.length > COMPLIANCE_SCAN_LIMIT;
  const summaries: ComplianceSummary[] = presets.map((sp) => ({ preset: { id: sp.preset.id, label: sp.preset.label, channel: sp.preset.channel }, counts: { pass: 0, warn: 0, fail: 0, pending: 0 }, failing: [] }));
  for (const a of assets.slice(0, COMPLIANCE_SCAN_LIMIT)) {
    const v = a.liveVersion ?? a.latestVersion;
    if (!v) continue;
    const thumb = v.renditions.find((r) => r.presetId === "thumb");
    presets.forEach((sp, i) => {
      const s = summaries[i]!;
      const { recipe, hash } = currentRecipe(sp.preset, a.renditionFixes);
      const r = v.renditions.find((x) => x.presetId === sp.preset.id && x.recipeHash === hash && x.compliance !== null);
      if (!r) {
        s.counts.pending++;
        return;
      }
      const imageFindings = complianceOf(r)?.findings ?? [];
      const findings = [...imageFindings, ...textFindingsFor({ title: a.title, description: "", markets: a.markets }, sp.preset.channel)];
      const verdict = worst(findings);
      s.counts[verdict]++;
      if (verdict === "fail")
        s.failing.push({
          assetId: a.id,
          title: a.title,
          versionId: v.id,
          versionNumber: v.number,
          thumbnailUrl: thumb ? mediaUrl(mediaKey, thumb) : null,
          verdict,
          findings: findings.filter((f) => f.severity === "block"),
          fixable: recipeForFindings(imageFindings, sp.preset, recipe ?? {}) !== null,
          fixed: recipe !== null,
        });
    });
  }
  return { summaries, truncated, scanned: Math.min(assets.length, COMPLIANCE_SCAN_LIMIT) };
}

/**
 * Bulk Fix from the Compliance view: for each chosen asset whose current rendition of the preset has
 * fixable findings, store the Fix (one audited transaction) and queue the rebuild. Returns what was done
 * and why the others were left.
 */
export async function bulkFix(deps: RenditionDeps, shopId: string, actor: Actor, presetId: string, assetIds: string[]) {
  authorize(actor, "asset.edit");
  if (assetIds.length > COMPLIANCE_SCAN_LIMIT) throw new AppError("validation", `Fix at most ${COMPLIANCE_SCAN_LIMIT} assets at once.`);
  const presets = await loadShopPresets(deps.prisma, shopId);
  const sp = presets.find((p) => p.preset.id === presetId);
  if (!sp) throw notFound(`The “${presetId}” preset`);
  const assets = await listCurrentVersionsWithRenditions(deps.prisma, shopId, marketScope(actor), [presetId], assetIds.length, assetIds);
  const byId = new Map(assets.map((a) => [a.id, a]));
  const fixes = await listFixesOfAssets(deps.prisma, shopId, assetIds);
  const plan: Array<{ assetId: string; versionIds: string[]; recipe: RenditionRecipe }> = [];
  const skipped: Array<{ assetId: string; reason: string }> = [];
  for (const id of assetIds) {
    const a = byId.get(id);
    const v = a ? (a.liveVersion ?? a.latestVersion) : null;
    if (!a || !v) {
      skipped.push({ assetId: id, reason: "not found, archived or outside your markets" });
      continue;
    }
    const mine = fixes.filter((f) => f.assetId === id);
    const { recipe, hash } = currentRecipe(sp.preset, mine);
    const r = v.renditions.find((x) => x.presetId === presetId && x.recipeHash === hash && x.compliance !== null);
    const next = r ? recipeForFindings(complianceOf(r)?.findings ?? [], sp.preset, recipe ?? {}) : null;
    if (!next) {
      skipped.push({ assetId: id, reason: r ? "nothing can be fixed automatically" : "not checked yet" });
      continue;
    }
    plan.push({ assetId: id, versionIds: [...new Set([a.liveVersionId, a.latestVersionId].filter((x): x is string => !!x))], recipe: next });
  }
  await deps.prisma.$transaction(async (tx) => {
    for (const p of plan) {
      await upsertFix(tx, shopId, { assetId: p.assetId, presetId, recipe: p.recipe as P.InputJsonValue, createdByName: actor.name });
      await writeAudit(tx, shopId, actor, { action: "rendition.fix_applied", subjectType: "asset", subjectId: p.assetId, data: { presetId, recipe: p.recipe as P.InputJsonValue, fix: describeRecipe(p.recipe).join("; "), bulk: true } });
      for (const versionId of p.versionIds) await deps.queue.enqueue(tx, "rendition.build", { shopId, versionId, presetIds: [presetId] });
    }
  });
  return { fixed: plan.map((p) => p.assetId), skipped };
}

export { parseRecipe };

/** The gate as a caller with a role sees it (REST): the version must be visible to them. */
export async function gateFor(deps: RenditionDeps, shopId: string, mediaKey: string, actor: Actor, versionId: string, presetId: string) {
  const v = await findVersionForRenditions(deps.prisma, shopId, versionId);
  if (!v) throw notFound("That version");
  authorize(actor, "asset.view", v.asset);
  const g = await gate(deps, shopId, mediaKey, versionId, presetId);
  return { allowed: g.allowed, findings: g.findings, rendition: g.rendition ? presentRendition(mediaKey, g.rendition) : null };
}
