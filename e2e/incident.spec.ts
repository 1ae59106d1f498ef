import { expect, test } from './support/fixtures';

test('acknowledging in the UI shows on the timeline, with who did it', async ({ page, server }) => {
  const service = await server.api<{ integrationKey: string }>('POST', '/api/v1/services', { name: 'Checkout API' });
  const trigger = await server.api<{ dedup_key: string }>('POST', '/v2/enqueue', {
    routing_key: service.body.integrationKey,
    event_action: 'trigger',
    payload: { summary: 'DB query timeout, 5000 failures/min', source: 'api-1', severity: 'critical' },
  });
  expect(trigger.status).toBe(202);
  await page.goto('/');
  await page.getByRole('link', { name: /DB query timeout/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: /DB query timeout/ })).toBeVisible();

  await page.getByRole('button', { name: 'Acknowledge' }).click();
  const timeline = page.getByRole('list', { name: 'Timeline' });
  await expect(timeline.getByText(/Priya Raman acknowledged/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Acknowledge' })).toHaveCount(0);
  const stored = await server.api<{ items: Array<{ state: string; acknowledgedAt: string | null }> }>('GET', '/api/v1/incidents');
  expect(stored.body.items[0]).toMatchObject({ state: 'acknowledged' });
});

test('the commander changes severity and phase, posts a status update, and resolves', async ({ page, server }) => {
  const service = await server.api<{ id: string }>('POST', '/api/v1/services', { name: 'Checkout API' });
  const declared = await server.api<{ id: string }>('POST', '/api/v1/incidents', { title: 'Checkout failing for EU customers', severity: 'P3', serviceId: service.body.id });
  await page.goto(`/incidents/${declared.body.id}`);
  const timeline = page.getByRole('list', { name: 'Timeline' });

  await page.getByLabel('Severity').selectOption('P1');
  await expect(timeline.getByText(/P3.*P1/)).toBeVisible();
  await page.getByLabel('Phase').selectOption('identified');
  await expect(timeline.getByText(/identified/i).first()).toBeVisible();

  await page.getByRole('checkbox', { name: /status update/i }).check();
  await page.getByRole('textbox', { name: 'Status update' }).fill('Payments are failing for some EU customers; a fix is being deployed.');
  await page.getByRole('button', { name: 'Post status update' }).click();
  await expect(timeline.getByText('Payments are failing for some EU customers; a fix is being deployed.')).toBeVisible();
  await expect(page.getByText(/Last status update/i)).toBeVisible();

  await page.getByRole('button', { name: 'Resolve' }).click();
  await page.getByRole('button', { name: 'Resolve incident' }).click();
  await expect(timeline.getByText(/resolved/i).last()).toBeVisible();
  const stored = await server.api<{ state: string; severity: string; phase: string }>('GET', `/api/v1/incidents/${declared.body.id}`);
  expect(stored.body).toMatchObject({ state: 'resolved', severity: 'P1', phase: 'resolved' });
});

test('an empty note is refused with a message and nothing is posted', async ({ page, server }) => {
  const service = await server.api<{ id: string }>('POST', '/api/v1/services', { name: 'Checkout API' });
  const declared = await server.api<{ id: string }>('POST', '/api/v1/incidents', { title: 'Search is slow', severity: 'P3', serviceId: service.body.id });
  await page.goto(`/incidents/${declared.body.id}`);
  await page.getByRole('button', { name: 'Post note' }).click();
  await expect(page.getByText('Write the note first.')).toBeVisible();
  const timeline = await server.api<{ items: Array<{ kind: string }> }>('GET', `/api/v1/incidents/${declared.body.id}/timeline`);
  // Declared, and "nobody was paged" (the new service has no escalation policy): no note.
  expect(timeline.body.items.map((event) => event.kind)).toEqual(['incident.declared', 'escalation.not_started']);
});
