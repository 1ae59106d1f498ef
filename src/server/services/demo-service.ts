import { randomUUID } from 'node:crypto';
import type { Actor } from '../../contracts/common';
import type { RecordedEventBody } from '../../contracts/timeline-events';
import type { Kysely } from 'kysely';
import type { EscalationPolicy } from '../../domain/escalation/policy';
import { DEFAULT_URGENCY_BY_SEVERITY } from '../../domain/escalation/policy';
import { DAY_MS, MINUTE_MS } from '../../domain/time/instant';
import type { Database } from '../db/schema';
import type { DatabaseHandle } from '../db/database';
import type { WriteQueue } from '../db/write-queue';
import { NOT_PAGED, incidentsRepository } from '../repositories/incidents-repository';
import type { IncidentRow } from '../repositories/incidents-repository';
import { teamsRepository } from '../repositories/teams-repository';
import { usersRepository } from '../repositories/users-repository';
import { emailKey } from './access-service';
import type { Caller } from './caller';
import { audit } from './caller';
import { hashPassword } from './passwords';
import { servicesRepository } from '../repositories/services-repository';
import { settingsRepository } from '../repositories/settings-repository';
import type { Clock } from './clock';
import { appendEvent } from './event-log';
import { allocateIncidentId } from './incident-service';
import { toIncidentDto } from './mappers';
import { Problem } from './problem';
import { newIntegrationSecret } from './service-catalog';
import { runbooksRepository } from '../repositories/runbooks-repository';
import { DEMO_RUNBOOKS } from './demo-runbooks';
import { loadDemoPostmortems } from './demo-postmortems';
import { loadDemoStatusPage } from './demo-status-page';
import { loadDemoHistory } from './demo-history';

/** The example organisation: a payments team spread over US and EU time zones. */
export const DEMO_PEOPLE = [
  { name: 'Priya Raman', email: 'priya@example.com', timeZone: 'America/Los_Angeles', role: 'admin', manager: true },
  { name: 'Marcus Webb', email: 'marcus@example.com', timeZone: 'America/New_York', role: 'manager', manager: true },
  { name: 'Diego Alvarez', email: 'diego@example.com', timeZone: 'America/Chicago', role: 'responder', manager: false },
  { name: 'Hannah Okafor', email: 'hannah@example.com', timeZone: 'Europe/London', role: 'responder', manager: false },
  { name: 'Sofia Lindqvist', email: 'sofia@example.com', timeZone: 'Europe/Stockholm', role: 'responder', manager: false },
  { name: 'Tomás Ferreira', email: 'tomas@example.com', timeZone: 'Europe/Lisbon', role: 'viewer', manager: false },
] as const;

/**
 * The one password of every demo account. It exists only when Firewatch runs in demo mode
 * (FIREWATCH_DEMO=1), where the sign-in screen shows it; a demo loaded into a real installation
 * creates these people without passwords.
 */
export const DEMO_PASSWORD = 'firewatch-demo';

const DEMO_SERVICES = ['Checkout API', 'Payments Gateway', 'Product Search', 'Orders Database'] as const;

/**
 * The database team owns the orders database, so a runbook's "escalate to the database team"
 * opens a linked incident there. Its people are in the payments team as well.
 */
const DEMO_DATABASE_TEAM = { name: 'Database', services: ['Orders Database'], members: [{ email: 'marcus@example.com', manager: true }, { email: 'diego@example.com', manager: false }] } as const;

type ScriptedEvent = { minutesAgo: number; actor: Actor; change?: Partial<IncidentRow> } & RecordedEventBody;

const alertmanager: Actor = { type: 'integration', name: 'Alertmanager' };
const person = (name: string): Actor => ({ type: 'person', name });

/**
 * The guide's paging: the primary at once, the backup after 5 minutes without an
 * acknowledgement, the manager after 5 more. Every engineer has verified e-mail, SMS and voice
 * (fictional 555-01xx numbers) and the rules "SMS at 0, call at 1, e-mail at 2" for high urgency,
 * e-mail for low.
 */
async function loadDemoPaging(db: Kysely<Database>, demo: { now: number; serviceIds: string[]; primaryScheduleId: string; managerId: string; engineers: string[] }): Promise<void> {
  const { now } = demo;
  for (const [index, userId] of demo.engineers.entries()) {
    const user = (await usersRepository.findById(db, userId))!;
    const number = `+1555010${index + 1}`;
    const methods = [
      { id: randomUUID(), user_id: userId, kind: 'sms', address: number, verified: 1, position: 0, created_at: now },
      { id: randomUUID(), user_id: userId, kind: 'voice', address: number, verified: 1, position: 1, created_at: now },
      { id: randomUUID(), user_id: userId, kind: 'email', address: user.email, verified: 1, position: 2, created_at: now },
    ];
    const [sms, voice, email] = methods as [(typeof methods)[number], (typeof methods)[number], (typeof methods)[number]];
    const rules = [
      { urgency: 'high', contact_method_id: sms.id, delay_minutes: 0 },
      { urgency: 'high', contact_method_id: voice.id, delay_minutes: 1 },
      { urgency: 'high', contact_method_id: email.id, delay_minutes: 2 },
      { urgency: 'low', contact_method_id: email.id, delay_minutes: 0 },
    ].map((rule) => ({ ...rule, id: randomUUID(), user_id: userId }));
    await usersRepository.replaceContacts(db, userId, methods, rules);
  }
  const policy: EscalationPolicy = {
    levels: [
      { id: 'primary', escalateAfterMinutes: 5, targets: [{ type: 'schedule', scheduleId: demo.primaryScheduleId, role: 'primary' }] },
      { id: 'backup', escalateAfterMinutes: 5, targets: [{ type: 'schedule', scheduleId: demo.primaryScheduleId, role: 'backup' }] },
      { id: 'manager', escalateAfterMinutes: 5, targets: [{ type: 'user', userId: demo.managerId }] },
    ],
    repeat: 0,
    ackTimeoutMinutes: null,
    urgencyBySeverity: DEFAULT_URGENCY_BY_SEVERITY,
    lowUrgency: 'waking-hours',
  };
  for (const serviceId of demo.serviceIds) {
    await db.insertInto('escalation_policies').values({ service_id: serviceId, version: 1, body: JSON.stringify(policy), created_at: now, updated_at: now }).execute();
  }
}

export type DemoService = ReturnType<typeof createDemoService>;

export function createDemoService(deps: { handle: DatabaseHandle; writes: WriteQueue; clock: Clock; publicUrl?: string }) {
  const { handle, writes, clock } = deps;

  return {
    async isLoaded(): Promise<boolean> {
      return (await settingsRepository.get(handle.db, 'demo_loaded')) === 'true';
    },

    /** Loads the example organisation into an empty database; refuses (409) once anything exists. */
    async load(options: { withPasswords: boolean; caller: Caller }): Promise<void> {
      const passwordHash = options.withPasswords ? await hashPassword(DEMO_PASSWORD) : null;
      await writes.run(async (ctx) => {
        if ((await servicesRepository.count(ctx.trx)) > 0) throw Problem.conflict('the database already holds services; the demo loads only into an empty one');
        const now = clock.now();
        const existingTeam = await teamsRepository.findByNameKey(ctx.trx, 'payments');
        const teamId = existingTeam?.id ?? randomUUID();
        if (!existingTeam) await teamsRepository.insert(ctx.trx, { id: teamId, name: 'Payments', name_key: 'payments', created_at: now });
        const members = [];
        for (const p of DEMO_PEOPLE) {
          const existing = await usersRepository.findByEmailKey(ctx.trx, emailKey(p.email));
          const id = existing?.id ?? randomUUID();
          if (!existing) {
            await usersRepository.insert(ctx.trx, {
              id, name: p.name, email: p.email, email_key: emailKey(p.email), time_zone: p.timeZone, quiet_start: '02:00', quiet_end: '07:00',
              role: p.role, password_hash: passwordHash, created_at: now, updated_at: now, p1_breaks_quiet: 0,
            });
          }
          members.push({ team_id: teamId, user_id: id, manager: p.manager ? 1 : 0 });
        }
        if (options.caller.userId && !members.some((m) => m.user_id === options.caller.userId)) {
          members.push({ team_id: teamId, user_id: options.caller.userId, manager: 1 });
        }
        await teamsRepository.replaceMembers(ctx.trx, teamId, members);
        const serviceIds = new Map<string, string>();
        for (const name of DEMO_SERVICES) {
          const id = randomUUID();
          serviceIds.set(name, id);
          const created = now - 30 * 24 * 60 * MINUTE_MS;
          await servicesRepository.insert(ctx.trx, { id, name, name_key: name.toLowerCase(), created_at: created, updated_at: created, team_id: teamId });
          await servicesRepository.insertKey(ctx.trx, { id: randomUUID(), service_id: id, secret: newIntegrationSecret(), created_at: created, revoked_at: null });
        }

        const databaseTeam = await teamsRepository.findByNameKey(ctx.trx, 'database');
        const databaseTeamId = databaseTeam?.id ?? randomUUID();
        if (!databaseTeam) await teamsRepository.insert(ctx.trx, { id: databaseTeamId, name: DEMO_DATABASE_TEAM.name, name_key: 'database', created_at: now });
        const databaseMembers = [];
        for (const member of DEMO_DATABASE_TEAM.members) {
          const user = await usersRepository.findByEmailKey(ctx.trx, emailKey(member.email));
          if (user) databaseMembers.push({ team_id: databaseTeamId, user_id: user.id, manager: member.manager ? 1 : 0 });
        }
        await teamsRepository.replaceMembers(ctx.trx, databaseTeamId, databaseMembers);
        for (const name of DEMO_DATABASE_TEAM.services) {
          await ctx.trx.updateTable('services').set({ team_id: databaseTeamId }).where('id', '=', serviceIds.get(name)!).execute();
        }

        // Three months of resolved incidents first, so incident numbers follow time and the metrics have a trend.
        const engineers = DEMO_PEOPLE.filter((p) => p.role !== 'viewer');
        const historyPerson = async (email: string) => {
          const user = (await usersRepository.findByEmailKey(ctx.trx, emailKey(email)))!;
          const position = engineers.findIndex((p) => p.email === email);
          return { id: user.id, name: user.name, email: user.email, zone: user.time_zone, phone: position >= 0 ? `+1555010${position + 1}` : null };
        };
        await loadDemoHistory(ctx, {
          now,
          serviceIds,
          rotation: await Promise.all(['priya@example.com', 'hannah@example.com', 'marcus@example.com', 'sofia@example.com', 'diego@example.com'].map(historyPerson)),
          manager: await historyPerson('marcus@example.com'),
        });

        const script = async (
          base: Omit<IncidentRow, 'id' | 'year' | 'number' | 'triggered_at' | 'service_id' | keyof typeof NOT_PAGED> & { service: string; minutesAgo: number },
          events: ScriptedEvent[],
        ) => {
          const triggeredAt = now - base.minutesAgo * MINUTE_MS;
          const { id, year, number } = await allocateIncidentId(ctx.trx, triggeredAt);
          const { service, minutesAgo: _minutesAgo, ...fields } = base;
          let row: IncidentRow = { ...fields, ...NOT_PAGED, id, year, number, service_id: serviceIds.get(service)!, triggered_at: triggeredAt };
          await incidentsRepository.insert(ctx.trx, { ...row, state: 'triggered', phase: 'investigating', acknowledged_at: null, resolved_at: null, commander: null, scribe: null, last_status_update_at: null });
          for (const event of events) {
            const at = now - event.minutesAgo * MINUTE_MS;
            if (event.change) row = { ...row, ...event.change };
            const { minutesAgo: _ago, change: _change, ...recorded } = event;
            await appendEvent(ctx, { ...recorded, at, incidentId: id, serviceId: row.service_id }, { incident: toIncidentDto(row, service) });
          }
          await incidentsRepository.update(ctx.trx, id, row);
          return id;
        };

        // An earlier outage of checkout with its published post-mortem, whose open items tonight's incident recalls.
        await loadDemoPostmortems(ctx, { now, checkoutServiceId: serviceIds.get('Checkout API')!, allocateId: (at) => allocateIncidentId(ctx.trx, at) });
        // Its public side: the status page's components, that outage as customers read it, next week's maintenance.
        await loadDemoStatusPage(ctx, { now, serviceIds, publicUrl: deps.publicUrl ?? 'http://localhost:8080' });
        const poolTitle = 'Checkout API: database connection pool exhausted';
        await script(
          {
            service: 'Checkout API', minutesAgo: 38, title: poolTitle, severity: 'P1', state: 'acknowledged', phase: 'monitoring',
            acknowledged_at: now - 37 * MINUTE_MS, resolved_at: null, alert_count: 2, last_alert_at: now - 31 * MINUTE_MS,
            last_status_update_at: now - 4 * MINUTE_MS, commander: 'Priya Raman', scribe: 'Marcus Webb', source: 'alertmanager',
            dedup_key: '{}:{alertname="PostgresConnectionsNearLimit"}', open_dedup: null, links: '[]', details: '{}',
          },
          [
            { minutesAgo: 38, kind: 'incident.triggered', actor: alertmanager, data: { title: poolTitle, severity: 'P1', source: 'alertmanager', alertCount: 1, firing: 1, alerts: ['orders-db primary: 482 of 500 connections in use'], more: 0 } },
            { minutesAgo: 37, kind: 'incident.acknowledged', actor: person('Priya Raman'), data: {}, change: { state: 'acknowledged', acknowledged_at: now - 37 * MINUTE_MS } },
            { minutesAgo: 36, kind: 'incident.role_changed', actor: person('Priya Raman'), data: { role: 'commander', from: null, to: 'Priya Raman' }, change: { commander: 'Priya Raman' } },
            { minutesAgo: 36, kind: 'incident.role_changed', actor: person('Priya Raman'), data: { role: 'scribe', from: null, to: 'Marcus Webb' }, change: { scribe: 'Marcus Webb' } },
            { minutesAgo: 35, kind: 'incident.note', actor: person('Priya Raman'), data: { text: 'Pool is pinned at 497/500. Checkout requests queue for a connection and time out after 30 s.' } },
            { minutesAgo: 34, kind: 'incident.status_update', actor: person('Marcus Webb'), data: { text: 'Some customers cannot complete checkout. We are investigating.', phase: 'investigating' } },
            { minutesAgo: 31, kind: 'alert.firing', actor: alertmanager, data: { count: 1, alertCount: 2, alerts: ['checkout-api: p99 latency above 5 s'], more: 0 } },
            { minutesAgo: 29, kind: 'incident.note', actor: person('Diego Alvarez'), data: { text: 'The nightly customer export started at the same minute. Each of its queries scans the whole orders table and holds a connection for ~40 s.' } },
            { minutesAgo: 28, kind: 'incident.phase_changed', actor: person('Priya Raman'), data: { from: 'investigating', to: 'identified' }, change: { phase: 'identified' } },
            { minutesAgo: 27, kind: 'incident.status_update', actor: person('Marcus Webb'), data: { text: 'Cause found: a background export job is starving checkout of database connections. Pausing it now.', phase: 'identified' } },
            { minutesAgo: 24, kind: 'incident.note', actor: person('Diego Alvarez'), data: { text: 'Export job paused. Pool down to 310/500 and falling.' } },
            { minutesAgo: 20, kind: 'incident.phase_changed', actor: person('Priya Raman'), data: { from: 'identified', to: 'monitoring' }, change: { phase: 'monitoring' } },
            { minutesAgo: 19, kind: 'incident.status_update', actor: person('Marcus Webb'), data: { text: 'Checkout is working again for everyone. We are watching error rates before closing.', phase: 'monitoring' } },
            { minutesAgo: 4, kind: 'incident.status_update', actor: person('Marcus Webb'), data: { text: 'Error rate under 0.1% for 15 minutes; pool steady at about 40 connections.', phase: 'monitoring' } },
          ],
        );

        const searchTitle = 'Product Search: p95 latency above 800 ms';
        await script(
          {
            service: 'Product Search', minutesAgo: 12, title: searchTitle, severity: 'P3', state: 'triggered', phase: 'investigating',
            acknowledged_at: null, resolved_at: null, alert_count: 1, last_alert_at: now - 12 * MINUTE_MS, last_status_update_at: null,
            commander: null, scribe: null, source: 'pagerduty', dedup_key: 'search-latency-p95', open_dedup: null, links: '[]', details: '{}',
          },
          [{ minutesAgo: 12, kind: 'incident.triggered', actor: { type: 'integration', name: 'PagerDuty Events API' }, data: { title: searchTitle, severity: 'P3', source: 'pagerduty', alertCount: 1, firing: 1, alerts: [searchTitle], more: 0 } }],
        );

        const diskTitle = 'Payments Gateway: log volume 95% full';
        await script(
          {
            service: 'Payments Gateway', minutesAgo: 26 * 60, title: diskTitle, severity: 'P2', state: 'resolved', phase: 'resolved',
            acknowledged_at: now - (26 * 60 - 3) * MINUTE_MS, resolved_at: now - (26 * 60 - 22) * MINUTE_MS, alert_count: 1,
            last_alert_at: now - 26 * 60 * MINUTE_MS, last_status_update_at: null, commander: 'Sofia Lindqvist', scribe: null,
            source: 'alertmanager', dedup_key: '{}:{alertname="DiskAlmostFull"}', open_dedup: null, links: '[]', details: '{}',
          },
          [
            { minutesAgo: 26 * 60, kind: 'incident.triggered', actor: alertmanager, data: { title: diskTitle, severity: 'P2', source: 'alertmanager', alertCount: 1, firing: 1, alerts: [diskTitle], more: 0 } },
            { minutesAgo: 26 * 60 - 3, kind: 'incident.acknowledged', actor: person('Sofia Lindqvist'), data: {}, change: { state: 'acknowledged' } },
            { minutesAgo: 26 * 60 - 10, kind: 'incident.note', actor: person('Sofia Lindqvist'), data: { text: 'Rotated logs older than 30 days; volume now at 61%.' } },
            { minutesAgo: 26 * 60 - 22, kind: 'incident.resolved', actor: person('Sofia Lindqvist'), data: { previousState: 'acknowledged', previousPhase: 'investigating' }, change: { state: 'resolved', phase: 'resolved' } },
          ],
        );
        // Two schedules from the guide: a weekly primary with the backup a week behind, and
        // follow-the-sun (EU on weekdays 00:00–19:00 UTC, US the rest). Rotations start on the
        // Monday four weeks before today so the calendar has history to look at.
        const idOf = async (email: string) => (await usersRepository.findByEmailKey(ctx.trx, emailKey(email)))!.id;
        const weekStart = new Date(now - 28 * 86_400_000);
        weekStart.setUTCDate(weekStart.getUTCDate() - ((weekStart.getUTCDay() + 6) % 7));
        const start = weekStart.toISOString().slice(0, 10);
        const rotation = await Promise.all(['priya@example.com', 'hannah@example.com', 'marcus@example.com', 'sofia@example.com', 'diego@example.com'].map(idOf));
        const us = await Promise.all(['priya@example.com', 'marcus@example.com', 'diego@example.com'].map(idOf));
        const eu = await Promise.all(['hannah@example.com', 'sofia@example.com'].map(idOf));
        const scheduleRows = [
          {
            name: 'Payments primary / backup', zone: 'America/New_York', backup_lag: 1,
            layers: [{ id: 'weekly', name: 'Weekly rotation', participants: rotation, rotation: { kind: 'weekly' }, handoff: { weekday: 1, time: '10:00' }, start, restrictions: [] }],
          },
          {
            name: 'Follow the sun', zone: 'UTC', backup_lag: null,
            layers: [
              { id: 'us', name: 'US (nights and weekends)', participants: us, rotation: { kind: 'weekly' }, handoff: { weekday: 1, time: '00:00' }, start, restrictions: [] },
              { id: 'eu', name: 'EU weekdays', participants: eu, rotation: { kind: 'weekly' }, handoff: { weekday: 1, time: '00:00' }, start, restrictions: [{ days: [1, 2, 3, 4, 5], start: '00:00', end: '19:00' }] },
            ],
          },
        ];
        const scheduleIds: string[] = [];
        for (const schedule of scheduleRows) {
          const scheduleId = randomUUID();
          scheduleIds.push(scheduleId);
          await ctx.trx.insertInto('schedules').values({ id: scheduleId, name: schedule.name, team_id: teamId, zone: schedule.zone, layers: JSON.stringify(schedule.layers), version: 1, backup_lag: schedule.backup_lag, created_at: now, updated_at: now }).execute();
        }
        await loadDemoPaging(ctx.trx, { now, serviceIds: [...serviceIds.values()], primaryScheduleId: scheduleIds[0]!, managerId: await idOf('marcus@example.com'), engineers: await Promise.all(DEMO_PEOPLE.filter((p) => p.role !== 'viewer').map((p) => idOf(p.email))) });
        // The runbooks, owned by the team of their first service, last reviewed by that team's manager.
        const marcus = await idOf('marcus@example.com');
        for (const runbook of DEMO_RUNBOOKS) {
          const ids = runbook.serviceNames.map((name) => serviceIds.get(name)).filter((id): id is string => id !== undefined);
          const databaseServices: readonly string[] = DEMO_DATABASE_TEAM.services;
          const ownerTeam = databaseServices.includes(runbook.serviceNames[0] ?? '') ? databaseTeamId : teamId;
          const reviewedAt = now - runbook.lastReviewedDaysAgo * DAY_MS;
          const writtenAt = reviewedAt - 30 * DAY_MS;
          const row = {
            id: randomUUID(), title: runbook.title, body: runbook.body, service_ids: JSON.stringify(ids), selectors: JSON.stringify(runbook.selectors),
            owner_type: 'team' as const, owner_id: ownerTeam, review_interval_days: runbook.reviewIntervalDays, last_reviewed_at: reviewedAt, last_reviewed_by: marcus,
            version: 1, created_at: writtenAt, created_by: marcus, updated_at: writtenAt, updated_by: marcus,
          };
          await runbooksRepository.insert(ctx.trx, row);
          await runbooksRepository.insertVersion(ctx.trx, {
            runbook_id: row.id, version: 1, title: row.title, body: row.body, service_ids: row.service_ids, selectors: row.selectors, owner_type: row.owner_type,
            owner_id: row.owner_id, review_interval_days: row.review_interval_days, at: writtenAt, by: marcus, restored_from: null,
          });
        }
        await settingsRepository.set(ctx.trx, 'demo_loaded', 'true');
        await audit(ctx.trx, { at: now, caller: options.caller, action: 'demo.loaded', targetType: 'organisation', after: { people: DEMO_PEOPLE.length, services: DEMO_SERVICES.length, runbooks: DEMO_RUNBOOKS.length, withPasswords: options.withPasswords } });
      });
    },
  };
}
