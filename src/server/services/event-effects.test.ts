import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Database } from '../db/schema';
import type { WriteQueue } from '../db/write-queue';
import { createTestClock } from '../test-support/test-clock';
import { createChatMirrorService } from './chat-mirror-service';
import { SYSTEM_ACTOR } from './event-log';
import type { NewEvent } from './event-log';
import { createStatusSubscriberService } from './status-subscriber-service';

/** A transaction that fails on first use: a decider that touches it for these events would throw. */
const untouchable = new Proxy({}, { get: (_target, name) => { throw new Error(`queried the database (${String(name)})`); } }) as Kysely<Database>;

const firing = (seq: number): { seq: number; event: NewEvent } => ({
  seq,
  event: { at: 0, incidentId: 'INC-2026-0001', serviceId: 'svc', actor: SYSTEM_ACTOR, kind: 'alert.firing', data: { count: 1, alertCount: seq, alerts: ['db-1 is slow'], more: 0 } },
});

describe('event effects during an alert storm', () => {
  it('decide nothing and query nothing for alert events', async () => {
    const clock = createTestClock();
    const common = { handle: { db: untouchable }, writes: {} as WriteQueue, clock, publicUrl: 'https://firewatch.example.test', http: { allowPrivate: false }, allowPrivate: false };
    const chat = createChatMirrorService(common);
    const subscribers = createStatusSubscriberService({ ...common, secret: () => 'key', mailer: undefined, wake: () => undefined });
    const storm = Array.from({ length: 500 }, (_, i) => firing(i + 1));
    await expect(chat.decide(untouchable, storm)).resolves.toBeUndefined();
    await expect(subscribers.decide(untouchable, storm)).resolves.toBeUndefined();
  });
});
