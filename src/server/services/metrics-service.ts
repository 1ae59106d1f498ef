import type { z } from 'zod';
import type { MetricsDto, MetricsSummaryDto, metricsQuerySchema } from '../../contracts/metrics';
import { MAX_BUCKETS, bucketsBetween, nextBucketStart } from '../../domain/metrics/buckets';
import type { BucketSize } from '../../domain/metrics/buckets';
import { toCsv } from '../../domain/metrics/csv';
import type { CsvCell } from '../../domain/metrics/csv';
import { compareRanges } from '../../domain/metrics/incident-metrics';
import type { MetricsGrouping, MetricsSummary } from '../../domain/metrics/incident-metrics';
import { COALESCE_MS } from '../../domain/metrics/interruptions';
import type { PersonInterruptions } from '../../domain/metrics/interruptions';
import { spreadOfInPlace } from '../../domain/metrics/stats';
import type { Severity } from '../../domain/incident/severity';
import { severityRank } from '../../domain/incident/severity';
import { DAY_MS, epochMs, toIsoUtc } from '../../domain/time/instant';
import type { EpochMs } from '../../domain/time/instant';
import { formatLocalDate, localDayOfWall, wallOf } from '../../domain/time/zoned';
import type { DatabaseHandle } from '../db/database';
import { metricsRepository } from '../repositories/metrics-repository';
import { MetricsStore } from './metrics-store';
import type { Span, StoredIncident, StoredPage } from './metrics-store';
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

type Series = { buckets: Array<MetricsSummary & { start: EpochMs; end: EpochMs }>; total: MetricsSummary };

/** The durations summarized per cell, in the order of the arrays below. */
const DURATIONS = 3;

/**
 * Every (layer, bucket) cell's incident count and durations, gathered in one pass into a few typed
 * arrays: layer `groups` is all incidents, layers before it one group each. `values[m]` holds
 * duration m (acknowledge, resolve, escalate) of every cell one after another, cell c from
 * `offsets[m][c]` to `offsets[m][c + 1]`, so a layer's cells are one contiguous run and its total
 * summarizes that run. Why: one array per cell and duration (thousands per answer for a year
 * weekly by service) and their growth were most of the time of an answer not asked before.
 */
type Cells = { buckets: number; groups: number; keys: string[]; counts: Int32Array; values: Float64Array[]; offsets: Int32Array[] };

/** Counts one more at `at` in the all-incidents row and in the group's row (null: no grouping). */
function count(all: Int32Array, own: Int32Array | null, at: number): void {
  all[at]!++;
  if (own) own[at]!++;
}

/** Writes a duration at the next free place of the all-incidents cell and of the group's cell (−1: no grouping). */
function put(into: Float64Array, free: Int32Array, allCell: number, ownCell: number, value: number): void {
  into[free[allCell]!++] = value;
  if (ownCell >= 0) into[free[ownCell]!++] = value;
}

function cellsOf(span: Span<StoredIncident>, passes: ((incident: StoredIncident) => boolean) | null, starts: readonly EpochMs[], keyOf: ((incident: StoredIncident) => string) | undefined): Cells {
  const nb = starts.length;
  const n = span.hi - span.lo;
  // Per incident of the span: its bucket and group (−1: filtered out), then per group its cells' counts.
  const bucketOf = new Int32Array(n);
  const groupOf = new Int32Array(n).fill(-1);
  const groupIndex = new Map<string, number>();
  const keys: string[] = [];
  const groupCounts: Int32Array[] = [];
  const allCounts = new Int32Array(nb * (1 + DURATIONS));
  let bucket = 0;
  for (let i = 0; i < n; i++) {
    const incident = span.items[span.lo + i]!;
    if (passes && !passes(incident)) continue;
    while (bucket + 1 < nb && incident.triggeredAt >= starts[bucket + 1]!) bucket++;
    bucketOf[i] = bucket;
    let group = 0;
    if (keyOf) {
      const key = keyOf(incident);
      let known = groupIndex.get(key);
      if (known === undefined) {
        known = keys.length;
        groupIndex.set(key, known);
        keys.push(key);
        groupCounts.push(new Int32Array(nb * (1 + DURATIONS)));
      }
      group = known;
    }
    groupOf[i] = group;
    const own = keyOf ? groupCounts[group]! : null;
    count(allCounts, own, bucket);
    if (incident.ack !== null) count(allCounts, own, nb + bucket);
    if (incident.resolve !== null) count(allCounts, own, 2 * nb + bucket);
    if (incident.escalate !== null) count(allCounts, own, 3 * nb + bucket);
  }
  const groups = keys.length;
  const layers = [...groupCounts, allCounts];
  const cells = (groups + 1) * nb;
  const counts = new Int32Array(cells);
  for (let layer = 0; layer <= groups; layer++) counts.set(layers[layer]!.subarray(0, nb), layer * nb);
  const offsets: Int32Array[] = [];
  const values: Float64Array[] = [];
  for (let m = 0; m < DURATIONS; m++) {
    const offset = new Int32Array(cells + 1);
    for (let layer = 0; layer <= groups; layer++) {
      const row = layers[layer]!;
      for (let b = 0; b < nb; b++) offset[layer * nb + b + 1] = offset[layer * nb + b]! + row[(1 + m) * nb + b]!;
    }
    offsets.push(offset);
    values.push(new Float64Array(offset[cells]!));
  }
  // Second pass: each duration into its cell's next free place, in the group's layer and in the all layer.
  const next = offsets.map((offset) => offset.slice(0, cells));
  for (let i = 0; i < n; i++) {
    const group = groupOf[i]!;
    if (group < 0) continue;
    const incident = span.items[span.lo + i]!;
    const b = bucketOf[i]!;
    const allCell = groups * nb + b;
    const ownCell = keyOf ? group * nb + b : -1;
    if (incident.ack !== null) put(values[0]!, next[0]!, allCell, ownCell, incident.ack);
    if (incident.resolve !== null) put(values[1]!, next[1]!, allCell, ownCell, incident.resolve);
    if (incident.escalate !== null) put(values[2]!, next[2]!, allCell, ownCell, incident.escalate);
  }
  return { buckets: nb, groups, keys, counts, values, offsets };
}

/** domain/metrics `summarize` of cells `[first, last)` (stored durations, already clamped at 0), by the domain's `spreadOf`; reorders their values. */
function summaryOfCells(cells: Cells, first: number, last: number): MetricsSummary {
  let count = 0;
  for (let c = first; c < last; c++) count += cells.counts[c]!;
  const spread = (m: number) => spreadOfInPlace(cells.values[m]!.subarray(cells.offsets[m]![first]!, cells.offsets[m]![last]!));
  return { count, mtta: spread(0), mttr: spread(1), escalation: spread(2) };
}

/** A layer's buckets, then its total: the total after its buckets, since summarizing reorders values within the slice summarized. */
function seriesOfLayer(cells: Cells, layer: number, starts: readonly EpochMs[], ends: readonly EpochMs[]): Series {
  const first = layer * cells.buckets;
  const buckets = starts.map((start, b) => ({ start, end: ends[b]!, ...summaryOfCells(cells, first + b, first + b + 1) }));
  return { buckets, total: summaryOfCells(cells, first, first + cells.buckets) };
}

/**
 * What domain/metrics `incidentMetrics` answers — every bucket (empty ones too), the total, and
 * per group (severities P1 first, other keys in id order) — computed from incidents sorted by
 * trigger time (`cellsOf`), without an object or array per incident per request. metrics.test.ts
 * checks that both agree on random data.
 */
function seriesOf(span: Span<StoredIncident>, passes: ((incident: StoredIncident) => boolean) | null, starts: readonly EpochMs[], size: BucketSize, zone: string, keyOf: ((incident: StoredIncident) => string) | undefined, grouping: MetricsGrouping | undefined) {
  const ends = starts.map((start, i) => starts[i + 1] ?? nextBucketStart(start, size, zone));
  const cells = cellsOf(span, passes, starts, keyOf);
  const order = grouping === 'severity' ? (a: string, b: string) => severityRank(a as Severity) - severityRank(b as Severity) : (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const layers = cells.keys.map((key, layer) => ({ key, layer })).sort((a, b) => order(a.key, b.key));
  const groups = layers.map(({ key, layer }) => ({ key, ...seriesOfLayer(cells, layer, starts, ends) }));
  return { ...seriesOfLayer(cells, cells.groups, starts, ends), groups };
}

/** The summary of every incident triggered in the span that passes (the comparison's "before"): one cell. */
function summaryOfSpan(span: Span<StoredIncident>, passes: ((incident: StoredIncident) => boolean) | null, from: EpochMs): MetricsSummary {
  const cells = cellsOf(span, passes, [from], undefined);
  return summaryOfCells(cells, 0, 1);
}

/**
 * domain/metrics `interruptionsByPerson(pages from from − 60 s, range)` over pages classified once
 * when stored: the same anchored 60-second windows, counted when the anchor is in the range, one
 * row for everyone paged (by any channel) from from − 60 s on, sorted by user id. metrics.test.ts
 * checks both agree on random data.
 */
export function interruptionsOf(span: Span<StoredPage>, passes: ((page: StoredPage) => boolean) | null, userCount: number, range: { from: number; to: number }): PersonInterruptions[] {
  const rows: Array<PersonInterruptions | undefined> = new Array<PersonInterruptions | undefined>(userCount);
  const anchors = new Float64Array(userCount).fill(Number.NEGATIVE_INFINITY);
  for (let i = span.lo; i < span.hi; i++) {
    const page = span.items[i]!;
    if (passes && !passes(page)) continue;
    let row = rows[page.user];
    if (!row) {
      row = { userId: page.userId, total: 0, night: 0, weekend: 0, offHours: 0, businessHours: 0, byLocalHour: new Array<number>(24).fill(0) };
      rows[page.user] = row;
    }
    if (!page.counted || page.at - anchors[page.user]! < COALESCE_MS) continue;
    anchors[page.user] = page.at;
    if (page.at < range.from || page.at >= range.to) continue;
    row.total++;
    if (page.night) row.night++;
    if (page.weekend) row.weekend++;
    if (page.night || page.weekend) row.offHours++;
    else row.businessHours++;
    row.byLocalHour[page.localHour]!++;
  }
  return rows.filter((row): row is PersonInterruptions => row !== undefined).sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
}

export type MetricsService = ReturnType<typeof createMetricsService>;

/** How many answers are kept (the page asks a few shapes of the same range; each answer is at most a few MB). */
const CACHED_ANSWERS = 16;

/** Rows by id, as one string: what an answer was built from, to tell whether it still is. */
function fingerprint(rows: ReadonlyArray<{ id: string }>): string {
  return JSON.stringify([...rows].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)));
}

type CachedAnswer = { seq: number | null; services: string; teams: string; peopleIds: string[]; people: string; dto: MetricsDto };

export function createMetricsService(deps: { handle: DatabaseHandle }) {
  const { handle } = deps;
  const store = new MetricsStore(handle);
  /**
   * Answers by query, valid while the store is at the same sequence number and the services,
   * teams and people the answer names are the same rows: repeated requests with no new events
   * (the page's refetches, several viewers) then skip the aggregation. Every change to incidents
   * and pages appends an event, so an unchanged sequence number means unchanged numbers.
   */
  const answers = new Map<string, CachedAnswer>();
  /**
   * The last interruptions per person, by range and filter: a new acknowledgement or resolution
   * changes no page, so the catch-up after it need not count the range's pages again.
   */
  let lastInterruptions: { key: string; rows: PersonInterruptions[] } | null = null;

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
    const allowed = serviceIds === null ? null : new Set(serviceIds);
    const passes = (incident: StoredIncident | undefined) =>
      incident !== undefined && (query.severity === undefined || incident.severity === query.severity) && (allowed === null || allowed.has(incident.serviceId));
    const filtering = query.severity !== undefined || allowed !== null;
    await store.refresh();
    const starts = bucketsBetween(checked.main.from, checked.main.to, query.bucket, query.zone);
    const teams = query.groupBy === 'team' ? await metricsRepository.teams(handle.db) : [];
    const key = JSON.stringify(query);
    const servicesKey = fingerprint(services);
    const teamsKey = fingerprint(teams);
    const known = answers.get(key);
    if (known && known.seq === store.currentSeq && known.services === servicesKey && known.teams === teamsKey) {
      const seq = known.seq;
      const people = fingerprint(await metricsRepository.people(handle.db, known.peopleIds));
      if (people === known.people && store.currentSeq === seq) {
        answers.delete(key);
        answers.set(key, known);
        return known.dto;
      }
    }
    const seq = store.currentSeq;
    const grouping: MetricsGrouping | undefined = query.groupBy;
    const keyOf = (incident: StoredIncident): string =>
      grouping === 'severity' ? incident.severity : grouping === 'service' ? incident.serviceId : (teamOf.get(incident.serviceId) ?? NO_TEAM_KEY);
    const series = seriesOf(store.incidentsIn(checked.main.from, checked.main.to), filtering ? passes : null, starts, query.bucket, query.zone, grouping ? keyOf : undefined, grouping);
    // From a minute before the range, so that a page just inside it joins an interruption that began before.
    const pages = store.pagesIn(checked.main.from - COALESCE_MS, checked.main.to);
    const versions = store.versions;
    const interruptionsKey = JSON.stringify([checked.main, query.severity ?? null, serviceIds, versions.pages, filtering ? versions.incidents : null, store.userCount]);
    const perPerson =
      lastInterruptions?.key === interruptionsKey ? lastInterruptions.rows : interruptionsOf(pages, filtering ? (page) => passes(page.incident) : null, store.userCount, checked.main);
    lastInterruptions = { key: interruptionsKey, rows: perPerson };
    const peopleIds = perPerson.map((row) => row.userId);
    const peopleRows = await metricsRepository.people(handle.db, peopleIds);
    const people = new Map(peopleRows.map((person) => [person.id, person]));
    // Someone paged who is no longer a person here is shown in the zone of a page they had.
    const zoneOf = (userId: string) => pages.items.slice(pages.lo, pages.hi).find((page) => page.userId === userId)?.zone ?? 'UTC';
    const serviceName = new Map(services.map((service) => [service.id, service.name]));
    const teamName = new Map(teams.map((team) => [team.id, team.name]));
    const nameOf = (key: string): string => {
      if (grouping === 'service') return serviceName.get(key) ?? key;
      if (grouping === 'team') return key === NO_TEAM_KEY ? NO_TEAM_NAME : (teamName.get(key) ?? key);
      return key;
    };
    // Every group has the same buckets: their instants are written once.
    const startIso = series.buckets.map((bucket) => toIsoUtc(bucket.start));
    const endIso = series.buckets.map((bucket) => toIsoUtc(bucket.end));
    const bucketDto = (bucket: (typeof series.buckets)[number], i: number) => ({ start: startIso[i]!, end: endIso[i]!, ...summaryDto(bucket) });
    const after = series.total;
    let before: MetricsSummary | null = null;
    if (checked.compare) {
      before = summaryOfSpan(store.incidentsIn(checked.compare.from, checked.compare.to), filtering ? passes : null, checked.compare.from);
    }
    const dto: MetricsDto = {
      range: { from: toIsoUtc(checked.main.from), to: toIsoUtc(checked.main.to), zone: query.zone, bucket: query.bucket },
      buckets: series.buckets.map(bucketDto),
      total: summaryDto(series.total),
      groups: series.groups.map((group) => ({ key: group.key, name: nameOf(group.key), buckets: group.buckets.map(bucketDto), total: summaryDto(group.total) })),
      interruptions: perPerson.map((row) => {
        const person = people.get(row.userId);
        return { ...row, name: person?.name ?? row.userId, timeZone: person?.time_zone ?? zoneOf(row.userId) };
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
    answers.delete(key);
    answers.set(key, { seq, services: servicesKey, teams: teamsKey, peopleIds, people: fingerprint(peopleRows), dto });
    if (answers.size > CACHED_ANSWERS) answers.delete(answers.keys().next().value!);
    return dto;
  }

  return {
    /**
     * Loads the store in the background (the server calls it once ready, after migrations), so no
     * request pays the seconds of the first load; requests arriving meanwhile wait for it
     * (`refresh` runs in order). A failed load is logged and retried by the next request.
     */
    start(onError: (error: unknown) => void): Promise<void> {
      return store.refresh().catch(onError);
    },

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
      // The local date of each bucket once, not once per group: a zone lookup is the costliest part of a line.
      const localStart = dto.buckets.map((bucket) => formatLocalDate(localDayOfWall(wallOf(query.zone, Date.parse(bucket.start)))));
      const line = (bucket: MetricsDto['buckets'][number], i: number, groupBy: string, key: string, name: string): CsvCell[] => [
        bucket.start, bucket.end, localStart[i]!, groupBy, key, name, bucket.count,
        bucket.mtta.n, minutes(bucket.mtta.median), minutes(bucket.mtta.p90), bucket.mttr.n, minutes(bucket.mttr.median), minutes(bucket.mttr.p90),
        bucket.escalation.n, minutes(bucket.escalation.median), minutes(bucket.escalation.p90),
      ];
      dto.buckets.forEach((bucket, i) => rows.push(line(bucket, i, 'all', '', 'All incidents')));
      for (const group of dto.groups) group.buckets.forEach((bucket, i) => rows.push(line(bucket, i, query.groupBy ?? '', group.key, group.name)));
      return toCsv(rows);
    },
  };
}
