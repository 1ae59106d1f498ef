import { describe, expect, it } from 'vitest';
import type { EpochMs } from '../../domain/time/instant';
import { epochMs } from '../../domain/time/instant';
import { createTestClock } from '../test-support/test-clock';
import { WakeScheduler } from './wake-scheduler';

function setup() {
  const clock = createTestClock('2026-03-21T10:00:00.000Z');
  const start = clock.now();
  const at = (ms: number): EpochMs => epochMs(start + ms);
  const wakes: number[] = [];
  const scheduler = new WakeScheduler(clock, () => {
    wakes.push(clock.now() - start);
  });
  return { clock, at, wakes, scheduler };
}

/** A read the test answers by hand, to make two reads overlap. */
function deferred() {
  let answer: (at: EpochMs | undefined) => void = () => undefined;
  const promise = new Promise<EpochMs | undefined>((resolve) => {
    answer = resolve;
  });
  return { read: () => promise, answer };
}

describe('WakeScheduler', () => {
  it('arms nothing before start', () => {
    const { clock, at, scheduler } = setup();
    scheduler.wakeBy(at(10));
    scheduler.wakeAt(at(10));
    expect(scheduler.armedAt).toBeUndefined();
    expect(clock.pendingTimers).toBe(0);
  });

  it('wakeBy keeps one timer, at the earliest instant asked for, and never fires early', async () => {
    const { clock, at, wakes, scheduler } = setup();
    scheduler.start();
    scheduler.wakeBy(at(10_000));
    scheduler.wakeBy(at(20_000));
    expect(scheduler.armedAt).toBe(at(10_000));
    scheduler.wakeBy(at(5_000));
    expect(scheduler.armedAt).toBe(at(5_000));
    expect(clock.pendingTimers).toBe(1);
    await clock.advanceBy(4_999);
    expect(wakes).toEqual([]);
    await clock.advanceBy(1);
    expect(wakes).toEqual([5_000]);
    expect(scheduler.armedAt).toBeUndefined();
    expect(clock.pendingTimers).toBe(0);
  });

  it('wakeAt moves the wake-up later or removes it', async () => {
    const { clock, at, wakes, scheduler } = setup();
    scheduler.start();
    scheduler.wakeAt(at(5_000));
    scheduler.wakeAt(at(8_000));
    expect(scheduler.armedAt).toBe(at(8_000));
    expect(clock.pendingTimers).toBe(1);
    await clock.advanceBy(7_000);
    expect(wakes).toEqual([]);
    scheduler.wakeAt(undefined);
    expect(clock.pendingTimers).toBe(0);
    await clock.advanceBy(10_000);
    expect(wakes).toEqual([]);
  });

  it('of two overlapping reads, the one started last wins even when it answers first', async () => {
    const { at, scheduler } = setup();
    scheduler.start();
    const first = deferred();
    const second = deferred();
    const firstDone = scheduler.rearm(first.read);
    const secondDone = scheduler.rearm(second.read);
    second.answer(at(9_000));
    await secondDone;
    first.answer(at(1_000));
    await firstDone;
    expect(scheduler.armedAt).toBe(at(9_000));
  });

  it('a wake-up that rearms is followed by the clock (the test clock awaits the work)', async () => {
    const clock = createTestClock('2026-03-21T10:00:00.000Z');
    const start = clock.now();
    const wakes: number[] = [];
    const scheduler: WakeScheduler = new WakeScheduler(clock, async () => {
      wakes.push(clock.now() - start);
      if (wakes.length < 3) await scheduler.rearm(() => Promise.resolve(epochMs(clock.now() + 1_000)));
    });
    scheduler.start();
    await scheduler.rearm(() => Promise.resolve(epochMs(start + 1_000)));
    await clock.advanceBy(10_000);
    expect(wakes).toEqual([1_000, 2_000, 3_000]);
    expect(clock.pendingTimers).toBe(0);
  });

  it('stop cancels the wake-up, and a read under way when it stops arms nothing; start arms again', async () => {
    const { clock, at, wakes, scheduler } = setup();
    scheduler.start();
    scheduler.wakeBy(at(1_000));
    const read = deferred();
    const done = scheduler.rearm(read.read);
    scheduler.stop();
    read.answer(at(2_000));
    await done;
    scheduler.wakeBy(at(3_000));
    expect(clock.pendingTimers).toBe(0);
    await clock.advanceBy(5_000);
    expect(wakes).toEqual([]);
    scheduler.start();
    scheduler.wakeBy(at(6_000));
    await clock.advanceBy(1_000);
    expect(wakes).toEqual([6_000]);
  });
});
