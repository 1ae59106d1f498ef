import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { createOverrideBodySchema, createScheduleBodySchema, onCallQuerySchema, segmentsQuerySchema, updateOverrideBodySchema, updateScheduleBodySchema } from '../../contracts/schedules';
import type { ScheduleService } from '../services/schedule-service';
import { parseOrThrow } from './validation';

type IdParams = { id: string };
type OverrideParams = { id: string; overrideId: string };

const versionQuery = z.object({ version: z.coerce.number({ error: 'is required (the version this change is based on)' }).int() });

export function registerScheduleRoutes(app: FastifyInstance, schedules: ScheduleService, now: () => number): void {
  const read = { config: { permission: 'read' as const } };
  const edit = { config: { permission: 'service:edit' as const } };
  // Responders may cover shifts themselves; the service checks whose override it is.
  const cover = { config: { permission: 'incident:act' as const } };

  app.get('/api/v1/schedules', read, async () => ({ items: await schedules.list() }));
  app.get<{ Params: IdParams }>('/api/v1/schedules/:id', read, async (request) => schedules.get(request.params.id));

  app.get<{ Params: IdParams }>('/api/v1/schedules/:id/segments', read, async (request) => {
    const query = parseOrThrow(segmentsQuerySchema, request.query, 'query');
    return schedules.segments(request.params.id, Date.parse(query.from), Date.parse(query.to));
  });

  app.get<{ Params: IdParams }>('/api/v1/schedules/:id/on-call', read, async (request) => {
    const query = parseOrThrow(onCallQuerySchema, request.query, 'query');
    return schedules.onCall(request.params.id, query.at ? Date.parse(query.at) : now());
  });

  app.get<{ Params: IdParams }>('/api/v1/schedules/:id/fairness', read, async (request) => {
    const query = parseOrThrow(segmentsQuerySchema, request.query, 'query');
    return schedules.fairness(request.params.id, Date.parse(query.from), Date.parse(query.to));
  });

  app.get('/api/v1/on-call', read, async () => ({ items: await schedules.onCallNow() }));

  const self = { config: { permission: 'self:edit' as const } };
  app.post<{ Params: IdParams }>('/api/v1/schedules/:id/feeds', read, async (request, reply) =>
    reply.code(201).send(await schedules.createFeed(request.caller, 'schedule', request.params.id)),
  );
  app.post('/api/v1/me/feeds', self, async (request, reply) => reply.code(201).send(await schedules.createFeed(request.caller, 'person', request.caller.userId!)));
  app.get('/api/v1/me/feeds', self, async (request) => ({ items: await schedules.listFeeds(request.caller) }));
  app.delete<{ Params: IdParams }>('/api/v1/me/feeds/:id', self, async (request, reply) => {
    await schedules.revokeFeed(request.caller, request.params.id);
    return reply.code(204).send();
  });
  // The secret in the URL is the credential: calendar apps cannot sign in.
  app.get<{ Params: { file: string } }>('/api/v1/feeds/:file', { config: { permission: 'public' } }, async (request, reply) => {
    const token = request.params.file.replace(/\.ics$/, '');
    const body = await schedules.renderFeed(token);
    return reply.header('content-type', 'text/calendar; charset=utf-8').header('cache-control', 'private, max-age=300').send(body);
  });

  app.post('/api/v1/schedules', edit, async (request, reply) => {
    const body = parseOrThrow(createScheduleBodySchema, request.body);
    return reply.code(201).send(await schedules.create(request.caller, body));
  });

  app.put<{ Params: IdParams }>('/api/v1/schedules/:id', edit, async (request) => {
    const body = parseOrThrow(updateScheduleBodySchema, request.body);
    return schedules.update(request.caller, request.params.id, body);
  });

  app.delete<{ Params: IdParams }>('/api/v1/schedules/:id', edit, async (request, reply) => {
    const { version } = parseOrThrow(versionQuery, request.query, 'query');
    await schedules.remove(request.caller, request.params.id, version);
    return reply.code(204).send();
  });

  app.post<{ Params: IdParams }>('/api/v1/schedules/:id/overrides', cover, async (request, reply) => {
    const body = parseOrThrow(createOverrideBodySchema, request.body);
    return reply.code(201).send(await schedules.addOverride(request.caller, request.params.id, body));
  });

  app.put<{ Params: OverrideParams }>('/api/v1/schedules/:id/overrides/:overrideId', cover, async (request) => {
    const body = parseOrThrow(updateOverrideBodySchema, request.body);
    return schedules.moveOverride(request.caller, request.params.id, request.params.overrideId, body);
  });

  app.delete<{ Params: OverrideParams }>('/api/v1/schedules/:id/overrides/:overrideId', cover, async (request) => {
    const { version } = parseOrThrow(versionQuery, request.query, 'query');
    return schedules.removeOverride(request.caller, request.params.id, request.params.overrideId, version);
  });
}
