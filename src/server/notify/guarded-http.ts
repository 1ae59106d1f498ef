import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { ipLiteral, isLocalName, isPrivateAddress } from './address-policy';

export type ResolvedAddress = { address: string; family: 4 | 6 };
/** Every address a name resolves to (like `dns.lookup(name, { all: true })`). */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export type GuardedHttpOptions = {
  /** FIREWATCH_ALLOW_PRIVATE_WEBHOOKS=1: private, loopback and link-local addresses may be reached. */
  allowPrivate: boolean;
  /** DNS; injected by tests so that a name resolves where the test says. */
  resolve?: Resolver;
  /** Which addresses count as private; tests narrow it to pretend a local server is public. */
  isPrivate?: (address: string) => boolean;
  /** The whole exchange, redirects included, must finish within this. Default 10 s. */
  timeoutMs?: number;
  /** Redirects followed at most (each hop is checked again). Default 3. */
  maxRedirects?: number;
  /** Bytes of the answer's body kept. Default 64 KB. */
  maxBodyBytes?: number;
  /** The caller's own stop (the outbox runner's deadline, shutdown): aborts the exchange like the deadline does. */
  signal?: AbortSignal;
};

export type OutboundRequest = { method?: string; headers?: Record<string, string>; body?: string };
export type OutboundResponse = { status: number; headers: http.IncomingHttpHeaders; body: string; url: string };

/** Why a request was not sent or did not finish; `reason` lets the sender record the outcome. */
export class OutboundRefused extends Error {
  constructor(
    readonly reason: 'scheme' | 'private_address' | 'unresolvable' | 'too_many_redirects' | 'timeout',
    message: string,
  ) {
    super(message);
    this.name = 'OutboundRefused';
  }
}

const systemResolver: Resolver = async (hostname) => {
  const found = await dns.promises.lookup(hostname, { all: true, verbatim: true });
  return found.map((entry) => ({ address: entry.address, family: entry.family === 6 ? 6 : 4 }));
};

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

function withoutCredentials(headers: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!headers) return headers;
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !['authorization', 'cookie', 'proxy-authorization'].includes(name.toLowerCase())));
}

/**
 * Picks the address a hop connects to: the host itself when it is an IP literal, else every
 * address DNS gives, all of which must be allowed (a name with one private address is refused,
 * not tried on its public one). The connection then goes to exactly this address: resolving
 * again at connect time would let DNS answer differently (rebinding) after the check.
 */
async function checkedAddress(url: URL, options: GuardedHttpOptions): Promise<ResolvedAddress> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new OutboundRefused('scheme', `only http(s) URLs are sent to (got ${url.protocol})`);
  const isPrivate = options.isPrivate ?? isPrivateAddress;
  const literal = ipLiteral(url.hostname);
  let addresses: ResolvedAddress[];
  if (literal !== undefined) {
    addresses = [{ address: literal, family: literal.includes(':') ? 6 : 4 }];
  } else {
    if (isLocalName(url.hostname) && !options.allowPrivate) throw new OutboundRefused('private_address', `${url.hostname} is this machine`);
    try {
      addresses = await (options.resolve ?? systemResolver)(url.hostname);
    } catch (error) {
      throw new OutboundRefused('unresolvable', `${url.hostname} does not resolve: ${(error as Error).message}`);
    }
    if (addresses.length === 0) throw new OutboundRefused('unresolvable', `${url.hostname} does not resolve`);
  }
  if (!options.allowPrivate) {
    const refused = addresses.find((entry) => isPrivate(entry.address));
    if (refused) throw new OutboundRefused('private_address', `${url.hostname} resolves to ${refused.address}, a private, loopback or link-local address`);
  }
  return addresses[0]!;
}

/** A `lookup` that answers with the checked address only, whatever name the socket asks about. */
function pinnedLookup(target: ResolvedAddress): LookupFunction {
  return (_hostname, lookupOptions, callback) => {
    if (lookupOptions.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
}

function sendOnce(url: URL, target: ResolvedAddress, request: OutboundRequest, maxBodyBytes: number, signal: AbortSignal): Promise<OutboundResponse> {
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const outgoing = client.request(url, { method: request.method ?? 'POST', headers: request.headers, lookup: pinnedLookup(target), signal }, (response) => {
      const chunks: Buffer[] = [];
      let kept = 0;
      response.on('data', (chunk: Buffer) => {
        if (kept >= maxBodyBytes) return;
        chunks.push(chunk.subarray(0, maxBodyBytes - kept));
        kept += chunk.length;
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8'), url: url.href }));
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(request.body);
  });
}

/**
 * The one way Firewatch makes outbound HTTP requests (webhooks, chat, providers): http(s) only;
 * private, loopback and link-local destinations refused unless allowed, checked on every hop and
 * against every address a name resolves to; the socket connects to the checked address; at most
 * `maxRedirects` redirects; one deadline for the whole exchange. Rejects with `OutboundRefused`
 * (or the network error) — a send that hangs fails at the deadline instead.
 */
export async function guardedRequest(target: string, request: OutboundRequest, options: GuardedHttpOptions): Promise<OutboundResponse> {
  const controller = new AbortController();
  const timeoutMs = options.timeoutMs ?? 10_000;
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const stop = () => controller.abort();
  if (options.signal?.aborted) controller.abort();
  options.signal?.addEventListener('abort', stop, { once: true });
  const maxRedirects = options.maxRedirects ?? 3;
  try {
    let url = new URL(target);
    let current = request;
    for (let hop = 0; ; hop += 1) {
      const address = await checkedAddress(url, options);
      if (controller.signal.aborted) throw new Error('aborted');
      const response = await sendOnce(url, address, current, options.maxBodyBytes ?? 65_536, controller.signal);
      const location = response.headers.location;
      if (!REDIRECTS.has(response.status) || !location) return response;
      if (hop >= maxRedirects) throw new OutboundRefused('too_many_redirects', `more than ${maxRedirects} redirects`);
      const next = new URL(location, url);
      // Credentials are for the host they were given to, not wherever it redirects.
      const headers = next.origin === url.origin ? current.headers : withoutCredentials(current.headers);
      // 307/308 repeat the request; the others become a GET without a body, as browsers do.
      current = response.status === 307 || response.status === 308 ? { ...current, headers } : { method: 'GET', headers };
      url = next;
    }
  } catch (error) {
    if (controller.signal.aborted && !(error instanceof OutboundRefused)) {
      throw new OutboundRefused('timeout', options.signal?.aborted ? 'stopped before an answer came (deadline or shutdown)' : `no answer within ${timeoutMs} ms`);
    }
    throw error;
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', stop);
  }
}
