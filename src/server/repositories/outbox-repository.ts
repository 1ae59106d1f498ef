import type { Kysely, Selectable } from 'kysely';
import type { Dialect } from '../db/database';
import type { Database } from '../db/schema';
import { chunksOf } from './row-chunks';

export type OutboxRow = Selectable<Database['outbox']>;

export const outboxRepository = {
  /** Inserts unless a row with the same idempotency key exists; answers whether it inserted. */
  async insertOnce(db: Kysely<Database>, row: OutboxRow): Promise<boolean> {
    const result = await db
      .insertInto('outbox')
      .values(row)
      .onConflict((oc) => oc.column('idempotency_key').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
  },

  /** Inserts rows, each unless a row with its idempotency key exists (the first one stands). */
  async insertManyOnce(db: Kysely<Database>, rows: readonly OutboxRow[]): Promise<void> {
    for (const chunk of chunksOf(rows)) {
      await db
        .insertInto('outbox')
        .values(chunk)
        .onConflict((oc) => oc.column('idempotency_key').doNothing())
        .execute();
    }
  },

  async findByKey(db: Kysely<Database>, key: string): Promise<OutboxRow | undefined> {
    return db.selectFrom('outbox').selectAll().where('idempotency_key', '=', key).executeTakeFirst();
  },

  /**
   * Claims up to `limit` rows that are due: pending with `due_at <= now`, or claimed by a runner
   * whose lease ran out (it died, or hung). Each claim counts as an attempt. On PostgreSQL
   * `FOR UPDATE SKIP LOCKED` lets several instances claim side by side without taking the same
   * row; SQLite has one writer, so the statement alone is atomic.
   */
  /** The kinds that have rows to claim now (see `claimDue`). */
  async dueKinds(db: Kysely<Database>, now: number): Promise<string[]> {
    const rows = await db
      .selectFrom('outbox')
      .select('kind')
      .distinct()
      .where((eb) =>
        eb.or([
          eb.and([eb('state', '=', 'pending'), eb('due_at', '<=', now)]),
          eb.and([eb('state', '=', 'sending'), eb('claimed_until', '<=', now)]),
        ]),
      )
      .execute();
    return rows.map((row) => row.kind).sort();
  },

  async claimDue(db: Kysely<Database>, dialect: Dialect, claim: { now: number; until: number; token: string; limit: number; kind?: string }): Promise<OutboxRow[]> {
    let due = db
      .selectFrom('outbox')
      .select('id')
      .$if(claim.kind !== undefined, (query) => query.where('kind', '=', claim.kind!))
      .where((eb) =>
        eb.or([
          eb.and([eb('state', '=', 'pending'), eb('due_at', '<=', claim.now)]),
          eb.and([eb('state', '=', 'sending'), eb('claimed_until', '<=', claim.now)]),
        ]),
      )
      .orderBy('due_at')
      .orderBy('id')
      .limit(claim.limit);
    if (dialect === 'postgres') due = due.forUpdate().skipLocked();
    const rows = await db
      .updateTable('outbox')
      .set((eb) => ({ state: 'sending', claimed_until: claim.until, claim_token: claim.token, attempts: eb('attempts', '+', 1) }))
      .where('id', 'in', due)
      .returningAll()
      .execute();
    return rows.sort((a, b) => a.due_at - b.due_at || a.id.localeCompare(b.id));
  },

  /**
   * Records how a claimed row ended, only while the claim is still this runner's: a runner whose
   * lease was taken over by another must not overwrite the newer outcome. Answers whether it did.
   */
  async finish(
    db: Kysely<Database>,
    id: string,
    token: string,
    outcome: { state: 'sent' | 'failed' | 'pending'; due_at?: number; last_error: string | null; sent_at?: number | null; attempts?: number },
  ): Promise<boolean> {
    const result = await db
      .updateTable('outbox')
      .set({ ...outcome, claimed_until: null, claim_token: null })
      .where('id', '=', id)
      .where('claim_token', '=', token)
      .where('state', '=', 'sending')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },

  /** The next instant at which some row falls due (a pending row, or a claim whose lease ends). */
  /** The next instant a row falls due (or a claim runs out), leaving out `exceptKinds` (kinds with no room: a finished send wakes those). */
  async nextDueAt(db: Kysely<Database>, exceptKinds: readonly string[] = []): Promise<number | undefined> {
    const others = <Q extends { where: (column: 'kind', op: 'not in', values: string[]) => Q }>(query: Q): Q => (exceptKinds.length > 0 ? query.where('kind', 'not in', [...exceptKinds]) : query);
    const pending = await others(db.selectFrom('outbox').select((eb) => eb.fn.min('due_at').as('at')).where('state', '=', 'pending')).executeTakeFirst();
    const claimed = await others(db.selectFrom('outbox').select((eb) => eb.fn.min('claimed_until').as('at')).where('state', '=', 'sending')).executeTakeFirst();
    const instants = [pending?.at, claimed?.at].filter((at): at is number => at !== null && at !== undefined).map(Number);
    return instants.length > 0 ? Math.min(...instants) : undefined;
  },
};
