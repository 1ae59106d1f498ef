import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../db/schema';

export type ServiceRow = Selectable<Database['services']>;
export type IntegrationKeyRow = Selectable<Database['integration_keys']>;

export const servicesRepository = {
  async insert(db: Kysely<Database>, row: ServiceRow): Promise<void> {
    await db.insertInto('services').values(row).execute();
  },

  async findById(db: Kysely<Database>, id: string): Promise<ServiceRow | undefined> {
    return db.selectFrom('services').selectAll().where('id', '=', id).executeTakeFirst();
  },

  /** The names of these services, by id (paging's in-app events carry the incident with its service's name). */
  async namesOf(db: Kysely<Database>, ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await db.selectFrom('services').select(['id', 'name']).where('id', 'in', [...new Set(ids)]).execute();
    return new Map(rows.map((row) => [row.id, row.name]));
  },

  async findByNameKey(db: Kysely<Database>, nameKey: string): Promise<ServiceRow | undefined> {
    return db.selectFrom('services').selectAll().where('name_key', '=', nameKey).executeTakeFirst();
  },

  async list(db: Kysely<Database>): Promise<ServiceRow[]> {
    return db.selectFrom('services').selectAll().orderBy('name_key').execute();
  },

  async count(db: Kysely<Database>): Promise<number> {
    const row = await db.selectFrom('services').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  },

  async rename(db: Kysely<Database>, id: string, name: string, nameKey: string, at: number): Promise<void> {
    await db.updateTable('services').set({ name, name_key: nameKey, updated_at: at }).where('id', '=', id).execute();
  },

  async openIncidentCounts(db: Kysely<Database>): Promise<Map<string, number>> {
    const rows = await db
      .selectFrom('incidents')
      .select(['service_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('state', '<>', 'resolved')
      .groupBy('service_id')
      .execute();
    return new Map(rows.map((row) => [row.service_id, Number(row.n)]));
  },

  async openIncidentCount(db: Kysely<Database>, serviceId: string): Promise<number> {
    const row = await db
      .selectFrom('incidents')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('service_id', '=', serviceId)
      .where('state', '<>', 'resolved')
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },

  async insertKey(db: Kysely<Database>, row: IntegrationKeyRow): Promise<void> {
    await db.insertInto('integration_keys').values(row).execute();
  },

  async keysFor(db: Kysely<Database>, serviceIds: readonly string[]): Promise<IntegrationKeyRow[]> {
    if (serviceIds.length === 0) return [];
    return db
      .selectFrom('integration_keys')
      .selectAll()
      .where('service_id', 'in', serviceIds)
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .execute();
  },

  async findKey(db: Kysely<Database>, serviceId: string, keyId: string): Promise<IntegrationKeyRow | undefined> {
    return db
      .selectFrom('integration_keys')
      .selectAll()
      .where('service_id', '=', serviceId)
      .where('id', '=', keyId)
      .executeTakeFirst();
  },


  /** The service an active (unrevoked) integration key belongs to, in one query. */
  async findByActiveSecret(db: Kysely<Database>, secret: string): Promise<ServiceRow | undefined> {
    return db
      .selectFrom('integration_keys')
      .innerJoin('services', 'services.id', 'integration_keys.service_id')
      .selectAll('services')
      .where('integration_keys.secret', '=', secret)
      .where('integration_keys.revoked_at', 'is', null)
      .executeTakeFirst();
  },

  async revokeKey(db: Kysely<Database>, keyId: string, at: number): Promise<void> {
    await db.updateTable('integration_keys').set({ revoked_at: at }).where('id', '=', keyId).execute();
  },
};
