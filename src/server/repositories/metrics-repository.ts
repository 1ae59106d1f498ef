import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

/** What the metrics filter incidents by; `serviceIds` null means every service. */
export type MetricsIncidentFilter = { severity?: string | undefined; serviceIds: readonly string[] | null };

export type MetricIncidentRow = {
  severity: string;
  service_id: string;
  triggered_at: number;
  acknowledged_at: number | null;
  resolved_at: number | null;
  first_escalated_at: number | null;
};

export type MetricPageRow = { user_id: string; channel: string; zone: string; created_at: number };

const INCIDENT_COLUMNS = ['severity', 'service_id', 'triggered_at', 'acknowledged_at', 'resolved_at', 'first_escalated_at'] as const;

/**
 * The reads of the metrics page. Both read only columns of their covering index (migration
 * 0008_metrics), so a year of 100,000 incidents is a range scan of one index, not of the rows.
 */
export const metricsRepository = {
  /** Incidents triggered in `[from, to)`, only the columns the metrics use. */
  async incidentsTriggeredIn(db: Kysely<Database>, range: { from: number; to: number }, filter: MetricsIncidentFilter): Promise<MetricIncidentRow[]> {
    if (filter.serviceIds !== null && filter.serviceIds.length === 0) return [];
    let query = db.selectFrom('incidents').select(INCIDENT_COLUMNS).where('triggered_at', '>=', range.from).where('triggered_at', '<', range.to);
    if (filter.severity) query = query.where('severity', '=', filter.severity);
    if (filter.serviceIds !== null) query = query.where('service_id', 'in', filter.serviceIds);
    return query.execute();
  },

  /**
   * Pages sent in `[from, to)` (held-back pages of a storm bundle and failed sends reached nobody,
   * so they are left out; the bundle itself is a page). With a filter, only pages of the incidents it lets through.
   */
  async pagesIn(db: Kysely<Database>, range: { from: number; to: number }, filter: MetricsIncidentFilter): Promise<MetricPageRow[]> {
    if (filter.serviceIds !== null && filter.serviceIds.length === 0) return [];
    let query = db
      .selectFrom('pages')
      .select(['user_id', 'channel', 'zone', 'created_at'])
      .where('created_at', '>=', range.from)
      .where('created_at', '<', range.to)
      .where('status', 'not in', ['bundled', 'failed']);
    if (filter.severity || filter.serviceIds !== null) {
      query = query.where('incident_id', 'in', (eb) => {
        let incidents = eb.selectFrom('incidents').select('id');
        if (filter.severity) incidents = incidents.where('severity', '=', filter.severity);
        if (filter.serviceIds !== null) incidents = incidents.where('service_id', 'in', filter.serviceIds);
        return incidents;
      });
    }
    return query.execute();
  },

  async services(db: Kysely<Database>): Promise<Array<{ id: string; name: string; team_id: string | null }>> {
    return db.selectFrom('services').select(['id', 'name', 'team_id']).execute();
  },

  async teams(db: Kysely<Database>): Promise<Array<{ id: string; name: string }>> {
    return db.selectFrom('teams').select(['id', 'name']).execute();
  },

  async people(db: Kysely<Database>, ids: readonly string[]): Promise<Array<{ id: string; name: string; time_zone: string }>> {
    if (ids.length === 0) return [];
    const out: Array<{ id: string; name: string; time_zone: string }> = [];
    for (let start = 0; start < ids.length; start += 500) {
      out.push(...(await db.selectFrom('users').select(['id', 'name', 'time_zone']).where('id', 'in', ids.slice(start, start + 500)).execute()));
    }
    return out;
  },
};
