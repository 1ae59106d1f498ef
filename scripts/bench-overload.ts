/**
 * Overload benchmark (measures and reports; never fails on a missed goal).
 * `npm run bench:overload [-- options]`.
 *
 * Per engine (SQLite, and PostgreSQL in a fresh database on 127.0.0.1:5432) it starts the real
 * server (`node --import tsx src/server/main.ts`) on a temporary data directory and a free port,
 * creates services over HTTP, and for each case — single PagerDuty events, Alertmanager batches
 * of 20 alerts — first measures capacity (closed loop, N connections, a few seconds), then offers
 * several times that rate open loop: requests are sent on a fixed schedule whatever the answers,
 * and each latency is counted from the request's scheduled time (so a slow server cannot slow the
 * offer down and hide its own queue). Loopback only; bounded in count and in time.
 *
 * It reports the offered rate, the share answered within 3 s (goal 100 %), the share refused
 * (503/429), latency p50/p99 and, after the server has stopped, how many 2xx answers are found
 * stored (goal 100 %) and how many refusals are (goal 0). Every request carries a unique dedup key
 * (each opens its own incident), which is what makes each answer checkable in the database.
 *
 * Options: --engines sqlite,postgres (both) --capacity S (4) --duration S (10) --factor N (4)
 *          --connections N (32) --server-root DIR (run another checkout's server, e.g. the old
 *          code for a "before" line) --no-docs --verbose
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { stopChild, trackChild } from './bench-children';
import { cpuModel, writeBenchmarkBlock } from './bench-docs';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const HOST = '127.0.0.1';
const PG_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/test';
/** The promise under test: every request answered (committed or refused) within this. */
const ANSWER_GOAL_MS = 3_000;
/** The load generator gives up on a request after this; it then counts as unanswered. */
const CLIENT_TIMEOUT_MS = 15_000;
/** Upper bound on requests per open-loop case, whatever the measured capacity. */
const MAX_REQUESTS = 80_000;

type Engine = 'sqlite' | 'postgres';
type Options = { engines: Engine[]; capacityS: number; durationS: number; factor: number; connections: number; serverRoot: string; docs: boolean; verbose: boolean };

function parseOptions(argv: readonly string[]): Options {
  const options: Options = { engines: ['sqlite', 'postgres'], capacityS: 4, durationS: 10, factor: 4, connections: 32, serverRoot: projectRoot, docs: true, verbose: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${flag} needs a value`);
      return next;
    };
    const number = () => {
      const parsed = Number(value());
      if (!Number.isFinite(parsed) || parsed <= 0) throw new Error(`${flag} needs a positive number`);
      return parsed;
    };
    if (flag === '--engines') options.engines = value().split(',').map((e) => (e === 'sqlite' || e === 'postgres' ? e : (() => { throw new Error(`unknown engine ${e}`); })()));
    else if (flag === '--capacity') options.capacityS = number();
    else if (flag === '--duration') options.durationS = number();
    else if (flag === '--factor') options.factor = number();
    else if (flag === '--connections') options.connections = Math.round(number());
    else if (flag === '--server-root') options.serverRoot = path.resolve(value());
    else if (flag === '--no-docs') options.docs = false;
    else if (flag === '--verbose') options.verbose = true;
    else throw new Error(`unknown option ${flag}`);
  }
  return options;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const fmt = (value: number, digits = 1) => value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const fmtInt = (value: number) => Math.round(value).toLocaleString('en-US');
const pct = (part: number, whole: number) => (whole === 0 ? '–' : `${fmt((100 * part) / whole)} %`);
const load1 = () => os.loadavg()[0] ?? 0;

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

// ---------------------------------------------------------------------------------------------
// The server under test

type Server = { child: ChildProcess; port: number; dataDir: string; engine: Engine; database: string | undefined; output: string[] };

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen({ host: HOST, port: 0 }, () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function withPgAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const ADMIN = { email: 'overload@example.com', password: 'overload benchmark password' };

async function startServer(engine: Engine, options: Options): Promise<Server> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'firewatch-overload-'));
  const database = engine === 'postgres' ? `fw_overload_${randomBytes(5).toString('hex')}` : undefined;
  if (database) await withPgAdmin((client) => client.query(`CREATE DATABASE ${database}`));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST,
    FIREWATCH_DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
    FIREWATCH_DEMO: '0',
    // The per-key token bucket is off: what is measured is the writer's admission control.
    FIREWATCH_INGEST_RATE_PER_KEY: '0',
    FIREWATCH_ADMIN_EMAIL: ADMIN.email,
    FIREWATCH_ADMIN_PASSWORD: ADMIN.password,
  };
  if (database) env['DATABASE_URL'] = `postgres://postgres@127.0.0.1:5432/${database}`;
  else delete env['DATABASE_URL'];
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], { cwd: options.serverRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  trackChild(child);
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString('utf8'));
    if (options.verbose) process.stderr.write(`[server] ${chunk.toString('utf8')}`);
    if (output.length > 200) output.shift();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const server: Server = { child, port, dataDir, engine, database, output };
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output.join('')}`);
    const ready = await fetch(`http://${HOST}:${port}/readyz`).then((r) => r.status, () => 0);
    if (ready === 200) return server;
    await sleep(100);
  }
  throw new Error(`server did not become ready within 60 s:\n${output.join('')}`);
}

async function stopServer(server: Server): Promise<string> {
  return stopChild(server.child);
}

async function dropServerData(server: Server): Promise<void> {
  fs.rmSync(server.dataDir, { recursive: true, force: true });
  if (server.database) await withPgAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${server.database} WITH (FORCE)`));
}

/** The dedup keys of every stored incident, read after the server has stopped. */
async function storedDedupKeys(server: Server): Promise<Set<string>> {
  if (server.engine === 'sqlite') {
    const db = new SqliteDatabase(path.join(server.dataDir, 'firewatch.db'), { readonly: true, fileMustExist: true });
    try {
      return new Set((db.prepare('select dedup_key from incidents').all() as Array<{ dedup_key: string }>).map((row) => row.dedup_key));
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:5432/${server.database}` });
  await client.connect();
  try {
    return new Set((await client.query<{ dedup_key: string }>('select dedup_key from incidents')).rows.map((row) => row.dedup_key));
  } finally {
    await client.end();
  }
}

async function createServices(port: number, count: number): Promise<string[]> {
  const session = await fetch(`http://${HOST}:${port}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
  if (session.status !== 200) throw new Error(`sign-in answered ${session.status}: ${await session.text()}`);
  const cookie = (session.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const keys: string[] = [];
  for (let i = 0; i < count; i++) {
    const response = await fetch(`http://${HOST}:${port}/api/v1/services`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ name: `overload-${i}` }) });
    if (response.status !== 201) throw new Error(`POST /api/v1/services answered ${response.status}: ${await response.text()}`);
    keys.push(((await response.json()) as { integrationKey: string }).integrationKey);
  }
  return keys;
}

// ---------------------------------------------------------------------------------------------
// Workloads: every request has a unique dedup key, so each 2xx can be looked up afterwards.

type Request = { path: string; body: string; dedupKey: string };
type Case = { name: string; label: string; make(keys: readonly string[], tag: string, n: number): Request };

const CASES: Case[] = [
  {
    name: 'pagerduty',
    label: 'PagerDuty Events v2, single events',
    make: (keys, tag, n) => {
      const dedupKey = `${tag}-${n}`;
      const body = { routing_key: keys[n % keys.length], event_action: 'trigger', dedup_key: dedupKey, payload: { summary: `checkout latency p99 over 2 s (${n})`, source: `api-${n % 17}`, severity: n % 5 === 0 ? 'critical' : 'error', custom_details: { region: 'eu-west-1', p99_ms: 2000 + (n % 900) } } };
      return { path: '/v2/enqueue', body: JSON.stringify(body), dedupKey };
    },
  },
  {
    name: 'alertmanager',
    label: 'Alertmanager, batches of 20 alerts',
    make: (keys, tag, n) => {
      const dedupKey = `${tag}-${n}`;
      const alerts = Array.from({ length: 20 }, (_, a) => ({
        status: 'firing',
        labels: { alertname: 'HighRequestLatency', cluster: 'prod-eu-west-1', service: 'checkout', severity: a === 0 ? 'critical' : 'warning', instance: `pod-${a}`, namespace: 'checkout' },
        annotations: { summary: `pod-${a}: p99 latency over 2 s`, runbook_url: 'https://runbooks.example/latency' },
        startsAt: '2026-11-01T08:00:00Z',
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: 'http://prometheus.example:9090/graph?g0.expr=latency',
        fingerprint: `${n.toString(16)}-${a}`,
      }));
      const body = { version: '4', groupKey: dedupKey, truncatedAlerts: 0, status: 'firing', receiver: 'firewatch', groupLabels: { alertname: 'HighRequestLatency' }, commonLabels: { alertname: 'HighRequestLatency' }, commonAnnotations: {}, externalURL: 'http://alertmanager.example:9093', alerts };
      return { path: `/api/v1/integrations/${keys[n % keys.length]}/alertmanager`, body: JSON.stringify(body), dedupKey };
    },
  },
];

type Answer = { status: number; latencyMs: number; dedupKey: string };

/**
 * A keep-alive HTTP/1.1 connection on a raw socket, one request in flight: far cheaper for the
 * load generator than node:http, which matters when it shares two cores with the server.
 * Responses must carry Content-Length (Fastify's do).
 */
class Connection {
  private socket: net.Socket;
  private buffer: Buffer = Buffer.alloc(0);
  private waiting: ((status: number) => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  readonly connected: Promise<boolean>;
  closed = false;

  constructor(port: number) {
    this.socket = net.connect({ host: HOST, port });
    this.socket.setNoDelay(true);
    this.connected = new Promise((resolve) => {
      this.socket.once('connect', () => resolve(true));
      this.socket.once('error', () => resolve(false));
    });
    this.socket.on('data', (chunk: Buffer) => this.onData(chunk));
    this.socket.on('error', () => this.finish(0));
    this.socket.on('close', () => {
      this.closed = true;
      this.finish(0);
    });
  }

  request(port: number, request: Request): Promise<number> {
    return new Promise((resolve) => {
      this.waiting = resolve;
      this.timer = setTimeout(() => {
        this.finish(0);
        this.socket.destroy();
      }, CLIENT_TIMEOUT_MS);
      const length = Buffer.byteLength(request.body);
      this.socket.write(`POST ${request.path} HTTP/1.1\r\nHost: ${HOST}:${port}\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n${request.body}`);
    });
  }

  private onData(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const end = this.buffer.indexOf('\r\n\r\n');
    if (end < 0) return;
    const head = this.buffer.toString('latin1', 0, end);
    const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
    if (this.buffer.length < end + 4 + length) return;
    this.buffer = Buffer.from(this.buffer.subarray(end + 4 + length));
    if (/\r\nconnection:\s*close/i.test(head)) this.socket.end();
    this.finish(Number(head.slice(9, 12)));
  }

  private finish(status: number): void {
    clearTimeout(this.timer);
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.(status);
  }

  destroy(): void {
    this.socket.destroy();
  }
}

/** Idle connections, opened ahead of time so the offer does not begin with a burst of handshakes. */
class Pool {
  private idle: Connection[] = [];
  private all = new Set<Connection>();
  opened = 0;

  constructor(private readonly port: number) {}

  async warm(count: number): Promise<void> {
    for (let i = 0; i < count; i += 64) {
      const batch = Array.from({ length: Math.min(64, count - i) }, () => this.open());
      await Promise.all(batch.map((c) => c.connected));
      this.idle.push(...batch.filter((c) => !c.closed));
    }
  }

  private open(): Connection {
    const connection = new Connection(this.port);
    this.all.add(connection);
    this.opened++;
    return connection;
  }

  async send(request: Request, startedAt: number): Promise<Answer> {
    let connection = this.idle.pop();
    while (connection?.closed) connection = this.idle.pop();
    if (!connection) {
      connection = this.open();
      if (!(await connection.connected)) return { status: 0, latencyMs: performance.now() - startedAt, dedupKey: request.dedupKey };
    }
    const status = await connection.request(this.port, request);
    if (!connection.closed) this.idle.push(connection);
    return { status, latencyMs: performance.now() - startedAt, dedupKey: request.dedupKey };
  }

  close(): void {
    for (const connection of this.all) connection.destroy();
  }
}

/** Closed loop: `connections` senders, each waiting for its answer before the next; 2xx per second. */
async function capacity(port: number, make: (n: number) => Request, seconds: number, connections: number): Promise<number> {
  const pool = new Pool(port);
  await pool.warm(connections);
  const end = performance.now() + seconds * 1000;
  let n = 0;
  let ok = 0;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < end) {
        const answer = await pool.send(make(n++), performance.now());
        if (answer.status >= 200 && answer.status < 300) ok++;
      }
    }),
  );
  pool.close();
  return ok / seconds;
}

/**
 * Open loop: request i is sent at start + i / rate, whatever the server does, on an idle
 * connection (a new one when all are busy); latency counts from the scheduled time.
 */
async function openLoop(port: number, make: (n: number) => Request, rate: number, seconds: number): Promise<{ answers: Answer[]; connections: number; openedDuringOffer: number; generatorLagP99Ms: number }> {
  const total = Math.min(MAX_REQUESTS, Math.round(rate * seconds));
  const pool = new Pool(port);
  // Enough connections for a second of requests in flight; more are opened on demand (counted).
  await pool.warm(Math.min(6_000, Math.ceil(rate)));
  const warmed = pool.opened;
  const answers: Array<Promise<Answer>> = [];
  // The generator's own event-loop delay: when it is large, latencies measure the generator.
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  const start = performance.now();
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate) + 1);
      while (answers.length < due) {
        const n = answers.length;
        answers.push(pool.send(make(n), start + (n / rate) * 1000));
      }
      if (answers.length >= total) {
        clearInterval(timer);
        resolve();
      }
    }, 2);
  });
  const settled = await Promise.all(answers);
  lag.disable();
  pool.close();
  return { answers: settled, connections: pool.opened, openedDuringOffer: pool.opened - warmed, generatorLagP99Ms: lag.percentile(99) / 1e6 };
}

type CaseResult = {
  engine: Engine;
  label: string;
  capacityPerS: number;
  offeredPerS: number;
  requests: number;
  withinGoal: number;
  refused: number;
  ok: number;
  other: Record<string, number>;
  p50: number;
  p99: number;
  okStored: number;
  refusedStored: number;
  load: [number, number];
  connections: number;
  openedDuringOffer: number;
  generatorLagP99Ms: number;
};

async function runEngine(engine: Engine, options: Options): Promise<{ results: CaseResult[]; stopped: string }> {
  const server = await startServer(engine, options);
  try {
    const keys = await createServices(server.port, 4);
    const pending: Array<{ result: CaseResult; answers: Answer[] }> = [];
    for (const workload of CASES) {
      const loadBefore = load1();
      const tag = `${workload.name}-${randomBytes(3).toString('hex')}`;
      const capacityPerS = await capacity(server.port, (n) => workload.make(keys, `${tag}-cap`, n), options.capacityS, options.connections);
      // Let the closed loop's last commits land before the offer starts.
      await sleep(1_000);
      const offeredPerS = Math.max(10, capacityPerS * options.factor);
      console.log(`${engine} · ${workload.label}: capacity ${fmtInt(capacityPerS)}/s; offering ${fmtInt(offeredPerS)}/s for ${options.durationS} s …`);
      const { answers, connections, openedDuringOffer, generatorLagP99Ms } = await openLoop(server.port, (n) => workload.make(keys, tag, n), offeredPerS, options.durationS);
      const latencies = answers.filter((a) => a.status !== 0).map((a) => a.latencyMs).sort((a, b) => a - b);
      const other: Record<string, number> = {};
      for (const answer of answers) {
        if ((answer.status >= 200 && answer.status < 300) || answer.status === 429 || answer.status === 503) continue;
        const key = answer.status === 0 ? 'no answer' : String(answer.status);
        other[key] = (other[key] ?? 0) + 1;
      }
      pending.push({
        answers,
        result: {
          engine,
          label: workload.label,
          capacityPerS,
          offeredPerS,
          requests: answers.length,
          withinGoal: answers.filter((a) => a.status !== 0 && a.latencyMs <= ANSWER_GOAL_MS).length,
          refused: answers.filter((a) => a.status === 429 || a.status === 503).length,
          ok: answers.filter((a) => a.status >= 200 && a.status < 300).length,
          other,
          p50: percentile(latencies, 50),
          p99: percentile(latencies, 99),
          okStored: 0,
          refusedStored: 0,
          load: [loadBefore, load1()],
          connections,
          openedDuringOffer,
          generatorLagP99Ms,
        },
      });
      // Let the queue empty before the next case.
      await sleep(3_000);
    }
    const stopped = await stopServer(server);
    const stored = await storedDedupKeys(server);
    for (const { result, answers } of pending) {
      result.okStored = answers.filter((a) => a.status >= 200 && a.status < 300 && stored.has(a.dedupKey)).length;
      result.refusedStored = answers.filter((a) => (a.status === 429 || a.status === 503) && stored.has(a.dedupKey)).length;
    }
    return { results: pending.map((p) => p.result), stopped };
  } finally {
    await stopServer(server);
    await dropServerData(server);
  }
}

// ---------------------------------------------------------------------------------------------
// Report

function table(results: readonly CaseResult[]): string {
  const header = ['Engine · case', 'Capacity (closed loop, /s)', 'Offered (open loop, /s)', 'Requests', 'Answered ≤ 3 s (goal 100 %)', 'Refused 503/429', 'Other', 'Latency p50 / p99 (ms)', '2xx stored (goal 100 %)', 'Refused but stored (goal 0)', 'Connections (opened during the offer)', 'Generator loop delay p99 (ms)', 'Load avg 1 min'];
  const rows = results.map((r) => [
    `${r.engine} · ${r.label}`,
    fmtInt(r.capacityPerS),
    fmtInt(r.offeredPerS),
    fmtInt(r.requests),
    pct(r.withinGoal, r.requests),
    pct(r.refused, r.requests),
    Object.entries(r.other).map(([status, count]) => `${fmtInt(count)}× ${status}`).join(', ') || '0',
    `${fmtInt(r.p50)} / ${fmtInt(r.p99)}`,
    `${fmtInt(r.okStored)} / ${fmtInt(r.ok)} (${pct(r.okStored, r.ok)})`,
    fmtInt(r.refusedStored),
    `${fmtInt(r.connections)} (${fmtInt(r.openedDuringOffer)})`,
    fmtInt(r.generatorLagP99Ms),
    `${fmt(r.load[0], 2)} → ${fmt(r.load[1], 2)}`,
  ]);
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const options = parseOptions(argv);
  const startedAt = new Date();
  const loadAtStart = os.loadavg().map((v) => v.toFixed(2)).join(' / ');
  const results: CaseResult[] = [];
  const stops: string[] = [];
  for (const engine of options.engines) {
    const { results: engineResults, stopped } = await runEngine(engine, options);
    results.push(...engineResults);
    stops.push(`${engine}: server ${stopped}`);
  }
  const rendered = table(results);
  console.log(`\n${rendered}`);
  if (!options.docs) return;
  const cpu = cpuModel();
  const block = [
    '## Overload: refused at once, never left waiting',
    '',
    `Generated by \`scripts/bench-overload.ts\` on ${startedAt.toISOString().replace(/\.\d+Z$/, 'Z')} (UTC): \`npm run bench:overload${argv.length > 0 ? ` -- ${argv.join(' ')}` : ''}\`.`,
    `${os.availableParallelism()} × ${cpu}, Node ${process.version}; load average at start (1/5/15 min) ${loadAtStart}; ${stops.join('; ')}.`,
    '',
    rendered,
    '',
    `- Per engine one server (\`node --import tsx src/server/main.ts\`, \`NODE_ENV=production\`, \`LOG_LEVEL=warn\`, \`FIREWATCH_INGEST_RATE_PER_KEY=0\`, default wait budget and queue limit), SQLite in a fresh temporary directory or PostgreSQL in a fresh database on 127.0.0.1:5432; the load generator (one Node process, raw HTTP/1.1 sockets) on the same two cores.`,
    `- Capacity: closed loop on ${options.connections} connections for ${options.capacityS} s, 2xx per second. Offer: ${options.factor} × capacity, open loop for ${options.durationS} s (request i sent at i / rate whatever the answers, on an idle keep-alive connection — one second's worth (rate, at most 6,000) opened before the offer, more on demand, one request in flight each; latency counted from the scheduled time, so client-side queueing counts too); the client gives up after ${CLIENT_TIMEOUT_MS / 1000} s ("no answer").`,
    '- Every request has a unique dedup key, so each opens its own incident (heavier than deduplicated repeats) and can be looked up in the database after the server has stopped: "2xx stored" is the share of 2xx answers whose incident exists; "refused but stored" counts 429/503 answers whose incident exists.',
    '',
  ].join('\n');
  console.log(`\nwrote ${path.relative(projectRoot, writeBenchmarkBlock('bench-overload', block))}`);
}

main().catch((error: unknown) => {
  console.error('bench-overload failed:', error);
  process.exit(1);
});
