import type { Kysely, RawBuilder } from 'kysely';
import { sql } from 'kysely';
import type { Dialect } from '../db/database';
import type { Database } from '../db/schema';

/** What the metrics filter incidents by; `serviceIds` null means every service. */
export type MetricsIncidentFilter = { severity?: string | undefined; serviceIds: readonly string[] | null };

/**
 * The incidents of one bucket, service and severity: how many, and the elapsed milliseconds from
 * trigger to acknowledgement, resolution and first escalation of those that have one, each list
 * comma-separated (null when none). Order within a list is not meaningful.
 */
export type MetricCellRow = { bucket: number; service_id: string; severity: string; n: number; ack: string | null; res: string | null; esc: string | null };

/** One person in one zone: the instants of their interrupting pages (comma-separated, null when none), and whether any page at all. */
export type MetricPagesRow = { user_id: string; zone: string; at: string | null };

/** The channels that interrupt (domain/metrics/interruptions.ts); anything else is only listed. */
const INTERRUPTING = ['in-app', 'sms', 'voice'] as const;

function listOf(dialect: Dialect, value: RawBuilder<unknown>): RawBuilder<string | null> {
  // Both skip NULLs, so an incident without the stamp simply adds nothing to the list.
  return dialect === 'postgres' ? sql<string | null>`string_agg((${value})::text, ',')` : sql<string | null>`group_concat(${value}, ',')`;
}

/**
 * The reads of the metrics page. They aggregate in the database into a few thousand rows of
 * comma-separated numbers instead of returning one row per incident or page: materializing
 * 100,000 rows as objects costs far more than the scan itself. Both scan only their covering index
 * (migration 0008_metrics).
 */
export const metricsRepository = {
  /**
   * Incidents triggered in `[from, to)` per bucket (the index of the last of `bucketStarts` at or
   * before the trigger; 0 when no starts are given), service and severity.
   */
  async incidentCells(db: Kysely<Database>, dialect: Dialect, range: { from: number; to: number }, filter: MetricsIncidentFilter, bucketStarts: readonly number[] = []): Promise<MetricCellRow[]> {
    if (filter.serviceIds !== null && filter.serviceIds.length === 0) return [];
    const later = bucketStarts.slice(1);
    const bucket =
      later.length === 0
        ? sql<number>`0`
        : sql<number>`CASE ${sql.join(later.map((start, i) => sql`WHEN triggered_at < ${start} THEN ${sql.lit(i)}`), sql` `)} ELSE ${sql.lit(later.length)} END`;
    let query = db
      .selectFrom('incidents')
      .select([
        bucket.as('bucket'),
        'service_id',
        'severity',
        (eb) => eb.fn.countAll<number>().as('n'),
        listOf(dialect, sql`acknowledged_at - triggered_at`).as('ack'),
        listOf(dialect, sql`resolved_at - triggered_at`).as('res'),
        listOf(dialect, sql`first_escalated_at - triggered_at`).as('esc'),
      ])
      .where('triggered_at', '>=', range.from)
      .where('triggered_at', '<', range.to);
    if (filter.severity) query = query.where('severity', '=', filter.severity);
    if (filter.serviceIds !== null) query = query.where('service_id', 'in', filter.serviceIds);
    const rows = await query.groupBy([sql`1`, 'service_id', 'severity']).execute();
    return rows.map((row) => ({ ...row, bucket: Number(row.bucket), n: Number(row.n) }));
  },

  /**
   * Pages sent in `[from, to)` per person and zone (held-back pages of a storm bundle and failed
   * sends reached nobody, so they are left out; the bundle itself is a page). With a filter, only
   * pages of the incidents it lets through.
   */
  async pagesPerPerson(db: Kysely<Database>, dialect: Dialect, range: { from: number; to: number }, filter: MetricsIncidentFilter): Promise<MetricPagesRow[]> {
    if (filter.serviceIds !== null && filter.serviceIds.length === 0) return [];
    let query = db
      .selectFrom('pages')
      .select(['user_id', 'zone', listOf(dialect, sql`CASE WHEN channel IN (${sql.join(INTERRUPTING)}) THEN created_at END`).as('at')])
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
    return query.groupBy(['user_id', 'zone']).execute();
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
