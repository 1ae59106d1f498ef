import type { EpochMs } from '../../domain/time/instant';
import type { CancelTimer, Clock } from '../services/clock';

/**
 * The one wake-up of a background worker (escalation runner, outbox runner, runbook time boxes,
 * post-mortem reminders): at most one timer of the clock port is armed at a time, for the
 * earliest instant the worker has work due, and it calls `onWake` then (never before). What
 * `onWake` returns is handed to the clock, so the test clock awaits the work a wake-up started.
 *
 * A scheduler is created stopped: nothing arms until `start`, and `stop` cancels the armed
 * wake-up and refuses to arm again (a read still under way when it stops arms nothing).
 */
export class WakeScheduler {
  private armed: { at: EpochMs; cancel: CancelTimer } | undefined;
  private generation = 0;
  private active = false;

  constructor(
    private readonly clock: Clock,
    private readonly onWake: () => void | Promise<unknown>,
  ) {}

  /** The instant the armed wake-up fires at, or undefined when none is armed. */
  get armedAt(): EpochMs | undefined {
    return this.armed?.at;
  }

  start(): void {
    this.active = true;
  }

  stop(): void {
    this.active = false;
    this.generation += 1;
    this.cancel();
  }

  /** Wakes at `at` unless a wake-up is armed at or before it already: the earliest due instant wins. */
  wakeBy(at: EpochMs): void {
    if (!this.active) return;
    if (this.armed && this.armed.at <= at) return;
    this.cancel();
    this.arm(at);
  }

  /**
   * Wakes at `at` instead of whenever the armed wake-up was (earlier or later), or at no time
   * when `at` is undefined (nothing is due). A wake-up armed at `at` already is kept.
   */
  wakeAt(at: EpochMs | undefined): void {
    if (!this.active) return;
    if (this.armed && this.armed.at === at) return;
    this.cancel();
    if (at !== undefined) this.arm(at);
  }

  /**
   * Asks `read` for the next due instant and wakes then (as `wakeAt`). When reads overlap, the
   * one started last wins even if an earlier one answers after it: it read the database later.
   */
  async rearm(read: () => Promise<EpochMs | undefined>): Promise<void> {
    if (!this.active) return;
    const mine = ++this.generation;
    const at = await read();
    if (mine !== this.generation || !this.active) return;
    this.wakeAt(at);
  }

  private cancel(): void {
    this.armed?.cancel();
    this.armed = undefined;
  }

  private arm(at: EpochMs): void {
    const armed: { at: EpochMs; cancel: CancelTimer } = { at, cancel: () => undefined };
    armed.cancel = this.clock.setTimer(at, () => {
      if (this.armed === armed) this.armed = undefined;
      return this.onWake();
    });
    this.armed = armed;
  }
}
