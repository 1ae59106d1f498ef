import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { metricsQuerySchema } from '../../contracts/metrics';
import type { MetricsService } from '../services/metrics-service';
import { CSV_VIEWS } from '../services/metrics-service';
import { Problem } from '../services/problem';

/** The CSV takes the JSON's query plus which table to export (default: the incidents per bucket). */
const csvQuerySchema = metricsQuerySchema.extend({ view: z.enum(CSV_VIEWS, { error: 'must be incidents or interruptions' }).default('incidents') }).strict();

/** Parses a query string with a schema: each bad parameter named, an unknown one by its own name, a repeated one as such. */
function parseQuery<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const query = (input ?? {}) as Record<string, unknown>;
  const repeated = Object.entries(query).filter(([, value]) => Array.isArray(value)).map(([key]) => ({ field: key, problem: 'must be given once' }));
  if (repeated.length > 0) throw new Problem(400, 'invalid_request', repeated.map((f) => `${f.field} ${f.problem}`).join('; '), repeated);
  const result = schema.safeParse(query);
  if (result.success) return result.data;
  const fields = result.error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ field: key, problem: 'is not a parameter of the metrics query' }));
    return [{ field: issue.path.map(String).join('.') || '(query)', problem: issue.message }];
  });
  throw new Problem(400, 'invalid_request', fields.map((f) => `${f.field} ${f.problem}`).join('; '), fields);
}

export function registerMetricsRoutes(app: FastifyInstance, metrics: MetricsService): void {
  const read = { config: { permission: 'read' as const } };

  app.get('/api/v1/metrics', read, async (request) => metrics.metrics(parseQuery(metricsQuerySchema, request.query)));

  app.get('/api/v1/metrics.csv', read, async (request, reply) => {
    const { view, ...query } = parseQuery(csvQuerySchema, request.query);
    const csv = await metrics.csv(query, view);
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="firewatch-metrics-${view}.csv"`)
      .send(csv);
  });
}
