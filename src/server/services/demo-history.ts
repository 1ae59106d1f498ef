import type { Actor } from '../../contracts/common';
import type { Severity } from '../../domain/incident/severity';
import { maskAddress } from '../../domain/escalation/mask';
import { DAY_MS, MINUTE_MS } from '../../domain/time/instant';
import { zonedDateTime } from '../../domain/time/zoned';
import type { Insertable } from 'kysely';
import type { Database } from '../db/schema';
import type { WriteContext } from '../db/write-queue';
import { NOT_PAGED, incidentsRepository } from '../repositories/incidents-repository';
import type { IncidentRow } from '../repositories/incidents-repository';
import type { NewEvent } from './event-log';
import { SYSTEM_ACTOR, appendEvents } from './event-log';
import { allocateIncidentId } from './incident-service';
import { toIncidentDto } from './mappers';
import { seededRandom } from '../../domain/random/seeded';

/**
 * Three months of resolved incidents before the demo's "now", so the metrics page has a trend to
 * show: the team adopting the guide's process. Time to acknowledge falls from about 30 minutes to
 * about 2, time to resolve from about 45 to about 12; slow acknowledgements escalate to the backup
 * after 5 minutes and to the manager after 10, as the demo policy does, so the escalation rate
 * falls with them. The primary rotates weekly through the demo's rotation.
 *
 * Deterministic: a seeded PRNG and the demo's clock, never Math.random. Written through the
 * tables and event kinds the real paths write (incidents with their paging columns, `pages` rows,
 * `escalation.escalated` / `page.notified` / acknowledged / resolved events), so incident pages,
 * timelines and the metrics read it like any other incident. It ends two days before "now", so no
 * page of it is recent enough to ring a tab or count against the storm limit.
 */
export const DEMO_HISTORY_DAYS = 91;
const HISTORY_END_DAYS = 2;
const INCIDENTS_PER_WEEK = 8;

export type DemoHistoryPerson = { id: string; name: string; email: string; zone: string; phone: string | null };


const PROBLEMS: ReadonlyArray<{ service: string; title: string; alert: string }> = [
  { service: 'Checkout API', title: 'Checkout API: error rate above 2%', alert: 'checkout-api: 5xx ratio 3.1% over 5 minutes' },
  { service: 'Checkout API', title: 'Checkout API: p99 latency above 3 s', alert: 'checkout-api: p99 latency 4.2 s' },
  { service: 'Payments Gateway', title: 'Payments Gateway: card authorisations timing out', alert: 'payments-gateway: 12% of authorisations over 10 s' },
  { service: 'Payments Gateway', title: 'Payments Gateway: webhook queue backing up', alert: 'payments-gateway: 8,400 webhooks waiting' },
  { service: 'Product Search', title: 'Product Search: index lagging behind the catalogue', alert: 'search-indexer: 41 minutes behind' },
  { service: 'Product Search', title: 'Product Search: p95 latency above 800 ms', alert: 'product-search: p95 1.1 s' },
  { service: 'Orders Database', title: 'Orders Database: replication lag above 30 s', alert: 'orders-db replica: 47 s behind the primary' },
  { service: 'Orders Database', title: 'Orders Database: disk 90% full', alert: 'orders-db primary: data volume 91% full' },
];

const SEVERITIES: readonly Severity[] = ['P1', 'P2', 'P2', 'P3', 'P3', 'P4'];
const alertmanager: Actor = { type: 'integration', name: 'Alertmanager' };

/**
 * Writes the history inside the demo's unit of work. `rotation` is the weekly primary order (the
 * backup is the next one), `manager` the policy's last level; `serviceIds` by demo service name.
 * Returns how many incidents it wrote.
 */
export async function loadDemoHistory(
  ctx: WriteContext,
  demo: { now: number; serviceIds: ReadonlyMap<string, string>; rotation: readonly DemoHistoryPerson[]; manager: DemoHistoryPerson },
): Promise<number> {
  const random = seededRandom(20_261_201);
  const start = demo.now - DEMO_HISTORY_DAYS * DAY_MS;
  const end = demo.now - HISTORY_END_DAYS * DAY_MS;
  const total = Math.round(((end - start) / (7 * DAY_MS)) * INCIDENTS_PER_WEEK);
  // Trigger instants first, in order, so incident numbers follow time.
  const instants = Array.from({ length: total }, () => start + Math.floor(random() * (end - start))).sort((a, b) => a - b);
  const pages: Insertable<Database['pages']>[] = [];
  const events: Array<{ event: NewEvent; snapshot: { incident: ReturnType<typeof toIncidentDto> } }> = [];
  for (const [index, triggeredAt] of instants.entries()) {
    // Progress through the three months: 0 at the start, 1 at the end; the targets fall geometrically.
    const progress = (triggeredAt - start) / (end - start);
    const jitter = () => 0.55 + random() * 0.9;
    const ackMinutes = Math.max(0.5, 30 * (2 / 30) ** progress * jitter());
    const resolveMinutes = Math.max(ackMinutes + 3, 45 * (12 / 45) ** progress * jitter());
    const problem = PROBLEMS[Math.floor(random() * PROBLEMS.length)]!;
    const severity = SEVERITIES[Math.floor(random() * SEVERITIES.length)]!;
    const week = Math.floor((triggeredAt - start) / (7 * DAY_MS));
    const primary = demo.rotation[week % demo.rotation.length]!;
    const backup = demo.rotation[(week + 1) % demo.rotation.length]!;
    const acknowledgedAt = triggeredAt + Math.round(ackMinutes * MINUTE_MS);
    const resolvedAt = triggeredAt + Math.round(resolveMinutes * MINUTE_MS);
    // The demo policy: primary at once, backup after 5 minutes, manager after 10, until someone acknowledges.
    const levels: Array<{ level: number; at: number; person: DemoHistoryPerson }> = [{ level: 1, at: triggeredAt, person: primary }];
    if (ackMinutes > 5) levels.push({ level: 2, at: triggeredAt + 5 * MINUTE_MS, person: backup });
    if (ackMinutes > 10) levels.push({ level: 3, at: triggeredAt + 10 * MINUTE_MS, person: demo.manager });
    const acknowledger = ackMinutes > 5 && random() < 0.5 ? levels[levels.length - 1]!.person : primary;
    const serviceId = demo.serviceIds.get(problem.service)!;
    const { id, year, number } = await allocateIncidentId(ctx.trx, triggeredAt);
    const row: IncidentRow = {
      ...NOT_PAGED,
      id, year, number, service_id: serviceId, title: problem.title, severity, state: 'resolved', phase: 'resolved',
      triggered_at: triggeredAt, acknowledged_at: acknowledgedAt, resolved_at: resolvedAt, alert_count: 1, last_alert_at: triggeredAt,
      last_status_update_at: null, commander: acknowledger.name, scribe: null, source: 'alertmanager', dedup_key: `history-${index + 1}`,
      open_dedup: null, links: '[]', details: '{}', first_notified_at: triggeredAt, first_escalated_at: levels[1]?.at ?? null,
      acknowledged_by: acknowledger.id, acknowledged_how: random() < 0.6 ? 'sms' : 'web',
    };
    await incidentsRepository.insert(ctx.trx, row);
    const snapshot = { incident: toIncidentDto(row, problem.service) };
    const where = { incidentId: id, serviceId };
    const own: NewEvent[] = [];
    const add = (event: NewEvent) => own.push(event);
    add({ ...where, at: triggeredAt, actor: alertmanager, kind: 'incident.triggered', data: { title: problem.title, severity, source: 'alertmanager', dedupKey: `history-${index + 1}`, alertCount: 1, firing: 1, alerts: [problem.alert], more: 0 } });
    const urgent = severity === 'P1' || severity === 'P2';
    for (const { level, at, person } of levels) {
      add({ ...where, at, actor: SYSTEM_ACTOR, kind: 'escalation.escalated', data: { level, pass: 0, round: 0, reason: level === 1 ? 'triggered' : 'timeout' } });
      // High urgency: SMS at once and a call a minute later if still unanswered (the demo rules); low urgency: e-mail. In-app always.
      const sends: Array<{ channel: 'in-app' | 'sms' | 'voice' | 'email'; at: number }> = [{ channel: 'in-app', at }];
      if (urgent && person.phone) sends.push({ channel: 'sms', at });
      if (urgent && person.phone && acknowledgedAt > at + MINUTE_MS) sends.push({ channel: 'voice', at: at + MINUTE_MS });
      if (!urgent) sends.push({ channel: 'email', at });
      for (const send of sends) {
        const channel = send.channel;
        const address = channel === 'in-app' ? null : channel === 'email' ? person.email : person.phone;
        const masked = channel === 'in-app' || address === null ? null : maskAddress(channel, address);
        pages.push({
          id: `${id}-l${level}-${send.channel}`, page_key: `history:${id}:${level}:${person.id}:${send.channel}`, incident_id: id, user_id: person.id,
          channel: send.channel, contact_method_id: null, address, level, status: send.channel === 'in-app' ? 'sent' : 'delivered', provider_id: null,
          error: null, ack_code: null, bundled_into: null, local_hour: Math.floor(zonedDateTime(person.zone, send.at).minuteOfDay / 60), zone: person.zone,
          created_at: send.at, sent_at: send.at,
        });
        add({ ...where, at: send.at, actor: SYSTEM_ACTOR, kind: 'page.notified', data: { userId: person.id, name: person.name, channel: send.channel, address: masked, level } });
      }
    }
    add({ ...where, at: acknowledgedAt, actor: { type: 'person', name: acknowledger.name }, kind: 'incident.acknowledged', data: { how: row.acknowledged_how as 'sms' | 'web', by: acknowledger.id } });
    add({ ...where, at: resolvedAt, actor: { type: 'person', name: acknowledger.name }, kind: 'incident.resolved', data: { previousState: 'acknowledged', previousPhase: 'investigating' } });
    // In the order they happened (a call a minute after level 1 can follow level 2's start); the sort is stable.
    for (const event of own.sort((a, b) => a.at - b.at)) events.push({ event, snapshot });
  }
  await appendEvents(ctx, events);
  for (let offset = 0; offset < pages.length; offset += 500) await ctx.trx.insertInto('pages').values(pages.slice(offset, offset + 500)).execute();
  return total;
}
