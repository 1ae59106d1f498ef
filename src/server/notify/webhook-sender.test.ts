import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pageFixture } from '../test-support/page-fixture';
import { createTestClock } from '../test-support/test-clock';
import { renderWebhookBody } from './page-message';
import { createWebhookSender, signWebhook, verifyWebhookSignature } from './webhook-sender';

const SECRET = 'whsec-test-0123456789abcdef';
const clock = createTestClock('2026-12-01T03:00:00.000Z');
const NOW_SECONDS = Date.parse('2026-12-01T03:00:00.000Z') / 1000;

type Received = { url: string; headers: http.IncomingHttpHeaders; body: string };
let server: http.Server;
let base: string;
let received: Received[];
let answer: (res: http.ServerResponse) => void;

beforeEach(async () => {
  received = [];
  answer = (res) => res.writeHead(204).end();
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.push({ url: req.url ?? '', headers: req.headers, body });
      answer(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const unstopped = () => new AbortController().signal;
const webhookPage = () => pageFixture({ channel: 'webhook', to: `${base}/hooks/firewatch` });
const sender = (allowPrivate = true) => createWebhookSender({ secret: SECRET, clock, http: { allowPrivate } });

describe('the webhook channel', () => {
  it('POSTs the versioned JSON, signed so that the receiver can verify it', async () => {
    const result = await sender()(webhookPage(), unstopped());
    expect(result).toEqual({ ok: true });
    const [request] = received;
    expect(request!.url).toBe('/hooks/firewatch');
    expect(request!.body).toBe(renderWebhookBody(webhookPage()));
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.headers['x-firewatch-event']).toBe('page');
    expect(request!.headers['x-firewatch-delivery']).toBe('page-0001');
    const signature = request!.headers['x-firewatch-signature'] as string;
    expect(signature).toMatch(new RegExp(`^t=${NOW_SECONDS},v1=[0-9a-f]{64}$`));
    expect(verifyWebhookSignature(SECRET, request!.body, signature, NOW_SECONDS)).toBe(true);
  });

  it('a tampered body, another secret, an old timestamp or no header fail verification', async () => {
    await sender()(webhookPage(), unstopped());
    const { body, headers } = received[0]!;
    const signature = headers['x-firewatch-signature'] as string;
    expect(verifyWebhookSignature(SECRET, body.replace('pool exhausted', 'all is well'), signature, NOW_SECONDS)).toBe(false);
    expect(verifyWebhookSignature('another-secret-0123456789', body, signature, NOW_SECONDS)).toBe(false);
    expect(verifyWebhookSignature(SECRET, body, signature, NOW_SECONDS + 301)).toBe(false);
    expect(verifyWebhookSignature(SECRET, body, signature.replace(/^t=\d+/, `t=${NOW_SECONDS + 1}`), NOW_SECONDS)).toBe(false);
    expect(verifyWebhookSignature(SECRET, body, undefined, NOW_SECONDS)).toBe(false);
  });

  it('signs "t.body" with HMAC-SHA256, as the receiving example in docs/channels.md computes it', () => {
    // The receiver's side, written as docs/channels.md shows it.
    const expected = createHmac('sha256', 'secret').update('1764558000.{"version":1}').digest('hex');
    expect(signWebhook('secret', '{"version":1}', 1_764_558_000)).toBe(`t=1764558000,v1=${expected}`);
  });

  it('accepts any of several v1 signatures (a secret being rotated)', () => {
    const current = signWebhook('secret', '{}', 1_764_558_000).split(',')[1];
    expect(verifyWebhookSignature('secret', '{}', `t=1764558000,v1=${'0'.repeat(64)},${current}`, 1_764_558_000)).toBe(true);
  });

  it('is retryable when the receiver fails (5xx) or is busy (429)', async () => {
    answer = (res) => res.writeHead(503).end('maintenance');
    expect(await sender()(webhookPage(), unstopped())).toEqual({ ok: false, retryable: true, error: 'webhook answered HTTP 503: maintenance' });
    answer = (res) => res.writeHead(429).end();
    expect(await sender()(webhookPage(), unstopped())).toEqual({ ok: false, retryable: true, error: 'webhook answered HTTP 429' });
  });

  it('is a permanent failure when the receiver refuses it (4xx)', async () => {
    answer = (res) => res.writeHead(404).end('no such hook');
    expect(await sender()(webhookPage(), unstopped())).toEqual({ ok: false, retryable: false, error: 'webhook answered HTTP 404: no such hook' });
  });

  it('is a permanent failure for a private address unless the operator allows them, and sends nothing', async () => {
    const result = await sender(false)(webhookPage(), unstopped());
    expect(result).toMatchObject({ ok: false, retryable: false, error: expect.stringContaining('webhook not delivered') });
    expect(received).toEqual([]);
  });

  it('stops waiting for a receiver that never answers when the signal aborts', async () => {
    answer = () => undefined;
    const controller = new AbortController();
    const sending = sender()(webhookPage(), controller.signal);
    // The request has arrived and is waiting for an answer that never comes.
    while (received.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    controller.abort(new Error('send deadline'));
    expect(await sending).toEqual({ ok: false, retryable: true, error: 'webhook not delivered: stopped before an answer came (deadline or shutdown)' });
  });
});
