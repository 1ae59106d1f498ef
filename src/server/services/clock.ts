import type { EpochMs } from '../../domain/time/instant';
import { epochMs } from '../../domain/time/instant';

/** Cancels a timer; calling it after the timer fired (or twice) does nothing. */
export type CancelTimer = () => void;

/**
 * The only place the server reads the time or waits for it. Production runs `systemClock`;
 * tests run `createTestClock` (test-support/test-clock.ts) and move time by hand, so "15 s
 * later the send is retried" runs in milliseconds and exactly.
 */
export type Clock = {
  now(): EpochMs;
  /**
   * Calls `fn` once, at or after `at` and never before it. What `fn` returns is ignored by the
   * system clock; the test clock awaits it, so a test that advances time sees the work a timer
   * started (a promise that waits on a later timer would never settle there: do not return one).
   */
  setTimer(at: EpochMs, fn: () => void | Promise<unknown>): CancelTimer;
};

/**
 * Milliseconds on a monotonic clock, for measuring how long work takes (the write queue's
 * throughput and wait budget): it never steps back when the wall clock is corrected. Not an
 * instant: only differences mean anything.
 */
export const monotonicNow = (): number => performance.now();

/** Node's setTimeout holds at most a 32-bit delay; longer waits are re-armed in steps. */
const MAX_DELAY_MS = 2_147_483_647;

export const systemClock: Clock = {
  now: () => epochMs(Date.now()),
  setTimer(at, fn) {
    let handle: NodeJS.Timeout | undefined;
    let cancelled = false;
    const arm = () => {
      // setTimeout measures on a monotonic clock and may wake a millisecond before the wall
      // clock reaches `at`: check again, so a timer never fires early.
      const wait = at - Date.now();
      if (wait > 0) {
        handle = setTimeout(arm, Math.min(wait, MAX_DELAY_MS));
        // Timers never keep the process alive: the server's sockets do, and shutdown stops them.
        handle.unref();
        return;
      }
      handle = undefined;
      if (!cancelled) void fn();
    };
    arm();
    return () => {
      cancelled = true;
      if (handle) clearTimeout(handle);
    };
  },
};

/** Resolves at `at` (by this clock), or rejects with the signal's reason when it is aborted first. */
export function sleepUntil(clock: Clock, at: EpochMs, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      cancel();
      reject(signal?.reason);
    };
    const cancel = clock.setTimer(at, () => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    });
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** A clock that runs like the system clock from a chosen start and can be moved forward by hand. */
export type SteppableClock = Clock & {
  /** Moves time forward by `ms`; timers due by then fire at once, in due order. */
  advance(ms: number): EpochMs;
};

/**
 * For end-to-end tests of the real server (FIREWATCH_TEST_CLOCK=1, refused in production by
 * config.ts): time flows as on the wall clock, shifted to start at `start`, and a test can jump
 * it forward ("five minutes later, the backup is paged") without waiting. Never fires early.
 */
export function steppableClock(start?: EpochMs): SteppableClock {
  let offset = start === undefined ? 0 : start - Date.now();
  const now = () => epochMs(Date.now() + offset);
  type Pending = { at: EpochMs; fn: () => void | Promise<unknown>; handle: NodeJS.Timeout | undefined };
  const pending = new Set<Pending>();
  const arm = (timer: Pending) => {
    if (timer.handle) clearTimeout(timer.handle);
    const wait = timer.at - now();
    if (wait > 0) {
      timer.handle = setTimeout(() => arm(timer), Math.min(wait, MAX_DELAY_MS));
      timer.handle.unref();
      return;
    }
    timer.handle = undefined;
    pending.delete(timer);
    void timer.fn();
  };
  return {
    now,
    setTimer(at, fn) {
      const timer: Pending = { at, fn, handle: undefined };
      pending.add(timer);
      arm(timer);
      return () => {
        if (timer.handle) clearTimeout(timer.handle);
        pending.delete(timer);
      };
    },
    advance(ms) {
      offset += Math.max(0, ms);
      for (const timer of [...pending].sort((a, b) => a.at - b.at)) arm(timer);
      return now();
    },
  };
}
