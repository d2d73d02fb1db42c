// `rendition.build`: the channel renditions of one version (several presets, one decode). Idempotent:
// renditions that exist for the current recipe are kept. Presets removed since the job was queued are
// skipped; a version that vanished or cannot be a channel image ends the job quietly (nothing to retry).
import type { JobPayloads } from "../jobs/names";
import { ensureRenditions, loadShopPresets, RenditionUnavailable, type RenditionDeps } from "./renditions.service";
import { findShopPreset } from "./shop-presets";

export async function buildRenditionsJob(deps: RenditionDeps, p: JobPayloads["rendition.build"]): Promise<void> {
  const presets = await loadShopPresets(deps.prisma, p.shopId);
  const ids = p.presetIds.filter((id) => findShopPreset(presets, id));
  if (!ids.length) return;
  try {
    await ensureRenditions(deps, p.shopId, p.versionId, ids, { presets });
  } catch (e) {
    // Still processing: ingest queues the eager build itself when it finishes, so this can stop too.
    if (e instanceof RenditionUnavailable) return;
    throw e;
  }
}
