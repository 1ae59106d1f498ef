import { HttpResponse, http } from 'msw';
import type { JsonBodyType } from 'msw';
import { z } from 'zod';
import type { CalendarFeedList, CreatedFeedDto } from '../contracts/feeds';
import type { IncidentDto } from '../contracts/incidents';
import type { TimelineEventDto } from '../contracts/timeline-events';
import { TIMELINE_ORDER, declareIncidentBodySchema, incidentListOrder, incidentListQuerySchema, noteBodySchema, patchIncidentBodySchema, timelineQuerySchema } from '../contracts/incidents';
import { CURSOR_PROBLEM } from '../contracts/pagination';
import { pageOfList } from './paging';
import { API, allow, apiError, body, invalid, principal, reply } from './msw-kit';
import { escalationHandlers } from './escalation-handlers';
import { pagingHandlers } from './paging-handlers';
import { actionItemHandlers } from './action-item-handlers';
import { metricsHandlers } from './metrics-handlers';
import { postmortemHandlers } from './postmortem-handlers';
import { runbookHandlers } from './runbook-handlers';
import { statusPageHandlers } from './status-page-handlers';
import type { AuditEntryDto, PersonDto, ProfileDto, TeamDto } from '../contracts/people';
import {
  acceptInviteBodySchema,
  AUDIT_ORDER,
  auditQuerySchema,
  changePasswordBodySchema,
  createApiTokenBodySchema,
  firstAdminBodySchema,
  invitePersonBodySchema,
  signInBodySchema,
  teamBodySchema,
  updatePersonBodySchema,
  updateProfileBodySchema,
} from '../contracts/people';
import type { ScheduleDto } from '../contracts/schedules';
import { createOverrideBodySchema, createScheduleBodySchema, scheduleProblems, segmentsQuerySchema, toDomainSchedule, updateOverrideBodySchema, updateScheduleBodySchema } from '../contracts/schedules';
import type { ServiceDto, ServiceWithKeysDto } from '../contracts/services';
import { backupSchedule } from '../domain/schedule/backup';
import { fairness } from '../domain/schedule/fairness';
import { isInQuietHours } from '../domain/schedule/quiet-instants';
import { onCallAt, resolveSegments } from '../domain/schedule/resolve';
import { parseLocalTime } from '../domain/people/quiet-hours';
import type { EpochMs } from '../domain/time/instant';
import { createServiceBodySchema, renameServiceBodySchema, serviceAsSeenBy } from '../contracts/services';
import { canEditService, canEditTeamResource, roleRank } from '../domain/access/roles';
import type { SetupStatus } from '../contracts/setup';
import { appendEvent, db, personDto, profileDto, teamDto, updateIncident } from './db';
import type { TestFeed } from './db';
import type { TestUser } from './fixtures';
import { makeIncident, makeKey, makeService, minutesAgo } from './fixtures';

/**
 * msw handlers that behave like the real API: request bodies are checked with the same contract
 * schemas the server uses (so a client that sends a wrong shape, or a leftover field, fails here
 * too), answers are typed by the contract, and every route applies the server's access rule:
 * 401 while signed out, 403 when the role (or, for services, the team) does not allow it.
 */

/** A JSON answer whose body the compiler checks against `T`, widened so one handler can return several kinds. */

const noContent = () => new HttpResponse(null, { status: 204 }) as unknown as HttpResponse<JsonBodyType>;




const badCursor = () => apiError(400, 'invalid_request', `cursor ${CURSOR_PROBLEM}`, [{ field: 'cursor', problem: CURSOR_PROBLEM }]);


/** Acknowledge, resolve and key actions take no body: who acts comes from the session. */
const emptyBody = z.object({}).strict();

const notFound = (what: string) => apiError(404, 'not_found', `${what} not found`);
const conflict = (message: string, field?: string) => apiError(409, 'conflict', message, field ? [{ field, problem: message }] : undefined);

const sameName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();




/** Admins edit every service; managers only those of teams they manage. */
function mayEditService(user: TestUser, service: ServiceWithKeysDto): boolean {
  return canEditService(principal(user), service.teamId);
}

const actorOf = (user: TestUser) => ({ type: 'person' as const, name: user.name });

function findIncident(id: string | readonly string[] | undefined): IncidentDto | undefined {
  return db.incidents.find((incident) => incident.id === id);
}

function withKeys(service: ServiceWithKeysDto, keys: ServiceWithKeysDto['integrationKeys']): ServiceWithKeysDto {
  const ordered = [...keys].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
  return { ...service, integrationKeys: ordered, integrationKey: ordered.find((key) => key.revokedAt === null)?.key ?? null };
}

function saveService(next: ServiceWithKeysDto): ServiceWithKeysDto {
  db.services = db.services.map((service) => (service.id === next.id ? next : service));
  return next;
}

function serviceForEdit(id: unknown, caller: TestUser): ServiceWithKeysDto | HttpResponse<JsonBodyType> {
  const service = db.services.find((s) => s.id === id);
  if (!service) return notFound(`service ${String(id)}`);
  if (!mayEditService(caller, service)) return apiError(403, 'forbidden', "Only an admin or a manager of this service's team may change it");
  return service;
}

let counter = 0;
const nextId = (prefix: string) => `${prefix}-${(counter += 1)}`;

function session(user: TestUser) {
  db.sessionUserId = user.id;
  return { user: personDto(user), demoMode: db.setup.demoMode };
}

function newInvite(userId: string): string {
  const token = `invite-token-${(counter += 1)}`;
  for (const [key, id] of db.invites) if (id === userId) db.invites.delete(key);
  db.invites.set(token, userId);
  return `/invite/${token}`;
}

const sessionAndPeopleHandlers = [
  http.get(`${API}/setup`, () => reply<SetupStatus>(db.setup)),

  http.post(`${API}/setup/admin`, async ({ request }) => {
    const parsed = firstAdminBodySchema.safeParse(await body(request));
    if (!parsed.success) return invalid(parsed.error);
    if (db.users.length > 0) return conflict('an administrator already exists; sign in instead');
    const user: TestUser = { id: nextId('p'), ...parsed.data, role: 'admin', quietHours: null, hasPassword: true, password: parsed.data.password };
    db.users.push(user);
    db.setup = { ...db.setup, needsAdmin: false };
    return reply(session(user), 201);
  }),

  http.post(
    `${API}/setup/demo`,
    allow('people:admin', () => {
      if (!db.setup.empty) return conflict('the database already holds services; the demo loads only into an empty one');
      const orders = makeService({ id: 'svc-orders', name: 'Orders database', openIncidentCount: 1 });
      db.services = [orders];
      db.incidents = [makeIncident({ title: 'Orders DB connection pool exhausted', severity: 'P1', serviceId: orders.id, serviceName: orders.name, triggeredAt: minutesAgo(38) })];
      db.setup = { ...db.setup, empty: false, demoLoaded: true };
      return reply({ empty: false, demoLoaded: true }, 201);
    }),
  ),

  http.get(
    `${API}/session`,
    allow('read', (_, caller) => reply({ user: personDto(caller), demoMode: db.setup.demoMode })),
  ),

  http.post(`${API}/session`, async ({ request }) => {
    const parsed = signInBodySchema.safeParse(await body(request));
    if (!parsed.success) return invalid(parsed.error);
    const user = db.users.find((u) => sameName(u.email, parsed.data.email));
    if (!user || user.password === null || user.password !== parsed.data.password) return apiError(401, 'invalid_credentials', 'E-mail or password is wrong');
    return reply(session(user));
  }),

  http.delete(
    `${API}/session`,
    allow('self:edit', () => {
      db.sessionUserId = null;
      return noContent();
    }),
  ),

  http.get(`${API}/invites/:token`, ({ params }) => {
    // As on the server: a link works only for someone who has no password yet.
    const user = db.users.find((u) => u.id === db.invites.get(String(params['token'])) && u.password === null);
    return user ? reply({ name: user.name, email: user.email }) : notFound('invitation');
  }),

  http.post(`${API}/invites/:token`, async ({ request, params }) => {
    const parsed = acceptInviteBodySchema.safeParse(await body(request));
    if (!parsed.success) return invalid(parsed.error);
    const token = String(params['token']);
    const user = db.users.find((u) => u.id === db.invites.get(token) && u.password === null);
    if (!user) return notFound('invitation');
    db.invites.delete(token);
    user.password = parsed.data.password;
    user.hasPassword = true;
    return reply(session(user));
  }),

  http.get(
    `${API}/me`,
    allow('self:edit', (_, caller) => reply<ProfileDto>(profileDto(caller))),
  ),

  http.patch(
    `${API}/me`,
    allow('self:edit', async ({ request }, caller) => {
      const parsed = updateProfileBodySchema.safeParse(await body(request));
      if (!parsed.success) return invalid(parsed.error);
      const { contactMethods, notificationRules, p1BreaksQuietHours, ...person } = parsed.data;
      const current = profileDto(caller);
      db.profiles.set(caller.id, { p1BreaksQuietHours: p1BreaksQuietHours ?? current.p1BreaksQuietHours, contactMethods: current.contactMethods, notificationRules: current.notificationRules });
      Object.assign(caller, Object.fromEntries(Object.entries(person).filter(([, value]) => value !== undefined)));
      if (contactMethods) {
        const before = profileDto(caller).contactMethods;
        const methods = contactMethods.map((m) => ({
          id: nextId('cm'),
          kind: m.kind,
          address: m.address,
          // Verification belongs to an address: an unchanged one stays verified.
          verified: before.some((old) => old.kind === m.kind && old.address === m.address && old.verified),
        }));
        const rules = (notificationRules ?? []).map((r) => ({ id: nextId('nr'), urgency: r.urgency, contactMethodId: methods[r.contactIndex]!.id, delayMinutes: r.delayMinutes }));
        db.profiles.set(caller.id, { p1BreaksQuietHours: profileDto(caller).p1BreaksQuietHours, contactMethods: methods, notificationRules: rules });
      }
      return reply<ProfileDto>(profileDto(caller));
    }),
  ),

  http.post(
    `${API}/me/password`,
    allow('self:edit', async ({ request }, caller) => {
      const parsed = changePasswordBodySchema.safeParse(await body(request));
      if (!parsed.success) return invalid(parsed.error);
      if (parsed.data.currentPassword !== caller.password) return apiError(400, 'invalid_request', 'currentPassword is wrong', [{ field: 'currentPassword', problem: 'is wrong' }]);
      caller.password = parsed.data.newPassword;
      return noContent();
    }),
  ),

  http.get(
    `${API}/me/tokens`,
    allow('self:edit', (_, caller) => reply({ items: db.tokens.filter((t) => t.userId === caller.id).map(({ userId: _userId, ...token }) => token) })),
  ),

  http.post(
    `${API}/me/tokens`,
    allow('self:edit', async ({ request }, caller) => {
      const parsed = createApiTokenBodySchema.safeParse(await body(request));
      if (!parsed.success) return invalid(parsed.error);
      if (roleRank(parsed.data.role) > roleRank(caller.role)) {
        return apiError(403, 'forbidden', `a token cannot have a higher role than yours (${caller.role})`, [{ field: 'role', problem: 'is higher than your own role' }]);
      }
      const id = nextId('tok');
      db.tokens.push({ id, userId: caller.id, name: parsed.data.name, role: parsed.data.role, createdAt: new Date().toISOString(), lastUsedAt: null, revokedAt: null });
      return reply({ id, name: parsed.data.name, role: parsed.data.role, token: `fwt_${id}_s3cr3t` }, 201);
    }),
  ),

  http.delete(
    `${API}/me/tokens/:id`,
    allow('self:edit', ({ params }, caller) => {
      const token = db.tokens.find((t) => t.id === params['id'] && t.userId === caller.id);
      if (!token) return notFound('API token');
      if (token.revokedAt) return conflict('this token is already revoked');
      token.revokedAt = new Date().toISOString();
      return noContent();
    }),
  ),

  http.get(
    `${API}/people`,
    allow('read', () => reply<{ items: PersonDto[] }>({ items: db.users.map(personDto) })),
  ),

  http.post(
    `${API}/people`,
    allow('people:admin', async ({ request }) => {
      const parsed = invitePersonBodySchema.safeParse(await body(request));
      if (!parsed.success) return invalid(parsed.error);
      if (db.users.some((u) => sameName(u.email, parsed.data.email))) return conflict(`someone with the e-mail ${parsed.data.email} already exists`, 'email');
      const user: TestUser = { id: nextId('p'), ...parsed.data, quietHours: null, hasPassword: false, password: null };
      db.users.push(user);
      return reply({ person: personDto(user), inviteUrl: newInvite(user.id) }, 201);
    }),
  ),

  http.patch(
    `${API}/people/:id`,
    allow('people:admin', async ({ request, params }) => {
      const user = db.users.find((u) => u.id === params['id']);
      if (!user) return notFound(`person ${String(params['id'])}`);
      const parsed = updatePersonBodySchema.safeParse(await body(request));
      if (!parsed.success) return invalid(parsed.error);
      const admins = db.users.filter((u) => u.role === 'admin');
      if (parsed.data.role && parsed.data.role !== 'admin' && user.role === 'admin' && admins.length === 1) {
        return conflict('this is the last administrator; make someone else admin first', 'role');
      }
      if (parsed.data.role) user.role = parsed.data.role;
      if (parsed.data.name) user.name = parsed.data.name;
      return reply<PersonDto>(personDto(user));
    }),
  ),

  http.post(
    `${API}/people/:id/invite`,
    allow('people:admin', ({ params }) => {
      const user = db.users.find((u) => u.id === params['id']);
      if (!user) return notFound(`person ${String(params['id'])}`);
      if (user.password !== null) return conflict(`${user.name} has already set a password; an invitation link is only for someone who has not`);
      return reply({ inviteUrl: newInvite(user.id) }, 201);
    }),
  ),

  http.get(
    `${API}/teams`,
    allow('read', () => reply<{ items: TeamDto[] }>({ items: db.teams.map(teamDto) })),
  ),

  ...(['post', 'put'] as const).map((method) =>
    http[method](
      method === 'post' ? `${API}/teams` : `${API}/teams/:id`,
      allow('people:admin', async ({ request, params }) => {
        const parsed = teamBodySchema.safeParse(await body(request));
        if (!parsed.success) return invalid(parsed.error);
        const id = method === 'put' ? String(params['id']) : nextId('team');
        if (method === 'put' && !db.teams.some((t) => t.id === id)) return notFound(`team ${id}`);
        if (db.teams.some((t) => t.id !== id && sameName(t.name, parsed.data.name))) return conflict(`a team named "${parsed.data.name}" already exists`, 'name');
        const team = { id, name: parsed.data.name, members: parsed.data.members };
        db.teams = method === 'put' ? db.teams.map((t) => (t.id === id ? team : t)) : [...db.teams, team];
        return reply<TeamDto>(teamDto(team), method === 'post' ? 201 : 200);
      }),
    ),
  ),

  http.get(
    `${API}/audit`,
    allow('audit:read', ({ request }) => {
      const query = auditQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
      if (!query.success) return invalid(query.error);
      const { actor, action, targetType, before, limit, cursor } = query.data;
      const matching = db.audit.filter((e) => (!actor || e.actor.name === actor) && (!action || e.action.startsWith(action)) && (!targetType || e.target.type === targetType) && (!before || e.seq < before));
      const page = pageOfList(matching, AUDIT_ORDER, (e) => [e.seq], -1, { cursor, limit });
      return page ? reply<{ items: AuditEntryDto[]; nextCursor: string | null }>(page) : badCursor();
    }),
  ),
];

const serviceHandlers = [
  http.get(
    `${API}/services`,
    allow('read', (_, caller) =>
      reply<{ items: ServiceDto[] }>({ items: [...db.services].sort((a, b) => a.name.localeCompare(b.name)).map((service) => serviceAsSeenBy(service, principal(caller))) }),
    ),
  ),

  http.post(
    `${API}/services`,
    allow('service:edit', async ({ request }, caller) => {
      const parsed = createServiceBodySchema.safeParse(await body(request));
      if (!parsed.success) return invalid(parsed.error);
      const { name, teamId } = parsed.data;
      // As the server: the team asked for (which the caller must manage), else the only one they manage.
      const managed = principal(caller).managedTeamIds;
      const team = teamId ?? (managed.length === 1 ? managed[0] : undefined);
      if (!team) return apiError(400, 'invalid_request', 'teamId is required: say which team owns the service', [{ field: 'teamId', problem: 'is required' }]);
      if (!db.teams.some((t) => t.id === team)) return apiError(400, 'invalid_request', 'teamId names no team', [{ field: 'teamId', problem: 'names no team' }]);
      if (!canEditTeamResource(principal(caller), team)) return apiError(403, 'forbidden', 'You may only create services for teams you manage', [{ field: 'teamId', problem: 'is not a team you manage' }]);
      if (db.services.some((service) => sameName(service.name, name))) return conflict(`a service named "${name}" already exists`, 'name');
      const service = makeService({ name, teamId: team, integrationKeys: [makeKey({ createdAt: new Date().toISOString() })] });
      db.services.push(service);
      db.setup = { ...db.setup, empty: false };
      return reply<ServiceDto>(service, 201);
    }),
  ),

  http.patch(
    `${API}/services/:id`,
    allow('service:edit', async ({ request, params }, caller) => {
      const service = serviceForEdit(params['id'], caller);
      if (service instanceof HttpResponse) return service;
      const parsed = renameServiceBodySchema.safeParse(await body(request));
      if (!parsed.success) return invalid(parsed.error);
      if (db.services.some((s) => s.id !== service.id && sameName(s.name, parsed.data.name))) return conflict(`a service named "${parsed.data.name}" already exists`, 'name');
      return reply<ServiceDto>(saveService({ ...service, name: parsed.data.name }));
    }),
  ),

  http.post(
    `${API}/services/:id/integration-keys`,
    allow('service:edit', async ({ request, params }, caller) => {
      const service = serviceForEdit(params['id'], caller);
      if (service instanceof HttpResponse) return service;
      const parsed = emptyBody.safeParse((await body(request)) ?? {});
      if (!parsed.success) return invalid(parsed.error);
      return reply<ServiceDto>(saveService(withKeys(service, [...service.integrationKeys, makeKey({ createdAt: new Date().toISOString() })])), 201);
    }),
  ),

  http.post(
    `${API}/services/:id/integration-keys/:keyId/rotate`,
    allow('service:edit', async ({ request, params }, caller) => {
      const service = serviceForEdit(params['id'], caller);
      if (service instanceof HttpResponse) return service;
      const parsed = emptyBody.safeParse((await body(request)) ?? {});
      if (!parsed.success) return invalid(parsed.error);
      const key = service.integrationKeys.find((k) => k.id === params['keyId']);
      if (!key) return notFound('integration key');
      if (key.revokedAt) return conflict('this integration key is already revoked; add a new key instead');
      const now = new Date().toISOString();
      const keys = service.integrationKeys.map((k) => (k.id === key.id ? { ...k, revokedAt: now } : k));
      return reply<ServiceDto>(saveService(withKeys(service, [...keys, makeKey({ createdAt: new Date(Date.now() + 1).toISOString() })])), 201);
    }),
  ),

  http.delete(
    `${API}/services/:id/integration-keys/:keyId`,
    allow('service:edit', async ({ request, params }, caller) => {
      const service = serviceForEdit(params['id'], caller);
      if (service instanceof HttpResponse) return service;
      const parsed = emptyBody.safeParse((await body(request)) ?? {});
      if (!parsed.success) return invalid(parsed.error);
      const key = service.integrationKeys.find((k) => k.id === params['keyId']);
      if (!key) return notFound('integration key');
      if (key.revokedAt) return conflict('this integration key is already revoked');
      const keys = service.integrationKeys.map((k) => (k.id === key.id ? { ...k, revokedAt: new Date().toISOString() } : k));
      return reply<ServiceDto>(saveService(withKeys(service, keys)));
    }),
  ),
];

const incidentHandlers = [
  http.get(
    `${API}/incidents`,
    allow('read', ({ request }) => {
      const query = incidentListQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
      if (!query.success) return invalid(query.error);
      const { state, serviceId, severity, limit, cursor } = query.data;
      const items = db.incidents.filter(
        (i) =>
          (state === 'all' || (state === 'open' ? i.state !== 'resolved' : i.state === 'resolved')) &&
          (!serviceId || i.serviceId === serviceId) &&
          (!severity || i.severity === severity),
      );
      const order = incidentListOrder(state);
      const page = pageOfList(items, order, (i) => order.keyOf({ ...i, triggeredAt: Date.parse(i.triggeredAt) }), state === 'open' ? 1 : -1, { cursor, limit });
      return page ? reply<{ items: IncidentDto[]; nextCursor: string | null }>(page) : badCursor();
    }),
  ),

  http.post(
    `${API}/incidents`,
    allow('incident:act', async ({ request }, caller) => {
      const parsed = declareIncidentBodySchema.strict().safeParse(await body(request));
      if (!parsed.success) return invalid(parsed.error);
      const service = db.services.find((s) => s.id === parsed.data.serviceId);
      if (!service) return apiError(400, 'invalid_request', 'serviceId names no service', [{ field: 'serviceId', problem: 'names no service' }]);
      const incident = makeIncident({
        title: parsed.data.title,
        severity: parsed.data.severity,
        serviceId: service.id,
        serviceName: service.name,
        commander: parsed.data.commander ?? null,
        triggeredAt: new Date().toISOString(),
        alertCount: 0,
        lastAlertAt: null,
        source: 'manual',
      });
      db.incidents.push(incident);
      appendEvent(incident, actorOf(caller), { kind: 'incident.declared', data: { title: incident.title, severity: incident.severity, commander: incident.commander } });
      return reply<IncidentDto>(incident, 201);
    }),
  ),

  http.get(
    `${API}/incidents/:id`,
    allow('read', ({ params }) => {
      const incident = findIncident(params['id']);
      return incident ? reply<IncidentDto>(incident) : notFound(`incident ${String(params['id'])}`);
    }),
  ),

  http.get(
    `${API}/incidents/:id/timeline`,
    allow('read', ({ params, request }) => {
      const incident = findIncident(params['id']);
      if (!incident) return notFound(`incident ${String(params['id'])}`);
      const query = timelineQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
      if (!query.success) return invalid(query.error);
      const page = pageOfList(db.timelines.get(incident.id) ?? [], TIMELINE_ORDER, (e) => [e.seq], 1, query.data);
      return page ? reply<{ items: TimelineEventDto[]; nextCursor: string | null }>(page) : badCursor();
    }),
  ),

  http.post(
    `${API}/incidents/:id/acknowledge`,
    allow('incident:act', async ({ request, params }, caller) => {
      const incident = findIncident(params['id']);
      if (!incident) return notFound(`incident ${String(params['id'])}`);
      const parsed = emptyBody.safeParse((await body(request)) ?? {});
      if (!parsed.success) return invalid(parsed.error);
      if (incident.state === 'resolved') return conflict('cannot acknowledge: the incident is already resolved');
      if (incident.state === 'acknowledged') return reply<IncidentDto>(incident);
      const next = updateIncident(incident.id, { state: 'acknowledged', acknowledgedAt: new Date().toISOString() });
      appendEvent(next, actorOf(caller), { kind: 'incident.acknowledged', data: {} });
      return reply<IncidentDto>(next);
    }),
  ),

  http.post(
    `${API}/incidents/:id/resolve`,
    allow('incident:act', async ({ request, params }, caller) => {
      const incident = findIncident(params['id']);
      if (!incident) return notFound(`incident ${String(params['id'])}`);
      const parsed = emptyBody.safeParse((await body(request)) ?? {});
      if (!parsed.success) return invalid(parsed.error);
      if (incident.state === 'resolved') return reply<IncidentDto>(incident);
      const next = updateIncident(incident.id, { state: 'resolved', phase: 'resolved', resolvedAt: new Date().toISOString() });
      appendEvent(next, actorOf(caller), { kind: 'incident.resolved', data: { previousState: incident.state, previousPhase: incident.phase } });
      return reply<IncidentDto>(next);
    }),
  ),

  http.post(
    `${API}/incidents/:id/notes`,
    allow('incident:act', async ({ request, params }, caller) => {
      const incident = findIncident(params['id']);
      if (!incident) return notFound(`incident ${String(params['id'])}`);
      const parsed = noteBodySchema.strict().safeParse(await body(request));
      if (!parsed.success) return invalid(parsed.error);
      const { text, statusUpdate } = parsed.data;
      const current = statusUpdate ? updateIncident(incident.id, { lastStatusUpdateAt: new Date().toISOString() }) : incident;
      const event = appendEvent(current, actorOf(caller), { kind: statusUpdate ? 'incident.status_update' : 'incident.note', data: { text, phase: incident.phase } });
      return reply<TimelineEventDto>(event, 201);
    }),
  ),

  http.patch(
    `${API}/incidents/:id`,
    allow('incident:act', async ({ request, params }, caller) => {
      const incident = findIncident(params['id']);
      if (!incident) return notFound(`incident ${String(params['id'])}`);
      const parsed = patchIncidentBodySchema.safeParse(await body(request));
      if (!parsed.success) return invalid(parsed.error);
      const changes = parsed.data;
      const actor = actorOf(caller);
      let next = incident;
      if (changes.severity && changes.severity !== incident.severity) {
        next = updateIncident(incident.id, { severity: changes.severity });
        appendEvent(next, actor, { kind: 'incident.severity_changed', data: { from: incident.severity, to: changes.severity } });
      }
      if (changes.phase && changes.phase !== incident.phase) {
        next = updateIncident(incident.id, { phase: changes.phase });
        appendEvent(next, actor, { kind: 'incident.phase_changed', data: { from: incident.phase, to: changes.phase } });
      }
      if (changes.title && changes.title !== incident.title) {
        next = updateIncident(incident.id, { title: changes.title });
        appendEvent(next, actor, { kind: 'incident.title_changed', data: { from: incident.title, to: changes.title } });
      }
      for (const role of ['commander', 'scribe'] as const) {
        const value = changes[role];
        if (value !== undefined && value !== incident[role]) {
          next = updateIncident(incident.id, { [role]: value });
          appendEvent(next, actor, { kind: 'incident.role_changed', data: { role, from: incident[role], to: value } });
        }
      }
      return reply<IncidentDto>(next);
    }),
  ),
];

/** A stale write, answered as the server does: 409 with the schedule as it is now. */
function staleVersion(schedule: ScheduleDto) {
  return reply({ error: { code: 'stale_version', message: `This schedule changed since you loaded it (now version ${schedule.version}); nothing was saved`, fields: [{ field: 'version', problem: `is ${schedule.version} now` }] }, current: schedule }, 409);
}

function saveSchedule(next: ScheduleDto): ScheduleDto {
  db.schedules = db.schedules.map((s) => (s.id === next.id ? next : s));
  return next;
}

const teamOf = (teamId: string) => db.teams.find((t) => t.id === teamId);
const inTeam = (teamId: string, userId: string) => teamOf(teamId)?.members.some((m) => m.userId === userId) ?? false;

/** As the server: a manager of the team (or an admin) places anyone in the team; others only themselves. */
function overrideRefusal(caller: TestUser, schedule: ScheduleDto, userId: string) {
  if (!canEditTeamResource(principal(caller), schedule.teamId) && userId !== caller.id) {
    return apiError(403, 'forbidden', 'You may only put yourself on call; ask a manager of the team to override someone else', [{ field: 'userId', problem: 'is not you' }]);
  }
  if (!inTeam(schedule.teamId, userId)) return apiError(400, 'invalid_request', "userId is not a member of the schedule's team", [{ field: 'userId', problem: "is not a member of the schedule's team" }]);
  return undefined;
}

function resolveBoth(schedule: ScheduleDto, window: { start: EpochMs; end: EpochMs }) {
  const domain = toDomainSchedule(schedule);
  const primary = resolveSegments(domain, window);
  const backup = schedule.backupLag === null ? null : resolveSegments(backupSchedule(domain, schedule.backupLag), window);
  return { primary, backup };
}

const isoOf = (at: number) => new Date(at).toISOString();
const DAY = 86_400_000;

function onCallPerson(domain: ReturnType<typeof toDomainSchedule> | null, now: EpochMs) {
  if (!domain) return null;
  const userId = onCallAt(domain, now);
  if (userId === null) return null;
  const user = db.users.find((u) => u.id === userId);
  const first = resolveSegments(domain, { start: now, end: (now + 60 * DAY) as EpochMs }).segments[0];
  const quiet = user?.quietHours ? { start: parseLocalTime(user.quietHours.start)!, end: parseLocalTime(user.quietHours.end)! } : null;
  return { userId, name: user?.name ?? userId, until: first && first.userId === userId ? isoOf(first.end) : null, inQuietHours: quiet && user ? isInQuietHours(quiet, user.timeZone, now) : false };
}

function scheduleForEdit(id: unknown): ScheduleDto | HttpResponse<JsonBodyType> {
  const schedule = db.schedules.find((s) => s.id === id);
  return schedule ?? notFound(`schedule ${String(id)}`);
}

const scheduleHandlers = [
  http.get(
    `${API}/schedules`,
    allow('read', () => reply<{ items: ScheduleDto[] }>({ items: db.schedules })),
  ),

  http.get(
    `${API}/schedules/:id`,
    allow('read', ({ params }) => {
      const schedule = scheduleForEdit(params['id']);
      return schedule instanceof HttpResponse ? schedule : reply<ScheduleDto>(schedule);
    }),
  ),

  http.post(
    `${API}/schedules`,
    allow('service:edit', async ({ request }, caller) => {
      const parsed = createScheduleBodySchema.safeParse(await body(request));
      if (!parsed.success) return invalid(parsed.error);
      if (!canEditTeamResource(principal(caller), parsed.data.teamId)) return apiError(403, 'forbidden', "Only an admin or a manager of this schedule's team may change it");
      const schedule: ScheduleDto = { id: nextId('sch'), version: 1, overrides: [], ...parsed.data };
      db.schedules.push(schedule);
      return reply<ScheduleDto>(schedule, 201);
    }),
  ),

  http.put(
    `${API}/schedules/:id`,
    allow('service:edit', async ({ request, params }, caller) => {
      const schedule = scheduleForEdit(params['id']);
      if (schedule instanceof HttpResponse) return schedule;
      if (!canEditTeamResource(principal(caller), schedule.teamId)) return apiError(403, 'forbidden', "Only an admin or a manager of this schedule's team may change it");
      const parsed = updateScheduleBodySchema.safeParse(await body(request));
      if (!parsed.success) return invalid(parsed.error);
      if (parsed.data.version !== schedule.version) return staleVersion(schedule);
      const { version: _version, ...changes } = parsed.data;
      const defined = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
      return reply<ScheduleDto>(saveSchedule({ ...schedule, ...defined, version: schedule.version + 1 }));
    }),
  ),

  http.post(
    `${API}/schedules/:id/overrides`,
    allow('incident:act', async ({ request, params }, caller) => {
      const schedule = scheduleForEdit(params['id']);
      if (schedule instanceof HttpResponse) return schedule;
      const parsed = createOverrideBodySchema.safeParse(await body(request));
      if (!parsed.success) return invalid(parsed.error);
      if (parsed.data.version !== schedule.version) return staleVersion(schedule);
      const refusal = overrideRefusal(caller, schedule, parsed.data.userId);
      if (refusal) return refusal;
      const { userId, start, end } = parsed.data;
      const override = { id: nextId('ovr'), userId, start, end, createdBy: caller.id };
      return reply<ScheduleDto>(saveSchedule({ ...schedule, version: schedule.version + 1, overrides: [...schedule.overrides, override] }), 201);
    }),
  ),

  http.put(
    `${API}/schedules/:id/overrides/:overrideId`,
    allow('incident:act', async ({ request, params }, caller) => {
      const schedule = scheduleForEdit(params['id']);
      if (schedule instanceof HttpResponse) return schedule;
      const parsed = updateOverrideBodySchema.safeParse(await body(request));
      if (!parsed.success) return invalid(parsed.error);
      if (parsed.data.version !== schedule.version) return staleVersion(schedule);
      if (!schedule.overrides.some((o) => o.id === params['overrideId'])) return notFound('override');
      const refusal = overrideRefusal(caller, schedule, parsed.data.userId);
      if (refusal) return refusal;
      const { userId, start, end } = parsed.data;
      const overrides = schedule.overrides.map((o) => (o.id === params['overrideId'] ? { ...o, userId, start, end } : o));
      return reply<ScheduleDto>(saveSchedule({ ...schedule, version: schedule.version + 1, overrides }));
    }),
  ),

  http.delete(
    `${API}/schedules/:id/overrides/:overrideId`,
    allow('incident:act', ({ request, params }, caller) => {
      const schedule = scheduleForEdit(params['id']);
      if (schedule instanceof HttpResponse) return schedule;
      const version = Number(new URL(request.url).searchParams.get('version'));
      if (!Number.isInteger(version)) return apiError(400, 'invalid_request', 'version is required', [{ field: 'version', problem: 'is required (the version this change is based on)' }]);
      if (version !== schedule.version) return staleVersion(schedule);
      const override = schedule.overrides.find((o) => o.id === params['overrideId']);
      if (!override) return notFound('override');
      const refusal = overrideRefusal(caller, schedule, override.userId);
      if (refusal) return refusal;
      return reply<ScheduleDto>(saveSchedule({ ...schedule, version: schedule.version + 1, overrides: schedule.overrides.filter((o) => o !== override) }));
    }),
  ),

  http.get(
    `${API}/schedules/:id/segments`,
    allow('read', ({ request, params }) => {
      const schedule = scheduleForEdit(params['id']);
      if (schedule instanceof HttpResponse) return schedule;
      const query = segmentsQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
      if (!query.success) return invalid(query.error);
      const { primary, backup } = resolveBoth(schedule, { start: Date.parse(query.data.from) as EpochMs, end: Date.parse(query.data.to) as EpochMs });
      const spans = <T extends { start: number; end: number }>(items: T[]) => items.map((i) => ({ ...i, start: isoOf(i.start), end: isoOf(i.end) }));
      return reply({
        window: { start: query.data.from, end: query.data.to },
        primary: { segments: spans(primary.segments), gaps: spans(primary.gaps), layers: primary.layers.map((l) => ({ layerId: l.layerId, segments: spans(l.segments) })), overrides: spans(primary.overrides) },
        backup: backup ? { segments: spans(backup.segments), gaps: spans(backup.gaps) } : null,
      });
    }),
  ),

  http.get(
    `${API}/schedules/:id/fairness`,
    allow('read', ({ request, params }) => {
      const schedule = scheduleForEdit(params['id']);
      if (schedule instanceof HttpResponse) return schedule;
      const query = segmentsQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
      if (!query.success) return invalid(query.error);
      const window = { start: Date.parse(query.data.from) as EpochMs, end: Date.parse(query.data.to) as EpochMs };
      const { primary, backup } = resolveBoth(schedule, window);
      const members = (teamOf(schedule.teamId)?.members ?? []).map((m) => db.users.find((u) => u.id === m.userId)).filter((u): u is TestUser => u !== undefined);
      const report = fairness([...primary.segments, ...(backup?.segments ?? [])], members.map((u) => ({ id: u.id, zone: u.timeZone })), window);
      return reply({ meanHours: report.meanHours, people: report.people.map((row) => ({ ...row, name: members.find((u) => u.id === row.userId)?.name ?? row.userId })) });
    }),
  ),

  http.get(
    `${API}/on-call`,
    allow('read', () => {
      const now = Date.now() as EpochMs;
      const items = db.schedules.map((schedule) => {
        const fields = scheduleProblems(schedule);
        if (fields.length > 0) return { scheduleId: schedule.id, name: schedule.name, zone: schedule.zone, teamId: schedule.teamId, primary: null, backup: null, error: { code: 'invalid_schedule', message: 'This schedule cannot be resolved until it is repaired', fields } };
        const domain = toDomainSchedule(schedule);
        const backup = schedule.backupLag === null ? null : backupSchedule(domain, schedule.backupLag);
        return {
          scheduleId: schedule.id,
          name: schedule.name,
          zone: schedule.zone,
          teamId: schedule.teamId,
          primary: onCallPerson(domain, now),
          backup: onCallPerson(backup, now),
          error: null,
        };
      });
      return reply({ items });
    }),
  ),
];

function newFeed(caller: TestUser, kind: TestFeed['kind'], targetId: string) {
  const id = nextId('feed');
  const feed: TestFeed = { id, ownerId: caller.id, kind, targetId, token: `feed-secret-${id}`, createdAt: new Date().toISOString(), revokedAt: null };
  db.feeds.push(feed);
  return reply<CreatedFeedDto>({ id, url: `/api/v1/feeds/${feed.token}.ics` }, 201);
}

/** As the server: any reader may publish a schedule; the URL's secret is the only credential of the feed itself. */
const feedHandlers = [
  http.post(
    `${API}/schedules/:id/feeds`,
    allow('read', ({ params }, caller) => {
      const schedule = scheduleForEdit(params['id']);
      return schedule instanceof HttpResponse ? schedule : newFeed(caller, 'schedule', schedule.id);
    }),
  ),

  http.post(
    `${API}/me/feeds`,
    allow('self:edit', (_, caller) => newFeed(caller, 'person', caller.id)),
  ),

  http.get(
    `${API}/me/feeds`,
    allow('self:edit', (_, caller) => {
      const mine = db.feeds.filter((f) => f.ownerId === caller.id).sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
      return reply<CalendarFeedList>({ items: mine.map(({ id, kind, targetId, createdAt, revokedAt }) => ({ id, kind, targetId, createdAt, revokedAt })) });
    }),
  ),

  http.delete(
    `${API}/me/feeds/:id`,
    allow('self:edit', ({ params }, caller) => {
      const feed = db.feeds.find((f) => f.id === params['id'] && f.ownerId === caller.id);
      if (!feed) return notFound('calendar feed');
      if (feed.revokedAt) return conflict('this feed is already revoked');
      feed.revokedAt = new Date().toISOString();
      return noContent();
    }),
  ),

  http.get(`${API}/feeds/:file`, ({ params }) => {
    const token = String(params['file']).replace(/\.ics$/, '');
    const feed = db.feeds.find((f) => f.token === token && f.revokedAt === null);
    if (!feed) return notFound('calendar feed');
    return new HttpResponse('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Firewatch//On-call//EN\r\nEND:VCALENDAR\r\n', { headers: { 'content-type': 'text/calendar; charset=utf-8' } }) as unknown as HttpResponse<JsonBodyType>;
  }),
];

export const handlers = [...sessionAndPeopleHandlers, ...serviceHandlers, ...incidentHandlers, ...scheduleHandlers, ...feedHandlers, ...escalationHandlers, ...pagingHandlers, ...runbookHandlers, ...postmortemHandlers, ...actionItemHandlers, ...metricsHandlers, ...statusPageHandlers];
