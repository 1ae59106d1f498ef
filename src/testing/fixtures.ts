import type { IncidentDto, TimelineEventDto } from '../contracts/incidents';
import type { LiveEvent } from '../contracts/live';
import type { PersonDto } from '../contracts/setup';
import type { IntegrationKeyDto, ServiceDto } from '../contracts/services';

export const MINUTE = 60_000;

/** An ISO instant `minutes` before now (whatever "now" the test has set). */
export function minutesAgo(minutes: number): string {
  return new Date(Date.now() - minutes * MINUTE).toISOString();
}

let counter = 0;
const nextId = (prefix: string) => `${prefix}-${(counter += 1)}`;

export function makeKey(overrides: Partial<IntegrationKeyDto> = {}): IntegrationKeyDto {
  const id = overrides.id ?? nextId('key');
  return { id, key: `fwk_${id.replace(/\W/g, '')}_secret0123456789`, createdAt: minutesAgo(60 * 24), revokedAt: null, ...overrides };
}

export function makeService(overrides: Partial<ServiceDto> = {}): ServiceDto {
  const keys = overrides.integrationKeys ?? [makeKey()];
  return {
    id: nextId('svc'),
    name: 'Checkout API',
    createdAt: minutesAgo(60 * 24 * 7),
    integrationKey: keys.find((key) => key.revokedAt === null)?.key ?? null,
    integrationKeys: keys,
    openIncidentCount: 0,
    ...overrides,
  };
}

export function makeIncident(overrides: Partial<IncidentDto> = {}): IncidentDto {
  return {
    id: `INC-2026-${String((counter += 1)).padStart(4, '0')}`,
    title: 'Checkout latency above 5 s',
    serviceId: 'svc-checkout',
    serviceName: 'Checkout API',
    severity: 'P2',
    state: 'triggered',
    phase: 'investigating',
    triggeredAt: minutesAgo(10),
    acknowledgedAt: null,
    resolvedAt: null,
    alertCount: 1,
    lastAlertAt: minutesAgo(10),
    lastStatusUpdateAt: null,
    commander: null,
    scribe: null,
    source: 'alertmanager',
    dedupKey: null,
    links: [],
    ...overrides,
  };
}

export function makeEvent(overrides: Partial<TimelineEventDto> & Pick<TimelineEventDto, 'seq' | 'kind'>): TimelineEventDto {
  return {
    at: new Date().toISOString(),
    incidentId: null,
    serviceId: null,
    actor: { type: 'person', name: 'Priya Raman' },
    data: {},
    ...overrides,
  };
}

/** What the server publishes after a change to `incident`. */
export function liveIncidentEvent(seq: number, kind: TimelineEventDto['kind'], incident: IncidentDto, extra: Partial<TimelineEventDto> = {}): LiveEvent {
  return { ...makeEvent({ seq, kind, incidentId: incident.id, serviceId: incident.serviceId, ...extra }), incident };
}

export const PEOPLE: PersonDto[] = [
  { id: 'p-1', name: 'Priya Raman', email: 'priya@example.com', timeZone: 'Europe/London' },
  { id: 'p-2', name: 'Marcus Webb', email: 'marcus@example.com', timeZone: 'America/New_York' },
];
