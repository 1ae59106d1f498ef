import type { FastifyServerOptions } from 'fastify';

/**
 * Every URL path segment that is a secret: integration keys (ingestion), calendar-feed secrets,
 * invitation tokens and acknowledge links (capabilities: holding the URL is the permission). One
 * list, so a new capability route is redacted by adding it here. Each pattern keeps the route's
 * shape (`/api/v1/feeds/[redacted].ics`) and replaces only the secret. `/invite/…` is the SPA page
 * an invitation link opens. Patterns match anywhere in
 * the path, so `//api/v1/invites/…` or a prefix added by a proxy is redacted too. Each has a
 * `keep` group (the route before the secret) and may have a `tail` group (kept after it).
 */
export const SECRET_PATH_PATTERNS: readonly RegExp[] = [
  /(?<keep>\/integrations\/)[^/?#]+/g,
  /(?<keep>\/feeds\/)[^/?#]+?(?<tail>\.ics)?(?=[/?#]|$)/g,
  /(?<keep>\/invites?\/)[^/?#]+/g,
  /(?<keep>\/ack\/)[^/?#]+/g,
];

/** Query parameters whose value is a secret, wherever they appear. */
const SECRET_QUERY_PARAMS = /([?&](?:token|key|secret|routing_key|access_token|api_key|password)=)[^&#]*/gi;

export const REDACTED = '[redacted]';

/** The URL as logs may show it: the route shape, never a secret in the path or the query. */
export function redactUrl(url: string): string {
  let safe = url;
  for (const pattern of SECRET_PATH_PATTERNS) {
    safe = safe.replace(pattern, (...args: unknown[]) => {
      const groups = args.at(-1) as { keep: string; tail?: string };
      return `${groups.keep}${REDACTED}${groups.tail ?? ''}`;
    });
  }
  return safe.replace(SECRET_QUERY_PARAMS, `$1${REDACTED}`);
}

/**
 * Headers that carry credentials, in whatever object a log line holds them (a request, a response,
 * or headers logged on their own). Pino's redaction censors them before the line is written.
 */
const SECRET_HEADERS = ['authorization', 'cookie', 'set-cookie', 'x-api-key', 'proxy-authorization'];
const REDACT_PATHS = [
  ...SECRET_HEADERS.flatMap((name) => [`req.headers["${name}"]`, `res.headers["${name}"]`, `headers["${name}"]`, `*.headers["${name}"]`]),
  // Ingestion bodies carry the integration key as PagerDuty's routing_key.
  'routing_key',
  '*.routing_key',
  'body.routing_key',
];

type LoggedRequest = { method: string; url: string; ip?: string };
type LoggedReply = { statusCode: number };

/**
 * The server's logger options: level, redaction and serializers that write the route's shape and
 * status but no secret. `stream` lets a test read exactly what would be written.
 */
export function loggerOptions(level: string, stream?: NodeJS.WritableStream): Exclude<FastifyServerOptions['logger'], boolean | undefined> {
  return {
    level,
    redact: { paths: REDACT_PATHS, censor: REDACTED },
    serializers: {
      req: (request: LoggedRequest) => ({ method: request.method, url: redactUrl(request.url), remoteAddress: request.ip }),
      res: (reply: LoggedReply) => ({ statusCode: reply.statusCode }),
    },
    ...(stream ? { stream } : {}),
  };
}
