import { describe, expect, it } from 'vitest';
import { analyseRunbook } from '../../domain/runbook/document';
import { isReviewOverdue } from '../../domain/runbook/freshness';
import { lintRunbook } from '../../domain/runbook/lint';
import { rankRunbooks } from '../../domain/runbook/matching';
import { RUNBOOK_LIMITS } from '../../domain/runbook/model';
import { parseSelector } from '../../domain/runbook/selector';
import { epochMs } from '../../domain/time/instant';
import { DEMO_RUNBOOKS } from './demo-runbooks';

const DAY_MS = 24 * 60 * 60 * 1000;
const byKey = (key: string) => DEMO_RUNBOOKS.find((r) => r.key === key)!;
// Service ids stand in for the demo's service names; matching only compares them.
const candidates = DEMO_RUNBOOKS.map((r) => ({ id: r.key, serviceIds: r.serviceNames, selectors: r.selectors }));

describe('demo runbooks', () => {
  it('are three, one per scenario of the guide, with unique keys', () => {
    expect(DEMO_RUNBOOKS.map((r) => r.key)).toEqual(['orders-db-connection-pool', 'payments-gateway-disk-space', 'card-provider-outage']);
  });

  it('have no lint findings: one page, every section, time boxes, commands in code, real links, escalation criteria', () => {
    for (const runbook of DEMO_RUNBOOKS) expect({ key: runbook.key, ...lintRunbook(runbook.body) }).toEqual({ key: runbook.key, findings: [], score: 100 });
  });

  it('each offers a one-click escalation to a named team, and checkable steps in Diagnosis and Quick fix', () => {
    for (const runbook of DEMO_RUNBOOKS) {
      const outline = analyseRunbook(runbook.body);
      expect(outline.criteria.some((c) => c.target !== null && c.target.endsWith('team') && c.afterMinutes !== null)).toBe(true);
      for (const title of ['Diagnosis', 'Quick fix']) {
        const section = outline.sections.find((s) => s.title === title)!;
        expect(section.timeBoxMinutes).toBeGreaterThan(0);
        expect(section.stepIds.length).toBeGreaterThanOrEqual(2);
      }
      expect(outline.codeBlocks.length).toBeGreaterThan(0);
    }
  });

  it('fit the runbook limits, and every selector parses', () => {
    for (const runbook of DEMO_RUNBOOKS) {
      expect(runbook.body.length).toBeLessThanOrEqual(RUNBOOK_LIMITS.bodyChars);
      expect(runbook.title.length).toBeLessThanOrEqual(RUNBOOK_LIMITS.titleChars);
      expect(runbook.reviewIntervalDays).toBeGreaterThanOrEqual(RUNBOOK_LIMITS.reviewIntervalDays.min);
      for (const selector of runbook.selectors) expect(parseSelector(selector)).toMatchObject({ ok: true });
      expect(runbook.serviceNames.every((name) => ['Checkout API', 'Payments Gateway', 'Product Search', 'Orders Database'].includes(name))).toBe(true);
    }
  });

  it.each([
    ['the demo database alert', 'Orders Database', { alertname: 'PostgresConnectionsNearLimit', instance: 'db-1', severity: 'critical' }, 'orders-db primary: 482 of 500 connections in use', 'orders-db-connection-pool'],
    ['the demo disk alert', 'Payments Gateway', { alertname: 'DiskAlmostFull', instance: 'pgw-2', mountpoint: '/var/log' }, 'Payments Gateway: log volume 95% full', 'payments-gateway-disk-space'],
    ['a provider error alert', 'Payments Gateway', { alertname: 'PaymentProviderErrors', provider: 'stripe' }, 'Card provider: 12% of calls failing', 'card-provider-outage'],
  ])('ranks the intended runbook first for %s, by its alert selector', (_what, serviceId, labels, summary, expected) => {
    const [best] = rankRunbooks(candidates, { serviceId, alerts: [{ labels, summary }] });
    expect(best).toMatchObject({ id: expected, selector: byKey(expected).selectors[0] });
    expect(best!.reasons).toContain('alert');
  });

  it('does not attach the database runbook to an unrelated alert', () => {
    const ranked = rankRunbooks(candidates, { serviceId: 'Product Search', alerts: [{ labels: { alertname: 'SearchLatencyHigh' }, summary: 'Product Search: p95 latency above 800 ms' }] });
    expect(ranked).toEqual([]);
  });

  it('has exactly one runbook overdue for review, the others in date', () => {
    const now = epochMs(Date.UTC(2026, 11, 1));
    const overdue = DEMO_RUNBOOKS.filter((r) => isReviewOverdue(epochMs(now - r.lastReviewedDaysAgo * DAY_MS), r.reviewIntervalDays, now)).map((r) => r.key);
    expect(overdue).toEqual(['payments-gateway-disk-space']);
  });
});
