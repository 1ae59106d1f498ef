import type { Actor } from '../../contracts/common';
import type { NormalizedEvent } from '../../domain/alerts/normalize';
import type { DatabaseHandle } from '../db/database';
import { WriteOverloadedError } from '../db/write-queue';
import type { WriteQueue } from '../db/write-queue';
import { NOT_PAGED, incidentsRepository } from '../repositories/incidents-repository';
import type { AlertRow, IncidentRow } from '../repositories/incidents-repository';
import { servicesRepository } from '../repositories/services-repository';
import type { Clock } from './clock';
import { appendEvent } from './event-log';
import { acknowledgeIncident, allocateIncidentId, resolveIncident } from './incident-service';
import type { PagingHooks } from './paging-hooks';
import { toIncidentDto } from './mappers';

export type IngestOutcome =
  | { kind: 'unknown-key' }
  | { kind: 'overloaded'; retryAfterSeconds: number }
  | { kind: 'accepted'; incidentId: string; created: boolean }
  | { kind: 'ignored'; reason: string };

const SOURCE_ACTOR: Record<NormalizedEvent['source'], string> = {
  alertmanager: 'Alertmanager',
  pagerduty: 'PagerDuty Events API',
  generic: 'Webhook',
};

/** How many alert summaries a timeline entry lists before saying "and N more". */
const SUMMARY_LIMIT = 5;

function summaries(alerts: ReadonlyArray<{ summary: string }>): { alerts: string[]; more: number } {
  return { alerts: alerts.slice(0, SUMMARY_LIMIT).map((a) => a.summary), more: Math.max(0, alerts.length - SUMMARY_LIMIT) };
}

/**
 * The unique key of "the open incident for this alert stream" (service, format, dedup key).
 * Service ids are UUIDs and sources plain words, so the first two colons always separate.
 */
function openDedupKey(serviceId: string, event: NormalizedEvent): string {
  return `${serviceId}:${event.source}:${event.dedupKey}`;
}

export type IngestService = ReturnType<typeof createIngestService>;

/** An alert as first seen at `at`; for one already known, the upsert counts an occurrence instead. */
function alertRowSeenAt(incidentId: string, alert: NormalizedEvent['alerts'][number], at: number): AlertRow {
  return {
    incident_id: incidentId,
    fingerprint: alert.fingerprint,
    status: alert.status,
    summary: alert.summary,
    labels: JSON.stringify(alert.labels),
    first_seen_at: at,
    last_seen_at: at,
    occurrences: 1,
  };
}

/**
 * Turns normalized alert events into incidents. Each call is one unit of work in the group
 * commit, so the promise resolves only when the alert is durable — the 2xx promise of the API.
 */
export function createIngestService(deps: { handle: DatabaseHandle; writes: WriteQueue; clock: Clock; queueLimit: number; paging: PagingHooks }) {
  const { writes, clock, queueLimit, paging } = deps;

  /** The queue-length cap is a backstop behind the wait budget (ADR 0006), e.g. before throughput is measured. */
  const admission = (): { ok: true } | { ok: false; retryAfterSeconds: number } => (writes.depth >= queueLimit ? { ok: false, retryAfterSeconds: 1 } : writes.admission());

  return {
    /** Whether an event arriving now could be committed within the wait budget; asked before the body is read. */
    admission,

    async ingest(secret: string, event: NormalizedEvent): Promise<IngestOutcome> {
      const admitted = admission();
      if (!admitted.ok) return { kind: 'overloaded', retryAfterSeconds: admitted.retryAfterSeconds };
      return commit(secret, event).catch((error: unknown) => {
        if (error instanceof WriteOverloadedError) return { kind: 'overloaded', retryAfterSeconds: error.retryAfterSeconds };
        throw error;
      });
    },
  };

  function commit(secret: string, event: NormalizedEvent): Promise<IngestOutcome> {
    return writes.run(async (ctx): Promise<IngestOutcome> => {
      const service = await servicesRepository.findByActiveSecret(ctx.trx, secret);
      if (!service) return { kind: 'unknown-key' };
      const at = clock.now();
      const actor: Actor = { type: 'integration', name: SOURCE_ACTOR[event.source] };
      const dedup = openDedupKey(service.id, event);
      // Alertmanager can list one alert twice when a group is re-sent mid-flight; keep the last.
      const byFingerprint = new Map(event.alerts.map((alert) => [alert.fingerprint, alert]));
      const alerts = [...byFingerprint.values()];
      // The open incident and what it already knows of these alerts, in one query.
      const found = await incidentsRepository.findOpenByDedupWithAlerts(ctx.trx, dedup, event.action === 'trigger' ? [...byFingerprint.keys()] : []);
      const open = found?.incident;

      if (event.action === 'acknowledge') {
        if (!open) return { kind: 'ignored', reason: 'no open incident has this dedup key' };
        if (open.state === 'triggered') await acknowledgeIncident(ctx, open, at, actor, service.name, paging, { by: null, how: 'integration' });
        return { kind: 'accepted', incidentId: open.id, created: false };
      }
      if (event.action === 'resolve') {
        if (!open) return { kind: 'ignored', reason: 'no open incident has this dedup key' };
        await resolveIncident(ctx, open, at, actor, service.name, paging);
        return { kind: 'accepted', incidentId: open.id, created: false };
      }

      if (!found || !open) {
        const { id, year, number } = await allocateIncidentId(ctx.trx, at);
        const firing = alerts.filter((alert) => alert.status === 'firing');
        const row: IncidentRow = {
          id,
          year,
          number,
          service_id: service.id,
          title: event.title,
          severity: event.severity,
          state: 'triggered',
          phase: 'investigating',
          triggered_at: at,
          acknowledged_at: null,
          resolved_at: null,
          alert_count: alerts.length,
          last_alert_at: at,
          last_status_update_at: null,
          commander: null,
          scribe: null,
          source: event.source,
          dedup_key: event.dedupKey,
          open_dedup: dedup,
          links: JSON.stringify(event.links),
          details: JSON.stringify(event.details),
          ...NOT_PAGED,
        };
        await incidentsRepository.insert(ctx.trx, row);
        await incidentsRepository.insertAlerts(
          ctx.trx,
          alerts.map((alert) => alertRowSeenAt(id, alert, at)),
        );

        await appendEvent(
          ctx,
          {
            at,
            kind: 'incident.triggered',
            incidentId: id,
            serviceId: service.id,
            actor,
            data: { title: row.title, severity: event.severity, source: event.source, dedupKey: event.dedupKey, alertCount: alerts.length, firing: firing.length, ...summaries(firing) },
          },
          { incident: toIncidentDto(row, service.name) },
        );
        // After the trigger, so the timeline reads alert → pages.
        await paging.incidentOpened(ctx, row, at);
        return { kind: 'accepted', incidentId: id, created: true };
      }

      // A repeat for an open incident: merge alerts; only real changes reach the timeline, so
      // the duplicates that Alertmanager sends on purpose in HA pairs collapse to nothing.
      const known = found.known;
      let fresh = 0;
      const nowFiring: typeof alerts = [];
      const nowResolved: typeof alerts = [];
      for (const alert of alerts) {
        const previous = known.get(alert.fingerprint);
        if (previous === undefined) {
          fresh++;
          if (alert.status === 'firing') nowFiring.push(alert);
        } else if (previous !== alert.status) {
          (alert.status === 'firing' ? nowFiring : nowResolved).push(alert);
        }
      }
      // New alerts are inserted and known ones refreshed (one more occurrence) in one statement.
      await incidentsRepository.upsertAlerts(
        ctx.trx,
        alerts.map((alert) => alertRowSeenAt(open.id, alert, at)),
      );
      const updated: IncidentRow = { ...open, alert_count: open.alert_count + fresh, last_alert_at: at };
      await incidentsRepository.update(ctx.trx, open.id, { alert_count: updated.alert_count, last_alert_at: at });
      const dto = toIncidentDto(updated, service.name);
      if (nowFiring.length > 0) {
        await appendEvent(
          ctx,
          { at, kind: 'alert.firing', incidentId: open.id, serviceId: service.id, actor, data: { count: nowFiring.length, alertCount: updated.alert_count, ...summaries(nowFiring) } },
          { incident: dto },
        );
      }
      if (nowResolved.length > 0) {
        await appendEvent(
          ctx,
          { at, kind: 'alert.resolved', incidentId: open.id, serviceId: service.id, actor, data: { count: nowResolved.length, alertCount: updated.alert_count, ...summaries(nowResolved) } },
          { incident: dto },
        );
      }
      return { kind: 'accepted', incidentId: open.id, created: false };
    });
  }
}
