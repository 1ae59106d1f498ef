import { test as base } from '@playwright/test';
import type { Page } from '@playwright/test';
import { FirewatchServer } from './server';

/**
 * Every test gets its own real server and empty database; `page` is pointed at it. By default the
 * installation has its first admin (Priya Raman) and the browser is signed in as her; a test that
 * is about the first run or signing in sets `signedIn: false`.
 */
export const test = base.extend<{ server: FirewatchServer; signedIn: boolean }>({
  signedIn: [true, { option: true }],
  server: async ({ signedIn }, use) => {
    const server = await FirewatchServer.start();
    if (signedIn) await server.createFirstAdmin();
    await use(server);
    await server.dispose();
  },
  baseURL: async ({ server }, use) => {
    await use(server.url);
  },
  context: async ({ context, server }, use) => {
    if (server.cookie) {
      await context.addCookies([{ name: 'fw_session', value: server.cookie.replace(/^fw_session=/, ''), url: server.url, httpOnly: true, sameSite: 'Lax' }]);
    }
    await use(context);
  },
});

/** Puts a session for this person into the browser (signed in over the API, not the form). */
export async function signInBrowserAs(page: Page, server: FirewatchServer, email: string, password: string): Promise<void> {
  const value = await server.signIn(email, password);
  await page.context().clearCookies();
  await page.context().addCookies([{ name: 'fw_session', value, url: server.url, httpOnly: true, sameSite: 'Lax' }]);
}

export { expect } from '@playwright/test';

/** An Alertmanager v4 notification for one group, as Alertmanager would POST it. */
export function alertmanagerGroup(groupKey: string, status: 'firing' | 'resolved', summary: string, severity = 'critical') {
  return {
    version: '4',
    groupKey,
    truncatedAlerts: 0,
    status,
    receiver: 'firewatch',
    groupLabels: { alertname: 'PostgresConnectionsNearLimit' },
    commonLabels: { alertname: 'PostgresConnectionsNearLimit', severity },
    commonAnnotations: { summary },
    externalURL: 'http://alertmanager.example:9093',
    alerts: [
      {
        status,
        labels: { alertname: 'PostgresConnectionsNearLimit', instance: 'orders-db-1', severity },
        annotations: { summary },
        startsAt: '2026-03-21T02:29:30Z',
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: 'http://prometheus.example:9090/graph',
        fingerprint: 'c0ffee0000000001',
      },
    ],
  };
}
