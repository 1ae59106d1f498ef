import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

export type MetricIncidentRow = {
  id: string;
  severity: string;
  service_id: string;
  triggered_at: number;
  acknowledged_at: number | null;
  resolved_at: number | null;
  first_escalated_at: number | null;
};

export type MetricPageRow = { incident_id: string; user_id: string; channel: string; zone: string; created_at: number };

const INCIDENT_COLUMNS = ['id', 'severity', 'service_id', 'triggered_at', 'acknowledged_at', 'resolved_at', 'first_escalated_at'] as const;
const CHUNK = 500;

/** The reads behind the metrics store (services/metrics-store.ts): only the columns the metrics use. */
export const metricsRepository = {
  /** The newest event's sequence number (0 for an empty log). */
  async lastSeq(db: Kysely<Database>): Promise<number> {
    const row = await db.selectFrom('events').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst();
    return Number(row?.seq ?? 0);
  },

  /** The incidents some event after `seq` (up to `through`) is about: what changed since the store last looked. */
  async incidentsChangedAfter(db: Kysely<Database>, seq: number, through: number): Promise<string[]> {
    const rows = await db.selectFrom('events').select('incident_id').distinct().where('seq', '>', seq).where('seq', '<=', through).where('incident_id', 'is not', null).execute();
    return rows.map((row) => row.incident_id!);
  },

  /** Every incident, or those listed. */
  async incidents(db: Kysely<Database>, ids?: readonly string[]): Promise<MetricIncidentRow[]> {
    if (!ids) return db.selectFrom('incidents').select(INCIDENT_COLUMNS).execute();
    const out: MetricIncidentRow[] = [];
    for (let start = 0; start < ids.length; start += CHUNK) out.push(...(await db.selectFrom('incidents').select(INCIDENT_COLUMNS).where('id', 'in', ids.slice(start, start + CHUNK)).execute()));
    return out;
  },

  /**
   * Pages sent, of every incident or of those listed. Held-back pages of a storm bundle and
   * failed sends reached nobody, so they are left out; the bundle itself is a page.
   */
  async pages(db: Kysely<Database>, incidentIds?: readonly string[]): Promise<MetricPageRow[]> {
    const base = db.selectFrom('pages').select(['incident_id', 'user_id', 'channel', 'zone', 'created_at']).where('status', 'not in', ['bundled', 'failed']);
    if (!incidentIds) return base.execute();
    const out: MetricPageRow[] = [];
    for (let start = 0; start < incidentIds.length; start += CHUNK) out.push(...(await base.where('incident_id', 'in', incidentIds.slice(start, start + CHUNK)).execute()));
    return out;
  },

  async services(db: Kysely<Database>): Promise<Array<{ id: string; name: string; team_id: string | null }>> {
    return db.selectFrom('services').select(['id', 'name', 'team_id']).execute();
  },

  async teams(db: Kysely<Database>): Promise<Array<{ id: string; name: string }>> {
    return db.selectFrom('teams').select(['id', 'name']).execute();
  },

  async people(db: Kysely<Database>, ids: readonly string[]): Promise<Array<{ id: string; name: string; time_zone: string }>> {
    const out: Array<{ id: string; name: string; time_zone: string }> = [];
    for (let start = 0; start < ids.length; start += CHUNK) {
      out.push(...(await db.selectFrom('users').select(['id', 'name', 'time_zone']).where('id', 'in', ids.slice(start, start + CHUNK)).execute()));
    }
    return out;
  },
};
