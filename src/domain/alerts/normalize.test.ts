import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fingerprintLabels } from './fingerprint';
import { normalizeAlertmanager, normalizeGeneric, normalizePagerDuty } from './normalize';
import type { AlertmanagerPayloadInput } from './normalize';

const group = (overrides: Partial<AlertmanagerPayloadInput> = {}): AlertmanagerPayloadInput => ({
  groupKey: '{}:{alertname="HighLatency"}',
  status: 'firing',
  receiver: 'firewatch',
  groupLabels: { alertname: 'HighLatency' },
  commonLabels: { alertname: 'HighLatency', job: 'api' },
  commonAnnotations: {},
  externalURL: 'http://am:9093',
  alerts: [
    { status: 'firing', labels: { alertname: 'HighLatency', instance: 'a', severity: 'warning' }, annotations: { summary: 'a is slow' }, fingerprint: 'f1' },
    { status: 'firing', labels: { alertname: 'HighLatency', instance: 'b', severity: 'critical' }, annotations: {}, generatorURL: 'http://prom/graph' },
  ],
  ...overrides,
});

describe('Alertmanager normalization', () => {
  it('dedups on groupKey and resolves when the group resolves', () => {
    expect(normalizeAlertmanager(group())).toMatchObject({ action: 'trigger', dedupKey: '{}:{alertname="HighLatency"}' });
    expect(normalizeAlertmanager(group({ status: 'resolved' })).action).toBe('resolve');
  });

  it('takes the most urgent labels.severity of the group', () => {
    expect(normalizeAlertmanager(group()).severity).toBe('P1');
    expect(normalizeAlertmanager(group({ alerts: [{ status: 'firing', labels: { alertname: 'x' }, annotations: {} }] })).severity).toBe('P3');
  });

  it('titles the incident by the common summary, else the alert name and group labels', () => {
    expect(normalizeAlertmanager(group({ commonAnnotations: { summary: 'API latency high' } })).title).toBe('API latency high');
    expect(normalizeAlertmanager(group({ groupLabels: { alertname: 'HighLatency', cluster: 'eu-1' } })).title).toBe('HighLatency (cluster=eu-1)');
    expect(normalizeAlertmanager(group({ groupLabels: {}, commonLabels: {} })).title).toBe('{}:{alertname="HighLatency"}');
  });

  it("uses Alertmanager's fingerprint, else a fingerprint of the labels", () => {
    const alerts = normalizeAlertmanager(group()).alerts;
    expect(alerts[0]!.fingerprint).toBe('f1');
    expect(alerts[1]!.fingerprint).toBe(fingerprintLabels({ alertname: 'HighLatency', instance: 'b', severity: 'critical' }));
  });

  it('links to Alertmanager and each distinct source graph', () => {
    expect(normalizeAlertmanager(group()).links).toEqual([
      { href: 'http://am:9093', text: 'Alertmanager' },
      { href: 'http://prom/graph', text: 'Source' },
    ]);
  });
});

describe('label fingerprints', () => {
  it('do not depend on label order', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.string()), (labels) => {
        const reversed = Object.fromEntries(Object.entries(labels).reverse());
        expect(fingerprintLabels(reversed)).toBe(fingerprintLabels(labels));
      }),
    );
  });

  it('tell different label sets apart', () => {
    expect(fingerprintLabels({ a: 'b', c: 'd' })).not.toBe(fingerprintLabels({ a: 'bc', '': 'd' }));
    expect(fingerprintLabels({ instance: 'a' })).not.toBe(fingerprintLabels({ instance: 'b' }));
  });
});

describe('PagerDuty and generic normalization', () => {
  it('maps PagerDuty fields, severity and links', () => {
    const event = normalizePagerDuty(
      { event_action: 'trigger', payload: { summary: 'Disk full', source: 'web-1', severity: 'error', component: 'disk' }, links: [{ href: 'https://runbook', text: 'Runbook' }], client: 'Grafana', client_url: 'https://grafana' },
      'dk',
    );
    expect(event).toMatchObject({ source: 'pagerduty', action: 'trigger', dedupKey: 'dk', title: 'Disk full', severity: 'P2' });
    expect(event.alerts[0]!.labels).toEqual({ source: 'web-1', component: 'disk' });
    expect(event.links).toEqual([{ href: 'https://runbook', text: 'Runbook' }, { href: 'https://grafana', text: 'Grafana' }]);
  });

  it('keeps only http(s) and mailto links from every format, dropping the others but not the alert', () => {
    const unsafe = [{ href: 'javascript:alert(1)', text: 'Runbook' }, { href: 'data:text/html,<b>x</b>' }, { href: 'vbscript:msgbox(1)' }];
    const good = { href: 'https://runbook.example', text: 'Runbook' };
    const pagerDuty = normalizePagerDuty({ event_action: 'trigger', payload: { summary: 'Disk full', source: 'web-1', severity: 'error' }, links: [...unsafe, good], client_url: 'javascript:void(0)' }, 'dk');
    expect(pagerDuty.links).toEqual([good]);
    expect(pagerDuty.alerts).toHaveLength(1);
    expect(normalizeGeneric({ action: 'trigger', severity: 'P2', links: [...unsafe, { href: 'mailto:db@example.com' }] }, 'dk').links).toEqual([{ href: 'mailto:db@example.com' }]);
    const am = normalizeAlertmanager(group({ externalURL: 'data:text/html,x', alerts: [{ status: 'firing', labels: { alertname: 'A' }, annotations: {}, generatorURL: 'vbscript:x' }] }));
    expect(am.links).toEqual([]);
  });

  it('normalizes acknowledge and resolve without a payload', () => {
    expect(normalizePagerDuty({ event_action: 'resolve', dedup_key: 'dk' }, 'dk')).toMatchObject({ action: 'resolve', alerts: [] });
  });

  it('accepts generic severities in either vocabulary', () => {
    expect(normalizeGeneric({ action: 'trigger', title: 't', severity: 'P2' }, 'k').severity).toBe('P2');
    expect(normalizeGeneric({ action: 'trigger', title: 't', severity: 'info' }, 'k').severity).toBe('P4');
  });

  it('clips titles at 1024 characters', () => {
    expect(normalizeGeneric({ action: 'trigger', title: 'x'.repeat(5000), severity: 'info' }, 'k').title).toHaveLength(1024);
  });
});
