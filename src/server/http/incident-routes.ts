import type { FastifyInstance } from 'fastify';
import {
  declareIncidentBodySchema,
  incidentActionBodySchema,
  incidentListQuerySchema,
  noteBodySchema,
  patchIncidentBodySchema,
} from '../../contracts/incidents';
import { personActor } from '../services/event-log';
import type { IncidentService } from '../services/incident-service';
import { parseOrThrow } from './validation';

type IdParams = { id: string };

export function registerIncidentRoutes(app: FastifyInstance, incidents: IncidentService): void {
  app.get('/api/v1/incidents', async (request) => {
    const query = parseOrThrow(incidentListQuerySchema, request.query, 'query');
    return { items: await incidents.list(query) };
  });

  app.post('/api/v1/incidents', async (request, reply) => {
    const body = parseOrThrow(declareIncidentBodySchema, request.body);
    const incident = await incidents.declare(body, personActor(body.actor));
    return reply.code(201).send(incident);
  });

  app.get<{ Params: IdParams }>('/api/v1/incidents/:id', async (request) => incidents.get(request.params.id));

  app.get<{ Params: IdParams }>('/api/v1/incidents/:id/timeline', async (request) => ({
    items: await incidents.timeline(request.params.id),
  }));

  app.get<{ Params: IdParams }>('/api/v1/incidents/:id/alerts', async (request) => ({
    items: await incidents.alerts(request.params.id),
  }));

  app.patch<{ Params: IdParams }>('/api/v1/incidents/:id', async (request) => {
    const body = parseOrThrow(patchIncidentBodySchema, request.body);
    return incidents.patch(request.params.id, body, personActor(body.actor));
  });

  app.post<{ Params: IdParams }>('/api/v1/incidents/:id/acknowledge', async (request) => {
    const body = parseOrThrow(incidentActionBodySchema, request.body ?? {});
    return incidents.acknowledge(request.params.id, personActor(body.actor));
  });

  app.post<{ Params: IdParams }>('/api/v1/incidents/:id/resolve', async (request) => {
    const body = parseOrThrow(incidentActionBodySchema, request.body ?? {});
    return incidents.resolve(request.params.id, personActor(body.actor));
  });

  app.post<{ Params: IdParams }>('/api/v1/incidents/:id/notes', async (request, reply) => {
    const body = parseOrThrow(noteBodySchema, request.body);
    const event = await incidents.addNote(request.params.id, body.text, body.statusUpdate, personActor(body.actor));
    return reply.code(201).send(event);
  });
}
