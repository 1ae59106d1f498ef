import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { buildApp } from '../app';
import type { AppDeps } from '../app';
import { openDatabase } from '../db/database';
import type { DatabaseHandle, Dialect } from '../db/database';
import type { EpochMs } from '../../domain/time/instant';
import { epochMs } from '../../domain/time/instant';

/** The engines server tests run on: SQLite always, PostgreSQL when its URL is given (CI gives it). */
export const ENGINES: Dialect[] = process.env['FIREWATCH_TEST_PG_URL'] ? ['sqlite', 'postgres'] : ['sqlite'];

export type FakeClock = { now(): EpochMs; set(iso: string): void; advance(ms: number): void };

export function fakeClock(startIso = '2026-03-21T02:30:00.000Z'): FakeClock {
  let current = Date.parse(startIso);
  return {
    now: () => epochMs(current),
    set: (iso) => {
      current = Date.parse(iso);
    },
    advance: (ms) => {
      current += ms;
    },
  };
}

export type TestApp = {
  app: FastifyInstance;
  handle: DatabaseHandle;
  clock: FakeClock;
  /** Closes the app and deletes the database. */
  close(): Promise<void>;
};

/** Opens a fresh, empty database on the engine: a temporary SQLite file or a private PostgreSQL schema. */
export async function openTestDatabase(engine: Dialect): Promise<{ handle: DatabaseHandle; cleanup(): Promise<void> }> {
  if (engine === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'firewatch-test-'));
    const handle = await openDatabase({ dialect: 'sqlite', file: path.join(dir, 'firewatch.db') });
    return { handle, cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const url = process.env['FIREWATCH_TEST_PG_URL']!;
  const schema = `fw_test_${randomBytes(6).toString('hex')}`;
  const handle = await openDatabase({ dialect: 'postgres', url, schema });
  return {
    handle,
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
  const app = await buildApp({ ...options, handle, clock });
  await app.ready();
  return {
    app,
    handle,
    clock,
    close: async () => {
      await app.close();
      await cleanup();
    },
  };
}

/** Creates a service over the API and returns its id and first integration key. */
export async function createService(app: FastifyInstance, name = 'Checkout API'): Promise<{ id: string; key: string; keyId: string }> {
  const response = await app.inject({ method: 'POST', url: '/api/v1/services', payload: { name } });
  if (response.statusCode !== 201) throw new Error(`creating service failed: ${response.statusCode} ${response.body}`);
  const body = response.json<{ id: string; integrationKey: string; integrationKeys: Array<{ id: string }> }>();
  return { id: body.id, key: body.integrationKey, keyId: body.integrationKeys[0]!.id };
}

/** Counts rows, so a test can prove that a refused request stored nothing. */
export async function countRows(handle: DatabaseHandle): Promise<{ incidents: number; alerts: number; events: number; services: number; keys: number }> {
  const count = async (table: 'incidents' | 'alerts' | 'events' | 'services' | 'integration_keys') => {
    const row = await handle.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  };
  return {
    incidents: await count('incidents'),
    alerts: await count('alerts'),
    events: await count('events'),
    services: await count('services'),
    keys: await count('integration_keys'),
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
