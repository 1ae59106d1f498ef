import type { Kysely, Selectable, Updateable } from 'kysely';
import type { Database } from '../db/schema';

export type UserRow = Selectable<Database['users']>;
export type ContactMethodRow = Selectable<Database['contact_methods']>;
export type NotificationRuleRow = Selectable<Database['notification_rules']>;

export const usersRepository = {
  async insert(db: Kysely<Database>, row: UserRow): Promise<void> {
    await db.insertInto('users').values(row).execute();
  },
  async findById(db: Kysely<Database>, id: string): Promise<UserRow | undefined> {
    return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  },
  async findByEmailKey(db: Kysely<Database>, emailKey: string): Promise<UserRow | undefined> {
    return db.selectFrom('users').selectAll().where('email_key', '=', emailKey).executeTakeFirst();
  },
  async list(db: Kysely<Database>): Promise<UserRow[]> {
    return db.selectFrom('users').selectAll().orderBy('name').orderBy('id').execute();
  },
  async count(db: Kysely<Database>): Promise<number> {
    const row = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  },
  async update(db: Kysely<Database>, id: string, patch: Updateable<Database['users']>): Promise<void> {
    await db.updateTable('users').set(patch).where('id', '=', id).execute();
  },
  async contactMethods(db: Kysely<Database>, userIds: readonly string[]): Promise<ContactMethodRow[]> {
    if (userIds.length === 0) return [];
    return db.selectFrom('contact_methods').selectAll().where('user_id', 'in', userIds).orderBy('position').orderBy('id').execute();
  },
  async rules(db: Kysely<Database>, userIds: readonly string[]): Promise<NotificationRuleRow[]> {
    if (userIds.length === 0) return [];
    return db.selectFrom('notification_rules').selectAll().where('user_id', 'in', userIds).orderBy('urgency').orderBy('delay_minutes').orderBy('id').execute();
  },
  /** Replaces a person's contact methods and rules wholesale (the profile form saves them together). */
  async replaceContacts(db: Kysely<Database>, userId: string, methods: readonly ContactMethodRow[], rules: readonly NotificationRuleRow[]): Promise<void> {
    await db.deleteFrom('notification_rules').where('user_id', '=', userId).execute();
    await db.deleteFrom('contact_methods').where('user_id', '=', userId).execute();
    if (methods.length) await db.insertInto('contact_methods').values([...methods]).execute();
    if (rules.length) await db.insertInto('notification_rules').values([...rules]).execute();
  },
};
