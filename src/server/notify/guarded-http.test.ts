import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isPrivateAddress, webhookAddressProblem } from './address-policy';
import { OutboundRefused, guardedRequest } from './guarded-http';
import type { Resolver } from './guarded-http';

type Seen = { method: string | undefined; url: string | undefined; host: string | undefined; body: string };

describe('the guarded outbound HTTP client, against a local server', () => {
  let server: http.Server;
  let port: number;
  const seen: Seen[] = [];
  /** What the server does per path: answer, redirect, or never answer. */
  let routes: Record<string, (res: http.ServerResponse) => void>;

  beforeEach(async () => {
    seen.length = 0;
    routes = {};
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        seen.push({ method: req.method, url: req.url, host: req.headers.host, body });
        const route = routes[req.url ?? ''];
        if (route) route(res);
        else res.writeHead(200, { 'content-type': 'text/plain' }).end('delivered');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const refusal = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(error).toBeInstanceOf(OutboundRefused);
    return error as OutboundRefused;
  };
  /** A resolver that answers from a table and counts the questions. */
  const resolverOf = (table: Record<string, string[]>) => {
    const asked: string[] = [];
    const resolve: Resolver = async (hostname) => {
      asked.push(hostname);
      return (table[hostname] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    };
    return { resolve, asked };
  };

  it('refuses a loopback address without the setting, sending nothing', async () => {
    const error = await refusal(guardedRequest(`http://127.0.0.1:${port}/hook`, { body: '{}' }, { allowPrivate: false }));
    expect(error.reason).toBe('private_address');
    expect(seen).toEqual([]);
  });

  it('delivers to a private address when the operator allows it', async () => {
    const response = await guardedRequest(`http://127.0.0.1:${port}/hook`, { body: '{"incident":"INC-1"}', headers: { 'content-type': 'application/json' } }, { allowPrivate: true });
    expect(response).toMatchObject({ status: 200, body: 'delivered' });
    expect(seen).toEqual([expect.objectContaining({ method: 'POST', url: '/hook', body: '{"incident":"INC-1"}' })]);
  });

  it('refuses a name that resolves to 127.0.0.1 at send time, and a name with any private address among public ones', async () => {
    const { resolve } = resolverOf({ 'hooks.example': ['127.0.0.1'], 'mixed.example': ['93.184.216.34', '10.0.0.7'] });
    expect((await refusal(guardedRequest(`http://hooks.example:${port}/hook`, {}, { allowPrivate: false, resolve }))).reason).toBe('private_address');
    expect((await refusal(guardedRequest(`http://mixed.example:${port}/hook`, {}, { allowPrivate: false, resolve }))).reason).toBe('private_address');
    expect((await refusal(guardedRequest(`http://localhost:${port}/hook`, {}, { allowPrivate: false, resolve }))).reason).toBe('private_address');
    expect(seen).toEqual([]);
  });

  it('connects to exactly the address it checked: DNS is asked once per hop, never again by the socket', async () => {
    // `hooks.test` exists only in this resolver; the request arrives, so the socket used the checked address.
    const { resolve, asked } = resolverOf({ 'hooks.test': ['127.0.0.1'] });
    const response = await guardedRequest(`http://hooks.test:${port}/hook`, {}, { allowPrivate: true, resolve });
    expect(response.status).toBe(200);
    expect(asked).toEqual(['hooks.test']);
    expect(seen[0]!.host).toBe(`hooks.test:${port}`);
  });

  it('checks every redirect hop: a redirect to the cloud metadata address is refused', async () => {
    routes['/hook'] = (res) => res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
    // The test server stands in for a public host: only 127.0.0.1 is treated as public here.
    const isPrivate = (address: string) => address !== '127.0.0.1' && isPrivateAddress(address);
    const error = await refusal(guardedRequest(`http://127.0.0.1:${port}/hook`, {}, { allowPrivate: false, isPrivate }));
    expect(error.reason).toBe('private_address');
    expect(seen.map((s) => s.url)).toEqual(['/hook']);
  });

  it('follows a few redirects (a 303 as GET) and refuses an endless chain', async () => {
    routes['/old'] = (res) => res.writeHead(303, { location: '/new' }).end();
    const followed = await guardedRequest(`http://127.0.0.1:${port}/old`, { body: 'x' }, { allowPrivate: true });
    expect(followed).toMatchObject({ status: 200, url: `http://127.0.0.1:${port}/new` });
    expect(seen.map((s) => [s.method, s.url])).toEqual([['POST', '/old'], ['GET', '/new']]);

    routes['/loop'] = (res) => res.writeHead(307, { location: '/loop' }).end();
    const error = await refusal(guardedRequest(`http://127.0.0.1:${port}/loop`, {}, { allowPrivate: true, maxRedirects: 2 }));
    expect(error.reason).toBe('too_many_redirects');
  });

  it('gives up at its deadline when the receiver never answers', async () => {
    routes['/hang'] = () => undefined;
    const error = await refusal(guardedRequest(`http://127.0.0.1:${port}/hang`, {}, { allowPrivate: true, timeoutMs: 50 }));
    expect(error.reason).toBe('timeout');
  });

  it('sends only over http(s)', async () => {
    expect((await refusal(guardedRequest('file:///etc/passwd', {}, { allowPrivate: true }))).reason).toBe('scheme');
  });
});

describe('private address ranges', () => {
  it.each([
    '127.0.0.1', '127.255.255.254', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0',
    '::1', '::', 'fc00::1', 'fd12:3456::1', 'fe80::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:10.0.0.1', 'not-an-ip',
  ])('%s is private', (address) => {
    expect(isPrivateAddress(address)).toBe(true);
  });

  it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '100.128.0.1', '2606:4700::1111', '::ffff:93.184.216.34'])('%s is public', (address) => {
    expect(isPrivateAddress(address)).toBe(false);
  });

  it.each([
    ['http://localhost/hook', true],
    ['http://api.localhost/hook', true],
    ['http://[::1]:8080/hook', true],
    ['http://[::ffff:127.0.0.1]/hook', true],
    ['http://10.0.0.5/hook', true],
    ['http://2130706433/hook', true], // 127.0.0.1 as one number: the URL parser normalises it
    ['https://hooks.example.com/x', false],
  ])('a stored webhook %s is refused: %s', (address, refused) => {
    expect(webhookAddressProblem(address, false) !== undefined).toBe(refused);
    expect(webhookAddressProblem(address, true)).toBeUndefined();
  });
});
