import { randomUUID } from 'node:crypto';
import type { Actor } from '../../contracts/common';
import type { Phase } from '../../domain/incident/lifecycle';
import type { ComponentStatus } from '../../domain/status-page/components';
import { impactOf } from '../../domain/status-page/components';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../../domain/time/instant';
import type { WriteContext } from '../db/write-queue';
import { postmortemsRepository } from '../repositories/postmortems-repository';
import { statusPageRepository as repo } from '../repositories/status-page-repository';
import { DEMO_EARLIER_OUTAGE_TITLE } from './demo-postmortems';
import { appendEvent } from './event-log';

/** The demo's public components: what customers call the services, grouped as a shop's page would be. */
export const DEMO_COMPONENTS: ReadonlyArray<{ name: string; group: string; service: string; description: string }> = [
  { name: 'Checkout', group: 'Store', service: 'Checkout API', description: 'Placing orders and paying for them' },
  { name: 'Payments', group: 'Store', service: 'Payments Gateway', description: 'Card and wallet payments' },
  { name: 'Search', group: 'Store', service: 'Product Search', description: 'Finding products in the catalogue' },
  { name: 'Order history', group: 'Account', service: 'Orders Database', description: 'Past orders and receipts' },
];

/** When the components started being tracked: before the earlier outage, so its dip is on the bars. */
const TRACKED_DAYS_AGO = 30;

/**
 * The earlier checkout outage as customers read it, minutes after its trigger (its internal
 * timeline is in demo-postmortems.ts): first word at 6 min, cause found at 16, fix watched from 21,
 * resolved at 41, with the summary and the link to its published post-mortem.
 */
const UPDATES: ReadonlyArray<{ minutes: number; phase: Phase; checkout: ComponentStatus; body: string }> = [
  { minutes: 6, phase: 'investigating', checkout: 'partial_outage', body: 'Some orders are failing at checkout with an error page. We are looking into it now.' },
  { minutes: 16, phase: 'identified', checkout: 'partial_outage', body: 'A scheduled background job was using up the connections checkout needs to reach its database. We have stopped the job.' },
  { minutes: 21, phase: 'monitoring', checkout: 'degraded_performance', body: 'Orders are going through again. Pages may be a little slower for a few minutes while things settle; we are keeping an eye on it.' },
  { minutes: 41, phase: 'resolved', checkout: 'operational', body: 'Checkout has been working normally for twenty minutes. If an order failed for you during this time, it was not charged and you can place it again.' },
];

/** The earlier outage's commander posted its public updates (the internal timeline names her; the public tables do not). */
const SCRIBE: Actor = { type: 'person', name: 'Hannah Okafor' };

export async function loadDemoStatusPage(ctx: WriteContext, demo: { now: number; serviceIds: ReadonlyMap<string, string>; publicUrl: string }): Promise<void> {
  const { now } = demo;
  const db = ctx.trx;
  const trackedFrom = now - TRACKED_DAYS_AGO * DAY_MS;
  const components = new Map<string, string>();
  const positions = new Map<string, number>();
  for (const component of DEMO_COMPONENTS) {
    const id = randomUUID();
    const position = positions.get(component.group) ?? 0;
    positions.set(component.group, position + 1);
    await repo.insertComponent(db, {
      id,
      name: component.name,
      name_key: component.name.toLowerCase(),
      group_name: component.group,
      position,
      description: component.description,
      status: 'operational',
      created_at: trackedFrom,
      updated_at: trackedFrom,
    });
    await repo.setServiceLinks(db, id, [demo.serviceIds.get(component.service)!]);
    await repo.startSpan(db, id, 'operational', trackedFrom);
    components.set(component.name, id);
  }

  const incident = await db.selectFrom('incidents').selectAll().where('title', '=', DEMO_EARLIER_OUTAGE_TITLE).executeTakeFirstOrThrow();
  const postmortem = await postmortemsRepository.findByIncident(db, incident.id);
  const checkoutId = components.get('Checkout')!;
  const at = (minutes: number) => incident.triggered_at + minutes * MINUTE_MS;
  const publicId = randomUUID();
  const first = UPDATES[0]!;
  const last = UPDATES[UPDATES.length - 1]!;
  await repo.insertPublicIncident(db, {
    id: publicId,
    incident_id: incident.id,
    title: 'Orders failing at checkout',
    impact: impactOf(UPDATES.map((u) => u.checkout)),
    phase: 'resolved',
    created_at: at(first.minutes),
    updated_at: at(last.minutes),
    identified_at: at(16),
    monitoring_at: at(21),
    resolved_at: at(last.minutes),
    next_update_due_at: null,
    summary: JSON.stringify({
      rootCause: 'A weekly background job ran on the main orders database at a busy hour and held on to the connections checkout uses.',
      duration: '35 minutes, from the first failed orders to normal service',
      impact: 'About one order in five failed during the first quarter of an hour; no payment was taken for a failed order.',
      prevention: 'The job now runs on a copy of the database, background jobs get their own connection limit, and we are alerted long before the limit is reached.',
      ...(postmortem?.status === 'published' ? { postmortemUrl: `${demo.publicUrl.replace(/\/$/, '')}/postmortems/${postmortem.id}` } : {}),
    }),
    version: UPDATES.length,
  });
  await repo.setIncidentComponent(db, publicId, checkoutId, last.checkout);
  let previous: ComponentStatus = 'operational';
  for (const update of UPDATES) {
    const updateId = randomUUID();
    const states = [{ componentId: checkoutId, status: update.checkout }];
    await repo.insertUpdate(db, { id: updateId, public_incident_id: publicId, phase: update.phase, body: update.body, components: JSON.stringify(states), created_at: at(update.minutes), author_id: null });
    if (update.checkout !== previous) await repo.startSpan(db, checkoutId, update.checkout, at(update.minutes));
    previous = update.checkout;
    const where = { at: at(update.minutes), incidentId: incident.id, serviceId: incident.service_id, actor: SCRIBE };
    if (update === first) {
      await appendEvent(ctx, { ...where, kind: 'status.published', data: { publicIncidentId: publicId, title: 'Orders failing at checkout', phase: update.phase, components: [{ name: 'Checkout', status: update.checkout }] } });
    } else {
      await appendEvent(ctx, { ...where, kind: 'status.public_update', data: { publicIncidentId: publicId, updateId, phase: update.phase, text: update.body } });
    }
  }
  await db.updateTable('status_components').set({ updated_at: at(last.minutes) }).where('id', '=', checkoutId).execute();

  // Next week's database upgrade, at the top of an hour seven days out, two hours long.
  const start = Math.ceil((now + 7 * DAY_MS) / HOUR_MS) * HOUR_MS;
  const maintenanceId = randomUUID();
  await repo.insertMaintenance(db, {
    id: maintenanceId,
    title: 'Order history database upgrade',
    body: 'We are moving order history to newer database servers. Past orders and receipts may be unavailable for a few minutes during this window; placing new orders is not affected.',
    component_ids: JSON.stringify([components.get('Order history')!]),
    scheduled_for: start,
    scheduled_until: start + 2 * HOUR_MS,
    cancelled_at: null,
    created_at: now,
    updated_at: now,
  });
  await appendEvent(ctx, { at: now, incidentId: null, serviceId: null, actor: { type: 'person', name: 'Marcus Webb' }, kind: 'status.maintenance_changed', data: { maintenanceId, title: 'Order history database upgrade', change: 'scheduled' } });
}
