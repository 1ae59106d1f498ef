import { test as base } from '@playwright/test';
import { FirewatchServer } from './server';

/**
 * Every test gets its own real server and empty database; `page` is pointed at it. Until accounts
 * exist the browser remembers who is acting; tests act as Priya Raman so no name prompt appears.
 */
export const test = base.extend<{ server: FirewatchServer }>({
  server: async ({}, use) => {
    const server = await FirewatchServer.start();
    await use(server);
    await server.dispose();
  },
  baseURL: async ({ server }, use) => {
    await use(server.url);
  },
  page: async ({ page }, use) => {
    await page.addInitScript(() => localStorage.setItem('firewatch.identity', JSON.stringify({ state: { name: 'Priya Raman', asked: true }, version: 0 })));
    await use(page);
  },
});

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
