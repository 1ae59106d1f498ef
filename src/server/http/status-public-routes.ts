import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { LOCAL_TIME_SCRIPT, PAGE_STYLE } from '../../status-page/html';
import type { SpDocument } from '../../status-page/statuspage-json';
import type { PublicBody, StatusPublicService } from '../services/status-public-service';

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/**
 * The page's only script and style are inline and allowed by hash: the bodies are cached and
 * shared, so a per-response nonce would defeat the cache. Nothing else may run or load.
 */
export const STATUS_PAGE_CSP = `default-src 'none'; script-src ${sha256(LOCAL_TIME_SCRIPT)}; style-src ${sha256(PAGE_STYLE)}; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`;

/** Short enough that a new update reaches readers within seconds; stale copies bridge a slow origin. */
export const STATUS_CACHE_CONTROL = 'public, max-age=15, stale-while-revalidate=60';

const API_DOCUMENTS: Array<[string, SpDocument]> = [
  ['summary.json', 'summary'],
  ['status.json', 'status'],
  ['components.json', 'components'],
  ['incidents.json', 'incidents'],
  ['incidents/unresolved.json', 'unresolved'],
  ['scheduled-maintenances.json', 'maintenances'],
  ['scheduled-maintenances/upcoming.json', 'upcoming'],
  ['scheduled-maintenances/active.json', 'active'],
];

/** Public routes are anonymous (the access gate reads no session cookie or token) and send bodies compressed once, in the service. */
const open = { config: { permission: 'public' as const, anonymous: true }, compress: false as const };

function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const strip = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || strip(tag) === strip(etag));
}

function send(request: FastifyRequest, reply: FastifyReply, body: PublicBody) {
  reply.header('cache-control', STATUS_CACHE_CONTROL).header('etag', body.etag).header('vary', 'Accept-Encoding');
  if (body.type.startsWith('text/html')) reply.header('content-security-policy', STATUS_PAGE_CSP);
  else reply.header('access-control-allow-origin', '*');
  if (body.status === 200 && matches(request.headers['if-none-match'], body.etag)) return reply.code(304).send();
  const accepts = String(request.headers['accept-encoding'] ?? '');
  reply.code(body.status).type(body.type);
  if (/\bbr\b/.test(accepts)) return reply.header('content-encoding', 'br').send(body.br);
  if (/\bgzip\b/.test(accepts)) return reply.header('content-encoding', 'gzip').send(body.gzip);
  return reply.send(body.body);
}

/**
 * `/status` (HTML), `/status/incidents/:id`, Statuspage's v2 JSON under `/status/api/v2/` and the
 * history feeds. No session, no cookie, nothing internal (the service reads public tables only).
 */
export function registerStatusPublicRoutes(app: FastifyInstance, status: StatusPublicService): void {
  app.get('/status', open, async (request, reply) => send(request, reply, await status.statusPage()));
  app.get<{ Params: { id: string } }>('/status/incidents/:id', open, async (request, reply) => send(request, reply, await status.incidentPage(request.params.id)));
  for (const [file, doc] of API_DOCUMENTS) {
    app.get(`/status/api/v2/${file}`, open, async (request, reply) => send(request, reply, await status.api(doc)));
  }
  app.get('/status/history.atom', open, async (request, reply) => send(request, reply, await status.atom()));
  app.get('/status/history.rss', open, async (request, reply) => send(request, reply, await status.rss()));
}

/**
 * FIREWATCH_STATUS_HOST: on that host name the page answers at `/` and its API at `/api/v2/…`
 * (paths under `/status` work there too). Used as Fastify's `rewriteUrl`.
 */
export function statusHostRewrite(statusHost: string | undefined): ((request: { url?: string; headers: { host?: string } }) => string) | undefined {
  if (!statusHost) return undefined;
  const wanted = statusHost.toLowerCase();
  return (request) => {
    const url = request.url ?? '/';
    const host = (request.headers.host ?? '').toLowerCase().replace(/:\d+$/, '');
    if (host !== wanted) return url;
    if (url === '/' || url.startsWith('/?')) return `/status${url.slice(1)}`;
    if (url.startsWith('/api/v2/')) return `/status${url}`;
    return url;
  };
}
