import { HttpResponse, http } from 'msw';
import type { JsonBodyType } from 'msw';
import type { z } from 'zod';
import type { ApiError } from '../contracts/common';
import { personName } from '../contracts/common';
import type { IncidentDto, TimelineEventDto } from '../contracts/incidents';
import { declareIncidentBodySchema, incidentActionBodySchema, incidentListQuerySchema, noteBodySchema, patchIncidentBodySchema } from '../contracts/incidents';
import type { PersonDto, SetupStatus } from '../contracts/setup';
import type { ServiceDto } from '../contracts/services';
import { createServiceBodySchema, renameServiceBodySchema } from '../contracts/services';
import { compareForDashboard } from '../domain/incident/lifecycle';
import { appendEvent, db, updateIncident } from './db';
import { makeIncident, makeKey, makeService, minutesAgo } from './fixtures';

/**
 * msw handlers that behave like the real API: request bodies are checked with the same contract
 * schemas the server uses (so a client that sends a wrong shape fails here too), and answers are
 * typed by the contract.
 */
const API = '*/api/v1';

/** A JSON answer whose body the compiler checks against `T`, widened so one handler can return several kinds. */
function reply<T extends JsonBodyType>(data: T, status = 200): HttpResponse<JsonBodyType> {
  return HttpResponse.json<JsonBodyType>(data, { status });
}

export function apiError(status: number, code: string, message: string, fields?: Array<{ field: string; problem: string }>): HttpResponse<JsonBodyType> {
  return reply<ApiError>({ error: { code, message, ...(fields ? { fields } : {}) } }, status);
}

function invalid(error: z.ZodError) {
  const fields = error.issues.map((issue) => ({ field: issue.path.map(String).join('.') || '(body)', problem: issue.message }));
  return apiError(400, 'invalid_request', fields.map((f) => `${f.field} ${f.problem}`).join('; '), fields);
}

async function body(request: Request): Promise<unknown> {
  const text = await request.text();
  return text ? (JSON.parse(text) as unknown) : undefined;
}

const person = (name: string | undefined) => ({ type: 'person' as const, name: name?.trim() || 'Anonymous' });

function findIncident(id: string | readonly string[] | undefined): IncidentDto | undefined {
  return db.incidents.find((incident) => incident.id === id);
}

const notFound = (what: string) => apiError(404, 'not_found', `${what} not found`);

const sameName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

function withKeys(service: ServiceDto, keys: ServiceDto['integrationKeys']): ServiceDto {
  const ordered = [...keys].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
  return { ...service, integrationKeys: ordered, integrationKey: ordered.find((key) => key.revokedAt === null)?.key ?? null };
}

function saveService(next: ServiceDto): ServiceDto {
  db.services = db.services.map((service) => (service.id === next.id ? next : service));
  return next;
}

export const handlers = [
  http.get(`${API}/setup`, () => reply<SetupStatus>(db.setup)),

  http.post(`${API}/setup/demo`, () => {
    if (!db.setup.empty) return apiError(409, 'conflict', 'the example organisation can only be loaded into an empty Firewatch');
    const orders = makeService({ id: 'svc-orders', name: 'Orders database', openIncidentCount: 1 });
    db.services = [orders];
    db.incidents = [makeIncident({ title: 'Orders DB connection pool exhausted', severity: 'P1', serviceId: orders.id, serviceName: orders.name, triggeredAt: minutesAgo(38) })];
    db.setup = { empty: false, demoLoaded: true };
    return reply<SetupStatus>(db.setup, 201);
  }),

  http.get(`${API}/people`, () => reply<{ items: PersonDto[] }>({ items: db.people })),

  http.get(`${API}/services`, () => reply<{ items: ServiceDto[] }>({ items: [...db.services].sort((a, b) => a.name.localeCompare(b.name)) })),

  http.post(`${API}/services`, async ({ request }) => {
    const parsed = createServiceBodySchema.extend({ actor: personName.optional() }).safeParse(await body(request));
    if (!parsed.success) return invalid(parsed.error);
    const { name } = parsed.data;
    if (db.services.some((service) => sameName(service.name, name))) {
      const message = `a service named "${name}" already exists`;
      return apiError(409, 'conflict', message, [{ field: 'name', problem: message }]);
    }
    const service = makeService({ name, integrationKeys: [makeKey({ createdAt: new Date().toISOString() })] });
    db.services.push(service);
    db.setup = { ...db.setup, empty: false };
    return reply<ServiceDto>(service, 201);
  }),

  http.patch(`${API}/services/:id`, async ({ request, params }) => {
    const service = db.services.find((s) => s.id === params['id']);
    if (!service) return notFound(`service ${String(params['id'])}`);
    const parsed = renameServiceBodySchema.extend({ actor: personName.optional() }).safeParse(await body(request));
    if (!parsed.success) return invalid(parsed.error);
    if (db.services.some((s) => s.id !== service.id && sameName(s.name, parsed.data.name))) {
      const message = `a service named "${parsed.data.name}" already exists`;
      return apiError(409, 'conflict', message, [{ field: 'name', problem: message }]);
    }
    return reply<ServiceDto>(saveService({ ...service, name: parsed.data.name }));
  }),

  http.post(`${API}/services/:id/integration-keys`, ({ params }) => {
    const service = db.services.find((s) => s.id === params['id']);
    if (!service) return notFound(`service ${String(params['id'])}`);
    return reply<ServiceDto>(saveService(withKeys(service, [...service.integrationKeys, makeKey({ createdAt: new Date().toISOString() })])), 201);
  }),

  http.post(`${API}/services/:id/integration-keys/:keyId/rotate`, ({ params }) => {
    const service = db.services.find((s) => s.id === params['id']);
    const key = service?.integrationKeys.find((k) => k.id === params['keyId']);
    if (!service || !key) return notFound('integration key');
    if (key.revokedAt) return apiError(409, 'conflict', 'this integration key is already revoked; add a new key instead');
    const now = new Date().toISOString();
    const keys = service.integrationKeys.map((k) => (k.id === key.id ? { ...k, revokedAt: now } : k));
    return reply<ServiceDto>(saveService(withKeys(service, [...keys, makeKey({ createdAt: new Date(Date.now() + 1).toISOString() })])), 201);
  }),

  http.delete(`${API}/services/:id/integration-keys/:keyId`, ({ params }) => {
    const service = db.services.find((s) => s.id === params['id']);
    const key = service?.integrationKeys.find((k) => k.id === params['keyId']);
    if (!service || !key) return notFound('integration key');
    if (key.revokedAt) return apiError(409, 'conflict', 'this integration key is already revoked');
    const keys = service.integrationKeys.map((k) => (k.id === key.id ? { ...k, revokedAt: new Date().toISOString() } : k));
    return reply<ServiceDto>(saveService(withKeys(service, keys)));
  }),

  http.get(`${API}/incidents`, ({ request }) => {
    const query = incidentListQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!query.success) return invalid(query.error);
    const { state, serviceId, severity, limit } = query.data;
    const items = db.incidents.filter(
      (i) =>
        (state === 'all' || (state === 'open' ? i.state !== 'resolved' : i.state === 'resolved')) &&
        (!serviceId || i.serviceId === serviceId) &&
        (!severity || i.severity === severity),
    );
    const key = (i: IncidentDto) => ({ id: i.id, severity: i.severity, triggeredAt: Date.parse(i.triggeredAt) });
    items.sort(state === 'open' ? (a, b) => compareForDashboard(key(a), key(b)) : (a, b) => Date.parse(b.triggeredAt) - Date.parse(a.triggeredAt));
    return reply<{ items: IncidentDto[] }>({ items: items.slice(0, limit) });
  }),

  http.post(`${API}/incidents`, async ({ request }) => {
    const parsed = declareIncidentBodySchema.safeParse(await body(request));
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
    appendEvent(incident, 'incident.declared', person(parsed.data.actor), { title: incident.title, severity: incident.severity, commander: incident.commander });
    return reply<IncidentDto>(incident, 201);
  }),

  http.get(`${API}/incidents/:id`, ({ params }) => {
    const incident = findIncident(params['id']);
    return incident ? reply<IncidentDto>(incident) : notFound(`incident ${String(params['id'])}`);
  }),

  http.get(`${API}/incidents/:id/timeline`, ({ params }) => {
    const incident = findIncident(params['id']);
    if (!incident) return notFound(`incident ${String(params['id'])}`);
    return reply<{ items: TimelineEventDto[] }>({ items: db.timelines.get(incident.id) ?? [] });
  }),

  http.post(`${API}/incidents/:id/acknowledge`, async ({ request, params }) => {
    const incident = findIncident(params['id']);
    if (!incident) return notFound(`incident ${String(params['id'])}`);
    const parsed = incidentActionBodySchema.safeParse((await body(request)) ?? {});
    if (!parsed.success) return invalid(parsed.error);
    if (incident.state === 'resolved') return apiError(409, 'conflict', 'cannot acknowledge: the incident is already resolved');
    if (incident.state === 'acknowledged') return reply<IncidentDto>(incident);
    const next = updateIncident(incident.id, { state: 'acknowledged', acknowledgedAt: new Date().toISOString() });
    appendEvent(next, 'incident.acknowledged', person(parsed.data.actor));
    return reply<IncidentDto>(next);
  }),

  http.post(`${API}/incidents/:id/resolve`, async ({ request, params }) => {
    const incident = findIncident(params['id']);
    if (!incident) return notFound(`incident ${String(params['id'])}`);
    const parsed = incidentActionBodySchema.safeParse((await body(request)) ?? {});
    if (!parsed.success) return invalid(parsed.error);
    if (incident.state === 'resolved') return reply<IncidentDto>(incident);
    const next = updateIncident(incident.id, { state: 'resolved', phase: 'resolved', resolvedAt: new Date().toISOString() });
    appendEvent(next, 'incident.resolved', person(parsed.data.actor), { previousState: incident.state, previousPhase: incident.phase });
    return reply<IncidentDto>(next);
  }),

  http.post(`${API}/incidents/:id/notes`, async ({ request, params }) => {
    const incident = findIncident(params['id']);
    if (!incident) return notFound(`incident ${String(params['id'])}`);
    const parsed = noteBodySchema.safeParse(await body(request));
    if (!parsed.success) return invalid(parsed.error);
    const { text, statusUpdate, actor } = parsed.data;
    const current = statusUpdate ? updateIncident(incident.id, { lastStatusUpdateAt: new Date().toISOString() }) : incident;
    const event = appendEvent(current, statusUpdate ? 'incident.status_update' : 'incident.note', person(actor), { text, phase: incident.phase });
    return reply<TimelineEventDto>(event, 201);
  }),

  http.patch(`${API}/incidents/:id`, async ({ request, params }) => {
    const incident = findIncident(params['id']);
    if (!incident) return notFound(`incident ${String(params['id'])}`);
    const parsed = patchIncidentBodySchema.safeParse(await body(request));
    if (!parsed.success) return invalid(parsed.error);
    const { actor, ...changes } = parsed.data;
    let next = incident;
    if (changes.severity && changes.severity !== incident.severity) {
      next = updateIncident(incident.id, { severity: changes.severity });
      appendEvent(next, 'incident.severity_changed', person(actor), { from: incident.severity, to: changes.severity });
    }
    if (changes.phase && changes.phase !== incident.phase) {
      next = updateIncident(incident.id, { phase: changes.phase });
      appendEvent(next, 'incident.phase_changed', person(actor), { from: incident.phase, to: changes.phase });
    }
    if (changes.title && changes.title !== incident.title) {
      next = updateIncident(incident.id, { title: changes.title });
      appendEvent(next, 'incident.title_changed', person(actor), { from: incident.title, to: changes.title });
    }
    for (const role of ['commander', 'scribe'] as const) {
      const value = changes[role];
      if (value !== undefined && value !== incident[role]) {
        next = updateIncident(incident.id, { [role]: value });
        appendEvent(next, 'incident.role_changed', person(actor), { role, from: incident[role], to: value });
      }
    }
    return reply<IncidentDto>(next);
  }),
];
