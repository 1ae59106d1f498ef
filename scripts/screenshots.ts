// `npm run screenshots`: starts the real server with the example organisation and saves what a
// person sees — dashboard, incident page, services page, on-call calendar (also with its
// subscribe dialog open), notification channels, profile (with its contact methods) and with a new calendar feed — at 1280 px and 375 px wide, into
// docs/screenshots/ (the README shows the dashboard). Needs a build (npx vite build) and Chromium.
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { FirewatchServer } from '../e2e/support/server';
import { CHROMIUM_ARGS, chromiumPath } from './chromium-path.mjs';

const outDir = path.resolve('docs/screenshots');
fs.mkdirSync(outDir, { recursive: true });

const server = await FirewatchServer.start({ FIREWATCH_DEMO: '1' });
const browser = await chromium.launch({
  executablePath: chromiumPath(),
  args: CHROMIUM_ARGS,
});
try {
  // Demo mode: the example organisation's admin signs in with the demo password.
  const session = await server.signIn('priya@example.com', 'firewatch-demo');
  server.cookie = `fw_session=${session}`;
  const incidents = await server.api<{ items: Array<{ id: string; title: string }> }>('GET', '/api/v1/incidents');
  const pool = incidents.body.items.find((incident) => incident.title.includes('connection pool'));
  const schedules = await server.api<{ items: Array<{ id: string; name: string }> }>('GET', '/api/v1/schedules');
  const primary = schedules.body.items.find((schedule) => schedule.name.includes('primary'));
  const pages = [
    { name: 'dashboard', url: '/' },
    { name: 'incident', url: `/incidents/${pool?.id ?? ''}` },
    { name: 'services', url: '/services' },
    { name: 'calendar', url: `/schedules/${primary?.id ?? ''}` },
    { name: 'channels', url: '/admin/channels' },
    { name: 'profile', url: '/profile' },
  ];
  for (const width of [1280, 375]) {
    const context = await browser.newContext({ viewport: { width, height: width > 800 ? 800 : 812 }, timezoneId: 'Europe/Berlin', locale: 'en-GB' });
    await context.addCookies([{ name: 'fw_session', value: session, url: server.url, httpOnly: true, sameSite: 'Lax' }]);
    const page = await context.newPage();
    for (const { name, url } of pages) {
      await page.goto(`${server.url}${url}`);
      await page.waitForLoadState('networkidle');
      await page.waitForTimeout(300);
      const file = path.join(outDir, `${name}-${width}.png`);
      await page.screenshot({ path: file, fullPage: true });
      console.log(file);
    }
    await page.goto(`${server.url}/schedules/${primary?.id ?? ''}`);
    await page.getByRole('button', { name: 'Subscribe to calendar' }).click();
    await page.getByRole('dialog').waitFor();
    await page.screenshot({ path: path.join(outDir, `calendar-subscribe-${width}.png`) });
    await page.goto(`${server.url}/profile`);
    const feeds = page.getByRole('region', { name: 'Calendar feeds' });
    await feeds.getByRole('button', { name: 'Create a feed of my shifts' }).click();
    await feeds.getByRole('textbox', { name: 'Feed URL' }).waitFor();
    await page.screenshot({ path: path.join(outDir, `profile-feeds-${width}.png`), fullPage: true });
    await context.close();
  }
  fs.copyFileSync(path.join(outDir, 'dashboard-1280.png'), path.resolve('docs/screenshot-dashboard.png'));
} finally {
  await browser.close();
  await server.dispose();
}
