// Turns a placement into the planner's candidates: the asset's own image, then its fallback, then the
// shop's default fallback — each with the version it would show (latest approved, or the pinned one),
// its rights for this channel and market, and the compliance gate's verdict on its rendition (built here
// when missing: this runs inside the publish job, never in a request).
import type { ChannelId, SlotId } from "../../../connectors/channel";
import type { Tx } from "../db/database";
import { findAssetForCandidates } from "./placements.repository";
import { findVersion } from "../library/versions.repository";
import { findRights } from "../governance/rights.repository";
import { rightsBlock } from "../governance/rights";
import { gate, type RenditionDeps } from "../renditions/renditions.service";
import type { Candidate, CandidateSource, ManagedTarget } from "./planner";

/** The preset a channel's slot is published with (the main slot has the stricter one on Amazon). */
export function defaultPresetFor(channel: ChannelId, slot: SlotId): string {
  if (channel === "amazon") return slot === "main" ? "amazon.main" : "amazon.other";
  if (channel === "tiktok") return "tiktok.main";
  return "shopify.product";
}

/** The preset of the channel's main image (used to promote an image to the main slot). */
export const mainPresetOf = (channel: ChannelId) => defaultPresetFor(channel, "main");

export interface ResolveContext {
  deps: RenditionDeps & { db: Tx };
  shopId: string;
  mediaKey: string;
  /** Absolute origin of /media URLs (channels fetch them). */
  publicUrl: string;
  channel: ChannelId;
  /** The listing's market (country code), when known. */
  market: string | null;
  now: Date;
  /** Gate results per (version, preset), shared by every placement of one publish. */
  cache: Map<string, Promise<{ target: ManagedTarget | null; blocked: string | null }>>;
}

interface Source {
  via: CandidateSource;
  assetId: string;
  pinnedVersionId: string | null;
}

/** The candidates of one placement, best first. */
export async function candidatesFor(
  ctx: ResolveContext,
  p: { assetId: string; pinnedVersionId: string | null; presetId: string },
  shopFallbackAssetId: string | null,
): Promise<Candidate[]> {
  const out: Candidate[] = [];
  const own = await candidate(ctx, { via: "asset", assetId: p.assetId, pinnedVersionId: p.pinnedVersionId }, p.presetId);
  out.push(own.candidate);
  if (own.fallbackAssetId && own.fallbackAssetId !== p.assetId)
    out.push((await candidate(ctx, { via: "asset_fallback", assetId: own.fallbackAssetId, pinnedVersionId: null }, p.presetId)).candidate);
  if (shopFallbackAssetId && shopFallbackAssetId !== p.assetId && shopFallbackAssetId !== own.fallbackAssetId)
    out.push((await candidate(ctx, { via: "shop_fallback", assetId: shopFallbackAssetId, pinnedVersionId: null }, p.presetId)).candidate);
  return out;
}

/** The image a placement shows (its first usable candidate), under another preset: for promotion. */
export async function targetUnderPreset(ctx: ResolveContext, versionId: string, assetId: string, presetId: string) {
  return (await gated(ctx, versionId, assetId, presetId)).target;
}

async function candidate(ctx: ResolveContext, s: Source, presetId: string): Promise<{ candidate: Candidate; fallbackAssetId: string | null }> {
  const db = ctx.deps.db;
  const blocked = (reason: string, fallbackAssetId: string | null = null) => ({
    candidate: { via: s.via, assetId: s.assetId, target: null, blocked: reason, waiting: false },
    fallbackAssetId,
  });
  const asset = await findAssetForCandidates(db, ctx.shopId, s.assetId);
  if (!asset) return blocked("The asset was deleted.");
  const rights = await findRights(db, ctx.shopId, s.assetId);
  const fallbackAssetId = rights?.fallbackAssetId ?? null;
  if (asset.archivedAt) return blocked(`“${asset.title}” is archived.`, fallbackAssetId);
  if (asset.kind !== "image") return blocked(`“${asset.title}” is not an image.`, fallbackAssetId);
  const reason = rightsBlock(rights, { channel: ctx.channel, ...(ctx.market ? { market: ctx.market } : {}) }, ctx.now);
  if (reason) return blocked(`“${asset.title}” may not be published: ${reason}`, fallbackAssetId);
  let versionId = asset.liveVersionId;
  if (s.pinnedVersionId) {
    const v = await findVersion(db, ctx.shopId, s.pinnedVersionId);
    if (!v || v.assetId !== asset.id) return blocked("The pinned version no longer exists.", fallbackAssetId);
    // A rollback may pin a version that was approved and later retired; never one that was not approved.
    if (!v.approvedAt || v.state === "rejected") return blocked(`Version ${v.number} of “${asset.title}” was never approved.`, fallbackAssetId);
    versionId = v.id;
  }
  if (!versionId) return blocked(`“${asset.title}” has no approved version yet.`, fallbackAssetId);
  const g = await gated(ctx, versionId, asset.id, presetId);
  return { candidate: { via: s.via, assetId: asset.id, target: g.target, blocked: g.blocked, waiting: false }, fallbackAssetId };
}

// Publishes of one asset to many listings run at once: one gate (and rendition build) per version and
// preset in this process at a time, the others wait for its answer.
const inFlight = new Map<string, ReturnType<typeof gate>>();
function gateOnce(ctx: ResolveContext, versionId: string, presetId: string): ReturnType<typeof gate> {
  const key = `${ctx.shopId}:${versionId}:${presetId}`;
  let p = inFlight.get(key);
  if (!p) {
    p = gate(ctx.deps, ctx.shopId, ctx.mediaKey, versionId, presetId).finally(() => inFlight.delete(key));
    inFlight.set(key, p);
  }
  return p;
}

function gated(ctx: ResolveContext, versionId: string, assetId: string, presetId: string) {
  const key = `${versionId}:${presetId}`;
  let hit = ctx.cache.get(key);
  if (!hit) {
    hit = (async () => {
      const g = await gateOnce(ctx, versionId, presetId);
      if (!g.allowed || !g.rendition) {
        const block = g.findings.find((f) => f.severity === "block");
        return { target: null, blocked: `It fails the ${presetId} check: ${block?.message ?? "no rendition could be made"}` };
      }
      const r = g.rendition;
      const target: ManagedTarget = {
        assetId,
        versionId,
        versionNumber: g.versionNumber ?? 0,
        sourceKey: r.blob.sha256,
        url: `${ctx.publicUrl}${r.url}`,
        mime: r.mime,
        width: r.width,
        height: r.height,
        storageKey: r.blob.storageKey,
      };
      return { target, blocked: null };
    })();
    ctx.cache.set(key, hit);
  }
  return hit;
}
