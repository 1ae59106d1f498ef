// `npm run screenshots`: starts the real server with the example organisation and saves what a
// person sees — dashboard, incident page, services page — at 1280 px and 375 px wide, into
// docs/screenshots/ (the README shows the dashboard). Needs a build (npx vite build) and Chromium.
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { FirewatchServer } from '../e2e/support/server';
import { chromiumPath } from './chromium-path.mjs';

const outDir = path.resolve('docs/screenshots');
fs.mkdirSync(outDir, { recursive: true });

const server = await FirewatchServer.start({ FIREWATCH_DEMO: '1' });
const browser = await chromium.launch({
  executablePath: chromiumPath(),
  args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  const incidents = await server.api<{ items: Array<{ id: string; title: string }> }>('GET', '/api/v1/incidents');
  const pool = incidents.body.items.find((incident) => incident.title.includes('connection pool'));
  const pages = [
    { name: 'dashboard', url: '/' },
    { name: 'incident', url: `/incidents/${pool?.id ?? ''}` },
    { name: 'services', url: '/services' },
  ];
  for (const width of [1280, 375]) {
    const context = await browser.newContext({ viewport: { width, height: width > 800 ? 800 : 812 }, timezoneId: 'Europe/Berlin', locale: 'en-GB' });
    // The person acting is remembered in the browser (accounts come later); name one so no prompt shows.
    await context.addInitScript({ content: `localStorage.setItem('firewatch.identity', ${JSON.stringify(JSON.stringify({ state: { name: 'Priya Raman', asked: true }, version: 0 }))})` });
    const page = await context.newPage();
    for (const { name, url } of pages) {
      await page.goto(`${server.url}${url}`);
      await page.waitForLoadState('networkidle');
      await page.waitForTimeout(300);
      const file = path.join(outDir, `${name}-${width}.png`);
      await page.screenshot({ path: file, fullPage: true });
      console.log(file);
    }
    await context.close();
  }
  fs.copyFileSync(path.join(outDir, 'dashboard-1280.png'), path.resolve('docs/screenshot-dashboard.png'));
} finally {
  await browser.close();
  await server.dispose();
}
