import { HttpResponse, http } from 'msw';
import type { JsonBodyType } from 'msw';
import type { EscalationPolicyDto, EscalationPolicyViewDto, LintFindingDto, MaintenanceWindowDto, PagingPersonDto } from '../contracts/escalation';
import { createMaintenanceWindowBodySchema, policyFromDto, putEscalationPolicyBodySchema, putPolicyProblems } from '../contracts/escalation';
import type { ScheduleDto } from '../contracts/schedules';
import type { ServiceWithKeysDto } from '../contracts/services';
import { canEditService, roleAllows } from '../domain/access/roles';
import { directoryFrom } from '../domain/escalation/directory';
import { lintPolicy } from '../domain/escalation/lint';
import { maskAddress } from '../domain/escalation/mask';
import type { PagingPerson } from '../domain/escalation/model';
import { DEFAULT_URGENCY_BY_SEVERITY } from '../domain/escalation/policy';
import type { EscalationTarget } from '../domain/escalation/policy';
import { parseLocalTime } from '../domain/people/quiet-hours';
import type { EpochMs } from '../domain/time/instant';
import { directorySchedules } from '../features/escalation/model/directory';
import { db, profileDto } from './db';
import { API, allow, apiError, body, invalid, invalidFields, principal, reply } from './msw-kit';
import type { TestUser } from './fixtures';

/**
 * The escalation policy, its view and maintenance windows, as the server answers them: bodies
 * checked by the contract and the domain's policy rules, targets checked against the people and
 * schedules, a stale version answered 409 with the current policy, and the lint computed by the
 * domain's `lintPolicy` over a directory built by the domain's `directoryFrom`, as the server does.
 */










function findService(id: unknown): ServiceWithKeysDto | HttpResponse<JsonBodyType> {
  return db.services.find((s) => s.id === id) ?? apiError(404, 'not_found', `service ${String(id)} not found`);
}

function serviceForEdit(id: unknown, caller: TestUser): ServiceWithKeysDto | HttpResponse<JsonBodyType> {
  const service = findService(id);
  if (service instanceof HttpResponse) return service;
  if (!canEditService(principal(caller), service.teamId)) return apiError(403, 'forbidden', "Only an admin or a manager of this service's team may change its escalation policy");
  return service;
}

const canAcknowledge = (user: TestUser) => roleAllows(user.role, 'incident:act');

function pagingPerson(user: TestUser): PagingPerson {
  const profile = profileDto(user);
  const start = user.quietHours ? parseLocalTime(user.quietHours.start) : undefined;
  const end = user.quietHours ? parseLocalTime(user.quietHours.end) : undefined;
  return {
    id: user.id,
    name: user.name,
    zone: user.timeZone,
    quietHours: start !== undefined && end !== undefined && start !== end ? { start, end } : null,
    p1BreaksQuietHours: profile.p1BreaksQuietHours,
    canAcknowledge: canAcknowledge(user),
    contacts: profile.contactMethods.map((c) => ({ id: c.id, kind: c.kind, address: c.address, verified: c.verified })),
    rules: profile.notificationRules.map((r) => ({ id: r.id, urgency: r.urgency, contactMethodId: r.contactMethodId, delayMinutes: r.delayMinutes })),
  };
}

function pagingPersonDto(person: PagingPerson): PagingPersonDto {
  const time = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  return {
    ...person,
    quietHours: person.quietHours ? { start: time(person.quietHours.start), end: time(person.quietHours.end) } : null,
    contacts: person.contacts.map((c) => ({ ...c, address: maskAddress(c.kind, c.address) })),
    rules: [...person.rules],
  };
}

/** The server's directory over the whole test database (unmasked addresses: the engine pages them). */
function directory() {
  return directoryFrom({ people: db.users.map(pagingPerson), schedules: directorySchedules(db.schedules), configuredChannels: db.channels.filter((c) => c.configured).map((c) => c.channel) });
}

const isoOf = (at: number) => new Date(at).toISOString();

function lintOf(policy: EscalationPolicyDto | null): LintFindingDto[] {
  return lintPolicy({ policy: policy ? policyFromDto(policy) : null, directory: directory(), from: Date.now() as EpochMs }).map((f) => ({
    ...f,
    window: f.window ? { start: isoOf(f.window.start), end: isoOf(f.window.end) } : null,
  }));
}

function viewOf(service: ServiceWithKeysDto): EscalationPolicyViewDto {
  const policy = db.policies.get(service.id) ?? null;
  const targets = policy?.levels.flatMap((l) => l.targets) ?? [];
  const targeted = new Set(targets.flatMap((t) => (t.type === 'schedule' ? [t.scheduleId] : [])));
  const schedules: ScheduleDto[] = db.schedules.filter((s) => targeted.has(s.id) || s.teamId === service.teamId);
  const members = db.teams.find((t) => t.id === service.teamId)?.members.map((m) => m.userId) ?? [];
  const ids = new Set([
    ...targets.flatMap((t) => (t.type === 'user' ? [t.userId] : [])),
    ...schedules.flatMap((s) => [...s.layers.flatMap((l) => l.participants), ...s.overrides.map((o) => o.userId)]),
    ...members,
  ]);
  const people = db.users
    .filter((u) => ids.has(u.id))
    .map((u) => pagingPersonDto(pagingPerson(u)))
    .sort((a, b) => a.name.localeCompare(b.name));
  return { policy, lint: lintOf(policy), people, schedules, channels: db.channels };
}

/** As the server: each target must name someone who can acknowledge, or a schedule that exists. */
function targetProblems(levels: ReadonlyArray<{ targets: readonly EscalationTarget[] }>) {
  const fields: Array<{ field: string; problem: string }> = [];
  levels.forEach((level, i) =>
    level.targets.forEach((target, j) => {
      if (target.type === 'user') {
        const user = db.users.find((u) => u.id === target.userId);
        if (!user) fields.push({ field: `levels.${i}.targets.${j}.userId`, problem: 'names nobody' });
        else if (!canAcknowledge(user)) fields.push({ field: `levels.${i}.targets.${j}.userId`, problem: 'is a viewer and cannot acknowledge pages' });
      } else if (!db.schedules.some((s) => s.id === target.scheduleId)) {
        fields.push({ field: `levels.${i}.targets.${j}.scheduleId`, problem: 'names no schedule' });
      }
    }),
  );
  return fields;
}

function stale(current: EscalationPolicyDto | undefined) {
  const now = current ? `now version ${current.version}` : 'it has been deleted';
  return apiError(
    409,
    'stale_version',
    `This escalation policy changed since you loaded it (${now}); nothing was saved`,
    [{ field: 'version', problem: current ? `is ${current.version} now` : 'names a policy that no longer exists' }],
    { current: current ?? null },
  );
}

let counter = 0;
const nextId = (prefix: string) => `${prefix}-${(counter += 1)}`;

export const escalationHandlers = [
  http.get(
    `${API}/services/:id/escalation-policy`,
    allow('read', ({ params }) => {
      const service = findService(params['id']);
      return service instanceof HttpResponse ? service : reply<EscalationPolicyViewDto>(viewOf(service));
    }),
  ),

  http.put(
    `${API}/services/:id/escalation-policy`,
    allow('service:edit', async ({ request, params }, caller) => {
      const service = serviceForEdit(params['id'], caller);
      if (service instanceof HttpResponse) return service;
      const parsed = putEscalationPolicyBodySchema.safeParse(await body(request));
      if (!parsed.success) return invalid(parsed.error);
      const { version, ...rest } = parsed.data;
      const stored = {
        levels: rest.levels.map((level) => ({ id: level.id ?? nextId('level'), escalateAfterMinutes: level.escalateAfterMinutes, targets: level.targets })),
        repeat: rest.repeat,
        ackTimeoutMinutes: rest.ackTimeoutMinutes,
        urgencyBySeverity: rest.urgencyBySeverity ?? { ...DEFAULT_URGENCY_BY_SEVERITY },
        lowUrgency: rest.lowUrgency,
      };
      const problems = putPolicyProblems(policyFromDto(stored));
      if (problems.length > 0) return invalidFields(problems);
      const targets = targetProblems(stored.levels);
      if (targets.length > 0) return invalidFields(targets);
      const before = db.policies.get(service.id);
      if (version === null ? before !== undefined : before?.version !== version) return stale(before);
      const after: EscalationPolicyDto = { serviceId: service.id, version: (before?.version ?? 0) + 1, ...stored, updatedAt: new Date().toISOString() };
      db.policies.set(service.id, after);
      return reply<EscalationPolicyDto>(after);
    }),
  ),

  http.delete(
    `${API}/services/:id/escalation-policy`,
    allow('service:edit', ({ request, params }, caller) => {
      const service = serviceForEdit(params['id'], caller);
      if (service instanceof HttpResponse) return service;
      const version = Number(new URL(request.url).searchParams.get('version'));
      if (!Number.isInteger(version)) return invalidFields([{ field: 'version', problem: 'is required (the version this change is based on)' }]);
      const before = db.policies.get(service.id);
      if (!before) return apiError(404, 'not_found', `escalation policy of service ${service.id} not found`);
      if (before.version !== version) return stale(before);
      db.policies.delete(service.id);
      return new HttpResponse(null, { status: 204 }) as unknown as HttpResponse<JsonBodyType>;
    }),
  ),

  http.get(
    `${API}/services/:id/maintenance-windows`,
    allow('read', ({ params }) => {
      const service = findService(params['id']);
      if (service instanceof HttpResponse) return service;
      return reply<{ items: MaintenanceWindowDto[] }>({ items: db.maintenanceWindows.filter((w) => w.serviceId === service.id) });
    }),
  ),

  http.post(
    `${API}/services/:id/maintenance-windows`,
    allow('service:edit', async ({ request, params }, caller) => {
      const service = serviceForEdit(params['id'], caller);
      if (service instanceof HttpResponse) return service;
      const parsed = createMaintenanceWindowBodySchema.safeParse(await body(request));
      if (!parsed.success) return invalid(parsed.error);
      const start = parsed.data.start ?? new Date().toISOString();
      if (Date.parse(parsed.data.end) <= Date.parse(start)) return invalidFields([{ field: 'end', problem: 'must be after start' }]);
      const window: MaintenanceWindowDto = { id: nextId('mw'), serviceId: service.id, start, end: parsed.data.end, reason: parsed.data.reason, createdBy: caller.id, endedEarlyAt: null };
      db.maintenanceWindows.push(window);
      return reply<MaintenanceWindowDto>(window, 201);
    }),
  ),

  http.post(
    `${API}/services/:id/maintenance-windows/:windowId/end`,
    allow('service:edit', ({ params }, caller) => {
      const service = serviceForEdit(params['id'], caller);
      if (service instanceof HttpResponse) return service;
      const index = db.maintenanceWindows.findIndex((w) => w.id === params['windowId'] && w.serviceId === service.id);
      if (index < 0) return apiError(404, 'not_found', 'maintenance window not found');
      const window = db.maintenanceWindows[index]!;
      if (window.endedEarlyAt !== null || Date.parse(window.end) <= Date.now()) return apiError(409, 'conflict', 'this maintenance window has already ended');
      const ended = { ...window, endedEarlyAt: new Date().toISOString() };
      db.maintenanceWindows[index] = ended;
      return reply<MaintenanceWindowDto>(ended);
    }),
  ),
];
