import type { Page } from '@playwright/test';
import { fireAlert, serviceNamed } from './support/paging';
import { alignBrowserClock, expect, liveStreamReady, screenshotBothWidths, signInAs, test, watchLiveStream } from './support/paging-fixtures';

// Strings that live only inside Firewatch: none may reach anything a customer can fetch.
const SECRET_LABEL = 'search-node-e2e-secret-7731';
const SECRET_SUMMARY = 'internal summary e2e-secret-5120';
const SECRET_NOTE = 'internal note e2e-secret-4410: the reindex cron on search-7 is the suspect';

const PUBLIC_URLS = ['/status', '/status/api/v2/summary.json', '/status/api/v2/incidents.json', '/status/api/v2/incidents/unresolved.json', '/status/api/v2/components.json', '/status/history.atom', '/status/history.rss'];

/** Posts the next public update from the incident page's status panel: phase, the phase's template, then a line of our own. */
async function postPublicUpdate(page: Page, phase: string, line: string): Promise<void> {
  await page.getByRole('region', { name: 'Status page' }).getByRole('button', { name: 'Post public update' }).click();
  const form = page.getByRole('form', { name: 'Post public update' });
  await form.getByLabel('Phase').selectOption(phase);
  const message = form.getByLabel('Message');
  await message.fill(line);
  await form.getByRole('button', { name: 'Post update' }).click();
  await expect(page.getByRole('region', { name: 'Status page' })).toContainText(line);
}

test('a commander publishes an incident and customers follow it on /status without signing in, and nothing internal leaks', async ({ browser, server }) => {
  test.setTimeout(120_000);
  const search = await serviceNamed(server, 'Product Search');
  const incidentId = await fireAlert(server, search.integrationKey, '{}:{alertname="SearchLatencyHigh", e2e="status"}', SECRET_SUMMARY, { alertname: 'SearchLatencyHigh', instance: SECRET_LABEL });
  await server.api('POST', `/api/v1/incidents/${incidentId}/notes`, { text: SECRET_NOTE });

  const context = await browser.newContext({ baseURL: server.url, timezoneId: 'Europe/London', locale: 'en-GB' });
  const commander = await context.newPage();
  await signInAs(commander, server, 'priya@example.com');
  await alignBrowserClock(commander, server);
  await watchLiveStream(commander);
  const customers = await browser.newContext({ baseURL: server.url, timezoneId: 'Asia/Tokyo' });
  const reader = await customers.newPage();
  try {
    await commander.goto(`/incidents/${incidentId}`);
    await liveStreamReady(commander);
    const panel = commander.getByRole('region', { name: 'Status page' });
    await panel.getByRole('button', { name: 'Publish to status page' }).click();
    const dialog = commander.getByRole('dialog', { name: 'Publish to status page' });
    // The draft names the public component linked to the service, never the internal title.
    await expect(dialog.getByLabel('Public title')).toHaveValue(/Search/);
    await expect(dialog.getByLabel('Public title')).not.toHaveValue(new RegExp(SECRET_SUMMARY));
    await dialog.getByLabel('Public title').fill('Slow search results');
    await dialog.getByLabel('Message').fill('Search is slow for some customers. We are looking into it.');
    await dialog.getByRole('button', { name: 'Publish' }).click();
    await expect(dialog).toBeHidden();
    await expect(panel).toContainText('Slow search results');
    await expect(panel).toContainText(/next public update due in \d+ min/i);

    // The anonymous reader sees it at once, with no session and no cookie.
    const first = await reader.goto('/status');
    expect(first?.headers()['set-cookie']).toBeUndefined();
    await expect(reader.getByRole('heading', { name: 'Slow search results' })).toBeVisible();
    await expect(reader.getByText('Search is slow for some customers.')).toBeVisible();
    await expect(reader.getByRole('region', { name: 'Open incidents' })).toContainText('Investigating');
    // Maintenance times are rewritten into the reader's own zone (Tokyo, nine hours ahead of UTC).
    await expect(reader.getByRole('region', { name: 'Scheduled maintenance' })).toContainText('GMT+9');
    await expect(reader.getByRole('region', { name: 'Scheduled maintenance' })).not.toContainText('UTC');

    await postPublicUpdate(commander, 'identified', 'We found a slow index rebuild and are stopping it.');
    await reader.reload();
    await expect(reader.getByText('We found a slow index rebuild and are stopping it.')).toBeVisible();
    await expect(reader.getByRole('region', { name: 'Open incidents' })).toContainText('Identified');

    await postPublicUpdate(commander, 'monitoring', 'Search is fast again; we are watching it.');
    await reader.reload();
    await expect(reader.getByText('Search is fast again; we are watching it.')).toBeVisible();

    await postPublicUpdate(commander, 'resolved', 'Search has been working normally for 30 minutes.');
    await reader.reload();
    // Resolved: no open incident any more, and it is listed among the past ones.
    await expect(reader.getByRole('region', { name: 'Open incidents' })).toHaveCount(0);
    await expect(reader.getByRole('region', { name: 'Past incidents' })).toContainText('Slow search results');
    await screenshotBothWidths(reader, 'status-public', { fullPage: true });

    // Each publication is on the internal timeline.
    await commander.reload();
    await expect(commander.getByText(/published “Slow search results” to the status page/)).toBeVisible();

    // Nothing internal anywhere a customer can fetch: not the alert's labels or summary, the note, or who did it.
    for (const url of PUBLIC_URLS) {
      const response = await customers.request.get(url);
      expect(response.status(), url).toBe(200);
      const body = await response.text();
      for (const secret of [SECRET_LABEL, SECRET_SUMMARY, SECRET_NOTE, 'Priya Raman', 'priya@example.com']) expect(body, `${url} must not contain ${secret}`).not.toContain(secret);
    }
    expect(await customers.cookies()).toEqual([]);
  } finally {
    await context.close();
    await customers.close();
  }
});
