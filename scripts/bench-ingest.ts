/**
 * Ingestion and live-update benchmark (a benchmark, not a test: it measures and reports, it
 * never fails on a missed goal). `npm run bench:ingest [-- options]`.
 *
 * Per run it starts the real server (`node --import tsx src/server/main.ts`) as a child process
 * on a fresh temporary SQLite data directory and a free port in 8300–8399, creates services over
 * HTTP, then measures, against 127.0.0.1 only:
 *   1. Alertmanager webhook batches of 10 alerts (closed loop, N keep-alive connections);
 *   2. single PagerDuty Events v2 triggers (closed loop);
 *   3. alert → SSE latency: M EventSource-style clients, PagerDuty triggers sent at a fixed rate.
 * Only 2xx answers count (the server answers 2xx only after the commit). Every loop is bounded
 * in time and in count, and the server is stopped with SIGTERM at the end (SIGKILL if it hangs or
 * the benchmark fails). Results are printed and written between the markers in docs/benchmarks.md;
 * anything outside the markers is kept.
 *
 * Options: --runs N (2) --warmup S (2) --duration S (10) --connections N (64)
 *          --pd-connections N (64) --groups N (3000) --pd-keys N (2000) --sse-clients N (200)
 *          --sse-rate N (100) --sse-duration S (20) --only am,pd,sse --no-docs --cpu-prof --verbose
 */
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import SqliteDatabase from 'better-sqlite3';
import { killAllChildren, stopChild, trackChild } from './bench-children';
import { cpuModel, writeBenchmarkBlock } from './bench-docs';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const HOST = '127.0.0.1';
const PORT_RANGE = [8300, 8399] as const;

// ---------------------------------------------------------------------------------------------
// Options

type Options = {
  runs: number;
  warmupS: number;
  durationS: number;
  connections: number;
  pdConnections: number;
  groups: number;
  pdKeys: number;
  sseClients: number;
  sseRate: number;
  sseDurationS: number;
  sseWarmupS: number;
  services: number;
  only: Set<'am' | 'pd' | 'sse'>;
  docs: boolean;
  cpuProf: boolean;
  verbose: boolean;
};

function parseOptions(argv: readonly string[]): Options {
  const options: Options = {
    runs: 2,
    warmupS: 2,
    durationS: 10,
    connections: 64,
    pdConnections: 64,
    groups: 3000,
    pdKeys: 2000,
    sseClients: 200,
    sseRate: 100,
    sseDurationS: 20,
    sseWarmupS: 2,
    services: 4,
    only: new Set(['am', 'pd', 'sse']),
    docs: true,
    cpuProf: false,
    verbose: false,
  };
  const numeric: Record<string, keyof Options> = {
    '--runs': 'runs',
    '--warmup': 'warmupS',
    '--duration': 'durationS',
    '--connections': 'connections',
    '--pd-connections': 'pdConnections',
    '--groups': 'groups',
    '--pd-keys': 'pdKeys',
    '--sse-clients': 'sseClients',
    '--sse-rate': 'sseRate',
    '--sse-duration': 'sseDurationS',
    '--services': 'services',
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = (argv[i] ?? '').split('=', 2) as [string, string | undefined];
    if (flag === '--no-docs') options.docs = false;
    else if (flag === '--cpu-prof') options.cpuProf = true;
    else if (flag === '--verbose') options.verbose = true;
    else if (flag === '--only') {
      const value = inline ?? argv[++i] ?? '';
      options.only = new Set(value.split(',').filter((part): part is 'am' | 'pd' | 'sse' => ['am', 'pd', 'sse'].includes(part)));
    } else if (flag in numeric) {
      const value = Number(inline ?? argv[++i]);
      if (!Number.isFinite(value) || value <= 0) throw new Error(`${flag} needs a positive number`);
      (options as Record<keyof Options, unknown>)[numeric[flag]!] = value;
    } else {
      throw new Error(`unknown option ${flag} (see the comment at the top of scripts/bench-ingest.ts)`);
    }
  }
  // Hard bounds, whatever the flags say: this runs on shared machines.
  options.runs = Math.min(options.runs, 5);
  options.durationS = Math.min(options.durationS, 120);
  options.sseDurationS = Math.min(options.sseDurationS, 120);
  options.connections = Math.min(options.connections, 512);
  options.pdConnections = Math.min(options.pdConnections, 512);
  options.sseClients = Math.min(options.sseClients, 2000);
  options.sseRate = Math.min(options.sseRate, 2000);
  return options;
}

// ---------------------------------------------------------------------------------------------
// Small helpers

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))]!;
}

type Distribution = { count: number; p50: number; p95: number; p99: number; max: number; mean: number };

function distribution(values: ArrayLike<number>): Distribution {
  const sorted = Float64Array.from(values).sort();
  let sum = 0;
  for (const value of sorted) sum += value;
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.length > 0 ? sorted[sorted.length - 1]! : Number.NaN,
    mean: sorted.length > 0 ? sum / sorted.length : Number.NaN,
  };
}

const fmt = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
const fmtInt = (value: number) => (Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : 'n/a');

/** A deterministic pseudo-random generator, so every run sends the same workload. */
function rng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hex16(random: () => number): string {
  let out = '';
  for (let i = 0; i < 4; i++) out += Math.floor(random() * 0x10000).toString(16).padStart(4, '0');
  return out;
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux only). */
function processCpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return ticks / 100; // USER_HZ is 100 on Linux
  } catch {
    return Number.NaN;
  }
}

function selfCpuSeconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

/** CPU use of the server and of this load generator over a phase, in % of one core. */
class CpuMeter {
  private readonly serverStart: number;
  private readonly selfStart: number;
  private readonly wallStart = performance.now();
  constructor(private readonly pid: number | undefined) {
    this.serverStart = processCpuSeconds(pid);
    this.selfStart = selfCpuSeconds();
  }
  read(): { server: number; bench: number } {
    const wall = (performance.now() - this.wallStart) / 1000;
    return {
      server: ((processCpuSeconds(this.pid) - this.serverStart) / wall) * 100,
      bench: ((selfCpuSeconds() - this.selfStart) / wall) * 100,
    };
  }
}

// ---------------------------------------------------------------------------------------------
// A minimal keep-alive HTTP/1.1 client on a raw socket: it costs the load generator far less CPU
// than node:http or fetch, which matters when both share two cores. One request in flight per
// connection (no pipelining); responses must carry Content-Length (Fastify's always do).

type Reply = { status: number; body: string };

class RawConnection {
  private socket: net.Socket | undefined;
  private ready: Promise<void> | undefined;
  private buffer: Buffer = Buffer.alloc(0);
  private waiting: { resolve(reply: Reply): void; reject(error: Error): void } | undefined;
  private headerEnd = -1;
  private status = 0;
  private bodyLength = 0;
  private closeAfter = false;

  constructor(private readonly port: number) {}

  private open(): Promise<void> {
    const socket = net.connect({ host: HOST, port: this.port });
    socket.setNoDelay(true);
    this.socket = socket;
    this.buffer = Buffer.alloc(0);
    this.headerEnd = -1;
    this.ready = new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('error', reject);
    });
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (error) => this.fail(error));
    socket.on('close', () => {
      if (this.socket === socket) this.socket = undefined;
      this.fail(new Error('connection closed by server'));
    });
    return this.ready;
  }

  async request(method: string, target: string, body: string | undefined, extraHeaders = ''): Promise<Reply> {
    if (!this.socket || this.socket.destroyed) await this.open();
    else await this.ready;
    const socket = this.socket;
    if (!socket) throw new Error('not connected');
    const length = body === undefined ? 0 : Buffer.byteLength(body);
    const head =
      `${method} ${target} HTTP/1.1\r\nHost: ${HOST}:${this.port}\r\nConnection: keep-alive\r\n${extraHeaders}` +
      (body === undefined ? '\r\n' : `Content-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`);
    return new Promise<Reply>((resolve, reject) => {
      this.waiting = { resolve, reject };
      socket.write(body === undefined ? head : head + body);
    });
  }

  private onData(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    if (this.headerEnd < 0) {
      const end = this.buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = this.buffer.toString('latin1', 0, end);
      this.status = Number(head.slice(9, 12));
      const lengthMatch = /\r\ncontent-length:\s*(\d+)/i.exec(head);
      if (!lengthMatch) {
        this.fail(new Error(`response without Content-Length: ${head.split('\r\n')[0] ?? ''}`));
        this.socket?.destroy();
        return;
      }
      this.bodyLength = Number(lengthMatch[1]);
      this.closeAfter = /\r\nconnection:\s*close/i.test(head);
      this.headerEnd = end + 4;
    }
    if (this.buffer.length < this.headerEnd + this.bodyLength) return;
    const body = this.buffer.toString('utf8', this.headerEnd, this.headerEnd + this.bodyLength);
    const rest = this.buffer.subarray(this.headerEnd + this.bodyLength);
    this.buffer = rest.length > 0 ? Buffer.from(rest) : Buffer.alloc(0);
    this.headerEnd = -1;
    const waiting = this.waiting;
    this.waiting = undefined;
    if (this.closeAfter) this.socket?.end();
    waiting?.resolve({ status: this.status, body });
  }

  private fail(error: Error): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.reject(error);
  }

  close(): void {
    this.socket?.destroy();
    this.socket = undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// The server under test

type Server = { child: ChildProcess; port: number; dataDir: string; dbFile: string; profDir: string | undefined; output: string[] };

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ host: HOST, port, exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

async function freePort(): Promise<number> {
  const start = PORT_RANGE[0] + Math.floor(Math.random() * (PORT_RANGE[1] - PORT_RANGE[0] + 1));
  for (let i = 0; i <= PORT_RANGE[1] - PORT_RANGE[0]; i++) {
    const port = PORT_RANGE[0] + ((start - PORT_RANGE[0] + i) % (PORT_RANGE[1] - PORT_RANGE[0] + 1));
    if (await portIsFree(port)) return port;
  }
  throw new Error(`no free port in ${PORT_RANGE[0]}-${PORT_RANGE[1]}`);
}

async function startServer(options: Options): Promise<Server> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'firewatch-bench-'));
  const profDir = options.cpuProf ? path.join(projectRoot, '.reports', 'cpu-prof') : undefined;
  if (profDir) fs.mkdirSync(profDir, { recursive: true });
  const args = [...(profDir ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : []), '--import', 'tsx', 'src/server/main.ts'];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST,
    FIREWATCH_DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    // The per-key token bucket is off: the benchmark measures the writer, not the throttle.
    FIREWATCH_INGEST_RATE_PER_KEY: '0',
    FIREWATCH_DEMO: '0',
    // An admin to create the services and open the event streams with (ingestion needs no session).
    FIREWATCH_ADMIN_EMAIL: BENCH_ADMIN.email,
    FIREWATCH_ADMIN_PASSWORD: BENCH_ADMIN.password,
    NODE_ENV: 'production',
  };
  delete env['DATABASE_URL'];
  const child = spawn(process.execPath, args, { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  trackChild(child);
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    output.push(text);
    if (options.verbose) process.stderr.write(`[server] ${text}`);
    if (output.length > 200) output.shift();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const server: Server = { child, port, dataDir, dbFile: path.join(dataDir, 'firewatch.db'), profDir, output };

  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output.join('')}`);
    const ready = await httpGetStatus(port, '/readyz').catch(() => 0);
    if (ready === 200) return server;
    await sleep(100);
  }
  await stopServer(server);
  throw new Error(`server did not become ready within 60 s:\n${output.join('')}`);
}

function httpGetStatus(port: number, target: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: HOST, port, path: target, agent: false, timeout: 2000 }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('timeout', () => request.destroy(new Error('timeout')));
    request.on('error', reject);
  });
}

async function stopServer(server: Server): Promise<string> {
  return stopChild(server.child);
}

const BENCH_ADMIN = { email: 'bench@example.com', password: 'benchmark admin password' };
/** The admin's session cookie for the current server (set by `signIn`). */
let sessionCookie = '';

async function signIn(port: number): Promise<void> {
  const response = await fetch(`http://${HOST}:${port}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(BENCH_ADMIN) });
  if (response.status !== 200) throw new Error(`sign-in answered ${response.status}: ${await response.text()}`);
  sessionCookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

async function createService(port: number, name: string): Promise<string> {
  const connection = new RawConnection(port);
  try {
    const reply = await connection.request('POST', '/api/v1/services', JSON.stringify({ name }), `Cookie: ${sessionCookie}\r\n`);
    if (reply.status !== 201) throw new Error(`POST /api/v1/services answered ${reply.status}: ${reply.body}`);
    const key = (JSON.parse(reply.body) as { integrationKey: string | null }).integrationKey;
    if (!key) throw new Error('the new service has no integration key');
    return key;
  } finally {
    connection.close();
  }
}

/** Row counts, read from the database file (read-only) between phases. */
function tableCounts(dbFile: string): { incidents: number; open: number; alerts: number; events: number } {
  const db = new SqliteDatabase(dbFile, { readonly: true, fileMustExist: true });
  try {
    const one = (query: string) => Number((db.prepare(query).get() as { n: number }).n);
    return {
      incidents: one('select count(*) as n from incidents'),
      open: one("select count(*) as n from incidents where state <> 'resolved'"),
      alerts: one('select count(*) as n from alerts'),
      events: one('select count(*) as n from events'),
    };
  } finally {
    db.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Workloads

type Request = { target: string; body: string; weight: number };

const SERVICE_NAMES = ['checkout', 'payments', 'search', 'auth', 'catalog', 'shipping', 'inventory', 'notifications'];
const ALERT_NAMES = ['HighRequestLatency', 'HighErrorRate', 'PodCrashLooping', 'NodeDiskPressure', 'KubeMemoryOvercommit', 'TargetDown'];
const CLUSTERS = ['prod-eu-west-1', 'prod-us-east-1', 'prod-ap-south-1'];

/**
 * Alertmanager groups: each has 10 alerts with stable fingerprints and realistic labels. A request
 * picks a group at random: the first request for a group opens its incident, later ones update it
 * (about 18 % of the alerts flip firing/resolved each time, so most updates append a timeline
 * event), and 1 % of requests resolve the whole group, so the next one opens a new incident.
 */
function alertmanagerWorkload(keys: readonly string[], groupCount: number, seed: number): () => Request {
  const random = rng(seed);
  const groups = Array.from({ length: groupCount }, (_, g) => {
    const key = keys[g % keys.length]!;
    const service = `${SERVICE_NAMES[g % SERVICE_NAMES.length]}-${Math.floor(g / SERVICE_NAMES.length)}`;
    const alertname = ALERT_NAMES[g % ALERT_NAMES.length]!;
    const cluster = CLUSTERS[g % CLUSTERS.length]!;
    const severity = g % 5 === 0 ? 'critical' : 'warning';
    const groupLabels = { alertname, cluster, service };
    const commonLabels = { ...groupLabels, severity, job: 'kubernetes-pods', namespace: service.split('-')[0]! };
    const startsAt = new Date(Date.UTC(2026, 10, 1, 8, 0, 0) + g * 1000).toISOString();
    const alerts = Array.from({ length: 10 }, (_, i) => {
      const pod = `${service}-${hex16(random).slice(0, 10)}-${hex16(random).slice(0, 5)}`;
      return {
        labels: { ...commonLabels, instance: `10.${(g >> 8) & 255}.${g & 255}.${i + 10}:8080`, pod, container: 'app' },
        annotations: {
          summary: `${alertname} on ${pod}`,
          description: `${alertname} has been active for more than 5 minutes on pod ${pod} in ${cluster}.`,
          runbook_url: `https://runbooks.example.com/${alertname.toLowerCase()}`,
        },
        startsAt,
        generatorURL: `http://prometheus.${cluster}.example.com:9090/graph?g0.expr=${encodeURIComponent(`${alertname}{service="${service}"}`)}&g0.tab=1`,
        fingerprint: hex16(random),
      };
    });
    return {
      target: `/api/v1/integrations/${key}/alertmanager`,
      groupKey: `{}/{severity=~"critical|warning"}:{alertname="${alertname}", cluster="${cluster}", service="${service}"}`,
      groupLabels,
      commonLabels,
      commonAnnotations: { runbook_url: `https://runbooks.example.com/${alertname.toLowerCase()}` },
      alerts,
    };
  });
  return () => {
    const group = groups[Math.floor(random() * groups.length)]!;
    const resolveAll = random() < 0.01;
    const now = new Date().toISOString();
    const alerts = group.alerts.map((alert) => {
      const resolved = resolveAll || random() < 0.1;
      return { status: resolved ? 'resolved' : 'firing', ...alert, endsAt: resolved ? now : '0001-01-01T00:00:00Z' };
    });
    const body = JSON.stringify({
      version: '4',
      groupKey: group.groupKey,
      truncatedAlerts: 0,
      status: resolveAll ? 'resolved' : 'firing',
      receiver: 'firewatch',
      groupLabels: group.groupLabels,
      commonLabels: group.commonLabels,
      commonAnnotations: group.commonAnnotations,
      externalURL: 'http://alertmanager.example.com:9093',
      alerts,
    });
    return { target: group.target, body, weight: 10 };
  };
}

/** PagerDuty triggers whose dedup_key comes from a pool: the first opens, repeats deduplicate. */
function pagerDutyWorkload(keys: readonly string[], poolSize: number, seed: number): () => Request {
  const random = rng(seed);
  const severities = ['critical', 'error', 'warning', 'info'] as const;
  return () => {
    const k = Math.floor(random() * poolSize);
    const body = JSON.stringify({
      routing_key: keys[k % keys.length],
      event_action: 'trigger',
      dedup_key: `disk-usage-db-${k}`,
      payload: {
        summary: `Disk usage above 90% on db-${k}.prod.example.com (${(90 + random() * 9).toFixed(1)}%)`,
        source: `db-${k}.prod.example.com`,
        severity: severities[k % severities.length],
      },
    });
    return { target: '/v2/enqueue', body, weight: 1 };
  };
}

// ---------------------------------------------------------------------------------------------
// Closed-loop throughput

type ThroughputResult = {
  connections: number;
  measuredS: number;
  requestsPerS: number;
  unitsPerS: number;
  ok: number;
  statuses: Record<string, number>;
  errors: number;
  latency: Distribution;
  cpu: { server: number; bench: number };
};

async function closedLoop(
  port: number,
  serverPid: number | undefined,
  connections: number,
  warmupS: number,
  durationS: number,
  next: () => Request,
): Promise<ThroughputResult> {
  const maxRequests = 5_000_000;
  let issued = 0;
  let ok = 0;
  let units = 0;
  let errors = 0;
  const statuses: Record<string, number> = {};
  const latencies: number[] = [];
  const begin = performance.now();
  const measureFrom = begin + warmupS * 1000;
  const measureTo = measureFrom + durationS * 1000;
  let meter: CpuMeter | undefined;
  let cpu = { server: Number.NaN, bench: Number.NaN };
  const meterStart = setTimeout(() => (meter = new CpuMeter(serverPid)), warmupS * 1000);
  const meterStop = setTimeout(() => (cpu = meter?.read() ?? cpu), (warmupS + durationS) * 1000);
  const pool = Array.from({ length: connections }, () => new RawConnection(port));
  // A request that never answers must not hang the benchmark: the watchdog closes the sockets.
  const watchdog = setTimeout(() => pool.forEach((c) => c.close()), (warmupS + durationS + 30) * 1000);

  async function worker(connection: RawConnection): Promise<void> {
    while (performance.now() < measureTo && issued < maxRequests) {
      issued++;
      const request = next();
      const sentAt = performance.now();
      let status = 0;
      try {
        status = (await connection.request('POST', request.target, request.body)).status;
      } catch {
        status = -1;
      }
      const doneAt = performance.now();
      if (doneAt < measureFrom || doneAt >= measureTo) continue;
      if (status === -1) {
        errors++;
        await sleep(10);
        continue;
      }
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (status >= 200 && status < 300) {
        ok++;
        units += request.weight;
        latencies.push(doneAt - sentAt);
      }
    }
  }

  await Promise.all(pool.map(worker));
  clearTimeout(watchdog);
  clearTimeout(meterStart);
  clearTimeout(meterStop);
  pool.forEach((c) => c.close());
  return {
    connections,
    measuredS: durationS,
    requestsPerS: ok / durationS,
    unitsPerS: units / durationS,
    ok,
    statuses,
    errors,
    latency: distribution(latencies),
    cpu,
  };
}

// ---------------------------------------------------------------------------------------------
// SSE latency

type SseResult = {
  clients: number;
  rate: number;
  sent: number;
  accepted: number;
  expectedDeliveries: number;
  deliveries: number;
  duplicates: number;
  latency: Distribution;
  ack: Distribution;
  cpu: { server: number; bench: number };
};

type SseClient = { request: http.ClientRequest; ready: Promise<void> };

/**
 * One text/event-stream reader on plain node:http. The arrival time is taken when the chunk
 * arrives, before any parsing, so the client's own JSON work does not count as latency.
 */
function openSseClient(port: number, onEvent: (data: string, arrivedAt: number) => void): SseClient {
  let markReady: () => void = () => undefined;
  let markFailed: (error: Error) => void = () => undefined;
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    markFailed = reject;
  });
  const request = http.get({ host: HOST, port, path: '/api/v1/events', agent: false, headers: { accept: 'text/event-stream', cookie: sessionCookie } }, (response) => {
    if (response.statusCode !== 200) {
      markFailed(new Error(`GET /api/v1/events answered ${response.statusCode}`));
      response.resume();
      return;
    }
    response.setEncoding('utf8');
    let buffer = '';
    response.on('data', (chunk: string) => {
      const arrivedAt = performance.now();
      buffer += chunk;
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        const message = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        end = buffer.indexOf('\n\n');
        let type = 'message';
        const data: string[] = [];
        for (const line of message.split('\n')) {
          if (line.startsWith('event:')) type = line.slice(6).trim();
          else if (line.startsWith('data:')) data.push(line.slice(line.startsWith('data: ') ? 6 : 5));
        }
        if (type === 'ready') markReady();
        else if (type === 'message' && data.length > 0) onEvent(data.join('\n'), arrivedAt);
      }
    });
  });
  request.on('error', (error) => markFailed(error));
  return { request, ready };
}

async function sseLatency(port: number, serverPid: number | undefined, keys: readonly string[], options: Options, runTag: string): Promise<SseResult> {
  const prefix = `sse-${runTag}-`;
  const sentAt = new Map<string, number>();
  const measured = new Set<string>();
  const seen = new Set<string>();
  const latencies: number[] = [];
  let deliveries = 0;
  let duplicates = 0;

  const clients = Array.from({ length: options.sseClients }, (_, index) =>
    openSseClient(port, (data, arrivedAt) => {
      const event = JSON.parse(data) as { kind?: string; incident?: { dedupKey?: string | null } };
      const dedupKey = event.incident?.dedupKey;
      if (event.kind !== 'incident.triggered' || typeof dedupKey !== 'string' || !dedupKey.startsWith(prefix)) return;
      const sent = sentAt.get(dedupKey);
      if (sent === undefined || !measured.has(dedupKey)) return;
      const pair = `${index}/${dedupKey}`;
      if (seen.has(pair)) {
        duplicates++;
        return;
      }
      seen.add(pair);
      deliveries++;
      latencies.push(arrivedAt - sent);
    }),
  );
  try {
    await Promise.race([
      Promise.all(clients.map((client) => client.ready)),
      sleep(30_000).then(() => {
        throw new Error('SSE clients did not all receive "ready" within 30 s');
      }),
    ]);

    // Senders: a small pool of keep-alive connections, one request in flight on each.
    const idle: RawConnection[] = [];
    let open = 0;
    const maxOpen = 64;
    const acks: number[] = [];
    let accepted = 0;
    const inFlight = new Set<Promise<void>>();
    const total = Math.round((options.sseWarmupS + options.sseDurationS) * options.sseRate);
    const warmupCount = Math.round(options.sseWarmupS * options.sseRate);
    const interval = 1000 / options.sseRate;
    const severities = ['critical', 'error', 'warning', 'info'] as const;

    const send = (i: number) => {
      let connection = idle.pop();
      if (!connection) {
        if (open >= maxOpen) return; // the server is not keeping up; the miss shows as lost sends
        open++;
        connection = new RawConnection(port);
      }
      const dedupKey = `${prefix}${i}`;
      const isMeasured = i >= warmupCount;
      if (isMeasured) measured.add(dedupKey);
      const at = performance.now();
      const body = JSON.stringify({
        routing_key: keys[i % keys.length],
        event_action: 'trigger',
        dedup_key: dedupKey,
        payload: { summary: `Synthetic check ${i} failed (sent at ${at.toFixed(3)} ms)`, source: `probe-${i % 50}.example.com`, severity: severities[i % 4] },
      });
      sentAt.set(dedupKey, performance.now());
      const conn = connection;
      const promise = conn.request('POST', '/v2/enqueue', body).then(
        (reply) => {
          if (reply.status >= 200 && reply.status < 300 && isMeasured) {
            accepted++;
            acks.push(performance.now() - sentAt.get(dedupKey)!);
          }
          idle.push(conn);
        },
        () => {
          open--;
          conn.close();
        },
      );
      inFlight.add(promise);
      void promise.finally(() => inFlight.delete(promise));
    };

    const meterStartsAt = warmupCount;
    let meter: CpuMeter | undefined;
    const start = performance.now();
    for (let i = 0; i < total; i++) {
      if (i === meterStartsAt) meter = new CpuMeter(serverPid);
      const wait = start + i * interval - performance.now();
      if (wait > 0) await sleep(wait);
      send(i);
    }
    const cpu = meter?.read() ?? { server: Number.NaN, bench: Number.NaN };
    await Promise.race([Promise.allSettled([...inFlight]), sleep(10_000)]);
    // Give the stream time to deliver the last events (bounded).
    const expected = measured.size * options.sseClients;
    const waitUntil = performance.now() + 5000;
    while (deliveries < expected && performance.now() < waitUntil) await sleep(50);
    for (const connection of idle) connection.close();
    return {
      clients: options.sseClients,
      rate: options.sseRate,
      sent: measured.size,
      accepted,
      expectedDeliveries: accepted * options.sseClients,
      deliveries,
      duplicates,
      latency: distribution(latencies),
      ack: distribution(acks),
      cpu,
    };
  } finally {
    for (const client of clients) client.request.destroy();
  }
}

// ---------------------------------------------------------------------------------------------
// One run

type RunResult = {
  index: number;
  port: number;
  alertmanager: ThroughputResult | undefined;
  pagerduty: ThroughputResult | undefined;
  sse: SseResult | undefined;
  countsAfterAm: ReturnType<typeof tableCounts> | undefined;
  countsAfterPd: ReturnType<typeof tableCounts> | undefined;
  stopped: string;
  /** 1-minute load average before and after the run: other work on the machine shows here. */
  load: [number, number];
};

async function runOnce(options: Options, index: number): Promise<RunResult> {
  const server = await startServer(options);
  const result: RunResult = { index, port: server.port, alertmanager: undefined, pagerduty: undefined, sse: undefined, countsAfterAm: undefined, countsAfterPd: undefined, stopped: '', load: [os.loadavg()[0]!, Number.NaN] };
  console.log(`run ${index}: server pid ${server.child.pid} on ${HOST}:${server.port}, data ${server.dataDir}`);
  try {
    const keys: string[] = [];
    await signIn(server.port);
    for (let s = 0; s < options.services; s++) keys.push(await createService(server.port, `bench-${SERVICE_NAMES[s % SERVICE_NAMES.length]}-${s}`));

    if (options.only.has('am')) {
      console.log(`run ${index}: Alertmanager batches of 10, ${options.connections} connections, ${options.warmupS} s warm-up + ${options.durationS} s…`);
      result.alertmanager = await closedLoop(server.port, server.child.pid, options.connections, options.warmupS, options.durationS, alertmanagerWorkload(keys, options.groups, 1000 + index));
      result.countsAfterAm = tableCounts(server.dbFile);
      console.log(`  ${fmtInt(result.alertmanager.unitsPerS)} alerts/s (${fmtInt(result.alertmanager.requestsPerS)} req/s), statuses ${JSON.stringify(result.alertmanager.statuses)}, errors ${result.alertmanager.errors}`);
    }
    if (options.only.has('pd')) {
      console.log(`run ${index}: PagerDuty single events, ${options.pdConnections} connections, ${options.warmupS} s warm-up + ${options.durationS} s…`);
      result.pagerduty = await closedLoop(server.port, server.child.pid, options.pdConnections, options.warmupS, options.durationS, pagerDutyWorkload(keys, options.pdKeys, 2000 + index));
      result.countsAfterPd = tableCounts(server.dbFile);
      console.log(`  ${fmtInt(result.pagerduty.unitsPerS)} events/s, statuses ${JSON.stringify(result.pagerduty.statuses)}, errors ${result.pagerduty.errors}`);
    }
    if (options.only.has('sse')) {
      console.log(`run ${index}: SSE latency, ${options.sseClients} clients, ${options.sseRate} events/s, ${options.sseWarmupS} s warm-up + ${options.sseDurationS} s…`);
      result.sse = await sseLatency(server.port, server.child.pid, keys, options, `${Date.now().toString(36)}-${index}`);
      console.log(`  p50 ${fmt(result.sse.latency.p50)} ms, p99 ${fmt(result.sse.latency.p99)} ms, max ${fmt(result.sse.latency.max)} ms, ${result.sse.deliveries}/${result.sse.expectedDeliveries} deliveries`);
    }
  } catch (error) {
    server.child.kill('SIGKILL');
    console.error(server.output.join(''));
    throw error;
  } finally {
    result.load[1] = os.loadavg()[0]!;
    result.stopped = await stopServer(server);
    fs.rmSync(server.dataDir, { recursive: true, force: true });
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Report

function machine(): Record<string, string> {
  const cpu = cpuModel();
  let nproc = String(os.availableParallelism());
  try {
    nproc = execFileSync('nproc', { encoding: 'utf8' }).trim();
  } catch {
    /* keep availableParallelism */
  }
  let distro = `${os.type()} ${os.release()}`;
  try {
    const pretty = /PRETTY_NAME="?([^"\n]+)"?/.exec(fs.readFileSync('/etc/os-release', 'utf8'))?.[1];
    if (pretty) distro = `${pretty} (kernel ${os.release()})`;
  } catch {
    /* keep uname */
  }
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd: projectRoot, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: projectRoot, encoding: 'utf8' }).trim();
    if (dirty) commit += ' + uncommitted changes';
  } catch {
    /* not a git checkout */
  }
  return {
    CPU: `${nproc} × ${cpu}`,
    Memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    Node: process.version,
    OS: distro,
    'Load average at start (1/5/15 min)': os
      .loadavg()
      .map((value) => value.toFixed(2))
      .join(' / '),
    'Git commit': commit,
  };
}

const verdict = (ok: boolean) => (ok ? 'met' : '**missed**');

function resultTable(runs: readonly RunResult[]): string {
  const header = ['Measure', 'Goal', ...runs.map((run) => `Run ${run.index}`), 'Verdict (all runs)'];
  const rows: string[][] = [];
  const am = runs.map((run) => run.alertmanager);
  if (am.some(Boolean)) {
    rows.push(['Alertmanager, batches of 10 (alerts/s)', '≥ 10,000', ...am.map((r) => (r ? fmtInt(r.unitsPerS) : '–')), verdict(am.every((r) => !r || r.unitsPerS >= 10_000))]);
    rows.push(['↳ requests/s; latency p50 / p99 (ms)', '', ...am.map((r) => (r ? `${fmtInt(r.requestsPerS)}; ${fmt(r.latency.p50)} / ${fmt(r.latency.p99)}` : '–')), '']);
    rows.push(['↳ non-2xx / socket errors', '0', ...am.map((r) => (r ? `${nonOk(r)} / ${r.errors}` : '–')), '']);
    rows.push(['↳ CPU server / load generator (% of a core)', '', ...am.map((r) => (r ? `${fmt(r.cpu.server, 0)} / ${fmt(r.cpu.bench, 0)}` : '–')), '']);
  }
  const pd = runs.map((run) => run.pagerduty);
  if (pd.some(Boolean)) {
    rows.push(['PagerDuty Events v2, single (events/s)', '≥ 2,000', ...pd.map((r) => (r ? fmtInt(r.unitsPerS) : '–')), verdict(pd.every((r) => !r || r.unitsPerS >= 2_000))]);
    rows.push(['↳ latency p50 / p99 (ms)', '', ...pd.map((r) => (r ? `${fmt(r.latency.p50)} / ${fmt(r.latency.p99)}` : '–')), '']);
    rows.push(['↳ non-2xx / socket errors', '0', ...pd.map((r) => (r ? `${nonOk(r)} / ${r.errors}` : '–')), '']);
    rows.push(['↳ CPU server / load generator (% of a core)', '', ...pd.map((r) => (r ? `${fmt(r.cpu.server, 0)} / ${fmt(r.cpu.bench, 0)}` : '–')), '']);
  }
  const sse = runs.map((run) => run.sse);
  if (sse.some(Boolean)) {
    rows.push(['Alert → SSE client, p99 (ms)', '≤ 100', ...sse.map((r) => (r ? fmt(r.latency.p99) : '–')), verdict(sse.every((r) => !r || (r.latency.p99 <= 100 && r.deliveries >= r.expectedDeliveries)))]);
    rows.push(['↳ p50 / p95 / max (ms)', '', ...sse.map((r) => (r ? `${fmt(r.latency.p50)} / ${fmt(r.latency.p95)} / ${fmt(r.latency.max)}` : '–')), '']);
    rows.push(['↳ POST → 202 p50 / p99 (ms)', '', ...sse.map((r) => (r ? `${fmt(r.ack.p50)} / ${fmt(r.ack.p99)}` : '–')), '']);
    rows.push(['↳ deliveries received / expected', 'all', ...sse.map((r) => (r ? `${fmtInt(r.deliveries)} / ${fmtInt(r.expectedDeliveries)}${r.duplicates ? ` (+${r.duplicates} dup)` : ''}` : '–')), '']);
    rows.push(['↳ CPU server / load generator (% of a core)', '', ...sse.map((r) => (r ? `${fmt(r.cpu.server, 0)} / ${fmt(r.cpu.bench, 0)}` : '–')), '']);
  }
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

function nonOk(result: ThroughputResult): string {
  const other = Object.entries(result.statuses).filter(([status]) => !status.startsWith('2'));
  return other.length === 0 ? '0' : other.map(([status, count]) => `${count}×${status}`).join(', ');
}

function renderBlock(options: Options, runs: readonly RunResult[], command: string, startedAt: Date): string {
  const info = machine();
  const counts = runs
    .map((run) => {
      const parts: string[] = [];
      if (run.countsAfterAm) parts.push(`after Alertmanager: ${fmtInt(run.countsAfterAm.incidents)} incidents (${fmtInt(run.countsAfterAm.open)} open), ${fmtInt(run.countsAfterAm.alerts)} alerts, ${fmtInt(run.countsAfterAm.events)} timeline events`);
      if (run.countsAfterPd) parts.push(`after PagerDuty: ${fmtInt(run.countsAfterPd.incidents)} incidents, ${fmtInt(run.countsAfterPd.events)} events`);
      return `- Run ${run.index} (port ${run.port}, server ${run.stopped}, 1-min load average ${fmt(run.load[0], 2)} → ${fmt(run.load[1], 2)}): ${parts.join('; ') || 'no counts'}`;
    })
    .join('\n');
  return [
    `## Ingestion and live-update benchmark`,
    '',
    `Generated by \`scripts/bench-ingest.ts\` on ${startedAt.toISOString().replace(/\.\d+Z$/, 'Z')} (UTC).`,
    '',
    '```sh',
    command,
    '```',
    '',
    '| Machine | |',
    '| --- | --- |',
    ...Object.entries(info).map(([key, value]) => `| ${key} | ${value} |`),
    '',
    '### Results',
    '',
    resultTable(runs),
    '',
    '### Settings',
    '',
    `- Server: \`node --import tsx src/server/main.ts\`, SQLite (WAL, synchronous=FULL, group commit) on a fresh temporary directory under \`${os.tmpdir()}\` per run, \`LOG_LEVEL=warn\`, \`NODE_ENV=production\`, \`FIREWATCH_INGEST_RATE_PER_KEY=0\` (the per-key token bucket is off so the writer, not the throttle, is measured; the queue-depth limit stays at its default), bound to ${HOST}. The three phases of a run share one server and one database, in order.`,
    `- ${options.services} services created over \`POST /api/v1/services\`; requests are spread over their integration keys.`,
    `- Alertmanager: payload version "4", one group of 10 alerts per request (labels alertname/cluster/service/severity/job/namespace/instance/pod/container, summary/description/runbook annotations, fingerprints, generatorURL); a pool of ${fmtInt(options.groups)} groupKeys picked at random, so the first request for a group opens an incident and later ones update it (≈18 % of alerts flip firing/resolved per update; 1 % of requests resolve the group, so the next one reopens). Closed loop on ${options.connections} keep-alive connections, ${options.warmupS} s warm-up then ${options.durationS} s measured; alerts/s = 10 × 2xx answers completed in the window ÷ ${options.durationS} s.`,
    `- PagerDuty: \`POST /v2/enqueue\`, \`event_action: trigger\`, payload {summary, source, severity}, dedup_key from a pool of ${fmtInt(options.pdKeys)}, so most events deduplicate into an open incident. Closed loop on ${options.pdConnections} connections, same warm-up and window.`,
    `- SSE: ${options.sseClients} clients on \`GET /api/v1/events\` (plain node:http, the text/event-stream parsed by the script), then PagerDuty triggers at ${options.sseRate}/s (each a new dedup_key, so each appends an \`incident.triggered\` event) for ${options.sseWarmupS} s warm-up + ${options.sseDurationS} s. Latency = from just before the POST is written until a client's socket delivers the chunk holding the matching event (matched on \`incident.dedupKey\` after JSON parsing; the arrival time is read before parsing), over every (client, event) pair. The server coalesces frames per client (at most one every 50 ms under load), which is part of what is measured.`,
    `- Load generator: one Node process, raw keep-alive HTTP/1.1 sockets (one request in flight per connection), on the same machine as the server.`,
    '',
    '### Database after each phase',
    '',
    counts,
    '',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const options = parseOptions(argv);
  const startedAt = new Date();
  const command = `npm run bench:ingest${argv.length > 0 ? ` -- ${argv.join(' ')}` : ''}`;
  console.log(`Firewatch ingestion benchmark: ${options.runs} run(s); the load generator shares this machine's ${os.availableParallelism()} cores with the server.`);
  const runs: RunResult[] = [];
  for (let index = 1; index <= options.runs; index++) runs.push(await runOnce(options, index));
  console.log('');
  console.log(resultTable(runs));
  if (options.docs) {
    const file = writeBenchmarkBlock('bench-ingest', renderBlock(options, runs, command, startedAt));
    console.log(`\nwrote ${path.relative(projectRoot, file)}`);
  }
  if (options.cpuProf) console.log(`CPU profiles of the server: ${path.join(projectRoot, '.reports', 'cpu-prof')}`);
}

main().catch((error: unknown) => {
  console.error('bench-ingest failed:', error);
  killAllChildren();
  process.exit(1);
});
