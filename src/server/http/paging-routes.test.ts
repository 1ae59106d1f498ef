import { afterEach, describe, expect, it } from 'vitest';
import { twilioSignature } from '../notify/twilio-signature';
import { ENGINES } from '../test-support/test-app';
import type { PagingWorld, WorldPerson } from '../test-support/paging-world';
import { PUBLIC_URL, TWILIO_FROM, createPagingWorld, eventsOf } from '../test-support/paging-world';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe.each(ENGINES)('paging routes on %s', (engine) => {
  let w: PagingWorld | undefined;
  afterEach(async () => {
    await w?.close();
    w = undefined;
  });

  const incidentRow = (world: PagingWorld, id: string) =>
    world.handle.db.selectFrom('incidents').select(['state', 'acknowledged_by', 'acknowledged_how', 'acknowledged_at']).where('id', '=', id).executeTakeFirstOrThrow();

  /** One person paged on one channel by a one-level policy (the level times out after 30 minutes, the incident stays triggered). */
  async function pagedBy(world: PagingWorld, rules: Parameters<PagingWorld['person']>[0]['rules']) {
    const diego = await world.person({ name: 'Diego', rules });
    const service = await world.service('Checkout API', [{ after: 30, targets: [{ type: 'user', userId: diego.id }] }]);
    const incidentId = await world.alert(service.key);
    await world.settle();
    return { diego, incidentId };
  }

  describe('acknowledge links', () => {
    const tokenIn = (text: string) => {
      const match = /\/ack\/(\S+)/.exec(text);
      if (!match) throw new Error(`no acknowledge link in: ${text}`);
      return match[1]!;
    };
    const ackLink = (world: PagingWorld, token: string, method: 'GET' | 'POST' = 'GET') => world.api({ method, url: `/api/v1/ack/${token}`, headers: { cookie: '' } });

    it('e-mails a link that reads without acknowledging, acknowledges once by POST, and is used afterwards', async () => {
      w = await createPagingWorld(engine);
      const { diego, incidentId } = await pagedBy(w, [{ channel: 'email', delay: 0 }]);
      const mail = await w.inbox.waitFor((m) => m.envelopeTo.includes(diego.email));
      expect(mail.subject).toContain(incidentId);
      expect(mail.text).toContain(`${PUBLIC_URL}/ack/`);
      const token = tokenIn(mail.text);
      expect(mail.html).toContain(`${PUBLIC_URL}/ack/${token}`);

      for (let read = 0; read < 2; read += 1) {
        const view = await ackLink(w, token);
        expect(view.statusCode).toBe(200);
        expect(view.json()).toMatchObject({ state: 'valid', usedAt: null, recipient: 'Diego', incident: { id: incidentId, state: 'triggered', severity: 'P1', service: 'Checkout API' } });
      }
      expect((await incidentRow(w, incidentId)).state).toBe('triggered');

      await w.advance(2 * MINUTE);
      const used = await ackLink(w, token, 'POST');
      expect(used.statusCode).toBe(200);
      expect(used.json()).toMatchObject({ state: 'used', usedAt: w.iso(2 * MINUTE), incident: { state: 'acknowledged' } });
      expect(await incidentRow(w, incidentId)).toEqual({ state: 'acknowledged', acknowledged_by: diego.id, acknowledged_how: 'link', acknowledged_at: Date.parse(w.iso(2 * MINUTE)) });
      const acks = eventsOf(await w.timeline(incidentId), 'incident.acknowledged');
      expect(acks.map((e) => [e.at, e.actor?.name, e.data])).toEqual([[w.iso(2 * MINUTE), 'Diego', { how: 'link', by: diego.id }]]);

      const again = await ackLink(w, token, 'POST');
      expect(again.statusCode).toBe(410);
      expect(again.json()).toMatchObject({ error: { code: 'link_used' }, link: { state: 'used' } });
      expect((await ackLink(w, token)).json()).toMatchObject({ state: 'used', usedAt: w.iso(2 * MINUTE) });
      expect(eventsOf(await w.timeline(incidentId), 'incident.acknowledged')).toHaveLength(1);
    });

    it('answers 404 to a tampered or made-up token, and 410 to one that expired after 24 hours, acknowledging nothing', async () => {
      w = await createPagingWorld(engine);
      const { diego, incidentId } = await pagedBy(w, [{ channel: 'email', delay: 0 }]);
      const token = tokenIn((await w.inbox.waitFor((m) => m.envelopeTo.includes(diego.email))).text);
      const last = token.at(-1) === 'A' ? 'B' : 'A';
      const tampered = [`${token.slice(0, -1)}${last}`, token.replace(/\.([0-9a-z]+)\./, (_all, expiry: string) => `.${(parseInt(expiry, 36) + HOUR).toString(36)}.`), 'not-a-token', `${token}x`];
      for (const bad of tampered) {
        for (const method of ['GET', 'POST'] as const) {
          const response = await ackLink(w, bad, method);
          expect(response.statusCode, `${method} ${bad}`).toBe(404);
          expect(response.json()).toMatchObject({ error: { code: 'not_found' } });
        }
      }
      expect((await incidentRow(w, incidentId)).state).toBe('triggered');

      w.clock.advance(25 * HOUR);
      await w.settle();
      expect((await ackLink(w, token)).json()).toMatchObject({ state: 'expired', incident: { state: 'triggered' } });
      const expired = await ackLink(w, token, 'POST');
      expect(expired.statusCode).toBe(410);
      expect(expired.json()).toMatchObject({ error: { code: 'link_expired' }, link: { state: 'expired' } });
      expect(await incidentRow(w, incidentId)).toMatchObject({ state: 'triggered', acknowledged_by: null });
      const stored = await w.handle.db.selectFrom('ack_tokens').select('used_at').execute();
      expect(stored.every((row) => row.used_at === null)).toBe(true);
    });
  });

  describe("Twilio's webhooks", () => {
    const replyCode = (world: PagingWorld, person: WorldPerson) => {
      const body = world.smsTo(person.phone)[0]?.params['Body'] ?? '';
      const code = /reply (\d{4})/.exec(body)?.[1];
      if (!code) throw new Error(`no reply code in: ${body}`);
      return code;
    };
    const sms = (world: PagingWorld, from: string, body: string, signature?: string) =>
      world.twilio('/api/v1/twilio/sms', { MessageSid: 'SM0123456789abcdef0123456789abcdef', AccountSid: world.recorder.accountSid, From: from, To: TWILIO_FROM, Body: body }, signature);

    it('refuses an inbound SMS whose signature is wrong or missing, changing nothing', async () => {
      w = await createPagingWorld(engine);
      const { diego, incidentId } = await pagedBy(w, [{ channel: 'sms', delay: 0 }]);
      const code = replyCode(w, diego);
      for (const signature of ['bm90IHRoZSByaWdodCBzaWduYXR1cmU=', '']) {
        const refused = await sms(w, diego.phone, code, signature);
        expect(refused.statusCode).toBe(403);
        expect(refused.json()).toMatchObject({ error: { code: 'bad_signature' } });
      }
      // Signed right, but over another address than the one Twilio was given.
      const form = { From: diego.phone, To: TWILIO_FROM, Body: code };
      const elsewhere = await sms(w, diego.phone, code, twilioSignature(w.recorder.authToken, 'http://localhost:8080/api/v1/twilio/sms', form));
      expect(elsewhere.statusCode).toBe(403);
      // Signed with another account's token.
      expect((await w.twilio('/api/v1/twilio/sms', form, twilioSignature('another-auth-token', `${PUBLIC_URL}/api/v1/twilio/sms`, form))).statusCode).toBe(403);
      expect(await incidentRow(w, incidentId)).toMatchObject({ state: 'triggered', acknowledged_by: null });
      expect(eventsOf(await w.timeline(incidentId), 'incident.acknowledged')).toEqual([]);
    });

    it('acknowledges by the code replied from the paged number, and answers a wrong code in TwiML', async () => {
      w = await createPagingWorld(engine);
      const { diego, incidentId } = await pagedBy(w, [{ channel: 'sms', delay: 0 }]);
      const code = replyCode(w, diego);
      const wrongCode = code === '1000' ? '1001' : '1000';
      const wrong = await sms(w, diego.phone, wrongCode);
      expect(wrong.statusCode).toBe(200);
      expect(wrong.headers['content-type']).toMatch(/^text\/xml/);
      expect(wrong.body).toBe(`<?xml version="1.0" encoding="UTF-8"?><Response><Message>No page to this number has the code ${wrongCode}.</Message></Response>`);
      // The right code from another number is not an acknowledgement either.
      expect((await sms(w, '+14155559999', code)).body).toContain(`No page to this number has the code ${code}.`);
      expect((await sms(w, diego.phone, 'ok thanks')).body).toContain('Reply with the 4-digit code');
      expect((await incidentRow(w, incidentId)).state).toBe('triggered');

      await w.advance(MINUTE);
      const right = await sms(w, diego.phone, `${code} on it`);
      expect(right.statusCode).toBe(200);
      expect(right.body).toContain(`<Message>Acknowledged ${incidentId}: checkout: pool exhausted</Message>`);
      expect(await incidentRow(w, incidentId)).toEqual({ state: 'acknowledged', acknowledged_by: diego.id, acknowledged_how: 'sms', acknowledged_at: Date.parse(w.iso(MINUTE)) });
      expect(eventsOf(await w.timeline(incidentId), 'incident.acknowledged').map((e) => [e.at, e.data])).toEqual([[w.iso(MINUTE), { how: 'sms', by: diego.id }]]);
      expect((await sms(w, diego.phone, code)).body).toContain(`${incidentId} is already acknowledged.`);
      expect(await w.handle.db.selectFrom('escalation_timers').selectAll().where('incident_id', '=', incidentId).execute()).toEqual([]);
    });

    it('records delivery reports on the timeline once: delivered, failed, and repeats that change nothing', async () => {
      w = await createPagingWorld(engine);
      const { diego, incidentId } = await pagedBy(w, [{ channel: 'sms', delay: 0 }, { channel: 'voice', delay: 1 }]);
      await w.advance(MINUTE);
      const [text] = w.smsTo(diego.phone);
      const [call] = w.callsTo(diego.phone);
      const callbackPath = (url: string | undefined) => {
        expect(url?.startsWith(`${PUBLIC_URL}/api/v1/twilio/status?page=`)).toBe(true);
        return url!.slice(PUBLIC_URL.length);
      };
      const textPath = callbackPath(text?.params['StatusCallback']);
      const callPath = callbackPath(call?.params['StatusCallback']);

      // Unsigned: refused, nothing recorded.
      expect((await w.twilio(textPath, { MessageSid: text!.sid!, MessageStatus: 'delivered' }, 'forged')).statusCode).toBe(403);
      // An intermediate state is not a delivery.
      expect((await w.twilio(textPath, { MessageSid: text!.sid!, MessageStatus: 'sent' })).statusCode).toBe(204);
      expect(eventsOf(await w.timeline(incidentId), 'page.delivered')).toEqual([]);

      await w.advance(5_000);
      for (let report = 0; report < 2; report += 1) {
        expect((await w.twilio(textPath, { MessageSid: text!.sid!, MessageStatus: 'delivered' })).statusCode).toBe(204);
        expect((await w.twilio(callPath, { CallSid: call!.sid!, CallStatus: 'no-answer' })).statusCode).toBe(204);
      }
      // A late report of the opposite kind does not undo a final one.
      expect((await w.twilio(textPath, { MessageSid: text!.sid!, MessageStatus: 'failed', ErrorCode: '30003' })).statusCode).toBe(204);

      const events = await w.timeline(incidentId);
      expect(eventsOf(events, 'page.delivered').map((e) => [e.at, e.data])).toEqual([[w.iso(MINUTE + 5_000), { userId: diego.id, name: 'Diego', channel: 'sms', address: expect.stringMatching(/^\+1•+\d{4}$/) }]]);
      expect(eventsOf(events, 'page.failed').map((e) => [e.at, e.data['channel'], e.data['error'], e.data['retrying']])).toEqual([[w.iso(MINUTE + 5_000), 'voice', 'Twilio reported no-answer', false]]);
      const pages = await w.handle.db.selectFrom('pages').select(['channel', 'status', 'provider_id']).where('incident_id', '=', incidentId).where('channel', '!=', 'in-app').orderBy('channel').execute();
      expect(pages).toEqual([
        { channel: 'sms', status: 'delivered', provider_id: text!.sid },
        { channel: 'voice', status: 'failed', provider_id: call!.sid },
      ]);
    });

    it('reports a failed message with its Twilio error code', async () => {
      w = await createPagingWorld(engine);
      const { diego, incidentId } = await pagedBy(w, [{ channel: 'sms', delay: 0 }]);
      const [text] = w.smsTo(diego.phone);
      const path = text!.params['StatusCallback']!.slice(PUBLIC_URL.length);
      expect((await w.twilio(path, { MessageSid: text!.sid!, MessageStatus: 'undelivered', ErrorCode: '30003' })).statusCode).toBe(204);
      expect(eventsOf(await w.timeline(incidentId), 'page.failed').map((e) => [e.at, e.data['error'], e.data['retrying']])).toEqual([[w.iso(0), 'Twilio reported undelivered (error 30003)', false]]);
      // A status for a page that does not exist is accepted (Twilio must not retry it) and records nothing.
      expect((await w.twilio('/api/v1/twilio/status?page=no-such-page', { MessageStatus: 'delivered' })).statusCode).toBe(204);
      expect(eventsOf(await w.timeline(incidentId), 'page.delivered')).toEqual([]);
    });

    it('answers 404 to Twilio webhooks when Twilio is not configured', async () => {
      w = await createPagingWorld(engine, { channels: { twilio: false } });
      expect((await sms(w, '+14155550101', '1234')).statusCode).toBe(404);
      expect((await w.twilio('/api/v1/twilio/status?page=x', { MessageStatus: 'delivered' })).statusCode).toBe(404);
    });
  });

  describe('channel test sends', () => {
    const test = (world: PagingWorld, channel: string, payload: unknown, cookie?: string) =>
      world.api({ method: 'POST', url: `/api/v1/admin/channels/${channel}/test`, payload: payload as object, ...(cookie === undefined ? {} : { headers: { cookie } }) });
    const audits = (world: PagingWorld) => world.handle.db.selectFrom('audit_log').select(['action', 'target_id', 'after']).where('action', '=', 'channel.tested').execute();

    it('sends a test SMS and e-mail for an admin and answers how it went', async () => {
      w = await createPagingWorld(engine);
      const smsTest = await test(w, 'sms', { to: '+1 415 555 0199' });
      expect(smsTest.statusCode).toBe(200);
      expect(smsTest.json()).toEqual({ channel: 'sms', sent: true, error: null });
      expect(w.smsTo('+14155550199').map((r) => r.params['Body'])).toEqual(['Firewatch test message for Ada Admin: SMS paging works.']);

      const mailTest = await test(w, 'email', { to: 'oncall@example.com' });
      expect(mailTest.json()).toEqual({ channel: 'email', sent: true, error: null });
      expect((await w.inbox.waitFor((m) => m.envelopeTo.includes('oncall@example.com'))).subject).toBe('Firewatch test message');
      expect((await audits(w)).map((a) => [a.target_id, JSON.parse(a.after!)])).toEqual([
        ['sms', { to: '+1•••••0199', sent: true }],
        ['email', { to: 'o•••@example.com', sent: true }],
      ]);

      const states = await w.api({ method: 'GET', url: '/api/v1/admin/channels' });
      expect(states.json<{ items: Array<{ channel: string; configured: boolean }> }>().items.map((s) => [s.channel, s.configured])).toEqual([
        ['email', true],
        ['sms', true],
        ['voice', true],
        ['webhook', false],
      ]);
      expect(states.body).not.toContain(w.recorder.authToken);
    });

    it('answers sent false with the provider words when Twilio refuses the number', async () => {
      w = await createPagingWorld(engine);
      w.recorder.failNext(1, { status: 400, code: 21211, message: "The 'To' number is not a valid phone number." });
      const refused = await test(w, 'sms', { to: '+14155550199' });
      expect(refused.statusCode).toBe(200);
      expect(refused.json()).toEqual({ channel: 'sms', sent: false, error: "Twilio 21211: The 'To' number is not a valid phone number." });
      expect((await audits(w)).map((a) => JSON.parse(a.after!) as unknown)).toEqual([{ to: '+1•••••0199', sent: false }]);
    });

    it('answers sent false when the channel is not configured', async () => {
      w = await createPagingWorld(engine, { channels: { twilio: false } });
      expect((await test(w, 'voice', { to: '+14155550199' })).json()).toEqual({
        channel: 'voice',
        sent: false,
        error: 'not configured: set FIREWATCH_TWILIO_ACCOUNT_SID, FIREWATCH_TWILIO_AUTH_TOKEN and FIREWATCH_TWILIO_FROM',
      });
    });

    it('lets only admins test, and names `to` when the address is bad, sending nothing', async () => {
      w = await createPagingWorld(engine);
      const manager = await w.person({ name: 'Maya', role: 'manager' });
      const responder = await w.person({ name: 'Rita' });
      for (const cookie of [manager.cookie, responder.cookie]) {
        expect((await test(w, 'sms', { to: '+14155550199' }, cookie)).statusCode).toBe(403);
        expect((await w.api({ method: 'GET', url: '/api/v1/admin/channels', headers: { cookie } })).statusCode).toBe(403);
      }
      expect((await test(w, 'sms', { to: '+14155550199' }, '')).statusCode).toBe(401);
      for (const [channel, payload] of [
        ['sms', { to: 'call me maybe' }],
        ['email', { to: 'not-an-address' }],
        ['webhook', { to: 'ftp://hooks.example.com' }],
        ['sms', {}],
        ['sms', { to: '' }],
        ['sms', { to: 42 }],
      ] as const) {
        const response = await test(w, channel, payload);
        expect(response.statusCode, JSON.stringify(payload)).toBe(400);
        expect(response.json<{ error: { fields: Array<{ field: string }> } }>().error.fields.map((f) => f.field)).toContain('to');
      }
      const extra = await test(w, 'sms', { to: '+14155550199', from: '+1' });
      expect(extra.statusCode).toBe(400);
      expect((await test(w, 'pigeon', { to: '+14155550199' })).statusCode).toBe(404);
      expect(w.recorder.requests).toHaveLength(0);
      expect(w.inbox.messages).toHaveLength(0);
      expect(await audits(w)).toEqual([]);
    });
  });
});
