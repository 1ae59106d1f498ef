import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../db/schema';

export type MaintenanceWindowRow = Selectable<Database['maintenance_windows']>;

/** How many finished windows a service's list shows. */
const PAST_WINDOWS_SHOWN = 20;

export const maintenanceWindowsRepository = {
  async insert(db: Kysely<Database>, row: MaintenanceWindowRow): Promise<void> {
    await db.insertInto('maintenance_windows').values(row).execute();
  },
  async findById(db: Kysely<Database>, serviceId: string, id: string): Promise<MaintenanceWindowRow | undefined> {
    return db.selectFrom('maintenance_windows').selectAll().where('service_id', '=', serviceId).where('id', '=', id).executeTakeFirst();
  },
  async endEarly(db: Kysely<Database>, id: string, at: number): Promise<void> {
    await db.updateTable('maintenance_windows').set({ ended_early_at: at }).where('id', '=', id).execute();
  },
  /** The window in effect at `at` ([start, end) and not ended early by then), the earliest-started if several overlap. */
  async activeAt(db: Kysely<Database>, serviceId: string, at: number): Promise<MaintenanceWindowRow | undefined> {
    return db
      .selectFrom('maintenance_windows')
      .selectAll()
      .where('service_id', '=', serviceId)
      .where('start_at', '<=', at)
      .where('end_at', '>', at)
      .where((eb) => eb.or([eb('ended_early_at', 'is', null), eb('ended_early_at', '>', at)]))
      .orderBy('start_at')
      .orderBy('id')
      .executeTakeFirst();
  },
  /** Windows not over at `at` (current and upcoming, by start), then the last finished ones (most recent first). */
  async listForService(db: Kysely<Database>, serviceId: string, at: number): Promise<MaintenanceWindowRow[]> {
    const open = await db
      .selectFrom('maintenance_windows')
      .selectAll()
      .where('service_id', '=', serviceId)
      .where('end_at', '>', at)
      .where((eb) => eb.or([eb('ended_early_at', 'is', null), eb('ended_early_at', '>', at)]))
      .orderBy('start_at')
      .orderBy('id')
      .execute();
    const past = await db
      .selectFrom('maintenance_windows')
      .selectAll()
      .where('service_id', '=', serviceId)
      .where((eb) => eb.or([eb('end_at', '<=', at), eb('ended_early_at', '<=', at)]))
      .orderBy('start_at', 'desc')
      .orderBy('id', 'desc')
      .limit(PAST_WINDOWS_SHOWN)
      .execute();
    return [...open, ...past];
  },
};
