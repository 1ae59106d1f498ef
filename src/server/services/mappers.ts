import type { Actor } from '../../contracts/common';
import type { IncidentAlertDto, IncidentDto } from '../../contracts/incidents';
import type { TimelineEventDto, TimelineEventEnvelope } from '../../contracts/timeline-events';
import { readEventBody } from '../../contracts/timeline-events';
import type { IntegrationKeyDto, ServiceWithKeysDto } from '../../contracts/services';
import type { PagingState, Phase } from '../../domain/incident/lifecycle';
import type { Severity } from '../../domain/incident/severity';
import { epochMs, toIsoUtc } from '../../domain/time/instant';
import type { EventRow } from '../repositories/events-repository';
import type { AlertRow, IncidentRow } from '../repositories/incidents-repository';
import type { IntegrationKeyRow, ServiceRow } from '../repositories/services-repository';

const iso = (ms: number) => toIsoUtc(epochMs(ms));
const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));

/**
 * The incident as the API answers it. `runbookProgress` is given where it was looked up (lists,
 * single reads, runbook events, replay): null when no run was ticked; left out where it was not
 * looked up (other live events), which a client reads as "unchanged".
 */
export function toIncidentDto(row: IncidentRow, serviceName: string, runbookProgress?: IncidentDto['runbookProgress']): IncidentDto {
  return {
    id: row.id,
    title: row.title,
    serviceId: row.service_id,
    serviceName,
    severity: row.severity as Severity,
    state: row.state as PagingState,
    phase: row.phase as Phase,
    triggeredAt: iso(row.triggered_at),
    acknowledgedAt: isoOrNull(row.acknowledged_at),
    resolvedAt: isoOrNull(row.resolved_at),
    alertCount: row.alert_count,
    lastAlertAt: isoOrNull(row.last_alert_at),
    lastStatusUpdateAt: isoOrNull(row.last_status_update_at),
    commander: row.commander,
    scribe: row.scribe,
    source: row.source as IncidentDto['source'],
    dedupKey: row.dedup_key,
    links: JSON.parse(row.links) as IncidentDto['links'],
    ...(runbookProgress === undefined ? {} : { runbookProgress }),
  };
}

export function toIntegrationKeyDto(row: IntegrationKeyRow): IntegrationKeyDto {
  return { id: row.id, key: row.secret, createdAt: iso(row.created_at), revokedAt: isoOrNull(row.revoked_at) };
}

export function toServiceDto(row: ServiceRow, keys: readonly IntegrationKeyRow[], openIncidentCount: number): ServiceWithKeysDto {
  const own = keys.filter((key) => key.service_id === row.id);
  const active = own.find((key) => key.revoked_at === null);
  return {
    id: row.id,
    name: row.name,
    teamId: row.team_id,
    createdAt: iso(row.created_at),
    integrationKey: active?.secret ?? null,
    integrationKeys: own.map(toIntegrationKeyDto),
    openIncidentCount,
  };
}

export function toEventEnvelope(row: EventRow): TimelineEventEnvelope {
  return {
    seq: row.seq,
    at: iso(row.at),
    incidentId: row.incident_id,
    serviceId: row.service_id,
    actor: { type: row.actor_type as Actor['type'], name: row.actor_name },
  };
}

/** Reads a stored event; a row that fits none of today's kinds comes back `unrecognised`, never an error. */
export function toTimelineEventDto(row: EventRow): TimelineEventDto {
  return { ...toEventEnvelope(row), ...readEventBody(row.kind, parseStoredJson(row.data)) };
}

function parseStoredJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export function toIncidentAlertDto(row: AlertRow): IncidentAlertDto {
  return {
    fingerprint: row.fingerprint,
    status: row.status as IncidentAlertDto['status'],
    summary: row.summary,
    labels: JSON.parse(row.labels) as Record<string, string>,
    firstSeenAt: iso(row.first_seen_at),
    lastSeenAt: iso(row.last_seen_at),
    occurrences: row.occurrences,
  };
}
