import { randomUUID } from 'node:crypto';
import type { Insertable, Kysely } from 'kysely';
import type { EpochMs } from '../../domain/time/instant';
import type { Database } from '../db/schema';
import { outboxRepository } from '../repositories/outbox-repository';

/** An effect to perform after the transaction that decided it commits. */
export type Effect = {
  /** Unique per effect (e.g. `page:{incident}:{level}:{attempt}:{person}:{rule}`): enqueuing it twice stores it once. */
  key: string;
  /** Chooses the sender (notify/senders.ts). */
  kind: string;
  /** JSON-serialisable; what the sender receives. */
  payload: unknown;
  /** Not performed before this instant. */
  dueAt: EpochMs;
};

/**
 * Writes the effect to the outbox inside the caller's unit of work (`ctx.trx` of the write
 * queue): if the unit rolls back, the effect was never decided; once it commits, the outbox
 * runner performs it even if the process dies first. Answers false when an effect with the same
 * key already exists (the first one stands).
 */
export async function enqueueEffect(trx: Kysely<Database>, effect: Effect, now: EpochMs): Promise<boolean> {
  return outboxRepository.insertOnce(trx, outboxRow(effect, now));
}

/** The outbox row of a new effect: pending, never tried. */
export function outboxRow(effect: Effect, now: EpochMs) {
  return {
    id: randomUUID(),
    idempotency_key: effect.key,
    kind: effect.kind,
    payload: JSON.stringify(effect.payload ?? null),
    due_at: effect.dueAt,
    attempts: 0,
    state: 'pending',
    last_error: null,
    created_at: now,
    sent_at: null,
    claimed_until: null,
    claim_token: null,
  } satisfies Insertable<Database['outbox']>;
}
