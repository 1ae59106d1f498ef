import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { metricsSchema } from '../../contracts/metrics';
import { timelineEventSchema } from '../../contracts/timeline-events';
import { ENGINES, createTestApp } from '../test-support/test-app';
import type { TestApp } from '../test-support/test-app';
import { DEMO_HISTORY_DAYS } from './demo-history';
import { DEMO_EARLIER_OUTAGE_TITLE } from './demo-postmortems';

const DAY = 86_400_000;
const MIN = 60_000;

describe.each(ENGINES)('demo history on %s', (engine) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(engine);
    expect((await t.api({ method: 'POST', url: '/api/v1/setup/demo', payload: {} })).statusCode).toBe(201);
  });
  afterEach(async () => t.close());

  const month = async (fromDaysAgo: number, toDaysAgo: number) => {
    const now = t.clock.now();
    const query = new URLSearchParams({ from: new Date(now - fromDaysAgo * DAY).toISOString(), to: new Date(now - toDaysAgo * DAY).toISOString(), zone: 'America/New_York', bucket: 'month' });
    const response = await t.api({ method: 'GET', url: `/api/v1/metrics?${query.toString()}` });
    expect(response.statusCode, response.body).toBe(200);
    return metricsSchema.parse(response.json());
  };

  it('holds three months of resolved incidents whose MTTA and MTTR fall from about 30 and 45 minutes to about 2 and 12', async () => {
    const resolved = (await t.api({ method: 'GET', url: '/api/v1/incidents?state=resolved&limit=500' })).json<{ items: Array<{ id: string; triggeredAt: string; title: string }> }>().items;
    // 89 days at 8 a week, the scripted disk incident of yesterday, and the earlier outage with the published post-mortem.
    expect(resolved).toHaveLength(102 + 1 + 1);
    const oldest = Math.min(...resolved.map((incident) => Date.parse(incident.triggeredAt)));
    expect(oldest).toBeGreaterThanOrEqual(t.clock.now() - DEMO_HISTORY_DAYS * DAY);
    // The dashboard's open incidents are still only the scripted ones.
    const open = (await t.api({ method: 'GET', url: '/api/v1/incidents' })).json<{ items: Array<{ title: string }> }>().items;
    expect(open.map((incident) => incident.title).sort()).toEqual(['Checkout API: database connection pool exhausted', 'Product Search: p95 latency above 800 ms']);

    const first = (await month(DEMO_HISTORY_DAYS, DEMO_HISTORY_DAYS - 30)).total;
    const last = (await month(32, 2)).total;
    expect(first.mtta.median! / MIN).toBeGreaterThan(15);
    expect(first.mtta.median! / MIN).toBeLessThan(40);
    expect(last.mtta.median! / MIN).toBeLessThan(5);
    expect(first.mttr.median! / MIN).toBeGreaterThan(30);
    expect(last.mttr.median! / MIN).toBeLessThan(20);
    // Slow acknowledgements escalated; by the end hardly anything does.
    expect(first.escalation.n / first.count).toBeGreaterThan(0.5);
    expect(last.escalation.n / last.count).toBeLessThan(0.2);

    const all = await month(DEMO_HISTORY_DAYS, 0);
    expect(all.interruptions.length).toBeGreaterThanOrEqual(5);
    expect(all.interruptions.some((person) => person.night > 0)).toBe(true);
  });

  it('numbers history before the scripted incidents and writes timelines in the contract’s shapes', async () => {
    const resolved = (await t.api({ method: 'GET', url: '/api/v1/incidents?state=resolved&limit=500' })).json<{ items: Array<{ id: string; title: string; triggeredAt: string }> }>().items;
    // The post-mortem's earlier outage is written after the history and numbered after it.
    const byTime = resolved
      .filter((incident) => incident.title !== DEMO_EARLIER_OUTAGE_TITLE).sort((a, b) => Date.parse(a.triggeredAt) - Date.parse(b.triggeredAt));
    const year = new Date(t.clock.now()).getUTCFullYear();
    const numbers = byTime.filter((incident) => incident.id.startsWith(`INC-${year}-`)).map((incident) => Number(incident.id.slice(-4)));
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    const slow = byTime[0]!;
    const timeline = (await t.api({ method: 'GET', url: `/api/v1/incidents/${slow.id}/timeline` })).json<{ items: unknown[] }>().items.map((event) => timelineEventSchema.parse(event));
    expect(timeline[0]!.kind).toBe('incident.triggered');
    expect(timeline.at(-1)!.kind).toBe('incident.resolved');
    expect(timeline.map((event) => event.kind)).toContain('page.notified');
    expect(timeline.map((event) => Date.parse(event.at))).toEqual(timeline.map((event) => Date.parse(event.at)).sort((a, b) => a - b));
  });

  it('is the same history every time it is loaded at the same instant', async () => {
    const other = await createTestApp(engine, { clock: t.clock });
    try {
      expect((await other.api({ method: 'POST', url: '/api/v1/setup/demo', payload: {} })).statusCode).toBe(201);
      const shape = async (app: TestApp) =>
        (await app.api({ method: 'GET', url: '/api/v1/incidents?state=resolved&limit=500' }))
          .json<{ items: Array<{ id: string; title: string; severity: string; triggeredAt: string; acknowledgedAt: string; resolvedAt: string }> }>()
          .items.map(({ id, title, severity, triggeredAt, acknowledgedAt, resolvedAt }) => [id, title, severity, triggeredAt, acknowledgedAt, resolvedAt]);
      expect(await shape(other)).toEqual(await shape(t));
    } finally {
      await other.close();
    }
  });
});
