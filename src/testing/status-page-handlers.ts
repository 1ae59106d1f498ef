import { HttpResponse, http } from 'msw';
import type { HttpHandler, JsonBodyType } from 'msw';
import type { ComponentDto, PublicIncidentDto } from '../contracts/status-page';
import {
  createChatMirrorSchema,
  createComponentSchema,
  createMaintenanceSchema,
  postPublicUpdateSchema,
  publishIncidentSchema,
  updateComponentSchema,
} from '../contracts/status-page';
import { PHASES } from '../domain/incident/lifecycle';
import { impactOf } from '../domain/status-page/components';
import { nextPublicUpdateDue } from '../domain/status-page/cadence';
import { draftPublicMessage, draftPublicTitle } from '../domain/status-page/templates';
import { epochMs } from '../domain/time/instant';
import { db } from './db';
import { API, allow, apiError, body, invalid, invalidFields, reply } from './msw-kit';

/**
 * The status page's admin API as the server answers it: bodies checked by the contract's schemas,
 * drafts, impact and the public cadence from the same domain rules (templates.ts, components.ts,
 * cadence.ts), 409 for a second publication, a stale version or deleting a component an open
 * public incident names, and a component id that names nothing refused with 400 naming the field.
 */

const iso = (ms: number) => new Date(ms).toISOString();
const noContent = () => new HttpResponse(null, { status: 204 }) as unknown as HttpResponse<JsonBodyType>;
const notFound = (what: string) => apiError(404, 'not_found', `${what} not found`);
let counter = 0;
const nextId = (prefix: string) => `${prefix}-${(counter += 1)}`;

function componentOrder(a: ComponentDto, b: ComponentDto): number {
  return (a.group ?? '').localeCompare(b.group ?? '') || a.position - b.position || a.name.localeCompare(b.name);
}

/** Components an incident's service is linked to: what the draft names. */
function affectedBy(serviceId: string | null): ComponentDto[] {
  return db.statusComponents.filter((c) => serviceId !== null && c.serviceIds.includes(serviceId)).sort(componentOrder);
}

function unknownComponents(list: ReadonlyArray<{ componentId: string }>, field = 'components') {
  const problems = list.flatMap((c, i) => (db.statusComponents.some((k) => k.id === c.componentId) ? [] : [{ field: `${field}[${i}].componentId`, problem: 'names no component' }]));
  return problems.length > 0 ? invalidFields(problems) : null;
}

function withNames(list: ReadonlyArray<{ componentId: string; status: ComponentDto['status'] }>): PublicIncidentDto['components'] {
  return list.map((c) => ({ ...c, name: db.statusComponents.find((k) => k.id === c.componentId)?.name ?? c.componentId }));
}

/** Public incidents move the components they name to the states they give, as on the server. */
function setStatuses(list: ReadonlyArray<{ componentId: string; status: ComponentDto['status'] }>, at: string) {
  db.statusComponents = db.statusComponents.map((c) => {
    const given = list.find((l) => l.componentId === c.id);
    return given ? { ...c, status: given.status, updatedAt: at } : c;
  });
}

function dueAfter(incidentId: string | null, lastAt: number, resolved: boolean): string | null {
  const incident = db.incidents.find((i) => i.id === incidentId);
  const due = nextPublicUpdateDue({ lastUpdateAt: epochMs(lastAt), severity: incident?.severity ?? 'P3', resolved });
  return due === null ? null : iso(due);
}

const componentHandlers = [
  http.get(`${API}/status/components`, allow('read', () => reply({ items: [...db.statusComponents].sort(componentOrder) }))),
  http.post(
    `${API}/status/components`,
    allow('status:edit', async ({ request }) => {
      const parsed = createComponentSchema.safeParse(await body(request));
      if (!parsed.success) return invalid(parsed.error);
      const { position, group, description, ...rest } = parsed.data;
      const inGroup = db.statusComponents.filter((c) => c.group === (group ?? null));
      const created: ComponentDto = { id: nextId('cmp'), ...rest, group: group ?? null, description: description ?? null, position: position ?? inGroup.length, updatedAt: iso(Date.now()) };
      db.statusComponents.push(created);
      return reply(created, 201);
    }),
  ),
  http.patch(
    `${API}/status/components/:id`,
    allow('status:edit', async ({ request, params }) => {
      const found = db.statusComponents.find((c) => c.id === params['id']);
      if (!found) return notFound('component');
      const parsed = updateComponentSchema.safeParse(await body(request));
      if (!parsed.success) return invalid(parsed.error);
      const change = Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined));
      const next: ComponentDto = { ...found, ...change, updatedAt: iso(Date.now()) };
      db.statusComponents = db.statusComponents.map((c) => (c.id === found.id ? next : c));
      return reply(next);
    }),
  ),
  http.delete(
    `${API}/status/components/:id`,
    allow('status:edit', ({ params }) => {
      const id = String(params['id']);
      if (!db.statusComponents.some((c) => c.id === id)) return notFound('component');
      const open = db.publicIncidents.find((p) => p.resolvedAt === null && p.components.some((c) => c.componentId === id));
      if (open) return apiError(409, 'conflict', `the open public incident "${open.title}" names this component`);
      db.statusComponents = db.statusComponents.filter((c) => c.id !== id);
      return noContent();
    }),
  ),
];

const publicIncidentHandlers = [
  http.get(`${API}/status/incidents`, allow('read', () => reply({ items: db.publicIncidents }))),
  http.get(
    `${API}/incidents/:id/public/draft`,
    allow('read', ({ params }) => {
      const incident = db.incidents.find((i) => i.id === params['id']);
      if (!incident) return notFound('incident');
      const components = affectedBy(incident.serviceId).map((c) => ({ componentId: c.id, name: c.name, status: c.status === 'operational' ? ('degraded_performance' as const) : c.status }));
      const names = components.map((c) => c.name);
      return reply({ title: draftPublicTitle(components), components, phase: 'investigating', messages: Object.fromEntries(PHASES.map((p) => [p, draftPublicMessage(p, names)])) });
    }),
  ),
  http.get(
    `${API}/incidents/:id/public`,
    allow('read', ({ params }) => {
      const found = db.publicIncidents.find((p) => p.incidentId === params['id']);
      return found ? reply(found) : notFound('public incident');
    }),
  ),
  http.post(
    `${API}/incidents/:id/public`,
    allow('incident:act', async ({ request, params }, caller) => {
      const incident = db.incidents.find((i) => i.id === params['id']);
      if (!incident) return notFound('incident');
      const parsed = publishIncidentSchema.safeParse(await body(request));
      if (!parsed.success) return invalid(parsed.error);
      if (db.publicIncidents.some((p) => p.incidentId === incident.id)) return apiError(409, 'conflict', 'this incident is already published');
      const unknown = unknownComponents(parsed.data.components);
      if (unknown) return unknown;
      const now = Date.now();
      const at = iso(now);
      setStatuses(parsed.data.components, at);
      const resolved = parsed.data.phase === 'resolved';
      const created: PublicIncidentDto = {
        id: nextId('pub'),
        incidentId: incident.id,
        title: parsed.data.title,
        impact: impactOf(parsed.data.components.map((c) => c.status)),
        phase: parsed.data.phase,
        components: withNames(parsed.data.components),
        updates: [{ id: nextId('upd'), phase: parsed.data.phase, body: parsed.data.message, components: parsed.data.components, createdAt: at, author: caller.name }],
        summary: null,
        createdAt: at,
        updatedAt: at,
        resolvedAt: resolved ? at : null,
        nextUpdateDueAt: dueAfter(incident.id, now, resolved),
        version: 1,
      };
      db.publicIncidents.push(created);
      return reply(created, 201);
    }),
  ),
  http.post(
    `${API}/incidents/:id/public/updates`,
    allow('incident:act', async ({ request, params }, caller) => {
      const found = db.publicIncidents.find((p) => p.incidentId === params['id']);
      if (!found) return notFound('public incident');
      const parsed = postPublicUpdateSchema.safeParse(await body(request));
      if (!parsed.success) return invalid(parsed.error);
      const data = parsed.data;
      if (data.version !== undefined && data.version !== found.version) return apiError(409, 'conflict', 'someone posted an update meanwhile; read it and post again', [{ field: 'version', problem: 'is stale' }]);
      const unknown = data.components ? unknownComponents(data.components) : null;
      if (unknown) return unknown;
      const resolved = data.phase === 'resolved';
      const given = data.components ?? found.components.map(({ componentId, status }) => ({ componentId, status }));
      const components = resolved && !data.components ? given.map((c) => ({ ...c, status: 'operational' as const })) : given;
      const now = Date.now();
      const at = iso(now);
      setStatuses(components, at);
      const { postmortemUrl: _ignored, ...summary } = data.summary ?? {};
      const pm = data.linkPostmortem ? db.postmortems.find((p) => p.incident.id === found.incidentId && p.status === 'published') : undefined;
      const next: PublicIncidentDto = {
        ...found,
        phase: data.phase,
        impact: impactOf(components.map((c) => c.status)),
        components: withNames(components),
        updates: [...found.updates, { id: nextId('upd'), phase: data.phase, body: data.message, components, createdAt: at, author: caller.name }],
        summary: resolved && data.summary ? { ...summary, ...(pm ? { postmortemUrl: `/postmortems/${pm.id}` } : {}) } : found.summary,
        updatedAt: at,
        resolvedAt: resolved ? (found.resolvedAt ?? at) : null,
        nextUpdateDueAt: dueAfter(found.incidentId, now, resolved),
        version: found.version + 1,
      };
      db.publicIncidents = db.publicIncidents.map((p) => (p.id === found.id ? next : p));
      return reply(next, 201);
    }),
  ),
];

const maintenanceHandlers = [
  http.get(`${API}/status/maintenances`, allow('read', () => reply({ items: db.statusMaintenances }))),
  http.post(
    `${API}/status/maintenances`,
    allow('status:edit', async ({ request }) => {
      const parsed = createMaintenanceSchema.safeParse(await body(request));
      if (!parsed.success) return invalid(parsed.error);
      const unknown = unknownComponents(parsed.data.componentIds.map((componentId) => ({ componentId })), 'componentIds');
      if (unknown) return unknown;
      const created = { id: nextId('mnt'), ...parsed.data, status: 'scheduled' as const };
      db.statusMaintenances.push(created);
      return reply(created, 201);
    }),
  ),
  http.delete(
    `${API}/status/maintenances/:id`,
    allow('status:edit', ({ params }) => {
      const found = db.statusMaintenances.find((m) => m.id === params['id']);
      if (!found) return notFound('maintenance');
      db.statusMaintenances = db.statusMaintenances.map((m) => (m.id === found.id ? { ...m, status: 'cancelled' as const } : m));
      return noContent();
    }),
  ),
];

const mirrorHandlers = [
  http.get(`${API}/status/chat-mirrors`, allow('status:edit', () => reply({ items: db.chatMirrors.map(({ url: _secret, ...m }) => m) }))),
  http.post(
    `${API}/status/chat-mirrors`,
    allow('status:edit', async ({ request }) => {
      const parsed = createChatMirrorSchema.safeParse(await body(request));
      if (!parsed.success) return invalid(parsed.error);
      const host = new URL(parsed.data.url).hostname;
      // The server's guarded client refuses loopback and private addresses unless configured; the common cases here.
      if (host === 'localhost' || /^(127\.|10\.|192\.168\.|169\.254\.)/.test(host)) return invalidFields([{ field: 'url', problem: 'must not point at a loopback, private or link-local address' }]);
      const known = parsed.data.scope === 'team' ? db.teams.some((t) => t.id === parsed.data.scopeId) : db.services.some((s) => s.id === parsed.data.scopeId);
      if (!known) return invalidFields([{ field: 'scopeId', problem: `names no ${parsed.data.scope}` }]);
      const created = { id: nextId('chat'), ...parsed.data, host, createdAt: iso(Date.now()) };
      db.chatMirrors.push(created);
      const { url: _secret, ...dto } = created;
      return reply(dto, 201);
    }),
  ),
  http.delete(
    `${API}/status/chat-mirrors/:id`,
    allow('status:edit', ({ params }) => {
      if (!db.chatMirrors.some((m) => m.id === params['id'])) return notFound('chat mirror');
      db.chatMirrors = db.chatMirrors.filter((m) => m.id !== params['id']);
      return noContent();
    }),
  ),
  http.post(
    `${API}/status/chat-mirrors/:id/test`,
    allow('status:edit', ({ params }) => {
      const found = db.chatMirrors.find((m) => m.id === params['id']);
      if (!found) return notFound('chat mirror');
      // A host named "fails…" stands for a chat that answers with an error.
      return reply(found.host.startsWith('fails') ? { ok: false, error: 'the chat answered 404 Not Found' } : { ok: true, error: null });
    }),
  ),
  http.get(`${API}/status/subscribers/summary`, allow('status:edit', () => reply(db.statusSubscribers))),
];

export const statusPageHandlers: HttpHandler[] = [...componentHandlers, ...publicIncidentHandlers, ...maintenanceHandlers, ...mirrorHandlers];
