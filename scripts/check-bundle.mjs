#!/usr/bin/env node
// The dashboard's initial JavaScript must stay within 170 KB gzipped (DESIGN.md): the entry
// script plus every script it preloads (what the browser fetches before the first screen). Lazy
// chunks (calendar, charts, markdown) are excluded because they load on demand.
//
// Measured as served: the real server is started on dist/ and a temporary database, and the
// page, its scripts and its style sheets are fetched as a browser would, once with
// `Accept-Encoding: gzip` and once with `br`, counting the body bytes that arrive (what the
// network carries, before decoding). The budget is checked against the gzip bytes; brotli, what
// current browsers get, is printed beside them.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';

const BUDGET_BYTES = 170 * 1024;
const dist = path.resolve('dist');
if (!fs.existsSync(path.join(dist, 'index.html'))) {
  console.error('dist/index.html is missing: run `npx vite build` first');
  process.exit(1);
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
}

/** GET with one Accept-Encoding; the body as it arrived (still encoded) and the encoding used. */
function fetchRaw(port, urlPath, encoding) {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port, path: urlPath, headers: { 'accept-encoding': encoding, accept: urlPath === '/' ? 'text/html' : '*/*' } }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode, encoding: response.headers['content-encoding'] ?? 'identity', body: Buffer.concat(chunks) }));
      response.on('error', reject);
    });
    request.on('error', reject);
  });
}

function decode({ encoding, body }) {
  if (encoding === 'br') return zlib.brotliDecompressSync(body);
  if (encoding === 'gzip') return zlib.gunzipSync(body);
  return body;
}

const port = await freePort();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'firewatch-bundle-'));
const server = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
  env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', FIREWATCH_DATA_DIR: dataDir, FIREWATCH_STATIC_DIR: dist, LOG_LEVEL: 'warn', FIREWATCH_DEMO: '', FIREWATCH_COMPRESSION: '' },
  stdio: ['ignore', 'inherit', 'inherit'],
});
const stop = async () => {
  if (server.exitCode === null) {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
};

let failed = false;
try {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error('the server exited during start');
    const ready = await fetchRaw(port, '/readyz', 'identity').catch(() => undefined);
    if (ready?.status === 200) break;
    if (Date.now() > deadline) throw new Error('the server did not become ready within 30 s');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  const page = await fetchRaw(port, '/', 'gzip');
  const html = decode(page).toString('utf8');
  const scripts = new Set();
  for (const match of html.matchAll(/<script[^>]+src="([^"]+\.js)"/g)) scripts.add(match[1]);
  for (const match of html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g)) scripts.add(match[1]);
  const styles = new Set();
  for (const match of html.matchAll(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+\.css)"/g)) styles.add(match[1]);
  if (scripts.size === 0) throw new Error('no entry scripts found in the served index.html');

  const kb = (bytes) => `${(bytes / 1024).toFixed(1).padStart(7)} KB`;
  const totals = { js: { gzip: 0, br: 0, raw: 0 }, all: { gzip: 0, br: 0, raw: 0 } };
  console.log(`served by the real server (body bytes on the wire)\n${'gzip'.padStart(10)} ${'brotli'.padStart(10)} ${'raw'.padStart(10)}`);
  for (const [url, kind] of [['/', 'page'], ...[...scripts].map((src) => [src, 'js']), ...[...styles].map((href) => [href, 'css'])]) {
    const gzip = await fetchRaw(port, url, 'gzip');
    const br = await fetchRaw(port, url, 'br');
    const raw = await fetchRaw(port, url, 'identity');
    for (const [answer, wanted] of [[gzip, 'gzip'], [br, 'br']]) {
      if (answer.status !== 200) throw new Error(`${url} answered ${answer.status}`);
      if (answer.encoding !== wanted) {
        console.error(`${url} was served as ${answer.encoding} to a client asking for ${wanted}: its pre-compressed file is missing (the build writes it)`);
        failed = true;
      }
      if (!decode(answer).equals(raw.body)) throw new Error(`${url} (${wanted}) does not decode to the file`);
    }
    for (const total of kind === 'js' ? [totals.js, totals.all] : [totals.all]) {
      total.gzip += gzip.body.length;
      total.br += br.body.length;
      total.raw += raw.body.length;
    }
    console.log(`${kb(gzip.body.length)} ${kb(br.body.length)} ${kb(raw.body.length)}  ${url === '/' ? '/ (index.html)' : url}`);
  }
  console.log(`${kb(totals.all.gzip)} ${kb(totals.all.br)} ${kb(totals.all.raw)}  page, scripts and styles before the first screen`);
  console.log(`${kb(totals.js.gzip)} ${kb(totals.js.br)} ${kb(totals.js.raw)}  initial JavaScript; budget ${BUDGET_BYTES / 1024} KB gzipped`);
  if (totals.js.gzip > BUDGET_BYTES) {
    console.error(`Over budget by ${((totals.js.gzip - BUDGET_BYTES) / 1024).toFixed(1)} KB`);
    failed = true;
  }
} catch (error) {
  console.error(`bundle check failed: ${error.message}`);
  failed = true;
} finally {
  await stop();
}
process.exit(failed ? 1 : 0);
