import type { EpochMs } from '../../domain/time/instant';
import { epochMs } from '../../domain/time/instant';
import type { Clock } from '../services/clock';

type PendingTimer = { id: number; at: EpochMs; fn: () => void | Promise<unknown> };

export type TestClock = Clock & {
  /** Jumps to an instant; timers due by then fire at once, in due order, without waiting for their work. */
  set(iso: string): void;
  /** Moves time forward; timers due by then fire in due order, each at its own instant, without waiting for their work. */
  advance(ms: number): void;
  /**
   * Moves time forward to `at`, firing each due timer at its own instant, in due order, and
   * awaiting what it returns before the next one (so the work a timer starts is done, or parked
   * on a later timer, when this resolves). Timers set meanwhile are fired too if due by `at`.
   */
  advanceTo(at: EpochMs): Promise<void>;
  advanceBy(ms: number): Promise<void>;
  /** Timers not yet fired (for tests that check nothing is left waiting). */
  readonly pendingTimers: number;
};

/** A clock that moves only when the test moves it. Never fires a timer before its instant. */
export function createTestClock(startIso = '2026-03-21T02:30:00.000Z'): TestClock {
  let current = epochMs(Date.parse(startIso));
  let nextId = 0;
  const timers: PendingTimer[] = [];

  const takeDue = (until: EpochMs): PendingTimer | undefined => {
    let best = -1;
    timers.forEach((timer, index) => {
      const chosen = timers[best];
      if (timer.at <= until && (!chosen || timer.at < chosen.at || (timer.at === chosen.at && timer.id < chosen.id))) best = index;
    });
    return best < 0 ? undefined : timers.splice(best, 1)[0];
  };

  const runSync = (until: EpochMs) => {
    for (let timer = takeDue(until); timer; timer = takeDue(until)) {
      current = epochMs(Math.max(current, timer.at));
      void timer.fn();
    }
    current = epochMs(Math.max(current, until));
  };

  const clock: TestClock = {
    now: () => current,
    setTimer(at, fn) {
      nextId += 1;
      const timer: PendingTimer = { id: nextId, at, fn };
      timers.push(timer);
      return () => {
        const index = timers.indexOf(timer);
        if (index >= 0) timers.splice(index, 1);
      };
    },
    set(iso) {
      const at = epochMs(Date.parse(iso));
      if (at < current) {
        // Going back in time fires nothing; timers keep their instants.
        current = at;
        return;
      }
      runSync(at);
    },
    advance(ms) {
      runSync(epochMs(current + ms));
    },
    async advanceTo(at) {
      for (let timer = takeDue(at); timer; timer = takeDue(at)) {
        current = epochMs(Math.max(current, timer.at));
        await timer.fn();
      }
      current = epochMs(Math.max(current, at));
    },
    advanceBy(ms) {
      return clock.advanceTo(epochMs(current + ms));
    },
    get pendingTimers() {
      return timers.length;
    },
  };
  return clock;
}
