import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Database } from '../db/schema';
import { chunksOf } from './row-chunks';

export type EventRow = Selectable<Database['events']>;
export type NewEventRow = Insertable<Database['events']>;

export const eventsRepository = {
  /** Appends to the log and returns the stored row with its global sequence number. */
  async append(db: Kysely<Database>, row: NewEventRow): Promise<EventRow> {
    return db.insertInto('events').values(row).returningAll().executeTakeFirstOrThrow();
  },

  /**
   * Appends several rows in one statement per 500 and returns them in the order given. Sequence
   * numbers are drawn row by row in the order of the VALUES list, so the stored rows sorted by
   * `seq` are the given rows in order (RETURNING itself promises no order on SQLite).
   */
  async appendMany(db: Kysely<Database>, rows: readonly NewEventRow[]): Promise<EventRow[]> {
    const out: EventRow[] = [];
    for (const chunk of chunksOf(rows)) {
      const stored = await db.insertInto('events').values(chunk).returningAll().execute();
      out.push(...stored.sort((a, b) => a.seq - b.seq));
    }
    return out;
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
