import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ComponentStatus, Indicator } from '../../domain/status-page/components';
import type { Phase } from '../../domain/incident/lifecycle';
import type { DatabaseHandle } from '../db/database';

/**
 * Rows in the public tables written directly, for the public surfaces' tests (the admin API that
 * normally writes them is tested on its own). Each write drops the public page's cached bodies,
 * as the status.* event of a real write would.
 */
export function statusPageRows(handle: DatabaseHandle, app: FastifyInstance) {
  const db = handle.db;
  return {
    async component(c: { name: string; group?: string | null; position?: number; status?: ComponentStatus; since: number; description?: string | null }): Promise<string> {
      const id = `cmp_${randomUUID().slice(0, 8)}`;
      const status = c.status ?? 'operational';
      await db
        .insertInto('status_components')
        .values({ id, name: c.name, name_key: c.name.toLowerCase(), group_name: c.group ?? null, position: c.position ?? 0, description: c.description ?? null, status, created_at: c.since, updated_at: c.since })
        .execute();
      await db.insertInto('status_component_history').values({ id: randomUUID(), component_id: id, status, from_at: c.since, to_at: null }).execute();
      app.statusPublic.invalidate();
      return id;
    },

    /** Moves a component to `status` at `at`: closes its open span and opens a new one. */
    async setStatus(componentId: string, status: ComponentStatus, at: number): Promise<void> {
      await db.updateTable('status_component_history').set({ to_at: at }).where('component_id', '=', componentId).where('to_at', 'is', null).execute();
      await db.insertInto('status_component_history').values({ id: randomUUID(), component_id: componentId, status, from_at: at, to_at: null }).execute();
      await db.updateTable('status_components').set({ status, updated_at: at }).where('id', '=', componentId).execute();
      app.statusPublic.invalidate();
    },

    async incident(i: {
      id?: string;
      incidentId?: string | null;
      title: string;
      impact: Indicator;
      at: number;
      components: Array<{ componentId: string; status: ComponentStatus }>;
      nextUpdateDueAt?: number | null;
      summary?: object | null;
    }): Promise<string> {
      const id = i.id ?? `pi_${randomUUID().slice(0, 8)}`;
      await db
        .insertInto('public_incidents')
        .values({
          id,
          incident_id: i.incidentId ?? null,
          title: i.title,
          impact: i.impact,
          phase: 'investigating',
          created_at: i.at,
          updated_at: i.at,
          identified_at: null,
          monitoring_at: null,
          resolved_at: null,
          next_update_due_at: i.nextUpdateDueAt ?? null,
          summary: i.summary ? JSON.stringify(i.summary) : null,
          version: 1,
        })
        .execute();
      for (const c of i.components) await db.insertInto('public_incident_components').values({ public_incident_id: id, component_id: c.componentId, status: c.status }).execute();
      app.statusPublic.invalidate();
      return id;
    },

    /** A public update; the incident takes its phase (resolved sets resolved_at and clears the promise). */
    async update(u: { incident: string; phase: Phase; body: string; at: number; components?: Array<{ componentId: string; status: ComponentStatus }>; authorId?: string | null; nextUpdateDueAt?: number | null }): Promise<string> {
      const id = `pu_${randomUUID().slice(0, 12)}`;
      await db
        .insertInto('public_updates')
        .values({ id, public_incident_id: u.incident, phase: u.phase, body: u.body, components: JSON.stringify(u.components ?? []), created_at: u.at, author_id: u.authorId ?? null })
        .execute();
      await db
        .updateTable('public_incidents')
        .set({
          phase: u.phase,
          updated_at: u.at,
          ...(u.phase === 'monitoring' ? { monitoring_at: u.at } : {}),
          ...(u.phase === 'identified' ? { identified_at: u.at } : {}),
          ...(u.phase === 'resolved' ? { resolved_at: u.at, next_update_due_at: null } : u.nextUpdateDueAt !== undefined ? { next_update_due_at: u.nextUpdateDueAt } : {}),
        })
        .where('id', '=', u.incident)
        .execute();
      app.statusPublic.invalidate();
      return id;
    },

    async maintenance(m: { title: string; body: string; componentIds: string[]; from: number; until: number; at: number; cancelled?: boolean }): Promise<string> {
      const id = `mnt_${randomUUID().slice(0, 8)}`;
      await db
        .insertInto('scheduled_maintenances')
        .values({ id, title: m.title, body: m.body, component_ids: JSON.stringify(m.componentIds), scheduled_for: m.from, scheduled_until: m.until, cancelled_at: m.cancelled ? m.at : null, created_at: m.at, updated_at: m.at })
        .execute();
      app.statusPublic.invalidate();
      return id;
    },
  };
}
