// The closed set of job names (DESIGN §10) and their payloads. Payloads carry ids only: a handler
// re-reads the current state, so a late or repeated job does the right thing (DESIGN §5).
export interface JobPayloads {
  "ingest.process": { shopId: string; versionId: string };
  /**
   * Runs the registered analysers over a version: those whose stored result is of an older analyser version
   * (or failed); `force` re-runs them all, `analysers` only the named ones.
   */
  "analyse.run": { shopId: string; versionId: string; force?: boolean; analysers?: string[] };
  /** Several presets of one version in one job: the master is decoded once for all of them. */
  "rendition.build": { shopId: string; versionId: string; presetIds: string[] };
  "catalogue.import": { shopId: string; accountId: string };
  "sync.publish": { shopId: string; listingId: string };
  "sync.readback": { shopId: string; listingId: string };
  "webhook.process": { shopId: string; webhookEventId: string };
  "rights.scan": Record<string, never>;
  "shop.purge": { shopId: string };
  "notify.send": { shopId: string; activityId: string };
}
export type JobName = keyof JobPayloads;

export const JOB_NAMES = [
  "ingest.process",
  "analyse.run",
  "rendition.build",
  "catalogue.import",
  "sync.publish",
  "sync.readback",
  "webhook.process",
  "rights.scan",
  "shop.purge",
  "notify.send",
] as const satisfies readonly JobName[];

/**
 * The queue key that dedupes a job (queues are `stately`: one queued + one active per key). Without a
 * key a stately queue would collapse every job of the name into one.
 */
export function jobKey<N extends JobName>(name: N, payload: JobPayloads[N]): string {
  switch (name) {
    case "sync.publish":
    case "sync.readback":
      return `publish:${(payload as JobPayloads["sync.publish"]).listingId}`;
    case "rendition.build": {
      const p = payload as JobPayloads["rendition.build"];
      return `${p.versionId}:${[...p.presetIds].sort().join(",")}`;
    }
    case "rights.scan":
      return "rights.scan";
    case "analyse.run": {
      // A forced re-run is its own key: a queued automatic run must not swallow it.
      const p = payload as JobPayloads["analyse.run"];
      if (!p.force && !p.analysers) return p.versionId;
      return `${p.versionId}:${p.force ? "force" : "due"}:${p.analysers ? [...p.analysers].sort().join(",") : "*"}`;
    }
    default: {
      const p = payload as Record<string, string>;
      return p.versionId ?? p.accountId ?? p.webhookEventId ?? p.activityId ?? p.shopId;
    }
  }
}
