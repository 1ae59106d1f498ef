import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type {
  PostmortemDto,
  PostmortemSectionDto,
  PostmortemSummaryDto,
  PresenceDto,
  RecurrenceDto,
  TimelineDraftDto,
  changeStatusBodySchema,
  createPostmortemBodySchema,
  patchPostmortemBodySchema,
  postmortemListQuerySchema,
  saveSectionBodySchema,
} from '../../contracts/postmortems';
import type { TimelineEventDto } from '../../contracts/timeline-events';
import { roleAllows } from '../../domain/access/roles';
import type { Severity } from '../../domain/incident/severity';
import { postmortemMarkdown } from '../../domain/postmortem/export';
import { impactDraft } from '../../domain/postmortem/impact';
import type { PostmortemStatus, SectionKey } from '../../domain/postmortem/model';
import { POSTMORTEM_SECTIONS, canMove, defaultFollowUpOn, isEditable, postmortemDueAt } from '../../domain/postmortem/model';
import type { DraftEvent } from '../../domain/postmortem/timeline-draft';
import { timelineEntries, timelineMarkdown } from '../../domain/postmortem/timeline-draft';
import { epochMs, toIsoUtc } from '../../domain/time/instant';
import type { DatabaseHandle } from '../db/database';
import type { Database } from '../db/schema';
import type { WriteContext, WriteQueue } from '../db/write-queue';
import { eventsRepository } from '../repositories/events-repository';
import type { IncidentRow } from '../repositories/incidents-repository';
import { incidentsRepository } from '../repositories/incidents-repository';
import type { PostmortemRow, PostmortemSectionRow } from '../repositories/postmortems-repository';
import { postmortemsRepository } from '../repositories/postmortems-repository';
import { servicesRepository } from '../repositories/services-repository';
import { usersRepository } from '../repositories/users-repository';
import { ProblemWithDetails, loadActionItems, publishedProblem } from './action-item-service';
import type { Caller } from './caller';
import { audit, timelineActor } from './caller';
import type { Clock } from './clock';
import { appendEvent } from './event-log';
import { toIncidentDto, toTimelineEventDto } from './mappers';
import { Problem } from './problem';

export type CreatePostmortem = z.output<typeof createPostmortemBodySchema>;
export type PatchPostmortem = z.output<typeof patchPostmortemBodySchema>;
export type SaveSection = z.output<typeof saveSectionBodySchema>;
export type ChangeStatus = z.output<typeof changeStatusBodySchema>;
export type PostmortemListQuery = z.output<typeof postmortemListQuerySchema>;

/** A heartbeat counts for this long: an editor that stopped sending is gone after it. */
export const PRESENCE_TTL_MS = 30_000;
/** Events read per query when drafting from an incident's log. */
const EVENT_PAGE = 1_000;

const iso = (ms: number) => toIsoUtc(epochMs(ms));
const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));

function invalid(fields: Array<{ field: string; problem: string }>): Problem {
  return new Problem(400, 'invalid_request', fields.map((f) => `${f.field} ${f.problem}`).join('; '), fields);
}

/** Every event of an incident's log, oldest first. */
async function incidentEvents(db: Kysely<Database>, incidentId: string): Promise<TimelineEventDto[]> {
  const out: TimelineEventDto[] = [];
  let afterSeq = 0;
  for (;;) {
    const rows = await eventsRepository.forIncident(db, incidentId, { afterSeq, limit: EVENT_PAGE });
    out.push(...rows.map(toTimelineEventDto));
    if (rows.length < EVENT_PAGE) return out;
    afterSeq = rows[rows.length - 1]!.seq;
  }
}

/** The domain's structural event, from the contract's. */
function draftEvent(event: TimelineEventDto): DraftEvent {
  return { seq: event.seq, at: epochMs(Date.parse(event.at)), kind: event.kind, data: event.data, actor: event.actor };
}

export type PostmortemService = ReturnType<typeof createPostmortemService>;

export function createPostmortemService(deps: { handle: DatabaseHandle; writes: WriteQueue; clock: Clock; onChange?: () => Promise<void> }) {
  const { handle, writes, clock } = deps;

  async function mustFindPostmortem(db: Kysely<Database>, id: string): Promise<PostmortemRow> {
    const row = await postmortemsRepository.findById(db, id);
    if (!row) throw Problem.notFound(`post-mortem ${id}`);
    return row;
  }

  async function mustFindIncident(db: Kysely<Database>, id: string): Promise<IncidentRow> {
    const row = await incidentsRepository.findById(db, id);
    if (!row) throw Problem.notFound(`incident ${id}`);
    return row;
  }

  async function mustFindPerson(db: Kysely<Database>, id: string, field: string) {
    const person = await usersRepository.findById(db, id);
    if (!person) throw invalid([{ field, problem: 'names no person' }]);
    return person;
  }

  /** The summaries of `rows`, with incident, service, names and action-item counts read once for all. */
  async function summaries(db: Kysely<Database>, rows: readonly PostmortemRow[]): Promise<PostmortemSummaryDto[]> {
    if (rows.length === 0) return [];
    const now = clock.now();
    const [incidents, services, users, items] = await Promise.all([
      incidentsRepository.findByIds(db, rows.map((row) => row.incident_id)),
      servicesRepository.list(db),
      usersRepository.list(db),
      loadActionItems(db, { postmortemIds: rows.map((row) => row.id), statuses: ['open', 'in_progress'] }, now),
    ]);
    const incidentById = new Map(incidents.map((incident) => [incident.id, incident]));
    const serviceById = new Map(services.map((service) => [service.id, service]));
    const nameOf = new Map(users.map((user) => [user.id, user.name]));
    const person = (id: string | null) => (id === null ? null : { id, name: nameOf.get(id) ?? id });
    return rows.map((row) => {
      const incident = incidentById.get(row.incident_id)!;
      const service = serviceById.get(incident.service_id);
      const open = items.filter((item) => item.postmortemId === row.id);
      const dueAt = postmortemDueAt(incident.resolved_at === null ? null : epochMs(incident.resolved_at));
      return {
        id: row.id,
        incident: {
          id: incident.id,
          title: incident.title,
          severity: incident.severity as Severity,
          serviceId: incident.service_id,
          serviceName: service?.name ?? incident.service_id,
          teamId: service?.team_id ?? null,
          triggeredAt: iso(incident.triggered_at),
          acknowledgedAt: isoOrNull(incident.acknowledged_at),
          resolvedAt: isoOrNull(incident.resolved_at),
          alertCount: incident.alert_count,
        },
        title: row.title,
        status: row.status as PostmortemStatus,
        owner: person(row.owner_id)!,
        dueAt: dueAt === null ? null : toIsoUtc(dueAt),
        followUpOn: row.follow_up_on,
        createdAt: iso(row.created_at),
        createdBy: person(row.created_by),
        updatedAt: iso(row.updated_at),
        publishedAt: isoOrNull(row.published_at),
        openActionItems: open.length,
        overdueActionItems: open.filter((item) => item.overdue).length,
      };
    });
  }

  function sectionDtos(rows: readonly PostmortemSectionRow[], nameOf: (id: string) => string): PostmortemSectionDto[] {
    return POSTMORTEM_SECTIONS.map(({ key, title }) => {
      const row = rows.find((candidate) => candidate.key === key);
      return {
        key,
        title,
        body: row?.body ?? '',
        version: row?.version ?? 0,
        updatedAt: row?.updated_at == null ? null : iso(row.updated_at),
        updatedBy: row?.updated_by == null ? null : { id: row.updated_by, name: nameOf(row.updated_by) },
      };
    });
  }

  async function nameLookup(db: Kysely<Database>): Promise<(id: string) => string> {
    const names = new Map((await usersRepository.list(db)).map((user) => [user.id, user.name]));
    return (id) => names.get(id) ?? id;
  }

  async function dto(db: Kysely<Database>, caller: Caller, row: PostmortemRow): Promise<PostmortemDto> {
    const [[summary], sections, actionItems, nameOf] = await Promise.all([
      summaries(db, [row]),
      postmortemsRepository.sections(db, row.id),
      loadActionItems(db, { postmortemIds: [row.id] }, clock.now()),
      nameLookup(db),
    ]);
    const responder = caller.role !== null && roleAllows(caller.role, 'incident:act');
    return {
      ...summary!,
      sections: sectionDtos(sections, nameOf),
      actionItems,
      timelineThroughSeq: row.timeline_through_seq,
      canEdit: responder && isEditable(row.status as PostmortemStatus),
      canChangeStatus: responder,
    };
  }

  async function sectionDto(db: Kysely<Database>, postmortemId: string, key: SectionKey): Promise<PostmortemSectionDto> {
    const row = await postmortemsRepository.findSection(db, postmortemId, key);
    return sectionDtos(row ? [row] : [], await nameLookup(db)).find((section) => section.key === key)!;
  }

  async function incidentSnapshot(db: Kysely<Database>, incident: IncidentRow) {
    const service = await servicesRepository.findById(db, incident.service_id);
    return toIncidentDto(incident, service?.name ?? incident.service_id);
  }

  /** Reminders may have been added, moved or removed: the runner looks again before the answer goes out. */
  const changed = async <T>(value: T): Promise<T> => {
    await deps.onChange?.();
    return value;
  };

  /** The first drafts: the timeline from the incident's log so far, the impact from its numbers. */
  async function drafts(db: Kysely<Database>, incident: IncidentRow): Promise<{ timeline: string; impact: string; throughSeq: number }> {
    const events = await incidentEvents(db, incident.id);
    const service = await servicesRepository.findById(db, incident.service_id);
    const paged = new Set(events.flatMap((event) => (event.kind === 'page.notified' ? [event.data.userId] : [])));
    const timeline = timelineMarkdown(timelineEntries(events.map(draftEvent)));
    const impact = impactDraft({
      severity: incident.severity,
      triggeredAt: epochMs(incident.triggered_at),
      acknowledgedAt: incident.acknowledged_at === null ? null : epochMs(incident.acknowledged_at),
      resolvedAt: incident.resolved_at === null ? null : epochMs(incident.resolved_at),
      alertCount: incident.alert_count,
      services: [service?.name ?? incident.service_id],
      peoplePaged: paged.size,
    });
    return { timeline, impact, throughSeq: events.length === 0 ? 0 : events[events.length - 1]!.seq };
  }

  async function statusEvent(ctx: WriteContext, caller: Caller, row: PostmortemRow, incident: IncidentRow, at: number, body: { kind: 'postmortem.created'; data: { postmortemId: string; title: string } } | { kind: 'postmortem.status_changed'; data: { postmortemId: string; from: PostmortemStatus; to: PostmortemStatus; reason: string | null } }) {
    await appendEvent(ctx, { at, incidentId: row.incident_id, serviceId: incident.service_id, actor: timelineActor(caller), ...body }, { incident: await incidentSnapshot(ctx.trx, incident) });
  }

  return {
    async list(query: PostmortemListQuery): Promise<PostmortemSummaryDto[]> {
      return summaries(handle.db, await postmortemsRepository.list(handle.db, query));
    },

    async get(caller: Caller, id: string): Promise<PostmortemDto> {
      return dto(handle.db, caller, await mustFindPostmortem(handle.db, id));
    },

    async forIncident(caller: Caller, incidentId: string): Promise<PostmortemDto> {
      await mustFindIncident(handle.db, incidentId);
      const row = await postmortemsRepository.findByIncident(handle.db, incidentId);
      if (!row) throw Problem.notFound(`post-mortem of incident ${incidentId}`);
      return dto(handle.db, caller, row);
    },

    /** Starts the incident's post-mortem, or answers the one it has (`created: false`). */
    async create(caller: Caller, incidentId: string, input: CreatePostmortem): Promise<{ postmortem: PostmortemDto; created: boolean }> {
      const result = await writes.run(async (ctx) => {
        const incident = await mustFindIncident(ctx.trx, incidentId);
        const existing = await postmortemsRepository.findByIncident(ctx.trx, incidentId);
        if (existing) return { postmortem: await dto(ctx.trx, caller, existing), created: false };
        const ownerId = input.ownerId ?? caller.userId;
        if (ownerId === null) throw invalid([{ field: 'ownerId', problem: 'is required when no person is signed in' }]);
        const owner = await mustFindPerson(ctx.trx, ownerId, 'ownerId');
        const at = clock.now();
        const draft = await drafts(ctx.trx, incident);
        const row: PostmortemRow = {
          id: randomUUID(),
          incident_id: incidentId,
          title: incident.title,
          status: 'draft',
          owner_id: owner.id,
          follow_up_on: defaultFollowUpOn(at, owner.time_zone),
          follow_up_reminded_at: null,
          timeline_through_seq: draft.throughSeq,
          created_at: at,
          created_by: caller.userId,
          updated_at: at,
          published_at: null,
        };
        const sections: PostmortemSectionRow[] = POSTMORTEM_SECTIONS.map(({ key }) => ({
          postmortem_id: row.id,
          key,
          body: key === 'timeline' ? draft.timeline : key === 'impact' ? draft.impact : '',
          version: 0,
          updated_at: null,
          updated_by: null,
        }));
        await postmortemsRepository.insert(ctx.trx, row, sections);
        await statusEvent(ctx, caller, row, incident, at, { kind: 'postmortem.created', data: { postmortemId: row.id, title: row.title } });
        await audit(ctx.trx, { at, caller, action: 'postmortem.created', targetType: 'postmortem', targetId: row.id, after: { incidentId, title: row.title, ownerId: owner.id, followUpOn: row.follow_up_on } });
        return { postmortem: await dto(ctx.trx, caller, row), created: true };
      });
      return result.created ? changed(result) : result;
    },

    async patch(caller: Caller, id: string, input: PatchPostmortem): Promise<PostmortemDto> {
      const result = await writes.run(async (ctx) => {
        const before = await mustFindPostmortem(ctx.trx, id);
        if (!isEditable(before.status as PostmortemStatus)) throw publishedProblem();
        const newOwner = input.ownerId !== undefined ? await mustFindPerson(ctx.trx, input.ownerId, 'ownerId') : undefined;
        const at = clock.now();
        const after: PostmortemRow = {
          ...before,
          title: input.title ?? before.title,
          owner_id: input.ownerId ?? before.owner_id,
          follow_up_on: input.followUpOn ?? before.follow_up_on,
          updated_at: at,
        };
        // A new date (or a new owner, whose morning it is) is reminded again.
        if (after.follow_up_on !== before.follow_up_on || after.owner_id !== before.owner_id) after.follow_up_reminded_at = null;
        const { id: _id, incident_id: _incident, created_at: _c, created_by: _cb, ...patch } = after;
        await postmortemsRepository.update(ctx.trx, id, patch);
        // Other viewers see the change live; a patch that changes nothing tells nobody.
        const details = {
          ...(after.title !== before.title ? { title: after.title } : {}),
          ...(after.owner_id !== before.owner_id && newOwner ? { owner: { id: newOwner.id, name: newOwner.name } } : {}),
          ...(after.follow_up_on !== before.follow_up_on ? { followUpOn: after.follow_up_on } : {}),
        };
        if (Object.keys(details).length > 0) {
          const incident = await mustFindIncident(ctx.trx, before.incident_id);
          await appendEvent(
            ctx,
            { at, incidentId: before.incident_id, serviceId: incident.service_id, actor: timelineActor(caller), kind: 'postmortem.details_changed', data: { postmortemId: id, ...details } },
            { incident: await incidentSnapshot(ctx.trx, incident) },
          );
        }
        await audit(ctx.trx, {
          at,
          caller,
          action: 'postmortem.updated',
          targetType: 'postmortem',
          targetId: id,
          before: { title: before.title, ownerId: before.owner_id, followUpOn: before.follow_up_on },
          after: { title: after.title, ownerId: after.owner_id, followUpOn: after.follow_up_on },
        });
        return dto(ctx.trx, caller, after);
      });
      return changed(result);
    },

    /** Saves one section on top of `version` (ADR 0009); a stale save is a 409 with both texts and stores nothing. */
    async saveSection(caller: Caller, id: string, key: SectionKey, input: SaveSection): Promise<PostmortemSectionDto> {
      if (input.timelineThroughSeq !== undefined && key !== 'timeline') throw invalid([{ field: 'timelineThroughSeq', problem: 'is only recorded with the Timeline section' }]);
      return writes.run(async (ctx) => {
        const postmortem = await mustFindPostmortem(ctx.trx, id);
        if (!isEditable(postmortem.status as PostmortemStatus)) throw publishedProblem();
        const stale = async () => {
          const current = await sectionDto(ctx.trx, id, key);
          return new ProblemWithDetails(
            409,
            'stale_version',
            `${current.title} changed since you loaded it (now version ${current.version}); nothing was saved`,
            [{ field: 'version', problem: `is ${current.version} now` }],
            { current, yours: { body: input.body, version: input.version } },
          );
        };
        const stored = await postmortemsRepository.findSection(ctx.trx, id, key);
        const storedVersion = stored?.version ?? 0;
        if (storedVersion !== input.version) throw await stale();
        const at = clock.now();
        const next = { body: input.body, version: storedVersion + 1, updated_at: at, updated_by: caller.userId };
        if (!(await postmortemsRepository.saveSectionIfVersion(ctx.trx, id, key, input.version, next))) throw await stale();
        await postmortemsRepository.update(ctx.trx, id, { updated_at: at, ...(input.timelineThroughSeq !== undefined ? { timeline_through_seq: input.timelineThroughSeq } : {}) });
        await appendEvent(ctx, {
          at,
          incidentId: null,
          serviceId: null,
          actor: timelineActor(caller),
          kind: 'postmortem.section_saved',
          data: { postmortemId: id, incidentId: postmortem.incident_id, section: key, version: next.version },
        });
        await audit(ctx.trx, {
          at,
          caller,
          action: 'postmortem.section_saved',
          targetType: 'postmortem',
          targetId: id,
          before: { section: key, version: storedVersion, chars: stored?.body.length ?? 0 },
          after: { section: key, version: next.version, chars: input.body.length, ...(input.timelineThroughSeq !== undefined ? { timelineThroughSeq: input.timelineThroughSeq } : {}) },
        });
        return sectionDto(ctx.trx, id, key);
      });
    },

    /** Draft → in review → published and back (`canMove`); reopening a published one needs a reason. */
    async changeStatus(caller: Caller, id: string, input: ChangeStatus): Promise<PostmortemDto> {
      const result = await writes.run(async (ctx) => {
        const before = await mustFindPostmortem(ctx.trx, id);
        const from = before.status as PostmortemStatus;
        const to = input.status;
        if (!canMove(from, to)) {
          throw new Problem(409, 'invalid_transition', `A post-mortem that is ${from.replace('_', ' ')} cannot move to ${to.replace('_', ' ')}`, [{ field: 'status', problem: `cannot move from ${from} to ${to}` }]);
        }
        const reason = input.reason && input.reason.length > 0 ? input.reason : null;
        if (from === 'published' && reason === null) throw invalid([{ field: 'reason', problem: 'is required to reopen a published post-mortem' }]);
        const at = clock.now();
        const published_at = to === 'published' ? at : null;
        if (!(await postmortemsRepository.updateIfStatus(ctx.trx, id, from, { status: to, published_at, updated_at: at }))) {
          throw new Problem(409, 'invalid_transition', 'The post-mortem changed status meanwhile; reload it', [{ field: 'status', problem: 'changed meanwhile' }]);
        }
        const incident = await mustFindIncident(ctx.trx, before.incident_id);
        await statusEvent(ctx, caller, before, incident, at, { kind: 'postmortem.status_changed', data: { postmortemId: id, from, to, reason } });
        await audit(ctx.trx, {
          at,
          caller,
          action: from === 'published' ? 'postmortem.reopened' : 'postmortem.status_changed',
          targetType: 'postmortem',
          targetId: id,
          before: { status: from },
          after: { status: to, ...(reason === null ? {} : { reason }) },
        });
        return dto(ctx.trx, caller, { ...before, status: to, published_at, updated_at: at });
      });
      return changed(result);
    },

    /** What "refresh from incident" offers: the lines of events after the ones the Timeline was drafted or refreshed from. */
    async timelineDraft(id: string): Promise<TimelineDraftDto> {
      const row = await mustFindPostmortem(handle.db, id);
      const events = (await incidentEvents(handle.db, row.incident_id)).map(draftEvent);
      const through = row.timeline_through_seq;
      const previous = events.filter((event) => event.seq <= through).at(-1);
      const entries = timelineEntries(events, { afterSeq: through, previousAt: previous?.at ?? null });
      const last = events.at(-1);
      return { entries: entries.map((entry) => ({ seq: entry.seq, at: toIsoUtc(entry.at), line: entry.line })), throughSeq: last && last.seq > through ? last.seq : through };
    },

    /**
     * A heartbeat: who has the post-mortem open, and where. Kept in the database (so it works
     * across instances) through the write queue, but neither an event nor an audit entry: it
     * changes every few seconds and means nothing once it expires.
     */
    async presence(caller: Caller, id: string, section: SectionKey | null): Promise<PresenceDto> {
      if (!caller.userId) throw new Problem(403, 'forbidden', 'Presence is for signed-in people');
      const userId = caller.userId;
      return writes.run(async (ctx) => {
        await mustFindPostmortem(ctx.trx, id);
        const at = clock.now();
        await postmortemsRepository.touchPresence(ctx.trx, { postmortem_id: id, user_id: userId, section, at });
        await postmortemsRepository.prunePresence(ctx.trx, at - 10 * PRESENCE_TTL_MS);
        const rows = await postmortemsRepository.presence(ctx.trx, id, at - PRESENCE_TTL_MS);
        return { editors: rows.map((row) => ({ userId: row.user_id, name: row.name, section: row.section as SectionKey | null, at: iso(row.at) })) };
      });
    },

    async exportMarkdown(id: string): Promise<{ filename: string; text: string }> {
      const row = await mustFindPostmortem(handle.db, id);
      const view = await dto(handle.db, { userId: null, name: 'export', role: null, managedTeamIds: [], via: 'system', ip: null }, row);
      const text = postmortemMarkdown({
        title: view.title,
        status: view.status,
        incident: {
          id: view.incident.id,
          title: view.incident.title,
          severity: view.incident.severity,
          serviceName: view.incident.serviceName,
          triggeredAt: epochMs(Date.parse(view.incident.triggeredAt)),
          resolvedAt: view.incident.resolvedAt === null ? null : epochMs(Date.parse(view.incident.resolvedAt)),
        },
        owner: view.owner.name,
        followUpOn: view.followUpOn,
        publishedAt: row.published_at === null ? null : epochMs(row.published_at),
        sections: view.sections,
        actionItems: view.actionItems.map((item) => ({ title: item.title, owner: item.owner.name, dueOn: item.dueOn, status: item.status, link: item.link, overdue: item.overdue })),
      });
      return { filename: `${view.incident.id}-postmortem.md`.replace(/[^A-Za-z0-9._-]/g, '_'), text };
    },

    /** Earlier incidents of the same service whose post-mortems still have open action items, latest first. */
    async recurrence(incidentId: string): Promise<RecurrenceDto> {
      const db = handle.db;
      const incident = await mustFindIncident(db, incidentId);
      const postmortems = await postmortemsRepository.earlierOfService(db, incident.service_id, incident.triggered_at);
      const open = await loadActionItems(db, { postmortemIds: postmortems.map((row) => row.id), statuses: ['open', 'in_progress'] }, clock.now());
      return {
        earlier: postmortems.flatMap((row) => {
          const openItems = open.filter((item) => item.postmortemId === row.id);
          return openItems.length === 0 ? [] : [{ incidentId: row.incident_id, incidentTitle: row.incident_title, triggeredAt: iso(row.incident_triggered_at), postmortemId: row.id, openItems }];
        }),
      };
    },
  };
}
