import type { Actor } from '../contracts/common';
import type { IncidentDto } from '../contracts/incidents';
import type { RecordedEventBody, TimelineEventDto } from '../contracts/timeline-events';
import { recordedEventBodySchema } from '../contracts/timeline-events';
import type { AuditEntryDto, PersonDto, ProfileDto, TeamDto } from '../contracts/people';
import type { ChannelStateDto, EscalationPolicyDto, MaintenanceWindowDto } from '../contracts/escalation';
import type { ScheduleDto } from '../contracts/schedules';
import type { RunbookOwner, RunbookRunDto, RunbookVersionDto } from '../contracts/runbooks';
import type { ServiceWithKeysDto } from '../contracts/services';
import type { PostmortemDto, PresenceDto } from '../contracts/postmortems';
import type { MetricIncident } from '../domain/metrics/incident-metrics';
import type { MetricPage } from '../domain/metrics/interruptions';
import type { Role } from '../domain/access/roles';
import type { SetupStatus } from '../contracts/setup';
import type { ComponentDto, MaintenanceDto, PublicIncidentDto, chatMirrorSchema } from '../contracts/status-page';
import type { z } from 'zod';
import type { TestTeam, TestUser } from './fixtures';
import { TEAMS, USERS } from './fixtures';

export type TestToken = { id: string; userId: string; name: string; role: Role; createdAt: string; lastUsedAt: string | null; revokedAt: string | null };
/** A calendar feed with its secret, which the real server keeps only as a hash. */
export type TestFeed = { id: string; ownerId: string; kind: 'schedule' | 'person'; targetId: string; token: string; createdAt: string; revokedAt: string | null };
/** An acknowledge link with its secret, which the real server keeps only as a hash. */
export type TestAckLink = { token: string; incidentId: string; recipientId: string; expiresAt: string; usedAt: string | null };
/** A runbook as the test server stores it: the newest fields, and every version (src/testing/runbook-handlers.ts). */
export type TestRunbook = {
  id: string;
  title: string;
  body: string;
  serviceIds: string[];
  selectors: string[];
  owner: RunbookOwner;
  reviewIntervalDays: number;
  createdAt: string;
  lastReviewedAt: string | null;
  lastReviewedBy: { id: string; name: string } | null;
  version: number;
  updatedAt: string;
  updatedBy: { id: string; name: string } | null;
  versions: RunbookVersionDto[];
};
/** The code last sent to a contact method and how often a wrong one was tried. */
export type TestVerification = { code: string; expiresAt: string; wrongTries: number };
export type TestProfileExtras = Pick<ProfileDto, 'p1BreaksQuietHours' | 'contactMethods' | 'notificationRules'>;

/**
 * The in-memory server the msw handlers read and write, so a test that acknowledges and then
 * reloads sees the same answer the real server would give. Tests seed it before rendering.
 * `sessionUserId` is the browser's session cookie: null means signed out.
 */
export type TestDb = {
  setup: SetupStatus;
  users: TestUser[];
  teams: TestTeam[];
  profiles: Map<string, TestProfileExtras>;
  tokens: TestToken[];
  invites: Map<string, string>;
  audit: AuditEntryDto[];
  sessionUserId: string | null;
  services: ServiceWithKeysDto[];
  incidents: IncidentDto[];
  timelines: Map<string, TimelineEventDto[]>;
  schedules: ScheduleDto[];
  feeds: TestFeed[];
  /** Escalation policies by service id. */
  policies: Map<string, EscalationPolicyDto>;
  maintenanceWindows: MaintenanceWindowDto[];
  seq: number;
  /** Paging (src/testing/paging-handlers.ts): links, channel states and test sends, verification codes. */
  ackLinks: TestAckLink[];
  /** In-app pages sent before the tab opened: incident ids by person (GET /api/v1/me/pages). */
  inAppPages: Array<{ userId: string; incidentId: string }>;
  channels: ChannelStateDto[];
  channelTests: Array<{ channel: string; to: string }>;
  verifications: Map<string, TestVerification>;
  /** Runbooks, their runs on incidents, and the alert labels the matching reads, by incident id. */
  runbooks: TestRunbook[];
  runbookRuns: RunbookRunDto[];
  incidentAlerts: Map<string, Array<{ labels: Record<string, string>; summary: string }>>;
  /** Post-mortems with their sections and action items (src/testing/postmortem-handlers.ts). */
  postmortems: PostmortemDto[];
  /** Who has which post-mortem open: presence heartbeats (postmortem id → editors). */
  presence: Map<string, PresenceDto['editors']>;
  /** What the metrics handlers aggregate with the domain's rules (src/testing/metrics-handlers.ts). */
  metricIncidents: MetricIncident[];
  metricPages: Array<MetricPage & { name: string }>;
  /** The status page (src/testing/status-page-handlers.ts): components, public incidents, maintenance, chat mirrors with their URLs, confirmed subscribers. */
  statusComponents: ComponentDto[];
  publicIncidents: PublicIncidentDto[];
  statusMaintenances: MaintenanceDto[];
  chatMirrors: Array<z.infer<typeof chatMirrorSchema> & { url: string }>;
  statusSubscribers: { email: number; webhook: number };
};

function fresh(): TestDb {
  return {
    setup: { needsAdmin: false, empty: false, demoLoaded: false, demoMode: false, demoAccounts: [] },
    users: Object.values(USERS).map((user) => ({ ...user })),
    teams: TEAMS.map((team) => ({ ...team, members: [...team.members] })),
    profiles: new Map(),
    tokens: [],
    invites: new Map(),
    audit: [],
    sessionUserId: USERS.admin.id,
    services: [],
    incidents: [],
    timelines: new Map(),
    schedules: [],
    feeds: [],
    policies: new Map(),
    maintenanceWindows: [],
    // Every channel configured unless a test says otherwise, so previews page by SMS and voice.
    channels: (['email', 'sms', 'voice', 'webhook'] as const).map((channel) => ({ channel, configured: true, detail: 'Configured (test)' })),
    seq: 100,
    ackLinks: [],
    inAppPages: [],
    channelTests: [],
    verifications: new Map(),
    runbooks: [],
    runbookRuns: [],
    incidentAlerts: new Map(),
    postmortems: [],
    presence: new Map(),
    metricIncidents: [],
    metricPages: [],
    statusComponents: [],
    publicIncidents: [],
    statusMaintenances: [],
    chatMirrors: [],
    statusSubscribers: { email: 0, webhook: 0 },
  };
}

export const db: TestDb = fresh();

export function resetDb(): void {
  Object.assign(db, fresh());
}

export function seed(
  data: Partial<Pick<TestDb, 'users' | 'teams' | 'services' | 'incidents' | 'tokens' | 'audit' | 'schedules' | 'feeds' | 'maintenanceWindows' | 'channels'>> & {
    setup?: Partial<SetupStatus>;
    timelines?: Record<string, TimelineEventDto[]>;
    policies?: EscalationPolicyDto[];
    profiles?: Record<string, TestProfileExtras>;
  },
): void {
  if (data.setup) db.setup = { ...db.setup, ...data.setup };
  if (data.users) db.users = data.users;
  if (data.teams) db.teams = data.teams;
  if (data.services) db.services = data.services;
  if (data.incidents) db.incidents = data.incidents;
  if (data.tokens) db.tokens = data.tokens;
  if (data.audit) db.audit = data.audit;
  if (data.schedules) db.schedules = data.schedules;
  if (data.feeds) db.feeds = data.feeds;
  if (data.maintenanceWindows) db.maintenanceWindows = data.maintenanceWindows;
  if (data.channels) db.channels = data.channels;
  for (const policy of data.policies ?? []) db.policies.set(policy.serviceId, policy);
  for (const [id, extras] of Object.entries(data.profiles ?? {})) db.profiles.set(id, extras);
  for (const [id, events] of Object.entries(data.timelines ?? {})) db.timelines.set(id, events);
}

/** Signs the browser in as one of the fixture people (by role), or out with null. */
export function signInAs(who: keyof typeof USERS | null): void {
  db.sessionUserId = who === null ? null : USERS[who].id;
}

export function currentUser(): TestUser | undefined {
  return db.users.find((user) => user.id === db.sessionUserId);
}

/** A person as the API shows them, with their teams worked out from the team records. */
export function personDto(user: TestUser): PersonDto {
  const { password, ...person } = user;
  const teams = db.teams.flatMap((team) => team.members.filter((m) => m.userId === user.id).map((m) => ({ id: team.id, name: team.name, manager: m.manager })));
  return { ...person, hasPassword: password !== null, teams };
}

export function profileDto(user: TestUser): ProfileDto {
  return { ...personDto(user), ...(db.profiles.get(user.id) ?? { p1BreaksQuietHours: false, contactMethods: [], notificationRules: [] }) };
}

export function teamDto(team: TestTeam): TeamDto {
  return { ...team, members: team.members.map((m) => ({ ...m, name: db.users.find((u) => u.id === m.userId)?.name ?? m.userId })) };
}

/** Appends as the server does: one of the contract's recorded kinds, checked by the same schema. */
export function appendEvent(incident: IncidentDto, actor: Actor, body: RecordedEventBody): TimelineEventDto {
  db.seq += 1;
  const event: TimelineEventDto = { seq: db.seq, at: new Date().toISOString(), incidentId: incident.id, serviceId: incident.serviceId, actor, ...recordedEventBodySchema.parse(body) };
  db.timelines.set(incident.id, [...(db.timelines.get(incident.id) ?? []), event]);
  return event;
}

export function updateIncident(id: string, change: Partial<IncidentDto>): IncidentDto {
  const index = db.incidents.findIndex((incident) => incident.id === id);
  const next = { ...db.incidents[index]!, ...change };
  db.incidents[index] = next;
  return next;
}
