import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ENGINES, openTestDatabase } from '../test-support/test-app';
import type { DatabaseHandle } from './database';
import { WriteOverloadedError, WriteQueue } from './write-queue';

describe.each(ENGINES)('write queue on %s', (engine) => {
  let handle: DatabaseHandle;
  let cleanup: () => Promise<void>;
  let now = 0;
  beforeEach(async () => {
    ({ handle, cleanup } = await openTestDatabase(engine));
    now = 0;
  });
  afterEach(async () => {
    await handle.close();
    await cleanup();
  });

  it('ends a batch that has run its time and runs the rest in the next one, all committed', async () => {
    const batches: number[] = [];
    const queue = new WriteQueue(handle, () => undefined, { maxBatchMs: 50, now: () => now, beforeBatch: async () => void batches.push(queue.depth) });
    // Each unit takes 30 ms on the queue's clock: a batch fits two before passing 50 ms.
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        queue.run(async () => {
          now += 30;
          return i;
        }),
      ),
    );
    expect(results).toEqual([0, 1, 2, 3, 4]);
    expect(batches).toEqual([5, 3, 1]);
  });

  it('runs an essential unit that arrived during a batch first in the next one, ahead of the units that batch had no time for', async () => {
    const order: string[] = [];
    const queue = new WriteQueue(handle, () => undefined, { maxBatchMs: 50, now: () => now });
    let essential: Promise<unknown> | undefined;
    const ordinary = Array.from({ length: 5 }, (_, i) =>
      queue.run(async () => {
        order.push(`unit ${i}`);
        now += 30;
        if (i === 0) essential = queue.run(async () => void order.push('essential'), { essential: true });
      }),
    );
    await Promise.all(ordinary);
    await essential;
    // The first batch fits units 0 and 1; the essential unit, queued during unit 0, leads the next.
    expect(order).toEqual(['unit 0', 'unit 1', 'essential', 'unit 2', 'unit 3', 'unit 4']);
  });

  it('refuses a unit that waited past the budget without running it', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const queue = new WriteQueue(handle, () => undefined, { waitBudgetMs: 2_000, now: () => now, beforeBatch: () => gate });
    let ran = false;
    const unit = queue.run(async () => {
      ran = true;
    });
    now += 2_001;
    release();
    await expect(unit).rejects.toBeInstanceOf(WriteOverloadedError);
    expect(ran).toBe(false);
  });
});
