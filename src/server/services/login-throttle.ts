export type LoginThrottleOptions = {
  /** Failures of one (account, address) pair answered at once, before any back-off. */
  freeFailures: number;
  /** The wait after the first failure beyond the free ones; it doubles with each further failure. */
  baseDelayMs: number;
  /** The longest a pair ever waits between attempts. */
  maxDelayMs: number;
  /** A pair with no failure for this long starts over. */
  pairResetMs: number;
  /** Failed sign-ins one address may make, across all accounts, within `addressWindowMs`. */
  addressLimit: number;
  addressWindowMs: number;
  /** Entries kept per kind; the least recently failed are forgotten first. */
  maxEntries: number;
};

export const DEFAULT_LOGIN_THROTTLE: LoginThrottleOptions = {
  freeFailures: 5,
  baseDelayMs: 1_000,
  maxDelayMs: 15 * 60_000,
  pairResetMs: 60 * 60_000,
  // Generous: a whole office behind one NAT mistyping passwords stays well under it.
  addressLimit: 100,
  addressWindowMs: 15 * 60_000,
  maxEntries: 50_000,
};

export type ThrottleVerdict = { ok: true } | { ok: false; retryAfterSeconds: number };

type PairState = { failures: number; lastFailureAt: number };

/**
 * Failed sign-ins, in memory, following OWASP's authentication cheat sheet. The unit throttled is
 * the (account, address) pair, never the account alone: after a few failures each further attempt
 * of that pair must wait an exponentially growing interval (capped), so guessing from one address
 * is slowed to a crawl while the owner signs in from anywhere else. Each address also has a
 * generous cap on failures across all accounts, which stops one address from spraying many
 * accounts. Refused attempts are not verified and do not count as failures.
 */
export class LoginThrottle {
  private readonly pairs = new Map<string, PairState>();
  private readonly addresses = new Map<string, number[]>();

  constructor(
    private readonly now: () => number,
    private readonly options: LoginThrottleOptions = DEFAULT_LOGIN_THROTTLE,
  ) {}

  private pairKey(account: string, address: string): string {
    return `${address}\u0000${account}`;
  }

  /** The wait a pair owes after `failures` failures (0 while within the free ones). */
  delayAfter(failures: number): number {
    const over = failures - this.options.freeFailures;
    if (over <= 0) return 0;
    return Math.min(this.options.maxDelayMs, this.options.baseDelayMs * 2 ** Math.min(over - 1, 40));
  }

  private pair(key: string): PairState | undefined {
    const state = this.pairs.get(key);
    if (state && this.now() - state.lastFailureAt >= this.options.pairResetMs) {
      this.pairs.delete(key);
      return undefined;
    }
    return state;
  }

  private recentAddressFailures(address: string): number[] {
    const cutoff = this.now() - this.options.addressWindowMs;
    const list = (this.addresses.get(address) ?? []).filter((at) => at > cutoff);
    if (list.length) this.addresses.set(address, list);
    else this.addresses.delete(address);
    return list;
  }

  /** Whether this account may be tried from this address now; when not, how many seconds until it may. */
  check(account: string, address: string): ThrottleVerdict {
    const now = this.now();
    const recent = this.recentAddressFailures(address);
    if (recent.length >= this.options.addressLimit) {
      const freesAt = recent[recent.length - this.options.addressLimit]! + this.options.addressWindowMs;
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((freesAt - now) / 1000)) };
    }
    const state = this.pair(this.pairKey(account, address));
    if (state) {
      const allowedAt = state.lastFailureAt + this.delayAfter(state.failures);
      if (allowedAt > now) return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((allowedAt - now) / 1000)) };
    }
    return { ok: true };
  }

  /** Records a failed attempt of the pair (and of its address). */
  fail(account: string, address: string): void {
    const now = this.now();
    const key = this.pairKey(account, address);
    const failures = (this.pair(key)?.failures ?? 0) + 1;
    // Re-inserting moves the entry to the end: the map's order is least recently failed first.
    this.pairs.delete(key);
    this.pairs.set(key, { failures, lastFailureAt: now });
    const recent = this.recentAddressFailures(address);
    recent.push(now);
    // Only the newest `addressLimit` failures matter for the cap.
    if (recent.length > this.options.addressLimit) recent.splice(0, recent.length - this.options.addressLimit);
    this.addresses.delete(address);
    this.addresses.set(address, recent);
    evictOldest(this.pairs, this.options.maxEntries);
    evictOldest(this.addresses, this.options.maxEntries);
  }

  /** A correct password clears the pair (the address keeps its count: it is not the owner's). */
  succeed(account: string, address: string): void {
    this.pairs.delete(this.pairKey(account, address));
  }
}

/** Bounds memory without ever clearing everything at once (which would hand an attacker a reset). */
function evictOldest(map: Map<string, unknown>, max: number): void {
  for (const key of map.keys()) {
    if (map.size <= max) return;
    map.delete(key);
  }
}
