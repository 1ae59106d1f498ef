import type { Page } from '@playwright/test';
import { expect, signInBrowserAs, test } from './support/fixtures';
import type { FirewatchServer } from './support/server';

type Schedule = { id: string; version: number; overrides: Array<{ userId: string; start: string; end: string }> };

/**
 * A team with Alice (Los Angeles, quiet hours 02:00–07:00) and Bob, and a weekly schedule in
 * Los Angeles handing over on Mondays at 09:00: Alice from 5 January 2026, then Bob, alternating.
 */
async function arrange(server: FirewatchServer) {
  const person = async (name: string, email: string, timeZone: string) => {
    const invited = await server.api<{ person: { id: string }; inviteUrl: string }>('POST', '/api/v1/people', { name, email, timeZone, role: 'responder' });
    const token = invited.body.inviteUrl.replace('/invite/', '');
    const accepted = await fetch(`${server.url}/api/v1/invites/${token}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ password: 'correct horse battery' }) });
    const cookie = (accepted.headers.get('set-cookie') ?? '').split(';')[0]!;
    return { id: invited.body.person.id, cookie };
  };
  const alice = await person('Alice Nguyen', 'alice@example.com', 'America/Los_Angeles');
  const bob = await person('Bob Okafor', 'bob@example.com', 'Europe/London');
  // Alice sets her own quiet hours on her profile.
  const quiet = await fetch(`${server.url}/api/v1/me`, { method: 'PATCH', headers: { 'content-type': 'application/json', cookie: alice.cookie }, body: JSON.stringify({ quietHours: { start: '02:00', end: '07:00' } }) });
  expect(quiet.status).toBe(200);
  const teams = await server.api<{ items: Array<{ id: string; members: Array<{ userId: string; manager: boolean }> }> }>('GET', '/api/v1/teams');
  const team = teams.body.items[0]!;
  await server.api('PUT', `/api/v1/teams/${team.id}`, { name: 'Operations', members: [...team.members, { userId: alice.id, manager: false }, { userId: bob.id, manager: false }] });
  const created = await server.api<Schedule>('POST', '/api/v1/schedules', {
    name: 'Payments on-call',
    teamId: team.id,
    zone: 'America/Los_Angeles',
    backupLag: null,
    layers: [{ id: 'weekly', name: 'Weekly', participants: [alice.id, bob.id], rotation: { kind: 'weekly' }, handoff: { weekday: 1, time: '09:00' }, start: '2026-01-05', restrictions: [] }],
  });
  expect(created.status).toBe(201);
  return { alice, bob, schedule: created.body };
}

const finalLane = (page: Page) => page.getByRole('group', { name: 'Final schedule' });

test('shades the on-call person\'s quiet hours at 09:00–14:00 UTC in late March and 10:00–15:00 UTC in January', async ({ page, server }) => {
  const { schedule } = await arrange(server);
  const bands = async () =>
    finalLane(page)
      .locator('[data-quiet-hours]')
      .evaluateAll((nodes) => nodes.map((node) => [node.getAttribute('data-start'), node.getAttribute('data-end'), node.getAttribute('title')]));

  // Alice's week of 16–23 March 2026 (weeks alternate from 5 January), in PDT.
  await page.goto(`/schedules/${schedule.id}?range=week&at=2026-03-18&zone=UTC`);
  await expect(finalLane(page).locator('[data-quiet-hours]').first()).toBeAttached();
  const march = await bands();
  expect(march).toContainEqual(['2026-03-18T09:00:00.000Z', '2026-03-18T14:00:00.000Z', expect.stringContaining("Alice Nguyen's quiet hours 02:00–07:00 America/Los_Angeles")]);

  // Alice's week of 5–12 January 2026, in PST.
  await page.goto(`/schedules/${schedule.id}?range=week&at=2026-01-07&zone=UTC`);
  await expect(finalLane(page).locator('[data-quiet-hours]').first()).toBeAttached();
  const january = await bands();
  expect(january).toContainEqual(['2026-01-07T10:00:00.000Z', '2026-01-07T15:00:00.000Z', expect.stringContaining('pages go to the backup')]);
});

test('relabels the grid in the zone the viewer picks, and draws the DST week as 167 hours', async ({ page, server }) => {
  const { schedule } = await arrange(server);
  await page.goto(`/schedules/${schedule.id}?range=week&at=2026-03-04&zone=America%2FLos_Angeles`);
  // Spring forward on Sunday 8 March in Los Angeles: that day is 23 hours long, and the week of
  // Alice's shift ends at 09:00 local on Monday 9 March, 167 real hours after it began.
  await expect(page.getByText('DST: 23 h')).toBeVisible();
  const shift = finalLane(page).getByRole('button', { name: /^Alice Nguyen on call Mon 2 Mar 09:00 – Mon 9 Mar 09:00/ });
  await expect(shift).toBeVisible();

  await page.getByLabel('Show times in').selectOption('other');
  await page.getByLabel('Time zone', { exact: true }).fill('Asia/Kolkata');
  await page.getByRole('button', { name: 'Show' }).click();
  // 09:00 PST is 22:30 in Kolkata; 09:00 PDT is 21:30.
  await expect(finalLane(page).getByRole('button', { name: /^Alice Nguyen on call Mon 2 Mar 22:30 – Mon 9 Mar 21:30/ })).toBeVisible();
  await expect(page.getByText('DST: 23 h')).toHaveCount(0);
  await page.getByLabel('Show times in').selectOption('other');
  await page.getByLabel('Time zone', { exact: true }).fill('+05:30');
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page.getByText(/not an offset|IANA/i).first()).toBeVisible();
});

test('the keyboard path creates an override, which is still there after a reload', async ({ page, server }) => {
  const { schedule, bob } = await arrange(server);
  await page.goto(`/schedules/${schedule.id}?range=week&at=2026-03-18&zone=America%2FLos_Angeles`);
  const shift = finalLane(page).getByRole('button', { name: /^Alice Nguyen on call Mon 16 Mar 09:00/ });
  await shift.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Person on call').selectOption({ label: 'Bob Okafor' });
  await dialog.getByLabel('Start date').fill('2026-03-18');
  await dialog.getByLabel('Start time').fill('18:00');
  await dialog.getByLabel('End date').fill('2026-03-19');
  await dialog.getByLabel('End time').fill('06:00');
  await dialog.getByRole('button', { name: 'Create override' }).click();
  await expect(dialog).toHaveCount(0);

  const stored = await server.api<Schedule>('GET', `/api/v1/schedules/${schedule.id}`);
  expect(stored.body.overrides).toEqual([expect.objectContaining({ userId: bob.id, start: '2026-03-19T01:00:00.000Z', end: '2026-03-19T13:00:00.000Z' })]);
  await page.reload();
  await expect(finalLane(page).getByRole('button', { name: /^Bob Okafor on call Wed 18 Mar 18:00 – Thu 19 Mar 06:00/ })).toBeVisible();
});

test('dragging a person onto a shift creates an override for that shift, still there after a reload', async ({ page, server }) => {
  const { schedule, bob } = await arrange(server);
  await page.goto(`/schedules/${schedule.id}?range=week&at=2026-03-18&zone=America%2FLos_Angeles`);
  const chip = page.getByRole('button', { name: /^Bob Okafor: drag onto the final schedule/ });
  const target = finalLane(page).getByRole('button', { name: /^Alice Nguyen on call Mon 16 Mar 09:00/ });
  const from = (await chip.boundingBox())!;
  const to = (await target.boundingBox())!;
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 20, from.y + from.height / 2 + 10, { steps: 5 });
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 15 });
  await page.mouse.up();

  await expect.poll(async () => (await server.api<Schedule>('GET', `/api/v1/schedules/${schedule.id}`)).body.overrides.length).toBe(1);
  const stored = await server.api<Schedule>('GET', `/api/v1/schedules/${schedule.id}`);
  // Dropped on Alice's shift of 16–23 March, the override takes the shift's span.
  expect(stored.body.overrides[0]).toMatchObject({ userId: bob.id, start: '2026-03-16T16:00:00.000Z', end: '2026-03-23T16:00:00.000Z' });
  await page.reload();
  await expect(finalLane(page).getByRole('button', { name: /^Bob Okafor on call/ }).first()).toBeVisible();
});

test('a stale edit is refused with a clear message and the fresh schedule is shown', async ({ page, server }) => {
  const { schedule } = await arrange(server);
  await page.goto(`/schedules/${schedule.id}?range=week&at=2026-03-18&zone=America%2FLos_Angeles`);
  await expect(finalLane(page).getByRole('button', { name: /^Alice Nguyen on call/ }).first()).toBeVisible();
  // Someone else renames the schedule meanwhile: the page's version is now behind.
  const renamed = await server.api<Schedule>('PUT', `/api/v1/schedules/${schedule.id}`, { version: schedule.version, name: 'Payments primary' });
  expect(renamed.status).toBe(200);

  await finalLane(page).getByRole('button', { name: /^Alice Nguyen on call/ }).first().focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Person on call').selectOption({ label: 'Bob Okafor' });
  await dialog.getByRole('button', { name: 'Create override' }).click();
  await expect(page.getByText("Someone changed this schedule — you're seeing the latest; your change was not saved")).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'Payments primary' })).toBeVisible();
  const stored = await server.api<Schedule>('GET', `/api/v1/schedules/${schedule.id}`);
  expect(stored.body.overrides).toEqual([]);
});

test('at 375 px the calendar scrolls its lanes inside their box, not the page', async ({ page, server }) => {
  const { schedule } = await arrange(server);
  await page.setViewportSize({ width: 375, height: 812 });
  await page.goto(`/schedules/${schedule.id}?range=week&at=2026-03-18`);
  await expect(finalLane(page)).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

const overridesLane = (page: Page) => page.getByRole('group', { name: 'Overrides' });
const HOUR = 3_600_000;

/** Bob covers Wednesday 18 March 2026, 10:00–16:00 in Los Angeles (PDT), put there over the API. */
async function arrangeOverride(server: FirewatchServer) {
  const arranged = await arrange(server);
  const { schedule, bob } = arranged;
  const created = await server.api<Schedule>('POST', `/api/v1/schedules/${schedule.id}/overrides`, { version: schedule.version, userId: bob.id, start: '2026-03-18T17:00:00.000Z', end: '2026-03-18T23:00:00.000Z' });
  expect(created.status).toBe(201);
  return arranged;
}

async function storedOverride(server: FirewatchServer, scheduleId: string) {
  const stored = await server.api<Schedule>('GET', `/api/v1/schedules/${scheduleId}`);
  expect(stored.body.overrides).toHaveLength(1);
  return stored.body.overrides[0]!;
}

/** Presses at (x, y) and drags `dx` pixels to the right in small steps, as a hand would. */
async function dragBy(page: Page, x: number, y: number, dx: number) {
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + dx / 4, y, { steps: 4 });
  await page.mouse.move(x + dx, y, { steps: 12 });
  await page.mouse.up();
}

test('dragging an override\'s end handle to the right makes it end later, and the start stays put after a reload', async ({ page, server }) => {
  const { schedule } = await arrangeOverride(server);
  await page.goto(`/schedules/${schedule.id}?range=week&at=2026-03-18&zone=America%2FLos_Angeles`);
  const bar = overridesLane(page).getByRole('button', { name: 'Override: Bob Okafor Wed 18 Mar 10:00 – Wed 18 Mar 16:00' });
  await bar.scrollIntoViewIfNeeded();
  const box = (await bar.boundingBox())!;
  const handle = (await bar.locator('[data-drag-handle="end"]').boundingBox())!;
  // The bar spans six hours of the lane, so its width gives the lane's scale.
  const pxPerHour = box.width / 6;
  await dragBy(page, handle.x + handle.width / 2, handle.y + handle.height / 2, 4 * pxPerHour);

  await expect(page.getByRole('status').filter({ hasText: /^Saved: Bob Okafor on call/ })).toBeVisible();
  await expect.poll(async () => (await storedOverride(server, schedule.id)).end).toBe('2026-03-19T03:00:00.000Z');
  await page.reload();
  await expect(overridesLane(page).getByRole('button', { name: 'Override: Bob Okafor Wed 18 Mar 10:00 – Wed 18 Mar 20:00' })).toBeVisible();
  const saved = await storedOverride(server, schedule.id);
  expect(Date.parse(saved.end) - Date.parse('2026-03-18T23:00:00.000Z')).toBe(4 * HOUR);
  expect(saved.start).toBe('2026-03-18T17:00:00.000Z');
});

test('dragging an override by its middle moves it whole, and Undo puts it back', async ({ page, server }) => {
  const { schedule } = await arrangeOverride(server);
  await page.goto(`/schedules/${schedule.id}?range=week&at=2026-03-18&zone=America%2FLos_Angeles`);
  const bar = overridesLane(page).getByRole('button', { name: 'Override: Bob Okafor Wed 18 Mar 10:00 – Wed 18 Mar 16:00' });
  await bar.scrollIntoViewIfNeeded();
  const box = (await bar.boundingBox())!;
  const pxPerHour = box.width / 6;
  await dragBy(page, box.x + box.width / 2, box.y + box.height / 2, 3 * pxPerHour);

  const saved = page.getByRole('status').filter({ hasText: /^Saved: Bob Okafor on call/ });
  await expect(saved).toBeVisible();
  await expect.poll(async () => storedOverride(server, schedule.id)).toMatchObject({ start: '2026-03-18T20:00:00.000Z', end: '2026-03-19T02:00:00.000Z' });
  await expect(overridesLane(page).getByRole('button', { name: 'Override: Bob Okafor Wed 18 Mar 13:00 – Wed 18 Mar 19:00' })).toBeVisible();

  await saved.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Undone.' })).toBeVisible();
  expect(await storedOverride(server, schedule.id)).toMatchObject({ start: '2026-03-18T17:00:00.000Z', end: '2026-03-18T23:00:00.000Z' });
  await expect(overridesLane(page).getByRole('button', { name: 'Override: Bob Okafor Wed 18 Mar 10:00 – Wed 18 Mar 16:00' })).toBeVisible();
});

test('a calendar feed of my shifts made on the profile page serves them to calendar apps without a session, until revoked', async ({ page, server }) => {
  await arrange(server);
  // Alice is on call every other week, so her feed has shifts whatever today is.
  await signInBrowserAs(page, server, 'alice@example.com', 'correct horse battery');
  await page.goto('/profile');
  const section = page.getByRole('region', { name: 'Calendar feeds' });
  await section.getByRole('button', { name: 'Create a feed of my shifts' }).click();
  const field = section.getByLabel('Feed URL');
  await expect(field).toHaveValue(new RegExp(`^${server.url}/api/v1/feeds/[A-Za-z0-9_-]+\\.ics$`));
  const url = await field.inputValue();
  await expect(section.getByRole('link', { name: 'Open in calendar app' })).toHaveAttribute('href', url.replace(/^http:/, 'webcal:'));

  // A calendar app has no session: the secret in the URL is the only credential.
  const feed = await fetch(url);
  expect(feed.status).toBe(200);
  expect(feed.headers.get('content-type')).toContain('text/calendar');
  const body = await feed.text();
  expect(body.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
  expect(body).toContain('X-WR-CALNAME:My on-call shifts (Alice Nguyen)');
  expect(body).toContain('SUMMARY:On call (primary): Payments on-call');

  await section.getByRole('button', { name: /^Revoke My shifts on every schedule/ }).click();
  await page.getByRole('dialog', { name: 'Revoke this calendar feed?' }).getByRole('button', { name: 'Revoke feed' }).click();
  await expect(section.getByText('You have no calendar feeds.')).toBeVisible();
  expect((await fetch(url)).status).toBe(404);
});

test('a viewer subscribes to a schedule from its calendar, and the feed holds its shifts', async ({ page, server }) => {
  const { schedule } = await arrange(server);
  const invited = await server.api<{ inviteUrl: string }>('POST', '/api/v1/people', { name: 'Tess Viewer', email: 'tess@example.com', timeZone: 'Europe/Lisbon', role: 'viewer' });
  const accepted = await fetch(`${server.url}/api/v1/invites/${invited.body.inviteUrl.replace('/invite/', '')}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ password: 'correct horse battery' }) });
  expect(accepted.status).toBe(200);
  await signInBrowserAs(page, server, 'tess@example.com', 'correct horse battery');
  await page.goto(`/schedules/${schedule.id}?range=week&at=2026-03-18`);
  await expect(page.getByRole('button', { name: 'Edit layers' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Subscribe to calendar' }).click();
  const dialog = page.getByRole('dialog', { name: 'Subscribe to “Payments on-call”' });
  const url = await dialog.getByRole('textbox', { name: 'Feed URL' }).inputValue();
  await expect(dialog.getByRole('link', { name: 'Open in calendar app' })).toHaveAttribute('href', url.replace(/^http:/, 'webcal:'));
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Subscribe to calendar' })).toBeFocused();

  const feed = await fetch(url);
  expect(feed.headers.get('content-type')).toContain('text/calendar');
  const body = await feed.text();
  expect(body).toContain('BEGIN:VCALENDAR');
  expect(body).toMatch(/SUMMARY:[^\r\n]*Alice Nguyen/);
  expect(body).toMatch(/SUMMARY:[^\r\n]*Bob Okafor/);
});
