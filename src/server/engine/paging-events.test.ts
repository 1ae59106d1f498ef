import { afterEach, describe, expect, it } from 'vitest';
import { liveEventSchema } from '../../contracts/live';
import { EVENT_KINDS } from '../../contracts/timeline-events';
import { eventsAfter } from '../services/live-replay';
import type { PagingWorld } from '../test-support/paging-world';
import { createPagingWorld } from '../test-support/paging-world';
import { ENGINES } from '../test-support/test-app';

const MINUTE = 60_000;
const isPagingKind = (kind: string) => /^(page|escalation|maintenance|escalation_policy)\./.test(kind);

describe.each(ENGINES)('paging writes each of its timeline kinds with the shape the contract gives it, on %s', (engine) => {
  let w: PagingWorld | undefined;
  afterEach(async () => {
    await w?.close();
    w = undefined;
  });

  it('writes every paging kind through the real runner, readable by a reconnecting client', async () => {
    // 04:00 in Los Angeles on a January morning: Alice is in her quiet hours.
    w = await createPagingWorld(engine, { start: '2026-01-14T12:00:00.000Z' });
    const alice = await w.person({ name: 'Alice', zone: 'America/Los_Angeles', quietHours: { start: '02:00', end: '07:00' } });
    const bob = await w.person({ name: 'Bob', rules: [{ channel: 'sms', delay: 0 }, { channel: 'email', delay: 0 }] });
    const carl = await w.person({ name: 'Carl', unverified: ['sms'] });

    // Alice skipped for quiet hours, Carl's unverified number skipped, Bob (the last level) paged by SMS and e-mail; his SMS refused by Twilio.
    const checkout = await w.service('Checkout API', [
      { after: 1, targets: [{ type: 'user', userId: alice.id }, { type: 'user', userId: carl.id }] },
      { after: 1, targets: [{ type: 'user', userId: bob.id }] },
    ]);
    w.recorder.failNext(1, { code: 21211, message: "The 'To' number is not a valid phone number", status: 400 });
    const first = await w.alert(checkout.key, { group: 'first' });
    // A second incident for Bob inside the minute: his SMS is held and bundled.
    const second = await w.alert(checkout.key, { group: 'second' });
    await w.advance(3 * MINUTE);

    // Alice alone on the last level is paged in her quiet hours anyway.
    const search = await w.service('Product Search', [{ after: 1, targets: [{ type: 'user', userId: alice.id }] }]);
    await w.alert(search.key, { group: 'search' });
    // No policy: nobody is paged, and the timeline says so.
    const orders = await w.service('Orders Database', null);
    await w.alert(orders.key, { group: 'orders' });
    // A maintenance window started and ended early.
    const started = await w.api({ method: 'POST', url: `/api/v1/services/${search.id}/maintenance-windows`, payload: { end: w.iso(5 * MINUTE + 3 * 3_600_000), reason: 'Index rebuild' } });
    expect(started.statusCode).toBe(201);
    expect((await w.api({ method: 'POST', url: `/api/v1/services/${search.id}/maintenance-windows/${started.json<{ id: string }>().id}/end`, payload: {} })).statusCode).toBe(200);
    await w.advance(3 * MINUTE);

    const replayed = (await eventsAfter(w.handle, 0)).map((event) => liveEventSchema.parse(event));
    expect(replayed.filter((event) => event.kind === 'unrecognised')).toEqual([]);
    const written = new Set(replayed.map((event) => event.kind).filter(isPagingKind));
    expect(written).toEqual(new Set(EVENT_KINDS.filter(isPagingKind)));
    // The two incidents of Checkout API both say what happened to them.
    for (const id of [first, second]) expect((await w.timeline(id)).some((event) => event.kind === 'page.skipped')).toBe(true);
  });
});
