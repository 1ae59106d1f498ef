import type { Kysely, Selectable, Updateable } from 'kysely';
import type { Database } from '../db/schema';

export type ActionItemRow = Selectable<Database['action_items']>;

/** An action item with what its answer names: the incident, its service (and team) and the owner. */
export type ActionItemView = ActionItemRow & {
  incident_id: string;
  incident_title: string;
  incident_triggered_at: number;
  service_id: string;
  service_name: string;
  team_id: string | null;
  owner_name: string;
  owner_zone: string;
};

export type ActionItemFilter = {
  ownerId?: string | undefined;
  statuses?: readonly string[] | undefined;
  teamId?: string | undefined;
  serviceId?: string | undefined;
  postmortemIds?: readonly string[] | undefined;
  ids?: readonly string[] | undefined;
};

export const actionItemsRepository = {
  async insert(db: Kysely<Database>, row: ActionItemRow): Promise<void> {
    await db.insertInto('action_items').values(row).execute();
  },

  async findById(db: Kysely<Database>, id: string): Promise<ActionItemRow | undefined> {
    return db.selectFrom('action_items').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async countFor(db: Kysely<Database>, postmortemId: string): Promise<number> {
    const row = await db.selectFrom('action_items').select((eb) => eb.fn.countAll<number>().as('n')).where('postmortem_id', '=', postmortemId).executeTakeFirstOrThrow();
    return Number(row.n);
  },

  /** Written only if `expected` is still the stored version (a stale change is a 409). */
  async updateIfVersion(db: Kysely<Database>, id: string, expected: number, patch: Updateable<Database['action_items']>): Promise<boolean> {
    const result = await db.updateTable('action_items').set(patch).where('id', '=', id).where('version', '=', expected).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },

  async delete(db: Kysely<Database>, id: string): Promise<void> {
    await db.deleteFrom('action_items').where('id', '=', id).execute();
  },

  /** Action items with their incident, service, team and owner; the caller sorts and computes `overdue`. */
  async list(db: Kysely<Database>, filter: ActionItemFilter = {}): Promise<ActionItemView[]> {
    if (filter.postmortemIds?.length === 0 || filter.ids?.length === 0 || filter.statuses?.length === 0) return [];
    let query = db
      .selectFrom('action_items')
      .innerJoin('postmortems', 'postmortems.id', 'action_items.postmortem_id')
      .innerJoin('incidents', 'incidents.id', 'postmortems.incident_id')
      .innerJoin('services', 'services.id', 'incidents.service_id')
      .innerJoin('users', 'users.id', 'action_items.owner_id')
      .selectAll('action_items')
      .select([
        'incidents.id as incident_id',
        'incidents.title as incident_title',
        'incidents.triggered_at as incident_triggered_at',
        'services.id as service_id',
        'services.name as service_name',
        'services.team_id as team_id',
        'users.name as owner_name',
        'users.time_zone as owner_zone',
      ]);
    if (filter.ownerId !== undefined) query = query.where('action_items.owner_id', '=', filter.ownerId);
    if (filter.statuses !== undefined) query = query.where('action_items.status', 'in', [...filter.statuses]);
    if (filter.teamId !== undefined) query = query.where('services.team_id', '=', filter.teamId);
    if (filter.serviceId !== undefined) query = query.where('services.id', '=', filter.serviceId);
    if (filter.postmortemIds !== undefined) query = query.where('action_items.postmortem_id', 'in', [...filter.postmortemIds]);
    if (filter.ids !== undefined) query = query.where('action_items.id', 'in', [...filter.ids]);
    return query.execute();
  },

  /** Open items with a due date that have not been reminded about yet. */
  async dueToRemind(db: Kysely<Database>): Promise<Array<ActionItemRow & { owner_zone: string }>> {
    return db
      .selectFrom('action_items')
      .innerJoin('users', 'users.id', 'action_items.owner_id')
      .selectAll('action_items')
      .select('users.time_zone as owner_zone')
      .where('action_items.status', 'in', ['open', 'in_progress'])
      .where('action_items.due_on', 'is not', null)
      .where('action_items.reminded_at', 'is', null)
      .execute();
  },

  /** Marks the overdue reminder sent, once and only for the date it was about. */
  async markReminded(db: Kysely<Database>, id: string, dueOn: string, at: number): Promise<boolean> {
    const result = await db.updateTable('action_items').set({ reminded_at: at }).where('id', '=', id).where('due_on', '=', dueOn).where('reminded_at', 'is', null).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },
};
