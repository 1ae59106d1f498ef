import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../db/schema';

export type PersonRow = Selectable<Database['people']>;

export const peopleRepository = {
  async insert(db: Kysely<Database>, row: PersonRow): Promise<void> {
    await db.insertInto('people').values(row).execute();
  },
  async list(db: Kysely<Database>): Promise<PersonRow[]> {
    return db.selectFrom('people').selectAll().orderBy('name').execute();
  },
};
