import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import { epochMs } from '../../domain/time/instant';
import { sleepUntil } from '../services/clock';
import { createTestClock } from './test-clock';

describe('the test clock', () => {
  it('fires due timers in due order, each at its own instant, never early', async () => {
    const clock = createTestClock('2026-03-21T02:30:00.000Z');
    const start = clock.now();
    const fired: Array<[string, number]> = [];
    clock.setTimer(epochMs(start + 2_000), () => void fired.push(['b', clock.now() - start]));
    clock.setTimer(epochMs(start + 1_000), () => {
      fired.push(['a', clock.now() - start]);
      // Set while advancing and due within it: fired too, in order.
      clock.setTimer(epochMs(start + 1_500), () => void fired.push(['a2', clock.now() - start]));
    });
    const cancel = clock.setTimer(epochMs(start + 1_200), () => void fired.push(['cancelled', 0]));
    cancel();
    await clock.advanceBy(1_999);
    expect(fired).toEqual([['a', 1_000], ['a2', 1_500]]);
    await clock.advanceBy(1);
    expect(fired).toEqual([['a', 1_000], ['a2', 1_500], ['b', 2_000]]);
    expect(clock.pendingTimers).toBe(0);
  });

  it('awaits the work a timer returns before firing the next', async () => {
    const clock = createTestClock();
    const start = clock.now();
    const order: string[] = [];
    clock.setTimer(epochMs(start + 10), async () => {
      await new Promise((resolve) => setImmediate(resolve));
      order.push('first done');
    });
    clock.setTimer(epochMs(start + 20), () => void order.push('second'));
    await clock.advanceBy(20);
    expect(order).toEqual(['first done', 'second']);
  });

  it('wakes sleepUntil at its instant, or rejects it when aborted first', async () => {
    const clock = createTestClock();
    const start = clock.now();
    let woke = false;
    const sleeping = sleepUntil(clock, epochMs(start + 5_000)).then(() => (woke = true));
    await clock.advanceBy(4_999);
    expect(woke).toBe(false);
    await clock.advanceBy(1);
    await sleeping;
    expect(woke).toBe(true);
    const controller = new AbortController();
    const aborted = sleepUntil(clock, epochMs(start + 60_000), controller.signal);
    controller.abort(new Error('stopped'));
    await expect(aborted).rejects.toThrow('stopped');
    expect(clock.pendingTimers).toBe(0);
  });
});

describe('the clock rule', () => {
  it('refuses reading the time in the server except through the clock port', async () => {
    const eslint = new ESLint({ cwd: process.cwd() });
    const source = 'export const a = Date.now();\nexport const b = performance.now();\nexport const c = new Date();\nexport const d = new Date(0);\n';
    const [inServer] = await eslint.lintText(source, { filePath: 'src/server/services/example.ts' });
    expect(inServer!.messages.map((m) => [m.line, m.ruleId])).toEqual([
      [1, 'no-restricted-properties'],
      [2, 'no-restricted-properties'],
      [3, 'no-restricted-syntax'],
    ]);
    const [inPort] = await eslint.lintText(source, { filePath: 'src/server/services/clock.ts' });
    expect(inPort!.messages).toEqual([]);
  });
});
