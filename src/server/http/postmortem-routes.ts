import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  actionItemListQuerySchema,
  changeStatusBodySchema,
  createActionItemBodySchema,
  createPostmortemBodySchema,
  patchActionItemBodySchema,
  patchPostmortemBodySchema,
  postmortemListQuerySchema,
  presenceBodySchema,
  saveSectionBodySchema,
} from '../../contracts/postmortems';
import { POSTMORTEM_LIMITS, SECTION_KEYS, isSectionKey } from '../../domain/postmortem/model';
import type { ActionItemService } from '../services/action-item-service';
import { ProblemWithDetails } from '../services/action-item-service';
import type { PostmortemService } from '../services/postmortem-service';
import { Problem } from '../services/problem';
import { parseBody } from './runbook-routes';

/**
 * A section may hold POSTMORTEM_LIMITS.sectionChars characters, which as escaped JSON can pass the
 * API's usual 512 KB; a request over this is refused by Fastify before it is read (413, in the
 * API's shape, naming `body`).
 */
export const SECTION_BODY_LIMIT = 1024 * 1024;

/**
 * The post-mortem routes' own error answers, before the app's: Fastify's 413 for a request over
 * the limit names the `body` field as a section over its limit does, and a 409 that carries the
 * stored and the sent text puts them in `error.details` (and beside `error`, where the runbook
 * editor reads them). Everything else goes on to the app's handler.
 */
function postmortemErrors(error: FastifyError | Problem, _request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof ProblemWithDetails) {
    return reply.code(error.status).send({ error: { code: error.code, message: error.message, ...(error.fields ? { fields: error.fields } : {}), details: error.details }, ...error.details });
  }
  if (!(error instanceof Problem) && error.statusCode === 413) {
    const problem = `the request is over ${SECTION_BODY_LIMIT / 1024 / 1024} MB; a section holds at most ${POSTMORTEM_LIMITS.sectionChars} characters`;
    throw new Problem(413, 'payload_too_large', `body ${problem}`, [{ field: 'body', problem }]);
  }
  throw error;
}

/** A section over the limit is refused as too large (413) naming `body`, before anything else is looked at. */
function refuseLongSection(input: unknown): void {
  const body = input !== null && typeof input === 'object' ? (input as { body?: unknown }).body : undefined;
  if (typeof body === 'string' && body.length > POSTMORTEM_LIMITS.sectionChars) {
    const problem = `is ${body.length} characters; a section holds at most ${POSTMORTEM_LIMITS.sectionChars}`;
    throw new Problem(413, 'payload_too_large', `body ${problem}`, [{ field: 'body', problem }]);
  }
}

/** Query strings are checked like bodies: unknown parameters are named, never ignored. */
function parseQuery<T extends Parameters<typeof parseBody>[0]>(schema: T, query: unknown, what: string) {
  return parseBody(schema, query ?? {}, what);
}

type IdParams = { id: string };
type SectionParams = { id: string; key: string };

export function registerPostmortemRoutes(app: FastifyInstance, deps: { postmortems: PostmortemService; actionItems: ActionItemService }): void {
  const { postmortems, actionItems } = deps;
  const read = { config: { permission: 'read' as const }, errorHandler: postmortemErrors };
  const write = { config: { permission: 'incident:act' as const }, errorHandler: postmortemErrors };

  app.get('/api/v1/postmortems', read, async (request) => ({ items: await postmortems.list(parseQuery(postmortemListQuerySchema, request.query, 'the post-mortem list')) }));

  app.post<{ Params: IdParams }>('/api/v1/incidents/:id/postmortem', write, async (request, reply) => {
    const input = parseBody(createPostmortemBodySchema, request.body ?? {}, 'a new post-mortem');
    const { postmortem, created } = await postmortems.create(request.caller, request.params.id, input);
    return reply.code(created ? 201 : 200).send(postmortem);
  });

  app.get<{ Params: IdParams }>('/api/v1/incidents/:id/postmortem', read, async (request) => postmortems.forIncident(request.caller, request.params.id));

  app.get<{ Params: IdParams }>('/api/v1/incidents/:id/recurrence', read, async (request) => postmortems.recurrence(request.params.id));

  app.get<{ Params: IdParams }>('/api/v1/postmortems/:id', read, async (request) => postmortems.get(request.caller, request.params.id));

  app.patch<{ Params: IdParams }>('/api/v1/postmortems/:id', write, async (request) =>
    postmortems.patch(request.caller, request.params.id, parseBody(patchPostmortemBodySchema, request.body, 'a post-mortem change')),
  );

  app.put<{ Params: SectionParams }>('/api/v1/postmortems/:id/sections/:key', { ...write, bodyLimit: SECTION_BODY_LIMIT }, async (request) => {
    const { key } = request.params;
    if (!isSectionKey(key)) throw new Problem(400, 'invalid_request', `key must be one of ${SECTION_KEYS.join(', ')}`, [{ field: 'key', problem: `must be one of ${SECTION_KEYS.join(', ')}` }]);
    refuseLongSection(request.body);
    return postmortems.saveSection(request.caller, request.params.id, key, parseBody(saveSectionBodySchema, request.body, 'a section save'));
  });

  app.post<{ Params: IdParams }>('/api/v1/postmortems/:id/status', write, async (request) =>
    postmortems.changeStatus(request.caller, request.params.id, parseBody(changeStatusBodySchema, request.body, 'a status change')),
  );

  app.get<{ Params: IdParams }>('/api/v1/postmortems/:id/timeline-draft', read, async (request) => postmortems.timelineDraft(request.params.id));

  // Any signed-in reader may say they have it open; whether they may edit is the post-mortem's `canEdit`.
  app.put<{ Params: IdParams }>('/api/v1/postmortems/:id/presence', read, async (request) => {
    const { section } = parseBody(presenceBodySchema, request.body, 'a presence heartbeat');
    return postmortems.presence(request.caller, request.params.id, section);
  });

  app.get<{ Params: IdParams }>('/api/v1/postmortems/:id/export.md', read, async (request, reply) => {
    const { filename, text } = await postmortems.exportMarkdown(request.params.id);
    return reply.header('content-type', 'text/markdown; charset=utf-8').header('content-disposition', `attachment; filename="${filename}"`).send(text);
  });

  app.post<{ Params: IdParams }>('/api/v1/postmortems/:id/action-items', write, async (request, reply) => {
    const input = parseBody(createActionItemBodySchema, request.body, 'an action item');
    return reply.code(201).send(await actionItems.create(request.caller, request.params.id, input));
  });

  app.patch<{ Params: IdParams }>('/api/v1/action-items/:id', write, async (request) => {
    const parsed = parseBody(patchActionItemBodySchema, request.body, 'an action item change');
    // The schema is the create schema made partial, whose defaults (status "open", no date, no
    // link) zod still fills in: only the fields the request names are a change.
    const sent = new Set(Object.keys(request.body as object));
    const change = Object.fromEntries(Object.entries(parsed).filter(([key]) => sent.has(key))) as typeof parsed;
    return actionItems.patch(request.caller, request.params.id, { ...change, version: parsed.version });
  });

  app.delete<{ Params: IdParams }>('/api/v1/action-items/:id', write, async (request, reply) => {
    await actionItems.remove(request.caller, request.params.id);
    return reply.code(204).send();
  });

  app.get('/api/v1/action-items', read, async (request) => ({ items: await actionItems.list(request.caller, parseQuery(actionItemListQuerySchema, request.query, 'the action item list')) }));
}
