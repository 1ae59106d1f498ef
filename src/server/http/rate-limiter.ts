/**
 * Token buckets per integration key: a sender may burst to twice its rate, then is held to the
 * rate. In memory and per instance; the write queue's depth limit is the global backstop.
 */
export class KeyRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; updatedAt: number }>();

  constructor(
    private readonly ratePerSecond: number,
    /** The server's clock (epoch ms): tests move it by hand to refill a bucket. */
    private readonly now: () => number,
    /** Tokens a quiet key has (default twice the rate): slow limits such as "10 an hour" need their own. */
    private readonly burst?: number,
  ) {}

  /** Takes `cost` tokens if there are enough; returns the seconds to wait when there are not. */
  take(key: string, cost = 1): { ok: true } | { ok: false; retryAfterSeconds: number } {
    if (this.ratePerSecond <= 0) return { ok: true };
    const capacity = this.burst ?? this.ratePerSecond * 2;
    // The wall clock can step back (NTP): elapsed time is never negative, so no bucket drains.
    const at = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: capacity, updatedAt: at };
    bucket.tokens = Math.min(capacity, bucket.tokens + (Math.max(0, at - bucket.updatedAt) / 1000) * this.ratePerSecond);
    bucket.updatedAt = at;
    this.buckets.set(key, bucket);
    if (this.buckets.size > 100_000) this.buckets.clear();
    if (bucket.tokens >= cost) {
      bucket.tokens -= cost;
      return { ok: true };
    }
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((cost - bucket.tokens) / this.ratePerSecond)) };
  }
}
