import { describe, expect, it } from 'vitest';
import { rankRunbooks } from './matching';
import type { IncidentFacts } from './model';

const incident: IncidentFacts = {
  serviceId: 'checkout',
  alerts: [
    { labels: { alertname: 'PostgresConnectionsNearLimit', severity: 'critical', instance: 'orders-db-1' }, summary: 'orders-db primary: 482 of 500 connections in use' },
    { labels: { alertname: 'HighLatency', service: 'checkout-api' }, summary: 'checkout-api: p99 latency above 5 s' },
  ],
};

describe('rankRunbooks', () => {
  it('puts a selector match above a service match, and the more specific selector first', () => {
    const ranked = rankRunbooks(
      [
        { id: 'service-only', serviceIds: ['checkout'], selectors: [] },
        { id: 'broad', serviceIds: [], selectors: ['alertname=~"Postgres.*"'] },
        { id: 'specific', serviceIds: [], selectors: ['alertname="PostgresConnectionsNearLimit", severity=~"critical|error"'] },
        { id: 'unrelated', serviceIds: ['search'], selectors: ['alertname="DiskAlmostFull"'] },
      ],
      incident,
    );
    expect(ranked).toEqual([
      { id: 'specific', score: 12, reasons: ['alert'], selector: 'alertname="PostgresConnectionsNearLimit", severity=~"critical|error"' },
      { id: 'broad', score: 11, reasons: ['alert'], selector: 'alertname=~"Postgres.*"' },
      { id: 'service-only', score: 5, reasons: ['service'], selector: null },
    ]);
  });

  it('adds the service to an alert match and names the most specific matching selector', () => {
    const [match] = rankRunbooks([{ id: 'both', serviceIds: ['checkout'], selectors: ['alertname="HighLatency"', 'alertname="Nope", a="b", c="d"', 'alertname="HighLatency", service="checkout-api"'] }], incident);
    expect(match).toEqual({ id: 'both', score: 17, reasons: ['service', 'alert'], selector: 'alertname="HighLatency", service="checkout-api"' });
  });

  it("matches the alert's summary as the label summary, unless the alert carries a summary label", () => {
    const bySummary = [{ id: 'summary', serviceIds: [], selectors: ['summary=~".*connections in use"'] }];
    expect(rankRunbooks(bySummary, incident).map((m) => m.id)).toEqual(['summary']);
    const labelled: IncidentFacts = { serviceId: 'x', alerts: [{ labels: { summary: 'from the label' }, summary: 'orders-db: 482 connections in use' }] };
    expect(rankRunbooks(bySummary, labelled)).toEqual([]);
    expect(rankRunbooks([{ id: 's', serviceIds: [], selectors: ['summary="from the label"'] }], labelled).map((m) => m.id)).toEqual(['s']);
  });

  it('keeps the input order on equal scores, ignores unparsable selectors and leaves out what fits neither way', () => {
    const ranked = rankRunbooks(
      [
        { id: 'b', serviceIds: ['checkout'], selectors: ['alertname="'] },
        { id: 'a', serviceIds: ['checkout'], selectors: [] },
        { id: 'broken', serviceIds: [], selectors: ['alertname=~"(", x'] },
        { id: 'nothing', serviceIds: [], selectors: [] },
      ],
      incident,
    );
    expect(ranked.map((m) => [m.id, m.score])).toEqual([
      ['b', 5],
      ['a', 5],
    ]);
    expect(rankRunbooks([{ id: 'a', serviceIds: [], selectors: ['team=""'] }], { serviceId: 'x', alerts: [] })).toEqual([]);
  });
});
