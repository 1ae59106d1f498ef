import type { Kysely, Selectable, Updateable } from 'kysely';
import type { Database } from '../db/schema';

export type ScheduleRow = Selectable<Database['schedules']>;
export type OverrideRow = Selectable<Database['schedule_overrides']>;

export const schedulesRepository = {
  async insert(db: Kysely<Database>, row: ScheduleRow): Promise<void> {
    await db.insertInto('schedules').values(row).execute();
  },
  async findById(db: Kysely<Database>, id: string): Promise<ScheduleRow | undefined> {
    return db.selectFrom('schedules').selectAll().where('id', '=', id).executeTakeFirst();
  },
  async list(db: Kysely<Database>): Promise<ScheduleRow[]> {
    return db.selectFrom('schedules').selectAll().orderBy('name').orderBy('id').execute();
  },
  /**
   * Writes only if the stored version is still `expected` (optimistic concurrency); answers
   * whether it did. The version goes up by one with every change, overrides included.
   */
  async updateIfVersion(db: Kysely<Database>, id: string, expected: number, patch: Updateable<Database['schedules']>): Promise<boolean> {
    const result = await db
      .updateTable('schedules')
      .set({ ...patch, version: expected + 1 })
      .where('id', '=', id)
      .where('version', '=', expected)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },
  async overridesOf(db: Kysely<Database>, scheduleIds: readonly string[]): Promise<OverrideRow[]> {
    if (scheduleIds.length === 0) return [];
    return db.selectFrom('schedule_overrides').selectAll().where('schedule_id', 'in', scheduleIds).orderBy('created_at').orderBy('id').execute();
  },
  async findOverride(db: Kysely<Database>, scheduleId: string, id: string): Promise<OverrideRow | undefined> {
    return db.selectFrom('schedule_overrides').selectAll().where('schedule_id', '=', scheduleId).where('id', '=', id).executeTakeFirst();
  },
  async insertOverride(db: Kysely<Database>, row: OverrideRow): Promise<void> {
    await db.insertInto('schedule_overrides').values(row).execute();
  },
  async updateOverride(db: Kysely<Database>, id: string, patch: Updateable<Database['schedule_overrides']>): Promise<void> {
    await db.updateTable('schedule_overrides').set(patch).where('id', '=', id).execute();
  },
  async deleteOverride(db: Kysely<Database>, id: string): Promise<void> {
    await db.deleteFrom('schedule_overrides').where('id', '=', id).execute();
  },
};
