// The server side of SP-API usage plans: a token bucket per (selling partner, operation). Its own code
// on purpose: the sandbox must not share a bug with the connector's limiter it is there to check.
import type { UsagePlan } from "./models";

interface Bucket {
  level: number;
  at: number;
}

export class SandboxBuckets {
  private readonly buckets = new Map<string, Bucket>();
  constructor(
    private readonly plans: Readonly<Record<string, UsagePlan>>,
    private readonly now: () => number,
  ) {}

  plan(operation: string): UsagePlan {
    const p = this.plans[operation];
    if (!p) throw new Error(`No usage plan for ${operation}`);
    return p;
  }

  /** Takes a token; false when the bucket is empty (→ 429). */
  take(sellerId: string, operation: string): boolean {
    const { rate, burst } = this.plan(operation);
    const key = `${sellerId}\u0000${operation}`;
    const now = this.now();
    const b = this.buckets.get(key) ?? { level: burst, at: now };
    b.level = Math.min(burst, b.level + ((now - b.at) / 1000) * rate);
    b.at = now;
    this.buckets.set(key, b);
    if (b.level < 1) return false;
    b.level -= 1;
    return true;
  }
}
