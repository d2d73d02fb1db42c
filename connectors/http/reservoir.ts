// The arithmetic shared by the token bucket (Amazon, TikTok) and the cost bucket (Shopify): a level that
// refills at `ratePerSec` up to `capacity`. A caller reserves before it waits (the level may go
// negative), so concurrent callers queue one behind the other instead of all waking at the same instant
// and overdrawing the channel's real bucket.
import { ChannelError } from "../channel";
import type { Now, Sleep } from "./clock";

export class Reservoir {
  private level: number;
  private capacity: number;
  private ratePerSec: number;
  private at: number;

  constructor(capacity: number, ratePerSec: number, now: number, level = capacity) {
    assertPositive("capacity", capacity);
    assertPositive("rate", ratePerSec);
    this.capacity = capacity;
    this.ratePerSec = ratePerSec;
    this.level = Math.min(level, capacity);
    this.at = now;
  }

  /** What is in the bucket at `now` (may be negative while reservations are waiting). */
  available(now: number): number {
    this.refill(now);
    return this.level;
  }

  get rate(): number {
    return this.ratePerSec;
  }

  /** Milliseconds until `cost` is available at `now`; 0 when it already is. */
  waitFor(cost: number, now: number): number {
    this.refill(now);
    const deficit = cost - this.level;
    return deficit <= 0 ? 0 : Math.ceil((deficit / this.ratePerSec) * 1000);
  }

  take(cost: number, now: number): void {
    this.refill(now);
    this.level -= cost;
  }

  /** Gives back a reservation that was never used (the caller aborted). */
  refund(cost: number, now: number): void {
    this.refill(now);
    this.level = Math.min(this.capacity, this.level + cost);
  }

  /** Overwrites state from a live signal of the channel; omitted fields keep their value. */
  set(next: { level?: number; capacity?: number; ratePerSec?: number }, now: number): void {
    this.refill(now);
    if (next.capacity !== undefined) {
      assertPositive("capacity", next.capacity);
      this.capacity = next.capacity;
    }
    if (next.ratePerSec !== undefined) {
      assertPositive("rate", next.ratePerSec);
      this.ratePerSec = next.ratePerSec;
    }
    this.level = Math.min(this.capacity, next.level ?? this.level);
  }

  private refill(now: number): void {
    // A clock that steps back (NTP) must not drain the bucket: only forward time counts.
    if (now <= this.at) return;
    this.level = Math.min(this.capacity, this.level + ((now - this.at) / 1000) * this.ratePerSec);
    this.at = now;
  }
}

/** Longest a limiter waits in process by default before it throws `throttled` instead. */
export const DEFAULT_MAX_WAIT_MS = 10_000;

/** Per-call options of the limiters' `take`. */
export interface TakeOptions {
  signal?: AbortSignal;
  /** Overrides the limiter's maxWaitMs for this call (e.g. 0 for "now or never"). */
  maxWaitMs?: number;
}

export interface AcquireOptions {
  now: Now;
  sleep: Sleep;
  maxWaitMs: number;
  signal?: AbortSignal;
  /** For the error message only, e.g. "amazon acct_1 patchListingsItem". */
  label: string;
}

/**
 * Reserves `cost` and waits until it is covered. When the wait would exceed `maxWaitMs` nothing is
 * reserved and a `throttled` ChannelError says how long to wait, so a job can be rescheduled instead of
 * holding a worker.
 */
export async function acquire(r: Reservoir, cost: number, opts: AcquireOptions): Promise<void> {
  if (!(cost >= 0) || !Number.isFinite(cost)) throw new RangeError(`cost must be a finite number >= 0, got ${cost}`);
  opts.signal?.throwIfAborted();
  const waitMs = r.waitFor(cost, opts.now());
  if (waitMs > opts.maxWaitMs) {
    throw new ChannelError("throttled", `${opts.label}: local rate limit, next slot in ${waitMs} ms`, { retryAfterMs: waitMs });
  }
  r.take(cost, opts.now());
  if (waitMs === 0) return;
  try {
    await opts.sleep(waitMs, opts.signal);
  } catch (e) {
    r.refund(cost, opts.now());
    throw e;
  }
}

function assertPositive(name: string, v: number): void {
  if (!(v > 0) || !Number.isFinite(v)) throw new RangeError(`${name} must be a finite number > 0, got ${v}`);
}
