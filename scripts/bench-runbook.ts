// `npm run bench:runbook`: how soon a responder sees the runbook, and how soon a tick reaches the
// others. Real server (SQLite, the example organisation, NODE_ENV=production) and real Chromium:
// 1. An Alertmanager alert for the orders database is POSTed; once it is answered, the incident's
//    page is opened (a full navigation, as from a page's link) and the time is taken until the
//    best-matching runbook's text is on screen. Once with an empty browser cache, then warm.
// 2. Two signed-in tabs on the same incident: one ticks a step, and the time is taken from the
//    click until the other tab's checkbox is ticked (the live stream carries it).
// Prints a markdown block and writes it between the markers in docs/benchmarks.md (`--no-docs`
// to skip). Needs a build (npx vite build) and Chromium.
import os from 'node:os';
import { chromium } from '@playwright/test';
import type { Browser, Page } from '@playwright/test';
import { firingAlert } from '../e2e/support/paging';
import { FirewatchServer } from '../e2e/support/server';
import { CHROMIUM_ARGS, chromiumPath } from './chromium-path.mjs';
import { cpuModel, writeBenchmarkBlock } from './bench-docs';

const ALERTS = 15;
const TICKS = 20;
const RUNBOOK_TITLE = 'Orders database: connection pool exhausted';

const poolAlert = (run: number) =>
  firingAlert(`{}:{alertname="PostgresConnectionsNearLimit", bench="${run}"}`, `orders-db-${run}: 492 of 500 connections in use`, { alertname: 'PostgresConnectionsNearLimit', instance: `orders-db-${run}` });

async function signedInPage(browser: Browser, server: FirewatchServer, email: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, timezoneId: 'Europe/Berlin', locale: 'en-GB' });
  await context.addCookies([{ name: 'fw_session', value: await server.signIn(email, 'firewatch-demo'), url: server.url, httpOnly: true, sameSite: 'Lax' }]);
  return context.newPage();
}

/** Page time when the open runbook's Diagnosis heading is rendered (the markdown viewer is lazy-loaded). */
async function runbookShown(page: Page): Promise<void> {
  await page.waitForFunction(
    (title) => [...document.querySelectorAll('section[aria-label]')].some((section) => section.getAttribute('aria-label') === title && [...section.querySelectorAll('h2, h3, h4, h5, h6')].some((h) => h.textContent?.trim().startsWith('Diagnosis'))),
    RUNBOOK_TITLE,
    { polling: 'raf', timeout: 30_000 },
  );
}

async function fire(server: FirewatchServer, key: string, run: number): Promise<{ incidentId: string; answeredMs: number }> {
  const started = performance.now();
  const response = await fetch(`${server.url}/api/v1/integrations/${key}/alertmanager`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(poolAlert(run)) });
  const body = (await response.json()) as { incidentId?: string };
  if (response.status !== 200 || !body.incidentId) throw new Error(`alert refused: ${response.status} ${JSON.stringify(body)}`);
  return { incidentId: body.incidentId, answeredMs: performance.now() - started };
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};
const ms = (value: number) => `${Math.round(value).toLocaleString('en-US')}`;
const summary = (values: number[]) => `${ms(percentile(values, 50))} / ${ms(percentile(values, 95))} / ${ms(Math.max(...values))}`;

async function main(): Promise<void> {
  const writeToDocs = !process.argv.includes('--no-docs');
  const startedAt = new Date();
  const loadAtStart = os.loadavg();
  const server = await FirewatchServer.start({ FIREWATCH_DEMO: '1', NODE_ENV: 'production' });
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: CHROMIUM_ARGS,
  });
  try {
    server.cookie = `fw_session=${await server.signIn('priya@example.com', 'firewatch-demo')}`;
    const services = await server.api<{ items: Array<{ name: string; integrationKey?: string | null }> }>('GET', '/api/v1/services');
    const key = services.body.items.find((service) => service.name === 'Orders Database')?.integrationKey;
    if (!key) throw new Error('no Orders Database service with a key');

    // 1. Alert → incident page → runbook on screen.
    const responder = await signedInPage(browser, server, 'priya@example.com');
    const toShown: number[] = [];
    const navigationToShown: number[] = [];
    const answered: number[] = [];
    let cold: { total: number; navigation: number } | undefined;
    for (let run = 0; run <= ALERTS; run += 1) {
      const before = performance.now();
      const { incidentId, answeredMs } = await fire(server, key, run);
      const navigating = performance.now();
      await responder.goto(`${server.url}/incidents/${incidentId}`, { waitUntil: 'commit' });
      await runbookShown(responder);
      const done = performance.now();
      if (run === 0) {
        cold = { total: done - before, navigation: done - navigating };
        continue;
      }
      answered.push(answeredMs);
      toShown.push(done - before);
      navigationToShown.push(done - navigating);
      console.log(`alert ${run}: answered in ${ms(answeredMs)} ms, runbook on screen ${ms(done - before)} ms after the POST (${ms(done - navigating)} ms after navigating)`);
    }

    // 2. A tick in one tab → the other tab.
    const { incidentId } = await fire(server, key, 1000);
    const tabs = [await signedInPage(browser, server, 'priya@example.com'), await signedInPage(browser, server, 'marcus@example.com')] as const;
    for (const tab of tabs) {
      await tab.goto(`${server.url}/incidents/${incidentId}`);
      await runbookShown(tab);
    }
    await tabs[0].getByRole('region', { name: 'Runbooks' }).getByRole('button', { name: 'Start runbook' }).click();
    const boxes = (tab: Page) => tab.getByRole('region', { name: 'Runbooks' }).getByRole('region', { name: RUNBOOK_TITLE }).getByRole('checkbox');
    // The other tab learns of the run from the live stream: its steps become tickable.
    for (const tab of tabs) while (!(await boxes(tab).first().isEnabled())) await tab.waitForTimeout(20);
    const count = await boxes(tabs[0]).count();
    const tickDelays: number[] = [];
    for (let tick = 0; tick < TICKS; tick += 1) {
      const from = tabs[tick % 2]!;
      const to = tabs[(tick + 1) % 2]!;
      const index = Math.floor(tick / 2) % count;
      const target = await boxes(to).nth(index).elementHandle();
      const wanted = !(await boxes(from).nth(index).isChecked());
      const clicked = performance.now();
      await boxes(from).nth(index).setChecked(wanted);
      await to.waitForFunction(([box, state]) => (box as HTMLInputElement).checked === state, [target, wanted] as const, { polling: 'raf', timeout: 10_000 });
      tickDelays.push(performance.now() - clicked);
      console.log(`tick ${tick + 1}: seen in the other tab after ${ms(tickDelays.at(-1)!)} ms`);
    }

    const cpu = cpuModel();
    const block = [
      '## Runbooks: from the alert to the runbook on screen, and ticks between tabs',
      '',
      `Generated by \`scripts/bench-runbook.ts\` on ${startedAt.toISOString().replace(/\.\d+Z$/, 'Z')} (UTC): \`npx vite build && npm run bench:runbook\`.`,
      `${os.availableParallelism()} × ${cpu}, Node ${process.version}, Chromium ${browser.version()} (headless); load average at start (1/5/15 min) ${loadAtStart.map((value) => value.toFixed(2)).join(' / ')}.`,
      '',
      '| What | Samples | p50 / p95 / max (ms) | Goal |',
      '| --- | --- | --- | --- |',
      `| Alert POSTed → the incident page shows its runbook (warm browser cache) | ${toShown.length} | ${summary(toShown)} | under 1 s |`,
      `| ↳ of which the alert's answer (2xx) | ${answered.length} | ${summary(answered)} | |`,
      `| ↳ navigation to the incident page → runbook on screen | ${navigationToShown.length} | ${summary(navigationToShown)} | |`,
      `| The same with an empty browser cache (first visit: app, then the viewer's chunk) | 1 | ${ms(cold!.total)} (navigation → shown ${ms(cold!.navigation)}) | |`,
      `| A tick in one tab → the other tab shows it (live stream) | ${tickDelays.length} | ${summary(tickDelays)} | under 1 s |`,
      '',
      '- One server on SQLite in a fresh directory with the example organisation (`FIREWATCH_DEMO=1`, `NODE_ENV=production`), Chromium and the benchmark on the same machine.',
      `- Each alert is a new Alertmanager group for the Orders Database service (\`alertname="PostgresConnectionsNearLimit"\`), which its runbook's selector matches; "on screen" is the first animation frame in which the open runbook's Diagnosis heading is rendered. The first alert's page load is the cold one; the ${ALERTS} after it reuse the browser's cache, as a responder's browser would.`,
      `- Ticks alternate between two people's tabs (Priya and Marcus, whom these alerts do not page, so no ring covers the page) on one run, ${TICKS} ticks and unticks; the time runs from Playwright's click in one tab to the animation frame in which the other tab's checkbox has changed.`,
    ].join('\n');
    console.log(`\n${block}\n`);
    if (writeToDocs) console.log(`written to ${writeBenchmarkBlock('bench-runbook', block)}`);
  } finally {
    await browser.close();
    await server.dispose();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
