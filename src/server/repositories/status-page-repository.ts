import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../db/schema';

export type ComponentRow = Selectable<Database['status_components']>;
export type PublicIncidentRow = Selectable<Database['public_incidents']>;
export type PublicUpdateRow = Selectable<Database['public_updates']>;
export type MaintenanceRow = Selectable<Database['scheduled_maintenances']>;

/** The status page's writes and the admin side's reads (the public side has its own read-only queries). */
export const statusPageRepository = {
  async components(db: Kysely<Database>): Promise<ComponentRow[]> {
    return db.selectFrom('status_components').selectAll().orderBy('group_name').orderBy('position').orderBy('name_key').execute();
  },
  async componentsByIds(db: Kysely<Database>, ids: readonly string[]): Promise<ComponentRow[]> {
    if (ids.length === 0) return [];
    return db.selectFrom('status_components').selectAll().where('id', 'in', [...ids]).execute();
  },
  async componentByNameKey(db: Kysely<Database>, nameKey: string): Promise<ComponentRow | undefined> {
    return db.selectFrom('status_components').selectAll().where('name_key', '=', nameKey).executeTakeFirst();
  },
  async serviceLinks(db: Kysely<Database>, componentIds?: readonly string[]): Promise<Array<{ component_id: string; service_id: string }>> {
    let query = db.selectFrom('status_component_services').selectAll();
    if (componentIds) {
      if (componentIds.length === 0) return [];
      query = query.where('component_id', 'in', [...componentIds]);
    }
    return query.orderBy('service_id').execute();
  },
  async componentIdsOfService(db: Kysely<Database>, serviceId: string): Promise<string[]> {
    return (await db.selectFrom('status_component_services').select('component_id').where('service_id', '=', serviceId).execute()).map((row) => row.component_id);
  },
  async nextPosition(db: Kysely<Database>, group: string | null): Promise<number> {
    const base = db.selectFrom('status_components').select((eb) => eb.fn.max('position').as('max'));
    const row = await (group === null ? base.where('group_name', 'is', null) : base.where('group_name', '=', group)).executeTakeFirst();
    return row?.max === null || row?.max === undefined ? 0 : Number(row.max) + 1;
  },
  async insertComponent(db: Kysely<Database>, row: ComponentRow): Promise<void> {
    await db.insertInto('status_components').values(row).execute();
  },
  async updateComponent(db: Kysely<Database>, id: string, change: Partial<ComponentRow>): Promise<void> {
    await db.updateTable('status_components').set(change).where('id', '=', id).execute();
  },
  async setServiceLinks(db: Kysely<Database>, componentId: string, serviceIds: readonly string[]): Promise<void> {
    await db.deleteFrom('status_component_services').where('component_id', '=', componentId).execute();
    if (serviceIds.length > 0) await db.insertInto('status_component_services').values(serviceIds.map((service_id) => ({ component_id: componentId, service_id }))).execute();
  },
  /** Closes the open span at `at` and opens one in `status`: the uptime bars read these. */
  async startSpan(db: Kysely<Database>, componentId: string, status: string, at: number): Promise<void> {
    await db.updateTable('status_component_history').set({ to_at: at }).where('component_id', '=', componentId).where('to_at', 'is', null).execute();
    await db.insertInto('status_component_history').values({ id: randomUUID(), component_id: componentId, status, from_at: at, to_at: null }).execute();
  },
  async history(db: Kysely<Database>, componentId: string) {
    return db.selectFrom('status_component_history').selectAll().where('component_id', '=', componentId).orderBy('from_at').execute();
  },
  async deleteComponent(db: Kysely<Database>, id: string): Promise<void> {
    await db.deleteFrom('status_component_history').where('component_id', '=', id).execute();
    await db.deleteFrom('status_component_services').where('component_id', '=', id).execute();
    await db.deleteFrom('public_incident_components').where('component_id', '=', id).execute();
    await db.deleteFrom('status_components').where('id', '=', id).execute();
  },
  async unresolvedIncidentNaming(db: Kysely<Database>, componentId: string): Promise<string | undefined> {
    const row = await db
      .selectFrom('public_incident_components as pic')
      .innerJoin('public_incidents as pi', 'pi.id', 'pic.public_incident_id')
      .select('pi.id')
      .where('pic.component_id', '=', componentId)
      .where('pi.resolved_at', 'is', null)
      .executeTakeFirst();
    return row?.id;
  },
  async publicIncident(db: Kysely<Database>, id: string): Promise<PublicIncidentRow | undefined> {
    return db.selectFrom('public_incidents').selectAll().where('id', '=', id).executeTakeFirst();
  },
  async publicIncidentOf(db: Kysely<Database>, incidentId: string): Promise<PublicIncidentRow | undefined> {
    return db.selectFrom('public_incidents').selectAll().where('incident_id', '=', incidentId).executeTakeFirst();
  },
  async publicIncidents(db: Kysely<Database>): Promise<PublicIncidentRow[]> {
    return db.selectFrom('public_incidents').selectAll().orderBy('created_at', 'desc').execute();
  },
  async unresolvedPublicIncidents(db: Kysely<Database>): Promise<PublicIncidentRow[]> {
    return db.selectFrom('public_incidents').selectAll().where('resolved_at', 'is', null).execute();
  },
  async insertPublicIncident(db: Kysely<Database>, row: PublicIncidentRow): Promise<void> {
    await db.insertInto('public_incidents').values(row).execute();
  },
  /** Compare-and-set on the version: false when another write came first. */
  async updatePublicIncident(db: Kysely<Database>, id: string, version: number, change: Partial<PublicIncidentRow>): Promise<boolean> {
    const result = await db.updateTable('public_incidents').set({ ...change, version: version + 1 }).where('id', '=', id).where('version', '=', version).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },
  async incidentComponents(db: Kysely<Database>, publicIncidentIds: readonly string[]) {
    if (publicIncidentIds.length === 0) return [];
    return db.selectFrom('public_incident_components').selectAll().where('public_incident_id', 'in', [...publicIncidentIds]).execute();
  },
  async setIncidentComponent(db: Kysely<Database>, publicIncidentId: string, componentId: string, status: string): Promise<void> {
    await db.deleteFrom('public_incident_components').where('public_incident_id', '=', publicIncidentId).where('component_id', '=', componentId).execute();
    await db.insertInto('public_incident_components').values({ public_incident_id: publicIncidentId, component_id: componentId, status }).execute();
  },
  async updates(db: Kysely<Database>, publicIncidentIds: readonly string[]): Promise<PublicUpdateRow[]> {
    if (publicIncidentIds.length === 0) return [];
    return db.selectFrom('public_updates').selectAll().where('public_incident_id', 'in', [...publicIncidentIds]).orderBy('created_at').orderBy('id').execute();
  },
  async insertUpdate(db: Kysely<Database>, row: PublicUpdateRow): Promise<void> {
    await db.insertInto('public_updates').values(row).execute();
  },
  async maintenances(db: Kysely<Database>): Promise<MaintenanceRow[]> {
    return db.selectFrom('scheduled_maintenances').selectAll().orderBy('scheduled_for').execute();
  },
  async maintenance(db: Kysely<Database>, id: string): Promise<MaintenanceRow | undefined> {
    return db.selectFrom('scheduled_maintenances').selectAll().where('id', '=', id).executeTakeFirst();
  },
  async insertMaintenance(db: Kysely<Database>, row: MaintenanceRow): Promise<void> {
    await db.insertInto('scheduled_maintenances').values(row).execute();
  },
  async cancelMaintenance(db: Kysely<Database>, id: string, at: number): Promise<boolean> {
    const result = await db.updateTable('scheduled_maintenances').set({ cancelled_at: at, updated_at: at }).where('id', '=', id).where('cancelled_at', 'is', null).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },
};
