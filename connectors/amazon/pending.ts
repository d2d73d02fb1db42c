// Submissions this connector sent that getListingsItem does not show yet. Amazon has no "pending" flag
// on a listing: ACCEPTED only queues the change, so until the attributes show what was sent, those
// slots read as `processing`. In memory and per instance: after a restart the listing simply reads as
// it is, which is still correct, only less precise.
import type { SlotId } from "../channel";

interface Entry {
  at: number;
  /** slot → URL sent (null: deleted). */
  want: Map<SlotId, string | null>;
}

export class PendingSubmissions {
  private readonly entries = new Map<string, Entry>();
  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {}

  record(key: string, want: Map<SlotId, string | null>): void {
    this.sweep();
    this.entries.set(key, { at: this.now(), want: new Map(want) });
  }

  /** Slots whose sent URL the listing does not show yet; forgets the submission once it shows. */
  unreflected(key: string, shown: Map<SlotId, string>): Map<SlotId, string | null> {
    const out = new Map<SlotId, string | null>();
    const e = this.entries.get(key);
    if (!e) return out;
    if (this.now() - e.at > this.ttlMs) {
      this.entries.delete(key);
      return out;
    }
    for (const [slot, url] of e.want) if ((shown.get(slot) ?? null) !== url) out.set(slot, url);
    if (out.size === 0) this.entries.delete(key);
    return out;
  }

  private sweep(): void {
    for (const [k, e] of this.entries) if (this.now() - e.at > this.ttlMs) this.entries.delete(k);
  }
}
