// "Keep theirs as a new version": someone changed a placement's image on the channel and the merchant
// prefers it. The channel's image becomes a new version of the asset — checked and stored like any
// upload, waiting for approval like one — and the slot is the channel's again (adopt), so nothing is
// published over it. The copy is made first: if the channel's image cannot be fetched or is not an
// image the library takes, nothing changes and the placement stays drifted.
import { Readable } from "node:stream";
import { fileNameOf } from "../../../connectors/http/url";
import { AppError, notFound } from "../errors";
import { authorize } from "../governance/authorize";
import { allows } from "../governance/policy";
import { ingestStream, type IngestDeps } from "../library/ingest.service";
import type { Actor } from "../library/types";
import { findPlacement } from "./placements.repository";
import { resolveDrift, slotLabel, type PlacementDeps } from "./placements.service";
import { channelName } from "./publish.job";

/** How long the channel may take to hand over its image. */
export const CHANNEL_IMAGE_TIMEOUT_MS = 30_000;

export interface AdoptDeps extends PlacementDeps, IngestDeps {
  fetch?: typeof fetch;
}

/** Adopts the channel's image of a drifted placement and keeps it as the asset's newest version. */
export async function adoptAsVersion(deps: AdoptDeps, shopId: string, actor: Actor, placementId: string): Promise<{ versionId: string; versionNumber: number }> {
  const p = await findPlacement(deps.prisma, shopId, placementId);
  if (!p || !allows(actor, "asset.view", p.asset)) throw notFound("That placement");
  authorize(actor, "asset.edit", p.asset);
  if (p.state !== "drifted") throw new AppError("invalid_state", "Only a drifted placement's channel image can be kept.");
  const url = p.observedUrl;
  if (!url || !/^https?:\/\//i.test(url)) throw new AppError("invalid_state", "The channel did not say where its image is: adopt it without a copy, or restore ours.");

  let res: Response;
  try {
    res = await (deps.fetch ?? fetch)(url, { signal: AbortSignal.timeout(CHANNEL_IMAGE_TIMEOUT_MS), redirect: "follow" });
  } catch (e) {
    throw new AppError("unavailable", `The channel's image could not be fetched (${e instanceof Error ? e.name : "error"}). Try again in a moment.`);
  }
  if (!res.ok || !res.body) {
    await res.body?.cancel();
    throw new AppError("unavailable", `The channel answered ${res.status} for its image. Try again in a moment.`);
  }
  const channel = channelName(p.listing.account.channel);
  const outcome = await ingestStream(
    deps,
    shopId,
    actor,
    { stream: Readable.fromWeb(res.body as import("node:stream/web").ReadableStream<Uint8Array>), filename: channelFileName(url, p.listing.account.channel, p.slot) },
    { assetId: p.assetId, note: `Kept from ${channel}: ${p.listing.title} · ${slotLabel(p.listing.account.channel, p.slot)}` },
  );
  if (outcome.status !== "created") throw new AppError("internal", "The channel's image was not added as a version.");
  await resolveDrift(deps, shopId, actor, placementId, "adopt");
  return { versionId: outcome.versionId, versionNumber: outcome.versionNumber };
}

/** What the merchant is told once the channel's image is kept. */
export const keptNotice = (kept: { versionNumber: number }) => `The channel's image is kept as version ${kept.versionNumber} (a draft); Assetline no longer manages that slot`;

/** The image's own file name when its URL has one ("IMG_2231.jpg"), else "<channel>-<slot>". */
export function channelFileName(url: string, channel: string, slot: string): string {
  const name = fileNameOf(url);
  return name && /\.[a-z0-9]{2,5}$/i.test(name) ? name : `${channel}-${slot}`;
}
