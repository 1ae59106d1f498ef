import type { Kysely, Selectable } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../db/schema';
import { chunksOf } from './row-chunks';

export type EscalationRow = Selectable<Database['escalations']>;
export type EscalationTimerRow = Selectable<Database['escalation_timers']>;
export type PageRow = Selectable<Database['pages']>;
export type AckTokenRow = Selectable<Database['ack_tokens']>;

export const escalationsRepository = {
  async find(db: Kysely<Database>, incidentId: string): Promise<EscalationRow | undefined> {
    return db.selectFrom('escalations').selectAll().where('incident_id', '=', incidentId).executeTakeFirst();
  },
  async findMany(db: Kysely<Database>, incidentIds: readonly string[]): Promise<EscalationRow[]> {
    if (incidentIds.length === 0) return [];
    return db.selectFrom('escalations').selectAll().where('incident_id', 'in', incidentIds).execute();
  },
  /** Saves escalations in one statement per 500 (one row per incident; an existing row keeps its `created_at`). */
  async upsertMany(db: Kysely<Database>, rows: readonly EscalationRow[]): Promise<void> {
    for (const chunk of chunksOf(rows)) {
      await db
        .insertInto('escalations')
        .values(chunk)
        .onConflict((oc) =>
          oc.column('incident_id').doUpdateSet((eb) => ({ status: eb.ref('excluded.status'), state: eb.ref('excluded.state'), updated_at: eb.ref('excluded.updated_at') })),
        )
        .execute();
    }
  },

  /** Inserts timers, each unless one with its key exists. */
  async insertTimers(db: Kysely<Database>, rows: readonly EscalationTimerRow[]): Promise<void> {
    for (const chunk of chunksOf(rows)) {
      await db
        .insertInto('escalation_timers')
        .values(chunk)
        .onConflict((oc) => oc.column('timer_key').doNothing())
        .execute();
    }
  },
  /** Deletes the timers with these ids and every timer of these incidents, in one statement per 500 of each. */
  async deleteTimers(db: Kysely<Database>, which: { ids: readonly string[]; incidentIds: readonly string[] }): Promise<void> {
    for (const ids of chunksOf(which.ids)) await db.deleteFrom('escalation_timers').where('id', 'in', ids).execute();
    for (const ids of chunksOf(which.incidentIds)) await db.deleteFrom('escalation_timers').where('incident_id', 'in', ids).execute();
  },
  async dueTimers(db: Kysely<Database>, now: number, limit: number): Promise<EscalationTimerRow[]> {
    return db.selectFrom('escalation_timers').selectAll().where('due_at', '<=', now).orderBy('due_at').orderBy('created_at').orderBy('id').limit(limit).execute();
  },
  async nextDueAt(db: Kysely<Database>): Promise<number | undefined> {
    const row = await db.selectFrom('escalation_timers').select((eb) => eb.fn.min('due_at').as('next')).executeTakeFirst();
    return row?.next === null || row?.next === undefined ? undefined : Number(row.next);
  },
  async timersOf(db: Kysely<Database>, incidentId: string): Promise<EscalationTimerRow[]> {
    return db.selectFrom('escalation_timers').selectAll().where('incident_id', '=', incidentId).orderBy('due_at').execute();
  },

  /** Inserts pages, each unless its key exists. */
  async insertPages(db: Kysely<Database>, rows: readonly PageRow[]): Promise<void> {
    for (const chunk of chunksOf(rows)) {
      await db
        .insertInto('pages')
        .values(chunk)
        .onConflict((oc) => oc.column('page_key').doNothing())
        .execute();
    }
  },
  /** The ids of the pages that exist under these keys, by key. */
  async pageIdsByKey(db: Kysely<Database>, keys: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const chunk of chunksOf([...new Set(keys)])) {
      const rows = await db.selectFrom('pages').select(['id', 'page_key']).where('page_key', 'in', chunk).execute();
      for (const row of rows) out.set(row.page_key, row.id);
    }
    return out;
  },
  async insertAckTokens(db: Kysely<Database>, rows: readonly AckTokenRow[]): Promise<void> {
    for (const chunk of chunksOf(rows)) await db.insertInto('ack_tokens').values(chunk).execute();
  },
  /** Sets paging's "first …" instant of these incidents (the caller knows they are still unset). */
  /** Only incidents still acknowledged: one resolved meanwhile stays resolved. */
  async retriggerIncidents(db: Kysely<Database>, incidentIds: readonly string[]): Promise<void> {
    for (const ids of chunksOf(incidentIds)) await db.updateTable('incidents').set({ state: 'triggered' }).where('id', 'in', ids).where('state', '=', 'acknowledged').execute();
  },
  async setIncidentsFirst(db: Kysely<Database>, column: 'first_notified_at' | 'first_escalated_at', incidentIds: readonly string[], at: number): Promise<void> {
    for (const ids of chunksOf(incidentIds)) await db.updateTable('incidents').set({ [column]: at }).where('id', 'in', ids).execute();
  },
  async findPage(db: Kysely<Database>, id: string): Promise<PageRow | undefined> {
    return db.selectFrom('pages').selectAll().where('id', '=', id).executeTakeFirst();
  },
  async findPageByKey(db: Kysely<Database>, key: string): Promise<PageRow | undefined> {
    return db.selectFrom('pages').selectAll().where('page_key', '=', key).executeTakeFirst();
  },
  async pagesOf(db: Kysely<Database>, incidentId: string): Promise<PageRow[]> {
    return db.selectFrom('pages').selectAll().where('incident_id', '=', incidentId).orderBy('created_at').execute();
  },
  async bundledInto(db: Kysely<Database>, pageId: string): Promise<PageRow[]> {
    return db.selectFrom('pages').selectAll().where('bundled_into', '=', pageId).orderBy('created_at').execute();
  },
  async updatePage(db: Kysely<Database>, id: string, patch: Partial<PageRow>): Promise<void> {
    await db.updateTable('pages').set(patch).where('id', '=', id).execute();
  },
  /**
   * The instant of each person's latest SMS or call sent by `at` (not held back): what the storm
   * limit counts from; people with none are absent. A bundle waiting for its minute is not counted
   * before it goes out, so the pages held meanwhile join it instead of each starting a bundle a
   * minute after the last.
   */
  async lastPhonePagesAt(db: Kysely<Database>, userIds: readonly string[], at: number): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (const chunk of chunksOf([...new Set(userIds)])) {
      const rows = await db
        .selectFrom('pages')
        .select((eb) => ['user_id', eb.fn.max('created_at').as('last')])
        .where('user_id', 'in', chunk)
        .where('channel', 'in', ['sms', 'voice'])
        .where('status', '!=', 'bundled')
        .where('created_at', '<=', at)
        .groupBy('user_id')
        .execute();
      for (const row of rows) if (row.last !== null && row.last !== undefined) out.set(row.user_id, Number(row.last));
    }
    return out;
  },
  /** Open SMS pages to these numbers with this reply code (the inbound-SMS acknowledgement). */
  async pageByReplyCode(db: Kysely<Database>, address: string, code: string, since: number): Promise<PageRow | undefined> {
    return db
      .selectFrom('pages')
      .selectAll()
      .where('address', '=', address)
      .where('ack_code', '=', code)
      .where('created_at', '>=', since)
      .orderBy('created_at', 'desc')
      .executeTakeFirst();
  },

  /**
   * PostgreSQL only: how many rows the current transaction has inserted, updated or deleted in
   * these tables so far (savepoints rolled back included), from the statistics it keeps for
   * itself; undefined when those are not kept (`track_counts` off).
   */
  async writesInTransaction(db: Kysely<Database>, tables: readonly (keyof Database)[]): Promise<number | undefined> {
    const result = await sql<{ writes: number | string | null }>`
      select case when current_setting('track_counts') = 'on'
        then coalesce(sum(pg_stat_get_xact_tuples_inserted(t) + pg_stat_get_xact_tuples_updated(t) + pg_stat_get_xact_tuples_deleted(t)), 0)
      end as writes
      from unnest(cast(${sql.val([...tables])} as regclass[])) as t`.execute(db);
    const writes = result.rows[0]?.writes;
    return writes === null || writes === undefined ? undefined : Number(writes);
  },
};
