import { HttpResponse, http } from 'msw';
import type { HttpHandler, JsonBodyType } from 'msw';
import type { PostmortemDto, PostmortemSectionDto, PostmortemSummaryDto, PresenceDto, TimelineDraftDto } from '../contracts/postmortems';
import type { IncidentDto } from '../contracts/incidents';
import { changeStatusBodySchema, createPostmortemBodySchema, patchPostmortemBodySchema, postmortemListQuerySchema, presenceBodySchema, saveSectionBodySchema } from '../contracts/postmortems';
import { roleAllows } from '../domain/access/roles';
import { postmortemMarkdown } from '../domain/postmortem/export';
import { impactDraft } from '../domain/postmortem/impact';
import { POSTMORTEM_LIMITS, POSTMORTEM_SECTIONS, canMove, defaultFollowUpOn, isEditable, isOpenStatus, isOverdue, isSectionKey, postmortemDueAt } from '../domain/postmortem/model';
import type { DraftEvent } from '../domain/postmortem/timeline-draft';
import { timelineEntries, timelineMarkdown } from '../domain/postmortem/timeline-draft';
import { epochMs } from '../domain/time/instant';
import { appendEvent, db } from './db';
import type { TestUser } from './fixtures';
import { API, allow, apiError, body, invalid, invalidFields, reply } from './msw-kit';

/**
 * Post-mortems as the server answers them: bodies checked by the contract, moves between statuses
 * by the model's `canMove`, a published one refusing every write with 409, a section over the
 * limit refused with 413 naming `body`, and a stale save answered 409 with both texts in
 * `error.details`. Action items (POST …/action-items, /action-items/*) are action-item-handlers.ts'.
 */

const PRESENCE_MS = 30_000;
const iso = (ms: number) => new Date(ms).toISOString();
const ref = (user: TestUser) => ({ id: user.id, name: user.name });
const notFound = (what: string) => apiError(404, 'not_found', `${what} not found`);
const published = () => apiError(409, 'postmortem_published', 'This post-mortem is published and read-only; reopen it to change it');

function withCounts(postmortem: PostmortemDto): PostmortemDto {
  const now = epochMs(Date.now());
  return {
    ...postmortem,
    openActionItems: postmortem.actionItems.filter((item) => isOpenStatus(item.status)).length,
    overdueActionItems: postmortem.actionItems.filter((item) => isOverdue(item, item.owner.timeZone, now)).length,
  };
}

/** The post-mortem as this caller sees it: whether they may edit it or move it depends on their role. */
export function postmortemAsSeenBy(postmortem: PostmortemDto, caller: TestUser): PostmortemDto {
  const acts = roleAllows(caller.role, 'incident:act');
  return { ...withCounts(postmortem), canEdit: acts && isEditable(postmortem.status), canChangeStatus: acts };
}

function summaryOf(postmortem: PostmortemDto): PostmortemSummaryDto {
  const { sections: _s, actionItems: _a, timelineThroughSeq: _t, canEdit: _e, canChangeStatus: _c, ...summary } = withCounts(postmortem);
  return summary;
}

function find(id: unknown): PostmortemDto | HttpResponse<JsonBodyType> {
  return db.postmortems.find((p) => p.id === id) ?? notFound(`post-mortem ${String(id)}`);
}

function store(next: PostmortemDto): PostmortemDto {
  db.postmortems = db.postmortems.map((p) => (p.id === next.id ? next : p));
  return next;
}

const epochOf = (text: string | null) => (text === null ? null : epochMs(Date.parse(text)));

/** The incident's log as the timeline draft reads it. */
function draftEvents(incidentId: string): DraftEvent[] {
  return (db.timelines.get(incidentId) ?? []).map((event) => ({ seq: event.seq, at: epochMs(Date.parse(event.at)), kind: event.kind, data: event.data, actor: event.actor }));
}

let counter = 0;

/** As the server creates one: the Timeline drafted from the log and Impact from the incident's numbers, both version 0. */
function createPostmortem(incident: IncidentDto, owner: TestUser, caller: TestUser): PostmortemDto {
  const now = Date.now();
  const events = draftEvents(incident.id);
  const impact = impactDraft({
    severity: incident.severity,
    triggeredAt: epochMs(Date.parse(incident.triggeredAt)),
    acknowledgedAt: epochOf(incident.acknowledgedAt),
    resolvedAt: epochOf(incident.resolvedAt),
    alertCount: incident.alertCount,
    services: [incident.serviceName],
  });
  const bodies: Partial<Record<PostmortemSectionDto['key'], string>> = { timeline: timelineMarkdown(timelineEntries(events)), impact };
  const dueAt = postmortemDueAt(epochOf(incident.resolvedAt));
  return {
    id: `pm-new-${(counter += 1)}`,
    incident: {
      id: incident.id,
      title: incident.title,
      severity: incident.severity,
      serviceId: incident.serviceId,
      serviceName: incident.serviceName,
      teamId: db.services.find((service) => service.id === incident.serviceId)?.teamId ?? null,
      triggeredAt: incident.triggeredAt,
      acknowledgedAt: incident.acknowledgedAt,
      resolvedAt: incident.resolvedAt,
      alertCount: incident.alertCount,
    },
    title: incident.title,
    status: 'draft',
    owner: ref(owner),
    dueAt: dueAt === null ? null : iso(dueAt),
    followUpOn: defaultFollowUpOn(epochMs(now), owner.timeZone),
    createdAt: iso(now),
    createdBy: ref(caller),
    updatedAt: iso(now),
    publishedAt: null,
    openActionItems: 0,
    overdueActionItems: 0,
    sections: POSTMORTEM_SECTIONS.map(({ key, title }) => ({ key, title, body: bodies[key] ?? '', version: 0, updatedAt: null, updatedBy: null })),
    actionItems: [],
    timelineThroughSeq: events.reduce((max, event) => Math.max(max, event.seq), 0),
    canEdit: true,
    canChangeStatus: true,
  };
}

const tooLarge = () =>
  apiError(413, 'payload_too_large', `The section is longer than ${POSTMORTEM_LIMITS.sectionChars} characters; nothing was saved`, [{ field: 'body', problem: `must be at most ${POSTMORTEM_LIMITS.sectionChars} characters` }]);

export const postmortemHandlers: HttpHandler[] = [
  http.get(
    `${API}/postmortems`,
    allow('read', ({ request }) => {
      const query = postmortemListQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
      if (!query.success) return invalid(query.error);
      const { status, incidentId } = query.data;
      const items = db.postmortems
        .filter((p) => (status === undefined || p.status === status) && (incidentId === undefined || p.incident.id === incidentId))
        .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt))
        .map(summaryOf);
      return reply<{ items: PostmortemSummaryDto[] }>({ items });
    }),
  ),

  http.get(
    `${API}/incidents/:id/postmortem`,
    allow('read', ({ params }, caller) => {
      const postmortem = db.postmortems.find((p) => p.incident.id === params['id']);
      return postmortem ? reply<PostmortemDto>(postmortemAsSeenBy(postmortem, caller)) : notFound(`post-mortem of incident ${String(params['id'])}`);
    }),
  ),

  http.post(
    `${API}/incidents/:id/postmortem`,
    allow('incident:act', async ({ request, params }, caller) => {
      const incident = db.incidents.find((i) => i.id === params['id']);
      if (!incident) return notFound(`incident ${String(params['id'])}`);
      const parsed = createPostmortemBodySchema.safeParse((await body(request)) ?? {});
      if (!parsed.success) return invalid(parsed.error);
      const existing = db.postmortems.find((p) => p.incident.id === incident.id);
      if (existing) return reply<PostmortemDto>(postmortemAsSeenBy(existing, caller));
      const owner = parsed.data.ownerId === undefined ? caller : db.users.find((u) => u.id === parsed.data.ownerId);
      if (!owner) return invalidFields([{ field: 'ownerId', problem: 'names no person' }]);
      const created = createPostmortem(incident, owner, caller);
      db.postmortems = [...db.postmortems, created];
      return reply<PostmortemDto>(postmortemAsSeenBy(created, caller), 201);
    }),
  ),

  http.get(
    `${API}/postmortems/:id/timeline-draft`,
    allow('read', ({ params }) => {
      const postmortem = find(params['id']);
      if (postmortem instanceof HttpResponse) return postmortem;
      const events = draftEvents(postmortem.incident.id);
      const taken = events.filter((event) => event.seq <= postmortem.timelineThroughSeq).reduce<DraftEvent | null>((last, event) => (last === null || event.seq > last.seq ? event : last), null);
      const entries = timelineEntries(events, { afterSeq: postmortem.timelineThroughSeq, previousAt: taken?.at ?? null });
      const throughSeq = events.reduce((max, event) => Math.max(max, event.seq), postmortem.timelineThroughSeq);
      return reply<TimelineDraftDto>({ entries: entries.map((entry) => ({ seq: entry.seq, at: iso(entry.at), line: entry.line })), throughSeq });
    }),
  ),

  http.get(
    `${API}/postmortems/:id/export.md`,
    allow('read', ({ params }) => {
      const postmortem = find(params['id']);
      if (postmortem instanceof HttpResponse) return postmortem;
      const { incident } = postmortem;
      const markdown = postmortemMarkdown({
        title: postmortem.title,
        status: postmortem.status,
        incident: { id: incident.id, title: incident.title, severity: incident.severity, serviceName: incident.serviceName, triggeredAt: epochMs(Date.parse(incident.triggeredAt)), resolvedAt: epochOf(incident.resolvedAt) },
        owner: postmortem.owner.name,
        followUpOn: postmortem.followUpOn,
        publishedAt: epochOf(postmortem.publishedAt),
        sections: postmortem.sections,
        actionItems: postmortem.actionItems.map((item) => ({ title: item.title, owner: item.owner.name, dueOn: item.dueOn, status: item.status, link: item.link, overdue: item.overdue })),
      });
      return new HttpResponse(markdown, {
        headers: { 'content-type': 'text/markdown; charset=utf-8', 'content-disposition': `attachment; filename="${postmortem.incident.id}-postmortem.md"` },
      }) as unknown as HttpResponse<JsonBodyType>;
    }),
  ),

  http.get(
    `${API}/postmortems/:id`,
    allow('read', ({ params }, caller) => {
      const postmortem = find(params['id']);
      return postmortem instanceof HttpResponse ? postmortem : reply<PostmortemDto>(postmortemAsSeenBy(postmortem, caller));
    }),
  ),

  http.patch(
    `${API}/postmortems/:id`,
    allow('incident:act', async ({ request, params }, caller) => {
      const postmortem = find(params['id']);
      if (postmortem instanceof HttpResponse) return postmortem;
      const parsed = patchPostmortemBodySchema.safeParse(await body(request));
      if (!parsed.success) return invalid(parsed.error);
      if (!isEditable(postmortem.status)) return published();
      const { title, ownerId, followUpOn } = parsed.data;
      let owner = postmortem.owner;
      if (ownerId !== undefined) {
        const person = db.users.find((u) => u.id === ownerId);
        if (!person) return invalidFields([{ field: 'ownerId', problem: 'names no person' }]);
        owner = ref(person);
      }
      const next = store({ ...postmortem, title: title ?? postmortem.title, owner, followUpOn: followUpOn ?? postmortem.followUpOn, updatedAt: iso(Date.now()) });
      // As the server does: the change is on the incident's timeline, naming only what changed.
      const details = {
        ...(next.title !== postmortem.title ? { title: next.title } : {}),
        ...(next.owner.id !== postmortem.owner.id ? { owner: { id: next.owner.id, name: next.owner.name } } : {}),
        ...(next.followUpOn !== postmortem.followUpOn ? { followUpOn: next.followUpOn } : {}),
      };
      const incident = db.incidents.find((candidate) => candidate.id === postmortem.incident.id);
      if (incident && Object.keys(details).length > 0) appendEvent(incident, { type: 'person', name: caller.name }, { kind: 'postmortem.details_changed', data: { postmortemId: postmortem.id, ...details } });
      return reply<PostmortemDto>(postmortemAsSeenBy(next, caller));
    }),
  ),

  http.put(
    `${API}/postmortems/:id/sections/:key`,
    allow('incident:act', async ({ request, params }, caller) => {
      const postmortem = find(params['id']);
      if (postmortem instanceof HttpResponse) return postmortem;
      const key = params['key'];
      if (!isSectionKey(key)) return invalidFields([{ field: 'key', problem: 'names no section of a post-mortem' }]);
      const raw = await body(request);
      const text = (raw as { body?: unknown } | undefined)?.body;
      if (typeof text === 'string' && text.length > POSTMORTEM_LIMITS.sectionChars) return tooLarge();
      const parsed = saveSectionBodySchema.safeParse(raw);
      if (!parsed.success) return invalid(parsed.error);
      if (!isEditable(postmortem.status)) return published();
      const current = postmortem.sections.find((s) => s.key === key)!;
      if (parsed.data.version !== current.version) {
        const message = `${current.title} changed since you loaded it (now version ${current.version}); nothing was saved`;
        const details = { current, yours: { body: parsed.data.body, version: parsed.data.version } };
        return reply({ error: { code: 'stale_version', message, fields: [{ field: 'version', problem: `is ${current.version} now` }], details } }, 409);
      }
      const saved: PostmortemSectionDto = { ...current, body: parsed.data.body, version: current.version + 1, updatedAt: iso(Date.now()), updatedBy: ref(caller) };
      const throughSeq = key === 'timeline' && parsed.data.timelineThroughSeq !== undefined ? Math.max(postmortem.timelineThroughSeq, parsed.data.timelineThroughSeq) : postmortem.timelineThroughSeq;
      store({ ...postmortem, sections: postmortem.sections.map((s) => (s.key === key ? saved : s)), timelineThroughSeq: throughSeq, updatedAt: saved.updatedAt! });
      return reply<PostmortemSectionDto>(saved);
    }),
  ),

  http.post(
    `${API}/postmortems/:id/status`,
    allow('incident:act', async ({ request, params }, caller) => {
      const postmortem = find(params['id']);
      if (postmortem instanceof HttpResponse) return postmortem;
      const parsed = changeStatusBodySchema.safeParse(await body(request));
      if (!parsed.success) return invalid(parsed.error);
      const { status, reason } = parsed.data;
      if (!canMove(postmortem.status, status)) return apiError(409, 'invalid_transition', `A post-mortem cannot move from ${postmortem.status} to ${status}`, [{ field: 'status', problem: `cannot follow ${postmortem.status}` }]);
      if (postmortem.status === 'published' && !reason) return invalidFields([{ field: 'reason', problem: 'is required to reopen a published post-mortem' }]);
      const at = iso(Date.now());
      const next = store({ ...postmortem, status, publishedAt: status === 'published' ? at : postmortem.publishedAt, updatedAt: at });
      db.audit.push({
        seq: db.audit.length + 1,
        at,
        actor: { type: 'person', id: caller.id, name: caller.name },
        action: 'postmortem.status_changed',
        target: { type: 'postmortem', id: postmortem.id },
        ip: null,
        before: { status: postmortem.status },
        after: { status, reason: reason ?? null },
      });
      return reply<PostmortemDto>(postmortemAsSeenBy(next, caller));
    }),
  ),

  http.put(
    `${API}/postmortems/:id/presence`,
    allow('incident:act', async ({ request, params }, caller) => {
      const postmortem = find(params['id']);
      if (postmortem instanceof HttpResponse) return postmortem;
      const parsed = presenceBodySchema.safeParse(await body(request));
      if (!parsed.success) return invalid(parsed.error);
      const now = Date.now();
      const others = (db.presence.get(postmortem.id) ?? []).filter((e) => e.userId !== caller.id && now - Date.parse(e.at) < PRESENCE_MS);
      const editors = [...others, { userId: caller.id, name: caller.name, section: parsed.data.section, at: iso(now) }];
      db.presence.set(postmortem.id, editors);
      return reply<PresenceDto>({ editors });
    }),
  ),
];
