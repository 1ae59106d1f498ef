// Screenshots of the metrics page at 1280 px and 375 px into docs/screenshots/ (charts, the table
// view and a before/after comparison). The app, the session, services and teams come from the real
// server with the example organisation; GET /api/v1/metrics is answered through route interception
// with numbers computed by the domain's functions over a year of synthetic history
// (scripts/metrics-synthetic.ts), so the page can be looked at whatever history the branch's demo
// holds. Needs a build (npx vite build) and Chromium: `node --import tsx scripts/screenshots-metrics.ts`.
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { FirewatchServer } from '../e2e/support/server';
import { zonedDateTime } from '../src/domain/time/zoned';
import { presetRange, previousRange } from '../src/features/metrics/model/view-state';
import { CHROMIUM_ARGS, chromiumPath } from './chromium-path.mjs';
import { metricsAnswer, syntheticWorld } from './metrics-synthetic';

const outDir = path.resolve('docs/screenshots');
fs.mkdirSync(outDir, { recursive: true });
const ZONE = 'America/Los_Angeles';

const server = await FirewatchServer.start({ FIREWATCH_DEMO: '1' });
const browser = await chromium.launch({
  executablePath: chromiumPath(),
  args: CHROMIUM_ARGS,
});
try {
  const session = await server.signIn('priya@example.com', 'firewatch-demo');
  server.cookie = `fw_session=${session}`;
  const services = (await server.api<{ items: Array<{ id: string; name: string; teamId: string }> }>('GET', '/api/v1/services')).body.items;
  const teams = (await server.api<{ items: Array<{ id: string; name: string }> }>('GET', '/api/v1/teams')).body.items;
  const people = (await server.api<{ items: Array<{ id: string; name: string; timeZone: string }> }>('GET', '/api/v1/people')).body.items;
  const world = syntheticWorld(Date.now(), 53, { services, teams, people });
  const today = zonedDateTime(ZONE, Date.now()).day;
  const year = presetRange('last12Months', today);
  const quarter = presetRange('last3Months', today);
  const before = previousRange(quarter)!;
  const shots = [
    { name: 'metrics', url: `/metrics?from=${year.from}&to=${year.to}&bucket=week&groupBy=service` },
    { name: 'metrics-table', url: `/metrics?from=${quarter.from}&to=${quarter.to}&bucket=month&groupBy=team&view=table` },
    { name: 'metrics-compare', url: `/metrics?from=${quarter.from}&to=${quarter.to}&bucket=week&compareFrom=${before.from}&compareTo=${before.to}` },
  ];
  for (const width of [1280, 375]) {
    const context = await browser.newContext({ viewport: { width, height: width > 800 ? 800 : 812 }, timezoneId: ZONE, locale: 'en-GB' });
    await context.addCookies([{ name: 'fw_session', value: session, url: server.url, httpOnly: true, sameSite: 'Lax' }]);
    await context.route(
      (url) => url.pathname === '/api/v1/metrics',
      async (route) => {
        const answer = metricsAnswer(world, new URL(route.request().url()).searchParams);
        await route.fulfill({ status: answer.status, contentType: 'application/json; charset=utf-8', body: JSON.stringify(answer.body) });
      },
    );
    const page = await context.newPage();
    for (const { name, url } of shots) {
      await page.goto(`${server.url}${url}`);
      await page.getByRole('list', { name: 'Summary' }).waitFor();
      await page.waitForLoadState('networkidle');
      await page.waitForTimeout(500);
      const file = path.join(outDir, `${name}-${width}.png`);
      await page.screenshot({ path: file, fullPage: true });
      console.log(file);
    }
    await page.goto(`${server.url}${shots[0]!.url}`);
    await page.getByRole('button', { name: 'MTTA median' }).focus();
    await page.getByRole('tooltip').waitFor();
    await page.screenshot({ path: path.join(outDir, `metrics-definition-${width}.png`) });
    await context.close();
  }
} finally {
  await browser.close();
  await server.dispose();
}
