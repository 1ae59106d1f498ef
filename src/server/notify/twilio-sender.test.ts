import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { enqueueEffect } from '../engine/outbox';
import type { EffectOutcome } from '../engine/outbox-runner';
import { pageFixture } from '../test-support/page-fixture';
import { createTestApp, ENGINES } from '../test-support/test-app';
import type { TestApp } from '../test-support/test-app';
import { createTestClock } from '../test-support/test-clock';
import { startTwilioRecorder } from '../test-support/twilio-recorder';
import type { TwilioRecorder } from '../test-support/twilio-recorder';
import type { TwilioSettings } from './channel-config';
import { renderSms } from './page-message';
import { createTwilioSmsSender, createTwilioVoiceSender } from './twilio-sender';

const FROM = '+14155550100';
let twilio: TwilioRecorder;
let settings: TwilioSettings;

beforeEach(async () => {
  twilio = await startTwilioRecorder();
  settings = { accountSid: twilio.accountSid, authToken: twilio.authToken, from: FROM, baseUrl: twilio.baseUrl };
});
afterEach(async () => {
  await twilio.close();
});

const unstopped = () => new AbortController().signal;

describe('SMS through Twilio', () => {
  it("sends the page's text to the number with a status callback, and returns Twilio's message sid", async () => {
    const send = createTwilioSmsSender({ twilio: settings, publicUrl: 'https://firewatch.example.com' });
    const result = await send(pageFixture(), unstopped());
    const [message] = twilio.messages();
    expect(result).toEqual({ ok: true, providerId: message!.sid });
    expect(message!.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(message!.params).toEqual({
      To: '+14155550123',
      From: FROM,
      Body: renderSms(pageFixture()),
      StatusCallback: 'https://firewatch.example.com/api/v1/twilio/status?page=page-0001',
    });
  });

  it('asks for no status callback when Firewatch has no public URL', async () => {
    await createTwilioSmsSender({ twilio: settings, publicUrl: null })(pageFixture(), unstopped());
    expect(twilio.messages()[0]!.params).not.toHaveProperty('StatusCallback');
  });

  it("is a permanent failure with Twilio's own words when Twilio refuses the number (400)", async () => {
    twilio.failNext(1, { code: 21211, message: "The 'To' number is not a valid phone number" });
    const result = await createTwilioSmsSender({ twilio: settings, publicUrl: null })(pageFixture(), unstopped());
    expect(result).toEqual({ ok: false, retryable: false, error: "Twilio 21211: The 'To' number is not a valid phone number" });
  });

  it('is retryable when Twilio fails (500) or rate-limits (429)', async () => {
    const send = createTwilioSmsSender({ twilio: settings, publicUrl: null });
    twilio.failNext(1, 'server-error');
    expect(await send(pageFixture(), unstopped())).toEqual({ ok: false, retryable: true, error: 'Twilio 20500: An internal server error has occurred' });
    twilio.failNext(1, { status: 429, code: 20429, message: 'Too Many Requests' });
    expect(await send(pageFixture(), unstopped())).toMatchObject({ ok: false, retryable: true, error: 'Twilio 20429: Too Many Requests' });
  });

  it('is a permanent failure when the credentials are wrong', async () => {
    const result = await createTwilioSmsSender({ twilio: { ...settings, authToken: 'wrong' }, publicUrl: null })(pageFixture(), unstopped());
    expect(result).toEqual({ ok: false, retryable: false, error: 'Twilio 20003: Authenticate' });
    expect(twilio.requests[0]!.authorized).toBe(false);
  });

  it('stops waiting for an answer when the signal aborts, as a retryable failure', async () => {
    twilio.failNext(1, 'hang');
    const controller = new AbortController();
    const sending = createTwilioSmsSender({ twilio: settings, publicUrl: null })(pageFixture(), controller.signal);
    await twilio.waitFor();
    controller.abort(new Error('send deadline'));
    expect(await sending).toEqual({ ok: false, retryable: true, error: 'Twilio did not answer before the send was stopped' });
  });

  it('is retryable when nothing listens at the base URL', async () => {
    await twilio.close();
    const result = await createTwilioSmsSender({ twilio: settings, publicUrl: null })(pageFixture(), unstopped());
    expect(result).toEqual({ ok: false, retryable: true, error: 'Twilio unreachable: ECONNREFUSED' });
  });

  it('refuses a payload that is not a page without calling Twilio', async () => {
    const result = await createTwilioSmsSender({ twilio: settings, publicUrl: null })({ pageId: 'x' }, unstopped());
    expect(result).toMatchObject({ ok: false, retryable: false });
    expect(twilio.requests).toEqual([]);
  });
});

describe('voice calls through Twilio', () => {
  it('places a call that speaks the page, with a status callback, and returns the call sid', async () => {
    const page = pageFixture({ channel: 'voice' });
    const result = await createTwilioVoiceSender({ twilio: settings, publicUrl: 'https://firewatch.example.com' })(page, unstopped());
    const [call] = twilio.calls();
    expect(result).toEqual({ ok: true, providerId: call!.sid });
    expect(call!.sid).toMatch(/^CA/);
    expect(call!.params).toMatchObject({ To: '+14155550123', From: FROM, StatusCallback: 'https://firewatch.example.com/api/v1/twilio/status?page=page-0001' });
    expect(call!.params['Twiml']).toContain('<Say loop="2">This is Firewatch paging Alice Moreau.');
  });

  it('maps a refused call to a permanent failure and a Twilio outage to a retryable one', async () => {
    const send = createTwilioVoiceSender({ twilio: settings, publicUrl: null });
    twilio.failNext(1, { code: 13223, message: 'Dial: Invalid phone number format' });
    expect(await send(pageFixture({ channel: 'voice' }), unstopped())).toEqual({ ok: false, retryable: false, error: 'Twilio 13223: Dial: Invalid phone number format' });
    twilio.failNext(1, 'server-error');
    expect(await send(pageFixture({ channel: 'voice' }), unstopped())).toMatchObject({ ok: false, retryable: true });
    expect(twilio.calls()).toEqual([]);
  });
});

describe.each(ENGINES)('Twilio paging through the outbox runner (%s)', (engine) => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  async function runnerWithTwilio() {
    const clock = createTestClock();
    const outcomes: EffectOutcome[] = [];
    const landed: Array<() => void> = [];
    t = await createTestApp(engine, {
      clock,
      senders: new Map([['page.sms', createTwilioSmsSender({ twilio: settings, publicUrl: null })]]),
      onEffectOutcome: (outcome) => {
        outcomes.push(outcome);
        landed.splice(0).forEach((resolve) => resolve());
      },
    });
    const app = t;
    const outcome = async (n: number) => {
      while (outcomes.length < n) await new Promise<void>((resolve) => landed.push(resolve));
      return outcomes[n - 1]!;
    };
    await app.app.outbox.runUnit(({ trx }) => enqueueEffect(trx, { key: 'page-0001', kind: 'page.sms', payload: pageFixture(), dueAt: clock.now() }, clock.now()));
    return { clock, outcome };
  }

  it('a Twilio that hangs counts as failed at the 10 s deadline, and the retry 15 s later sends the SMS once', async () => {
    twilio.failNext(1, 'hang');
    const { clock, outcome } = await runnerWithTwilio();
    await twilio.waitFor();
    await clock.advanceBy(10_000);
    expect(await outcome(1)).toMatchObject({ attempt: 1, result: 'retrying', error: 'no answer within 10 s' });
    await clock.advanceBy(15_000);
    expect(await outcome(2)).toMatchObject({ attempt: 2, result: 'sent' });
    expect(twilio.requests.map((request) => request.status)).toEqual([0, 201]);
    expect(twilio.messages()).toHaveLength(1);
  });

  it("a number Twilio refuses is failed at once with Twilio's words and never retried", async () => {
    twilio.failNext(1, { code: 21211, message: "The 'To' number is not a valid phone number" });
    const { clock, outcome } = await runnerWithTwilio();
    expect(await outcome(1)).toMatchObject({ attempt: 1, result: 'failed', error: "Twilio 21211: The 'To' number is not a valid phone number" });
    await clock.advanceBy(300_000);
    expect(twilio.requests).toHaveLength(1);
  });
});
