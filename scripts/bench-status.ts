// The public status page under an outage's traffic: the real server (`node --import tsx
// src/server/main.ts`, NODE_ENV=production) on a temporary SQLite database, components and an open
// public incident written into it, one public update per second written while autocannon loads
// /status and /status/api/v2/summary.json; then the page's Largest Contentful Paint on cold loads
// in Chromium. Results go to docs/benchmarks.md (block "bench-status").
//
//   npm run bench:status [-- --duration 10 --connections 50]
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from './chromium-path.mjs';
import { machineTable, writeBenchmarkBlock } from './bench-docs';

type AutocannonResult = { requests: { average: number; total: number }; latency: { p50: number; p99: number; max: number }; non2xx: number; errors: number; timeouts: number };
const require = createRequire(import.meta.url);
const autocannon = require('autocannon') as (options: { url: string; connections: number; duration: number; headers?: Record<string, string> }) => Promise<AutocannonResult>;

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const HOST = '127.0.0.1';

function arg(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen({ host: HOST, port: 0 }, () => {
      const port = (probe.address() as net.AddressInfo).port;
      probe.close(() => resolve(port));
    });
  });
}

async function startServer(): Promise<{ child: ChildProcess; port: number; dataDir: string; output: string[] }> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'firewatch-bench-status-'));
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST, FIREWATCH_DATA_DIR: dataDir, LOG_LEVEL: 'warn', FIREWATCH_DEMO: '0', NODE_ENV: 'production', FIREWATCH_STATUS_PAGE_NAME: 'Acme' };
  delete env['DATABASE_URL'];
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  child.stdout?.on('data', (c: Buffer) => output.push(c.toString()));
  child.stderr?.on('data', (c: Buffer) => output.push(c.toString()));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output.join('')}`);
    const ok = await fetch(`http://${HOST}:${port}/readyz`).then((r) => r.status === 200, () => false);
    if (ok) return { child, port, dataDir, output };
    await sleep(100);
  }
  child.kill('SIGTERM');
  throw new Error(`server not ready:\n${output.join('')}`);
}

/** Components, 90 days of history with one outage, an open public incident: what an outage page holds. */
function seed(db: Database.Database, now: number): { incident: string; components: string[] } {
  const day = 86_400_000;
  const names = ['Checkout', 'Payments API', 'Search', 'Accounts', 'Web app', 'Mobile API', 'Webhooks', 'Docs site'];
  const components = names.map((name, i) => {
    const id = `cmp_${i}`;
    const status = i === 0 ? 'partial_outage' : 'operational';
    db.prepare('INSERT INTO status_components (id, name, name_key, group_name, position, description, status, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?)').run(id, name, name.toLowerCase(), i < 4 ? 'Shop' : 'Platform', i, null, status, now - 100 * day, now);
    db.prepare('INSERT INTO status_component_history (id, component_id, status, from_at, to_at) VALUES (?,?,?,?,?)').run(randomUUID(), id, 'operational', now - 100 * day, i === 0 ? now - 3_600_000 : null);
    if (i === 0) db.prepare('INSERT INTO status_component_history (id, component_id, status, from_at, to_at) VALUES (?,?,?,?,?)').run(randomUUID(), id, 'partial_outage', now - 3_600_000, null);
    return id;
  });
  const incident = 'pi_bench';
  db.prepare(
    'INSERT INTO public_incidents (id, incident_id, title, impact, phase, created_at, updated_at, identified_at, monitoring_at, resolved_at, next_update_due_at, summary, version) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)',
  ).run(incident, null, 'Checkout errors', 'major', 'investigating', now - 3_600_000, now, null, null, null, now + 1_800_000, null, 1);
  db.prepare('INSERT INTO public_incident_components (public_incident_id, component_id, status) VALUES (?,?,?)').run(incident, components[0], 'partial_outage');
  return { incident, components };
}

let updates = 0;
/** One public update, the way the admin service writes it: the update, the incident, a status.* event. */
function postUpdate(db: Database.Database, incident: string): void {
  const now = Date.now();
  updates += 1;
  db.transaction(() => {
    db.prepare('INSERT INTO public_updates (id, public_incident_id, phase, body, components, created_at, author_id) VALUES (?,?,?,?,?,?,?)').run(randomUUID(), incident, 'identified', `Update ${updates}: we are still working on the fix.`, '[]', now, null);
    db.prepare('UPDATE public_incidents SET phase = ?, updated_at = ?, next_update_due_at = ?, version = version + 1 WHERE id = ?').run('identified', now, now + 1_800_000, incident);
    db.prepare('INSERT INTO events (at, kind, incident_id, service_id, actor_type, actor_name, data) VALUES (?,?,?,?,?,?,?)').run(now, 'status.public_update', null, null, 'system', 'bench', JSON.stringify({ publicIncidentId: incident }));
  })();
}

async function load(url: string, connections: number, duration: number): Promise<AutocannonResult> {
  // As browsers and CDNs ask for it: the compressed body cached beside the plain one.
  return autocannon({ url, connections, duration, headers: { 'accept-encoding': 'gzip, deflate, br' } });
}

async function lcp(url: string, runs: number): Promise<{ values: number[]; version: string }> {
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  const values: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      // A new context each time: an empty cache, a cold load.
      const context = await browser.newContext({ viewport: { width: 375, height: 800 } });
      const page = await context.newPage();
      await page.goto(url, { waitUntil: 'load' });
      const value = await page.evaluate(
        () =>
          new Promise<number>((resolve) => {
            new PerformanceObserver((list) => {
              const entries = list.getEntries();
              resolve(entries[entries.length - 1]!.startTime);
            }).observe({ type: 'largest-contentful-paint', buffered: true });
          }),
      );
      values.push(value);
      await context.close();
    }
    return { values, version: browser.version() };
  } finally {
    await browser.close();
  }
}

const pct = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))]!;

async function main(): Promise<void> {
  const duration = arg('duration', 10);
  const connections = arg('connections', 50);
  const loadAtStart = os.loadavg();
  const server = await startServer();
  const db = new Database(path.join(server.dataDir, 'firewatch.db'));
  db.pragma('busy_timeout = 5000');
  try {
    const { incident } = seed(db, Date.now());
    postUpdate(db, incident);
    const base = `http://${HOST}:${server.port}`;
    await fetch(`${base}/status`);
    const ticker = setInterval(() => postUpdate(db, incident), 1000);
    const before = updates;
    const page = await load(`${base}/status`, connections, duration);
    const summary = await load(`${base}/status/api/v2/summary.json`, connections, duration);
    clearInterval(ticker);
    const posted = updates - before;
    const html = await (await fetch(`${base}/status`)).text();
    const seen = html.includes(`Update ${updates}:`) || html.includes(`Update ${updates - 1}:`);
    const bytes = Buffer.byteLength(html);
    const cold = await lcp(`${base}/status`, 5);

    const row = (name: string, r: AutocannonResult) =>
      `| ${name} | ${Math.round(r.requests.average).toLocaleString('en')} | ${r.latency.p50} | ${r.latency.p99} | ${r.latency.max} | ${r.non2xx} | ${r.errors + r.timeouts} |`;
    const block = [
      '## Status page under load (`npm run bench:status`)',
      '',
      `Run ${new Date().toISOString()}. Goal: ≥ 5,000 requests/s and p99 ≤ 20 ms for each URL while the incident is being updated; LCP on a cold load ≤ 0.5 s.`,
      '',
      machineTable(loadAtStart, [['Chromium', cold.version]]),
      '',
      `autocannon, ${connections} connections, ${duration} s per URL, \`Accept-Encoding: gzip, deflate, br\`, one public update per second written meanwhile (${posted} updates, each a status.* event): the cached body is rebuilt after each.`,
      '',
      '| URL | requests/s | p50 ms | p99 ms | max ms | non-2xx | errors |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
      row('/status', page),
      row('/status/api/v2/summary.json', summary),
      '',
      `The page after the run ${seen ? 'shows' : 'does NOT show'} the last update posted. Page size ${(bytes / 1024).toFixed(1)} KiB uncompressed (8 components, 90-day bars).`,
      '',
      `Largest Contentful Paint, cold load at 375 px, 5 runs (ms): ${cold.values.map((v) => v.toFixed(0)).join(', ')}; median ${pct(cold.values, 50).toFixed(0)} ms, worst ${Math.max(...cold.values).toFixed(0)} ms.`,
      '',
      '- Client and server share the 2 cores, so the numbers are a floor for a separate load generator.',
    ].join('\n');
    const file = writeBenchmarkBlock('bench-status', block);
    process.stdout.write(`${block}\n\nwritten to ${file}\n`);
  } finally {
    db.close();
    server.child.kill('SIGTERM');
    await new Promise((resolve) => server.child.once('exit', resolve));
    fs.rmSync(server.dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
