import type { FastifyInstance } from 'fastify';
import {
  declareIncidentBodySchema,
  incidentListQuerySchema,
  noteBodySchema,
  patchIncidentBodySchema,
  timelineQuerySchema,
} from '../../contracts/incidents';
import type { IncidentService } from '../services/incident-service';
import { parseOrThrow } from './validation';

type IdParams = { id: string };

export function registerIncidentRoutes(app: FastifyInstance, incidents: IncidentService): void {
  app.get('/api/v1/incidents', { config: { permission: 'read' } }, async (request) => {
    const query = parseOrThrow(incidentListQuerySchema, request.query, 'query');
    return incidents.list(query);
  });

  app.post('/api/v1/incidents', { config: { permission: 'incident:act' } }, async (request, reply) => {
    const body = parseOrThrow(declareIncidentBodySchema, request.body);
    const incident = await incidents.declare(body, request.caller);
    return reply.code(201).send(incident);
  });

  app.get<{ Params: IdParams }>('/api/v1/incidents/:id', { config: { permission: 'read' } }, async (request) => incidents.get(request.params.id));

  app.get<{ Params: IdParams }>('/api/v1/incidents/:id/timeline', { config: { permission: 'read' } }, async (request) =>
    incidents.timeline(request.params.id, parseOrThrow(timelineQuerySchema, request.query, 'query')),
  );

  app.get<{ Params: IdParams }>('/api/v1/incidents/:id/alerts', { config: { permission: 'read' } }, async (request) => ({
    items: await incidents.alerts(request.params.id),
  }));

  app.patch<{ Params: IdParams }>('/api/v1/incidents/:id', { config: { permission: 'incident:act' } }, async (request) => {
    const body = parseOrThrow(patchIncidentBodySchema, request.body);
    return incidents.patch(request.params.id, body, request.caller);
  });

  app.post<{ Params: IdParams }>('/api/v1/incidents/:id/acknowledge', { config: { permission: 'incident:act' } }, async (request) =>
    incidents.acknowledge(request.params.id, request.caller),
  );

  app.post<{ Params: IdParams }>('/api/v1/incidents/:id/resolve', { config: { permission: 'incident:act' } }, async (request) =>
    incidents.resolve(request.params.id, request.caller),
  );

  app.post<{ Params: IdParams }>('/api/v1/incidents/:id/notes', { config: { permission: 'incident:act' } }, async (request, reply) => {
    const body = parseOrThrow(noteBodySchema, request.body);
    const event = await incidents.addNote(request.params.id, body.text, body.statusUpdate, request.caller);
    return reply.code(201).send(event);
  });
}
