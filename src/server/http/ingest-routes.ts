import { randomUUID } from 'node:crypto';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { alertmanagerPayloadSchema, genericEventSchema, pagerDutyEventSchema } from '../../contracts/ingestion';
import { normalizeAlertmanager, normalizeGeneric, normalizePagerDuty } from '../../domain/alerts/normalize';
import type { NormalizedEvent } from '../../domain/alerts/normalize';
import type { IngestOutcome, IngestService } from '../services/ingest-service';
import type { KeyRateLimiter } from './rate-limiter';
import { fieldName, parseOrThrow } from './validation';

/** Payloads above this are refused with 413 (PagerDuty's own limit). */
export const INGEST_BODY_LIMIT = 512 * 1024;

/** Ingestion authenticates by integration key, not by session, and is called by machines. */
const INGESTION = { permission: 'public', crossSite: 'allowed' } as const;

const NOT_FOUND = { error: { code: 'not_found', message: 'Not found' } };

type Deps = { ingest: IngestService; limiter: KeyRateLimiter };

type KeyParams = { key: string };

type Format = 'alertmanager' | 'pagerduty' | 'generic';

/**
 * Overload and throttling answers differ per sender: each must make its sender retry.
 * `overloaded`: the writer cannot commit the event within the wait budget (ADR 0006);
 * `throttled`: this integration key is over its own rate.
 */
function refuse(reply: FastifyReply, format: Format, reason: 'overloaded' | 'throttled', retryAfterSeconds: number) {
  reply.header('retry-after', String(retryAfterSeconds));
  if (format === 'alertmanager') {
    // Alertmanager retries only on 5xx; a 429 would make it drop the notification.
    return reply.code(503).send({ error: { code: reason, message: 'Firewatch is busy; retry shortly' } });
  }
  if (format === 'pagerduty') {
    const message = reason === 'throttled' ? 'Requests for this routing key are arriving too quickly; retry shortly' : 'Firewatch is busy; retry shortly';
    return reply.code(429).send({ status: 'throttle event', message, errors: [] });
  }
  return reply.code(429).send({ error: { code: reason === 'throttled' ? 'rate_limited' : 'overloaded', message: 'Too many events; retry shortly' } });
}

/**
 * Refuses at once, before the body is read and parsed, when the writer is already too far
 * behind: under overload most requests are refused, and they must cost little.
 */
function admitFirst(deps: Deps, format: Format) {
  return async (_request: FastifyRequest, reply: FastifyReply) => {
    const admission = deps.ingest.admission();
    if (!admission.ok) return refuse(reply, format, 'overloaded', admission.retryAfterSeconds);
  };
}

async function accept(deps: Deps, reply: FastifyReply, format: Format, secret: string, event: NormalizedEvent): Promise<IngestOutcome | undefined> {
  const throttle = deps.limiter.take(secret, Math.max(1, event.alerts.length));
  if (!throttle.ok) {
    await refuse(reply, format, 'throttled', throttle.retryAfterSeconds);
    return undefined;
  }
  const outcome = await deps.ingest.ingest(secret, event);
  if (outcome.kind === 'overloaded') {
    await refuse(reply, format, 'overloaded', outcome.retryAfterSeconds);
    return undefined;
  }
  if (outcome.kind === 'unknown-key') {
    await reply.code(404).send(NOT_FOUND);
    return undefined;
  }
  return outcome;
}

/** PagerDuty clients expect its error shape, including for bodies that are not JSON at all. */
function pagerDutyErrorHandler(error: FastifyError, _request: FastifyRequest, reply: FastifyReply) {
  const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
  if (status === 500) throw error;
  return reply.code(status).send({ status: 'invalid event', message: error.message, errors: [error.message] });
}

export function registerIngestRoutes(app: FastifyInstance, deps: Deps): void {
  app.post<{ Params: KeyParams }>(
    '/api/v1/integrations/:key/alertmanager',
    { bodyLimit: INGEST_BODY_LIMIT, config: INGESTION, onRequest: admitFirst(deps, 'alertmanager') },
    async (request, reply) => {
      const payload = parseOrThrow(alertmanagerPayloadSchema, request.body);
      const outcome = await accept(deps, reply, 'alertmanager', request.params.key, normalizeAlertmanager(payload));
      if (!outcome) return reply;
      return reply.code(200).send({
        status: outcome.kind === 'accepted' ? 'accepted' : 'ignored',
        dedupKey: payload.groupKey,
        incidentId: outcome.kind === 'accepted' ? outcome.incidentId : null,
      });
    },
  );

  app.post<{ Params: KeyParams }>(
    '/api/v1/integrations/:key/events',
    { bodyLimit: INGEST_BODY_LIMIT, config: INGESTION, onRequest: admitFirst(deps, 'generic') },
    async (request, reply) => {
      const body = parseOrThrow(genericEventSchema, request.body);
      const dedupKey = body.dedupKey ?? randomUUID();
      const outcome = await accept(deps, reply, 'generic', request.params.key, normalizeGeneric(body, dedupKey));
      if (!outcome) return reply;
      return reply.code(202).send({
        status: outcome.kind === 'accepted' ? 'accepted' : 'ignored',
        dedupKey,
        incidentId: outcome.kind === 'accepted' ? outcome.incidentId : null,
      });
    },
  );

  app.post('/v2/enqueue', { bodyLimit: INGEST_BODY_LIMIT, errorHandler: pagerDutyErrorHandler, config: INGESTION, onRequest: admitFirst(deps, 'pagerduty') }, async (request, reply) => {
    const parsed = pagerDutyEventSchema.safeParse(request.body);
    if (!parsed.success) {
      const errors = parsed.error.issues.map((issue) => `'${fieldName(issue.path)}' ${issue.message}`);
      return reply.code(400).send({ status: 'invalid event', message: 'Event object is invalid', errors });
    }
    const event = parsed.data;
    const dedupKey = event.dedup_key ?? randomUUID().replace(/-/g, '');
    const outcome = await accept(deps, reply, 'pagerduty', event.routing_key, normalizePagerDuty(event, dedupKey));
    if (!outcome) return reply;
    return reply.code(202).send({ status: 'success', message: 'Event processed', dedup_key: dedupKey });
  });
}
