import path from 'node:path';
import { parseIsoInstant } from '../domain/time/instant';

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  loadDemo: boolean;
  logLevel: string;
  /** Ingestion requests allowed to wait for the writer before new ones are turned away (a backstop). */
  ingestQueueLimit: number;
  /** A write that cannot be committed within this many milliseconds is refused at once (ADR 0006). */
  admissionWaitMs: number;
  /** Sustained events per second accepted per integration key (token bucket); 0 turns it off. */
  ingestRatePerKey: number;
  staticDir: string | undefined;
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  trustProxy: boolean;
  /** FIREWATCH_COMPRESSION=off: everything goes out uncompressed (a compressing proxy in front, or to measure). */
  compression: boolean;
  /** Webhooks (and every outbound request) may reach loopback, private and link-local addresses. */
  allowPrivateWebhooks: boolean;
  /**
   * FIREWATCH_TEST_CLOCK=1 (end-to-end tests only): the server's clock starts at
   * FIREWATCH_TEST_CLOCK_START (or now) and `POST /api/v1/test/clock` moves it forward. Refused
   * when NODE_ENV=production, so it can never be switched on there.
   */
  testClock: { start: number | undefined } | undefined;
  /** The public status page: FIREWATCH_STATUS_PAGE_NAME, FIREWATCH_STATUS_ZONE (IANA, days of the uptime bars), FIREWATCH_STATUS_HOST (its own host name). */
  statusPage: { name: string; zone: string; host: string | undefined };
};

function positiveInt(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

function testClockSetting(env: NodeJS.ProcessEnv): Config['testClock'] {
  if (env['FIREWATCH_TEST_CLOCK'] !== '1') return undefined;
  if (env['NODE_ENV'] === 'production') throw new Error('FIREWATCH_TEST_CLOCK cannot be used with NODE_ENV=production');
  const startText = env['FIREWATCH_TEST_CLOCK_START'];
  if (!startText) return { start: undefined };
  const start = parseIsoInstant(startText);
  if (start === undefined) throw new Error(`FIREWATCH_TEST_CLOCK_START must be an instant such as 2026-01-14T12:00:00Z, got "${startText}"`);
  return { start };
}

function statusZone(raw: string | undefined): string {
  const zone = raw || 'UTC';
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
  } catch {
    throw new Error(`FIREWATCH_STATUS_ZONE must be an IANA time zone such as Europe/Berlin, got "${zone}"`);
  }
  return zone;
}

/** Reads configuration from the environment; every setting has a working default. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: positiveInt('PORT', env['PORT'], 8080),
    host: env['HOST'] ?? '0.0.0.0',
    dataDir: path.resolve(env['FIREWATCH_DATA_DIR'] ?? './data'),
    databaseUrl: env['DATABASE_URL'] || undefined,
    loadDemo: env['FIREWATCH_DEMO'] === '1' || env['FIREWATCH_DEMO'] === 'true',
    logLevel: env['LOG_LEVEL'] ?? 'info',
    ingestQueueLimit: positiveInt('FIREWATCH_INGEST_QUEUE_LIMIT', env['FIREWATCH_INGEST_QUEUE_LIMIT'], 20_000),
    admissionWaitMs: positiveInt('FIREWATCH_ADMISSION_WAIT_MS', env['FIREWATCH_ADMISSION_WAIT_MS'], 2_000),
    ingestRatePerKey: positiveInt('FIREWATCH_INGEST_RATE_PER_KEY', env['FIREWATCH_INGEST_RATE_PER_KEY'], 5_000),
    staticDir: env['FIREWATCH_STATIC_DIR'] ? path.resolve(env['FIREWATCH_STATIC_DIR']) : undefined,
    adminEmail: env['FIREWATCH_ADMIN_EMAIL'] || undefined,
    adminPassword: env['FIREWATCH_ADMIN_PASSWORD'] || undefined,
    trustProxy: env['FIREWATCH_TRUST_PROXY'] === '1' || env['FIREWATCH_TRUST_PROXY'] === 'true',
    compression: !['0', 'off', 'false'].includes(env['FIREWATCH_COMPRESSION'] ?? ''),
    allowPrivateWebhooks: env['FIREWATCH_ALLOW_PRIVATE_WEBHOOKS'] === '1' || env['FIREWATCH_ALLOW_PRIVATE_WEBHOOKS'] === 'true',
    testClock: testClockSetting(env),
    statusPage: { name: env['FIREWATCH_STATUS_PAGE_NAME'] || 'Firewatch', zone: statusZone(env['FIREWATCH_STATUS_ZONE']), host: env['FIREWATCH_STATUS_HOST'] || undefined },
  };
}
