import { afterEach, describe, expect, it } from 'vitest';
import { postmortemSchema } from '../../contracts/postmortems';
import { epochMs } from '../../domain/time/instant';
import type { PagingWorld } from '../test-support/paging-world';
import { createPagingWorld } from '../test-support/paging-world';
import { ENGINES } from '../test-support/test-app';

const MINUTE = 60_000;

describe.each(ENGINES)('post-mortems meet paging on %s', (engine) => {
  let world: PagingWorld;
  afterEach(async () => world.close());

  const ok = async <T>(response: Promise<{ statusCode: number; body: string; json(): unknown }>, status = 200): Promise<T> => {
    const answer = await response;
    if (answer.statusCode !== status) throw new Error(`${answer.statusCode} ${answer.body}`);
    return answer.json() as T;
  };

  it('drafts the timeline of a real paging: who was paged how, the escalation, the acknowledgement, the resolution', async () => {
    world = await createPagingWorld(engine);
    const diego = await world.person({ name: 'Diego Alvarez', rules: [{ channel: 'sms', delay: 0 }] });
    const mei = await world.person({ name: 'Mei Tanaka', rules: [{ channel: 'email', delay: 0 }] });
    const service = await world.service('Checkout API', [
      { after: 5, targets: [{ type: 'user', userId: diego.id }] },
      { after: 5, targets: [{ type: 'user', userId: mei.id }] },
    ]);
    const incidentId = await world.alert(service.key, { title: 'checkout: pool exhausted' });
    await world.settle();
    await world.advance(5 * MINUTE + 1000);
    await ok(world.api({ method: 'POST', url: `/api/v1/incidents/${incidentId}/acknowledge`, headers: { cookie: mei.cookie } }));
    await world.advance(20 * MINUTE);
    await ok(world.api({ method: 'POST', url: `/api/v1/incidents/${incidentId}/resolve`, headers: { cookie: mei.cookie } }));
    const postmortem = postmortemSchema.parse(await ok(world.api({ method: 'POST', url: `/api/v1/incidents/${incidentId}/postmortem`, payload: {}, headers: { cookie: mei.cookie } }), 201));
    const lines = postmortem.sections.find((section) => section.key === 'timeline')!.body.split('\n');
    expect(lines).toEqual([
      '- **2026-03-21 02:30 UTC** — Alertmanager opened the incident (P1) with 1 alert firing: “checkout”',
      '- **02:30 UTC** — Escalation started at level 1',
      '- **02:30 UTC** — Diego Alvarez was paged by SMS (level 1)',
      '- **02:35 UTC** — Escalated to level 2 (the previous level did not acknowledge in time)',
      '- **02:35 UTC** — Mei Tanaka was paged by e-mail (level 2)',
      '- **02:35 UTC** — Mei Tanaka acknowledged in Firewatch',
      '- **02:55 UTC** — Mei Tanaka resolved the incident',
    ]);
    // Deliveries are on the incident's timeline, not in the post-mortem's.
    const kinds = (await world.timeline(incidentId)).map((event) => event.kind);
    expect(kinds).toContain('page.delivered');
    const impact = postmortem.sections.find((section) => section.key === 'impact')!.body;
    expect(impact).toContain('- **Time to acknowledge:** 5m 1s');
    expect(impact).toContain('- **People paged:** 2');
  });

  it('reminds each owner once, by e-mail, when an item is overdue in their zone and on the morning of the follow-up review', async () => {
    // 14:40 UTC on 23 March: 23:40 in Tokyo, 08:40 in Denver, 23:25 in Eucla (UTC+8:45).
    world = await createPagingWorld(engine, { start: '2026-03-23T14:40:00.000Z' });
    const diego = await world.person({ name: 'Diego Alvarez', zone: 'Asia/Tokyo', rules: [{ channel: 'sms', delay: 0 }, { channel: 'email', delay: 0, urgency: 'low' }] });
    const mei = await world.person({ name: 'Mei Tanaka', zone: 'America/Denver', rules: [{ channel: 'sms', delay: 0 }] });
    const eucla = await world.person({ name: 'Bo Berg', zone: 'Australia/Eucla', rules: [{ channel: 'email', delay: 0, urgency: 'low' }] });
    const service = await world.service('Checkout API', null);
    const incident = await ok<{ id: string }>(world.api({ method: 'POST', url: '/api/v1/incidents', payload: { title: 'Checkout: pool exhausted', severity: 'P2', serviceId: service.id } }), 201);
    const postmortem = postmortemSchema.parse(await ok(world.api({ method: 'POST', url: `/api/v1/incidents/${incident.id}/postmortem`, payload: { ownerId: mei.id } }), 201));
    await ok(world.api({ method: 'PATCH', url: `/api/v1/postmortems/${postmortem.id}`, payload: { followUpOn: '2026-03-23' } }));
    const add = (title: string, ownerId: string, dueOn: string, status = 'open') => ok(world.api({ method: 'POST', url: `/api/v1/postmortems/${postmortem.id}/action-items`, payload: { title, ownerId, dueOn, status } }), 201);
    await add('Alert at 80 % of the pool', diego.id, '2026-03-23');
    await add('Document the pool size', eucla.id, '2026-03-23');
    await add('Resize the pool', diego.id, '2026-03-20', 'done');
    await world.settle();
    const mail = () => world.inbox.messages.map((message) => `${message.envelopeTo.join(',')} ${message.subject}`);
    expect(mail()).toEqual([]);

    // Just before midnight in Tokyo and 09:00 in Denver: nothing yet.
    await world.clock.advanceTo(epochMs(Date.parse('2026-03-23T14:59:55.000Z')));
    await world.settle();
    expect(mail()).toEqual([]);
    await world.advance(10_000);
    expect(mail().sort()).toEqual(
      [`${diego.email} [Firewatch] Action item overdue: Alert at 80 % of the pool`, `${mei.email} [Firewatch] Follow-up review today: Checkout: pool exhausted`].sort(),
    );
    const overdue = world.inbox.messages.find((message) => message.envelopeTo.includes(diego.email))!;
    expect(overdue.text).toContain('"Alert at 80 % of the pool" was due on 2026-03-23 and is still open.');
    expect(overdue.text).toContain(`https://firewatch.example.com/postmortems/${postmortem.id}`);
    const review = world.inbox.messages.find((message) => message.envelopeTo.includes(mei.email))!;
    expect(review.text).toContain('2 of its action items are still open.');
    // Mei has no low-urgency rule: the reminder went to her account's address, not by SMS.
    expect(world.smsTo(mei.phone)).toEqual([]);
    expect(world.smsTo(diego.phone)).toEqual([]);

    // Later looks (a write wakes the runner; time passes) send nothing again.
    await ok(world.api({ method: 'PATCH', url: `/api/v1/postmortems/${postmortem.id}`, payload: { title: 'Checkout slowed: the pool ran out' } }));
    await world.advance(2 * MINUTE);
    expect(world.inbox.messages).toHaveLength(2);
    const reminders = await world.handle.db.selectFrom('reminders').select(['kind', 'user_id', 'channel', 'status']).orderBy('kind').execute();
    expect(reminders).toEqual([
      { kind: 'action_item_overdue', user_id: diego.id, channel: 'email', status: 'sent' },
      { kind: 'follow_up', user_id: mei.id, channel: 'email', status: 'sent' },
    ]);
    const audit = await world.handle.db.selectFrom('audit_log').select(['action', 'target_id']).where('action', 'in', ['action_item.reminded', 'postmortem.follow_up_reminded']).execute();
    expect(audit.map((entry) => entry.action).sort()).toEqual(['action_item.reminded', 'postmortem.follow_up_reminded']);

    // The same date ends a quarter of an hour later in Eucla.
    await world.clock.advanceTo(epochMs(Date.parse('2026-03-23T15:14:55.000Z')));
    await world.settle();
    expect(world.inbox.messages).toHaveLength(2);
    await world.advance(10_000);
    expect(mail().filter((line) => line.startsWith(eucla.email))).toEqual([`${eucla.email} [Firewatch] Action item overdue: Document the pool size`]);
  });

  it('sends reminders due while the server was down once it is back, once', async () => {
    world = await createPagingWorld(engine, { start: '2026-03-23T14:40:00.000Z' });
    const diego = await world.person({ name: 'Diego Alvarez', zone: 'Asia/Tokyo', rules: [{ channel: 'email', delay: 0, urgency: 'low' }] });
    const service = await world.service('Checkout API', null);
    const incident = await ok<{ id: string }>(world.api({ method: 'POST', url: '/api/v1/incidents', payload: { title: 'Checkout: pool exhausted', severity: 'P2', serviceId: service.id } }), 201);
    const postmortem = postmortemSchema.parse(await ok(world.api({ method: 'POST', url: `/api/v1/incidents/${incident.id}/postmortem`, payload: { ownerId: diego.id } }), 201));
    await ok(world.api({ method: 'POST', url: `/api/v1/postmortems/${postmortem.id}/action-items`, payload: { title: 'Alert at 80 % of the pool', ownerId: diego.id, dueOn: '2026-03-23' } }), 201);
    await world.restart(async () => {
      await world.clock.advanceTo(epochMs(Date.parse('2026-03-23T15:30:00.000Z')));
    });
    await world.settle();
    await world.advance(10_000);
    expect(world.inbox.messages.map((message) => message.subject)).toEqual(['[Firewatch] Action item overdue: Alert at 80 % of the pool']);
    await world.restart();
    await world.advance(10_000);
    expect(world.inbox.messages).toHaveLength(1);
  });
});
