import { randomUUID } from 'node:crypto';
import type { EpochMs } from '../../domain/time/instant';
import { epochMs } from '../../domain/time/instant';
import type { DatabaseHandle } from '../db/database';
import type { UnitOfWork, WriteQueue } from '../db/write-queue';
import type { SendResult, SenderRegistry } from '../notify/senders';
import { permanentFailure, retryableFailure } from '../notify/senders';
import type { OutboxRow } from '../repositories/outbox-repository';
import { outboxRepository } from '../repositories/outbox-repository';
import type { CancelTimer, Clock } from '../services/clock';
import { WakeScheduler } from './wake-scheduler';

/**
 * DESIGN.md's sending rules. "Retried 3 × 15 s" is read as three attempts in all, 15 s apart
 * (at +0, +15 s, +30 s); a send with no answer after 10 s counts as a failed attempt.
 *
 * The lease bounds how long a claimed row stays with its runner. A runner that dies (or stalls)
 * after claiming leaves the row `sending`; once `claimed_until` passes, any runner claims it
 * again. So an effect is never lost, and it is performed twice at most once per crash: when the
 * process died after the provider accepted the send and before the outcome was recorded, the row
 * is sent again `leaseMs` (60 s) after it was claimed. A crash before the send only delays it by
 * up to the lease.
 */
export const OUTBOX_POLICY = {
  attempts: 3,
  retryDelayMs: 15_000,
  sendTimeoutMs: 10_000,
  leaseMs: 60_000,
  /** How often the runner looks for rows it was not told about (other instances, clock jumps). */
  pollMs: 5_000,
  batch: 50,
  /**
   * Sends of one kind in flight at once. More stay due in the table instead of waiting inside the
   * channel's client (an SMTP pool of 3 connections): their 10 s deadline starts only when they
   * are really sent, so a slow relay delays pages instead of failing them all in a cascade of
   * timeouts and retries (measured in docs/benchmarks.md).
   */
  maxInFlightPerKind: 10,
};

export type OutboxPolicy = typeof OUTBOX_POLICY;

/** Recording an outcome must not be refused by an overloaded queue (write-queue.ts). */
const ESSENTIAL = { essential: true } as const;

/** How one attempt ended, as recorded on the row (for the caller's timeline event). */
export type EffectOutcome = {
  id: string;
  key: string;
  kind: string;
  attempt: number;
  at: EpochMs;
  result: 'sent' | 'retrying' | 'failed';
  error: string | null;
  /** When `retrying`: the instant of the next attempt. */
  nextAttemptAt: EpochMs | null;
};

export type OutboxRunnerDeps = {
  handle: DatabaseHandle;
  writes: WriteQueue;
  clock: Clock;
  senders: SenderRegistry;
  policy?: Partial<OutboxPolicy>;
  /** Called after each outcome is recorded. */
  onOutcome?: (outcome: EffectOutcome) => void;
  onError?: (error: unknown) => void;
};

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Performs outbox rows after the transactions that wrote them commit: claims due rows under a
 * lease, sends each through the sender registered for its kind with a deadline, and records the
 * outcome on the row. Every wait is a timer of the clock port, so tests move time by hand.
 */
export class OutboxRunner {
  private readonly policy: OutboxPolicy;
  private readonly token = randomUUID();
  private readonly wakeUp: WakeScheduler;
  private polling: Promise<void> | undefined;
  private again = false;
  private started = false;
  private stopped = false;
  private readonly inFlight = new Map<AbortController, Promise<unknown>>();
  private readonly inFlightByKind = new Map<string, number>();

  constructor(private readonly deps: OutboxRunnerDeps) {
    this.policy = { ...OUTBOX_POLICY, ...deps.policy };
    this.wakeUp = new WakeScheduler(deps.clock, () => this.poll());
  }

  /** Starts at once: rows that fell due while the server was down go out now, in due order. */
  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    this.wakeUp.start();
    void this.poll();
  }

  /** Looks for due rows now (after a commit that enqueued effects); resolves when they are claimed and their sends started. */
  wake(): Promise<void> {
    return this.poll();
  }

  /** Runs a unit of work on the write queue and wakes the runner after it commits. */
  async runUnit<T>(work: UnitOfWork<T>): Promise<T> {
    const value = await this.deps.writes.run(work);
    void this.wake();
    return value;
  }

  /**
   * Stops claiming, aborts sends in flight and hands their rows back as due now, without
   * counting the attempt: the next start sends them (the provider may have had them, which is
   * the same once-per-crash window as above).
   */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.wakeUp.stop();
    await this.polling;
    for (const controller of this.inFlight.keys()) controller.abort(new Error('the server is stopping'));
    await Promise.allSettled([...this.inFlight.values()]);
  }

  private poll(): Promise<void> {
    if (this.stopped || !this.started) return Promise.resolve();
    if (this.polling) {
      this.again = true;
      return this.polling;
    }
    this.polling = this.pollLoop().finally(() => {
      this.polling = undefined;
      // A wake that came after the loop's last claim (while it looked up the next due instant)
      // would otherwise wait for the next timer: look again now.
      if (this.again && !this.stopped) void this.poll();
    });
    return this.polling;
  }

  private async pollLoop(): Promise<void> {
    try {
      const full = new Set<string>();
      do {
        this.again = false;
        full.clear();
        const now = this.deps.clock.now();
        // Each kind claims only what it has room for, so a backlog of one (e-mail to a slow
        // relay) neither waits inside its client with deadlines running nor delays another (SMS).
        for (const kind of await outboxRepository.dueKinds(this.deps.handle.db, now)) {
          const room = this.policy.maxInFlightPerKind - (this.inFlightByKind.get(kind) ?? 0);
          if (room <= 0) {
            full.add(kind);
            continue;
          }
          const limit = Math.min(this.policy.batch, room);
          const rows = await outboxRepository.claimDue(this.deps.handle.db, this.deps.handle.dialect, { now, until: now + this.policy.leaseMs, token: this.token, limit, kind });
          for (const row of rows) this.perform(row);
          if (rows.length === limit && limit === this.policy.batch) this.again = true;
        }
      } while (this.again && !this.stopped);
      const next = await outboxRepository.nextDueAt(this.deps.handle.db, [...full]);
      const now = this.deps.clock.now();
      // Everything due by `now` was just claimed; a row due exactly now was enqueued since, and
      // waiting a millisecond for it keeps a disagreement between the two queries from spinning.
      this.wakeUp.wakeBy(epochMs(Math.max(now + 1, Math.min(next ?? Infinity, now + this.policy.pollMs))));
    } catch (error) {
      this.deps.onError?.(error);
      this.wakeUp.wakeBy(epochMs(this.deps.clock.now() + this.policy.pollMs));
    }
  }

  /** Sends one claimed row; the sender is called before this returns, the outcome recorded later. */
  private perform(row: OutboxRow): void {
    this.inFlightByKind.set(row.kind, (this.inFlightByKind.get(row.kind) ?? 0) + 1);
    const { clock, senders } = this.deps;
    const controller = new AbortController();
    let timedOut = false;
    const aborted = new Promise<SendResult>((resolve) => {
      controller.signal.addEventListener('abort', () => resolve(retryableFailure(timedOut ? `no answer within ${this.policy.sendTimeoutMs / 1000} s` : message(controller.signal.reason))), {
        once: true,
      });
    });
    let sending: Promise<SendResult>;
    const sender = senders.get(row.kind);
    if (row.attempts > this.policy.attempts) {
      // Claimed again after a runner died during the last attempt: whether it went out is unknown.
      sending = Promise.resolve(permanentFailure('the last attempt was interrupted before its outcome was recorded'));
    } else if (!sender) {
      sending = Promise.resolve(permanentFailure(`no sender for "${row.kind}"`));
    } else {
      try {
        sending = sender(JSON.parse(row.payload) as unknown, controller.signal).catch((error: unknown) => retryableFailure(message(error)));
      } catch (error) {
        sending = Promise.resolve(retryableFailure(message(error)));
      }
    }
    let cancelDeadline: CancelTimer = () => undefined;
    const task = (async () => {
      const result = await Promise.race([sending, aborted]);
      cancelDeadline();
      return this.record(row, result, controller.signal.aborted && !timedOut);
    })();
    // The deadline's timer returns the task, so a test clock that fires it sees the outcome recorded.
    cancelDeadline = clock.setTimer(epochMs(clock.now() + this.policy.sendTimeoutMs), () => {
      timedOut = true;
      controller.abort(new Error('send deadline'));
      return task;
    });
    const tracked = task
      .catch((error: unknown) => this.deps.onError?.(error))
      .finally(() => {
        this.inFlight.delete(controller);
        this.inFlightByKind.set(row.kind, (this.inFlightByKind.get(row.kind) ?? 1) - 1);
        // A kind that was at its limit has room again: due rows of it may be waiting.
        if (!this.stopped) void this.wake();
      });
    this.inFlight.set(controller, tracked);
  }

  private async record(row: OutboxRow, result: SendResult, interrupted: boolean): Promise<EffectOutcome | undefined> {
    const now = this.deps.clock.now();
    const base = { id: row.id, key: row.idempotency_key, kind: row.kind, attempt: row.attempts, at: now };
    if (interrupted) {
      await this.deps.writes.run(
        ({ trx }) => outboxRepository.finish(trx, row.id, this.token, { state: 'pending', due_at: now, attempts: row.attempts - 1, last_error: 'interrupted: the server stopped during the send' }),
        ESSENTIAL,
      );
      return undefined;
    }
    let outcome: EffectOutcome;
    if (result.ok) {
      outcome = { ...base, result: 'sent', error: null, nextAttemptAt: null };
    } else if (result.retryable && row.attempts < this.policy.attempts) {
      outcome = { ...base, result: 'retrying', error: result.error, nextAttemptAt: epochMs(now + this.policy.retryDelayMs) };
    } else {
      outcome = { ...base, result: 'failed', error: result.error, nextAttemptAt: null };
    }
    const recorded = await this.deps.writes.run(
      ({ trx }) =>
        outboxRepository.finish(trx, row.id, this.token, {
          state: outcome.result === 'retrying' ? 'pending' : outcome.result,
          last_error: outcome.error,
          sent_at: outcome.result === 'sent' ? now : null,
          ...(outcome.nextAttemptAt !== null ? { due_at: outcome.nextAttemptAt } : {}),
        }),
      ESSENTIAL,
    );
    // Our lease ran out and another runner took the row: its outcome is the one that counts.
    if (!recorded) return undefined;
    if (outcome.nextAttemptAt !== null) this.wakeUp.wakeBy(outcome.nextAttemptAt);
    this.deps.onOutcome?.(outcome);
    return outcome;
  }
}
