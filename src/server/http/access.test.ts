import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ENGINES, countRows, createService, createTestApp } from '../test-support/test-app';
import type { TestApp } from '../test-support/test-app';
import { SseClient } from '../test-support/sse-client';
import { TEST_TLS_CERT, TEST_TLS_KEY } from '../test-support/test-tls';
import { DEFAULT_LOGIN_THROTTLE } from '../services/login-throttle';
import { hashSecret, newSecret } from '../services/access-service';
import { accessRepository } from '../repositories/access-repository';

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

  const ADDRESS_X = '203.0.113.7';
  const ADDRESS_Y = '198.51.100.20';
  const signInFrom = (remoteAddress: string, email: string, password: string) =>
    t.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email, password }, remoteAddress });

  it('never lets guesses from one address lock the owner out from another, nor other accounts behind that address', async () => {
    await withPassword('dana@example.com', 'responder');
    await withPassword('erin@example.com', 'viewer');
    for (let i = 0; i < 10; i++) {
      t.clock.advance(60_000);
      expect((await signInFrom(ADDRESS_X, 'dana@example.com', `guess number ${i}`)).statusCode).toBe(401);
    }
    // The pair (Dana, X) now owes a back-off: even the right password waits, and is told how long.
    const heldBack = await signInFrom(ADDRESS_X, 'dana@example.com', 'correct horse battery');
    expect(heldBack.statusCode).toBe(429);
    expect(heldBack.json()).toMatchObject({ error: { code: 'too_many_attempts' } });
    const wait = Number(heldBack.headers['retry-after']);
    expect(wait).toBeGreaterThan(0);
    expect((await signInFrom(ADDRESS_Y, 'dana@example.com', 'correct horse battery')).statusCode).toBe(200);
    expect((await signInFrom(ADDRESS_X, 'erin@example.com', 'correct horse battery')).statusCode).toBe(200);
    t.clock.advance(wait * 1000);
    expect((await signInFrom(ADDRESS_X, 'dana@example.com', 'correct horse battery')).statusCode).toBe(200);
    // Success starts the pair over: the next mistakes are free again.
    expect((await signInFrom(ADDRESS_X, 'dana@example.com', 'one typo')).statusCode).toBe(401);
    expect((await signInFrom(ADDRESS_X, 'dana@example.com', 'two typos')).statusCode).toBe(401);
  }, 60_000);

  it('makes each further guess of one account from one address wait twice as long', async () => {
    await withPassword('dana@example.com', 'responder');
    for (let i = 0; i < DEFAULT_LOGIN_THROTTLE.freeFailures; i++) expect((await signInFrom(ADDRESS_X, 'dana@example.com', `free guess ${i}`)).statusCode).toBe(401);
    const waits: number[] = [];
    for (let i = 0; i < 4; i++) {
      expect((await signInFrom(ADDRESS_X, 'dana@example.com', `slow guess ${i}`)).statusCode).toBe(401);
      const early = await signInFrom(ADDRESS_X, 'dana@example.com', 'correct horse battery');
      expect(early.statusCode).toBe(429);
      waits.push(Number(early.headers['retry-after']));
      // One second short of the wait is still too early.
      t.clock.advance(waits.at(-1)! * 1000 - 1000);
      if (waits.at(-1)! > 1) expect((await signInFrom(ADDRESS_X, 'dana@example.com', 'correct horse battery')).statusCode).toBe(429);
      t.clock.advance(1000);
    }
    expect(waits).toEqual([1, 2, 4, 8]);
    expect((await signInFrom(ADDRESS_X, 'dana@example.com', 'correct horse battery')).statusCode).toBe(200);
  }, 60_000);

  it('caps failed sign-ins per address generously, across accounts, for that address only', async () => {
    await withPassword('dana@example.com', 'responder');
    const limit = DEFAULT_LOGIN_THROTTLE.addressLimit;
    // Spread over many accounts, each under its pair's free failures: only the address cap applies.
    const perAccount = DEFAULT_LOGIN_THROTTLE.freeFailures - 1;
    for (let sent = 0; sent < limit; sent += 10) {
      const batch = Array.from({ length: 10 }, (_, i) => signInFrom(ADDRESS_X, `person-${Math.floor((sent + i) / perAccount)}@example.com`, 'a guess'));
      expect((await Promise.all(batch)).map((r) => r.statusCode)).toEqual(Array(10).fill(401));
    }
    const capped = await signInFrom(ADDRESS_X, 'dana@example.com', 'correct horse battery');
    expect(capped.statusCode).toBe(429);
    expect(Number(capped.headers['retry-after'])).toBeGreaterThan(0);
    expect((await signInFrom(ADDRESS_Y, 'dana@example.com', 'correct horse battery')).statusCode).toBe(200);
    t.clock.advance(DEFAULT_LOGIN_THROTTLE.addressWindowMs);
    expect((await signInFrom(ADDRESS_X, 'dana@example.com', 'correct horse battery')).statusCode).toBe(200);
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

  const invitePath = (link: string) => `/api/v1${link.replace('/invite/', '/invites/')}`;
  const passwordOf = async (id: string) => (await t.handle.db.selectFrom('users').select('password_hash').where('id', '=', id).executeTakeFirstOrThrow()).password_hash;

  it('lets an invitation link be used once', async () => {
    const { link } = await withPassword('dana@example.com', 'viewer');
    expect((await t.api({ method: 'GET', url: invitePath(link), headers: { cookie: '' } })).statusCode).toBe(404);
    const again = await t.api({ method: 'POST', url: invitePath(link), payload: { password: 'another long password' }, headers: { cookie: '' } });
    expect(again.statusCode).toBe(404);
    expect(again.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  it('kills every earlier invitation link when a person is invited again, so a superseded link cannot take the account over', async () => {
    const invited = await t.api({ method: 'POST', url: '/api/v1/people', payload: { name: 'Dana', email: 'dana@example.com', timeZone: 'UTC', role: 'responder' } });
    const { person, inviteUrl: first } = invited.json<{ person: { id: string }; inviteUrl: string }>();
    const second = (await t.api({ method: 'POST', url: `/api/v1/people/${person.id}/invite` })).json<{ inviteUrl: string }>().inviteUrl;
    expect((await t.api({ method: 'GET', url: invitePath(first), headers: { cookie: '' } })).statusCode).toBe(404);
    expect((await t.api({ method: 'GET', url: invitePath(second), headers: { cookie: '' } })).json()).toEqual({ name: 'Dana', email: 'dana@example.com' });
    expect((await t.api({ method: 'POST', url: invitePath(second), payload: { password: 'dana chose this one' }, headers: { cookie: '' } })).statusCode).toBe(200);
    const chosen = await passwordOf(person.id);

    const read = await t.api({ method: 'GET', url: invitePath(first), headers: { cookie: '' } });
    expect(read.statusCode).toBe(404);
    expect(read.json()).toMatchObject({ error: { code: 'not_found' } });
    const takeover = await t.api({ method: 'POST', url: invitePath(first), payload: { password: 'the holder of the old link' }, headers: { cookie: '' } });
    expect(takeover.statusCode).toBe(404);
    expect(takeover.headers['set-cookie']).toBeUndefined();
    expect(await passwordOf(person.id)).toBe(chosen);
    expect((await signIn('dana@example.com', 'the holder of the old link')).statusCode).toBe(401);
    expect((await signIn('dana@example.com', 'dana chose this one')).statusCode).toBe(200);
  });

  it('kills any link of a person who has a password, and makes no new one for them', async () => {
    const { id } = await withPassword('dana@example.com', 'responder');
    const chosen = await passwordOf(id);
    // A link left from before the password was set (as older versions kept them).
    const leftover = newSecret();
    const at = t.clock.now();
    await accessRepository.insertInvite(t.handle.db, { token_hash: hashSecret(leftover), user_id: id, created_at: at, expires_at: at + 86_400_000, used_at: null });
    expect((await t.api({ method: 'GET', url: `/api/v1/invites/${leftover}`, headers: { cookie: '' } })).statusCode).toBe(404);
    expect((await t.api({ method: 'POST', url: `/api/v1/invites/${leftover}`, payload: { password: 'the holder of the old link' }, headers: { cookie: '' } })).statusCode).toBe(404);
    expect(await passwordOf(id)).toBe(chosen);
    const reinvite = await t.api({ method: 'POST', url: `/api/v1/people/${id}/invite` });
    expect(reinvite.statusCode).toBe(409);
    expect(reinvite.json()).toMatchObject({ error: { code: 'conflict', message: expect.stringContaining('already set a password') } });
    const links = await t.handle.db.selectFrom('invites').select('token_hash').where('user_id', '=', id).execute();
    expect(links.map((l) => l.token_hash)).toEqual([hashSecret(leftover)]);
  });

  it('ends the other sessions and live streams of a person who sets a password through an invitation', async () => {
    // A person stored with a session but no password yet (as the test app makes them).
    const viewer = await t.person('viewer');
    const link = (await t.api({ method: 'POST', url: `/api/v1/people/${viewer.id}/invite` })).json<{ inviteUrl: string }>().inviteUrl;
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const stream = await SseClient.connect(`http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/api/v1/events`, { cookie: viewer.cookie });
    await stream.waitFor((c) => c.messages.some((m) => m.event === 'ready'));
    const accepted = await t.api({ method: 'POST', url: invitePath(link), payload: { password: 'a password at last' }, headers: { cookie: '' } });
    expect(accepted.statusCode).toBe(200);
    await stream.waitFor((c) => c.ended, 3000);
    expect((await t.api({ method: 'GET', url: '/api/v1/session', headers: { cookie: viewer.cookie } })).statusCode).toBe(401);
    expect((await t.api({ method: 'GET', url: '/api/v1/session', headers: { cookie: cookieOf(accepted.headers['set-cookie']) } })).statusCode).toBe(200);
  });

  it('treats a cookie that cannot be decoded as no session, on public, signed-in and mutating routes', async () => {
    const malformed = { cookie: 'fw_session=%E0%A4%A' };
    const setup = await t.api({ method: 'GET', url: '/api/v1/setup', headers: malformed });
    expect(setup.statusCode).toBe(200);
    const read = await t.api({ method: 'GET', url: '/api/v1/incidents', headers: malformed });
    expect(read.statusCode).toBe(401);
    expect(read.json()).toMatchObject({ error: { code: 'unauthenticated' } });
    const mutation = await t.api({ method: 'POST', url: '/api/v1/incidents', payload: { title: 'x', severity: 'P3' }, headers: malformed });
    expect(mutation.statusCode).toBe(401);
    expect(mutation.json()).toMatchObject({ error: { code: 'unauthenticated' } });
    const missing = await t.api({ method: 'GET', url: '/api/v1/nothing-here', headers: malformed });
    expect(missing.statusCode).toBe(404);
    // A broken cookie of someone else's next to a good session does not sign the person out.
    const beside = await t.api({ method: 'GET', url: '/api/v1/session', headers: { cookie: `tracker=%E0%A4%A; ${t.admin.cookie}` } });
    expect(beside.statusCode).toBe(200);
    await withPassword('dana@example.com', 'responder');
    expect((await signIn('dana@example.com', 'correct horse battery', malformed)).statusCode).toBe(200);
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

  it('sends HSTS over HTTPS through a trusted proxy, never on plain HTTP nor for an untrusted X-Forwarded-Proto', async () => {
    const forwardedHttps = { 'x-forwarded-proto': 'https' };
    expect((await t.api({ method: 'GET', url: '/api/v1/incidents' })).headers['strict-transport-security']).toBeUndefined();
    // Without trustProxy anyone can send the header: it must not pin the site to HTTPS.
    expect((await t.api({ method: 'GET', url: '/api/v1/incidents', headers: forwardedHttps })).headers['strict-transport-security']).toBeUndefined();
    const proxied = await createTestApp(engine, { trustProxy: true });
    try {
      for (const response of [
        await proxied.api({ method: 'GET', url: '/api/v1/incidents', headers: forwardedHttps }),
        await proxied.api({ method: 'GET', url: '/api/v1/nothing', headers: forwardedHttps }),
        await proxied.api({ method: 'GET', url: '/api/v1/incidents', headers: { ...forwardedHttps, cookie: '' } }),
      ]) {
        expect(response.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
      }
      expect((await proxied.api({ method: 'GET', url: '/api/v1/incidents', headers: { 'x-forwarded-proto': 'http' } })).headers['strict-transport-security']).toBeUndefined();
      expect((await proxied.api({ method: 'GET', url: '/api/v1/incidents' })).headers['strict-transport-security']).toBeUndefined();
      await proxied.app.listen({ port: 0, host: '127.0.0.1' });
      const controller = new AbortController();
      const stream = await fetch(`http://127.0.0.1:${(proxied.app.server.address() as AddressInfo).port}/api/v1/events`, { headers: { cookie: proxied.admin.cookie, ...forwardedHttps }, signal: controller.signal });
      expect(stream.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
      controller.abort();
    } finally {
      await proxied.close();
    }
  });

  it('sends HSTS when the request reached the app itself over HTTPS', async () => {
    const tls = https.createServer({ key: TEST_TLS_KEY, cert: TEST_TLS_CERT }, (request, response) => t.app.routing(request, response));
    await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
    try {
      const port = (tls.address() as AddressInfo).port;
      const hsts = await new Promise<string | string[] | undefined>((resolve, reject) => {
        https
          .get({ host: '127.0.0.1', port, path: '/api/v1/incidents', ca: TEST_TLS_CERT, headers: { cookie: t.admin.cookie } }, (response) => {
            response.resume();
            resolve(response.headers['strict-transport-security']);
          })
          .on('error', reject);
      });
      expect(hsts).toBe('max-age=31536000; includeSubDomains');
    } finally {
      await new Promise((resolve) => tls.close(resolve));
    }
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
