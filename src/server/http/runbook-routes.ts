import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  copyCommandBodySchema,
  escalateFromRunBodySchema,
  restoreRunbookBodySchema,
  runFeedbackBodySchema,
  runbookInputSchema,
  saveRunbookBodySchema,
  startRunBodySchema,
  tickStepBodySchema,
} from '../../contracts/runbooks';
import { RUNBOOK_LIMITS } from '../../domain/runbook/model';
import type { RunbookRunService } from '../services/runbook-run-service';
import type { RunbookService } from '../services/runbook-service';
import { Problem } from '../services/problem';

/**
 * A runbook's body may hold up to RUNBOOK_LIMITS.bodyChars characters, which as escaped JSON can
 * pass the API's usual 512 KB; beyond this Fastify answers 413 itself (in the API's error shape).
 */
export const RUNBOOK_BODY_LIMIT = 1024 * 1024;

/**
 * Checks a body with a contract schema; problems are named by their path (`selectors.2`,
 * `owner.teamId`), an unknown key by itself, and a body that is no object as `(body)`.
 */
export function parseBody<T extends z.ZodType>(schema: T, input: unknown, what: string): z.output<T> {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new Problem(400, 'invalid_request', `body must be a JSON object (${what})`, [{ field: '(body)', problem: `must be a JSON object (${what})` }]);
  }
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields = result.error.issues.flatMap((issue) => {
    const at = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ field: [...at, key].join('.'), problem: `is not a field of ${what}` }));
    return [{ field: at.join('.') || '(body)', problem: issue.message }];
  });
  throw new Problem(400, 'invalid_request', fields.map((f) => `${f.field} ${f.problem}`).join('; '), fields);
}

/** A body over the limit is refused as too large (413) naming `body`, before anything else is looked at. */
function refuseLongBody(input: unknown): void {
  const body = input !== null && typeof input === 'object' ? (input as { body?: unknown }).body : undefined;
  if (typeof body === 'string' && body.length > RUNBOOK_LIMITS.bodyChars) {
    const problem = `is ${body.length} characters; a runbook holds at most ${RUNBOOK_LIMITS.bodyChars} (one page is about 60 lines)`;
    throw new Problem(413, 'payload_too_large', `body ${problem}`, [{ field: 'body', problem }]);
  }
}

const versionParam = z.object({ version: z.coerce.number({ error: 'must be a version number' }).int('must be a version number').positive('must be a version number') });

type IdParams = { id: string };
type VersionParams = { id: string; version: string };
type RunParams = { runId: string };
type StepParams = { runId: string; stepId: string };
type SectionParams = { runId: string; sectionId: string };

export function registerRunbookRoutes(app: FastifyInstance, deps: { runbooks: RunbookService; runs: RunbookRunService }): void {
  const { runbooks, runs } = deps;
  const read = { config: { permission: 'read' as const } };
  // Responders and up reach the handlers; who may edit a given runbook (its team's managers, its
  // owner, admins) is checked where the runbook is loaded.
  const edit = { config: { permission: 'incident:act' as const } };
  const act = { config: { permission: 'incident:act' as const } };

  app.get('/api/v1/runbooks', read, async (request) => ({ items: await runbooks.list(request.caller) }));

  app.post('/api/v1/runbooks', { ...edit, bodyLimit: RUNBOOK_BODY_LIMIT }, async (request, reply) => {
    refuseLongBody(request.body);
    const input = parseBody(runbookInputSchema, request.body, 'a runbook');
    return reply.code(201).send(await runbooks.create(request.caller, input));
  });

  app.get<{ Params: IdParams }>('/api/v1/runbooks/:id', read, async (request) => runbooks.get(request.caller, request.params.id));

  app.put<{ Params: IdParams }>('/api/v1/runbooks/:id', { ...edit, bodyLimit: RUNBOOK_BODY_LIMIT }, async (request) => {
    refuseLongBody(request.body);
    const { version, ...input } = parseBody(saveRunbookBodySchema, request.body, 'a runbook');
    return runbooks.save(request.caller, request.params.id, input, version);
  });

  app.get<{ Params: IdParams }>('/api/v1/runbooks/:id/versions', read, async (request) => ({ items: await runbooks.versions(request.params.id) }));

  app.get<{ Params: VersionParams }>('/api/v1/runbooks/:id/versions/:version', read, async (request) => {
    const parsed = versionParam.safeParse(request.params);
    if (!parsed.success) throw new Problem(400, 'invalid_request', 'version must be a version number', [{ field: 'version', problem: 'must be a version number' }]);
    return runbooks.version(request.params.id, parsed.data.version);
  });

  app.post<{ Params: IdParams }>('/api/v1/runbooks/:id/restore', edit, async (request) =>
    runbooks.restore(request.caller, request.params.id, parseBody(restoreRunbookBodySchema, request.body, 'a restore')),
  );

  app.post<{ Params: IdParams }>('/api/v1/runbooks/:id/review', edit, async (request) => runbooks.review(request.caller, request.params.id));

  app.get<{ Params: IdParams }>('/api/v1/incidents/:id/runbooks', read, async (request) => runs.forIncident(request.caller, request.params.id));

  app.post<{ Params: IdParams }>('/api/v1/incidents/:id/runbook-runs', act, async (request, reply) => {
    const { runbookId } = parseBody(startRunBodySchema, request.body, 'a runbook run');
    const { run, created } = await runs.startRun(request.caller, request.params.id, runbookId);
    return reply.code(created ? 201 : 200).send(run);
  });

  app.post<{ Params: StepParams }>('/api/v1/runbook-runs/:runId/steps/:stepId', act, async (request) => {
    const { checked } = parseBody(tickStepBodySchema, request.body, 'a tick');
    return runs.tick(request.caller, request.params.runId, request.params.stepId, checked);
  });

  app.post<{ Params: SectionParams }>('/api/v1/runbook-runs/:runId/sections/:sectionId/start', act, async (request) =>
    runs.startSection(request.caller, request.params.runId, request.params.sectionId),
  );

  app.post<{ Params: RunParams }>('/api/v1/runbook-runs/:runId/copies', act, async (request, reply) => {
    const { command } = parseBody(copyCommandBodySchema, request.body, 'a copied command');
    await runs.copied(request.caller, request.params.runId, command);
    return reply.code(204).send();
  });

  app.post<{ Params: RunParams }>('/api/v1/runbook-runs/:runId/escalate', act, async (request) => {
    const { criterionId } = parseBody(escalateFromRunBodySchema, request.body, 'an escalation');
    return runs.escalate(request.caller, request.params.runId, criterionId);
  });

  app.post<{ Params: RunParams }>('/api/v1/runbook-runs/:runId/feedback', act, async (request) => {
    const { helped } = parseBody(runFeedbackBodySchema, request.body, 'feedback');
    return runs.feedback(request.caller, request.params.runId, helped);
  });
}
