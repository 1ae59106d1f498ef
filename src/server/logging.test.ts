import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loggerOptions, redactUrl } from './logging';
import { ENGINES, alertmanagerPayload, createService, createTestApp } from './test-support/test-app';
import type { TestApp } from './test-support/test-app';

/** A stream that keeps every log line written to it, so a test reads exactly what would be logged. */
function memoryStream(): { stream: Writable; text(): string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

const secret = () => randomBytes(16).toString('hex');

describe.each(ENGINES)('request logs on %s', (engine) => {
  let t: TestApp;
  let log: ReturnType<typeof memoryStream>;
  beforeEach(async () => {
    log = memoryStream();
    t = await createTestApp(engine, { logger: loggerOptions('info', log.stream) });
  });
  afterEach(async () => t.close());

  it('writes the route shape of every secret-bearing request but never the secret, nor credentials in headers', async () => {
    const service = await createService(t);
    const token = (await t.api({ method: 'POST', url: '/api/v1/me/tokens', payload: { name: 'ci', role: 'viewer' } })).json<{ token: string }>().token;
    const feedSecret = secret();
    const inviteToken = secret();
    const ackToken = secret();
    const querySecret = secret();
    const sessionValue = t.admin.cookie.split('=')[1]!;
    const nobody = { cookie: '' };

    await t.api({ method: 'POST', url: `/api/v1/integrations/${service.key}/alertmanager`, headers: nobody, payload: alertmanagerPayload() });
    await t.api({ method: 'POST', url: `/api/v1/integrations/${service.key}/events`, headers: nobody, payload: { action: 'trigger', title: 'disk', severity: 'critical' } });
    await t.api({ method: 'POST', url: '/v2/enqueue', headers: nobody, payload: { routing_key: service.key, event_action: 'trigger', payload: { summary: 's', source: 's', severity: 'info' } } });
    await t.api({ method: 'GET', url: `/api/v1/feeds/${feedSecret}.ics`, headers: nobody });
    await t.api({ method: 'GET', url: `/api/v1/feeds/${feedSecret}.ics?token=${querySecret}`, headers: nobody });
    await t.api({ method: 'GET', url: `/api/v1/invites/${inviteToken}`, headers: nobody });
    await t.api({ method: 'POST', url: `/api/v1/invites/${inviteToken}`, headers: nobody, payload: { password: 'a long enough password' } });
    await t.api({ method: 'GET', url: `/invite/${inviteToken}`, headers: { ...nobody, accept: 'text/html' } });
    await t.api({ method: 'GET', url: `/ack/${ackToken}`, headers: nobody });
    await t.api({ method: 'GET', url: '/api/v1/services', headers: { cookie: '', authorization: `Bearer ${token}` } });
    await t.api({ method: 'GET', url: '/api/v1/services' });

    const text = log.text();
    for (const leaked of [service.key, token, feedSecret, inviteToken, ackToken, querySecret, sessionValue]) expect(text).not.toContain(leaked);
    const urls = text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { req?: { url: string } })
      .flatMap((line) => (line.req ? [line.req.url] : []));
    expect(urls).toEqual(
      expect.arrayContaining([
        '/api/v1/integrations/[redacted]/alertmanager',
        '/api/v1/integrations/[redacted]/events',
        '/v2/enqueue',
        '/api/v1/feeds/[redacted].ics',
        '/api/v1/feeds/[redacted].ics?token=[redacted]',
        '/api/v1/invites/[redacted]',
        '/invite/[redacted]',
        '/ack/[redacted]',
        '/api/v1/services',
      ]),
    );
  });
});

describe('the logger', () => {
  it('censors credential headers wherever a log line carries them', async () => {
    const log = memoryStream();
    const t = await createTestApp('sqlite', { logger: loggerOptions('info', log.stream) });
    try {
      const credentials = { authorization: `Bearer ${secret()}`, cookie: `fw_session=${secret()}`, 'set-cookie': `fw_session=${secret()}`, 'x-api-key': secret() };
      t.app.log.info({ headers: credentials }, 'headers on their own');
      t.app.log.info({ res: { headers: credentials }, upstream: { headers: credentials } }, 'headers inside objects');
      const text = log.text();
      for (const value of Object.values(credentials)) expect(text).not.toContain(value);
      expect(text).toContain('"authorization":"[redacted]"');
    } finally {
      await t.close();
    }
  });
});

describe('redactUrl', () => {
  it.each([
    ['/api/v1/integrations/abc123/alertmanager', '/api/v1/integrations/[redacted]/alertmanager'],
    ['/api/v1/feeds/abc123.ics', '/api/v1/feeds/[redacted].ics'],
    ['/api/v1/feeds/abc123', '/api/v1/feeds/[redacted]'],
    ['//api/v1/invites/abc123/', '//api/v1/invites/[redacted]/'],
    ['/invite/abc123', '/invite/[redacted]'],
    ['/api/v1/events?lastEventId=5&token=abc', '/api/v1/events?lastEventId=5&token=[redacted]'],
    ['/api/v1/me/feeds/feed-1', '/api/v1/me/feeds/[redacted]'],
  ])('shows %s as %s', (url, shown) => {
    expect(redactUrl(url)).toBe(shown);
  });
});
