import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ENGINES, countRows, createService, createTestApp } from '../test-support/test-app';
import type { TestApp } from '../test-support/test-app';
import { SseClient } from '../test-support/sse-client';

const cookieOf = (setCookie: string | string[] | undefined) => {
  const header = [setCookie ?? []].flat()[0] ?? '';
  return header.split(';')[0]!;
};

describe.each(ENGINES)('sign-in, sessions and API tokens on %s', (engine) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(engine);
  });
  afterEach(async () => t.close());

  /** Invites a person as the admin and accepts the invitation with a password. */
  const withPassword = async (email: string, role: 'viewer' | 'responder' | 'manager' | 'admin', password = 'correct horse battery') => {
    const invited = await t.api({ method: 'POST', url: '/api/v1/people', payload: { name: email.split('@')[0], email, timeZone: 'America/Los_Angeles', role } });
    expect(invited.statusCode).toBe(201);
    const link = invited.json<{ inviteUrl: string }>().inviteUrl;
    const accepted = await t.api({ method: 'POST', url: `/api/v1${link.replace('/invite/', '/invites/')}`, payload: { password }, headers: { cookie: '' } });
    expect(accepted.statusCode).toBe(200);
    return { id: accepted.json<{ user: { id: string } }>().user.id, link };
  };
  const signIn = (email: string, password: string, headers: Record<string, string> = {}) =>
    t.api({ method: 'POST', url: '/api/v1/session', payload: { email, password }, headers: { cookie: '', ...headers } });

  it('signs in with e-mail and password, setting an HttpOnly SameSite=Lax cookie (Secure only over HTTPS)', async () => {
    await withPassword('dana@example.com', 'responder');
    const response = await signIn('Dana@Example.com', 'correct horse battery');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ user: { email: 'dana@example.com', role: 'responder' } });
    const setCookie = String(response.headers['set-cookie']);
    expect(setCookie).toMatch(/^fw_session=[A-Za-z0-9_-]{43};/);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Lax');
    expect(setCookie).not.toContain('Secure');
    const me = await t.api({ method: 'GET', url: '/api/v1/session', headers: { cookie: cookieOf(response.headers['set-cookie']) } });
    expect(me.json()).toMatchObject({ user: { email: 'dana@example.com' } });
  });

  it('marks the cookie Secure behind an HTTPS proxy it trusts', async () => {
    const proxied = await createTestApp(engine, { trustProxy: true });
    try {
      const invited = await proxied.api({ method: 'POST', url: '/api/v1/people', payload: { name: 'Eve', email: 'eve@example.com', timeZone: 'UTC', role: 'viewer' } });
      const link = invited.json<{ inviteUrl: string }>().inviteUrl;
      const accepted = await proxied.api({ method: 'POST', url: `/api/v1${link.replace('/invite/', '/invites/')}`, payload: { password: 'correct horse battery' }, headers: { cookie: '', 'x-forwarded-proto': 'https' } });
      expect(String(accepted.headers['set-cookie'])).toContain('Secure');
    } finally {
      await proxied.close();
    }
  });

  it('gives the same answer for an unknown e-mail and a wrong password', async () => {
    await withPassword('dana@example.com', 'responder');
    const unknown = await signIn('nobody@example.com', 'whatever it is');
    const wrong = await signIn('dana@example.com', 'wrong password!');
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.json()).toEqual(wrong.json());
    expect(unknown.headers['set-cookie']).toBeUndefined();
  });

  it('slows down and then refuses (429 with Retry-After) repeated failures for one account', async () => {
    await withPassword('dana@example.com', 'responder');
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await signIn('dana@example.com', `guess number ${i}`, { 'x-forwarded-for': `10.0.0.${i}` })).statusCode);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    const refused = await signIn('dana@example.com', 'correct horse battery');
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // After the window the right password works again.
    t.clock.advance(16 * 60_000);
    expect((await signIn('dana@example.com', 'correct horse battery')).statusCode).toBe(200);
  }, 60_000);

  it('does not accept a session cookie planted before sign-in', async () => {
    await withPassword('dana@example.com', 'responder');
    const planted = 'fw_session=planted-by-an-attacker-0000000000000000000000';
    const response = await signIn('dana@example.com', 'correct horse battery', { cookie: planted });
    expect(cookieOf(response.headers['set-cookie'])).not.toBe(planted);
    expect((await t.api({ method: 'GET', url: '/api/v1/session', headers: { cookie: planted } })).statusCode).toBe(401);
  });

  it('revokes the session at sign-out and ends its live stream', async () => {
    await withPassword('dana@example.com', 'responder');
    const cookie = cookieOf((await signIn('dana@example.com', 'correct horse battery')).headers['set-cookie']);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const stream = await SseClient.connect(`http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/api/v1/events`, { cookie });
    await stream.waitFor((c) => c.messages.some((m) => m.event === 'ready'));
    expect((await t.api({ method: 'DELETE', url: '/api/v1/session', headers: { cookie } })).statusCode).toBe(204);
    await stream.waitFor((c) => c.ended, 3000);
    expect((await t.api({ method: 'GET', url: '/api/v1/incidents', headers: { cookie } })).statusCode).toBe(401);
  });

  it('revokes every other session on a password change and keeps this browser signed in with a new cookie', async () => {
    await withPassword('dana@example.com', 'responder');
    const laptop = cookieOf((await signIn('dana@example.com', 'correct horse battery')).headers['set-cookie']);
    const phone = cookieOf((await signIn('dana@example.com', 'correct horse battery')).headers['set-cookie']);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const phoneStream = await SseClient.connect(`http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/api/v1/events`, { cookie: phone });
    await phoneStream.waitFor((c) => c.messages.some((m) => m.event === 'ready'));
    const wrong = await t.api({ method: 'POST', url: '/api/v1/me/password', payload: { currentPassword: 'not it', newPassword: 'a brand new passphrase' }, headers: { cookie: laptop } });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toMatchObject({ error: { fields: [{ field: 'currentPassword' }] } });
    const changed = await t.api({ method: 'POST', url: '/api/v1/me/password', payload: { currentPassword: 'correct horse battery', newPassword: 'a brand new passphrase' }, headers: { cookie: laptop } });
    expect(changed.statusCode).toBe(204);
    const renewed = cookieOf(changed.headers['set-cookie']);
    await phoneStream.waitFor((c) => c.ended, 3000);
    expect((await t.api({ method: 'GET', url: '/api/v1/session', headers: { cookie: phone } })).statusCode).toBe(401);
    expect((await t.api({ method: 'GET', url: '/api/v1/session', headers: { cookie: laptop } })).statusCode).toBe(401);
    expect((await t.api({ method: 'GET', url: '/api/v1/session', headers: { cookie: renewed } })).statusCode).toBe(200);
    expect((await signIn('dana@example.com', 'a brand new passphrase')).statusCode).toBe(200);
  });

  it('expires a session after 12 idle hours', async () => {
    const viewer = await t.person('viewer');
    t.clock.advance(11 * 3_600_000);
    expect((await t.api({ method: 'GET', url: '/api/v1/incidents', headers: { cookie: viewer.cookie } })).statusCode).toBe(200);
    t.clock.advance(13 * 3_600_000);
    expect((await t.api({ method: 'GET', url: '/api/v1/incidents', headers: { cookie: viewer.cookie } })).statusCode).toBe(401);
  });

  it('issues API tokens shown once, capped at the owner\'s role, revocable, used as Bearer', async () => {
    const responder = await t.person('responder');
    const tooHigh = await t.api({ method: 'POST', url: '/api/v1/me/tokens', payload: { name: 'ci', role: 'admin' }, headers: { cookie: responder.cookie } });
    expect(tooHigh.statusCode).toBe(403);
    expect(tooHigh.json()).toMatchObject({ error: { fields: [{ field: 'role' }] } });
    const created = await t.api({ method: 'POST', url: '/api/v1/me/tokens', payload: { name: 'status bot', role: 'viewer' }, headers: { cookie: responder.cookie } });
    expect(created.statusCode).toBe(201);
    const { token, id } = created.json<{ token: string; id: string }>();
    expect(token).toMatch(/^fwt_/);
    const listed = await t.api({ method: 'GET', url: '/api/v1/me/tokens', headers: { cookie: responder.cookie } });
    expect(JSON.stringify(listed.json())).not.toContain(token);
    const bearer = { authorization: `Bearer ${token}`, cookie: '' };
    expect((await t.api({ method: 'GET', url: '/api/v1/incidents', headers: bearer })).statusCode).toBe(200);
    // A viewer token cannot act, even though its owner could.
    const service = await createService(t);
    const incident = (await t.api({ method: 'POST', url: '/api/v1/incidents', payload: { title: 'x', severity: 'P3', serviceId: service.id } })).json<{ id: string }>();
    expect((await t.api({ method: 'POST', url: `/api/v1/incidents/${incident.id}/acknowledge`, headers: bearer })).statusCode).toBe(403);
    expect((await t.api({ method: 'DELETE', url: `/api/v1/me/tokens/${id}`, headers: { cookie: responder.cookie } })).statusCode).toBe(204);
    expect((await t.api({ method: 'GET', url: '/api/v1/incidents', headers: bearer })).statusCode).toBe(401);
  });

  it('creates the first admin once, from the first-run screen or the environment', async () => {
    const fresh = await createTestApp(engine);
    try {
      await fresh.handle.db.deleteFrom('sessions').execute();
      await fresh.handle.db.deleteFrom('team_members').execute();
      await fresh.handle.db.deleteFrom('users').execute();
      expect((await fresh.api({ method: 'GET', url: '/api/v1/setup', headers: { cookie: '' } })).json()).toMatchObject({ needsAdmin: true });
      const badZone = await fresh.api({ method: 'POST', url: '/api/v1/setup/admin', payload: { name: 'Ops', email: 'ops@example.com', timeZone: 'UTC+2', password: 'long enough password' }, headers: { cookie: '' } });
      expect(badZone.statusCode).toBe(400);
      expect(badZone.json()).toMatchObject({ error: { fields: [{ field: 'timeZone' }] } });
      const short = await fresh.api({ method: 'POST', url: '/api/v1/setup/admin', payload: { name: 'Ops', email: 'ops@example.com', timeZone: 'Europe/Berlin', password: 'short' }, headers: { cookie: '' } });
      expect(short.json()).toMatchObject({ error: { fields: [{ field: 'password' }] } });
      expect(await fresh.app.accessService.ensureAdminFromEnvironment('root@example.com', 'from the environment')).toBe(true);
      const second = await fresh.api({ method: 'POST', url: '/api/v1/setup/admin', payload: { name: 'Ops', email: 'ops@example.com', timeZone: 'Europe/Berlin', password: 'long enough password' }, headers: { cookie: '' } });
      expect(second.statusCode).toBe(409);
      expect(await fresh.app.accessService.ensureAdminFromEnvironment('other@example.com', 'from the environment')).toBe(false);
      const signedIn = await fresh.api({ method: 'POST', url: '/api/v1/session', payload: { email: 'root@example.com', password: 'from the environment' }, headers: { cookie: '' } });
      expect(signedIn.json()).toMatchObject({ user: { role: 'admin' } });
    } finally {
      await fresh.close();
    }
  });

  it('lets an invitation link be used once', async () => {
    const { link } = await withPassword('dana@example.com', 'viewer');
    const again = await t.api({ method: 'POST', url: `/api/v1${link.replace('/invite/', '/invites/')}`, payload: { password: 'another long password' }, headers: { cookie: '' } });
    expect(again.statusCode).toBe(404);
  });
});

describe.each(ENGINES)('cross-site requests and security headers on %s', (engine) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(engine);
  });
  afterEach(async () => t.close());

  it('refuses a cross-site form POST and changes nothing', async () => {
    const service = await createService(t);
    const incident = (await t.api({ method: 'POST', url: '/api/v1/incidents', payload: { title: 'x', severity: 'P3', serviceId: service.id } })).json<{ id: string }>();
    const before = await countRows(t.handle);
    const form = await t.api({
      method: 'POST',
      url: `/api/v1/incidents/${incident.id}/resolve`,
      payload: 'confirm=yes',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example', 'sec-fetch-site': 'cross-site', host: 'firewatch.example' },
    });
    expect(form.statusCode).toBe(403);
    const noBody = await t.api({ method: 'POST', url: `/api/v1/incidents/${incident.id}/resolve`, headers: { origin: 'https://evil.example', host: 'firewatch.example' } });
    expect(noBody.statusCode).toBe(403);
    const textPlain = await t.api({ method: 'POST', url: `/api/v1/incidents/${incident.id}/resolve`, payload: '{}', headers: { 'content-type': 'text/plain', host: 'firewatch.example' } });
    expect(textPlain.statusCode).toBe(415);
    expect(await countRows(t.handle)).toEqual(before);
    expect((await t.api({ method: 'GET', url: `/api/v1/incidents/${incident.id}` })).json()).toMatchObject({ state: 'triggered' });
    const sameOrigin = await t.api({ method: 'POST', url: `/api/v1/incidents/${incident.id}/resolve`, payload: {}, headers: { origin: 'http://firewatch.example', host: 'firewatch.example', 'sec-fetch-site': 'same-origin' } });
    expect(sameOrigin.statusCode).toBe(200);
  });

  it('sends CSP, nosniff, frame-ancestors and a strict referrer policy on pages, errors and the stream', async () => {
    const check = (headers: Record<string, unknown>) => {
      expect(String(headers['content-security-policy'])).toContain("frame-ancestors 'none'");
      expect(String(headers['content-security-policy'])).toContain("script-src 'self'");
      expect(String(headers['content-security-policy'])).not.toContain('unsafe-inline');
      expect(headers['x-content-type-options']).toBe('nosniff');
      expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    };
    check((await t.api({ method: 'GET', url: '/api/v1/incidents' })).headers);
    check((await t.api({ method: 'GET', url: '/api/v1/nothing' })).headers);
    check((await t.api({ method: 'GET', url: '/api/v1/incidents', headers: { cookie: '' } })).headers);
    check((await t.api({ method: 'POST', url: '/api/v1/services', payload: {} })).headers);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const controller = new AbortController();
    const stream = await fetch(`http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/api/v1/events`, { headers: { cookie: t.admin.cookie }, signal: controller.signal });
    check(Object.fromEntries(stream.headers.entries()));
    controller.abort();
  });
});
