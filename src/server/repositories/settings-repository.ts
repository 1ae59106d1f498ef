import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

export const settingsRepository = {
  async get(db: Kysely<Database>, key: string): Promise<string | undefined> {
    const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
    return row?.value;
  },
  async set(db: Kysely<Database>, key: string, value: string): Promise<void> {
    await db
      .insertInto('settings')
      .values({ key, value })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
      .execute();
  },
};
