import path from 'node:path';
import { test as base } from '@playwright/test';
import type { Page } from '@playwright/test';
import type { PagingStandIns } from './paging';
import { DEMO_PASSWORD, advanceServerClock, startPagingServer, startPagingStandIns } from './paging';
import type { FirewatchServer } from './server';

/**
 * Every test gets the real SMTP server and the Twilio stand-in (in this process) and its own real
 * server on the demo organisation, paging through them on a steppable clock; `api` acts as Priya
 * Raman (admin). The browser starts signed out: a test signs in whoever it is about.
 */
export const test = base.extend<{ standIns: PagingStandIns; server: FirewatchServer }>({
  standIns: async ({}, use) => {
    const standIns = await startPagingStandIns();
    await use(standIns);
    await standIns.close();
  },
  server: async ({ standIns }, use) => {
    const server = await startPagingServer(standIns);
    await use(server);
    await server.dispose();
  },
  baseURL: async ({ server }, use) => {
    await use(server.url);
  },
});

export { expect } from '@playwright/test';

/** Puts a session of this demo person into the page's browser context. */
export async function signInAs(page: Page, server: FirewatchServer, email: string): Promise<void> {
  const value = await server.signIn(email, DEMO_PASSWORD);
  await page.context().clearCookies();
  await page.context().addCookies([{ name: 'fw_session', value, url: server.url, httpOnly: true, sameSite: 'Lax' }]);
}

/**
 * Sets the browser's clock to the server's test clock (from there it runs on by itself), so
 * "open for" and "overdue by" read as they would for a real incident instead of months off.
 */
export async function alignBrowserClock(page: Page, server: FirewatchServer): Promise<void> {
  await page.clock.setSystemTime(await advanceServerClock(server, 0));
}

type LiveProbe = { __liveReady?: boolean };

/**
 * Marks when the tab's live stream sent `ready`. The header says "Live" as soon as the stream is
 * open, a moment before the server has read where the log stands; a page committed in that
 * moment is not sent to a fresh stream (the client refetches instead, which the ring does not),
 * so a test that pages someone waits for `ready`. Call before the page loads.
 */
export async function watchLiveStream(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const Original = window.EventSource;
    window.EventSource = class extends Original {
      constructor(url: string | URL, init?: EventSourceInit) {
        super(url, init);
        this.addEventListener('ready', () => ((window as unknown as LiveProbe).__liveReady = true));
      }
    };
  });
}

export async function liveStreamReady(page: Page): Promise<void> {
  await page.waitForFunction(() => (window as unknown as LiveProbe).__liveReady === true);
}

/**
 * Saves paging-<name>-<width>.png at 1280 and 375 px wide, then puts the viewport back: into
 * test-results/screenshots on every run, and into docs/screenshots (the ones the repository keeps)
 * only when FIREWATCH_UPDATE_SCREENSHOTS=1, so a test run never changes tracked files.
 */
export async function screenshotBothWidths(page: Page, name: string, options: { fullPage?: boolean; settle?: () => Promise<void> } = {}): Promise<string[]> {
  const before = page.viewportSize();
  const files: string[] = [];
  for (const [width, height] of [
    [1280, 800],
    [375, 812],
  ] as const) {
    await page.setViewportSize({ width, height });
    await options.settle?.();
    // Layout and fonts settle after a resize; a screenshot taken at once can show the old width.
    await page.waitForTimeout(200);
    const folder = process.env['FIREWATCH_UPDATE_SCREENSHOTS'] === '1' ? 'docs/screenshots' : 'test-results/screenshots';
    const file = path.resolve(folder, `paging-${name}-${width}.png`);
    await page.screenshot({ path: file, fullPage: options.fullPage ?? false });
    files.push(file);
  }
  if (before) await page.setViewportSize(before);
  return files;
}
