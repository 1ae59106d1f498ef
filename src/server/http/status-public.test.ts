import { brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import Parser from 'rss-parser';
import { Statuspage } from 'statuspage.io';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spStatusSchema, spSummarySchema } from '../../contracts/status-page';
import type { TestApp } from '../test-support/test-app';
import { alertmanagerPayload, createService, createTestApp, ENGINES } from '../test-support/test-app';
import { statusPageRows } from '../test-support/status-page-rows';
import { loadConfig } from '../config';

const T = (iso: string) => Date.parse(iso);
const NOW = T('2026-03-21T02:30:00.000Z');
const DAY = 86_400_000;

const PUBLIC_URLS = [
  '/status',
  '/status/api/v2/summary.json',
  '/status/api/v2/status.json',
  '/status/api/v2/components.json',
  '/status/api/v2/incidents.json',
  '/status/api/v2/incidents/unresolved.json',
  '/status/api/v2/scheduled-maintenances.json',
  '/status/api/v2/scheduled-maintenances/upcoming.json',
  '/status/api/v2/scheduled-maintenances/active.json',
  '/status/history.atom',
  '/status/history.rss',
];

type Seeded = { checkout: string; payments: string; open: string; past: string };

async function seed(t: TestApp): Promise<Seeded> {
  const rows = statusPageRows(t.handle, t.app);
  const checkout = await rows.component({ name: 'Checkout', group: 'Shop', position: 0, since: NOW - 100 * DAY });
  const payments = await rows.component({ name: 'Payments API', group: 'Shop', position: 1, since: NOW - 100 * DAY });
  await rows.component({ name: 'Docs site', position: 2, since: NOW - 10 * DAY });
  // A past outage: two hours of major outage on 2026-03-08.
  await rows.setStatus(payments, 'major_outage', T('2026-03-08T10:00:00Z'));
  await rows.setStatus(payments, 'operational', T('2026-03-08T12:24:00Z'));
  const past = await rows.incident({ title: 'Payments were failing', impact: 'critical', at: T('2026-03-08T10:00:00Z'), components: [{ componentId: payments, status: 'major_outage' }] });
  await rows.update({ incident: past, phase: 'investigating', body: 'Payments fail for some customers.', at: T('2026-03-08T10:05:00Z'), components: [{ componentId: payments, status: 'major_outage' }] });
  await rows.update({ incident: past, phase: 'resolved', body: 'Payments work again.', at: T('2026-03-08T12:24:00Z'), components: [{ componentId: payments, status: 'operational' }] });

  await rows.setStatus(checkout, 'degraded_performance', T('2026-03-21T02:00:00Z'));
  const open = await rows.incident({
    title: 'Slow checkout',
    impact: 'minor',
    at: T('2026-03-21T02:00:00Z'),
    components: [{ componentId: checkout, status: 'degraded_performance' }],
    nextUpdateDueAt: T('2026-03-21T03:00:00Z'),
  });
  await rows.update({ incident: open, phase: 'investigating', body: 'Checkout is slow; we are looking into it.', at: T('2026-03-21T02:05:00Z'), components: [{ componentId: checkout, status: 'degraded_performance' }] });
  await rows.update({ incident: open, phase: 'identified', body: 'We found the cause and are fixing it.', at: T('2026-03-21T02:20:00Z'), nextUpdateDueAt: T('2026-03-21T03:00:00Z') });
  await rows.maintenance({ title: 'Database upgrade', body: 'Checkout may be slow for a minute.', componentIds: [checkout], from: NOW + 7 * DAY, until: NOW + 7 * DAY + 3_600_000, at: NOW - DAY });
  await rows.maintenance({ title: 'Search reindex', body: 'Running now.', componentIds: [payments], from: NOW - 600_000, until: NOW + 600_000, at: NOW - DAY });
  await rows.maintenance({ title: 'Cancelled window', body: 'Not happening.', componentIds: [payments], from: NOW + DAY, until: NOW + 2 * DAY, at: NOW - DAY, cancelled: true });
  return { checkout, payments, open, past };
}

describe.each(ENGINES)('public status page (%s)', (engine) => {
  let t: TestApp;
  let s: Seeded;
  beforeEach(async () => {
    t = await createTestApp(engine);
    s = await seed(t);
  });
  afterEach(async () => t.close());

  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });

  it('renders the banner, grouped components, the open incident newest update first, the promise, maintenance, uptime bars and past incidents', async () => {
    const response = await get('/status');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
    const html = response.body;
    expect(html).toContain('Minor Service Outage');
    expect(html).toMatch(/<h3>Shop<\/h3><ul class="plain"><li class="comp"><span>Checkout<\/span><span class="st degraded_performance">Degraded performance<\/span><\/li><li class="comp"><span>Payments API<\/span>/);
    expect(html.indexOf('We found the cause')).toBeLessThan(html.indexOf('Checkout is slow'));
    expect(html).toContain('<strong>Identified</strong>');
    expect(html).toContain('Next update by <time datetime="2026-03-21T03:00:00.000Z">03:00 UTC</time>');
    expect(html).toContain('<time datetime="2026-03-28T02:30:00.000Z" data-local>2026-03-28 02:30 UTC</time>');
    expect(html).toContain('<strong>In progress</strong>');
    expect(html).not.toContain('Cancelled window');
    expect(html).toContain('aria-label="2026-03-08: 90.0 % uptime, major outage"');
    expect(html.match(/role="img"/g)).toHaveLength(3 * 90);
    expect(html).toContain('<a href="/status/incidents/' + s.past + '">Payments were failing</a>');
    expect(html).toMatch(/<form method="post" action="\/status\/subscribe">.*name="email"/);
    expect(html).toMatch(/<main>.*<\/main>/);
  });

  it('has no app bundle: one inline script of a few hundred bytes gzipped, allowed by its hash in a strict CSP', async () => {
    const response = await get('/status');
    const scripts = [...response.body.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.every((m) => !m[1]!.includes('src'))).toBe(true);
    expect(gzipSync(scripts.map((m) => m[2]).join('')).length).toBeLessThanOrEqual(30 * 1024);
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(csp).not.toContain('unsafe-inline');
    expect(response.body).not.toMatch(/<link[^>]+stylesheet|\/assets\//);
  });

  it('sends ETag, answers 304 to If-None-Match, caches publicly for a short time and never sets a cookie', async () => {
    for (const url of [...PUBLIC_URLS, `/status/incidents/${s.open}`]) {
      const first = await get(url, { cookie: t.admin.cookie });
      expect(first.statusCode, url).toBe(200);
      expect(first.headers['set-cookie'], url).toBeUndefined();
      expect(first.headers['cache-control'], url).toBe('public, max-age=15, stale-while-revalidate=60');
      const etag = String(first.headers['etag']);
      expect(etag, url).toMatch(/^W\/".+"$/);
      const again = await get(url, { 'if-none-match': etag });
      expect(again.statusCode, url).toBe(304);
      expect(again.body, url).toBe('');
      expect(again.headers['set-cookie'], url).toBeUndefined();
    }
  });

  it('sends the same bytes brotli- or gzip-compressed to clients that accept them', async () => {
    const plain = await get('/status');
    const br = await get('/status', { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(plain.body);
    expect(br.headers['etag']).toBe(plain.headers['etag']);
    expect(br.headers['vary']).toContain('Accept-Encoding');
  });

  it('serves a new body and ETag once the page changes', async () => {
    const before = await get('/status/api/v2/status.json');
    await statusPageRows(t.handle, t.app).setStatus(s.checkout, 'major_outage', NOW);
    const after = await get('/status/api/v2/status.json', { 'if-none-match': String(before.headers['etag']) });
    expect(after.statusCode).toBe(200);
    expect(spStatusSchema.parse(after.json().status)).toEqual({ indicator: 'critical', description: 'Major System Outage' });
  });

  it('renders markup in titles, messages and links as inert text', async () => {
    const rows = statusPageRows(t.handle, t.app);
    const evil = await rows.incident({ title: '<script>alert(1)</script>', impact: 'major', at: NOW, components: [{ componentId: s.payments, status: 'partial_outage' }], summary: { rootCause: 'x', postmortemUrl: 'javascript:alert(3)' } });
    await rows.update({ incident: evil, phase: 'resolved', body: '"><img src=x onerror=alert(2)>', at: NOW });
    for (const url of ['/status', `/status/incidents/${evil}`]) {
      const html = (await get(url)).body;
      expect(html).not.toContain('<script>alert');
      expect(html).not.toContain('<img');
      expect(html).not.toMatch(/href="javascript:/i);
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    }
    expect((await get(`/status/incidents/${evil}`)).body).toContain('&quot;&gt;&lt;img src=x onerror=alert(2)&gt;');
  });

  it('answers an unknown incident with a 404 page', async () => {
    const response = await get('/status/incidents/nope');
    expect(response.statusCode).toBe(404);
    expect(response.body).toContain('No such incident');
  });

  it('speaks Statuspage v2: summary, groups, incident updates with affected components, maintenances by state', async () => {
    const summary = spSummarySchema.parse((await get('/status/api/v2/summary.json')).json());
    expect(summary.page).toMatchObject({ name: 'Firewatch', time_zone: 'UTC', url: 'http://localhost:8080' });
    expect(summary.status).toEqual({ indicator: 'minor', description: 'Minor Service Outage' });
    const group = summary.components.find((c) => c.group)!;
    expect(group).toMatchObject({ name: 'Shop', status: 'degraded_performance', components: [s.checkout, s.payments], group_id: null });
    expect(summary.components.find((c) => c.id === s.checkout)).toMatchObject({ group_id: group.id, group: false, status: 'degraded_performance' });
    // Payments is operational, but its maintenance window is running: customers read it as under maintenance.
    expect(summary.components.find((c) => c.id === s.payments)).toMatchObject({ status: 'under_maintenance' });
    expect(summary.incidents.map((i) => i.id)).toEqual([s.open]);
    expect(summary.incidents[0]!.incident_updates.map((u) => u.status)).toEqual(['identified', 'investigating']);
    expect(summary.incidents[0]!.incident_updates[1]!.affected_components).toEqual([{ code: s.checkout, name: 'Checkout', old_status: 'operational', new_status: 'degraded_performance' }]);
    expect(summary.scheduled_maintenances.map((m) => [m.name, m.status])).toEqual([
      ['Database upgrade', 'scheduled'],
      ['Search reindex', 'in_progress'],
    ]);
    const upcoming = (await get('/status/api/v2/scheduled-maintenances/upcoming.json')).json<{ scheduled_maintenances: Array<{ name: string; scheduled_for: string }> }>();
    expect(upcoming.scheduled_maintenances).toMatchObject([{ name: 'Database upgrade', scheduled_for: '2026-03-28T02:30:00.000Z' }]);
    const active = (await get('/status/api/v2/scheduled-maintenances/active.json')).json<{ scheduled_maintenances: Array<{ name: string }> }>();
    expect(active.scheduled_maintenances.map((m) => m.name)).toEqual(['Search reindex']);
    const incidents = (await get('/status/api/v2/incidents.json')).json<{ incidents: Array<{ id: string; status: string; resolved_at: string | null }> }>();
    expect(incidents.incidents.map((i) => [i.id, i.status])).toEqual([
      [s.open, 'identified'],
      [s.past, 'resolved'],
    ]);
  });

  it('lists the 50 most recent incidents in incidents.json', async () => {
    const rows = statusPageRows(t.handle, t.app);
    for (let i = 0; i < 55; i++) {
      const id = await rows.incident({ title: `Old ${i}`, impact: 'minor', at: T('2026-01-01T00:00:00Z') + i * 60_000, components: [] });
      await rows.update({ incident: id, phase: 'resolved', body: 'done', at: T('2026-01-01T00:00:00Z') + i * 60_000 + 1 });
    }
    const incidents = (await get('/status/api/v2/incidents.json')).json<{ incidents: Array<{ name: string }> }>().incidents;
    expect(incidents).toHaveLength(50);
    expect(incidents[0]!.name).toBe('Slow checkout');
    expect(incidents.at(-1)!.name).toBe('Old 7');
  });

  it('is read by the statuspage.io client and by a feed parser over real HTTP', async () => {
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    const client = new Statuspage('x');
    client.setApiUrl(`${base}/status`);
    const summary = await client.api.getSummary();
    expect(summary.status.indicator).toBe('minor');
    expect(summary.incidents.map((i) => i.name)).toEqual(['Slow checkout']);
    const components = await client.api.getComponents();
    expect(components.components.map((c) => c.name)).toEqual(['Shop', 'Checkout', 'Payments API', 'Docs site']);
    const all = await client.api.incidents.getAll();
    expect(all.incidents.map((i) => i.name)).toEqual(['Slow checkout', 'Payments were failing']);
    const unresolved = await client.api.incidents.getUnresolved();
    expect(unresolved.incidents.map((i) => i.status)).toEqual(['identified']);

    const parser = new Parser();
    const atom = await parser.parseURL(`${base}/status/history.atom`);
    expect(atom.title).toBe('Firewatch status history');
    expect(atom.items.map((i) => i.title)).toEqual(['Slow checkout: Identified', 'Slow checkout: Investigating', 'Payments were failing: Resolved', 'Payments were failing: Investigating']);
    expect(atom.items[0]!.link).toBe(`http://localhost:8080/status/incidents/${s.open}`);
    const rss = await parser.parseURL(`${base}/status/history.rss`);
    expect(rss.items).toHaveLength(4);
    expect(rss.items[0]!.contentSnippet ?? rss.items[0]!.content).toContain('We found the cause');
  });

  it('never shows internal notes, people, alert labels or the internal title', async () => {
    const service = await createService(t);
    const person = await t.person('responder', { name: 'Zelda SECRETPERSON' });
    await t.api({ method: 'POST', url: `/api/v1/integrations/${service.key}/alertmanager`, payload: alertmanagerPayload({ alerts: [{ labels: { alertname: 'SECRETALERTNAME', instance: 'secret-host-SECRETLABEL' } }] }) });
    const created = await t.api({ method: 'POST', url: '/api/v1/incidents', payload: { serviceId: service.id, title: 'SECRETTITLE internal', severity: 'P1' }, headers: { cookie: person.cookie } });
    expect(created.statusCode).toBe(201);
    const incidentId = created.json<{ id: string }>().id;
    const note = await t.api({ method: 'POST', url: `/api/v1/incidents/${incidentId}/notes`, payload: { text: 'SECRETNOTE the db password is hunter2' }, headers: { cookie: person.cookie } });
    expect(note.statusCode).toBe(201);
    const rows = statusPageRows(t.handle, t.app);
    const linked = await rows.incident({ incidentId, title: 'Checkout errors', impact: 'major', at: NOW, components: [{ componentId: s.checkout, status: 'partial_outage' }] });
    await rows.update({ incident: linked, phase: 'investigating', body: 'We are looking into errors at checkout.', at: NOW, authorId: person.id });
    for (const url of [...PUBLIC_URLS, `/status/incidents/${linked}`]) {
      const response = await get(url, { 'accept-encoding': 'gzip' });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-encoding'], url).toBe('gzip');
      const body = gunzipSync(response.rawPayload).toString();
      if (['/status', '/status/api/v2/summary.json', '/status/api/v2/incidents.json', '/status/history.atom'].includes(url)) expect(body, url).toContain('Checkout errors');
      for (const secret of ['SECRETPERSON', 'SECRETALERTNAME', 'SECRETLABEL', 'SECRETTITLE', 'SECRETNOTE', 'hunter2', person.id, incidentId]) expect(body, `${url} leaks ${secret}`).not.toContain(secret);
    }
  });
});

describe('the status page on its own host name', () => {
  let t: TestApp;
  afterEach(async () => t.close());

  it('answers / and /api/v2/… on FIREWATCH_STATUS_HOST and leaves other hosts alone', async () => {
    t = await createTestApp('sqlite', { statusPage: { name: 'Acme', zone: 'Europe/Berlin', host: 'status.example.com' } });
    await statusPageRows(t.handle, t.app).component({ name: 'Checkout', since: NOW - DAY });
    const page = await t.app.inject({ method: 'GET', url: '/', headers: { host: 'status.example.com' } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<title>Acme status</title>');
    const status = await t.app.inject({ method: 'GET', url: '/api/v2/summary.json', headers: { host: 'Status.Example.com:443' } });
    expect(status.json()).toMatchObject({ page: { name: 'Acme', time_zone: 'Europe/Berlin' } });
    const app = await t.app.inject({ method: 'GET', url: '/api/v2/summary.json', headers: { host: 'firewatch.example.com' } });
    expect(app.statusCode).toBe(404);
  });
});

describe('status page configuration', () => {
  it('defaults to the name Firewatch and UTC days, and refuses a zone that is not IANA', () => {
    expect(loadConfig({}).statusPage).toEqual({ name: 'Firewatch', zone: 'UTC', host: undefined });
    expect(loadConfig({ FIREWATCH_STATUS_PAGE_NAME: 'Acme', FIREWATCH_STATUS_ZONE: 'America/Los_Angeles', FIREWATCH_STATUS_HOST: 'status.acme.test' }).statusPage).toEqual({
      name: 'Acme',
      zone: 'America/Los_Angeles',
      host: 'status.acme.test',
    });
    expect(() => loadConfig({ FIREWATCH_STATUS_ZONE: 'Mars/Olympus' })).toThrow(/FIREWATCH_STATUS_ZONE must be an IANA time zone/);
  });
});
