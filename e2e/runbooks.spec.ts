import type { Page } from '@playwright/test';
import type { TimelineEventDto } from '../src/contracts/timeline-events';
import type { FirewatchServer } from './support/server';
import { MINUTE, advanceServerClock, eventually, fireAlert, serviceNamed, timelineOf } from './support/paging';
import { alignBrowserClock, expect, liveStreamReady, screenshotBothWidths, signInAs, test, watchLiveStream } from './support/paging-fixtures';

const POOL_RUNBOOK = 'Orders database: connection pool exhausted';

/** An Alertmanager alert for the demo's orders database running out of connections; returns its incident. */
async function firePoolAlert(server: FirewatchServer): Promise<string> {
  const orders = await serviceNamed(server, 'Orders Database');
  return fireAlert(server, orders.integrationKey, '{}:{alertname="PostgresConnectionsNearLimit", e2e="runbooks"}', 'orders-db primary: 492 of 500 connections in use', {
    alertname: 'PostgresConnectionsNearLimit',
    instance: 'orders-db-1',
  });
}

const runbooksPanel = (page: Page) => page.getByRole('region', { name: 'Runbooks' });
const step = (page: Page, text: RegExp) => runbooksPanel(page).getByRole('checkbox', { name: text });

async function openIncident(page: Page, server: FirewatchServer, email: string, incidentId: string): Promise<number> {
  await signInAs(page, server, email);
  await alignBrowserClock(page, server);
  await watchLiveStream(page);
  const started = Date.now();
  await page.goto(`/incidents/${incidentId}`);
  // The best match is open, its text rendered by the lazily loaded viewer.
  await expect(runbooksPanel(page).getByRole('region', { name: POOL_RUNBOOK }).getByRole('heading', { name: 'Diagnosis' })).toBeVisible();
  const shownMs = Date.now() - started;
  await liveStreamReady(page);
  return shownMs;
}

/** Ticks a step in one tab and measures, from the click, until another tab shows it ticked. */
async function tickAndWatch(from: Page, to: Page, text: RegExp): Promise<number> {
  const target = step(to, text);
  await expect(target).not.toBeChecked();
  const handle = await target.elementHandle();
  const clicked = Date.now();
  await step(from, text).check();
  await to.waitForFunction((box) => (box as HTMLInputElement).checked, handle, { polling: 'raf', timeout: 10_000 });
  return Date.now() - clicked;
}

const ofKind = <K extends TimelineEventDto['kind']>(events: readonly TimelineEventDto[], kind: K) => events.filter((event): event is Extract<TimelineEventDto, { kind: K }> => event.kind === kind);

test('an alert for the demo database shows its runbook; two people tick it live; ticks, a copied command and an overrun go on the timeline', async ({ page, browser, server }) => {
  const incidentId = await firePoolAlert(server);
  const shownMs = await openIncident(page, server, 'diego@example.com', incidentId);
  test.info().annotations.push({ type: 'incident page → runbook shown', description: `${shownMs} ms` });

  const second = await browser.newContext({ baseURL: server.url, timezoneId: 'Europe/Berlin', locale: 'en-GB' });
  const other = await second.newPage();
  try {
    await openIncident(other, server, 'sofia@example.com', incidentId);

    await runbooksPanel(page).getByRole('button', { name: 'Start runbook' }).click();
    await expect(step(page, /^Open the Postgres connections dashboard/)).toBeEnabled();
    // The other tab learns of the run from the live stream, without a reload.
    await expect(step(other, /^Open the Postgres connections dashboard/)).toBeEnabled();

    const delays = [
      await tickAndWatch(page, other, /^Open the Postgres connections dashboard/),
      await tickAndWatch(other, page, /^List who holds the connections/),
    ];
    test.info().annotations.push({ type: 'tick → other tab shows it', description: delays.map((ms) => `${ms} ms`).join(', ') });
    console.log(`runbook shown ${shownMs} ms after opening the incident page; ticks seen in the other tab after ${delays.join(' ms, ')} ms`);
    await expect(step(page, /^List who holds the connections/).locator('xpath=ancestor::li[1]')).toContainText('Sofia ·');

    // Copying a command from the incident's runbook is recorded.
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    await runbooksPanel(page).getByRole('button', { name: 'Copy command' }).first().click();
    await expect(runbooksPanel(page).getByRole('status').filter({ hasText: 'Copied' })).toBeVisible();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain('pg_stat_activity');

    // Diagnosis started with its first tick: a two-minute countdown, then the overrun, plainly.
    const diagnosis = runbooksPanel(page).getByRole('timer', { name: 'Diagnosis time box' });
    await expect(diagnosis).toHaveText(/\d:\d\d left/);
    await advanceServerClock(server, 3 * MINUTE);
    await alignBrowserClock(page, server);
    await expect(diagnosis).toHaveText(/Over by \d+:\d\d/);

    const events = await eventually('the overrun on the timeline', async () => {
      const timeline = await timelineOf(server, incidentId);
      return ofKind(timeline, 'runbook.time_box_overrun').length > 0 ? timeline : undefined;
    });
    expect(ofKind(events, 'runbook.time_box_overrun').map((event) => event.data.section)).toEqual(['Diagnosis']);
    expect(ofKind(events, 'runbook.step_checked').map((event) => [event.actor.name, event.data.step.slice(0, 30), event.data.checked])).toEqual([
      ['Diego Alvarez', 'Open the Postgres connections ', true],
      ['Sofia Lindqvist', 'List who holds the connections', true],
    ]);
    expect(ofKind(events, 'runbook.command_copied').map((event) => [event.actor.name, event.data.command])).toEqual([['Diego Alvarez', copied]]);

    // Everyone watching reads the same story on the incident's timeline.
    const timeline = other.getByRole('list', { name: 'Timeline' });
    await expect(timeline.getByText(/Diego Alvarez copied `psql/)).toBeVisible();
    await expect(timeline.getByText('Diagnosis ran over its time box of 2 minutes')).toBeVisible();
    await expect(timeline.getByText(/Sofia Lindqvist ticked “List who holds the connections/)).toBeVisible();
    await screenshotBothWidths(page, 'incident-runbook');
  } finally {
    await second.close();
  }
});

test('the runbook editor saves a new version and the history shows what changed', async ({ page, server }) => {
  await signInAs(page, server, 'marcus@example.com');
  await page.goto('/runbooks');
  await page.getByRole('link', { name: POOL_RUNBOOK }).click();
  await page.getByRole('link', { name: 'Edit' }).click();

  const editor = page.getByRole('textbox', { name: /^The runbook \(markdown\)/ });
  // CodeMirror itself, not the plain text box shown while it loads.
  await expect(page.getByTestId('markdown-editor').getByRole('textbox', { name: /^The runbook \(markdown\)/ })).toBeVisible();
  await expect(editor).toHaveCount(1);
  await editor.click();
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.type('\n- Ask the data team to move the nightly export to the replica.');
  // The live preview follows the typing.
  await expect(page.getByRole('region', { name: /Preview/ }).getByText('Ask the data team to move the nightly export to the replica.')).toBeVisible();
  await screenshotBothWidths(page, 'runbook-editor');
  await page.getByRole('button', { name: 'Save runbook' }).click();

  await expect(page).toHaveURL(/\/runbooks\/[^/]+$/);
  await page.getByRole('link', { name: 'History' }).click();
  await expect(page.getByRole('list', { name: 'Versions' }).getByRole('listitem')).toHaveCount(2);
  await page.getByLabel('From (older)').selectOption({ label: 'Version 1' });
  await page.getByLabel('To (newer)').selectOption({ label: 'Version 2' });
  const added = page.getByRole('row').filter({ hasText: 'Ask the data team to move the nightly export to the replica.' });
  await expect(added).toHaveCount(1);
  await expect(added).toContainText(/added|\+/);
  await screenshotBothWidths(page, 'runbook-history');
});

/** Markdown that would run script, load a resource or navigate if it were rendered as written. */
const XSS_CORPUS = [
  '# Corpus',
  '',
  '[plain](javascript:alert(1))',
  '[mixed case](JaVaScRiPt:alert(2))',
  '[with a tab](java\tscript:alert(3))',
  '[entity](&#106;avascript:alert(4))',
  '[leading space]( javascript:alert(5))',
  '[vbscript](vbscript:msgbox(6))',
  '[data](data:text/html;base64,PHNjcmlwdD5hbGVydCg3KTwvc2NyaXB0Pg==)',
  '<a href="javascript:alert(8)">raw link</a>',
  '<img src="http://127.0.0.1:9/x.png" onerror="alert(9)">',
  '<svg onload="alert(10)"></svg>',
  '<script>alert(11)</script>',
  '![image](http://127.0.0.1:9/tracker.png)',
  '<iframe src="javascript:alert(12)"></iframe>',
  '',
  '- [ ] <b onmouseover="alert(13)">hover me</b>',
].join('\n');

test('a runbook written to attack its readers is rendered inert in Chromium: no dialog, no request, no script', async ({ page, server }) => {
  const teams = await server.api<{ items: Array<{ id: string; name: string }> }>('GET', '/api/v1/teams');
  const payments = teams.body.items.find((team) => team.name === 'Payments');
  const created = await server.api<{ id: string }>('POST', '/api/v1/runbooks', { title: 'XSS corpus', body: XSS_CORPUS, owner: { type: 'team', teamId: payments?.id } });
  expect(created.status).toBe(201);

  const dialogs: string[] = [];
  const foreign: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('request', (request) => {
    if (!request.url().startsWith(server.url)) foreign.push(request.url());
  });
  await signInAs(page, server, 'priya@example.com');
  await page.goto(`/runbooks/${created.body.id}`);
  const viewer = page.getByRole('region', { name: 'XSS corpus' });
  await expect(viewer.getByRole('heading', { name: 'Corpus' })).toBeVisible();
  // What the reader can touch: every link and the task item.
  for (const link of await viewer.getByRole('link').all()) await link.hover();
  await viewer.getByText('hover me').hover();
  await page.waitForTimeout(500);

  expect(dialogs).toEqual([]);
  expect(foreign).toEqual([]);
  const dangerous = await viewer.evaluate((root) => ({
    scripts: root.querySelectorAll('script, iframe, svg, img').length,
    handlers: [...root.querySelectorAll('*')].flatMap((element) => [...element.attributes].filter((attribute) => attribute.name.startsWith('on')).map((attribute) => `${element.tagName} ${attribute.name}`)),
    hrefs: [...root.querySelectorAll('[href], [src]')].map((element) => element.getAttribute('href') ?? element.getAttribute('src') ?? '').filter((url) => !/^(https?:|#|\/)/i.test(url.trim())),
  }));
  expect(dangerous).toEqual({ scripts: 0, handlers: [], hrefs: [] });
  // Raw HTML is shown as the text it is, so the reader sees what the author wrote.
  await expect(viewer.getByText('<script>alert(11)</script>')).toBeVisible();
});

test('a runbook prints as one column with every command whole, without the app around it', async ({ page, server }) => {
  await signInAs(page, server, 'priya@example.com');
  await page.goto('/runbooks');
  await page.getByRole('link', { name: POOL_RUNBOOK }).click();
  const viewer = page.getByRole('region', { name: POOL_RUNBOOK });
  await expect(viewer.getByRole('heading', { name: 'Diagnosis' })).toBeVisible();
  await page.emulateMedia({ media: 'print' });
  await page.setViewportSize({ width: 700, height: 1000 });
  await expect(page.getByRole('navigation', { name: `Outline of ${POOL_RUNBOOK}` })).toBeHidden();
  await expect(page.getByRole('button', { name: 'Mark reviewed' })).toBeHidden();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeHidden();
  const cut = await viewer.evaluate((root) => [...root.querySelectorAll('pre')].filter((pre) => pre.scrollWidth > pre.clientWidth + 1).map((pre) => pre.textContent));
  expect(cut).toEqual([]);
  const widths = await viewer.evaluate((root) => ({ text: root.querySelector('h3, h2')?.parentElement?.getBoundingClientRect().width ?? 0, page: document.documentElement.clientWidth }));
  expect(widths.text).toBeGreaterThan(widths.page * 0.7);
});
