import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { buildApp } from '../app';
import type { AppDeps } from '../app';
import { openDatabase } from '../db/database';
import type { DatabaseHandle, Dialect } from '../db/database';
import type { TestClock } from './test-clock';
import { createTestClock } from './test-clock';
import type { Role } from '../../domain/access/roles';
import { accessRepository } from '../repositories/access-repository';
import { teamsRepository } from '../repositories/teams-repository';
import { usersRepository } from '../repositories/users-repository';
import { emailKey, hashSecret, newSecret } from '../services/access-service';

/** The engines server tests run on: SQLite always, PostgreSQL when its URL is given (CI gives it). */
export const ENGINES: Dialect[] = process.env['FIREWATCH_TEST_PG_URL'] ? ['sqlite', 'postgres'] : ['sqlite'];

/** The controllable clock every test app runs on (test-clock.ts). */
export type FakeClock = TestClock;

export function fakeClock(startIso = '2026-03-21T02:30:00.000Z'): FakeClock {
  return createTestClock(startIso);
}

export type TestApp = {
  app: FastifyInstance;
  handle: DatabaseHandle;
  clock: FakeClock;
  /** The first admin, created with the app; `api` acts as them. */
  admin: { id: string; cookie: string };
  /** The admin's team (every service created by `createService` belongs to it). */
  teamId: string;
  /** `app.inject` signed in as the admin (pass `headers.cookie` to act as someone else, '' for nobody). */
  api(options: InjectOptions): Promise<LightMyRequestResponse>;
  /** A person with this role and a live session; a manager manages `manages` (default: no team). */
  person(role: Role, options?: { manages?: string[]; name?: string }): Promise<{ id: string; cookie: string; name: string }>;
  /** Closes the app and deletes the database. */
  close(): Promise<void>;
};

/** Opens a fresh, empty database on the engine: a temporary SQLite file or a private PostgreSQL schema. */
export async function openTestDatabase(engine: Dialect): Promise<{ handle: DatabaseHandle; reopen(): Promise<DatabaseHandle>; cleanup(): Promise<void> }> {
  if (engine === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'firewatch-test-'));
    const file = path.join(dir, 'firewatch.db');
    const handle = await openDatabase({ dialect: 'sqlite', file });
    return { handle, reopen: () => openDatabase({ dialect: 'sqlite', file }), cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const url = process.env['FIREWATCH_TEST_PG_URL']!;
  const schema = `fw_test_${randomBytes(6).toString('hex')}`;
  const handle = await openDatabase({ dialect: 'postgres', url, schema });
  return {
    handle,
    /** Another connection to the same database, as a restarted process would open. */
    reopen: () => openDatabase({ dialect: 'postgres', url, schema }),
    cleanup: async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}

export async function createTestApp(engine: Dialect, options: Partial<Omit<AppDeps, 'handle' | 'clock'>> & { clock?: FakeClock } = {}): Promise<TestApp> {
  const { handle, cleanup } = await openTestDatabase(engine);
  const clock = options.clock ?? fakeClock();
  // Admission refuses writes the machine cannot commit within the wait budget; a loaded test machine
  // must not make unrelated tests lose writes, so only tests that pass their own budget see it
  // (ingest-admission.test.ts holds the writer back deterministically).
  const writes = { waitBudgetMs: 10 * 60_000, ...options.writes };
  const app = await buildApp({ ...options, writes, handle, clock });
  await app.ready();
  let counter = 0;
  // People are stored directly and given a session row: hashing real passwords in every test
  // would only slow the suite (sign-in itself is tested in access.test.ts).
  const person = async (role: Role, extra: { manages?: string[]; name?: string } = {}) => {
    counter += 1;
    const id = `user-${counter}-${role}`;
    const name = extra.name ?? `${role[0]!.toUpperCase()}${role.slice(1)} ${counter}`;
    const at = clock.now();
    await usersRepository.insert(handle.db, { id, name, email: `${id}@example.com`, email_key: emailKey(`${id}@example.com`), time_zone: 'Europe/Berlin', quiet_start: null, quiet_end: null, role, password_hash: null, created_at: at, updated_at: at, p1_breaks_quiet: 0 });
    for (const team of extra.manages ?? []) await handle.db.insertInto('team_members').values({ team_id: team, user_id: id, manager: 1 }).execute();
    const token = newSecret();
    await accessRepository.insertSession(handle.db, { id_hash: hashSecret(token), user_id: id, created_at: at, last_seen_at: at, expires_at: at + 12 * 3_600_000, revoked_at: null, ip: null });
    return { id, name, cookie: `fw_session=${token}` };
  };
  const teamId = 'team-operations';
  await teamsRepository.insert(handle.db, { id: teamId, name: 'Operations', name_key: 'operations', created_at: clock.now() });
  const admin = await person('admin', { manages: [teamId], name: 'Ada Admin' });
  const api = (options: InjectOptions) => {
    const headers = { ...(options.headers ?? {}) } as Record<string, string>;
    if (headers['cookie'] === undefined) headers['cookie'] = admin.cookie;
    if (headers['cookie'] === '') delete headers['cookie'];
    return app.inject({ ...options, headers });
  };
  return {
    app,
    handle,
    clock,
    admin,
    teamId,
    api,
    person,
    close: async () => {
      await app.close();
      await cleanup();
    },
  };
}

/** Creates a service over the API (as the admin, in the admin's team) and returns its id and first integration key. */
export async function createService(t: TestApp, name = 'Checkout API'): Promise<{ id: string; key: string; keyId: string }> {
  const response = await t.api({ method: 'POST', url: '/api/v1/services', payload: { name } });
  if (response.statusCode !== 201) throw new Error(`creating service failed: ${response.statusCode} ${response.body}`);
  const body = response.json<{ id: string; integrationKey: string; integrationKeys: Array<{ id: string }> }>();
  return { id: body.id, key: body.integrationKey, keyId: body.integrationKeys[0]!.id };
}

/** Counts rows, so a test can prove that a refused request stored nothing. */
export async function countRows(handle: DatabaseHandle): Promise<{ incidents: number; alerts: number; events: number; services: number; keys: number; audit: number }> {
  const count = async (table: 'incidents' | 'alerts' | 'events' | 'services' | 'integration_keys' | 'audit_log') => {
    const row = await handle.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  };
  return {
    incidents: await count('incidents'),
    alerts: await count('alerts'),
    events: await count('events'),
    services: await count('services'),
    keys: await count('integration_keys'),
    audit: await count('audit_log'),
  };
}

/** An Alertmanager v4 webhook body. */
export function alertmanagerPayload(overrides: {
  groupKey?: string;
  status?: 'firing' | 'resolved';
  alerts?: Array<{ status?: 'firing' | 'resolved'; labels?: Record<string, string>; annotations?: Record<string, string>; fingerprint?: string }>;
  commonLabels?: Record<string, string>;
  commonAnnotations?: Record<string, string>;
} = {}) {
  const status = overrides.status ?? 'firing';
  const alerts = (overrides.alerts ?? [{ labels: { alertname: 'PostgresConnectionsNearLimit', instance: 'db-1', severity: 'critical' }, annotations: { summary: 'db-1: 482 of 500 connections in use' } }]).map(
    (alert, index) => ({
      status: alert.status ?? status,
      labels: alert.labels ?? { alertname: 'PostgresConnectionsNearLimit', instance: `db-${index + 1}` },
      annotations: alert.annotations ?? {},
      startsAt: '2026-03-21T02:29:30Z',
      endsAt: status === 'resolved' ? '2026-03-21T02:40:00Z' : '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus.example:9090/graph?g0.expr=pg_connections',
      ...(alert.fingerprint ? { fingerprint: alert.fingerprint } : {}),
    }),
  );
  return {
    version: '4',
    groupKey: overrides.groupKey ?? '{}:{alertname="PostgresConnectionsNearLimit"}',
    truncatedAlerts: 0,
    status,
    receiver: 'firewatch',
    groupLabels: { alertname: 'PostgresConnectionsNearLimit' },
    commonLabels: overrides.commonLabels ?? { alertname: 'PostgresConnectionsNearLimit' },
    commonAnnotations: overrides.commonAnnotations ?? {},
    externalURL: 'http://alertmanager.example:9093',
    alerts,
  };
}
