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
  /** The shop's gateEpoch as read before gating (kept verdicts of another epoch are not used). */
  gateEpoch: number;
  /** Absolute origin of /media URLs (channels fetch them). */
  publicUrl: string;
  channel: ChannelId;
  /** The listing's market (country code), when known. */
  market: string | null;
  now: Date;
  /** Assets (with their rights) the publish already read with its placements: not read again. */
  loaded?: ReadonlyMap<string, LoadedAsset>;
  /** Gate results per (version, preset), shared by every placement of one publish. */
  cache: Map<string, Promise<{ target: ManagedTarget | null; blocked: string | null }>>;
}

/** An asset as candidates read it, with its rights (null: none recorded). */
export type LoadedAsset = NonNullable<Awaited<ReturnType<typeof findAssetForCandidates>>> & { rights: Awaited<ReturnType<typeof findRights>> };

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
  const loaded = ctx.loaded?.get(s.assetId);
  const asset = loaded ?? (await findAssetForCandidates(db, ctx.shopId, s.assetId));
  if (!asset) return blocked("The asset was deleted.");
  const rights = loaded ? loaded.rights : await findRights(db, ctx.shopId, s.assetId);
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

// Publishes of one asset to many listings run at once, and a version approved for 3,000 listings is gated
// 3,000 times with the same answer (eight reads each). Verdicts are kept per (shop, gate epoch, media key,
// version, preset): the shop's gateEpoch is bumped by triggers in the same transaction as any change to
// what the gate reads (migration gate_epoch), and a publish reads it with the shop before it gates — so a
// kept verdict is never older than what that publish could read itself. A gate in flight is shared too.
// Failures (a database error) are not kept.
const GATE_VERDICTS_KEPT = 2_000;
const verdicts = new Map<string, ReturnType<typeof gate>>();

function gateOnce(ctx: ResolveContext, versionId: string, presetId: string): ReturnType<typeof gate> {
  const key = `${ctx.shopId}:${ctx.gateEpoch}:${ctx.mediaKey}:${versionId}:${presetId}`;
  const kept = verdicts.get(key);
  if (kept) {
    verdicts.delete(key); // most recently used last (Map keeps insertion order)
    verdicts.set(key, kept);
    return kept;
  }
  const p = gate(ctx.deps, ctx.shopId, ctx.mediaKey, versionId, presetId);
  p.catch(() => verdicts.delete(key));
  verdicts.set(key, p);
  while (verdicts.size > GATE_VERDICTS_KEPT) verdicts.delete(verdicts.keys().next().value!);
  return p;
}

/** Forgets every kept verdict (tests that count the gate's reads). */
export function forgetGateVerdicts(): void {
  verdicts.clear();
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
