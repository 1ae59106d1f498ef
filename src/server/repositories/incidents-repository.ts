import type { Kysely, Selectable, Updateable } from 'kysely';
import type { Database } from '../db/schema';

export type IncidentRow = Selectable<Database['incidents']>;

/** The paging columns of an incident that has not paged anyone yet. */
export const NOT_PAGED = { first_notified_at: null, first_escalated_at: null, acknowledged_by: null, acknowledged_how: null, maintenance_window_id: null } as const;
export type AlertRow = Selectable<Database['alerts']>;

export type IncidentFilter = {
  state: 'open' | 'resolved' | 'all';
  serviceId?: string | undefined;
  severity?: string | undefined;
  limit: number;
  /** The key of the last incident of the previous page, in the list's order (see `incidentListOrder`). */
  after?: readonly (string | number)[] | undefined;
};

export const incidentsRepository = {
  /** Takes the next number of the year; call inside the write transaction. */
  async nextNumber(db: Kysely<Database>, year: number): Promise<number> {
    const row = await db
      .insertInto('incident_counters')
      .values({ year, last_number: 1 })
      .onConflict((oc) => oc.column('year').doUpdateSet((eb) => ({ last_number: eb('incident_counters.last_number', '+', 1) })))
      .returning('last_number')
      .executeTakeFirstOrThrow();
    return Number(row.last_number);
  },

  async insert(db: Kysely<Database>, row: IncidentRow): Promise<void> {
    await db.insertInto('incidents').values(row).execute();
  },

  async findById(db: Kysely<Database>, id: string): Promise<IncidentRow | undefined> {
    return db.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async findOpenByDedup(db: Kysely<Database>, openDedup: string): Promise<IncidentRow | undefined> {
    return db.selectFrom('incidents').selectAll().where('open_dedup', '=', openDedup).executeTakeFirst();
  },

  /**
   * The open incident for a dedup key together with the status of those of its alerts whose
   * fingerprint is listed (one query; unknown fingerprints are simply absent from `known`).
   */
  async findOpenByDedupWithAlerts(
    db: Kysely<Database>,
    openDedup: string,
    fingerprints: readonly string[],
  ): Promise<{ incident: IncidentRow; known: Map<string, string> } | undefined> {
    if (fingerprints.length === 0) {
      const incident = await incidentsRepository.findOpenByDedup(db, openDedup);
      return incident ? { incident, known: new Map() } : undefined;
    }
    const rows = await db
      .selectFrom('incidents')
      .leftJoin('alerts', (join) => join.onRef('alerts.incident_id', '=', 'incidents.id').on('alerts.fingerprint', 'in', fingerprints))
      .selectAll('incidents')
      .select(['alerts.fingerprint as alert_fingerprint', 'alerts.status as alert_status'])
      .where('incidents.open_dedup', '=', openDedup)
      .execute();
    const first = rows[0];
    if (!first) return undefined;
    const { alert_fingerprint: _fingerprint, alert_status: _status, ...incident } = first;
    const known = new Map<string, string>();
    for (const row of rows) if (row.alert_fingerprint !== null && row.alert_status !== null) known.set(row.alert_fingerprint, row.alert_status);
    return { incident, known };
  },

  async update(db: Kysely<Database>, id: string, patch: Updateable<Database['incidents']>): Promise<void> {
    await db.updateTable('incidents').set(patch).where('id', '=', id).execute();
  },

  async list(db: Kysely<Database>, filter: IncidentFilter): Promise<IncidentRow[]> {
    let query = db.selectFrom('incidents').selectAll();
    if (filter.state === 'open') query = query.where('state', '<>', 'resolved');
    if (filter.state === 'resolved') query = query.where('state', '=', 'resolved');
    if (filter.serviceId) query = query.where('service_id', '=', filter.serviceId);
    if (filter.severity) query = query.where('severity', '=', filter.severity);
    // Keyset paging: rows strictly after the last one shown, in the same order as the ORDER BY.
    const after = filter.after;
    if (after && filter.state === 'open') query = query.where((eb) => eb(eb.refTuple('severity', 'triggered_at', 'id'), '>', eb.tuple(String(after[0]), Number(after[1]), String(after[2]))));
    else if (after) query = query.where((eb) => eb(eb.refTuple('triggered_at', 'id'), '<', eb.tuple(Number(after[0]), String(after[1]))));
    const ordered =
      filter.state === 'open'
        ? query.orderBy('severity').orderBy('triggered_at').orderBy('id')
        : query.orderBy('triggered_at', 'desc').orderBy('id', 'desc');
    return ordered.limit(filter.limit).execute();
  },

  async findByIds(db: Kysely<Database>, ids: readonly string[]): Promise<IncidentRow[]> {
    if (ids.length === 0) return [];
    return db.selectFrom('incidents').selectAll().where('id', 'in', ids).execute();
  },

  async alertsFor(db: Kysely<Database>, incidentId: string): Promise<AlertRow[]> {
    return db.selectFrom('alerts').selectAll().where('incident_id', '=', incidentId).orderBy('first_seen_at').orderBy('fingerprint').execute();
  },


  async insertAlerts(db: Kysely<Database>, rows: readonly AlertRow[]): Promise<void> {
    if (rows.length === 0) return;
    // SQLite caps bound parameters per statement; 100 rows × 8 columns stays well under it.
    for (let start = 0; start < rows.length; start += 100) {
      await db.insertInto('alerts').values(rows.slice(start, start + 100)).execute();
    }
  },

  /**
   * Inserts new alerts and refreshes known ones of an incident in one statement per 100 rows: a
   * known (incident, fingerprint) keeps its first_seen_at, takes the new status, summary, labels
   * and last_seen_at, and counts one more occurrence. Fingerprints must be distinct.
   */
  async upsertAlerts(db: Kysely<Database>, rows: readonly AlertRow[]): Promise<void> {
    for (let start = 0; start < rows.length; start += 100) {
      await db
        .insertInto('alerts')
        .values(rows.slice(start, start + 100))
        .onConflict((oc) =>
          oc.columns(['incident_id', 'fingerprint']).doUpdateSet((eb) => ({
            status: eb.ref('excluded.status'),
            summary: eb.ref('excluded.summary'),
            labels: eb.ref('excluded.labels'),
            last_seen_at: eb.ref('excluded.last_seen_at'),
            occurrences: eb('alerts.occurrences', '+', 1),
          })),
        )
        .execute();
    }
  },


  async resolveAllAlerts(db: Kysely<Database>, incidentId: string, at: number): Promise<void> {
    await db
      .updateTable('alerts')
      .set({ status: 'resolved', last_seen_at: at })
      .where('incident_id', '=', incidentId)
      .where('status', '<>', 'resolved')
      .execute();
  },
};
