import { HttpResponse, http } from 'msw';
import type { JsonBodyType } from 'msw';
import type { z } from 'zod';
import type { MetricsDto } from '../contracts/metrics';
import { metricsQuerySchema } from '../contracts/metrics';
import { MAX_BUCKETS, bucketsBetween } from '../domain/metrics/buckets';
import type { CsvCell } from '../domain/metrics/csv';
import { toCsv } from '../domain/metrics/csv';
import { compareRanges, incidentMetrics, summarizeRange } from '../domain/metrics/incident-metrics';
import type { MetricIncident, MetricsGrouping, MetricsSummary } from '../domain/metrics/incident-metrics';
import { COALESCE_MS, interruptionsByPerson } from '../domain/metrics/interruptions';
import { DAY_MS, epochMs, toIsoUtc } from '../domain/time/instant';
import type { EpochMs } from '../domain/time/instant';
import { db } from './db';
import { API, allow, fieldName, invalidFields } from './msw-kit';
import type { Reply } from './msw-kit';

/**
 * GET /api/v1/metrics and /metrics.csv as the server answers them: the query checked by the
 * contract's schema (an unknown parameter is named), the range rules the server adds (to after
 * from, at most three years and MAX_BUCKETS buckets, both ends of the comparison or neither), and
 * the numbers computed by the domain's own functions over `db.metricIncidents` and `db.metricPages`.
 */

/** The widest range the server accepts (three years, leap days included). */
const MAX_RANGE_MS = 3 * 366 * DAY_MS;

type Problem = { field: string; problem: string };

function schemaProblems(error: z.ZodError): Problem[] {
  return error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys' ? issue.keys.map((key) => ({ field: key, problem: 'is not a parameter of this endpoint' })) : [{ field: fieldName(issue.path), problem: issue.message }],
  );
}

type Parsed = z.output<typeof metricsQuerySchema>;

type Query = Parsed & { range: { from: EpochMs; to: EpochMs }; before: { from: EpochMs; to: EpochMs } | null };

function parseQuery(url: string): Query | Reply {
  const params = new URL(url).searchParams;
  const raw: Record<string, string> = {};
  for (const [key, value] of params) raw[key] = value;
  const parsed = metricsQuerySchema.safeParse(raw);
  if (!parsed.success) return invalidFields(schemaProblems(parsed.error));
  const query = parsed.data;
  const from = epochMs(Date.parse(query.from));
  const to = epochMs(Date.parse(query.to));
  if (to <= from) return invalidFields([{ field: 'to', problem: 'must be after from' }]);
  if (to - from > MAX_RANGE_MS) return invalidFields([{ field: 'from', problem: 'is more than three years before to' }]);
  try {
    bucketsBetween(from, to, query.bucket, query.zone);
  } catch {
    return invalidFields([{ field: 'from', problem: `makes more than ${MAX_BUCKETS} buckets` }]);
  }
  if ((query.compareFrom === undefined) !== (query.compareTo === undefined)) {
    const missing = query.compareFrom === undefined ? 'compareFrom' : 'compareTo';
    return invalidFields([{ field: missing, problem: 'is required with the other end of the comparison' }]);
  }
  let before: Query['before'] = null;
  if (query.compareFrom !== undefined && query.compareTo !== undefined) {
    before = { from: epochMs(Date.parse(query.compareFrom)), to: epochMs(Date.parse(query.compareTo)) };
    if (before.to <= before.from) return invalidFields([{ field: 'compareTo', problem: 'must be after compareFrom' }]);
    if (before.to - before.from > MAX_RANGE_MS) return invalidFields([{ field: 'compareFrom', problem: 'is more than three years before compareTo' }]);
  }
  return { ...query, range: { from, to }, before };
}

function filtered(query: Query): MetricIncident[] {
  return db.metricIncidents.filter(
    (incident) =>
      (query.severity === undefined || incident.severity === query.severity) &&
      (query.serviceId === undefined || incident.serviceId === query.serviceId) &&
      (query.teamId === undefined || incident.teamId === query.teamId),
  );
}

function groupName(grouping: MetricsGrouping, key: string): string {
  if (grouping === 'service') return db.services.find((service) => service.id === key)?.name ?? key;
  if (grouping === 'team') return db.teams.find((team) => team.id === key)?.name ?? key;
  return key;
}

const isoSpan = <T extends { start: number; end: number }>(bucket: T) => ({ ...bucket, start: toIsoUtc(epochMs(bucket.start)), end: toIsoUtc(epochMs(bucket.end)) });

/** The whole answer, computed as the server computes it. */
function metricsAnswer(query: Query): MetricsDto {
  const incidents = filtered(query);
  const grouping = query.groupBy;
  const metrics = incidentMetrics(incidents, { ...query.range, size: query.bucket, zone: query.zone }, grouping);
  // Pages from a minute before the range anchor the windows that reach into it (interruptionsByPerson).
  const pages = db.metricPages.filter((page) => page.at >= query.range.from - COALESCE_MS && page.at < query.range.to);
  const people = interruptionsByPerson(pages, query.range).map((row) => {
    const user = db.users.find((u) => u.id === row.userId);
    const last = pages.filter((page) => page.userId === row.userId).at(-1);
    return { ...row, name: user?.name ?? last?.name ?? row.userId, timeZone: user?.timeZone ?? last?.zone ?? 'UTC' };
  });
  let comparison: MetricsDto['comparison'] = null;
  if (query.before) {
    const before: MetricsSummary = summarizeRange(incidents, query.before);
    const after: MetricsSummary = summarizeRange(incidents, query.range);
    comparison = {
      before: { from: toIsoUtc(query.before.from), to: toIsoUtc(query.before.to), total: before },
      after: { from: toIsoUtc(query.range.from), to: toIsoUtc(query.range.to), total: after },
      changes: compareRanges(before, after),
    };
  }
  return {
    range: { from: toIsoUtc(query.range.from), to: toIsoUtc(query.range.to), zone: query.zone, bucket: query.bucket },
    buckets: metrics.buckets.map(isoSpan),
    total: metrics.total,
    groups: grouping ? metrics.groups.map((group) => ({ key: group.key, name: groupName(grouping, group.key), buckets: group.buckets.map(isoSpan), total: group.total })) : [],
    interruptions: people,
    comparison,
  };
}

function csvRows(answer: MetricsDto): CsvCell[][] {
  const header = ['group', 'bucket_start', 'bucket_end', 'incidents', 'mtta_n', 'mtta_median_ms', 'mtta_p90_ms', 'mttr_n', 'mttr_median_ms', 'mttr_p90_ms', 'escalated_n', 'escalation_median_ms', 'escalation_p90_ms'];
  const row = (group: string, bucket: MetricsDto['buckets'][number]): CsvCell[] => [
    group,
    bucket.start,
    bucket.end,
    bucket.count,
    bucket.mtta.n,
    bucket.mtta.median,
    bucket.mtta.p90,
    bucket.mttr.n,
    bucket.mttr.median,
    bucket.mttr.p90,
    bucket.escalation.n,
    bucket.escalation.median,
    bucket.escalation.p90,
  ];
  return [header, ...answer.buckets.map((bucket) => row('all', bucket)), ...answer.groups.flatMap((group) => group.buckets.map((bucket) => row(group.name, bucket)))];
}

export const metricsHandlers = [
  http.get(
    `${API}/metrics`,
    allow('read', ({ request }) => {
      const query = parseQuery(request.url);
      if (query instanceof HttpResponse) return query;
      return HttpResponse.json<JsonBodyType>(metricsAnswer(query));
    }),
  ),

  http.get(
    `${API}/metrics.csv`,
    allow('read', ({ request }) => {
      const query = parseQuery(request.url);
      if (query instanceof HttpResponse) return query;
      return new HttpResponse(toCsv(csvRows(metricsAnswer(query))), {
        headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="firewatch-metrics.csv"' },
      }) as unknown as HttpResponse<JsonBodyType>;
    }),
  ),
];
