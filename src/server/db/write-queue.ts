import type { Transaction } from 'kysely';
import { sql } from 'kysely';
import type { LiveEvent } from '../../contracts/live';
import type { DatabaseHandle } from './database';
import type { Database } from './schema';

/** Resolves after pending I/O callbacks (incoming requests) have run. */
const yieldToIo = () => new Promise<void>((resolve) => setImmediate(resolve));

/** What a unit of work gets: the open transaction and a way to publish once it commits. */
export type WriteContext = {
  trx: Transaction<Database>;
  /** Queues a live event; it is published only if, and after, the transaction commits. */
  publish(event: LiveEvent): void;
  /**
   * Decides the effects of events appended in this unit (services/event-effects.ts, wired by the
   * app); absent when the queue was built without it (some tests).
   */
  effects?: AppendedEventsHook | undefined;
};

/** Told every batch of events appended inside a unit, before it commits (the events as written, by sequence number). */
export type AppendedEventsHook = (ctx: WriteContext, appended: ReadonlyArray<{ seq: number; event: unknown }>) => Promise<void>;

export type UnitOfWork<T> = (ctx: WriteContext) => Promise<T>;

type Job = {
  work: UnitOfWork<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
  /** When the unit was admitted, on the queue's monotonic clock. */
  admittedAt: number;
  /** Paging's own units: never refused, and ahead of everything else waiting. */
  essential: boolean;
};

/** Arbitrary but fixed: serialises event-log appends across instances sharing one PostgreSQL. */
const EVENT_LOG_LOCK = 727_274_001;

/** Weight of the newest batch in the throughput estimate (exponentially weighted moving average). */
const EWMA_WEIGHT = 0.2;

/** A Retry-After longer than this would only make senders give up; the backlog clears sooner. */
const MAX_RETRY_AFTER_SECONDS = 30;

/**
 * The unit was refused because it could not be committed within the wait budget: either the
 * expected wait was already over it on arrival, or it waited past it before its turn. A refused
 * unit never runs, so nothing of it is ever committed.
 */
export class WriteOverloadedError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('Firewatch is busy; retry shortly');
    this.name = 'WriteOverloadedError';
  }
}

export type WriteQueueOptions = {
  /** Most units in one transaction. */
  maxBatch: number;
  /**
   * A batch takes no further units once it has run this long; the rest wait for the next one.
   * On SQLite a batch runs synchronously, so while it runs the process reads no request and
   * accepts no connection: a long one overflows the kernel's accept queue, and senders then wait
   * seconds for TCP to retry, unseen by the admission estimate.
   */
  maxBatchMs: number;
  /**
   * The wait budget (ADR 0006): a unit whose expected wait until commit is longer is refused on
   * arrival, and one that has waited longer when its turn comes is refused then.
   */
  waitBudgetMs: number;
  /** Monotonic milliseconds, for the throughput estimate and the budget; tests pass their own. */
  now: () => number;
  /** Awaited before each batch starts: tests hold the writer back with it (a slow database). */
  beforeBatch?: () => Promise<void>;
  /** Put on every unit's context as `effects`. */
  effects?: AppendedEventsHook;
};

/** `now` has no default: the app passes the clock port's monotonic time, tests their own. */
export const DEFAULT_WRITE_QUEUE_OPTIONS: Omit<WriteQueueOptions, 'now'> = { maxBatch: 500, maxBatchMs: 50, waitBudgetMs: 2_000 };

const retryAfter = (waitMs: number) => Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(1, Math.ceil(waitMs / 1000)));

/**
 * Group commit. Every write in the process goes through here: jobs that arrive while a
 * transaction is in flight are run together in the next one, each inside its own savepoint so
 * one failing job rolls back alone. A job's promise settles only after its transaction commits,
 * which is what lets ingestion answer 2xx "committed" while paying one fsync per batch.
 *
 * Because writes are serialised, event sequence numbers commit in order, so a reader resuming
 * after `seq` can never later see a smaller one. On PostgreSQL an advisory lock extends that to
 * several instances.
 *
 * Admission looks at the expected wait, not only at the queue's length (ADR 0006): the queue
 * measures how many units it commits per millisecond of wall-clock time while busy, and a unit
 * whose wait would exceed the budget is refused at once with WriteOverloadedError. A unit that
 * was admitted but still waited past the budget (the estimate was too hopeful, or a commit
 * stalled) is refused when its turn comes instead of being run, so nothing is committed after
 * its sender has been told to retry or has given up.
 */
export class WriteQueue {
  private pending: Job[] = [];
  private running = false;
  private idleWaiters: Array<() => void> = [];
  private readonly options: WriteQueueOptions;
  /** Moving averages of units committed per batch cycle and of the cycle's length (ms). */
  private unitsAverage = 0;
  private msAverage = 0;
  private current: { units: number; startedAt: number } | undefined;

  constructor(
    private readonly handle: DatabaseHandle,
    private readonly onCommitted: (events: LiveEvent[]) => void,
    options: Partial<WriteQueueOptions> & Pick<WriteQueueOptions, 'now'>,
  ) {
    this.options = { ...DEFAULT_WRITE_QUEUE_OPTIONS, ...options };
  }

  /** Jobs waiting for a transaction. */
  get depth(): number {
    return this.pending.length;
  }

  /**
   * How long a unit arriving now waits, from the measured cycles (a batch plus the I/O turn
   * after it): about one cycle already spent before the process read its request (unseen here,
   * the request waited in the socket while the previous batch and I/O turn ran), then what is
   * left of the running batch, then its share of the units queued before it. Zero while the
   * writer is idle and until the first cycle has been measured.
   */
  expectedWaitMs(): number {
    if (!this.running || this.msAverage <= 0 || this.unitsAverage <= 0) return 0;
    const perUnitMs = this.msAverage / this.unitsAverage;
    const now = this.options.now();
    const running = this.current ? Math.max(0, this.current.units * perUnitMs - (now - this.current.startedAt)) : 0;
    return this.msAverage + running + (this.pending.length + 1) * perUnitMs;
  }

  /** Whether a unit arriving now would be admitted; routes ask before reading a large body. */
  admission(): { ok: true } | { ok: false; retryAfterSeconds: number } {
    const wait = this.expectedWaitMs();
    return wait > this.options.waitBudgetMs ? { ok: false, retryAfterSeconds: retryAfter(wait) } : { ok: true };
  }

  /**
   * Runs the unit in the next transaction; rejects with WriteOverloadedError when it cannot be
   * committed in time. An `essential` unit (the escalation runner firing due steps, recording a
   * send) is never refused and goes ahead of the units waiting: an alert storm that fills the
   * queue must not delay the pages its alerts caused. Those units are few (one per batch of due
   * steps), so the others lose at most one unit's time.
   */
  run<T>(work: UnitOfWork<T>, options: { essential?: boolean } = {}): Promise<T> {
    const essential = options.essential ?? false;
    const admission = essential ? ({ ok: true } as const) : this.admission();
    if (!admission.ok) return Promise.reject(new WriteOverloadedError(admission.retryAfterSeconds));
    return new Promise<T>((resolve, reject) => {
      const job: Job = { work: work as UnitOfWork<unknown>, resolve: resolve as (value: unknown) => void, reject, admittedAt: this.options.now(), essential };
      if (essential) {
        const firstOrdinary = this.pending.findIndex((waiting) => !waiting.essential);
        this.pending.splice(firstOrdinary === -1 ? this.pending.length : firstOrdinary, 0, job);
      } else {
        this.pending.push(job);
      }
      if (!this.running) {
        this.running = true;
        setImmediate(() => void this.loop());
      }
    });
  }

  /** Resolves once every queued job has committed or failed (used at shutdown). */
  drain(): Promise<void> {
    if (!this.running && this.pending.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Refuses the job if it has waited past the budget; true when it was refused. */
  private refuseIfLate(job: Job): boolean {
    if (job.essential) return false;
    const waited = this.options.now() - job.admittedAt;
    if (waited <= this.options.waitBudgetMs) return false;
    job.reject(new WriteOverloadedError(retryAfter(this.expectedWaitMs())));
    return true;
  }

  private record(units: number, ms: number): void {
    if (units === 0) return;
    if (this.unitsAverage === 0 && this.msAverage === 0) {
      this.unitsAverage = units;
      this.msAverage = Math.max(0, ms);
      return;
    }
    this.unitsAverage += EWMA_WEIGHT * (units - this.unitsAverage);
    this.msAverage += EWMA_WEIGHT * (Math.max(0, ms) - this.msAverage);
  }

  private async loop(): Promise<void> {
    try {
      // A cycle is one batch plus the I/O turn before the next: the wall-clock drain rate,
      // including the time the process spends parsing the requests that feed the queue.
      let cycleStart = this.options.now();
      while (this.pending.length > 0) {
        if (this.options.beforeBatch) await this.options.beforeBatch();
        const batch = this.pending.splice(0, this.options.maxBatch).filter((job) => !this.refuseIfLate(job));
        if (batch.length > 0) {
          this.current = { units: batch.length, startedAt: this.options.now() };
          const ran = await this.runBatch(batch);
          this.current = undefined;
          const end = this.options.now();
          this.record(ran, end - cycleStart);
          cycleStart = end;
        }
        // Let the requests that arrived meanwhile queue up, so they share the next commit.
        await yieldToIo();
      }
    } finally {
      this.current = undefined;
      this.running = false;
      for (const waiter of this.idleWaiters.splice(0)) waiter();
    }
  }

  /**
   * Units the batch had no time for go first in the next one, keeping their admission time, but
   * behind the essential units: one that arrived during the batch must not wait behind them, nor
   * behind them again each time the next batch runs out of time (on PostgreSQL, with ingestion
   * saturating the writer, due escalation steps waited about a second that way).
   */
  private requeue(deferred: readonly Job[]): void {
    if (deferred.length === 0) return;
    const waiting = [...deferred, ...this.pending];
    this.pending = [...waiting.filter((job) => job.essential), ...waiting.filter((job) => !job.essential)];
  }

  /** Runs one transaction; returns how many units ran in it (late ones are refused unrun). */
  private async runBatch(batch: Job[]): Promise<number> {
    const outcomes: Array<{ ok: true; value: unknown; events: LiveEvent[] } | { ok: false; error: unknown } | { ok: 'refused' }> = [];
    const isolate = batch.length > 1;
    const startedAt = this.options.now();
    let ran = 0;
    let deferred: Job[] = [];
    try {
      await this.handle.db.transaction().execute(async (trx) => {
        if (this.handle.dialect === 'postgres') {
          await sql`select pg_advisory_xact_lock(${EVENT_LOG_LOCK})`.execute(trx);
        }
        for (const [index, job] of batch.entries()) {
          if (index > 0 && this.options.now() - startedAt > this.options.maxBatchMs) {
            deferred = batch.slice(index);
            break;
          }
          // Units late in a long batch can pass the budget while waiting for their turn.
          if (outcomes.length > 0 && this.refuseIfLate(job)) {
            outcomes.push({ ok: 'refused' });
            continue;
          }
          ran++;
          const events: LiveEvent[] = [];
          const ctx: WriteContext = { trx, publish: (event) => events.push(event), effects: this.options.effects };
          if (!isolate) {
            outcomes.push({ ok: true, value: await job.work(ctx), events });
            continue;
          }
          await sql`savepoint job`.execute(trx);
          try {
            const value = await job.work(ctx);
            await sql`release savepoint job`.execute(trx);
            outcomes.push({ ok: true, value, events });
          } catch (error) {
            await sql`rollback to savepoint job`.execute(trx);
            await sql`release savepoint job`.execute(trx);
            outcomes.push({ ok: false, error });
          }
        }
      });
    } catch (error) {
      // The transaction as a whole failed (or the single job threw): nothing in it committed.
      for (const job of batch.slice(0, batch.length - deferred.length)) job.reject(error);
      this.requeue(deferred);
      return ran;
    }
    this.requeue(deferred);
    const committed: LiveEvent[] = [];
    for (const outcome of outcomes) if (outcome.ok === true) committed.push(...outcome.events);
    if (committed.length > 0) this.onCommitted(committed);
    batch.forEach((job, index) => {
      if (index >= outcomes.length) return;
      const outcome = outcomes[index];
      if (outcome?.ok === 'refused') return;
      if (outcome?.ok === true) job.resolve(outcome.value);
      else job.reject(outcome?.error);
    });
    return ran;
  }
}
