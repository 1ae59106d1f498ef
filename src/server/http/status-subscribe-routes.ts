import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { subscribeSchema } from '../../contracts/status-page';
import type { StatusSubscriberService, SubscribeInput, TokenState } from '../services/status-subscriber-service';
import { Problem } from '../services/problem';
import { KeyRateLimiter } from './rate-limiter';
import { issuesToFields } from './validation';

/**
 * Flood limits of the anonymous subscription form: per client address (10 in 10 minutes) and
 * per subscribed address (3 an hour), so the form can neither be used to mail-bomb one person
 * nor to fill the table from one machine.
 */
export const SUBSCRIBE_LIMITS = { perIp: { count: 10, perMs: 600_000 }, perAddress: { count: 3, perMs: 3_600_000 } };

const escapeHtml = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/** A small page of its own (no app bundle, no script, no cookie) for answers to the form and the links. */
function htmlPage(reply: FastifyReply, status: number, title: string, body: string): FastifyReply {
  return reply
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'")
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title>` +
        `<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem}button{font:inherit;padding:.5rem 1rem}@media(prefers-color-scheme:dark){body{background:#111;color:#eee}}</style></head>` +
        `<body><main><h1>${escapeHtml(title)}</h1>${body}<p><a href="/status">Back to the status page</a></p></main></body></html>`,
    );
}

const isForm = (request: FastifyRequest) => (request.headers['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');

/** The form's fields (`email`, `components` as ids separated by commas) as the JSON body's. */
function fromForm(body: Record<string, unknown>): unknown {
  const components = typeof body['components'] === 'string' ? body['components'].split(',').map((c) => c.trim()).filter((c) => c !== '') : undefined;
  return { email: body['email'], ...(components && components.length > 0 ? { componentIds: components } : {}) };
}

function parseSubscribe(input: unknown): SubscribeInput {
  const result = subscribeSchema.safeParse(input);
  if (result.success) return result.data;
  // A union's issues name neither branch's field: say which field of the branch the body chose is wrong.
  const body = (input ?? {}) as Record<string, unknown>;
  const branch = typeof body === 'object' && 'webhook' in body ? 1 : 0;
  const chosen = (branch === 0 ? subscribeSchema.options[0] : subscribeSchema.options[1]).safeParse(input);
  const fields = chosen.success ? [{ field: '(body)', problem: 'must have email or webhook' }] : issuesToFields(chosen.error);
  throw new Problem(400, 'invalid_request', fields.map((f) => `${f.field} ${f.problem}`).join('; '), fields);
}

const TOKEN_PAGES: Record<Exclude<TokenState, 'ok'>, { status: number; title: string; text: string }> = {
  unknown: { status: 404, title: 'Link not found', text: 'This link is not valid (it may have been used to unsubscribe already).' },
  expired: { status: 410, title: 'Link expired', text: 'This confirmation link has expired. Subscribe again to get a new one.' },
  already: { status: 200, title: 'Already confirmed', text: 'This subscription was already confirmed.' },
};

export function registerStatusSubscribeRoutes(app: FastifyInstance, deps: { subscribers: StatusSubscriberService; now: () => number }): void {
  const { subscribers } = deps;
  const perIp = new KeyRateLimiter(SUBSCRIBE_LIMITS.perIp.count / (SUBSCRIBE_LIMITS.perIp.perMs / 1000), deps.now, SUBSCRIBE_LIMITS.perIp.count);
  const perAddress = new KeyRateLimiter(SUBSCRIBE_LIMITS.perAddress.count / (SUBSCRIBE_LIMITS.perAddress.perMs / 1000), deps.now, SUBSCRIBE_LIMITS.perAddress.count);
  // Anonymous and cookie-less, so a cross-site form cannot act as anyone; forms are what the page and mail clients send.
  const open = { config: { permission: 'public' as const, acceptsForm: true, crossSite: 'allowed' as const } };

  app.post('/status/subscribe', open, async (request, reply) => {
    const form = isForm(request);
    const tooMany = (retryAfter: number) => {
      reply.header('retry-after', String(retryAfter));
      if (form) return htmlPage(reply, 429, 'Too many requests', `<p>Too many subscription requests. Try again in ${retryAfter} seconds.</p>`);
      return reply.code(429).send({ error: { code: 'rate_limited', message: `Too many subscription requests; retry in ${retryAfter} s` } });
    };
    const byIp = perIp.take(request.ip);
    if (!byIp.ok) return tooMany(byIp.retryAfterSeconds);
    let input: SubscribeInput;
    try {
      input = parseSubscribe(form ? fromForm((request.body ?? {}) as Record<string, unknown>) : request.body);
    } catch (error) {
      if (!form || !(error instanceof Problem)) throw error;
      const problems = (error.fields ?? []).map((f) => `<li>${escapeHtml(f.field)} ${escapeHtml(f.problem)}</li>`).join('');
      return htmlPage(reply, 400, 'Check the form', `<ul>${problems}</ul>`);
    }
    // Keyed by a hash: the limiter's memory holds no address.
    const address = ('email' in input ? input.email : input.webhook).trim().toLowerCase();
    const byAddress = perAddress.take(createHash('sha256').update(address).digest('hex'));
    if (!byAddress.ok) return tooMany(byAddress.retryAfterSeconds);
    try {
      await subscribers.subscribe(input);
    } catch (error) {
      if (!form || !(error instanceof Problem)) throw error;
      return htmlPage(reply, error.status, 'Subscription not accepted', `<p>${escapeHtml(error.message)}</p>`);
    }
    if (form) return htmlPage(reply, 202, 'Check your inbox', '<p>If the address can receive mail, a message with a confirmation link is on its way. Nothing is sent until you confirm.</p>');
    return reply.code(202).send({ status: 'accepted', message: 'email' in input ? 'Check your inbox for the confirmation link' : 'Subscribed' });
  });

  app.get<{ Querystring: { token?: string } }>('/status/subscriptions/confirm', open, async (request, reply) => {
    const state = await subscribers.confirm(request.query.token);
    if (state === 'ok') return htmlPage(reply, 200, 'Subscription confirmed', '<p>You will receive an e-mail for each update. Every message has a link to unsubscribe.</p>');
    const page = TOKEN_PAGES[state];
    return htmlPage(reply, page.status, page.title, `<p>${page.text}</p>`);
  });

  // Reading the link only shows the button: mail scanners follow links, and must not unsubscribe anyone.
  app.get<{ Querystring: { token?: string } }>('/status/subscriptions/unsubscribe', open, async (request, reply) => {
    const state = await subscribers.unsubscribeState(request.query.token);
    if (state !== 'ok') return htmlPage(reply, 404, TOKEN_PAGES.unknown.title, `<p>${TOKEN_PAGES.unknown.text}</p>`);
    const action = `/status/subscriptions/unsubscribe?token=${encodeURIComponent(String(request.query.token))}`;
    return htmlPage(reply, 200, 'Unsubscribe', `<form method="post" action="${escapeHtml(action)}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Unsubscribe</button></form>`);
  });

  // RFC 8058: the mail client POSTs `List-Unsubscribe=One-Click` to the List-Unsubscribe URL; the page's button does the same.
  app.post<{ Querystring: { token?: string } }>('/status/subscriptions/unsubscribe', open, async (request, reply) => {
    const state = await subscribers.unsubscribe(request.query.token);
    if (state !== 'ok') return htmlPage(reply, 404, TOKEN_PAGES.unknown.title, `<p>${TOKEN_PAGES.unknown.text}</p>`);
    return htmlPage(reply, 200, 'Unsubscribed', '<p>You will receive no more updates. Your address was deleted.</p>');
  });

  app.get('/api/v1/status/subscribers/summary', { config: { permission: 'status:edit' } }, async () => subscribers.summary());
}
