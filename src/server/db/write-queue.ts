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
};

export type UnitOfWork<T> = (ctx: WriteContext) => Promise<T>;

type Job = {
  work: UnitOfWork<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
};

/** Arbitrary but fixed: serialises event-log appends across instances sharing one PostgreSQL. */
const EVENT_LOG_LOCK = 727_274_001;

/**
 * Group commit. Every write in the process goes through here: jobs that arrive while a
 * transaction is in flight are run together in the next one, each inside its own savepoint so
 * one failing job rolls back alone. A job's promise settles only after its transaction commits,
 * which is what lets ingestion answer 2xx "committed" while paying one fsync per batch.
 *
 * Because writes are serialised, event sequence numbers commit in order, so a reader resuming
 * after `seq` can never later see a smaller one. On PostgreSQL an advisory lock extends that to
 * several instances.
 */
export class WriteQueue {
  private pending: Job[] = [];
  private running = false;
  private idleWaiters: Array<() => void> = [];

  constructor(
    private readonly handle: DatabaseHandle,
    private readonly onCommitted: (events: LiveEvent[]) => void,
    private readonly maxBatch = 500,
  ) {}

  /** Jobs waiting for a transaction: the measure of overload. */
  get depth(): number {
    return this.pending.length;
  }

  run<T>(work: UnitOfWork<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ work: work as UnitOfWork<unknown>, resolve: resolve as (value: unknown) => void, reject });
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

  private async loop(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        const batch = this.pending.splice(0, this.maxBatch);
        await this.runBatch(batch);
        // Let the requests that arrived meanwhile queue up, so they share the next commit.
        await yieldToIo();
      }
    } finally {
      this.running = false;
      for (const waiter of this.idleWaiters.splice(0)) waiter();
    }
  }

  private async runBatch(batch: Job[]): Promise<void> {
    const outcomes: Array<{ ok: true; value: unknown; events: LiveEvent[] } | { ok: false; error: unknown }> = [];
    const isolate = batch.length > 1;
    try {
      await this.handle.db.transaction().execute(async (trx) => {
        if (this.handle.dialect === 'postgres') {
          await sql`select pg_advisory_xact_lock(${EVENT_LOG_LOCK})`.execute(trx);
        }
        for (const job of batch) {
          const events: LiveEvent[] = [];
          const ctx: WriteContext = { trx, publish: (event) => events.push(event) };
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
      for (const job of batch) job.reject(error);
      return;
    }
    const committed: LiveEvent[] = [];
    for (const outcome of outcomes) if (outcome.ok) committed.push(...outcome.events);
    if (committed.length > 0) this.onCommitted(committed);
    batch.forEach((job, index) => {
      const outcome = outcomes[index];
      if (outcome?.ok) job.resolve(outcome.value);
      else job.reject(outcome?.error);
    });
  }
}
