import type { z } from 'zod';
import type { MetricsDto, MetricsSummaryDto, metricsQuerySchema } from '../../contracts/metrics';
import { MAX_BUCKETS, bucketsBetween, nextBucketStart } from '../../domain/metrics/buckets';
import type { BucketSize } from '../../domain/metrics/buckets';
import { toCsv } from '../../domain/metrics/csv';
import type { CsvCell } from '../../domain/metrics/csv';
import { compareRanges } from '../../domain/metrics/incident-metrics';
import type { MetricsGrouping, MetricsSummary } from '../../domain/metrics/incident-metrics';
import { COALESCE_MS, interruptionsByPerson } from '../../domain/metrics/interruptions';
import type { MetricPage } from '../../domain/metrics/interruptions';
import { spreadOf } from '../../domain/metrics/stats';
import type { Severity } from '../../domain/incident/severity';
import { severityRank } from '../../domain/incident/severity';
import { DAY_MS, epochMs, toIsoUtc } from '../../domain/time/instant';
import type { EpochMs } from '../../domain/time/instant';
import { formatLocalDate, localDayOfWall, wallOf } from '../../domain/time/zoned';
import type { DatabaseHandle } from '../db/database';
import { metricsRepository } from '../repositories/metrics-repository';
import type { MetricCellRow, MetricPagesRow, MetricsIncidentFilter } from '../repositories/metrics-repository';
import { Problem } from './problem';

export type MetricsQueryInput = z.output<typeof metricsQuerySchema>;

/** The longest range (main or comparison) the page answers for: three years and a leap day. */
export const MAX_RANGE_MS = 3 * 365 * DAY_MS + DAY_MS;

/** Which CSV: one row per bucket (and group), or one row per person (the burnout view). */
export const CSV_VIEWS = ['incidents', 'interruptions'] as const;
export type CsvView = (typeof CSV_VIEWS)[number];

/** Incidents whose service has no team are grouped under this key. */
export const NO_TEAM_KEY = '';
const NO_TEAM_NAME = 'No team';

type Range = { from: EpochMs; to: EpochMs };

function invalid(field: string, problem: string): Problem {
  return new Problem(400, 'invalid_request', `${field} ${problem}`, [{ field, problem }]);
}

/** The range checks the schema cannot make alone; names the field a person would change. */
function checkRange(from: EpochMs, to: EpochMs, fields: { from: string; to: string }, zone: string, bucket: BucketSize, withBuckets: boolean): void {
  if (to <= from) throw invalid(fields.to, `must be after ${fields.from}`);
  if (to - from > MAX_RANGE_MS) throw invalid(fields.from, 'must be at most 3 years before the end of the range');
  if (!withBuckets) return;
  try {
    bucketsBetween(from, to, bucket, zone);
  } catch (error) {
    if (error instanceof RangeError) throw invalid(fields.from, `gives more than ${MAX_BUCKETS} ${bucket} buckets`);
    throw error;
  }
}

type Checked = { main: Range; compare: Range | null };

/** Validates the parsed query's ranges: `to` after `from`, at most 3 years, both comparison ends or neither. */
export function checkMetricsQuery(query: MetricsQueryInput): Checked {
  const main = { from: epochMs(Date.parse(query.from)), to: epochMs(Date.parse(query.to)) };
  checkRange(main.from, main.to, { from: 'from', to: 'to' }, query.zone, query.bucket, true);
  if ((query.compareFrom === undefined) !== (query.compareTo === undefined)) {
    const missing = query.compareFrom === undefined ? 'compareFrom' : 'compareTo';
    const given = missing === 'compareFrom' ? 'compareTo' : 'compareFrom';
    throw invalid(missing, `is required with ${given} (a comparison needs both ends)`);
  }
  if (query.compareFrom === undefined || query.compareTo === undefined) return { main, compare: null };
  const compare = { from: epochMs(Date.parse(query.compareFrom)), to: epochMs(Date.parse(query.compareTo)) };
  checkRange(compare.from, compare.to, { from: 'compareFrom', to: 'compareTo' }, query.zone, query.bucket, false);
  return { main, compare };
}

function summaryDto(summary: MetricsSummary): MetricsSummaryDto {
  return { count: summary.count, mtta: summary.mtta, mttr: summary.mttr, escalation: summary.escalation };
}

/** Rounds milliseconds to minutes with two decimals for the CSV; null stays empty. */
function minutes(ms: number | null): number | null {
  return ms === null ? null : Math.round(ms / 600) / 100;
}

/** One cell of the database's answer: the incidents of one bucket, service and severity, durations parsed. */
type Cell = { bucket: number; serviceId: string; severity: string; count: number; ack: number[]; resolve: number[]; escalate: number[] };

/** A comma-separated list of elapsed milliseconds; a stamp before the trigger counts as 0 (the domain's rule). */
function durations(list: string | null): number[] {
  if (list === null || list === '') return [];
  return list.split(',').map((text) => Math.max(0, Number(text)));
}

function toCell(row: MetricCellRow): Cell {
  return { bucket: row.bucket, serviceId: row.service_id, severity: row.severity, count: row.n, ack: durations(row.ack), resolve: durations(row.res), escalate: durations(row.esc) };
}

/**
 * The summary of any cells together: the same definitions as domain/metrics `summarize` (counts,
 * then median and p90 by `spreadOf` over the durations that exist), taken from cells the database
 * already bucketed instead of one object per incident. metrics.test.ts checks both agree.
 */
function summaryOf(cells: readonly Cell[]): MetricsSummary {
  let count = 0;
  const ack: number[] = [];
  const resolve: number[] = [];
  const escalate: number[] = [];
  for (const cell of cells) {
    count += cell.count;
    for (const value of cell.ack) ack.push(value);
    for (const value of cell.resolve) resolve.push(value);
    for (const value of cell.escalate) escalate.push(value);
  }
  return { count, mtta: spreadOf(ack), mttr: spreadOf(resolve), escalation: spreadOf(escalate) };
}

type Series = { buckets: Array<MetricsSummary & { start: EpochMs; end: EpochMs }>; total: MetricsSummary };

/** Per bucket (every one, empty ones too) and in total; with a key, also per group (severities P1 first, other keys in id order, as the domain orders them). */
function seriesOf(cells: readonly Cell[], starts: readonly EpochMs[], size: BucketSize, zone: string, keyOf: ((cell: Cell) => string) | undefined, grouping: MetricsGrouping | undefined) {
  const ends = starts.map((start, i) => starts[i + 1] ?? nextBucketStart(start, size, zone));
  const build = (members: readonly Cell[]): Series => {
    const perBucket: Cell[][] = starts.map(() => []);
    for (const cell of members) perBucket[cell.bucket]?.push(cell);
    return { buckets: perBucket.map((inBucket, i) => ({ start: starts[i]!, end: ends[i]!, ...summaryOf(inBucket) })), total: summaryOf(members) };
  };
  const groups: Array<Series & { key: string }> = [];
  if (keyOf) {
    const byKey = new Map<string, Cell[]>();
    for (const cell of cells) {
      const key = keyOf(cell);
      const list = byKey.get(key);
      if (list) list.push(cell);
      else byKey.set(key, [cell]);
    }
    const order = grouping === 'severity' ? (a: string, b: string) => severityRank(a as Severity) - severityRank(b as Severity) : (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    for (const key of [...byKey.keys()].sort(order)) groups.push({ key, ...build(byKey.get(key)!) });
  }
  return { ...build(cells), groups };
}

/** One person's pages in one zone: each interrupting one, or a single e-mail-like entry so that someone paged only by e-mail still gets a row. */
function pagesOf(row: MetricPagesRow): MetricPage[] {
  if (row.at === null || row.at === '') return [{ userId: row.user_id, zone: row.zone, channel: 'email', at: epochMs(0) }];
  return row.at.split(',').map((text) => ({ userId: row.user_id, zone: row.zone, channel: 'sms', at: epochMs(Number(text)) }));
}

export type MetricsService = ReturnType<typeof createMetricsService>;

export function createMetricsService(deps: { handle: DatabaseHandle }) {
  const { handle } = deps;

  async function load(query: MetricsQueryInput) {
    const checked = checkMetricsQuery(query);
    const services = await metricsRepository.services(handle.db);
    const teamOf = new Map(services.map((service) => [service.id, service.team_id ?? NO_TEAM_KEY]));
    let serviceIds: string[] | null = null;
    if (query.serviceId !== undefined) serviceIds = teamOf.has(query.serviceId) ? [query.serviceId] : [];
    if (query.teamId !== undefined) {
      const ofTeam = services.filter((service) => service.team_id === query.teamId).map((service) => service.id);
      serviceIds = serviceIds === null ? ofTeam : serviceIds.filter((id) => ofTeam.includes(id));
    }
    const filter: MetricsIncidentFilter = { severity: query.severity, serviceIds };
    const starts = bucketsBetween(checked.main.from, checked.main.to, query.bucket, query.zone);
    const [cellRows, compareRows, pageRows, teams] = await Promise.all([
      metricsRepository.incidentCells(handle.db, handle.dialect, checked.main, filter, starts),
      checked.compare ? metricsRepository.incidentCells(handle.db, handle.dialect, checked.compare, filter) : Promise.resolve([]),
      // From a minute before the range, so that a page just inside it joins an interruption that began before.
      metricsRepository.pagesPerPerson(handle.db, handle.dialect, { from: checked.main.from - COALESCE_MS, to: checked.main.to }, filter),
      query.groupBy === 'team' ? metricsRepository.teams(handle.db) : Promise.resolve([]),
    ]);
    const grouping: MetricsGrouping | undefined = query.groupBy;
    const keyOf = (cell: Cell): string => (grouping === 'severity' ? cell.severity : grouping === 'service' ? cell.serviceId : (teamOf.get(cell.serviceId) ?? NO_TEAM_KEY));
    const series = seriesOf(cellRows.map(toCell), starts, query.bucket, query.zone, grouping ? keyOf : undefined, grouping);
    const pages = pageRows.flatMap(pagesOf);
    const perPerson = interruptionsByPerson(pages, checked.main);
    const people = new Map((await metricsRepository.people(handle.db, perPerson.map((row) => row.userId))).map((person) => [person.id, person]));
    const lastZone = new Map(pages.map((page) => [page.userId, page.zone]));
    const serviceName = new Map(services.map((service) => [service.id, service.name]));
    const teamName = new Map(teams.map((team) => [team.id, team.name]));
    const nameOf = (key: string): string => {
      if (grouping === 'service') return serviceName.get(key) ?? key;
      if (grouping === 'team') return key === NO_TEAM_KEY ? NO_TEAM_NAME : (teamName.get(key) ?? key);
      return key;
    };
    const bucketDto = (bucket: (typeof series.buckets)[number]) => ({ start: toIsoUtc(bucket.start), end: toIsoUtc(bucket.end), ...summaryDto(bucket) });
    const after = series.total;
    const before = checked.compare ? summaryOf(compareRows.map(toCell)) : null;
    const dto: MetricsDto = {
      range: { from: toIsoUtc(checked.main.from), to: toIsoUtc(checked.main.to), zone: query.zone, bucket: query.bucket },
      buckets: series.buckets.map(bucketDto),
      total: summaryDto(series.total),
      groups: series.groups.map((group) => ({ key: group.key, name: nameOf(group.key), buckets: group.buckets.map(bucketDto), total: summaryDto(group.total) })),
      interruptions: perPerson.map((row) => {
        const person = people.get(row.userId);
        return { ...row, name: person?.name ?? row.userId, timeZone: person?.time_zone ?? lastZone.get(row.userId) ?? 'UTC' };
      }),
      comparison:
        checked.compare && before
          ? {
              before: { from: toIsoUtc(checked.compare.from), to: toIsoUtc(checked.compare.to), total: summaryDto(before) },
              after: { from: toIsoUtc(checked.main.from), to: toIsoUtc(checked.main.to), total: summaryDto(after) },
              changes: compareRanges(before, after),
            }
          : null,
    };
    return dto;
  }

  return {
    /** The metrics page's answer (MetricsDto) for a parsed query; 400 naming the field for a bad range. */
    metrics: load,

    /**
     * The same numbers as CSV. `incidents`: one row per bucket for all incidents, then (with
     * groupBy) one row per group and bucket; durations in minutes with two decimals. `interruptions`:
     * one row per person.
     */
    async csv(query: MetricsQueryInput, view: CsvView): Promise<string> {
      const dto = await load(query);
      if (view === 'interruptions') {
        const header: CsvCell[] = ['person', 'time_zone', 'interruptions', 'night_22_to_07', 'weekend', 'off_hours', 'business_hours', ...Array.from({ length: 24 }, (_, h) => `local_hour_${String(h).padStart(2, '0')}`)];
        return toCsv([header, ...dto.interruptions.map((row) => [row.name, row.timeZone, row.total, row.night, row.weekend, row.offHours, row.businessHours, ...row.byLocalHour])]);
      }
      const header: CsvCell[] = [
        'bucket_start_utc', 'bucket_end_utc', `bucket_start_local (${query.zone})`, 'group_by', 'group_key', 'group_name', 'incidents',
        'acknowledged', 'mtta_median_minutes', 'mtta_p90_minutes', 'resolved', 'mttr_median_minutes', 'mttr_p90_minutes',
        'escalated', 'escalation_median_minutes', 'escalation_p90_minutes',
      ];
      const rows: CsvCell[][] = [header];
      const line = (bucket: MetricsDto['buckets'][number], groupBy: string, key: string, name: string): CsvCell[] => [
        bucket.start, bucket.end, formatLocalDate(localDayOfWall(wallOf(query.zone, Date.parse(bucket.start)))), groupBy, key, name, bucket.count,
        bucket.mtta.n, minutes(bucket.mtta.median), minutes(bucket.mtta.p90), bucket.mttr.n, minutes(bucket.mttr.median), minutes(bucket.mttr.p90),
        bucket.escalation.n, minutes(bucket.escalation.median), minutes(bucket.escalation.p90),
      ];
      for (const bucket of dto.buckets) rows.push(line(bucket, 'all', '', 'All incidents'));
      for (const group of dto.groups) for (const bucket of group.buckets) rows.push(line(bucket, query.groupBy ?? '', group.key, group.name));
      return toCsv(rows);
    },
  };
}
