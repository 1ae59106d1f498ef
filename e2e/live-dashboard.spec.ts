import { alertmanagerGroup, expect, test } from './support/fixtures';

test.describe('the live dashboard', () => {
  test('shows an incident the moment Alertmanager fires, and drops it when the group resolves — no reload', async ({ page, server }) => {
    const service = await server.api<{ integrationKey: string }>('POST', '/api/v1/services', { name: 'Checkout API' });
    const key = service.body.integrationKey;
    await page.goto('/');
    await expect(page.getByRole('status').filter({ hasText: 'Live' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'All quiet' })).toBeVisible();
    await page.evaluate(() => ((window as unknown as { marker: string }).marker = 'same page'));

    const fired = await server.api('POST', `/api/v1/integrations/${key}/alertmanager`, alertmanagerGroup('{}:{alertname="Pool"}', 'firing', 'orders-db: connection pool exhausted'));
    expect(fired.status).toBe(200);
    const open = page.getByRole('list', { name: 'Open incidents' });
    await expect(open.getByRole('link', { name: /orders-db: connection pool exhausted/ })).toBeVisible();
    await expect(open.getByText('P1')).toBeVisible();

    await server.api('POST', `/api/v1/integrations/${key}/alertmanager`, alertmanagerGroup('{}:{alertname="Pool"}', 'resolved', 'orders-db: connection pool exhausted'));
    await expect(open.getByRole('link', { name: /orders-db: connection pool exhausted/ })).toHaveCount(0);
    await expect(page.getByRole('heading', { name: 'All quiet' })).toBeVisible();
    expect(await page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBe('same page');
  });

  test('misses nothing across a server restart: alerts sent while it reconnects still appear', async ({ page, server }) => {
    const service = await server.api<{ integrationKey: string }>('POST', '/api/v1/services', { name: 'Checkout API' });
    const key = service.body.integrationKey;
    await page.goto('/');
    await expect(page.getByRole('status').filter({ hasText: 'Live' })).toBeVisible();
    await server.api('POST', '/v2/enqueue', { routing_key: key, event_action: 'trigger', dedup_key: 'before', payload: { summary: 'Before the restart', source: 'api-1', severity: 'error' } });
    const open = page.getByRole('list', { name: 'Open incidents' });
    await expect(open.getByRole('link', { name: /Before the restart/ })).toBeVisible();
    await page.evaluate(() => ((window as unknown as { marker: string }).marker = 'same page'));

    await server.stop();
    await expect(page.getByRole('status').filter({ hasText: /Reconnecting|Offline/ })).toBeVisible();
    await server.restart();
    // Sent right after the restart, before the browser has reconnected: it must come by replay.
    await server.api('POST', '/v2/enqueue', { routing_key: key, event_action: 'trigger', dedup_key: 'during', payload: { summary: 'While reconnecting', source: 'api-1', severity: 'critical' } });
    await server.api('POST', '/v2/enqueue', { routing_key: key, event_action: 'resolve', dedup_key: 'before' });

    await expect(open.getByRole('link', { name: /While reconnecting/ })).toBeVisible({ timeout: 15_000 });
    await expect(open.getByRole('link', { name: /Before the restart/ })).toHaveCount(0);
    await expect(page.getByRole('status').filter({ hasText: 'Live' })).toBeVisible();
    await server.api('POST', '/v2/enqueue', { routing_key: key, event_action: 'trigger', dedup_key: 'after', payload: { summary: 'After reconnecting', source: 'api-1', severity: 'warning' } });
    await expect(open.getByRole('link', { name: /After reconnecting/ })).toBeVisible();
    expect(await page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBe('same page');
  });

  test('orders open incidents by severity, then by age', async ({ page, server }) => {
    const service = await server.api<{ id: string }>('POST', '/api/v1/services', { name: 'Checkout API' });
    for (const [title, severity] of [['Old warning', 'P3'], ['Critical outage', 'P1'], ['New warning', 'P3']] as const) {
      await server.api('POST', '/api/v1/incidents', { title, severity, serviceId: service.body.id });
    }
    await page.goto('/');
    const titles = page.getByRole('list', { name: 'Open incidents' }).getByRole('link');
    await expect(titles).toHaveText([/Critical outage/, /Old warning/, /New warning/]);
  });
});
