import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { AppendedEventsHook, WriteContext } from '../db/write-queue';
import type { NewEvent } from './event-log';

/** Something that turns appended events into outbox effects inside their transaction. */
export type EffectDecider = { decide(trx: Kysely<Database>, appended: ReadonlyArray<{ seq: number; event: NewEvent }>): Promise<void> };

/**
 * The effects the event log itself causes (chat mirrors, status subscribers), decided in the
 * transaction that appends the events: they are written to the outbox with the events or not
 * at all (DESIGN.md, effects). Each decider filters by kind before any query, so the events
 * of an alert storm cost a set lookup each.
 */
export function createEventEffects(deciders: readonly EffectDecider[]): AppendedEventsHook {
  return async (ctx, appended) => {
    for (const decider of deciders) await decider.decide(ctx.trx, appended as ReadonlyArray<{ seq: number; event: NewEvent }>);
  };
}

/** The one call event-log.ts makes after appending: the unit's hook when the app wired one. */
export async function decideEventEffects(ctx: WriteContext, appended: ReadonlyArray<{ seq: number; event: NewEvent }>): Promise<void> {
  if (ctx.effects && appended.length > 0) await ctx.effects(ctx, appended);
}
