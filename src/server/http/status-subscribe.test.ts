import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EffectOutcome } from '../engine/outbox-runner';
import { readChannelConfig } from '../notify/channel-config';
import { startSmtpInbox } from '../test-support/smtp-inbox';
import type { SmtpInbox } from '../test-support/smtp-inbox';
import { changeComponent, insertComponent, postPublicUpdate, publishIncident, startRecorder, waitForOutcome } from '../test-support/status-notify-fixtures';
import { ENGINES, createTestApp } from '../test-support/test-app';
import type { TestApp } from '../test-support/test-app';

const PUBLIC = 'https://status.example.test';
const form = () => ({ 'content-type': 'application/x-www-form-urlencoded', cookie: '' });
const to = (mail: { envelopeTo: string[] }, address: string) => mail.envelopeTo.some((a) => a.toLowerCase() === address.toLowerCase());
const linkIn = (text: string, path: string) => {
  const match = new RegExp(`${PUBLIC.replaceAll('.', '\\.')}(${path}\\?token=[A-Za-z0-9_-]+)`).exec(text);
  if (!match) throw new Error(`no ${path} link in ${text}`);
  return match[1]!;
};

describe.each(ENGINES)('status subscribers (%s)', (engine) => {
  let t: TestApp;
  let inbox: SmtpInbox;
  let recorder: Awaited<ReturnType<typeof startRecorder>>;
  const outcomes: EffectOutcome[] = [];
  let checkout: string;
  let search: string;

  const subscribeForm = (email: string, components?: string) =>
    t.api({ method: 'POST', url: '/status/subscribe', headers: form(), payload: new URLSearchParams({ email, ...(components ? { components } : {}) }).toString() });
  const subscribeJson = (payload: unknown) => t.api({ method: 'POST', url: '/status/subscribe', headers: { cookie: '' }, payload: payload as Record<string, unknown> });
  // A fresh manager each time: the tests move the clock past a session's idle limit.
  const summary = async () => t.api({ method: 'GET', url: '/api/v1/status/subscribers/summary', headers: { cookie: (await t.person('manager')).cookie } });
  const emailRows = async () => (await t.handle.db.selectFrom('outbox').select('id').where('kind', '=', 'status.email').execute()).length;

  beforeAll(async () => {
    inbox = await startSmtpInbox();
    recorder = await startRecorder();
    const channelConfig = readChannelConfig({ FIREWATCH_PUBLIC_URL: PUBLIC, FIREWATCH_SMTP_HOST: '127.0.0.1', FIREWATCH_SMTP_PORT: String(inbox.port), FIREWATCH_SMTP_SECURITY: 'none', FIREWATCH_SMTP_FROM: 'Status <status@example.com>' });
    // The recorder listens on loopback, which only FIREWATCH_ALLOW_PRIVATE_WEBHOOKS lets a webhook reach.
    t = await createTestApp(engine, { channelConfig, allowPrivateWebhooks: true, onEffectOutcome: (outcome) => outcomes.push(outcome) });
    checkout = await insertComponent(t, 'Checkout');
    search = await insertComponent(t, 'Search');
  });
  afterAll(async () => {
    await t.close();
    await inbox.close();
    await recorder.close();
  });

  it('confirms through the e-mailed link, sends the next update, and unsubscribes with one click', async () => {
    const answer = await subscribeForm('Reader@Example.com');
    expect(answer.statusCode).toBe(202);
    expect(answer.headers['content-type']).toContain('text/html');
    expect(answer.body).toContain('Check your inbox');
    expect(answer.headers['set-cookie']).toBeUndefined();

    const confirmation = await inbox.waitFor((m) => to(m, 'Reader@Example.com'));
    expect(confirmation.subject).toContain('Confirm');
    expect(confirmation.headers['list-unsubscribe']).toMatch(/^<https:\/\/status\.example\.test\/status\/subscriptions\/unsubscribe\?token=/);
    expect(confirmation.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    // Unconfirmed subscribers are not counted.
    expect((await summary()).json()).toEqual({ email: 0, webhook: 0 });

    // The token is stored only hashed.
    const confirmPath = linkIn(confirmation.text, '/status/subscriptions/confirm');
    const token = new URL(`${PUBLIC}${confirmPath}`).searchParams.get('token')!;
    const stored = await t.handle.db.selectFrom('status_subscribers').selectAll().execute();
    expect(JSON.stringify(stored)).not.toContain(token);
    const outbox = await t.handle.db.selectFrom('outbox').select('payload').execute();
    expect(JSON.stringify(outbox)).not.toContain(token);
    expect(JSON.stringify(outbox).toLowerCase()).not.toContain('reader@example.com');

    const confirmed = await t.api({ method: 'GET', url: confirmPath, headers: { cookie: '' } });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.body).toContain('Subscription confirmed');
    const counts = await summary();
    expect(counts.json()).toEqual({ email: 1, webhook: 0 });
    expect(counts.body.toLowerCase()).not.toContain('reader');

    const { publicIncidentId } = await publishIncident(t, { incidentId: null, title: 'Checkout errors', componentIds: [checkout], message: 'We are looking into failed payments.' });
    const first = await inbox.waitFor((m) => to(m, 'Reader@Example.com') && m.subject.includes('Checkout errors'));
    expect(first.text).toContain('We are looking into failed payments.');
    await postPublicUpdate(t, { incidentId: null, publicIncidentId, phase: 'identified', message: 'A bad deploy; rolling back.' });
    const next = await inbox.waitFor((m) => to(m, 'Reader@Example.com') && m.text.includes('rolling back'));
    expect(next.subject).toContain('Identified');
    const leave = next.headers['list-unsubscribe']!.slice(1, -1).slice(PUBLIC.length);

    // Reading the link (a mail scanner) unsubscribes nobody; it shows a button.
    const view = await t.api({ method: 'GET', url: leave, headers: { cookie: '' } });
    expect(view.statusCode).toBe(200);
    expect(view.body).toContain('<form method="post"');
    expect((await summary()).json()).toEqual({ email: 1, webhook: 0 });

    // RFC 8058: the mail client POSTs List-Unsubscribe=One-Click to the header's URL.
    const oneClick = await t.api({ method: 'POST', url: leave, headers: form(), payload: 'List-Unsubscribe=One-Click' });
    expect(oneClick.statusCode).toBe(200);
    expect(oneClick.body).toContain('Unsubscribed');
    expect((await summary()).json()).toEqual({ email: 0, webhook: 0 });
    expect(await t.handle.db.selectFrom('status_subscribers').selectAll().execute()).toEqual([]);
    const before = await emailRows();
    await postPublicUpdate(t, { incidentId: null, publicIncidentId, phase: 'resolved', message: 'Fixed.' });
    expect(await emailRows()).toBe(before);
    expect((await t.api({ method: 'POST', url: leave, headers: form(), payload: 'List-Unsubscribe=One-Click' })).statusCode).toBe(404);
  });

  it('answers a repeated subscription the same way and re-sends the confirmation at most once an hour', async () => {
    const count = () => inbox.messages.filter((m) => to(m, 'twice@example.com')).length;
    expect((await subscribeJson({ email: 'twice@example.com' })).statusCode).toBe(202);
    await inbox.waitFor((m) => to(m, 'twice@example.com'));
    const again = await subscribeJson({ email: 'twice@example.com' });
    expect(again.statusCode).toBe(202);
    expect(again.json()).toEqual((await subscribeJson({ email: 'never-seen@example.com' })).json());
    await inbox.waitFor((m) => to(m, 'never-seen@example.com'));
    expect(count()).toBe(1);
    t.clock.advance(3_600_000);
    expect((await subscribeJson({ email: 'twice@example.com' })).statusCode).toBe(202);
    await inbox.waitFor((m) => to(m, 'twice@example.com') && inbox.messages.filter((x) => to(x, 'twice@example.com')).length === 2);
    expect(count()).toBe(2);
  });

  it('answers unknown and expired links with a page, never a 500', async () => {
    expect((await t.api({ method: 'GET', url: '/status/subscriptions/confirm?token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', headers: { cookie: '' } })).statusCode).toBe(404);
    expect((await t.api({ method: 'GET', url: '/status/subscriptions/confirm', headers: { cookie: '' } })).statusCode).toBe(404);
    expect((await t.api({ method: 'GET', url: '/status/subscriptions/unsubscribe?token=x', headers: { cookie: '' } })).statusCode).toBe(404);
    await subscribeJson({ email: 'late@example.com' });
    const mail = await inbox.waitFor((m) => to(m, 'late@example.com'));
    t.clock.advance(49 * 3_600_000);
    const expired = await t.api({ method: 'GET', url: linkIn(mail.text, '/status/subscriptions/confirm'), headers: { cookie: '' } });
    expect(expired.statusCode).toBe(410);
    expect(expired.headers['content-type']).toContain('text/html');
  });

  it('sends webhook subscribers Statuspage-shaped payloads, only for their components', async () => {
    expect((await subscribeJson({ webhook: recorder.url('/all') })).statusCode).toBe(202);
    expect((await subscribeJson({ webhook: recorder.url('/search-only'), componentIds: [search] })).statusCode).toBe(202);
    const counted = await summary();
    expect(counted.json(), counted.body).toMatchObject({ webhook: 2 });

    const { publicIncidentId } = await publishIncident(t, { incidentId: null, title: 'Slow checkout', componentIds: [checkout], message: 'Checkout is slow.' });
    const [hit] = await recorder.waitFor('/all');
    const body = hit!.body as { meta: { unsubscribe: string; documentation: string }; page: Record<string, string>; incident: Record<string, unknown> };
    expect(body.meta.unsubscribe).toMatch(/^https:\/\/status\.example\.test\/status\/subscriptions\/unsubscribe\?token=/);
    expect(body.page).toEqual({ id: 'firewatch', status_indicator: 'major', status_description: expect.any(String) });
    expect(body.incident).toMatchObject({ id: publicIncidentId, name: 'Slow checkout', status: 'investigating', impact: 'major', shortlink: `${PUBLIC}/status/incidents/${publicIncidentId}` });
    expect(body.incident['incident_updates']).toEqual([expect.objectContaining({ status: 'investigating', body: 'Checkout is slow.', incident_id: publicIncidentId })]);
    expect(body.incident['components']).toEqual([expect.objectContaining({ id: checkout, name: 'Checkout' })]);

    await changeComponent(t, search, 'Search', 'operational', 'degraded_performance');
    const hits = await recorder.waitFor('/search-only');
    expect(hits[0]!.body).toMatchObject({ component_update: { component_id: search, old_status: 'operational', new_status: 'degraded_performance' }, component: { id: search, name: 'Search', status: 'degraded_performance' } });
    await recorder.waitFor('/all', 2);
    // The incident on Checkout went to neither the Search subscriber nor anywhere else.
    expect(recorder.requests.filter((r) => r.path === '/search-only')).toHaveLength(1);
    await waitForOutcome(outcomes, (o) => o.kind === 'status.webhook' && o.result === 'sent');
  });

  it('refuses bad input with 400 naming the field, and stores nothing', async () => {
    const bad = await subscribeJson({ email: 'not-an-address' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toEqual([expect.objectContaining({ field: 'email' })]);
    const badForm = await subscribeForm('nope');
    expect(badForm.statusCode).toBe(400);
    expect(badForm.body).toContain('email');
    expect((await subscribeJson({ webhook: 'ftp://example.com/hook' })).json().error.fields).toEqual([expect.objectContaining({ field: 'webhook' })]);
    expect((await subscribeJson({ email: 'x@example.com', componentIds: ['nope'] })).json().error.fields).toEqual([expect.objectContaining({ field: 'componentIds' })]);
    const rows = await t.handle.db.selectFrom('status_subscribers').select('address_key').execute();
    expect(rows.map((r) => r.address_key)).not.toContain('x@example.com');
  });

  it('answers a flood from one client with 429 and Retry-After', async () => {
    t.clock.advance(3_600_000);
    let last = await subscribeForm('flood-0@example.com');
    for (let i = 1; i < 12 && last.statusCode !== 429; i += 1) last = await subscribeForm(`flood-${i}@example.com`);
    expect(last.statusCode).toBe(429);
    expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
    expect(last.body).toContain('Too many');
    const json = await subscribeJson({ email: 'flood-json@example.com' });
    expect(json.statusCode).toBe(429);
    expect(json.json().error.code).toBe('rate_limited');
  });
});

describe.each(ENGINES)('status subscribers without private webhooks (%s)', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine);
  });
  afterAll(() => t.close());

  it('refuses loopback, private and link-local webhook addresses', async () => {
    for (const webhook of ['http://127.0.0.1:9/hook', 'http://localhost/hook', 'http://169.254.169.254/latest', 'http://10.0.0.1/x']) {
      const answer = await t.api({ method: 'POST', url: '/status/subscribe', headers: { cookie: '' }, payload: { webhook } });
      expect(answer.statusCode, webhook).toBe(400);
      expect(answer.json().error.fields).toEqual([expect.objectContaining({ field: 'webhook' })]);
    }
    expect(await t.handle.db.selectFrom('status_subscribers').selectAll().execute()).toEqual([]);
  });
});
