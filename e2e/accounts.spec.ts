import { expect, signInBrowserAs, test } from './support/fixtures';
import type { FirewatchServer } from './support/server';

/** Invites a person as the admin and accepts the invitation over the API, giving them a password. */
async function addPerson(server: FirewatchServer, name: string, email: string, role: 'viewer' | 'responder' | 'manager' | 'admin'): Promise<string> {
  const invited = await server.api<{ person: { id: string }; inviteUrl: string }>('POST', '/api/v1/people', { name, email, timeZone: 'Europe/Berlin', role });
  expect(invited.status).toBe(201);
  const token = invited.body.inviteUrl.replace('/invite/', '');
  const accepted = await fetch(`${server.url}/api/v1/invites/${token}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ password: 'correct horse battery' }) });
  expect(accepted.status).toBe(200);
  return invited.body.person.id;
}

test.describe('signing in and out', () => {
  test.use({ signedIn: false });

  test('a person signs in with e-mail and password, and signs out again', async ({ page, server }) => {
    await server.createFirstAdmin();
    await page.goto('/');
    await expect(page).toHaveURL(/\/sign-in/);
    await page.getByLabel('Email').fill('priya@example.com');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).toContainText(/wrong/i);
    await page.getByLabel('Password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('link', { name: 'Profile: Priya Raman, admin' })).toBeVisible();
    await expect(page).not.toHaveURL(/sign-in/);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/sign-in/);
    await page.goto('/services');
    await expect(page).toHaveURL(/\/sign-in\?next=%2Fservices|\/sign-in\?next=\/services/);
  });

  test('after the session ends, signing in again lands back on the page the person was on', async ({ page, server }) => {
    await server.createFirstAdmin();
    const cookie = await server.signIn('priya@example.com', 'correct horse battery');
    await page.context().addCookies([{ name: 'fw_session', value: cookie, url: server.url, httpOnly: true, sameSite: 'Lax' }]);
    await page.goto('/services');
    await expect(page.getByRole('heading', { name: 'Services' })).toBeVisible();
    // The session is revoked elsewhere (as expiry would); the next request meets a 401.
    await fetch(`${server.url}/api/v1/session`, { method: 'DELETE', headers: { cookie: `fw_session=${cookie}` } });
    await page.reload();
    await expect(page).toHaveURL(/\/sign-in/);
    await page.getByLabel('Email').fill('priya@example.com');
    await page.getByLabel('Password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/services$/);
    await expect(page.getByRole('heading', { name: 'Services' })).toBeVisible();
  });
});

test('a viewer sees no acknowledge button, and the API refuses them with 403', async ({ page, server }) => {
  const service = await server.api<{ id: string }>('POST', '/api/v1/services', { name: 'Checkout API' });
  const incident = await server.api<{ id: string }>('POST', '/api/v1/incidents', { title: 'Checkout failing', severity: 'P1', serviceId: service.body.id });
  await addPerson(server, 'Tomás Ferreira', 'tomas@example.com', 'viewer');
  await signInBrowserAs(page, server, 'tomas@example.com', 'correct horse battery');

  await page.goto(`/incidents/${incident.body.id}`);
  await expect(page.getByRole('heading', { level: 1, name: /Checkout failing/ })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Acknowledge' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Resolve' })).toHaveCount(0);
  const refused = await page.request.post(`/api/v1/incidents/${incident.body.id}/acknowledge`, { data: {} });
  expect(refused.status()).toBe(403);
  const stored = await server.api<{ state: string }>('GET', `/api/v1/incidents/${incident.body.id}`);
  expect(stored.body.state).toBe('triggered');
});

test("a manager edits their team's service but not another team's", async ({ page, server }) => {
  const marcus = await addPerson(server, 'Marcus Webb', 'marcus@example.com', 'manager');
  const sofia = await addPerson(server, 'Sofia Lindqvist', 'sofia@example.com', 'manager');
  const payments = await server.api<{ id: string }>('POST', '/api/v1/teams', { name: 'Payments', members: [{ userId: marcus, manager: true }] });
  const search = await server.api<{ id: string }>('POST', '/api/v1/teams', { name: 'Search', members: [{ userId: sofia, manager: true }] });
  await server.api('POST', '/api/v1/services', { name: 'Payments Gateway', teamId: payments.body.id });
  const other = await server.api<{ id: string }>('POST', '/api/v1/services', { name: 'Product Search', teamId: search.body.id });
  await signInBrowserAs(page, server, 'marcus@example.com', 'correct horse battery');

  await page.goto('/services');
  const own = page.getByRole('article', { name: 'Payments Gateway' });
  const theirs = page.getByRole('article', { name: 'Product Search' });
  await expect(theirs).toBeVisible();
  await expect(theirs.getByRole('button', { name: 'Rename' })).toHaveCount(0);
  await own.getByRole('button', { name: 'Rename' }).click();
  await page.getByLabel('New name for Payments Gateway').fill('Payments Gateway EU');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('article', { name: 'Payments Gateway EU' })).toBeVisible();

  const refused = await page.request.patch(`/api/v1/services/${other.body.id}`, { data: { name: 'Taken over' } });
  expect(refused.status()).toBe(403);
});

test('the audit log shows who changed what', async ({ page, server }) => {
  const service = await server.api<{ id: string }>('POST', '/api/v1/services', { name: 'Checkout API' });
  const incident = await server.api<{ id: string }>('POST', '/api/v1/incidents', { title: 'Checkout failing', severity: 'P2', serviceId: service.body.id });
  await page.goto(`/incidents/${incident.body.id}`);
  await page.getByRole('button', { name: 'Acknowledge' }).click();
  await expect(page.getByRole('list', { name: 'Timeline' }).getByText(/Priya Raman acknowledged/)).toBeVisible();

  await page.getByRole('link', { name: 'Audit log' }).click();
  await expect(page.getByRole('heading', { name: 'Audit log' })).toBeVisible();
  const row = page.getByRole('row').filter({ hasText: 'incident.acknowledged' });
  await expect(row).toContainText('Priya Raman');
  await expect(row).toContainText(incident.body.id);
});
