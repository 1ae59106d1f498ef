import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

/**
 * Read-only queries of the public tables, for the public surfaces. Columns are named one by one:
 * nothing here selects an author, and nothing joins the internal incident, people, notes or alerts.
 */
export const statusPublicRepository = {
  components(db: Kysely<Database>) {
    return db
      .selectFrom('status_components')
      .select(['id', 'name', 'group_name', 'position', 'description', 'status', 'created_at', 'updated_at'])
      .orderBy('position')
      .orderBy('name')
      .execute();
  },

  /** Spans that overlap [from, …): the open one has no end. */
  history(db: Kysely<Database>, from: number) {
    return db
      .selectFrom('status_component_history')
      .select(['component_id', 'status', 'from_at', 'to_at'])
      .where((eb) => eb.or([eb('to_at', 'is', null), eb('to_at', '>', from)]))
      .orderBy('from_at')
      .execute();
  },

  /** The `limit` most recent public incidents and every unresolved one. */
  async incidents(db: Kysely<Database>, limit: number) {
    const columns = ['id', 'title', 'impact', 'phase', 'created_at', 'updated_at', 'monitoring_at', 'resolved_at', 'next_update_due_at', 'summary'] as const;
    const recent = await db.selectFrom('public_incidents').select(columns).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
    const open = await db.selectFrom('public_incidents').select(columns).where('resolved_at', 'is', null).execute();
    const seen = new Set(recent.map((r) => r.id));
    return [...recent, ...open.filter((r) => !seen.has(r.id))].sort((a, b) => b.created_at - a.created_at || (a.id < b.id ? 1 : -1));
  },

  incidentComponents(db: Kysely<Database>, ids: readonly string[]) {
    if (ids.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('public_incident_components as p')
      .innerJoin('status_components as c', 'c.id', 'p.component_id')
      .select(['p.public_incident_id', 'p.component_id', 'p.status', 'c.name', 'c.position'])
      .where('p.public_incident_id', 'in', ids)
      .orderBy('c.position')
      .execute();
  },

  updates(db: Kysely<Database>, ids: readonly string[]) {
    if (ids.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('public_updates')
      .select(['id', 'public_incident_id', 'phase', 'body', 'components', 'created_at'])
      .where('public_incident_id', 'in', ids)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
  },

  /** Not cancelled, the `limit` latest by start. */
  maintenances(db: Kysely<Database>, limit: number) {
    return db
      .selectFrom('scheduled_maintenances')
      .select(['id', 'title', 'body', 'component_ids', 'scheduled_for', 'scheduled_until', 'created_at', 'updated_at'])
      .where('cancelled_at', 'is', null)
      .orderBy('scheduled_for', 'desc')
      .limit(limit)
      .execute();
  },
};
