/**
 * Failed sign-ins per account and per client address, in memory. After a few failures each
 * further attempt waits longer (progressive delay); after too many in the window the answer is
 * 429 until the window passes. A success clears the account's failures (not the address's).
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly now: () => number,
    private readonly options = { windowMs: 15 * 60_000, maxFailures: 10, freeFailures: 3, baseDelayMs: 250, maxDelayMs: 4_000 },
  ) {}

  private recent(key: string): number[] {
    const cutoff = this.now() - this.options.windowMs;
    const list = (this.failures.get(key) ?? []).filter((at) => at > cutoff);
    if (list.length) this.failures.set(key, list);
    else this.failures.delete(key);
    return list;
  }

  /** Whether an attempt may proceed now; when refused, how many seconds until it may. */
  check(keys: readonly string[]): { ok: true } | { ok: false; retryAfterSeconds: number } {
    for (const key of keys) {
      const list = this.recent(key);
      if (list.length >= this.options.maxFailures) {
        const oldest = list[list.length - this.options.maxFailures]!;
        return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + this.options.windowMs - this.now()) / 1000)) };
      }
    }
    return { ok: true };
  }

  /** Records a failure and returns how long to hold the answer back. */
  fail(keys: readonly string[]): number {
    let worst = 0;
    for (const key of keys) {
      const list = this.recent(key);
      list.push(this.now());
      this.failures.set(key, list);
      worst = Math.max(worst, list.length);
    }
    if (this.failures.size > 100_000) this.failures.clear();
    const over = worst - this.options.freeFailures;
    return over <= 0 ? 0 : Math.min(this.options.maxDelayMs, this.options.baseDelayMs * 2 ** (over - 1));
  }

  succeed(accountKey: string): void {
    this.failures.delete(accountKey);
  }
}
