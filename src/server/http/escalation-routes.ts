import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { createMaintenanceWindowBodySchema, putEscalationPolicyBodySchema } from '../../contracts/escalation';
import type { EscalationPolicyService } from '../services/escalation-policy-service';
import type { MaintenanceService } from '../services/maintenance-service';
import { Problem } from '../services/problem';
import { parseOrThrow } from './validation';

type IdParams = { id: string };
type WindowParams = { id: string; windowId: string };

const versionQuery = z.object({ version: z.coerce.number({ error: 'is required (the version this change is based on)' }).int() });

/**
 * A policy body is checked with the contract, and its problems are named the way the domain's
 * policy rules name them (`levels.0.targets.1`), so the editor matches both to the same inputs.
 * An unknown key is named itself rather than the object it is in.
 */
function parsePolicyBody(input: unknown): z.infer<typeof putEscalationPolicyBodySchema> {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new Problem(400, 'invalid_request', 'body must be a JSON object with version and levels', [{ field: '(body)', problem: 'must be a JSON object with version and levels' }]);
  }
  const result = putEscalationPolicyBodySchema.safeParse(input);
  if (result.success) return result.data;
  const fields = result.error.issues.flatMap((issue) => {
    const at = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ field: [...at, key].join('.'), problem: 'is not a field of an escalation policy' }));
    return [{ field: at.join('.') || '(body)', problem: issue.message }];
  });
  throw new Problem(400, 'invalid_request', fields.map((f) => `${f.field} ${f.problem}`).join('; '), fields);
}

export function registerEscalationRoutes(app: FastifyInstance, deps: { policies: EscalationPolicyService; maintenance: MaintenanceService }): void {
  const { policies, maintenance } = deps;
  const read = { config: { permission: 'read' as const } };
  // Managers of the service's team and admins; the services check the team.
  const edit = { config: { permission: 'service:edit' as const } };

  app.get<{ Params: IdParams }>('/api/v1/services/:id/escalation-policy', read, async (request) => policies.view(request.params.id));

  app.put<{ Params: IdParams }>('/api/v1/services/:id/escalation-policy', edit, async (request) => policies.put(request.caller, request.params.id, parsePolicyBody(request.body)));

  app.delete<{ Params: IdParams }>('/api/v1/services/:id/escalation-policy', edit, async (request, reply) => {
    const { version } = parseOrThrow(versionQuery, request.query, 'query');
    await policies.remove(request.caller, request.params.id, version);
    return reply.code(204).send();
  });

  app.get<{ Params: IdParams }>('/api/v1/services/:id/maintenance-windows', read, async (request) => ({ items: await maintenance.list(request.params.id) }));

  app.post<{ Params: IdParams }>('/api/v1/services/:id/maintenance-windows', edit, async (request, reply) => {
    const body = parseOrThrow(createMaintenanceWindowBodySchema, request.body);
    return reply.code(201).send(await maintenance.create(request.caller, request.params.id, body));
  });

  app.post<{ Params: WindowParams }>('/api/v1/services/:id/maintenance-windows/:windowId/end', edit, async (request) =>
    maintenance.endEarly(request.caller, request.params.id, request.params.windowId),
  );
}
