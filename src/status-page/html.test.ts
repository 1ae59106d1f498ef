import { describe, expect, it } from 'vitest';
import { epochMs } from '../domain/time/instant';
import { esc, renderIncidentPage, renderStatusPage, uptimeLabel } from './html';
import type { PublicIncident, PublicPage } from './public-model';
import { utcClock } from './public-model';
import { groupId, spDocument } from './statuspage-json';

const at = (iso: string) => epochMs(Date.parse(iso));

function incident(overrides: Partial<PublicIncident> = {}): PublicIncident {
  return {
    id: 'pi_1',
    title: 'Slow checkout',
    impact: 'minor',
    phase: 'identified',
    createdAt: at('2026-03-21T02:00:00Z'),
    updatedAt: at('2026-03-21T02:20:00Z'),
    monitoringAt: null,
    resolvedAt: null,
    nextUpdateDueAt: at('2026-03-21T03:00:00Z'),
    summary: null,
    components: [{ id: 'c1', name: 'Checkout', status: 'degraded_performance' }],
    updates: [
      { id: 'u2', phase: 'identified', body: 'Found it.', createdAt: at('2026-03-21T02:20:00Z'), components: [] },
      { id: 'u1', phase: 'investigating', body: 'Looking.', createdAt: at('2026-03-21T02:05:00Z'), components: [{ componentId: 'c1', status: 'degraded_performance' }] },
    ],
    ...overrides,
  };
}

function page(incidents: PublicIncident[] = [incident()]): PublicPage {
  return {
    page: { id: 'p', name: 'Acme', url: 'https://status.example.com', timeZone: 'Europe/Berlin', updatedAt: at('2026-03-21T02:20:00Z') },
    now: at('2026-03-21T02:30:00Z'),
    status: { indicator: 'minor', description: 'Minor Service Outage' },
    components: [
      {
        id: 'c1',
        name: 'Checkout',
        group: 'Shop',
        position: 0,
        description: null,
        status: 'degraded_performance',
        createdAt: at('2026-01-01T00:00:00Z'),
        updatedAt: at('2026-03-21T02:00:00Z'),
        uptime: [{ date: '2026-03-21', uptime: 1, worst: 'degraded_performance', outageMs: 0 }],
        uptimePercent: 1,
      },
    ],
    incidents,
    maintenances: [],
  };
}

describe('status page templates', () => {
  it('escapes the five characters that matter in HTML text and attributes', () => {
    expect(esc(`<a href="x" onclick='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('says what each uptime bar means in words', () => {
    expect(uptimeLabel({ date: '2026-03-08', uptime: 0.9, worst: 'major_outage', outageMs: 0 })).toBe('2026-03-08: 90.0 % uptime, major outage');
    expect(uptimeLabel({ date: '2026-03-09', uptime: null, worst: 'operational', outageMs: 0 })).toBe('2026-03-09: no data');
  });

  it('shows the promise of the next update in UTC and every other time as UTC text the script rewrites', () => {
    const html = renderStatusPage(page());
    expect(html).toContain('Next update by <time datetime="2026-03-21T03:00:00.000Z">03:00 UTC</time>');
    expect(html).toContain('<time datetime="2026-03-21T02:20:00.000Z" data-local>2026-03-21 02:20 UTC</time>');
    expect(html).toContain('Days are in Europe/Berlin.');
    expect(utcClock(at('2026-03-21T23:59:00Z'))).toBe('23:59 UTC');
  });

  it('renders hostile titles, messages and summary links as text', () => {
    const hostile = incident({
      title: '<script>alert(1)</script>',
      updates: [{ id: 'u', phase: 'resolved', body: '"><img src=x onerror=alert(2)>', createdAt: at('2026-03-21T02:20:00Z'), components: [] }],
      summary: { rootCause: '<b>pool</b>', postmortemUrl: 'javascript:alert(3)' },
    });
    const html = renderIncidentPage(page([hostile]), hostile);
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>pool');
    expect(html).not.toMatch(/href="javascript:/i);
    expect(html).toContain('&lt;b&gt;pool&lt;/b&gt;');
  });

  it('links a post-mortem only over http(s)', () => {
    const linked = incident({ resolvedAt: at('2026-03-21T02:40:00Z'), summary: { postmortemUrl: 'https://firewatch.example.com/postmortems/1' } });
    expect(renderIncidentPage(page([linked]), linked)).toContain('<a href="https://firewatch.example.com/postmortems/1">Read the post-mortem</a>');
  });
});

describe('Statuspage v2 documents', () => {
  it('lists a group before its members, with the old and new status of each affected component', () => {
    const summary = spDocument(page(), 'summary') as { components: Array<{ id: string; group: boolean; group_id: string | null; components?: string[] }>; incidents: Array<{ incident_updates: Array<{ status: string; affected_components: unknown }> }> };
    expect(summary.components.map((c) => [c.id, c.group, c.group_id])).toEqual([
      [groupId('Shop'), true, null],
      ['c1', false, groupId('Shop')],
    ]);
    expect(summary.incidents[0]!.incident_updates).toMatchObject([
      { status: 'identified', affected_components: null },
      { status: 'investigating', affected_components: [{ code: 'c1', name: 'Checkout', old_status: 'operational', new_status: 'degraded_performance' }] },
    ]);
    expect(groupId('Shop')).toBe(groupId('Shop'));
    expect(groupId('Shop')).not.toBe(groupId('shop'));
  });
});
