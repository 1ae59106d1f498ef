import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Database } from '../db/schema';

export type EventRow = Selectable<Database['events']>;
export type NewEventRow = Insertable<Database['events']>;

export const eventsRepository = {
  /** Appends to the log and returns the stored row with its global sequence number. */
  async append(db: Kysely<Database>, row: NewEventRow): Promise<EventRow> {
    return db.insertInto('events').values(row).returningAll().executeTakeFirstOrThrow();
  },

  /** An incident's events oldest first, after sequence number `afterSeq` (0: from the start), at most `limit`. */
  async forIncident(db: Kysely<Database>, incidentId: string, page: { afterSeq: number; limit: number }): Promise<EventRow[]> {
    return db.selectFrom('events').selectAll().where('incident_id', '=', incidentId).where('seq', '>', page.afterSeq).orderBy('seq').limit(page.limit).execute();
  },

  /** Events strictly after `seq`, oldest first: what a reconnecting client missed. */
  async after(db: Kysely<Database>, seq: number, limit: number): Promise<EventRow[]> {
    return db.selectFrom('events').selectAll().where('seq', '>', seq).orderBy('seq').limit(limit).execute();
  },

  async latestSeq(db: Kysely<Database>): Promise<number> {
    const row = await db.selectFrom('events').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst();
    return Number(row?.seq ?? 0);
  },
};
