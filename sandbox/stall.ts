// The "timeout" fault every sandbox offers: the next N requests get no answer — the server holds them
// until the client gives up (or `ms` passes) and then drops the connection, as a stuck upstream would.
import type { IncomingMessage, ServerResponse } from "node:http";

export class StallKnob {
  private pending = 0;
  private ms = 60_000;
  /** The next `n` requests hang for up to `ms` and are then dropped without an answer. */
  stallNext(n = 1, ms = 60_000): void {
    this.pending += n;
    this.ms = ms;
  }
  /** True when this request was taken over by the fault (the caller must not answer it). */
  take(req: IncomingMessage, res: ServerResponse): boolean {
    if (this.pending === 0) return false;
    this.pending--;
    const timer = setTimeout(() => res.destroy(), this.ms);
    req.on("close", () => clearTimeout(timer));
    res.on("close", () => clearTimeout(timer));
    return true;
  }
}
