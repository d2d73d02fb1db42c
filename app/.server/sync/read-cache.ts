// Galleries a read-back fetched in bulk (Channel.readImagesMany: Amazon reads 20 listings per
// searchListingsItems call, from its own usage plan) and kept briefly for those listings' own publish
// jobs, so confirming 1,000 writes costs 50 calls instead of 1,000 single reads from the bucket the next
// publishes need. In-process only: a worker that misses simply reads the listing itself.
import type { PublishedImage } from "../../../connectors/channel";

export interface CachedRead {
  /** When the read was sent (ms): the gallery is at least this fresh. */
  at: number;
  images: PublishedImage[] | null;
}

/**
 * How long a bulk read serves. Long enough to outlast the account's queue of publishes during a
 * propagation (a listing's publish runs after the writes queued before it: 1,000 Amazon listings take
 * ~200 s at getListingsItem's 5 a second); with 30 s, most read-back publishes found their read expired
 * and read the listing again from the bucket the writes need. Never older than our last write or read
 * (`take`), and a read made before the channel finished only schedules another read-back.
 */
export const READ_CACHE_TTL_MS = 5 * 60_000;

export class ReadCache {
  private readonly entries = new Map<string, CachedRead>();

  constructor(
    private readonly ttlMs = READ_CACHE_TTL_MS,
    private readonly max = 5_000,
    private readonly now: () => number = Date.now,
  ) {}

  put(listingId: string, read: CachedRead): void {
    this.entries.delete(listingId);
    this.entries.set(listingId, read);
    // Oldest first out (Map keeps insertion order).
    while (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
  }

  /** Whether a fresh read of the listing is waiting (the read-back need not fetch it again). */
  has(listingId: string): boolean {
    const e = this.entries.get(listingId);
    return Boolean(e && this.now() - e.at <= this.ttlMs);
  }

  /**
   * The listing's cached gallery, used once: only when read at or after `notBefore` (our last write or
   * read of the listing — an older read would undo what we know) and within the TTL.
   */
  take(listingId: string, notBefore: number): CachedRead | null {
    const e = this.entries.get(listingId);
    if (!e) return null;
    this.entries.delete(listingId);
    return e.at >= notBefore && this.now() - e.at <= this.ttlMs ? e : null;
  }
}
