import type { IncidentDto } from '../contracts/incidents';
import type { EventDataOf, EventKind, TimelineEventDto, TimelineEventEnvelope } from '../contracts/timeline-events';
import { EVENT_SAMPLES } from './timeline-event-samples';
import type { LiveEvent } from '../contracts/live';
import type { AuditEntryDto, PersonDto } from '../contracts/people';
import type { Role } from '../domain/access/roles';
import type { IntegrationKeyDto, ServiceWithKeysDto } from '../contracts/services';

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

export function makeService(overrides: Partial<ServiceWithKeysDto> = {}): ServiceWithKeysDto {
  const keys = overrides.integrationKeys ?? [makeKey()];
  return {
    id: nextId('svc'),
    name: 'Checkout API',
    teamId: TEAM_PAYMENTS,
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

type EventOverrides<K extends EventKind> = { seq: number; kind: K; data?: EventDataOf<K> } & Partial<TimelineEventEnvelope>;

/** A timeline event of `kind`; its data is the kind's sample unless given. */
export function makeEvent<K extends EventKind>({ kind, data, ...envelope }: EventOverrides<K>): TimelineEventDto {
  // The kind and its data match by construction; TypeScript cannot follow that through the generic.
  return {
    at: new Date().toISOString(),
    incidentId: null,
    serviceId: null,
    actor: { type: 'person', name: 'Priya Raman' },
    ...envelope,
    kind,
    data: data ?? EVENT_SAMPLES[kind],
  } as TimelineEventDto;
}

/** What the server publishes after a change to `incident`. */
export function liveIncidentEvent<K extends EventKind>(seq: number, kind: K, incident: IncidentDto, extra: Omit<EventOverrides<K>, 'seq' | 'kind'> = {}): LiveEvent {
  return { ...makeEvent<K>({ seq, kind, incidentId: incident.id, serviceId: incident.serviceId, ...extra }), incident };
}

export const TEAM_PAYMENTS = 'team-payments';
export const TEAM_SEARCH = 'team-search';

/** A person as the test server stores them: the DTO's fields plus what only the server knows. */
export type TestUser = Omit<PersonDto, 'teams'> & { password: string | null };

/** The password every fixture person signs in with. */
export const PASSWORD = 'correct horse battery';

const user = (id: string, name: string, email: string, timeZone: string, role: Role): TestUser => ({
  id,
  name,
  email,
  timeZone,
  role,
  quietHours: null,
  hasPassword: true,
  password: PASSWORD,
});

/** One person per role (plus a second manager), as the example organisation has them. */
export const USERS = {
  admin: user('p-priya', 'Priya Raman', 'priya@example.com', 'Europe/London', 'admin'),
  manager: user('p-marcus', 'Marcus Webb', 'marcus@example.com', 'America/New_York', 'manager'),
  responder: user('p-diego', 'Diego Alvarez', 'diego@example.com', 'America/Chicago', 'responder'),
  viewer: user('p-tomas', 'Tomás Ferreira', 'tomas@example.com', 'Europe/Lisbon', 'viewer'),
  searchManager: user('p-hannah', 'Hannah Okafor', 'hannah@example.com', 'Europe/London', 'manager'),
} as const;

export type TestTeam = { id: string; name: string; members: Array<{ userId: string; manager: boolean }> };

/** Payments is managed by Priya and Marcus; Search by Hannah. Tomás is in no team. */
export const TEAMS: TestTeam[] = [
  {
    id: TEAM_PAYMENTS,
    name: 'Payments',
    members: [
      { userId: USERS.admin.id, manager: true },
      { userId: USERS.manager.id, manager: true },
      { userId: USERS.responder.id, manager: false },
    ],
  },
  { id: TEAM_SEARCH, name: 'Search', members: [{ userId: USERS.searchManager.id, manager: true }] },
];

export function makeAuditEntry(overrides: Partial<AuditEntryDto> & Pick<AuditEntryDto, 'seq' | 'action'>): AuditEntryDto {
  return {
    at: minutesAgo(overrides.seq),
    actor: { type: 'person', id: USERS.admin.id, name: USERS.admin.name },
    target: { type: 'incident', id: 'INC-2026-0001' },
    ip: '192.0.2.10',
    before: null,
    after: null,
    ...overrides,
  };
}
