import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { createServiceBodySchema, renameServiceBodySchema } from '../../contracts/services';
import { personName } from '../../contracts/common';
import { personActor } from '../services/event-log';
import type { ServiceCatalog } from '../services/service-catalog';
import { parseOrThrow } from './validation';

type IdParams = { id: string };
type KeyParams = { id: string; keyId: string };

const actorOnly = z.object({ actor: personName.optional() }).default({});

export function registerServiceRoutes(app: FastifyInstance, catalog: ServiceCatalog): void {
  app.get('/api/v1/services', async () => ({ items: await catalog.list() }));

  app.post('/api/v1/services', async (request, reply) => {
    const body = parseOrThrow(createServiceBodySchema.extend({ actor: personName.optional() }), request.body);
    return reply.code(201).send(await catalog.create(body.name, personActor(body.actor)));
  });

  app.get<{ Params: IdParams }>('/api/v1/services/:id', async (request) => catalog.get(request.params.id));

  app.patch<{ Params: IdParams }>('/api/v1/services/:id', async (request) => {
    const body = parseOrThrow(renameServiceBodySchema.extend({ actor: personName.optional() }), request.body);
    return catalog.rename(request.params.id, body.name, personActor(body.actor));
  });

  app.post<{ Params: IdParams }>('/api/v1/services/:id/integration-keys', async (request, reply) => {
    const body = parseOrThrow(actorOnly, request.body ?? {});
    return reply.code(201).send(await catalog.addKey(request.params.id, personActor(body.actor)));
  });

  app.post<{ Params: KeyParams }>('/api/v1/services/:id/integration-keys/:keyId/rotate', async (request, reply) => {
    const body = parseOrThrow(actorOnly, request.body ?? {});
    return reply.code(201).send(await catalog.rotateKey(request.params.id, request.params.keyId, personActor(body.actor)));
  });

  app.delete<{ Params: KeyParams }>('/api/v1/services/:id/integration-keys/:keyId', async (request) => {
    const body = parseOrThrow(actorOnly, request.body ?? {});
    return catalog.revokeKey(request.params.id, request.params.keyId, personActor(body.actor));
  });
}
