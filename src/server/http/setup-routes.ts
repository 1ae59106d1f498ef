import type { FastifyInstance } from 'fastify';
import { firstAdminBodySchema } from '../../contracts/people';
import type { DatabaseHandle } from '../db/database';
import { servicesRepository } from '../repositories/services-repository';
import type { AccessService } from '../services/access-service';
import type { DemoService } from '../services/demo-service';
import { DEMO_PASSWORD, DEMO_PEOPLE } from '../services/demo-service';
import type { PeopleService } from '../services/people-service';
import { setSessionCookie } from './access-control';
import { parseOrThrow } from './validation';

export function registerSetupRoutes(
  app: FastifyInstance,
  deps: { handle: DatabaseHandle; demo: DemoService; access: AccessService; people: PeopleService; demoMode: boolean },
): void {
  app.get('/api/v1/setup', { config: { permission: 'public' } }, async () => ({
    needsAdmin: await deps.access.needsFirstAdmin(),
    empty: (await servicesRepository.count(deps.handle.db)) === 0,
    demoLoaded: await deps.demo.isLoaded(),
    demoMode: deps.demoMode,
    // Demo passwords are shown only in demo mode, where they are the point.
    demoAccounts: deps.demoMode ? DEMO_PEOPLE.map((p) => ({ name: p.name, email: p.email, role: p.role, password: DEMO_PASSWORD })) : [],
  }));

  app.post('/api/v1/setup/admin', { config: { permission: 'public' } }, async (request, reply) => {
    const body = parseOrThrow(firstAdminBodySchema, request.body);
    const { token, userId } = await deps.access.createFirstAdmin(body, request.ip);
    setSessionCookie(reply, token);
    return reply.code(201).send({ user: await deps.people.person(userId), demoMode: deps.demoMode });
  });

  app.post('/api/v1/setup/demo', { config: { permission: 'people:admin' } }, async (request, reply) => {
    await deps.demo.load({ withPasswords: deps.demoMode, caller: request.caller });
    return reply.code(201).send({ empty: false, demoLoaded: true });
  });
}
