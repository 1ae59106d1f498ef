import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../db/schema';

export type EscalationRow = Selectable<Database['escalations']>;
export type EscalationTimerRow = Selectable<Database['escalation_timers']>;
export type PageRow = Selectable<Database['pages']>;

export const escalationsRepository = {
  async find(db: Kysely<Database>, incidentId: string): Promise<EscalationRow | undefined> {
    return db.selectFrom('escalations').selectAll().where('incident_id', '=', incidentId).executeTakeFirst();
  },
  async findMany(db: Kysely<Database>, incidentIds: readonly string[]): Promise<EscalationRow[]> {
    if (incidentIds.length === 0) return [];
    return db.selectFrom('escalations').selectAll().where('incident_id', 'in', incidentIds).execute();
  },
  async upsert(db: Kysely<Database>, row: EscalationRow): Promise<void> {
    await db
      .insertInto('escalations')
      .values(row)
      .onConflict((oc) => oc.column('incident_id').doUpdateSet({ status: row.status, state: row.state, updated_at: row.updated_at }))
      .execute();
  },

  /** Inserts a timer unless one with the same key exists (the engine's keys are unique per timer). */
  async insertTimer(db: Kysely<Database>, row: EscalationTimerRow): Promise<void> {
    await db
      .insertInto('escalation_timers')
      .values(row)
      .onConflict((oc) => oc.column('timer_key').doNothing())
      .execute();
  },
  async deleteTimersOf(db: Kysely<Database>, incidentId: string): Promise<void> {
    await db.deleteFrom('escalation_timers').where('incident_id', '=', incidentId).execute();
  },
  /** Removes a timer that is being handled; false when another unit already took it. */
  async takeTimer(db: Kysely<Database>, id: string): Promise<boolean> {
    const result = await db.deleteFrom('escalation_timers').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
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

  /** Inserts a page unless its key exists; answers whether it did (at most one page per key, across restarts). */
  async insertPage(db: Kysely<Database>, row: PageRow): Promise<boolean> {
    const result = await db
      .insertInto('pages')
      .values(row)
      .onConflict((oc) => oc.column('page_key').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
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
   * The instant of the person's latest SMS or call sent by `at` (not held back): what the storm
   * limit counts from. A bundle waiting for its minute is not counted before it goes out, so the
   * pages held meanwhile join it instead of each starting a bundle a minute after the last.
   */
  async lastPhonePageAt(db: Kysely<Database>, userId: string, at: number): Promise<number | undefined> {
    const row = await db
      .selectFrom('pages')
      .select((eb) => eb.fn.max('created_at').as('last'))
      .where('user_id', '=', userId)
      .where('channel', 'in', ['sms', 'voice'])
      .where('status', '!=', 'bundled')
      .where('created_at', '<=', at)
      .executeTakeFirst();
    return row?.last === null || row?.last === undefined ? undefined : Number(row.last);
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
};
