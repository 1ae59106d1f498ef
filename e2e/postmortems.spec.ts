import type { Browser, Page } from '@playwright/test';
import type { FirewatchServer } from './support/server';
import { fireAlert, serviceNamed } from './support/paging';
import { alignBrowserClock, expect, liveStreamReady, screenshotBothWidths, signInAs, test, watchLiveStream } from './support/paging-fixtures';

/** Opens a tab of its own for a demo person, on the server's clock, with the live stream watched. */
async function personTab(browser: Browser, server: FirewatchServer, email: string, timezoneId: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: server.url, timezoneId, locale: 'en-GB' });
  const page = await context.newPage();
  await signInAs(page, server, email);
  await alignBrowserClock(page, server);
  await watchLiveStream(page);
  return page;
}

const section = (page: Page, title: string) => page.getByRole('region', { name: title, exact: true });

/** The section's CodeMirror editor (not the stand-in text box shown while it loads). */
async function editorOf(page: Page, title: string) {
  const editor = section(page, title).getByTestId('markdown-editor').getByRole('textbox', { name: title });
  await expect(editor).toBeVisible();
  return editor;
}

/** Types at the end of a section and waits until autosave says it is saved. */
async function appendAndSave(page: Page, title: string, text: string): Promise<void> {
  const editor = await editorOf(page, title);
  await editor.click();
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.type(text);
  await expect(section(page, title).getByRole('status').filter({ hasText: /^Saved/ })).toBeVisible({ timeout: 15_000 });
}

test('a resolved incident’s post-mortem: the drafted timeline, two writers at once, a merge that keeps both texts, the blameless check, and publishing locks it', async ({ browser, server }) => {
  test.setTimeout(120_000);
  const orders = await serviceNamed(server, 'Orders Database');
  const incidentId = await fireAlert(server, orders.integrationKey, '{}:{alertname="PostgresConnectionsNearLimit", e2e="postmortem"}', 'orders-db primary: 497 of 500 connections in use', {
    alertname: 'PostgresConnectionsNearLimit',
    instance: 'orders-db-1',
  });

  const priya = await personTab(browser, server, 'priya@example.com', 'Europe/London');
  const marcus = await personTab(browser, server, 'marcus@example.com', 'America/New_York');
  try {
    // Resolve it on the incident page: the post-mortem is offered with its 48-hour countdown.
    await priya.goto(`/incidents/${incidentId}`);
    await liveStreamReady(priya);
    await priya.getByRole('button', { name: 'Resolve' }).click();
    await priya.getByRole('dialog').getByRole('button', { name: 'Resolve incident' }).click();
    const entry = priya.getByRole('region', { name: 'Post-mortem' });
    await expect(entry).toContainText(/due in 4[78] h/);
    await entry.getByRole('button', { name: 'Start the post-mortem' }).click();
    await expect(priya).toHaveURL(/\/postmortems\/[^/]+$/);
    const url = new URL(priya.url()).pathname;

    // The timeline is drafted from the incident's event log: the alert and who was paged.
    const timeline = section(priya, 'Timeline');
    await expect(timeline).toContainText('497 of 500 connections in use');
    await expect(timeline).toContainText(/paged/i);
    await expect(section(priya, 'Impact')).toContainText(/Time to resolve/i);

    // Two people write two sections at the same time; both survive a reload.
    await marcus.goto(url);
    await Promise.all([
      appendAndSave(priya, 'Root cause', 'The pool was sized for last year’s traffic.'),
      appendAndSave(marcus, 'Lessons learned', 'Pool saturation needs an alert before it is exhausted.'),
    ]);
    await priya.reload();
    await expect(section(priya, 'Root cause')).toContainText('sized for last year’s traffic');
    await expect(section(priya, 'Lessons learned')).toContainText('needs an alert before it is exhausted');

    // The same section from both sides at the same moment: Marcus's save is still on its way
    // (held here) when Priya's lands, so his arrives stale and shows the merge view.
    await marcus.reload();
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    await marcus.route('**/api/v1/postmortems/*/sections/detection', async (route) => {
      await held;
      await route.continue();
    });
    const marcusSent = marcus.waitForRequest((request) => request.method() === 'PUT' && request.url().endsWith('/sections/detection'));
    await (await editorOf(marcus, "Why wasn't this caught?")).click();
    await marcus.keyboard.press('ControlOrMeta+End');
    await marcus.keyboard.type('Load tests never ran against the pool limit.');
    await marcusSent;
    await appendAndSave(priya, "Why wasn't this caught?", 'The saturation graph had no threshold.');
    release();
    const merge = marcus.getByRole('alert').filter({ has: marcus.getByRole('button', { name: 'Keep mine' }) });
    await expect(merge).toBeVisible({ timeout: 15_000 });
    await expect(merge.getByRole('textbox', { name: /^Their text/ })).toHaveValue(/The saturation graph had no threshold\./);
    await expect(merge.getByRole('textbox', { name: 'Your text (not saved)' })).toHaveValue(/Load tests never ran against the pool limit\./);
    await merge.getByRole('button', { name: 'Edit merged' }).click();
    await expect(marcus.getByRole('textbox', { name: "Merged text for Why wasn't this caught?" })).toHaveValue('The saturation graph had no threshold.\nLoad tests never ran against the pool limit.');
    await marcus.getByRole('button', { name: 'Save merged' }).click();
    await expect(section(marcus, "Why wasn't this caught?").getByRole('status').filter({ hasText: /^Saved/ })).toBeVisible({ timeout: 15_000 });
    await priya.reload();
    await expect(section(priya, "Why wasn't this caught?")).toContainText('The saturation graph had no threshold.');
    await expect(section(priya, "Why wasn't this caught?")).toContainText('Load tests never ran against the pool limit.');

    // The blameless check flags a person as the cause, and not a fault in the configuration.
    await appendAndSave(priya, 'Lessons learned', '\nIt was Bob’s fault. The fault was in the pool configuration.');
    const hints = priya.getByRole('region', { name: 'Blameless check for Lessons learned' });
    await expect(hints).toContainText('Bob’s fault');
    await expect(hints).not.toContainText('fault was in the pool configuration');

    await screenshotBothWidths(priya, 'postmortem-editor', { fullPage: true });

    // Review, publish: read-only for everyone.
    await priya.getByRole('button', { name: 'Send for review' }).click();
    await priya.getByRole('button', { name: 'Publish' }).click();
    await expect(priya.getByText('Published and read-only')).toBeVisible();
    await marcus.reload();
    await expect(marcus.getByRole('button', { name: 'Reopen' })).toBeVisible();
    await expect(section(marcus, 'Root cause').getByRole('textbox', { name: 'Root cause' })).toHaveCount(0);
  } finally {
    await priya.context().close();
    await marcus.context().close();
  }
});

test('the metrics page draws MTTA and MTTR over three months of demo history, and its table toggle shows the server’s numbers', async ({ browser, server }) => {
  const marcus = await personTab(browser, server, 'marcus@example.com', 'America/New_York');
  try {
    await marcus.goto('/metrics');
    // The numbers the server sent for the range the page asks for, as the page received them.
    const answered = marcus.waitForResponse((response) => new URL(response.url()).pathname === '/api/v1/metrics' && response.request().url().includes('bucket=week') && response.status() === 200);
    await marcus.getByRole('button', { name: 'Last 3 months' }).click();
    const answer = (await (await answered).json()) as { buckets: Array<{ start: string; count: number }> };
    const counts = answer.buckets.map((bucket) => String(bucket.count));
    expect(counts.filter((count) => count !== '0').length).toBeGreaterThan(6);

    const mtta = marcus.getByRole('figure', { name: 'MTTA per week (median and p90)' });
    const mttr = marcus.getByRole('figure', { name: 'MTTR per week (median and p90)' });
    // recharts draws each series as a path once the lazily loaded chart code has arrived.
    await expect(mtta.locator('path.recharts-curve').first()).toBeVisible();
    await expect(mttr.locator('path.recharts-curve').first()).toBeVisible();
    await screenshotBothWidths(marcus, 'metrics', { fullPage: true });

    await marcus.getByRole('button', { name: 'Show as table' }).click();
    const table = marcus.getByRole('table', { name: 'Incidents per week' });
    const shown = await table.locator('tbody tr').evaluateAll((rows) => rows.map((row) => row.querySelectorAll('td, th')[1]?.textContent?.trim() ?? ''));
    expect(shown).toEqual(counts);
  } finally {
    await marcus.context().close();
  }
});
