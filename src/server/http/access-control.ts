import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Permission } from '../../domain/access/roles';
import { roleAllows } from '../../domain/access/roles';
import type { AccessService } from '../services/access-service';
import { SESSION_IDLE_MS } from '../services/access-service';
import type { Caller } from '../services/caller';
import { anonymousCaller } from '../services/caller';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** What a route requires. A route without one is refused for everyone (fail closed). */
    permission?: Permission;
    /** Ingestion is called by machines with an integration key, never by a browser session. */
    crossSite?: 'allowed';
    /** The route takes form bodies (Twilio's webhooks); every other route answers them 415. */
    acceptsForm?: boolean;
    /** The public status page: no session cookie or token is read, so nothing about the caller can shape the answer. */
    anonymous?: boolean;
  }
  interface FastifyRequest {
    caller: Caller;
  }
}

export const SESSION_COOKIE = 'fw_session';

/** Sent on every response, errors and the event stream included. */
export const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'cross-origin-opener-policy': 'same-origin',
};

/** Browsers that reached us over HTTPS keep doing so for a year, subdomains included. */
export const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * The security headers for this request: HSTS only when it came over HTTPS, directly or through
 * a proxy the app is told to trust (`request.protocol` reads X-Forwarded-Proto only then). Never
 * on plain HTTP, where a forged header could pin a site that has no certificate.
 */
export function securityHeaders(request: FastifyRequest): Record<string, string> {
  return request.protocol === 'https' ? { ...SECURITY_HEADERS, 'strict-transport-security': HSTS } : SECURITY_HEADERS;
}

/** HttpOnly, SameSite=Lax, Secure when the request came over HTTPS. */
const SESSION_COOKIE_OPTIONS = { path: '/', httpOnly: true, sameSite: 'lax', secure: 'auto' } as const;

export function setSessionCookie(reply: FastifyReply, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, { ...SESSION_COOKIE_OPTIONS, maxAge: Math.floor(SESSION_IDLE_MS / 1000) });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, SESSION_COOKIE_OPTIONS);
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function refuse(reply: FastifyReply, status: number, code: string, message: string) {
  return reply.code(status).send({ error: { code, message } });
}

/**
 * One gate in front of every route (registered after @fastify/cookie): security headers, who is calling (session cookie or API
 * token), cross-site request refusal for mutations, and the route's permission.
 */
export function registerAccessControl(app: FastifyInstance, access: AccessService): void {
  app.decorateRequest('caller', null as unknown as Caller);

  app.addHook('onRequest', async (request, reply) => {
    reply.headers(securityHeaders(request));
    request.caller = anonymousCaller(request.ip);
    // Unknown URLs fall through to the not-found handler (a JSON 404 or the SPA page).
    if (request.is404) return;
    const config = request.routeOptions.config;
    const permission = config.permission;

    const authorization = request.headers.authorization;
    if (config.anonymous === true && permission === 'public') return;
    if (authorization?.startsWith('Bearer ')) {
      const caller = await access.fromToken(authorization.slice('Bearer '.length).trim(), request.ip);
      if (!caller) return refuse(reply, 401, 'unauthenticated', 'The API token is unknown or revoked');
      request.caller = caller;
    } else {
      // Parsed by @fastify/cookie: a value that cannot be decoded stays raw and matches no session.
      const token = request.cookies[SESSION_COOKIE];
      const caller = token ? await access.fromSession(token, request.ip) : undefined;
      if (caller) request.caller = caller;
    }

    // Cross-site request forgery: a browser tells us where a request comes from. Mutations from
    // another site are refused, whatever cookie they carry. Tokens are not sent by browsers.
    if (!SAFE_METHODS.has(request.method) && config.crossSite !== 'allowed' && request.caller.via !== 'token') {
      const site = request.headers['sec-fetch-site'];
      if (site && site !== 'same-origin' && site !== 'none') return refuse(reply, 403, 'cross_site', 'Cross-site requests are refused');
      const origin = request.headers.origin;
      if (origin && origin !== 'null') {
        let host: string | undefined;
        try {
          host = new URL(origin).host;
        } catch {
          host = undefined;
        }
        if (host !== request.headers.host) return refuse(reply, 403, 'cross_site', 'Cross-site requests are refused');
      } else if (origin === 'null') {
        return refuse(reply, 403, 'cross_site', 'Cross-site requests are refused');
      }
      const type = request.headers['content-type'];
      if (type && !type.toLowerCase().startsWith('application/json')) {
        return refuse(reply, 415, 'unsupported_media_type', `Content-Type must be application/json (got ${type})`);
      }
    }

    if (permission === undefined) return refuse(reply, 403, 'forbidden', 'This route has no access rule');
    if (permission === 'public') return;
    if (!request.caller.role) return refuse(reply, 401, 'unauthenticated', 'Sign in first');
    if (!roleAllows(request.caller.role, permission)) {
      return refuse(reply, 403, 'forbidden', `Your role (${request.caller.role}) may not do this`);
    }
  });
}
