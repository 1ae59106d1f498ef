import { randomUUID } from 'node:crypto';
import type { Actor } from '../../contracts/common';
import type { RecordedEventBody } from '../../contracts/timeline-events';
import { impactDraft } from '../../domain/postmortem/impact';
import { endOfLocalDate, localDateAt } from '../../domain/postmortem/model';
import { timelineEntries, timelineMarkdown } from '../../domain/postmortem/timeline-draft';
import { DAY_MS, MINUTE_MS, epochMs } from '../../domain/time/instant';
import type { WriteContext } from '../db/write-queue';
import type { ActionItemRow } from '../repositories/action-items-repository';
import { actionItemsRepository } from '../repositories/action-items-repository';
import type { IncidentRow } from '../repositories/incidents-repository';
import { NOT_PAGED, incidentsRepository } from '../repositories/incidents-repository';
import type { PostmortemSectionRow } from '../repositories/postmortems-repository';
import { postmortemsRepository } from '../repositories/postmortems-repository';
import { usersRepository } from '../repositories/users-repository';
import { emailKey } from './access-service';
import { appendEvent } from './event-log';
import { toIncidentDto } from './mappers';

/**
 * The demo's post-mortem: twelve days before tonight's connection-pool incident, the same
 * checkout service ran out of database connections for the same reason (a batch export on the
 * primary at peak). Its post-mortem is published, and three of its four action items are still
 * open, one of them overdue: tonight's incident shows them as a recurrence, which is the story
 * the feature exists to tell.
 */
const STARTED_DAYS_AGO = 12;
/** The earlier outage whose published post-mortem the demo shows (written after the history, so numbered after it). */
export const DEMO_EARLIER_OUTAGE_TITLE = 'Checkout API: orders database ran out of connections';
const TITLE = DEMO_EARLIER_OUTAGE_TITLE;

type Step = { minutes: number; actor: Actor } & RecordedEventBody;

const alertmanager: Actor = { type: 'integration', name: 'Alertmanager' };
const person = (name: string): Actor => ({ type: 'person', name });

const STEPS: Step[] = [
  { minutes: 0, actor: alertmanager, kind: 'incident.triggered', data: { title: TITLE, severity: 'P2', source: 'alertmanager', alertCount: 1, firing: 1, alerts: ['orders-db primary: 496 of 500 connections in use'], more: 0 } },
  { minutes: 3, actor: person('Hannah Okafor'), kind: 'incident.acknowledged', data: { how: 'sms' } },
  { minutes: 4, actor: person('Hannah Okafor'), kind: 'incident.role_changed', data: { role: 'commander', from: null, to: 'Hannah Okafor' } },
  { minutes: 6, actor: person('Hannah Okafor'), kind: 'incident.note', data: { text: 'Checkout requests wait for a database connection and give up after 30 s.' } },
  { minutes: 8, actor: person('Hannah Okafor'), kind: 'incident.status_update', data: { text: 'Some checkouts are failing. We are looking into it.', phase: 'investigating' } },
  { minutes: 9, actor: alertmanager, kind: 'alert.firing', data: { count: 1, alertCount: 2, alerts: ['checkout-api: p99 latency above 5 s'], more: 0 } },
  { minutes: 15, actor: person('Diego Alvarez'), kind: 'incident.note', data: { text: 'The weekly customer export is running on the primary; it holds 24 connections, each for about 40 s.' } },
  { minutes: 16, actor: person('Hannah Okafor'), kind: 'incident.phase_changed', data: { from: 'investigating', to: 'identified' } },
  { minutes: 18, actor: person('Diego Alvarez'), kind: 'incident.note', data: { text: 'Export paused. Connections in use falling: 340 of 500.' } },
  { minutes: 20, actor: person('Hannah Okafor'), kind: 'incident.phase_changed', data: { from: 'identified', to: 'monitoring' } },
  { minutes: 21, actor: person('Hannah Okafor'), kind: 'incident.status_update', data: { text: 'Checkout has recovered. We are watching it before we close the incident.', phase: 'monitoring' } },
  { minutes: 41, actor: person('Hannah Okafor'), kind: 'incident.resolved', data: { previousState: 'acknowledged', previousPhase: 'monitoring' } },
];

const ROOT_CAUSE = `The orders database accepts 500 connections. Checkout's pool may open up to 400 of them, which leaves room for everything else on a normal evening.

The weekly customer export had been moved from Sunday morning to Sunday evening two weeks earlier, as part of a scheduler clean-up. It runs on the primary and opens 24 connections, and each of its queries scans the orders table and keeps its connection for about 40 seconds. At the evening peak, checkout's pool grew to meet the traffic while the export held its share, and the database reached its connection limit. New checkout requests then queued for a connection until their 30-second timeout.

Pausing the export freed its connections, and checkout recovered within two minutes.`;

const DETECTION = `- Nothing watched the pool itself. The first alert fired on connections at the database, at 99 %, when checkouts were already failing; an alert on the pool's usage would have given about ten minutes of warning.
- The scheduler change was reviewed as a change of time, not of load: the review checklist does not ask what else runs on the same database at the new time.
- Batch jobs and checkout share one connection limit, so nothing stops a batch job from taking the room checkout needs.`;

const LESSONS = `- A batch job on the primary is part of checkout's capacity plan, whether or not anyone planned it.
- Moving a job in time is a load change and deserves the same review as a new job.
- Pausing the export was the lever that worked, and it was found by reading the job list during the incident: it belongs in the runbook.
- Went well: the page reached the backup within three minutes, and status updates went out on time.`;

const IMPACT_NOTE = 'For about 20 minutes, roughly one checkout in eight failed with a timeout and customers were asked to try again. No orders were lost or charged twice.';

export async function loadDemoPostmortems(ctx: WriteContext, demo: { now: number; checkoutServiceId: string; allocateId: (at: number) => Promise<{ id: string; year: number; number: number }> }): Promise<void> {
  const { now } = demo;
  const db = ctx.trx;
  const idOf = async (email: string) => (await usersRepository.findByEmailKey(db, emailKey(email)))!;
  const [priya, diego, hannah, sofia, marcus] = await Promise.all(['priya@example.com', 'diego@example.com', 'hannah@example.com', 'sofia@example.com', 'marcus@example.com'].map(idOf));

  const triggeredAt = now - STARTED_DAYS_AGO * DAY_MS;
  const at = (minutes: number) => triggeredAt + minutes * MINUTE_MS;
  const { id, year, number } = await demo.allocateId(triggeredAt);
  const resolvedAt = at(41);
  const incident: IncidentRow = {
    ...NOT_PAGED,
    id,
    year,
    number,
    service_id: demo.checkoutServiceId,
    title: TITLE,
    severity: 'P2',
    state: 'resolved',
    phase: 'resolved',
    triggered_at: triggeredAt,
    acknowledged_at: at(3),
    resolved_at: resolvedAt,
    alert_count: 2,
    last_alert_at: at(9),
    last_status_update_at: at(21),
    commander: 'Hannah Okafor',
    scribe: null,
    source: 'alertmanager',
    dedup_key: '{}:{alertname="PostgresConnectionsNearLimit"}',
    open_dedup: null,
    links: '[]',
    details: '{}',
    acknowledged_by: hannah!.id,
    acknowledged_how: 'sms',
  };
  await incidentsRepository.insert(db, incident);
  const snapshot = { incident: toIncidentDto(incident, 'Checkout API') };
  const events = [];
  for (const step of STEPS) {
    const { minutes, actor, ...body } = step;
    events.push(await appendEvent(ctx, { ...body, at: at(minutes), actor, incidentId: id, serviceId: demo.checkoutServiceId } as Parameters<typeof appendEvent>[1], snapshot));
  }

  const createdAt = resolvedAt + 20 * 60 * MINUTE_MS;
  const publishedAt = resolvedAt + 44 * 60 * MINUTE_MS;
  const postmortemId = randomUUID();
  const timeline = timelineMarkdown(timelineEntries(events.map((event) => ({ seq: event.seq, at: epochMs(Date.parse(event.at)), kind: event.kind, data: event.data, actor: event.actor }))));
  const impact = `${impactDraft({ severity: 'P2', triggeredAt: epochMs(triggeredAt), acknowledgedAt: epochMs(at(3)), resolvedAt: epochMs(resolvedAt), alertCount: 2, services: ['Checkout API', 'Orders Database'], peoplePaged: 2 }).split('\n\n')[0]}\n\n${IMPACT_NOTE}`;
  const followUpOn = localDateAt(priya!.time_zone, epochMs(now + 2 * DAY_MS));
  const bodies: Record<string, string> = {
    timeline,
    impact,
    'root-cause': ROOT_CAUSE,
    detection: DETECTION,
    lessons: LESSONS,
    'follow-up': `Review on ${followUpOn}: is the pool alert live, and has the export moved to the replica?`,
  };
  const editors: Record<string, string> = { timeline: hannah!.id, impact: priya!.id, 'root-cause': diego!.id, detection: hannah!.id, lessons: priya!.id, 'follow-up': priya!.id };
  const sections: PostmortemSectionRow[] = Object.entries(bodies).map(([key, body]) => ({ postmortem_id: postmortemId, key, body, version: key === 'timeline' || key === 'impact' ? 2 : 1, updated_at: createdAt + 3 * 60 * MINUTE_MS, updated_by: editors[key]! }));
  await postmortemsRepository.insert(
    db,
    {
      id: postmortemId,
      incident_id: id,
      title: 'Checkout failed while the weekly export held database connections',
      status: 'published',
      owner_id: priya!.id,
      follow_up_on: followUpOn,
      follow_up_reminded_at: null,
      timeline_through_seq: events.at(-1)!.seq,
      created_at: createdAt,
      created_by: priya!.id,
      updated_at: publishedAt,
      published_at: publishedAt,
    },
    sections,
  );
  const actor = person('Priya Raman');
  const where = { incidentId: id, serviceId: demo.checkoutServiceId, actor };
  await appendEvent(ctx, { ...where, at: createdAt, kind: 'postmortem.created', data: { postmortemId, title: 'Checkout failed while the weekly export held database connections' } }, snapshot);
  await appendEvent(ctx, { ...where, at: createdAt + 5 * 60 * MINUTE_MS, kind: 'postmortem.status_changed', data: { postmortemId, from: 'draft', to: 'in_review', reason: null } }, snapshot);
  await appendEvent(ctx, { ...where, at: publishedAt, kind: 'postmortem.status_changed', data: { postmortemId, from: 'in_review', to: 'published', reason: null } }, snapshot);

  const dayIn = (zone: string, days: number) => localDateAt(zone, epochMs(now + days * DAY_MS));
  const overdueOn = dayIn(diego!.time_zone, -5);
  const item = (fields: Pick<ActionItemRow, 'title' | 'owner_id' | 'due_on' | 'status'> & Partial<ActionItemRow>): ActionItemRow => ({
    id: randomUUID(),
    postmortem_id: postmortemId,
    link: null,
    version: 1,
    created_at: createdAt + 2 * 60 * MINUTE_MS,
    created_by: priya!.id,
    updated_at: createdAt + 2 * 60 * MINUTE_MS,
    closed_at: null,
    reminded_at: null,
    ...fields,
  });
  const items = [
    // Overdue: its reminder went out when its date ended (history, so loading the demo sends nothing).
    item({ title: "Alert when checkout's connection pool stays above 80 % for 5 minutes", owner_id: diego!.id, due_on: overdueOn, status: 'open', reminded_at: endOfLocalDate(overdueOn, diego!.time_zone) }),
    item({ title: 'Run the weekly customer export against the read replica', owner_id: sofia!.id, due_on: dayIn(sofia!.time_zone, 9), status: 'in_progress', link: 'https://tracker.example.com/OPS-482', version: 2 }),
    item({ title: 'Give batch jobs their own connection limit on the orders database', owner_id: marcus!.id, due_on: dayIn(marcus!.time_zone, 20), status: 'open' }),
    item({ title: "Add 'pause batch jobs' to the connection-pool runbook", owner_id: hannah!.id, due_on: dayIn(hannah!.time_zone, -9), status: 'done', version: 2, closed_at: now - 9 * DAY_MS, updated_at: now - 9 * DAY_MS }),
  ];
  for (const row of items) await actionItemsRepository.insert(db, row);
}
