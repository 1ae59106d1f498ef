import type { ChannelStateDto } from '../../contracts/escalation';
import { CONTACT_CHANNELS } from '../../domain/escalation/model';
import type { ContactChannel } from '../../domain/escalation/model';

export type SmtpSecurity = 'starttls' | 'tls' | 'none';

export type SmtpSettings = {
  host: string;
  port: number;
  /** `starttls`: plain connection upgraded (required); `tls`: TLS from the first byte (465); `none`: never encrypted. */
  security: SmtpSecurity;
  user: string | null;
  password: string | null;
  /** The From header, `pager@example.com` or `Firewatch <pager@example.com>`. */
  from: string;
  /** Whether the server's certificate must be valid; off only for a relay with a self-signed one. */
  rejectUnauthorized: boolean;
};

export type TwilioSettings = {
  accountSid: string;
  authToken: string;
  /** The number messages and calls come from, E.164. */
  from: string;
  /** Without a trailing slash; tests point it at a local stand-in. */
  baseUrl: string;
};

export type WebhookSettings = { secret: string };

export type ChannelConfig = {
  smtp: SmtpSettings | null;
  twilio: TwilioSettings | null;
  webhook: WebhookSettings | null;
  /** Where people and Twilio reach Firewatch, without a trailing slash (acknowledge links, Twilio callbacks). */
  publicUrl: string | null;
  /** Whether a contact channel can send at all (SMS and voice both need Twilio). */
  configured(channel: ContactChannel): boolean;
};

export const DEFAULT_TWILIO_BASE_URL = 'https://api.twilio.com';
const SMTP_SECURITY: readonly SmtpSecurity[] = ['starttls', 'tls', 'none'];
const SMTP_VARIABLES = ['FIREWATCH_SMTP_PORT', 'FIREWATCH_SMTP_SECURITY', 'FIREWATCH_SMTP_USER', 'FIREWATCH_SMTP_PASSWORD', 'FIREWATCH_SMTP_FROM', 'FIREWATCH_SMTP_REJECT_UNAUTHORIZED'];
const TWILIO_REQUIRED = ['FIREWATCH_TWILIO_ACCOUNT_SID', 'FIREWATCH_TWILIO_AUTH_TOKEN', 'FIREWATCH_TWILIO_FROM'];
const E164 = /^\+[1-9]\d{1,14}$/;
const ACCOUNT_SID = /^AC[0-9a-fA-F]{32}$/;
/** A bare address, or `Name <address>`; enough to catch a typo before the first page, not RFC 5322. */
const FROM_ADDRESS = /^(?:[^<>\r\n]*<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/;
const MIN_WEBHOOK_SECRET = 16;

type Parsed = { config: Omit<ChannelConfig, 'configured'>; problems: string[] };

const value = (env: NodeJS.ProcessEnv, name: string): string | undefined => {
  const raw = env[name]?.trim();
  return raw === undefined || raw === '' ? undefined : raw;
};

function httpUrl(raw: string): URL | undefined {
  try {
    const url = new URL(raw);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

function parseSmtp(env: NodeJS.ProcessEnv, problems: string[]): SmtpSettings | null {
  const host = value(env, 'FIREWATCH_SMTP_HOST');
  if (host === undefined) {
    const stray = SMTP_VARIABLES.filter((name) => value(env, name) !== undefined);
    if (stray.length > 0) problems.push(`${stray.join(', ')} ${stray.length === 1 ? 'is' : 'are'} set but FIREWATCH_SMTP_HOST is not: set it to send e-mail, or remove the others`);
    return null;
  }
  const before = problems.length;
  const rawPort = value(env, 'FIREWATCH_SMTP_PORT');
  const port = rawPort === undefined ? 587 : Number(rawPort);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) problems.push(`FIREWATCH_SMTP_PORT must be a port number from 1 to 65535, got "${rawPort}"`);
  const rawSecurity = value(env, 'FIREWATCH_SMTP_SECURITY')?.toLowerCase() ?? 'starttls';
  if (!SMTP_SECURITY.includes(rawSecurity as SmtpSecurity)) problems.push(`FIREWATCH_SMTP_SECURITY must be starttls, tls or none, got "${value(env, 'FIREWATCH_SMTP_SECURITY')}"`);
  const user = value(env, 'FIREWATCH_SMTP_USER') ?? null;
  const password = env['FIREWATCH_SMTP_PASSWORD'] || null;
  if (user !== null && password === null) problems.push('FIREWATCH_SMTP_PASSWORD is required when FIREWATCH_SMTP_USER is set');
  if (user === null && password !== null) problems.push('FIREWATCH_SMTP_USER is required when FIREWATCH_SMTP_PASSWORD is set');
  const from = value(env, 'FIREWATCH_SMTP_FROM');
  if (from === undefined) problems.push('FIREWATCH_SMTP_FROM is required when FIREWATCH_SMTP_HOST is set (the address pages come from)');
  else if (!FROM_ADDRESS.test(from)) problems.push(`FIREWATCH_SMTP_FROM must be an e-mail address such as pager@example.com or "Firewatch <pager@example.com>", got "${from}"`);
  const rejectUnauthorized = flag(env, 'FIREWATCH_SMTP_REJECT_UNAUTHORIZED', true, problems);
  if (problems.length > before) return null;
  return { host, port, security: rawSecurity as SmtpSecurity, user, password, from: from!, rejectUnauthorized };
}

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean, problems: string[]): boolean {
  const raw = value(env, name)?.toLowerCase();
  if (raw === undefined) return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  problems.push(`${name} must be true or false, got "${value(env, name)}"`);
  return fallback;
}

function parseTwilio(env: NodeJS.ProcessEnv, problems: string[]): TwilioSettings | null {
  const given = TWILIO_REQUIRED.filter((name) => value(env, name) !== undefined);
  const rawBase = value(env, 'FIREWATCH_TWILIO_BASE_URL');
  if (given.length === 0) {
    if (rawBase !== undefined) problems.push('FIREWATCH_TWILIO_BASE_URL is set but FIREWATCH_TWILIO_ACCOUNT_SID, FIREWATCH_TWILIO_AUTH_TOKEN and FIREWATCH_TWILIO_FROM are not');
    return null;
  }
  const before = problems.length;
  for (const name of TWILIO_REQUIRED) {
    if (value(env, name) === undefined) problems.push(`${name} is required for SMS and voice (${given.join(', ')} ${given.length === 1 ? 'is' : 'are'} set)`);
  }
  const accountSid = value(env, 'FIREWATCH_TWILIO_ACCOUNT_SID');
  if (accountSid !== undefined && !ACCOUNT_SID.test(accountSid)) problems.push('FIREWATCH_TWILIO_ACCOUNT_SID must be an account SID: AC followed by 32 hexadecimal digits');
  const from = value(env, 'FIREWATCH_TWILIO_FROM');
  if (from !== undefined && !E164.test(from)) problems.push(`FIREWATCH_TWILIO_FROM must be a phone number in E.164 form such as +14155550123, got "${from}"`);
  const base = rawBase === undefined ? new URL(DEFAULT_TWILIO_BASE_URL) : httpUrl(rawBase);
  if (base === undefined) problems.push(`FIREWATCH_TWILIO_BASE_URL must be an http(s) URL, got "${rawBase}"`);
  if (problems.length > before) return null;
  return { accountSid: accountSid!, authToken: value(env, 'FIREWATCH_TWILIO_AUTH_TOKEN')!, from: from!, baseUrl: base!.href.replace(/\/+$/, '') };
}

function parse(env: NodeJS.ProcessEnv): Parsed {
  const problems: string[] = [];
  const smtp = parseSmtp(env, problems);
  const twilio = parseTwilio(env, problems);
  const secret = env['FIREWATCH_WEBHOOK_SECRET'] || undefined;
  if (secret !== undefined && secret.length < MIN_WEBHOOK_SECRET) problems.push(`FIREWATCH_WEBHOOK_SECRET must be at least ${MIN_WEBHOOK_SECRET} characters long (it is the HMAC key receivers verify with)`);
  const rawPublic = value(env, 'FIREWATCH_PUBLIC_URL');
  let publicUrl: string | null = null;
  if (rawPublic !== undefined) {
    const url = httpUrl(rawPublic);
    if (url === undefined || url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
      problems.push(`FIREWATCH_PUBLIC_URL must be an http(s) URL without query, fragment or credentials, such as https://firewatch.example.com, got "${rawPublic}"`);
    } else {
      publicUrl = url.href.replace(/\/+$/, '');
    }
  }
  const webhook = secret !== undefined && secret.length >= MIN_WEBHOOK_SECRET ? { secret } : null;
  return { config: { smtp, twilio, webhook, publicUrl }, problems };
}

/**
 * What is wrong with the channel settings in `env`, one sentence per problem, each naming its
 * variable (never quoting a password, token or secret). Empty when everything is usable; a
 * channel with no variables at all is not a problem, just not configured.
 */
export function channelConfigProblems(env: NodeJS.ProcessEnv): string[] {
  return parse(env).problems;
}

/** Whether `channel` can send with `config`'s settings. */
export function isChannelConfigured(config: Pick<ChannelConfig, 'smtp' | 'twilio' | 'webhook'>, channel: ContactChannel): boolean {
  switch (channel) {
    case 'email':
      return config.smtp !== null;
    case 'sms':
    case 'voice':
      return config.twilio !== null;
    case 'webhook':
      return config.webhook !== null;
  }
}

/**
 * The channel settings from the environment. Throws at startup, listing every problem
 * (`channelConfigProblems`), so a typo stops the process instead of failing the first page.
 */
export function readChannelConfig(env: NodeJS.ProcessEnv): ChannelConfig {
  const { config, problems } = parse(env);
  if (problems.length > 0) throw new Error(`Notification channel settings are invalid:\n- ${problems.join('\n- ')}`);
  return { ...config, configured: (channel) => isChannelConfigured(config, channel) };
}

/** `AC0123…cdef`: enough to tell accounts apart on the admin page. */
const maskedSid = (sid: string) => `${sid.slice(0, 6)}…${sid.slice(-4)}`;

/**
 * Each contact channel's state for the admin page, the policy lint and the timeline: what is
 * configured, or which variables are missing. Never contains a password, token or secret.
 */
export function channelStates(config: ChannelConfig): ChannelStateDto[] {
  const noPublicUrl = config.publicUrl === null ? '; FIREWATCH_PUBLIC_URL is not set, so messages carry no acknowledge link' : '';
  const twilioDetail = (what: string) => {
    const twilio = config.twilio!;
    const base = twilio.baseUrl === DEFAULT_TWILIO_BASE_URL ? '' : ` via ${twilio.baseUrl}`;
    const callbacks = config.publicUrl === null ? '; FIREWATCH_PUBLIC_URL is not set, so delivery status callbacks and acknowledge links are off' : '';
    return `Twilio ${what} from ${twilio.from}, account ${maskedSid(twilio.accountSid)}${base}${callbacks}`;
  };
  return CONTACT_CHANNELS.map((channel): ChannelStateDto => {
    if (!config.configured(channel)) {
      const missing = {
        email: 'set FIREWATCH_SMTP_HOST and FIREWATCH_SMTP_FROM',
        sms: 'set FIREWATCH_TWILIO_ACCOUNT_SID, FIREWATCH_TWILIO_AUTH_TOKEN and FIREWATCH_TWILIO_FROM',
        voice: 'set FIREWATCH_TWILIO_ACCOUNT_SID, FIREWATCH_TWILIO_AUTH_TOKEN and FIREWATCH_TWILIO_FROM',
        webhook: 'set FIREWATCH_WEBHOOK_SECRET (the key webhook requests are signed with)',
      }[channel];
      return { channel, configured: false, detail: missing };
    }
    switch (channel) {
      case 'email': {
        const smtp = config.smtp!;
        const security = { starttls: 'STARTTLS', tls: 'TLS', none: 'unencrypted' }[smtp.security];
        const login = smtp.user === null ? 'without login' : `as ${smtp.user}`;
        const certificate = smtp.rejectUnauthorized || smtp.security === 'none' ? '' : ', certificate not checked';
        return { channel, configured: true, detail: `${smtp.host}:${smtp.port} ${security}${certificate} from ${smtp.from}, ${login}${noPublicUrl}` };
      }
      case 'sms':
        return { channel, configured: true, detail: twilioDetail('SMS') };
      case 'voice':
        return { channel, configured: true, detail: twilioDetail('voice calls') };
      case 'webhook':
        return { channel, configured: true, detail: `JSON POST to each person's webhook address, signed with HMAC-SHA256 (X-Firewatch-Signature)${noPublicUrl}` };
    }
  });
}
