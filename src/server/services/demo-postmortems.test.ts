import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ActionItemDto, PostmortemSummaryDto } from '../../contracts/postmortems';
import { actionItemSchema, postmortemSchema, postmortemSummarySchema, recurrenceSchema } from '../../contracts/postmortems';
import { checkBlameless } from '../../domain/postmortem/blameless';
import { DEMO_PEOPLE } from './demo-service';
import { ENGINES, createTestApp } from '../test-support/test-app';
import type { TestApp } from '../test-support/test-app';

describe.each(ENGINES)('the demo post-mortem on %s', (engine) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(engine);
    expect((await t.api({ method: 'POST', url: '/api/v1/setup/demo', payload: {} })).statusCode).toBe(201);
  });
  afterEach(async () => t.close());

  it('is published for the earlier checkout outage, blameless, with four action items: one overdue, one done', async () => {
    const list = (await t.api({ method: 'GET', url: '/api/v1/postmortems' })).json<{ items: PostmortemSummaryDto[] }>().items.map((item) => postmortemSummarySchema.parse(item));
    expect(list).toHaveLength(1);
    const postmortem = postmortemSchema.parse((await t.api({ method: 'GET', url: `/api/v1/postmortems/${list[0]!.id}` })).json());
    expect(postmortem).toMatchObject({ status: 'published', owner: { name: 'Priya Raman' }, incident: { serviceName: 'Checkout API', severity: 'P2' }, openActionItems: 3, overdueActionItems: 1, canEdit: false });
    expect(postmortem.sections.every((section) => section.body.trim().length > 0)).toBe(true);
    const people = DEMO_PEOPLE.flatMap((p) => [p.name, p.name.split(' ')[0]!]);
    for (const section of postmortem.sections) expect({ key: section.key, findings: checkBlameless(section.body, { people }) }).toEqual({ key: section.key, findings: [] });
    expect(postmortem.sections.find((section) => section.key === 'timeline')!.body).toContain('Hannah Okafor acknowledged by replying to an SMS');
    expect(postmortem.actionItems.map((item) => [item.status, item.overdue])).toEqual([
      ['done', false],
      ['open', true],
      ['in_progress', false],
      ['open', false],
    ]);
    expect(postmortem.actionItems.find((item) => item.status === 'done')!.closedAt).not.toBeNull();
    const overdue = (await t.api({ method: 'GET', url: '/api/v1/action-items?status=overdue' })).json<{ items: ActionItemDto[] }>().items.map((item) => actionItemSchema.parse(item));
    expect(overdue.map((item) => item.owner.name)).toEqual(['Diego Alvarez']);
    // History: loading the demo sends no reminder.
    expect(await t.handle.db.selectFrom('outbox').selectAll().where('kind', '=', 'reminder').execute()).toEqual([]);
  });

  it("recalls the earlier outage's open action items on tonight's connection-pool incident, which stays the only open one of its kind", async () => {
    const open = (await t.api({ method: 'GET', url: '/api/v1/incidents' })).json<{ items: Array<{ id: string; title: string }> }>().items;
    expect(open.filter((incident) => incident.title.includes('connection pool'))).toHaveLength(1);
    const pool = open.find((incident) => incident.title.includes('connection pool'))!;
    const recurrence = recurrenceSchema.parse((await t.api({ method: 'GET', url: `/api/v1/incidents/${pool.id}/recurrence` })).json());
    expect(recurrence.earlier).toHaveLength(1);
    expect(recurrence.earlier[0]!.openItems.map((item) => item.owner.name)).toEqual(['Diego Alvarez', 'Sofia Lindqvist', 'Marcus Webb']);
  });
});
