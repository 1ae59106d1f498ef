import { describe, expect, it, vi } from 'vitest';
import { ApiRequestError, apiRequest } from '../../../lib/api-client';
import { db, signInAs } from '../../../testing/db';
import { USERS } from '../../../testing/fixtures';
import { makeActionItem, makePostmortem } from '../../../testing/postmortem-samples';
import { createActionItem, deleteActionItem, getActionItems, patchActionItem } from './action-items';
import { getRecurrence } from './recurrence';

async function refusal(promise: Promise<unknown>): Promise<ApiRequestError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ApiRequestError)) throw new Error(`expected a refusal, got ${String(error)}`);
  return error;
}

const base = { title: 'Add pool monitoring', ownerId: USERS.responder.id };

describe('the action item API as the test server answers it', () => {
  it('creates an item from the post-mortem, with the owner’s zone and no warning for a future date', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-03-05T12:00:00Z') });
    db.postmortems = [makePostmortem()];
    signInAs('responder');
    const { item, warnings } = await createActionItem({ postmortemId: 'pm-1', body: { ...base, dueOn: '2026-03-12', link: 'https://tickets.example/1' } });
    expect(warnings).toEqual([]);
    expect(item).toEqual(expect.objectContaining({ incidentId: 'INC-2026-0001', serviceName: 'Checkout API', owner: { id: USERS.responder.id, name: USERS.responder.name, timeZone: 'America/Chicago' }, status: 'open', version: 1, overdue: false }));
    expect(db.postmortems[0]!.openActionItems).toBe(1);
  });

  it('stores a past due date with a warning, judged in the owner’s zone', async () => {
    // 03:00 UTC on 5 March is still 4 March in Chicago: the 4th is today there, not past.
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-03-05T03:00:00Z') });
    db.postmortems = [makePostmortem()];
    signInAs('responder');
    expect((await createActionItem({ postmortemId: 'pm-1', body: { ...base, dueOn: '2026-03-04' } })).warnings).toEqual([]);
    expect((await createActionItem({ postmortemId: 'pm-1', body: { ...base, dueOn: '2026-03-03' } })).warnings).toEqual([{ field: 'dueOn', problem: 'is in the past' }]);
    expect(db.postmortems[0]!.actionItems).toHaveLength(2);
  });

  it('refuses bad input naming the field, storing nothing', async () => {
    db.postmortems = [makePostmortem()];
    signInAs('responder');
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...base, title: '   ' }, 'title'],
      [{ ownerId: USERS.responder.id }, 'title'],
      [{ ...base, ownerId: 'team-payments' }, 'ownerId'],
      [{ ...base, ownerId: 'Diego Alvarez' }, 'ownerId'],
      [{ title: 'x' }, 'ownerId'],
      [{ ...base, link: 'javascript:alert(1)' }, 'link'],
      [{ ...base, link: 'ftp://files.example/x' }, 'link'],
      [{ ...base, dueOn: '2026-02-30' }, 'dueOn'],
      [{ ...base, status: 'closed' }, 'status'],
      [{ ...base, colour: 'red' }, '(body)'],
    ];
    for (const [body, field] of cases) {
      const error = await refusal(apiRequest('/api/v1/postmortems/pm-1/action-items', { method: 'POST', body }));
      expect([error.status, error.fields.map((f) => f.field)], JSON.stringify(body)).toEqual([400, [field]]);
    }
    expect(db.postmortems[0]!.actionItems).toEqual([]);
    expect((await refusal(createActionItem({ postmortemId: 'pm-404', body: base }))).status).toBe(404);
  });

  it('lets a viewer read and not write', async () => {
    db.postmortems = [makePostmortem({ actionItems: [makeActionItem()] })];
    signInAs('viewer');
    expect((await getActionItems({})).items).toHaveLength(1);
    expect((await refusal(createActionItem({ postmortemId: 'pm-1', body: base }))).status).toBe(403);
    expect((await refusal(patchActionItem({ id: 'ai-1', body: { status: 'done', version: 1 } }))).status).toBe(403);
    expect((await refusal(deleteActionItem({ id: 'ai-1', postmortemId: 'pm-1' }))).status).toBe(403);
    expect(db.postmortems[0]!.actionItems).toHaveLength(1);
  });

  it('refuses a stale change with 409 carrying both versions, and an unknown owner on change', async () => {
    db.postmortems = [makePostmortem({ actionItems: [makeActionItem({ version: 3 })] })];
    signInAs('responder');
    const stale = await refusal(patchActionItem({ id: 'ai-1', body: { status: 'done', version: 2 } }));
    expect([stale.status, stale.code]).toEqual([409, 'stale_version']);
    expect((stale.payload as { error: { details: unknown } }).error.details).toEqual({ current: expect.objectContaining({ id: 'ai-1', version: 3, status: 'open' }), yours: { status: 'done', version: 2 } });
    const owner = await refusal(patchActionItem({ id: 'ai-1', body: { ownerId: 'p-nobody', version: 3 } }));
    expect(owner.fields.map((f) => f.field)).toEqual(['ownerId']);
    const missing = await refusal(apiRequest('/api/v1/action-items/ai-1', { method: 'PATCH', body: { status: 'done' } }));
    expect(missing.fields.map((f) => f.field)).toEqual(['version']);
    expect(db.postmortems[0]!.actionItems[0]).toEqual(expect.objectContaining({ status: 'open', version: 3 }));
    expect((await refusal(deleteActionItem({ id: 'ai-404', postmortemId: 'pm-1' }))).status).toBe(404);
  });

  it('changes only the fields sent: a status change keeps the due date and the link', async () => {
    db.postmortems = [makePostmortem({ actionItems: [makeActionItem({ link: 'https://tickets.example/7', dueOn: '2026-03-10' })] })];
    signInAs('responder');
    const { item } = await patchActionItem({ id: 'ai-1', body: { status: 'in_progress', version: 1 } });
    expect(item).toEqual(expect.objectContaining({ status: 'in_progress', dueOn: '2026-03-10', link: 'https://tickets.example/7', title: 'Alert when the pool passes 80 %', version: 2, closedAt: null }));
    const renamed = await patchActionItem({ id: 'ai-1', body: { title: 'Alert at 75 %', version: 2 } });
    expect(renamed.item).toEqual(expect.objectContaining({ title: 'Alert at 75 %', status: 'in_progress' }));
    expect((await patchActionItem({ id: 'ai-1', body: { dueOn: null, link: null, version: 3 } })).item).toEqual(expect.objectContaining({ dueOn: null, link: null }));
  });

  it('filters the list and refuses an unknown filter or status, naming it', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-03-12T12:00:00Z') });
    const owner = { id: USERS.manager.id, name: USERS.manager.name, timeZone: USERS.manager.timeZone };
    db.postmortems = [
      makePostmortem({
        actionItems: [
          makeActionItem({ id: 'a', dueOn: null, createdAt: '2026-03-04T09:00:00.000Z' }),
          makeActionItem({ id: 'b', dueOn: '2026-03-11' }),
          makeActionItem({ id: 'c', dueOn: '2026-03-20', owner }),
          makeActionItem({ id: 'd', status: 'wont_do' }),
        ],
      }),
    ];
    signInAs('responder');
    const ids = async (filters: Parameters<typeof getActionItems>[0]) => (await getActionItems(filters)).items.map((i) => i.id);
    expect(await ids({})).toEqual(['b', 'c', 'a']);
    expect(await ids({ owner: 'me' })).toEqual(['b', 'a']);
    expect(await ids({ status: 'overdue' })).toEqual(['b']);
    expect(await ids({ status: 'closed' })).toEqual(['d']);
    expect(await ids({ teamId: 'team-search' })).toEqual([]);
    expect(await ids({ serviceId: 'svc-checkout', status: 'all' })).toEqual(['d', 'b', 'c', 'a']);
    expect((await refusal(apiRequest('/api/v1/action-items?status=late'))).fields.map((f) => f.field)).toEqual(['status']);
    expect((await refusal(apiRequest('/api/v1/action-items?mine=1'))).status).toBe(400);
  });

  it('answers recurrence for an unknown incident with 404', async () => {
    expect((await refusal(getRecurrence('INC-404'))).status).toBe(404);
  });
});
