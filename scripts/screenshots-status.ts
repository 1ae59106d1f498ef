// Screenshots of the status page's web UI at 1280 px and 375 px into docs/screenshots/status-*.png:
// the incident page's panel (published, with updates and the countdown), the publish dialog and
// /status-admin. The app, session, services and incidents come from the real server with the demo;
// the status admin API is answered through route interception with drafts made by the domain's
// templates, so the screens can be looked at whatever status data the branch's demo holds.
// Needs a build (npx vite build) and Chromium: `node --import tsx scripts/screenshots-status.ts`.
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from '@playwright/test';
import type { Route } from '@playwright/test';
import { FirewatchServer } from '../e2e/support/server';
import { PHASES } from '../src/domain/incident/lifecycle';
import { draftPublicMessage, draftPublicTitle } from '../src/domain/status-page/templates';
import { CHROMIUM_ARGS, chromiumPath } from './chromium-path.mjs';

const outDir = path.resolve('docs/screenshots');
fs.mkdirSync(outDir, { recursive: true });
const MIN = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

const server = await FirewatchServer.start({ FIREWATCH_DEMO: '1' });
const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
try {
  const session = await server.signIn('priya@example.com', 'firewatch-demo');
  server.cookie = `fw_session=${session}`;
  const services = (await server.api<{ items: Array<{ id: string; name: string }> }>('GET', '/api/v1/services')).body.items;
  const incidents = (await server.api<{ items: Array<{ id: string; serviceId: string | null; state: string }> }>('GET', '/api/v1/incidents')).body.items;
  const open = incidents.filter((i) => i.state !== 'resolved');
  const [published, unpublished] = [open[0]!, open[1] ?? open[0]!];
  const now = Date.now();
  const components = [
    { id: 'c1', name: 'Checkout', group: 'Shop', position: 0, description: 'Cart and payment', status: 'degraded_performance', serviceIds: services.slice(0, 1).map((s) => s.id), updatedAt: iso(now) },
    { id: 'c2', name: 'Search', group: 'Shop', position: 1, description: null, status: 'operational', serviceIds: services.slice(1, 2).map((s) => s.id), updatedAt: iso(now) },
    { id: 'c3', name: 'Public API', group: 'Platform', position: 0, description: 'api.example.com', status: 'operational', serviceIds: [], updatedAt: iso(now) },
  ];
  const affected = [{ componentId: 'c1', name: 'Checkout', status: 'degraded_performance' as const }];
  const publicIncident = {
    id: 'pub-1',
    incidentId: published.id,
    title: draftPublicTitle(affected),
    impact: 'minor',
    phase: 'identified',
    components: affected,
    updates: [
      { id: 'u1', phase: 'investigating', body: draftPublicMessage('investigating', ['Checkout']), components: affected, createdAt: iso(now - 30 * MIN), author: 'Priya Raman' },
      { id: 'u2', phase: 'identified', body: draftPublicMessage('identified', ['Checkout']), components: affected, createdAt: iso(now - 8 * MIN), author: 'Priya Raman' },
    ],
    summary: null,
    createdAt: iso(now - 30 * MIN),
    updatedAt: iso(now - 8 * MIN),
    resolvedAt: null,
    nextUpdateDueAt: iso(now + 12 * MIN + 30_000),
    version: 2,
  };
  const answer = (route: Route, body: unknown, status = 200) => route.fulfill({ status, contentType: 'application/json; charset=utf-8', body: JSON.stringify(body) });
  for (const width of [1280, 375]) {
    const context = await browser.newContext({ viewport: { width, height: width > 800 ? 900 : 812 }, timezoneId: 'Europe/London', locale: 'en-GB' });
    await context.addCookies([{ name: 'fw_session', value: session, url: server.url, httpOnly: true, sameSite: 'Lax' }]);
    await context.route(
      (url) => url.pathname.startsWith('/api/v1/status/') || /\/api\/v1\/incidents\/[^/]+\/public/.test(url.pathname),
      async (route) => {
        const p = new URL(route.request().url()).pathname;
        if (p.endsWith('/public/draft')) return answer(route, { title: draftPublicTitle(affected), components: affected, phase: 'investigating', messages: Object.fromEntries(PHASES.map((ph) => [ph, draftPublicMessage(ph, ['Checkout'])])) });
        if (p.endsWith('/public')) return p.includes(encodeURIComponent(published.id)) || p.includes(published.id) ? answer(route, publicIncident) : answer(route, { error: { code: 'not_found', message: 'not published' } }, 404);
        if (p === '/api/v1/status/components') return answer(route, { items: components });
        if (p === '/api/v1/status/maintenances') return answer(route, { items: [{ id: 'm1', title: 'Database upgrade', body: 'Checkout may be slow for a few minutes.', componentIds: ['c1'], scheduledFor: iso(now + 6 * 24 * 60 * MIN), scheduledUntil: iso(now + 6 * 24 * 60 * MIN + 60 * MIN), status: 'scheduled' }] });
        if (p === '/api/v1/status/chat-mirrors') return answer(route, { items: [{ id: 'cm1', scope: 'team', scopeId: 'x', kind: 'slack', name: '#incidents', host: 'hooks.slack.com', createdAt: iso(now) }] });
        if (p === '/api/v1/status/subscribers/summary') return answer(route, { email: 128, webhook: 3 });
        return answer(route, { items: [] });
      },
    );
    const page = await context.newPage();
    const shoot = async (name: string, full = true) => {
      await page.waitForTimeout(400);
      const file = path.join(outDir, `status-${name}-${width}.png`);
      await page.screenshot({ path: file, fullPage: full });
      console.log(file);
    };
    await page.goto(`${server.url}/incidents/${encodeURIComponent(published.id)}`);
    const panel = page.getByRole('region', { name: 'Status page' });
    await panel.waitFor();
    await panel.scrollIntoViewIfNeeded();
    await panel.screenshot({ path: path.join(outDir, `status-panel-${width}.png`) });
    await panel.getByRole('button', { name: 'Post public update' }).click();
    await panel.screenshot({ path: path.join(outDir, `status-update-form-${width}.png`) });
    await page.goto(`${server.url}/incidents/${encodeURIComponent(unpublished.id)}`);
    if (unpublished.id !== published.id) {
      await page.getByRole('button', { name: 'Publish to status page' }).click();
      await page.getByRole('dialog').getByLabel('Public title').waitFor();
      await shoot('publish-dialog', false);
    }
    await page.goto(`${server.url}/status-admin`);
    await page.getByRole('region', { name: 'Chat mirrors' }).waitFor();
    await shoot('admin');
    await context.close();
  }
} finally {
  await browser.close();
  await server.stop();
}
