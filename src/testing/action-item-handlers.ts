import { HttpResponse, http } from 'msw';
import type { HttpHandler, JsonBodyType } from 'msw';
import type { ActionItemDto, ActionItemWriteResult, PostmortemDto, RecurrenceDto } from '../contracts/postmortems';
import { actionItemListQuerySchema, createActionItemBodySchema, patchActionItemBodySchema } from '../contracts/postmortems';
import { POSTMORTEM_LIMITS, isOpenStatus, isOverdue, isPastDate } from '../domain/postmortem/model';
import { epochMs } from '../domain/time/instant';
import { db } from './db';
import type { TestUser } from './fixtures';
import { API, allow, apiError, body, invalid, invalidFields, reply } from './msw-kit';

/**
 * Action items and recurrence as the server answers them: bodies checked by the contract, the
 * owner a person of the directory (400 naming `ownerId` otherwise), a due date in the past stored
 * with a warning, a stale change refused with 409 and both versions, and `overdue` worked out by
 * the domain's `isOverdue` in the owner's zone at the moment of the request. Items live inside
 * their post-mortem (`db.postmortems[].actionItems`), as the post-mortem's own answer shows them.
 */

const now = () => epochMs(Date.now());
const iso = (ms: number) => new Date(ms).toISOString();

let counter = 0;
const nextId = () => `ai-test-${(counter += 1)}`;

const notFound = (what: string) => apiError(404, 'not_found', `${what} not found`);
const noContent = () => new HttpResponse(null, { status: 204 }) as unknown as HttpResponse<JsonBodyType>;

function ownerZone(item: ActionItemDto): string {
  return db.users.find((user) => user.id === item.owner.id)?.timeZone ?? item.owner.timeZone;
}

/** An item as read now: `overdue` is never stored, it depends on the moment and the owner's zone. */
function present(item: ActionItemDto): ActionItemDto {
  return { ...item, overdue: isOverdue(item, ownerZone(item), now()) };
}

/** Keeps the post-mortem's counts in step with its items, as the server's summary computes them. */
function store(postmortem: PostmortemDto, items: ActionItemDto[]): void {
  const shown = items.map(present);
  const next: PostmortemDto = {
    ...postmortem,
    actionItems: shown,
    openActionItems: shown.filter((item) => isOpenStatus(item.status)).length,
    overdueActionItems: shown.filter((item) => item.overdue).length,
  };
  db.postmortems = db.postmortems.map((pm) => (pm.id === postmortem.id ? next : pm));
}

function findItem(id: unknown): { postmortem: PostmortemDto; item: ActionItemDto } | undefined {
  for (const postmortem of db.postmortems) {
    const item = postmortem.actionItems.find((candidate) => candidate.id === id);
    if (item) return { postmortem, item };
  }
  return undefined;
}

function ownerOrRefusal(ownerId: string): TestUser | HttpResponse<JsonBodyType> {
  const owner = db.users.find((user) => user.id === ownerId);
  return owner ?? invalidFields([{ field: 'ownerId', problem: 'must be a person (no one has this id)' }]);
}

function warningsFor(dueOn: string | null | undefined, zone: string): ActionItemWriteResult['warnings'] {
  return dueOn && isPastDate(dueOn, zone, now()) ? [{ field: 'dueOn', problem: 'is in the past' }] : [];
}

function teamOf(item: ActionItemDto): string | null {
  const postmortem = db.postmortems.find((pm) => pm.id === item.postmortemId);
  return postmortem?.incident.teamId ?? db.services.find((service) => service.id === item.serviceId)?.teamId ?? null;
}

function byDueThenCreated(a: ActionItemDto, b: ActionItemDto): number {
  if (a.dueOn !== b.dueOn) {
    if (a.dueOn === null) return 1;
    if (b.dueOn === null) return -1;
    return a.dueOn < b.dueOn ? -1 : 1;
  }
  return Date.parse(a.createdAt) - Date.parse(b.createdAt);
}

export const actionItemHandlers: HttpHandler[] = [
  http.get(
    `${API}/action-items`,
    allow('read', ({ request }, caller) => {
      const query = actionItemListQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
      if (!query.success) return invalid(query.error);
      const { owner, status, teamId, serviceId } = query.data;
      const ownerId = owner === 'me' ? caller.id : owner;
      const items = db.postmortems
        .flatMap((pm) => pm.actionItems)
        .map(present)
        .filter((item) => ownerId === undefined || item.owner.id === ownerId)
        .filter((item) => serviceId === undefined || item.serviceId === serviceId)
        .filter((item) => teamId === undefined || teamOf(item) === teamId)
        .filter((item) => {
          if (status === 'all') return true;
          if (status === 'overdue') return item.overdue;
          if (status === 'closed') return !isOpenStatus(item.status);
          return isOpenStatus(item.status);
        })
        .sort(byDueThenCreated);
      return reply({ items });
    }),
  ),

  http.post(
    `${API}/postmortems/:id/action-items`,
    allow('incident:act', async ({ request, params }) => {
      const postmortem = db.postmortems.find((pm) => pm.id === params['id']);
      if (!postmortem) return notFound(`post-mortem ${String(params['id'])}`);
      const parsed = createActionItemBodySchema.safeParse(await body(request));
      if (!parsed.success) return invalid(parsed.error);
      if (postmortem.actionItems.length >= POSTMORTEM_LIMITS.actionItems) {
        return invalidFields([{ field: '(body)', problem: `a post-mortem holds at most ${POSTMORTEM_LIMITS.actionItems} action items` }]);
      }
      const owner = ownerOrRefusal(parsed.data.ownerId);
      if (owner instanceof HttpResponse) return owner;
      const at = iso(now());
      const { ownerId: _ownerId, ...fields } = parsed.data;
      const item: ActionItemDto = {
        id: nextId(),
        postmortemId: postmortem.id,
        incidentId: postmortem.incident.id,
        incidentTitle: postmortem.incident.title,
        serviceId: postmortem.incident.serviceId,
        serviceName: postmortem.incident.serviceName,
        ...fields,
        owner: { id: owner.id, name: owner.name, timeZone: owner.timeZone },
        overdue: false,
        createdAt: at,
        updatedAt: at,
        closedAt: isOpenStatus(fields.status) ? null : at,
        version: 1,
      };
      store(postmortem, [...postmortem.actionItems, item]);
      return reply<ActionItemWriteResult>({ item: present(item), warnings: warningsFor(item.dueOn, owner.timeZone) }, 201);
    }),
  ),

  http.patch(
    `${API}/action-items/:id`,
    allow('incident:act', async ({ request, params }) => {
      const found = findItem(params['id']);
      if (!found) return notFound(`action item ${String(params['id'])}`);
      const raw = await body(request);
      const parsed = patchActionItemBodySchema.safeParse(raw);
      if (!parsed.success) return invalid(parsed.error);
      // The schema is the create schema made partial, and zod keeps the defaults of `.partial()`
      // fields: a change of the status alone would parse with `dueOn: null, link: null`. Only
      // what was sent is a change.
      const sent = new Set(raw !== null && typeof raw === 'object' ? Object.keys(raw) : []);
      const change = Object.fromEntries(Object.entries(parsed.data).filter(([key]) => sent.has(key))) as typeof parsed.data;
      const { item, postmortem } = found;
      if (change.version !== item.version) {
        return reply(
          {
            error: {
              code: 'stale_version',
              message: `This action item changed since you loaded it (now version ${item.version}); nothing was saved`,
              fields: [{ field: 'version', problem: `is ${item.version} now` }],
              details: { current: present(item), yours: change },
            },
          },
          409,
        );
      }
      const { version: _version, ownerId, ...changes } = change;
      let owner = item.owner;
      if (ownerId !== undefined) {
        const person = ownerOrRefusal(ownerId);
        if (person instanceof HttpResponse) return person;
        owner = { id: person.id, name: person.name, timeZone: person.timeZone };
      }
      const defined = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)) as Partial<ActionItemDto>;
      const at = iso(now());
      const status = defined.status ?? item.status;
      const closedAt = isOpenStatus(status) ? null : isOpenStatus(item.status) ? at : item.closedAt;
      const next: ActionItemDto = { ...item, ...defined, owner, status, closedAt, updatedAt: at, version: item.version + 1 };
      store(postmortem, postmortem.actionItems.map((candidate) => (candidate.id === item.id ? next : candidate)));
      const dueChanged = defined.dueOn !== undefined || ownerId !== undefined;
      return reply<ActionItemWriteResult>({ item: present(next), warnings: dueChanged ? warningsFor(next.dueOn, owner.timeZone) : [] });
    }),
  ),

  http.delete(
    `${API}/action-items/:id`,
    allow('incident:act', ({ params }) => {
      const found = findItem(params['id']);
      if (!found) return notFound(`action item ${String(params['id'])}`);
      store(found.postmortem, found.postmortem.actionItems.filter((item) => item.id !== found.item.id));
      return noContent();
    }),
  ),

  http.get(
    `${API}/incidents/:id/recurrence`,
    allow('read', ({ params }) => {
      const incident = db.incidents.find((candidate) => candidate.id === params['id']);
      if (!incident) return notFound(`incident ${String(params['id'])}`);
      const since = Date.parse(incident.triggeredAt);
      const earlier: RecurrenceDto['earlier'] = db.postmortems
        .filter((pm) => pm.incident.serviceId === incident.serviceId && pm.incident.id !== incident.id && Date.parse(pm.incident.triggeredAt) < since)
        .sort((a, b) => Date.parse(b.incident.triggeredAt) - Date.parse(a.incident.triggeredAt))
        .map((pm) => ({
          incidentId: pm.incident.id,
          incidentTitle: pm.incident.title,
          triggeredAt: pm.incident.triggeredAt,
          postmortemId: pm.id,
          openItems: pm.actionItems.filter((item) => isOpenStatus(item.status)).map(present).sort(byDueThenCreated),
        }))
        .filter((entry) => entry.openItems.length > 0);
      return reply<RecurrenceDto>({ earlier });
    }),
  ),
];
