import type { FastifyInstance } from 'fastify';
import { createServiceBodySchema, renameServiceBodySchema } from '../../contracts/services';
import type { ServiceCatalog } from '../services/service-catalog';
import { parseOrThrow } from './validation';

type IdParams = { id: string };
type KeyParams = { id: string; keyId: string };

export function registerServiceRoutes(app: FastifyInstance, catalog: ServiceCatalog): void {
  app.get('/api/v1/services', { config: { permission: 'read' } }, async (request) => ({ items: await catalog.list(request.caller) }));

  app.post('/api/v1/services', { config: { permission: 'service:edit' } }, async (request, reply) => {
    const body = parseOrThrow(createServiceBodySchema, request.body);
    return reply.code(201).send(await catalog.create(body.name, body.teamId, request.caller));
  });

  app.get<{ Params: IdParams }>('/api/v1/services/:id', { config: { permission: 'read' } }, async (request) => catalog.get(request.params.id, request.caller));

  app.patch<{ Params: IdParams }>('/api/v1/services/:id', { config: { permission: 'service:edit' } }, async (request) => {
    const body = parseOrThrow(renameServiceBodySchema, request.body);
    return catalog.rename(request.params.id, body.name, request.caller);
  });

  const edit = { config: { permission: 'service:edit' as const } };

  app.post<{ Params: IdParams }>('/api/v1/services/:id/integration-keys', edit, async (request, reply) =>
    reply.code(201).send(await catalog.addKey(request.params.id, request.caller)),
  );

  app.post<{ Params: KeyParams }>('/api/v1/services/:id/integration-keys/:keyId/rotate', edit, async (request, reply) =>
    reply.code(201).send(await catalog.rotateKey(request.params.id, request.params.keyId, request.caller)),
  );

  app.delete<{ Params: KeyParams }>('/api/v1/services/:id/integration-keys/:keyId', edit, async (request) =>
    catalog.revokeKey(request.params.id, request.params.keyId, request.caller),
  );
}
