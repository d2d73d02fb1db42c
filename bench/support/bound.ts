// The lower bound on propagation implied by the channels' published rate limits: each channel must at
// least write every listing once and read it once, through its rate-limited buckets, after spending the
// buckets' bursts; a write is shown only after the channel's processing delay. The channels run in
// parallel, so the bound is the slowest channel's. Pure arithmetic, un-scaled seconds.
import type { ChannelId } from "../../connectors/channel";

export interface BucketLimit {
  /** Tokens (calls, or Shopify points) per second. */
  rate: number;
  /** What a full bucket holds at the start. */
  burst: number;
}

export interface BoundPart {
  label: string;
  /** Calls (or points) the part needs, its bucket and the wait after it (processing), and its time. */
  needed: number;
  unit: "calls" | "points";
  limit: BucketLimit;
  tailS: number;
  seconds: number;
}

export interface PropagationLimits {
  amazon: { get: BucketLimit; patch: BucketLimit; processingS: number };
  /** bucket: maximumAvailable (burst) and restoreRate; points of the cheapest write and read per listing. */
  shopify: { bucket: BucketLimit; writePoints: number; readPoints: number; processingS: number };
  /** One bucket per API. */
  tiktok: { perApi: BucketLimit; auditS: number };
}

export interface PropagationBound {
  channels: Record<ChannelId, { seconds: number; parts: BoundPart[] }>;
  seconds: number;
}

const part = (label: string, needed: number, unit: BoundPart["unit"], limit: BucketLimit, tailS = 0): BoundPart => ({
  label,
  needed,
  unit,
  limit,
  tailS,
  seconds: Math.max(0, needed - limit.burst) / limit.rate + tailS,
});

export function propagationBound(listings: number, l: PropagationLimits): PropagationBound {
  const n = listings;
  const s = l.shopify;
  const channels: PropagationBound["channels"] = {
    amazon: {
      seconds: 0,
      parts: [part("patchListingsItem + processing", n, "calls", l.amazon.patch, l.amazon.processingS), part("getListingsItem", n, "calls", l.amazon.get)],
    },
    shopify: {
      seconds: 0,
      parts: [
        part(`fileUpdate (${s.writePoints} pts) + product read (${s.readPoints} pts)`, n * (s.writePoints + s.readPoints), "points", s.bucket),
        part("fileUpdate + media processing", n * s.writePoints, "points", s.bucket, s.processingS),
      ],
    },
    tiktok: {
      seconds: 0,
      parts: [
        part("image upload", n, "calls", l.tiktok.perApi),
        part("partial_edit + audit", n, "calls", l.tiktok.perApi, l.tiktok.auditS),
        part("get product", n, "calls", l.tiktok.perApi),
      ],
    },
  };
  for (const c of Object.values(channels)) c.seconds = Math.max(...c.parts.map((p) => p.seconds));
  return { channels, seconds: Math.max(...Object.values(channels).map((c) => c.seconds)) };
}
