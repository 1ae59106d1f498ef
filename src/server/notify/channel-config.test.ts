import { describe, expect, it } from 'vitest';
import { channelConfigProblems, channelStates, readChannelConfig } from './channel-config';

const SID = 'AC0123456789abcdef0123456789abcdef';
const TOKEN = 'twilio-token-that-must-never-show';
const PASSWORD = 'smtp-password-that-must-never-show';
const SECRET = 'webhook-secret-that-must-never-show';

const everything = {
  FIREWATCH_SMTP_HOST: 'smtp.example.com',
  FIREWATCH_SMTP_USER: 'pager',
  FIREWATCH_SMTP_PASSWORD: PASSWORD,
  FIREWATCH_SMTP_FROM: 'Firewatch <pager@example.com>',
  FIREWATCH_TWILIO_ACCOUNT_SID: SID,
  FIREWATCH_TWILIO_AUTH_TOKEN: TOKEN,
  FIREWATCH_TWILIO_FROM: '+14155550100',
  FIREWATCH_WEBHOOK_SECRET: SECRET,
  FIREWATCH_PUBLIC_URL: 'https://firewatch.example.com/',
};

describe('channel configuration from the environment', () => {
  it('configures nothing from an empty environment, and says what to set for each channel', () => {
    const config = readChannelConfig({});
    expect(config).toMatchObject({ smtp: null, twilio: null, webhook: null, publicUrl: null });
    const states = channelStates(config);
    expect(states.map((state) => [state.channel, state.configured])).toEqual([
      ['email', false],
      ['sms', false],
      ['voice', false],
      ['webhook', false],
    ]);
    expect(states.find((state) => state.channel === 'email')!.detail).toContain('FIREWATCH_SMTP_HOST');
    expect(states.find((state) => state.channel === 'sms')!.detail).toContain('FIREWATCH_TWILIO_ACCOUNT_SID');
    expect(states.find((state) => state.channel === 'webhook')!.detail).toContain('FIREWATCH_WEBHOOK_SECRET');
  });

  it('reads every channel with its defaults: port 587, STARTTLS, certificates checked, Twilio at api.twilio.com', () => {
    const config = readChannelConfig(everything);
    expect(config.smtp).toEqual({ host: 'smtp.example.com', port: 587, security: 'starttls', user: 'pager', password: PASSWORD, from: 'Firewatch <pager@example.com>', rejectUnauthorized: true });
    expect(config.twilio).toEqual({ accountSid: SID, authToken: TOKEN, from: '+14155550100', baseUrl: 'https://api.twilio.com' });
    expect(config.webhook).toEqual({ secret: SECRET });
    expect(config.publicUrl).toBe('https://firewatch.example.com');
    expect((['email', 'sms', 'voice', 'webhook'] as const).map((channel) => config.configured(channel))).toEqual([true, true, true, true]);
  });

  it('takes the port, TLS mode, certificate check and a local Twilio base URL when given', () => {
    const config = readChannelConfig({
      FIREWATCH_SMTP_HOST: '127.0.0.1',
      FIREWATCH_SMTP_PORT: '2525',
      FIREWATCH_SMTP_SECURITY: 'none',
      FIREWATCH_SMTP_FROM: 'pager@example.com',
      FIREWATCH_SMTP_REJECT_UNAUTHORIZED: 'false',
      FIREWATCH_TWILIO_ACCOUNT_SID: SID,
      FIREWATCH_TWILIO_AUTH_TOKEN: TOKEN,
      FIREWATCH_TWILIO_FROM: '+14155550100',
      FIREWATCH_TWILIO_BASE_URL: 'http://127.0.0.1:4010/',
    });
    expect(config.smtp).toMatchObject({ port: 2525, security: 'none', user: null, password: null, rejectUnauthorized: false });
    expect(config.twilio!.baseUrl).toBe('http://127.0.0.1:4010');
    expect(config.configured('webhook')).toBe(false);
  });

  it.each([
    [{ FIREWATCH_SMTP_HOST: 'smtp.example.com' }, 'FIREWATCH_SMTP_FROM is required'],
    [{ FIREWATCH_SMTP_HOST: 'smtp.example.com', FIREWATCH_SMTP_FROM: 'pager@example.com', FIREWATCH_SMTP_PORT: '70000' }, 'FIREWATCH_SMTP_PORT must be a port number'],
    [{ FIREWATCH_SMTP_HOST: 'smtp.example.com', FIREWATCH_SMTP_FROM: 'pager@example.com', FIREWATCH_SMTP_PORT: 'smtp' }, 'FIREWATCH_SMTP_PORT must be a port number'],
    [{ FIREWATCH_SMTP_HOST: 'smtp.example.com', FIREWATCH_SMTP_FROM: 'pager@example.com', FIREWATCH_SMTP_SECURITY: 'ssl' }, 'FIREWATCH_SMTP_SECURITY must be starttls, tls or none'],
    [{ FIREWATCH_SMTP_HOST: 'smtp.example.com', FIREWATCH_SMTP_FROM: 'pager at example' }, 'FIREWATCH_SMTP_FROM must be an e-mail address'],
    [{ FIREWATCH_SMTP_HOST: 'smtp.example.com', FIREWATCH_SMTP_FROM: 'pager@example.com', FIREWATCH_SMTP_REJECT_UNAUTHORIZED: 'maybe' }, 'FIREWATCH_SMTP_REJECT_UNAUTHORIZED must be true or false'],
    [{ FIREWATCH_SMTP_HOST: 'smtp.example.com', FIREWATCH_SMTP_FROM: 'pager@example.com', FIREWATCH_SMTP_USER: 'pager' }, 'FIREWATCH_SMTP_PASSWORD is required'],
    [{ FIREWATCH_SMTP_FROM: 'pager@example.com' }, 'FIREWATCH_SMTP_HOST is not'],
    [{ FIREWATCH_TWILIO_ACCOUNT_SID: SID, FIREWATCH_TWILIO_FROM: '+14155550100' }, 'FIREWATCH_TWILIO_AUTH_TOKEN is required'],
    [{ FIREWATCH_TWILIO_ACCOUNT_SID: 'not-a-sid', FIREWATCH_TWILIO_AUTH_TOKEN: TOKEN, FIREWATCH_TWILIO_FROM: '+14155550100' }, 'FIREWATCH_TWILIO_ACCOUNT_SID must be an account SID'],
    [{ FIREWATCH_TWILIO_ACCOUNT_SID: SID, FIREWATCH_TWILIO_AUTH_TOKEN: TOKEN, FIREWATCH_TWILIO_FROM: '415-555-0100' }, 'FIREWATCH_TWILIO_FROM must be a phone number in E.164'],
    [{ FIREWATCH_TWILIO_ACCOUNT_SID: SID, FIREWATCH_TWILIO_AUTH_TOKEN: TOKEN, FIREWATCH_TWILIO_FROM: '+14155550100', FIREWATCH_TWILIO_BASE_URL: 'ftp://twilio' }, 'FIREWATCH_TWILIO_BASE_URL must be an http(s) URL'],
    [{ FIREWATCH_WEBHOOK_SECRET: 'short' }, 'FIREWATCH_WEBHOOK_SECRET must be at least 16 characters'],
    [{ FIREWATCH_PUBLIC_URL: 'firewatch.example.com' }, 'FIREWATCH_PUBLIC_URL must be an http(s) URL'],
    [{ FIREWATCH_PUBLIC_URL: 'https://firewatch.example.com/?x=1' }, 'FIREWATCH_PUBLIC_URL must be an http(s) URL'],
  ])('refuses at startup, naming the variable: %j', (env, expected) => {
    const problems = channelConfigProblems(env);
    expect(problems).toEqual([expect.stringContaining(expected)]);
    expect(() => readChannelConfig(env)).toThrow(expected);
  });

  it('lists every problem at once, and never quotes a password, token or secret in them', () => {
    const env = { ...everything, FIREWATCH_SMTP_PORT: '0', FIREWATCH_TWILIO_FROM: 'nope', FIREWATCH_WEBHOOK_SECRET: 'tiny-secret' };
    const problems = channelConfigProblems(env);
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).not.toMatch(/tiny-secret|must-never-show/);
  });

  it('shows what is configured on the admin page without any password, token or secret', () => {
    const states = channelStates(readChannelConfig(everything));
    expect(states.find((state) => state.channel === 'email')!.detail).toBe('smtp.example.com:587 STARTTLS from Firewatch <pager@example.com>, as pager');
    expect(states.find((state) => state.channel === 'sms')!.detail).toBe('Twilio SMS from +14155550100, account AC0123…cdef');
    expect(states.find((state) => state.channel === 'voice')!.detail).toContain('Twilio voice calls from +14155550100');
    const shown = JSON.stringify(states);
    for (const secret of [PASSWORD, TOKEN, SECRET, SID]) expect(shown).not.toContain(secret);
  });

  it('says on the admin page that Twilio callbacks and acknowledge links need FIREWATCH_PUBLIC_URL', () => {
    const states = channelStates(readChannelConfig({ ...everything, FIREWATCH_PUBLIC_URL: '' }));
    expect(states.every((state) => state.configured && state.detail.includes('FIREWATCH_PUBLIC_URL is not set'))).toBe(true);
  });
});
