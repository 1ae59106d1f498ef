import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EpochMs } from '../../domain/time/instant';
import { epochMs } from '../../domain/time/instant';
import { buildApp } from '../app';
import type { DatabaseHandle } from '../db/database';
import type { SendResult, Sender } from '../notify/senders';
import { permanentFailure, retryableFailure, sent } from '../notify/senders';
import type { TestApp } from '../test-support/test-app';
import { createTestApp, ENGINES, openTestDatabase } from '../test-support/test-app';
import type { TestClock } from '../test-support/test-clock';
import { createTestClock } from '../test-support/test-clock';
import { enqueueEffect } from './outbox';
import type { EffectOutcome } from './outbox-runner';
import { OUTBOX_POLICY } from './outbox-runner';

const KIND = 'test.page';

/** Waits for outcomes as the runner records them (no sleeping: each resolves when one lands). */
function outcomeLog() {
  const outcomes: EffectOutcome[] = [];
  const waiters: Array<{ n: number; resolve: (outcome: EffectOutcome) => void }> = [];
  let taken = 0;
  return {
    outcomes,
    record(outcome: EffectOutcome) {
      outcomes.push(outcome);
      for (const waiter of waiters.splice(0)) {
        if (outcomes.length >= waiter.n) waiter.resolve(outcomes[waiter.n - 1]!);
        else waiters.push(waiter);
      }
    },
    /** The next outcome not yet taken; a guard fails the test instead of hanging when none comes. */
    next(): Promise<EffectOutcome> {
      taken += 1;
      const n = taken;
      if (outcomes.length >= n) return Promise.resolve(outcomes[n - 1]!);
      return new Promise((resolve, reject) => {
        const guard = setTimeout(() => reject(new Error(`outcome ${n} was never recorded (have ${outcomes.length})`)), 5_000);
        waiters.push({
          n,
          resolve: (outcome) => {
            clearTimeout(guard);
            resolve(outcome);
          },
        });
      });
    },
  };
}

type Step = SendResult | 'hang';

/** A sender that answers from a script (the last step repeats) and notes when, by the clock, it was called. */
function scriptedSender(clock: TestClock, steps: Step[]) {
  const calls: EpochMs[] = [];
  const signals: AbortSignal[] = [];
  const callWaiters: Array<{ n: number; resolve: () => void }> = [];
  const send: Sender = (_payload, signal) => {
    calls.push(clock.now());
    signals.push(signal);
    for (const waiter of callWaiters.splice(0)) (calls.length >= waiter.n ? waiter.resolve : () => callWaiters.push(waiter))();
    const step = steps[Math.min(calls.length, steps.length) - 1]!;
    // A hung provider: never answers and ignores the abort signal.
    if (step === 'hang') return new Promise<SendResult>(() => undefined);
    return Promise.resolve(step);
  };
  return {
    send,
    calls,
    signals,
    called(n: number): Promise<void> {
      if (calls.length >= n) return Promise.resolve();
      return new Promise((resolve) => callWaiters.push({ n, resolve }));
    },
  };
}

async function outboxRow(handle: DatabaseHandle, key: string) {
  return handle.db.selectFrom('outbox').selectAll().where('idempotency_key', '=', key).executeTakeFirst();
}

async function outboxCount(handle: DatabaseHandle): Promise<number> {
  const row = await handle.db.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

describe.each(ENGINES)('outbox (%s)', (engine) => {
  let t: TestApp | undefined;
  const cleanups: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    await t?.close();
    t = undefined;
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function appWith(steps: Step[]) {
    const clock = createTestClock();
    const log = outcomeLog();
    const sender = scriptedSender(clock, steps);
    t = await createTestApp(engine, { clock, senders: new Map([[KIND, sender.send]]), onEffectOutcome: log.record });
    const app = t;
    const enqueue = (key: string, payload: unknown = { to: 'alice' }) =>
      app.app.outbox.runUnit(({ trx }) => enqueueEffect(trx, { key, kind: KIND, payload, dueAt: clock.now() }, clock.now()));
    return { t: app, clock, log, sender, enqueue, start: clock.now() };
  }

  it('keeps sends of one kind beyond its in-flight limit due in the table, and sends each as room frees, its deadline starting then', async () => {
    const clock = createTestClock();
    const log = outcomeLog();
    const answers: Array<(result: SendResult) => void> = [];
    const slow: Sender = () => new Promise((resolve) => answers.push(resolve));
    const other = scriptedSender(clock, [sent()]);
    t = await createTestApp(engine, { clock, senders: new Map([[KIND, slow], ['test.other', other.send]]), onEffectOutcome: log.record });
    const app = t;
    for (let n = 0; n < OUTBOX_POLICY.maxInFlightPerKind + 2; n++) {
      await app.app.outbox.runUnit(({ trx }) => enqueueEffect(trx, { key: `slow-${n}`, kind: KIND, payload: {}, dueAt: clock.now() }, clock.now()));
    }
    // Another kind is not held up by the slow one.
    await app.app.outbox.runUnit(({ trx }) => enqueueEffect(trx, { key: 'other-1', kind: 'test.other', payload: {}, dueAt: clock.now() }, clock.now()));
    expect(await log.next()).toMatchObject({ key: 'other-1', result: 'sent' });
    await vi.waitFor(() => expect(answers).toHaveLength(OUTBOX_POLICY.maxInFlightPerKind));
    const waiting = await app.handle.db.selectFrom('outbox').select(['idempotency_key', 'attempts']).where('state', '=', 'pending').execute();
    expect(waiting.map((row) => row.attempts)).toEqual([0, 0]);

    answers[0]!(sent());
    await vi.waitFor(() => expect(answers).toHaveLength(OUTBOX_POLICY.maxInFlightPerKind + 1));
    // The one sent now has its own 10 s: moving 9 s later fails none of those still waiting on an answer.
    await clock.advanceBy(OUTBOX_POLICY.sendTimeoutMs - 1_000);
    for (const answer of answers.slice(1)) answer(sent());
    await vi.waitFor(() => expect(answers).toHaveLength(OUTBOX_POLICY.maxInFlightPerKind + 2));
    answers.at(-1)!(sent());
    await vi.waitFor(async () => expect(await app.handle.db.selectFrom('outbox').select('state').where('state', '!=', 'sent').execute()).toEqual([]));
  });

  it('never sends an effect whose unit of work failed', async () => {
    const { t, clock, sender } = await appWith([sent()]);
    await expect(
      t.app.outbox.runUnit(async ({ trx }) => {
        await enqueueEffect(trx, { key: 'page-1', kind: KIND, payload: {}, dueAt: clock.now() }, clock.now());
        throw new Error('the decision failed');
      }),
    ).rejects.toThrow('the decision failed');
    await t.app.outbox.wake();
    await clock.advanceBy(120_000);
    expect(sender.calls).toEqual([]);
    expect(await outboxCount(t.handle)).toBe(0);
  });

  it('sends a committed effect once, after the commit, and records it as sent', async () => {
    const { t, clock, log, sender, enqueue, start } = await appWith([sent()]);
    await enqueue('page-1', { to: 'alice', text: 'P1 Checkout API' });
    expect(await log.next()).toMatchObject({ key: 'page-1', attempt: 1, result: 'sent', error: null, at: start });
    await clock.advanceBy(120_000);
    expect(sender.calls).toEqual([start]);
    expect(await outboxRow(t.handle, 'page-1')).toMatchObject({ state: 'sent', attempts: 1, sent_at: start, last_error: null, claimed_until: null });
  });

  it('retries a failed send 15 s apart and gives up after the third attempt', async () => {
    const { t, clock, log, sender, enqueue, start } = await appWith([retryableFailure('HTTP 503 from the provider')]);
    await enqueue('page-1');
    expect(await log.next()).toMatchObject({ attempt: 1, result: 'retrying', nextAttemptAt: start + 15_000 });
    await clock.advanceBy(14_999);
    expect(sender.calls).toHaveLength(1);
    await clock.advanceBy(1);
    expect(await log.next()).toMatchObject({ attempt: 2, result: 'retrying', nextAttemptAt: start + 30_000 });
    await clock.advanceBy(15_000);
    expect(await log.next()).toMatchObject({ attempt: 3, result: 'failed', error: 'HTTP 503 from the provider', nextAttemptAt: null });
    await clock.advanceBy(300_000);
    expect(sender.calls).toEqual([start, start + 15_000, start + 30_000]);
    expect(await outboxRow(t.handle, 'page-1')).toMatchObject({ state: 'failed', attempts: 3, last_error: 'HTTP 503 from the provider', sent_at: null });
  });

  it('counts a send with no answer after 10 s as failed, aborts it and retries 15 s later', async () => {
    const { t, clock, log, sender, enqueue, start } = await appWith(['hang', sent()]);
    await enqueue('page-1');
    await sender.called(1);
    await clock.advanceBy(9_999);
    expect(log.outcomes).toEqual([]);
    expect(sender.signals[0]!.aborted).toBe(false);
    await clock.advanceBy(1);
    expect(await log.next()).toMatchObject({ attempt: 1, result: 'retrying', error: 'no answer within 10 s', at: start + 10_000, nextAttemptAt: start + 25_000 });
    expect(sender.signals[0]!.aborted).toBe(true);
    await clock.advanceBy(15_000);
    expect(await log.next()).toMatchObject({ attempt: 2, result: 'sent' });
    expect(sender.calls).toEqual([start, start + 25_000]);
    expect(await outboxRow(t.handle, 'page-1')).toMatchObject({ state: 'sent', attempts: 2 });
  });

  it('does not retry a provider 4xx', async () => {
    const { t, clock, log, sender, enqueue } = await appWith([permanentFailure('HTTP 400: not a valid phone number')]);
    await enqueue('page-1');
    expect(await log.next()).toMatchObject({ attempt: 1, result: 'failed', error: 'HTTP 400: not a valid phone number' });
    await clock.advanceBy(300_000);
    expect(sender.calls).toHaveLength(1);
    expect(await outboxRow(t.handle, 'page-1')).toMatchObject({ state: 'failed', attempts: 1 });
  });

  it('fails an effect whose kind has no sender instead of dropping it', async () => {
    const { t, clock, log } = await appWith([sent()]);
    await t.app.outbox.runUnit(({ trx }) => enqueueEffect(trx, { key: 'sms-1', kind: 'sms', payload: {}, dueAt: clock.now() }, clock.now()));
    expect(await log.next()).toMatchObject({ key: 'sms-1', result: 'failed', error: 'no sender for "sms"' });
    expect(await outboxRow(t.handle, 'sms-1')).toMatchObject({ state: 'failed' });
  });

  it('does not send an effect before its due instant', async () => {
    const { t, clock, log, sender, start } = await appWith([sent()]);
    await t.app.outbox.runUnit(({ trx }) => enqueueEffect(trx, { key: 'later', kind: KIND, payload: {}, dueAt: epochMs(start + 60_000) }, clock.now()));
    await clock.advanceBy(59_999);
    expect(sender.calls).toEqual([]);
    await clock.advanceBy(1);
    expect(await log.next()).toMatchObject({ key: 'later', result: 'sent', at: start + 60_000 });
  });

  it('stores an effect enqueued twice with the same key once, the first payload kept', async () => {
    const { t, clock } = await appWith([sent()]);
    const effect = (text: string) => ({ key: 'page:inc-1:level-0:attempt-1:alice:rule-0', kind: KIND, payload: { text }, dueAt: epochMs(clock.now() + 600_000) });
    expect(await t.app.writeQueue.run(({ trx }) => enqueueEffect(trx, effect('first'), clock.now()))).toBe(true);
    expect(await t.app.writeQueue.run(({ trx }) => enqueueEffect(trx, effect('second'), clock.now()))).toBe(false);
    const inOneUnit = await t.app.writeQueue.run(async ({ trx }) => [await enqueueEffect(trx, effect('third'), clock.now()), await enqueueEffect(trx, effect('fourth'), clock.now())]);
    expect(inOneUnit).toEqual([false, false]);
    expect(await outboxCount(t.handle)).toBe(1);
    expect(JSON.parse((await outboxRow(t.handle, effect('').key))!.payload)).toEqual({ text: 'first' });
  });

  it('hands a send in flight at shutdown back as due, so the next start sends it at once', async () => {
    const db = await openTestDatabase(engine);
    cleanups.push(() => db.cleanup());
    const firstClock = createTestClock();
    const start = firstClock.now();
    const hung = scriptedSender(firstClock, ['hang']);
    const first = await buildApp({ handle: db.handle, clock: firstClock, senders: new Map([[KIND, hung.send]]) });
    await first.ready();
    await first.outbox.runUnit(({ trx }) => enqueueEffect(trx, { key: 'page-1', kind: KIND, payload: {}, dueAt: start }, start));
    await hung.called(1);
    await first.close();
    expect(hung.signals[0]!.aborted).toBe(true);

    const clock = createTestClock();
    const log = outcomeLog();
    const sender = scriptedSender(clock, [sent()]);
    const next = await buildApp({ handle: await db.reopen(), clock, senders: new Map([[KIND, sender.send]]), onEffectOutcome: log.record });
    cleanups.push(() => next.close());
    await next.ready();
    expect(await log.next()).toMatchObject({ key: 'page-1', attempt: 1, result: 'sent', at: start });
    expect(sender.calls).toEqual([start]);
  });

  it('a restarted server sends a row the dead one had claimed, once, after the claim lease', async () => {
    const db = await openTestDatabase(engine);
    cleanups.push(() => db.cleanup());
    const deadClock = createTestClock();
    const hung = scriptedSender(deadClock, ['hang']);
    const dead = await buildApp({ handle: db.handle, clock: deadClock, senders: new Map([[KIND, hung.send]]) });
    // Closing the dead app hands its send back, but the claim is no longer its own: nothing changes.
    cleanups.push(() => dead.close());
    await dead.ready();
    await dead.outbox.runUnit(({ trx }) => enqueueEffect(trx, { key: 'page-1', kind: KIND, payload: {}, dueAt: deadClock.now() }, deadClock.now()));
    await hung.called(1);
    // The process dies here: its clock never moves again, so it records nothing.

    const clock = createTestClock();
    const start = clock.now();
    const log = outcomeLog();
    const sender = scriptedSender(clock, [sent()]);
    const restarted = await buildApp({ handle: await db.reopen(), clock, senders: new Map([[KIND, sender.send]]), onEffectOutcome: log.record });
    cleanups.push(() => restarted.close());
    await restarted.ready();
    await restarted.outbox.wake();
    await clock.advanceBy(59_999);
    expect(sender.calls).toEqual([]);
    await clock.advanceBy(1);
    expect(await log.next()).toMatchObject({ key: 'page-1', attempt: 2, result: 'sent' });
    await clock.advanceBy(600_000);
    expect(sender.calls).toEqual([start + 60_000]);
    expect(hung.calls).toHaveLength(1);
    expect(await outboxRow(db.handle, 'page-1')).toMatchObject({ state: 'sent', attempts: 2 });
  });
});
