import { afterEach, describe, expect, it } from 'vitest';
import { ENGINES } from '../test-support/test-app';
import type { PagingWorld, WorldPerson } from '../test-support/paging-world';
import { createPagingWorld } from '../test-support/paging-world';

type Profile = { contactMethods: Array<{ id: string; kind: string; verified: boolean }> };

describe.each(ENGINES)('contact method verification on %s', (engine) => {
  let w: PagingWorld | undefined;
  afterEach(async () => {
    await w?.close();
    w = undefined;
  });

  const start = (world: PagingWorld, person: WorldPerson, methodId: string) =>
    world.api({ method: 'POST', url: `/api/v1/me/contact-methods/${methodId}/verification`, headers: { cookie: person.cookie } });
  const verify = (world: PagingWorld, person: WorldPerson, methodId: string, payload: unknown) =>
    world.api({ method: 'POST', url: `/api/v1/me/contact-methods/${methodId}/verify`, headers: { cookie: person.cookie }, payload: payload as object });
  const verified = async (world: PagingWorld, person: WorldPerson, kind: string) =>
    (await world.api({ method: 'GET', url: '/api/v1/me', headers: { cookie: person.cookie } })).json<Profile>().contactMethods.find((m) => m.kind === kind)?.verified;
  const fields = (response: { json<T>(): T }) => response.json<{ error: { fields?: Array<{ field: string }> } }>().error.fields?.map((f) => f.field) ?? [];
  const pending = (world: PagingWorld, methodId: string) => world.handle.db.selectFrom('contact_verifications').selectAll().where('contact_method_id', '=', methodId).executeTakeFirst();
  const smsCode = (world: PagingWorld, person: WorldPerson, nth = 0) => {
    const body = world.smsTo(person.phone)[nth]?.params['Body'] ?? '';
    const code = /code: (\d{6})\./.exec(body)?.[1];
    if (!code) throw new Error(`no code in: ${body}`);
    return code;
  };
  const otherThan = (code: string) => (code === '000000' ? '000001' : '000000');

  it('texts a 6-digit code, refuses a wrong one naming `code`, and verifies the number with the right one', async () => {
    w = await createPagingWorld(engine);
    const rita = await w.person({ name: 'Rita', unverified: ['sms'] });
    const sent = await start(w, rita, rita.contacts.sms);
    expect(sent.statusCode).toBe(201);
    expect(sent.json()).toEqual({ contactMethodId: rita.contacts.sms, sentTo: expect.stringMatching(/^\+1•+\d{4}$/), expiresAt: w.iso(10 * 60_000) });
    expect(w.smsTo(rita.phone)).toHaveLength(1);
    const code = smsCode(w, rita);
    // The code is kept only as a hash.
    expect(JSON.stringify(await pending(w, rita.contacts.sms))).not.toContain(code);

    const wrong = await verify(w, rita, rita.contacts.sms, { code: otherThan(code) });
    expect(wrong.statusCode).toBe(400);
    expect(fields(wrong)).toEqual(['code']);
    expect(await verified(w, rita, 'sms')).toBe(false);

    const right = await verify(w, rita, rita.contacts.sms, { code });
    expect(right.statusCode).toBe(200);
    expect(right.json<Profile>().contactMethods.find((m) => m.kind === 'sms')?.verified).toBe(true);
    expect(await verified(w, rita, 'sms')).toBe(true);
    expect(await pending(w, rita.contacts.sms)).toBeUndefined();
    const audit = await w.handle.db.selectFrom('audit_log').select(['action', 'target_id']).where('action', '=', 'contact_method.verified').execute();
    expect(audit).toEqual([{ action: 'contact_method.verified', target_id: rita.contacts.sms }]);
    // Used once: the same code again is refused.
    expect((await verify(w, rita, rita.contacts.sms, { code })).statusCode).toBe(400);
  });

  it('e-mails the code for an e-mail address', async () => {
    w = await createPagingWorld(engine);
    const rita = await w.person({ name: 'Rita', unverified: ['email'] });
    expect((await start(w, rita, rita.contacts.email)).statusCode).toBe(201);
    const mail = await w.inbox.waitFor((m) => m.envelopeTo.includes(rita.email));
    expect(mail.subject).toBe('Firewatch verification code');
    const code = /code is (\d{6})\./.exec(mail.text)?.[1];
    expect(code).toMatch(/^\d{6}$/);
    expect((await verify(w, rita, rita.contacts.email, { code })).statusCode).toBe(200);
    expect(await verified(w, rita, 'email')).toBe(true);
  });

  it('allows 5 wrong codes, then refuses even the right one with 429 until a new code is sent', async () => {
    w = await createPagingWorld(engine);
    const rita = await w.person({ name: 'Rita', unverified: ['sms'] });
    await start(w, rita, rita.contacts.sms);
    const code = smsCode(w, rita);
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      const wrong = await verify(w, rita, rita.contacts.sms, { code: otherThan(code) });
      expect(wrong.statusCode, `attempt ${attempt}`).toBe(400);
      expect((await pending(w, rita.contacts.sms))?.attempts).toBe(attempt);
    }
    const locked = await verify(w, rita, rita.contacts.sms, { code });
    expect(locked.statusCode).toBe(429);
    expect(locked.json()).toMatchObject({ error: { code: 'too_many_attempts' } });
    expect(await verified(w, rita, 'sms')).toBe(false);

    // A new code may be asked for 30 s after the last, not before.
    const tooSoon = await start(w, rita, rita.contacts.sms);
    expect(tooSoon.statusCode).toBe(429);
    expect(tooSoon.headers['retry-after']).toBe('30');
    expect(w.smsTo(rita.phone)).toHaveLength(1);
    w.clock.advance(30_000);
    expect((await start(w, rita, rita.contacts.sms)).statusCode).toBe(201);
    const second = smsCode(w, rita, 1);
    expect((await verify(w, rita, rita.contacts.sms, { code: second })).statusCode).toBe(200);
    expect(await verified(w, rita, 'sms')).toBe(true);
  });

  it('refuses a code after its 10 minutes, naming `code`', async () => {
    w = await createPagingWorld(engine);
    const rita = await w.person({ name: 'Rita', unverified: ['sms'] });
    await start(w, rita, rita.contacts.sms);
    const code = smsCode(w, rita);
    w.clock.advance(10 * 60_000);
    const late = await verify(w, rita, rita.contacts.sms, { code });
    expect(late.statusCode).toBe(400);
    expect(fields(late)).toEqual(['code']);
    expect(await verified(w, rita, 'sms')).toBe(false);
  });

  it('names `code` for a code that is not 6 digits, without counting it as a guess', async () => {
    w = await createPagingWorld(engine);
    const rita = await w.person({ name: 'Rita', unverified: ['sms'] });
    await start(w, rita, rita.contacts.sms);
    for (const payload of [{ code: '12345' }, { code: 'abcdef' }, { code: 123456 }, {}, { code: '123456', extra: true }]) {
      const response = await verify(w, rita, rita.contacts.sms, payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      if (!('extra' in payload)) expect(fields(response)).toEqual(['code']);
    }
    expect((await pending(w, rita.contacts.sms))?.attempts).toBe(0);
    const verifyBeforeSending = await w.person({ name: 'Vic', unverified: ['sms'] });
    const never = await verify(w, verifyBeforeSending, verifyBeforeSending.contacts.sms, { code: '123456' });
    expect(never.statusCode).toBe(400);
    expect(fields(never)).toEqual(['code']);
  });

  it("answers 404 for another person's contact method, sending nothing and verifying nothing", async () => {
    w = await createPagingWorld(engine);
    const rita = await w.person({ name: 'Rita', unverified: ['sms'] });
    const mallory = await w.person({ name: 'Mallory', unverified: ['sms'] });
    expect((await start(w, mallory, rita.contacts.sms)).statusCode).toBe(404);
    expect(w.recorder.requests).toHaveLength(0);
    await start(w, rita, rita.contacts.sms);
    const code = smsCode(w, rita);
    expect((await verify(w, mallory, rita.contacts.sms, { code })).statusCode).toBe(404);
    expect(await verified(w, rita, 'sms')).toBe(false);
    expect((await start(w, rita, 'no-such-method')).statusCode).toBe(404);
    expect((await w.api({ method: 'POST', url: `/api/v1/me/contact-methods/${rita.contacts.sms}/verification`, headers: { cookie: '' } })).statusCode).toBe(401);
  });

  it('answers 409 when the channel is not configured, storing no code', async () => {
    w = await createPagingWorld(engine, { channels: { twilio: false } });
    const rita = await w.person({ name: 'Rita', unverified: ['sms', 'email'] });
    const refused = await start(w, rita, rita.contacts.sms);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ error: { code: 'channel_not_configured' } });
    expect(await pending(w, rita.contacts.sms)).toBeUndefined();
    // E-mail is configured in this world.
    expect((await start(w, rita, rita.contacts.email)).statusCode).toBe(201);
  });

  it('answers 502 when the code cannot be sent, keeping no code, so asking again at once is not too soon', async () => {
    w = await createPagingWorld(engine);
    const rita = await w.person({ name: 'Rita', unverified: ['sms'] });
    w.recorder.failNext(1, { status: 400, code: 21211, message: "The 'To' number is not a valid phone number." });
    const failed = await start(w, rita, rita.contacts.sms);
    expect(failed.statusCode).toBe(502);
    expect(failed.json()).toMatchObject({ error: { code: 'send_failed', message: expect.stringContaining('21211') } });
    expect(await pending(w, rita.contacts.sms)).toBeUndefined();
    const retry = await start(w, rita, rita.contacts.sms);
    expect(retry.statusCode).toBe(201);
    expect((await verify(w, rita, rita.contacts.sms, { code: smsCode(w, rita) })).statusCode).toBe(200);
  });
});
