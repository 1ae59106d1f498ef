import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../db/schema';

export type TeamRow = Selectable<Database['teams']>;
export type TeamMemberRow = Selectable<Database['team_members']>;

export const teamsRepository = {
  async insert(db: Kysely<Database>, row: TeamRow): Promise<void> {
    await db.insertInto('teams').values(row).execute();
  },
  async findById(db: Kysely<Database>, id: string): Promise<TeamRow | undefined> {
    return db.selectFrom('teams').selectAll().where('id', '=', id).executeTakeFirst();
  },
  async findByNameKey(db: Kysely<Database>, nameKey: string): Promise<TeamRow | undefined> {
    return db.selectFrom('teams').selectAll().where('name_key', '=', nameKey).executeTakeFirst();
  },
  async list(db: Kysely<Database>): Promise<TeamRow[]> {
    return db.selectFrom('teams').selectAll().orderBy('name_key').execute();
  },
  async rename(db: Kysely<Database>, id: string, name: string, nameKey: string): Promise<void> {
    await db.updateTable('teams').set({ name, name_key: nameKey }).where('id', '=', id).execute();
  },
  async members(db: Kysely<Database>, teamIds?: readonly string[]): Promise<TeamMemberRow[]> {
    let query = db.selectFrom('team_members').selectAll();
    if (teamIds) {
      if (teamIds.length === 0) return [];
      query = query.where('team_id', 'in', teamIds);
    }
    return query.execute();
  },
  /** The members of one team with their account role (who may be put on call depends on it). */
  async membersWithRoles(db: Kysely<Database>, teamId: string): Promise<Array<{ userId: string; role: string }>> {
    return db
      .selectFrom('team_members')
      .innerJoin('users', 'users.id', 'team_members.user_id')
      .select(['team_members.user_id as userId', 'users.role as role'])
      .where('team_members.team_id', '=', teamId)
      .execute();
  },
  async membershipsOf(db: Kysely<Database>, userId: string): Promise<TeamMemberRow[]> {
    return db.selectFrom('team_members').selectAll().where('user_id', '=', userId).execute();
  },
  async replaceMembers(db: Kysely<Database>, teamId: string, members: readonly TeamMemberRow[]): Promise<void> {
    await db.deleteFrom('team_members').where('team_id', '=', teamId).execute();
    if (members.length) await db.insertInto('team_members').values([...members]).execute();
  },
};
