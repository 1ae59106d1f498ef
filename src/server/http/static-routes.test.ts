import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { precompressDir } from '../../../scripts/precompress.mjs';
import { alertmanagerPayload, createService, createTestApp } from '../test-support/test-app';
import type { TestApp } from '../test-support/test-app';

// Serving files and compressing answers does not touch the database: SQLite is enough here.

const ASSET = 'assets/index-3f9a1c.js';

/** A small build in `<base>/dist`, pre-compressed by the same function as `vite build`. */
async function buildFixture(): Promise<{ base: string; dir: string; file(name: string): Buffer }> {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'firewatch-static-'));
  const dir = path.join(base, 'dist');
  fs.mkdirSync(path.join(dir, 'assets'), { recursive: true });
  // Beside the build, not in it: no URL may reach it.
  fs.writeFileSync(path.join(base, 'secret.txt'), 'the content of a file beside the build');
  const page = `<!doctype html><html><head><title>Firewatch</title><script type="module" src="/${ASSET}"></script></head><body>${'<div class="card"></div>'.repeat(40)}</body></html>`;
  fs.writeFileSync(path.join(dir, 'index.html'), page);
  fs.writeFileSync(path.join(dir, ASSET), Array.from({ length: 400 }, (_, i) => `export const incident${i} = { id: 'INC-2026-${String(i).padStart(4, '0')}', severity: 'P${(i % 4) + 1}' };`).join('\n'));
  fs.writeFileSync(path.join(dir, 'favicon.svg'), `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><circle cx="16" cy="16" r="14" fill="#dc2626"/><circle cx="16" cy="16" r="6" fill="#fff"/></svg>`);
  // Two bytes cannot shrink: the build leaves it without compressed twins.
  fs.writeFileSync(path.join(dir, 'assets', 'tiny-a1b2.txt'), 'ok');
  await precompressDir(dir);
  return { base, dir, file: (name) => fs.readFileSync(path.join(dir, name)) };
}

describe('the built app, served', () => {
  let t: TestApp;
  let fixture: Awaited<ReturnType<typeof buildFixture>>;
  beforeAll(async () => {
    fixture = await buildFixture();
    t = await createTestApp('sqlite', { staticDir: fixture.dir });
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(fixture.base, { recursive: true, force: true });
  });

  const get = (url: string, headers: Record<string, string> = {}) => t.api({ method: 'GET', url, headers: { cookie: '', ...headers } });

  it('writes brotli and gzip twins at build time only where they are smaller', () => {
    for (const name of ['index.html', ASSET, 'favicon.svg']) {
      expect(zlib.brotliDecompressSync(fixture.file(`${name}.br`))).toEqual(fixture.file(name));
      expect(zlib.gunzipSync(fixture.file(`${name}.gz`))).toEqual(fixture.file(name));
    }
    expect(fixture.file(`${ASSET}.br`).length).toBeLessThan(fixture.file(ASSET).length / 4);
    expect(fs.existsSync(path.join(fixture.dir, 'assets', 'tiny-a1b2.txt.br'))).toBe(false);
    expect(fs.existsSync(path.join(fixture.dir, 'assets', 'tiny-a1b2.txt.gz'))).toBe(false);
  });

  it('sends a hashed asset as brotli to a browser that accepts it, cached for a year as immutable', async () => {
    const response = await get(`/${ASSET}`, { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-encoding']).toBe('br');
    expect(response.headers['content-type']).toMatch(/^(application|text)\/javascript; charset=utf-8$/);
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(response.headers['vary']).toMatch(/accept-encoding/i);
    expect(Number(response.headers['content-length'])).toBe(fixture.file(`${ASSET}.br`).length);
    expect(zlib.brotliDecompressSync(response.rawPayload)).toEqual(fixture.file(ASSET));
  });

  it('sends gzip to a client that accepts gzip but not brotli', async () => {
    const response = await get(`/${ASSET}`, { 'accept-encoding': 'gzip' });
    expect(response.headers['content-encoding']).toBe('gzip');
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(response.headers['vary']).toMatch(/accept-encoding/i);
    expect(zlib.gunzipSync(response.rawPayload)).toEqual(fixture.file(ASSET));
  });

  it('sends the file itself to a client that accepts no compression', async () => {
    for (const headers of [{}, { 'accept-encoding': 'identity' }] as Array<Record<string, string>>) {
      const response = await get(`/${ASSET}`, headers);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-encoding']).toBeUndefined();
      expect(response.headers['vary']).toMatch(/accept-encoding/i);
      expect(response.rawPayload).toEqual(fixture.file(ASSET));
    }
  });

  it('sends a file the build could not shrink as it is, even to a brotli client', async () => {
    const response = await get('/assets/tiny-a1b2.txt', { 'accept-encoding': 'br, gzip' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(response.body).toBe('ok');
  });

  it('serves index.html for / and for page routes with no-cache, so a new build is picked up at once', async () => {
    for (const url of ['/', '/incidents/INC-2026-0001', '/index.html']) {
      const response = await get(url, { accept: 'text/html,application/xhtml+xml', 'accept-encoding': 'br' });
      expect({ url, status: response.statusCode, cache: response.headers['cache-control'], encoding: response.headers['content-encoding'] }).toEqual({ url, status: 200, cache: 'no-cache', encoding: 'br' });
      expect(zlib.brotliDecompressSync(response.rawPayload)).toEqual(fixture.file('index.html'));
    }
  });

  it('caches unhashed public files for an hour only', async () => {
    const response = await get('/favicon.svg', { 'accept-encoding': 'gzip' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('public, max-age=3600');
    expect(zlib.gunzipSync(response.rawPayload)).toEqual(fixture.file('favicon.svg'));
  });

  it('answers a missing asset with a 404 that no cache keeps', async () => {
    const response = await get('/assets/index-0ld0ld.js', { 'accept-encoding': 'br' });
    expect(response.statusCode).toBe(404);
    expect(response.headers['cache-control']).toBeUndefined();
    expect(response.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  it('never serves a file outside the build', async () => {
    for (const url of ['/%2e%2e/secret.txt', '/..%2fsecret.txt', '/assets/../../secret.txt', '/assets/%2e%2e/%2e%2e/secret.txt']) {
      const response = await get(url);
      expect({ url, refused: response.statusCode >= 400 && response.statusCode < 500 }).toEqual({ url, refused: true });
      expect(response.body).not.toContain('beside the build');
      // A browser asking for a page gets the SPA's page instead.
      expect((await get(url, { accept: 'text/html' })).body).not.toContain('beside the build');
    }
  });

  it('compresses a large JSON answer for a client that asks, and it reads the same', async () => {
    const plain = await get('/api/v1/openapi.json');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.length).toBeGreaterThan(1024);
    const br = await get('/api/v1/openapi.json', { 'accept-encoding': 'br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['vary']).toMatch(/accept-encoding/i);
    expect(JSON.parse(zlib.brotliDecompressSync(br.rawPayload).toString('utf8'))).toEqual(plain.json());
    const gzip = await get('/api/v1/openapi.json', { 'accept-encoding': 'gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(zlib.gunzipSync(gzip.rawPayload).toString('utf8'))).toEqual(plain.json());
  });

  it('sends small JSON answers as they are', async () => {
    const response = await get('/healthz', { 'accept-encoding': 'br, gzip' });
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('answers PagerDuty and Alertmanager senders that accept gzip in their own JSON shapes', async () => {
    const { key } = await createService(t);
    const pagerDuty = await t.api({ method: 'POST', url: '/v2/enqueue', headers: { cookie: '', 'accept-encoding': 'gzip' }, payload: { routing_key: key, event_action: 'trigger', payload: { summary: 'Disk full', source: 'db-1', severity: 'critical' } } });
    expect(pagerDuty.statusCode).toBe(202);
    expect(pagerDuty.json()).toMatchObject({ status: 'success', message: 'Event processed' });
    const alertmanager = await t.api({ method: 'POST', url: `/api/v1/integrations/${key}/alertmanager`, headers: { cookie: '', 'accept-encoding': 'gzip' }, payload: alertmanagerPayload() });
    expect(alertmanager.statusCode).toBeLessThan(300);
    expect(alertmanager.json()).toBeDefined();
  });

  it('never compresses the live stream, so each event reaches the browser at once', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as AddressInfo;
    const { headers, first } = await new Promise<{ headers: http.IncomingHttpHeaders; first: string }>((resolve, reject) => {
      const request = http.get({ host: '127.0.0.1', port, path: '/api/v1/events', headers: { cookie: t.admin.cookie, 'accept-encoding': 'br, gzip' } }, (response) => {
        response.once('data', (chunk: Buffer) => {
          resolve({ headers: response.headers, first: chunk.toString('utf8') });
          request.destroy();
        });
      });
      request.on('error', reject);
    });
    expect(headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(headers['content-encoding']).toBeUndefined();
    expect(first).toContain('retry: 2000');
  });
});

describe('with compression turned off (FIREWATCH_COMPRESSION=off)', () => {
  it('sends files and JSON uncompressed whatever the browser accepts', async () => {
    const fixture = await buildFixture();
    const t = await createTestApp('sqlite', { staticDir: fixture.dir, compression: false });
    try {
      const asset = await t.api({ method: 'GET', url: `/${ASSET}`, headers: { 'accept-encoding': 'br, gzip' } });
      expect(asset.headers['content-encoding']).toBeUndefined();
      expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(asset.rawPayload).toEqual(fixture.file(ASSET));
      const json = await t.api({ method: 'GET', url: '/api/v1/openapi.json', headers: { 'accept-encoding': 'br, gzip' } });
      expect(json.headers['content-encoding']).toBeUndefined();
    } finally {
      await t.close();
      fs.rmSync(fixture.base, { recursive: true, force: true });
    }
  });
});
