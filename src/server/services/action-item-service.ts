import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { ActionItemDto, ActionItemWriteResult, actionItemListQuerySchema, createActionItemBodySchema, patchActionItemBodySchema } from '../../contracts/postmortems';
import type { ActionItemStatus, PostmortemStatus } from '../../domain/postmortem/model';
import { POSTMORTEM_LIMITS, isEditable, isOpenStatus, isOverdue, isPastDate } from '../../domain/postmortem/model';
import type { EpochMs } from '../../domain/time/instant';
import { epochMs, toIsoUtc } from '../../domain/time/instant';
import type { DatabaseHandle } from '../db/database';
import type { Database } from '../db/schema';
import type { WriteContext, WriteQueue } from '../db/write-queue';
import type { ActionItemFilter, ActionItemRow, ActionItemView } from '../repositories/action-items-repository';
import { actionItemsRepository } from '../repositories/action-items-repository';
import type { PostmortemRow } from '../repositories/postmortems-repository';
import { postmortemsRepository } from '../repositories/postmortems-repository';
import { usersRepository } from '../repositories/users-repository';
import type { Caller } from './caller';
import { audit, timelineActor } from './caller';
import type { Clock } from './clock';
import { appendEvent } from './event-log';
import { Problem } from './problem';

export type CreateActionItem = z.output<typeof createActionItemBodySchema>;
export type PatchActionItem = z.output<typeof patchActionItemBodySchema>;
export type ActionItemListQuery = z.output<typeof actionItemListQuerySchema>;

const iso = (ms: number) => toIsoUtc(epochMs(ms));
const CLOSED: readonly ActionItemStatus[] = ['done', 'wont_do'];
const OPEN: readonly ActionItemStatus[] = ['open', 'in_progress'];

export function toActionItemDto(row: ActionItemView, now: EpochMs): ActionItemDto {
  const status = row.status as ActionItemStatus;
  return {
    id: row.id,
    postmortemId: row.postmortem_id,
    incidentId: row.incident_id,
    incidentTitle: row.incident_title,
    serviceId: row.service_id,
    serviceName: row.service_name,
    title: row.title,
    owner: { id: row.owner_id, name: row.owner_name, timeZone: row.owner_zone },
    dueOn: row.due_on,
    status,
    link: row.link,
    overdue: isOverdue({ status, dueOn: row.due_on }, row.owner_zone, now),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    closedAt: row.closed_at === null ? null : iso(row.closed_at),
    version: row.version,
  };
}

/** By due date (undated last), then by when they were created. */
export function sortActionItems(items: ActionItemDto[]): ActionItemDto[] {
  return items.sort((a, b) => {
    if (a.dueOn !== b.dueOn) {
      if (a.dueOn === null) return 1;
      if (b.dueOn === null) return -1;
      return a.dueOn < b.dueOn ? -1 : 1;
    }
    if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? -1 : 1;
    return a.id < b.id ? -1 : 1;
  });
}

export async function loadActionItems(db: Kysely<Database>, filter: ActionItemFilter, now: EpochMs): Promise<ActionItemDto[]> {
  return sortActionItems((await actionItemsRepository.list(db, filter)).map((row) => toActionItemDto(row, now)));
}

function invalid(fields: Array<{ field: string; problem: string }>): Problem {
  return new Problem(400, 'invalid_request', fields.map((f) => `${f.field} ${f.problem}`).join('; '), fields);
}

/** The 409 of a post-mortem that is published: read-only until it is reopened. */
export function publishedProblem(): Problem {
  return new Problem(409, 'postmortem_published', 'This post-mortem is published and read-only; reopen it to change it');
}

/**
 * A Problem whose `details` go both inside `error` (as the post-mortem API promises:
 * `error.details = {current, yours}`) and beside it (as the runbook editor reads its 409s).
 */
export class ProblemWithDetails extends Problem {
  constructor(status: number, code: string, message: string, fields: Array<{ field: string; problem: string }>, details: Record<string, unknown>) {
    super(status, code, message, fields);
    this.details = details;
  }
}

async function mustFindOwner(db: Kysely<Database>, ownerId: string) {
  const owner = await usersRepository.findById(db, ownerId);
  if (!owner) throw invalid([{ field: 'ownerId', problem: 'names no person (an action item is owned by one person, not a team or a name)' }]);
  return owner;
}

export type ActionItemService = ReturnType<typeof createActionItemService>;

export function createActionItemService(deps: { handle: DatabaseHandle; writes: WriteQueue; clock: Clock; onChange?: () => Promise<void> }) {
  const { handle, writes, clock } = deps;

  async function mustFindItem(db: Kysely<Database>, id: string): Promise<ActionItemRow> {
    const row = await actionItemsRepository.findById(db, id);
    if (!row) throw Problem.notFound(`action item ${id}`);
    return row;
  }

  async function mustFindPostmortem(db: Kysely<Database>, id: string): Promise<PostmortemRow> {
    const row = await postmortemsRepository.findById(db, id);
    if (!row) throw Problem.notFound(`post-mortem ${id}`);
    return row;
  }

  async function view(db: Kysely<Database>, id: string): Promise<ActionItemDto> {
    const [item] = await loadActionItems(db, { ids: [id] }, clock.now());
    if (!item) throw Problem.notFound(`action item ${id}`);
    return item;
  }

  const auditView = (row: ActionItemRow) => ({ title: row.title, ownerId: row.owner_id, dueOn: row.due_on, status: row.status, link: row.link, version: row.version });

  async function record(ctx: WriteContext, caller: Caller, postmortem: PostmortemRow, row: ActionItemRow, change: 'created' | 'updated' | 'deleted', before?: ActionItemRow): Promise<void> {
    const at = clock.now();
    await appendEvent(ctx, {
      at,
      incidentId: null,
      serviceId: null,
      actor: timelineActor(caller),
      kind: 'action_item.changed',
      data: { postmortemId: postmortem.id, incidentId: postmortem.incident_id, actionItemId: row.id, title: row.title, ownerId: row.owner_id, status: row.status as ActionItemStatus, change },
    });
    await postmortemsRepository.update(ctx.trx, postmortem.id, { updated_at: at });
    await audit(ctx.trx, {
      at,
      caller,
      action: `action_item.${change}`,
      targetType: 'action_item',
      targetId: row.id,
      ...(before ? { before: auditView(before) } : {}),
      ...(change === 'deleted' ? {} : { after: auditView(row) }),
    });
  }

  function warningsFor(dueOn: string | null | undefined, zone: string, now: EpochMs) {
    return dueOn && isPastDate(dueOn, zone, now) ? [{ field: 'dueOn', problem: 'is in the past' }] : [];
  }

  /** Reminders may have been added, moved or removed: the runner looks again before the answer goes out. */
  const changed = async <T>(value: T): Promise<T> => {
    await deps.onChange?.();
    return value;
  };

  return {
    async list(caller: Caller, query: ActionItemListQuery): Promise<ActionItemDto[]> {
      let ownerId: string | undefined;
      if (query.owner === 'me') {
        if (!caller.userId) throw invalid([{ field: 'owner', problem: '"me" needs a signed-in person' }]);
        ownerId = caller.userId;
      } else ownerId = query.owner;
      const statuses = query.status === 'closed' ? CLOSED : query.status === 'all' ? undefined : OPEN;
      const items = await loadActionItems(handle.db, { ownerId, statuses, teamId: query.teamId, serviceId: query.serviceId }, clock.now());
      return query.status === 'overdue' ? items.filter((item) => item.overdue) : items;
    },

    async create(caller: Caller, postmortemId: string, input: CreateActionItem): Promise<ActionItemWriteResult> {
      const result = await writes.run(async (ctx) => {
        const postmortem = await mustFindPostmortem(ctx.trx, postmortemId);
        if (!isEditable(postmortem.status as PostmortemStatus)) throw publishedProblem();
        const owner = await mustFindOwner(ctx.trx, input.ownerId);
        if ((await actionItemsRepository.countFor(ctx.trx, postmortemId)) >= POSTMORTEM_LIMITS.actionItems) {
          throw new Problem(409, 'too_many_action_items', `A post-mortem holds at most ${POSTMORTEM_LIMITS.actionItems} action items`);
        }
        const at = clock.now();
        const row: ActionItemRow = {
          id: randomUUID(),
          postmortem_id: postmortemId,
          title: input.title,
          owner_id: owner.id,
          due_on: input.dueOn,
          status: input.status,
          link: input.link,
          version: 1,
          created_at: at,
          created_by: caller.userId,
          updated_at: at,
          closed_at: isOpenStatus(input.status) ? null : at,
          reminded_at: null,
        };
        await actionItemsRepository.insert(ctx.trx, row);
        await record(ctx, caller, postmortem, row, 'created');
        return { item: await view(ctx.trx, row.id), warnings: warningsFor(input.dueOn, owner.time_zone, at) };
      });
      return changed(result);
    },

    /**
     * Changes some fields on top of `version` (409 with both when stale). Allowed on a published
     * post-mortem too: its action items are worked on long after the text is final.
     */
    async patch(caller: Caller, id: string, input: PatchActionItem): Promise<ActionItemWriteResult> {
      const result = await writes.run(async (ctx) => {
        const before = await mustFindItem(ctx.trx, id);
        const { version, ...fields } = input;
        if (before.version !== version) throw await stale(ctx.trx, id, input);
        const owner = await mustFindOwner(ctx.trx, fields.ownerId ?? before.owner_id);
        const at = clock.now();
        const status = fields.status ?? (before.status as ActionItemStatus);
        const wasOpen = isOpenStatus(before.status as ActionItemStatus);
        const dueOn = fields.dueOn === undefined ? before.due_on : fields.dueOn;
        const after: ActionItemRow = {
          ...before,
          title: fields.title ?? before.title,
          owner_id: owner.id,
          due_on: dueOn,
          status,
          link: fields.link === undefined ? before.link : fields.link,
          version: before.version + 1,
          updated_at: at,
          closed_at: isOpenStatus(status) ? null : wasOpen ? at : before.closed_at,
          // A new date or a new owner is a new promise: its overdue reminder goes out again.
          reminded_at: dueOn !== before.due_on || owner.id !== before.owner_id ? null : before.reminded_at,
        };
        const { id: _id, postmortem_id: _pm, created_at: _c, created_by: _cb, ...patch } = after;
        if (!(await actionItemsRepository.updateIfVersion(ctx.trx, id, version, patch))) throw await stale(ctx.trx, id, input);
        await record(ctx, caller, await mustFindPostmortem(ctx.trx, before.postmortem_id), after, 'updated', before);
        const dateTouched = fields.dueOn !== undefined || fields.ownerId !== undefined;
        return { item: await view(ctx.trx, id), warnings: dateTouched ? warningsFor(dueOn, owner.time_zone, at) : [] };
      });
      return changed(result);
    },

    async remove(caller: Caller, id: string): Promise<void> {
      await writes.run(async (ctx) => {
        const before = await mustFindItem(ctx.trx, id);
        const postmortem = await mustFindPostmortem(ctx.trx, before.postmortem_id);
        if (!isEditable(postmortem.status as PostmortemStatus)) throw publishedProblem();
        await actionItemsRepository.delete(ctx.trx, id);
        await record(ctx, caller, postmortem, before, 'deleted', before);
      });
      await changed(undefined);
    },
  };

  async function stale(db: Kysely<Database>, id: string, yours: PatchActionItem): Promise<Problem> {
    const current = await view(db, id);
    return new ProblemWithDetails(
      409,
      'stale_version',
      `This action item changed since you loaded it (now version ${current.version}); nothing was saved`,
      [{ field: 'version', problem: `is ${current.version} now` }],
      { current, yours },
    );
  }
}
