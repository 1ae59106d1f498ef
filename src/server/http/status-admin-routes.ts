import type { FastifyInstance } from 'fastify';
import { createComponentSchema, createMaintenanceSchema, postPublicUpdateSchema, publishIncidentSchema, updateComponentSchema } from '../../contracts/status-page';
import type { StatusPageService } from '../services/status-page-service';
import { parseOrThrow } from './validation';

type IdParams = { id: string };

/** The status page's admin JSON (signed in): components, public incidents, maintenance, subscriber counts. */
export function registerStatusAdminRoutes(app: FastifyInstance, status: StatusPageService): void {
  const read = { config: { permission: 'read' as const } };
  const edit = { config: { permission: 'status:edit' as const } };
  const act = { config: { permission: 'incident:act' as const } };

  app.get('/api/v1/status/components', read, async () => ({ items: await status.listComponents() }));
  app.post('/api/v1/status/components', edit, async (request, reply) => reply.code(201).send(await status.createComponent(request.caller, parseOrThrow(createComponentSchema, request.body))));
  app.patch<{ Params: IdParams }>('/api/v1/status/components/:id', edit, async (request) => status.updateComponent(request.caller, request.params.id, parseOrThrow(updateComponentSchema, request.body)));
  app.delete<{ Params: IdParams }>('/api/v1/status/components/:id', edit, async (request, reply) => {
    await status.deleteComponent(request.caller, request.params.id);
    return reply.code(204).send();
  });

  app.get<{ Params: IdParams }>('/api/v1/incidents/:id/public', read, async (request) => status.publicIncident(request.params.id));
  app.get<{ Params: IdParams }>('/api/v1/incidents/:id/public/draft', read, async (request) => status.draft(request.params.id));
  app.post<{ Params: IdParams }>('/api/v1/incidents/:id/public', act, async (request, reply) =>
    reply.code(201).send(await status.publish(request.caller, request.params.id, parseOrThrow(publishIncidentSchema, request.body))),
  );
  app.post<{ Params: IdParams }>('/api/v1/incidents/:id/public/updates', act, async (request, reply) =>
    reply.code(201).send(await status.postUpdate(request.caller, request.params.id, parseOrThrow(postPublicUpdateSchema, request.body))),
  );
  app.get('/api/v1/status/incidents', read, async () => ({ items: await status.listPublicIncidents() }));

  app.get('/api/v1/status/maintenances', read, async () => ({ items: await status.listMaintenances() }));
  app.post('/api/v1/status/maintenances', edit, async (request, reply) => reply.code(201).send(await status.createMaintenance(request.caller, parseOrThrow(createMaintenanceSchema, request.body))));
  app.delete<{ Params: IdParams }>('/api/v1/status/maintenances/:id', edit, async (request) => status.cancelMaintenance(request.caller, request.params.id));

}
