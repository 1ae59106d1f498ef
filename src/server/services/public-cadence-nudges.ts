import type { Kysely } from 'kysely';
import type { Severity } from '../../domain/incident/severity';
import { DEFAULT_PUBLIC_CADENCE_MINUTES, publicCadenceState } from '../../domain/status-page/cadence';
import type { EpochMs } from '../../domain/time/instant';
import { HOUR_MS, MINUTE_MS, epochMs, toIsoUtc } from '../../domain/time/instant';
import type { DatabaseHandle } from '../db/database';
import type { Database } from '../db/schema';
import type { WriteContext, WriteQueue } from '../db/write-queue';
import { SYSTEM_CALLER, audit } from './caller';
import type { CancelTimer, Clock } from './clock';
import { SYSTEM_ACTOR, appendEvent } from './event-log';

/**
 * The public cadence's nudge: when a public incident's promised update is late, the scribe is
 * told at once, and the commander half a cadence later (or at once with no scribe), by
 * `publicCadenceState`. In-app for now: a `status.public_update_overdue` event on the incident's
 * timeline, once per (public incident, due time, role), kept to once by the key of its row in
 * `public_cadence_nudges`. A new public update moves the due time, which arms a new round.
 *
 * One timer waits for the next nudge due (the pattern of postmortem-reminders.ts); publishing
 * and every public update wake it, and while anything waits it looks again at least hourly.
 */
export const NUDGE_RECHECK_MS = HOUR_MS;
type Role = 'scribe' | 'commander';
type Target = { publicIncidentId: string; incidentId: string; serviceId: string; dueAt: EpochMs; cadenceMs: number; scribe: string | null; commander: string | null; done: Set<Role> };

const keyOf = (publicIncidentId: string, dueAt: number, role: Role) => `${publicIncidentId}:${dueAt}:${role}`;

async function targets(db: Kysely<Database>): Promise<Target[]> {
  const rows = await db
    .selectFrom('public_incidents as pi')
    .innerJoin('incidents as i', 'i.id', 'pi.incident_id')
    .select(['pi.id', 'pi.next_update_due_at', 'i.id as incident_id', 'i.service_id', 'i.severity', 'i.scribe', 'i.commander'])
    .where('pi.resolved_at', 'is', null)
    .where('pi.next_update_due_at', 'is not', null)
    .execute();
  if (rows.length === 0) return [];
  const nudged = new Set((await db.selectFrom('public_cadence_nudges').select('nudge_key').where('public_incident_id', 'in', rows.map((r) => r.id)).execute()).map((r) => r.nudge_key));
  return rows.map((row) => {
    const dueAt = epochMs(Number(row.next_update_due_at));
    const done = new Set<Role>((['scribe', 'commander'] as const).filter((role) => nudged.has(keyOf(row.id, dueAt, role))));
    const minutes = DEFAULT_PUBLIC_CADENCE_MINUTES[row.severity as Severity] ?? DEFAULT_PUBLIC_CADENCE_MINUTES.P4;
    return { publicIncidentId: row.id, incidentId: row.incident_id, serviceId: row.service_id, dueAt, cadenceMs: minutes * MINUTE_MS, scribe: row.scribe, commander: row.commander, done };
  });
}

/** The roles that are owed a nudge at `now`: the scribe first, the commander once it is their turn. */
function owed(target: Target, now: EpochMs): Role[] {
  const state = publicCadenceState({ dueAt: target.dueAt, now, cadenceMs: target.cadenceMs, hasScribe: target.scribe !== null });
  const roles: Role[] = [];
  if (state !== 'on-time' && target.scribe !== null) roles.push('scribe');
  if (state === 'overdue-commander') roles.push('commander');
  return roles.filter((role) => !target.done.has(role));
}

/** The first instant at which a nudge not yet written falls due ("exactly at the due time is on time", so one after). */
function nextAt(target: Target): number | undefined {
  const times: number[] = [];
  if (target.scribe !== null && !target.done.has('scribe')) times.push(target.dueAt + 1);
  if (!target.done.has('commander')) times.push(target.scribe === null ? target.dueAt + 1 : target.dueAt + Math.floor(target.cadenceMs / 2) + 1);
  return times.length === 0 ? undefined : Math.min(...times);
}

export function createPublicCadenceNudger(deps: { handle: DatabaseHandle; writes: WriteQueue; clock: Clock; onError?: (error: unknown) => void }) {
  const { handle, writes, clock } = deps;
  let pending: CancelTimer | undefined;
  let generation = 0;
  let stopped = true;

  async function arm(): Promise<void> {
    if (stopped) return;
    const mine = ++generation;
    const waiting = (await targets(handle.db)).map(nextAt).filter((at): at is number => at !== undefined);
    if (mine !== generation || stopped) return;
    pending?.();
    pending = undefined;
    if (waiting.length === 0) return;
    const now = clock.now();
    const next = Math.max(now, Math.min(now + NUDGE_RECHECK_MS, ...waiting));
    const cancel = clock.setTimer(epochMs(next), () => {
      if (pending === cancel) pending = undefined;
      return check().catch((error: unknown) => deps.onError?.(error));
    });
    pending = cancel;
  }

  async function nudge(ctx: WriteContext, target: Target, role: Role, now: EpochMs): Promise<void> {
    const key = keyOf(target.publicIncidentId, target.dueAt, role);
    const inserted = await ctx.trx
      .insertInto('public_cadence_nudges')
      .values({ nudge_key: key, public_incident_id: target.publicIncidentId, due_at: target.dueAt, role, created_at: now })
      .onConflict((oc) => oc.column('nudge_key').doNothing())
      .executeTakeFirst();
    // Another instance (or an earlier look) nudged already.
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) !== 1) return;
    const name = role === 'scribe' ? target.scribe : target.commander;
    await appendEvent(ctx, {
      at: now,
      incidentId: target.incidentId,
      serviceId: target.serviceId,
      actor: SYSTEM_ACTOR,
      kind: 'status.public_update_overdue',
      data: { publicIncidentId: target.publicIncidentId, dueAt: toIsoUtc(target.dueAt), nudged: role, name },
    });
    await audit(ctx.trx, { at: now, caller: SYSTEM_CALLER, action: 'status.public_update_overdue', targetType: 'public_incident', targetId: target.publicIncidentId, after: { dueAt: toIsoUtc(target.dueAt), nudged: role } });
  }

  async function check(): Promise<void> {
    if (stopped) return;
    const now = clock.now();
    const due = (await targets(handle.db)).map((target) => ({ target, roles: owed(target, now) })).filter((entry) => entry.roles.length > 0);
    if (due.length > 0) {
      await writes.run(async (ctx) => {
        for (const { target, roles } of due) for (const role of roles) await nudge(ctx, target, role, now);
      });
    }
    await arm();
  }

  return {
    start(): Promise<void> {
      stopped = false;
      return arm();
    },
    stop(): void {
      stopped = true;
      pending?.();
      pending = undefined;
    },
    /** After a publication or public update: the due time moved. */
    wake(): Promise<void> {
      return arm().catch((error: unknown) => deps.onError?.(error));
    },
  };
}
