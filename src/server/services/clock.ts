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
