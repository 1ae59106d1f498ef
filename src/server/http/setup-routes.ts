import type { FastifyInstance } from 'fastify';
import type { DatabaseHandle } from '../db/database';
import { peopleRepository } from '../repositories/people-repository';
import { servicesRepository } from '../repositories/services-repository';
import type { DemoService } from '../services/demo-service';

export function registerSetupRoutes(app: FastifyInstance, deps: { handle: DatabaseHandle; demo: DemoService }): void {
  app.get('/api/v1/setup', async () => ({
    empty: (await servicesRepository.count(deps.handle.db)) === 0,
    demoLoaded: await deps.demo.isLoaded(),
  }));

  app.post('/api/v1/setup/demo', async (_request, reply) => {
    await deps.demo.load();
    return reply.code(201).send({ empty: false, demoLoaded: true });
  });

  app.get('/api/v1/people', async () => ({
    items: (await peopleRepository.list(deps.handle.db)).map((row) => ({ id: row.id, name: row.name, email: row.email, timeZone: row.time_zone })),
  }));
}
