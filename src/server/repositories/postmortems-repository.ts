import type { Kysely, Selectable, Updateable } from 'kysely';
import type { Database } from '../db/schema';

export type PostmortemRow = Selectable<Database['postmortems']>;
export type PostmortemSectionRow = Selectable<Database['postmortem_sections']>;
export type PresenceRow = Selectable<Database['postmortem_presence']>;

export type PostmortemFilter = { status?: string | undefined; incidentId?: string | undefined };

export const postmortemsRepository = {
  async insert(db: Kysely<Database>, row: PostmortemRow, sections: readonly PostmortemSectionRow[]): Promise<void> {
    await db.insertInto('postmortems').values(row).execute();
    if (sections.length > 0) await db.insertInto('postmortem_sections').values([...sections]).execute();
  },

  async findById(db: Kysely<Database>, id: string): Promise<PostmortemRow | undefined> {
    return db.selectFrom('postmortems').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async findByIncident(db: Kysely<Database>, incidentId: string): Promise<PostmortemRow | undefined> {
    return db.selectFrom('postmortems').selectAll().where('incident_id', '=', incidentId).executeTakeFirst();
  },

  /** Newest first (by when it was started; the id breaks ties so the order is stable). */
  async list(db: Kysely<Database>, filter: PostmortemFilter = {}): Promise<PostmortemRow[]> {
    let query = db.selectFrom('postmortems').selectAll();
    if (filter.status !== undefined) query = query.where('status', '=', filter.status);
    if (filter.incidentId !== undefined) query = query.where('incident_id', '=', filter.incidentId);
    return query.orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
  },

  /** Post-mortems of the service's incidents triggered before `before`, with the incident's title and start. */
  async earlierOfService(db: Kysely<Database>, serviceId: string, before: number): Promise<Array<PostmortemRow & { incident_title: string; incident_triggered_at: number }>> {
    return db
      .selectFrom('postmortems')
      .innerJoin('incidents', 'incidents.id', 'postmortems.incident_id')
      .selectAll('postmortems')
      .select(['incidents.title as incident_title', 'incidents.triggered_at as incident_triggered_at'])
      .where('incidents.service_id', '=', serviceId)
      .where('incidents.triggered_at', '<', before)
      .orderBy('incidents.triggered_at', 'desc')
      .orderBy('incidents.id', 'desc')
      .execute();
  },

  async update(db: Kysely<Database>, id: string, patch: Updateable<Database['postmortems']>): Promise<void> {
    await db.updateTable('postmortems').set(patch).where('id', '=', id).execute();
  },

  /** Moves the status only from `from`: two reviewers publishing at once do it once. */
  async updateIfStatus(db: Kysely<Database>, id: string, from: string, patch: Updateable<Database['postmortems']>): Promise<boolean> {
    const result = await db.updateTable('postmortems').set(patch).where('id', '=', id).where('status', '=', from).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },

  async sections(db: Kysely<Database>, postmortemId: string): Promise<PostmortemSectionRow[]> {
    return db.selectFrom('postmortem_sections').selectAll().where('postmortem_id', '=', postmortemId).execute();
  },

  async findSection(db: Kysely<Database>, postmortemId: string, key: string): Promise<PostmortemSectionRow | undefined> {
    return db.selectFrom('postmortem_sections').selectAll().where('postmortem_id', '=', postmortemId).where('key', '=', key).executeTakeFirst();
  },

  /** The conditional UPDATE of ADR 0009: written only if `expected` is still the stored version. */
  async saveSectionIfVersion(db: Kysely<Database>, postmortemId: string, key: string, expected: number, patch: { body: string; version: number; updated_at: number; updated_by: string | null }): Promise<boolean> {
    const result = await db.updateTable('postmortem_sections').set(patch).where('postmortem_id', '=', postmortemId).where('key', '=', key).where('version', '=', expected).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },

  /** One heartbeat per person and post-mortem: the newest replaces the last. */
  async touchPresence(db: Kysely<Database>, row: PresenceRow): Promise<void> {
    await db
      .insertInto('postmortem_presence')
      .values(row)
      .onConflict((oc) => oc.columns(['postmortem_id', 'user_id']).doUpdateSet({ section: row.section, at: row.at }))
      .execute();
  },

  /** Heartbeats at or after `since`, with the person's name. */
  async presence(db: Kysely<Database>, postmortemId: string, since: number): Promise<Array<PresenceRow & { name: string }>> {
    return db
      .selectFrom('postmortem_presence')
      .innerJoin('users', 'users.id', 'postmortem_presence.user_id')
      .select(['postmortem_presence.postmortem_id', 'postmortem_presence.user_id', 'postmortem_presence.section', 'postmortem_presence.at', 'users.name'])
      .where('postmortem_presence.postmortem_id', '=', postmortemId)
      .where('postmortem_presence.at', '>=', since)
      .orderBy('postmortem_presence.at', 'desc')
      .execute();
  },

  /** Heartbeats older than `before`, of any post-mortem: nobody reads them again. */
  async prunePresence(db: Kysely<Database>, before: number): Promise<void> {
    await db.deleteFrom('postmortem_presence').where('at', '<', before).execute();
  },

  /** Post-mortems whose follow-up review has not been reminded yet (the runner works out when, in each owner's zone). */
  async followUpsToRemind(db: Kysely<Database>): Promise<Array<PostmortemRow & { owner_zone: string }>> {
    return db
      .selectFrom('postmortems')
      .innerJoin('users', 'users.id', 'postmortems.owner_id')
      .selectAll('postmortems')
      .select('users.time_zone as owner_zone')
      .where('postmortems.follow_up_reminded_at', 'is', null)
      .execute();
  },

  /** Marks the follow-up reminded, once: answers false when another runner did it first. */
  async markFollowUpReminded(db: Kysely<Database>, id: string, followUpOn: string, at: number): Promise<boolean> {
    const result = await db
      .updateTable('postmortems')
      .set({ follow_up_reminded_at: at })
      .where('id', '=', id)
      .where('follow_up_on', '=', followUpOn)
      .where('follow_up_reminded_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },
};
