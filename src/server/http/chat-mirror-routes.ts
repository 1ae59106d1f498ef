import type { FastifyInstance } from 'fastify';
import { createChatMirrorSchema } from '../../contracts/status-page';
import type { ChatMirrorService } from '../services/chat-mirror-service';
import { parseOrThrow } from './validation';

type IdParams = { id: string };

/** Chat mirrors (status:edit): the URL goes in once and never comes back out; lists show its host. */
export function registerChatMirrorRoutes(app: FastifyInstance, mirrors: ChatMirrorService): void {
  const edit = { config: { permission: 'status:edit' as const } };
  app.get('/api/v1/status/chat-mirrors', edit, async () => mirrors.list());
  app.post('/api/v1/status/chat-mirrors', edit, async (request, reply) => reply.code(201).send(await mirrors.create(parseOrThrow(createChatMirrorSchema, request.body), request.caller)));
  app.delete<{ Params: IdParams }>('/api/v1/status/chat-mirrors/:id', edit, async (request, reply) => {
    await mirrors.remove(request.params.id, request.caller);
    return reply.code(204).send();
  });
  app.post<{ Params: IdParams }>('/api/v1/status/chat-mirrors/:id/test', edit, async (request) => mirrors.test(request.params.id));
}
