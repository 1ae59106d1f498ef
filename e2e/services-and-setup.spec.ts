import { expect, test } from './support/fixtures';

test.describe('first run', () => {
  test.use({ signedIn: false });

  test('creates the first admin, then offers the example organisation, which loads the connection-pool incident', async ({ page }) => {
    await page.goto('/');
    await page.getByLabel('Name').fill('Priya Raman');
    await page.getByLabel('Email').fill('priya@example.com');
    await page.getByLabel('Password', { exact: true }).fill('short');
    await page.getByLabel('Confirm password').fill('short');
    await page.getByRole('button', { name: /Create/ }).click();
    await expect(page.getByText(/at least 12 characters/).first()).toBeVisible();
    await page.getByLabel('Password', { exact: true }).fill('correct horse battery');
    await page.getByLabel('Confirm password').fill('correct horse battery');
    await page.getByRole('button', { name: /Create/ }).click();
    await expect(page.getByRole('heading', { name: 'Welcome to Firewatch' })).toBeVisible();
    await page.getByRole('button', { name: /Load example organisation/i }).click();
    await expect(page.getByRole('list', { name: 'Open incidents' }).getByRole('link', { name: /connection pool exhausted/ })).toBeVisible();
  });
});

test('a service created in the UI shows ready-to-paste snippets whose key really pages', async ({ page, server }) => {
  await page.goto('/services');
  await page.getByLabel('Service name').fill('Payments Gateway');
  await page.getByRole('button', { name: /Create service/i }).click();
  await expect(page.getByRole('heading', { name: 'Payments Gateway' })).toBeVisible();

  const services = await server.api<{ items: Array<{ integrationKey: string }> }>('GET', '/api/v1/services');
  const key = services.body.items[0]!.integrationKey;
  await expect(page.getByText(new RegExp(`/api/v1/integrations/${key}/alertmanager`)).first()).toBeVisible();
  await expect(page.getByText(/pagerduty_configs/).first()).toBeVisible();

  const curl = await server.api<{ status: string }>('POST', '/v2/enqueue', { routing_key: key, event_action: 'trigger', payload: { summary: 'Card authorisations failing', source: 'gw-1', severity: 'critical' } });
  expect(curl.body.status).toBe('success');
  await page.getByRole('link', { name: 'Dashboard' }).click();
  await expect(page.getByRole('link', { name: /Card authorisations failing/ })).toBeVisible();
});

test('a duplicate service name is refused with the reason next to the field', async ({ page, server }) => {
  await server.api('POST', '/api/v1/services', { name: 'Checkout API' });
  await page.goto('/services');
  await page.getByLabel('Service name').fill('checkout api');
  await page.getByRole('button', { name: /Create service/i }).click();
  await expect(page.getByText(/already exists/)).toBeVisible();
  const services = await server.api<{ items: unknown[] }>('GET', '/api/v1/services');
  expect(services.body.items).toHaveLength(1);
});

test('at 375 px the dashboard fits the screen without sideways scrolling', async ({ page, server }) => {
  await server.api('POST', '/api/v1/setup/demo');
  await page.setViewportSize({ width: 375, height: 812 });
  await page.goto('/');
  await expect(page.getByRole('list', { name: 'Open incidents' })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

test('the dashboard can be driven by keyboard alone: tab to an incident and open it', async ({ page, server }) => {
  await server.api('POST', '/api/v1/setup/demo');
  await page.goto('/');
  await expect(page.getByRole('list', { name: 'Open incidents' })).toBeVisible();
  const link = page.getByRole('link', { name: /connection pool exhausted/ });
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    if (await link.evaluate((el) => el === document.activeElement)) break;
  }
  await expect(link).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: /connection pool exhausted/ })).toBeVisible();
});
