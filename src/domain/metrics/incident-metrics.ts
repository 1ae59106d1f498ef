import type { EpochMs } from '../time/instant';
import type { Severity } from '../incident/severity';
import { severityRank } from '../incident/severity';
import { bucketIndex, bucketsBetween, nextBucketStart } from './buckets';
import type { BucketSize } from './buckets';
import { spreadOf } from './stats';
import type { Spread } from './stats';

/**
 * MTTA, MTTR and time to first escalation over calendar buckets (see buckets.ts) and ranges.
 *
 * Definitions (the metrics page shows them on hover):
 * - An incident belongs to the range and to the bucket that hold its `triggeredAt`, with buckets cut
 *   in the viewer's zone. It counts there even if it was acknowledged or resolved later (after `to`).
 * - MTTA: time from triggered to the first acknowledgement, over the incidents that were
 *   acknowledged (one resolved without an acknowledgement has no time to acknowledge, and is left out).
 * - MTTR: time from triggered to resolved, over the incidents that are resolved; open ones are left out.
 * - Time to first escalation: triggered to the first escalation to a further level, over the incidents
 *   that escalated at all; `escalated.n / count` is the escalation rate.
 * - Median and p90 by linear interpolation (stats.ts). Durations in milliseconds; a stamp before
 *   `triggeredAt` (an imported record with clock skew) counts as 0, never negative.
 */
export type MetricIncident = {
  id: string;
  severity: Severity;
  serviceId: string;
  teamId: string;
  triggeredAt: EpochMs;
  acknowledgedAt: EpochMs | null;
  resolvedAt: EpochMs | null;
  firstEscalatedAt: EpochMs | null;
};

export type MetricsRange = { from: EpochMs; to: EpochMs };
export type MetricsOptions = MetricsRange & { size: BucketSize; zone: string };
export type MetricsGrouping = 'severity' | 'service' | 'team';

export type MetricsSummary = {
  count: number;
  /** Triggered → first acknowledgement; `n` is how many were acknowledged. */
  mtta: Spread;
  /** Triggered → resolved; `n` is how many are resolved. */
  mttr: Spread;
  /** Triggered → first escalation; `n` is how many escalated. */
  escalation: Spread;
};

/** One bucket `[start, end)` and its metrics. */
export type BucketMetrics = MetricsSummary & { start: EpochMs; end: EpochMs };

export type MetricsSeries = { buckets: BucketMetrics[]; total: MetricsSummary };

export type GroupedSeries = MetricsSeries & { key: string };

export type IncidentMetrics = MetricsSeries & {
  /** Per severity, service or team when a grouping was asked for; only groups with incidents in the range. */
  groups: GroupedSeries[];
};

function elapsed(from: EpochMs, to: EpochMs | null): number | null {
  return to === null ? null : Math.max(0, to - from);
}

/** The metrics of any set of incidents, taken as given (no range filter). */
export function summarize(incidents: readonly MetricIncident[]): MetricsSummary {
  const ack: number[] = [];
  const resolve: number[] = [];
  const escalate: number[] = [];
  for (const incident of incidents) {
    const a = elapsed(incident.triggeredAt, incident.acknowledgedAt);
    const r = elapsed(incident.triggeredAt, incident.resolvedAt);
    const e = elapsed(incident.triggeredAt, incident.firstEscalatedAt);
    if (a !== null) ack.push(a);
    if (r !== null) resolve.push(r);
    if (e !== null) escalate.push(e);
  }
  return { count: incidents.length, mtta: spreadOf(ack), mttr: spreadOf(resolve), escalation: spreadOf(escalate) };
}

/** The incidents triggered in `[from, to)`. */
export function inRange(incidents: readonly MetricIncident[], range: MetricsRange): MetricIncident[] {
  return incidents.filter((incident) => incident.triggeredAt >= range.from && incident.triggeredAt < range.to);
}

/** The metrics of the incidents triggered in `[from, to)`. */
export function summarizeRange(incidents: readonly MetricIncident[], range: MetricsRange): MetricsSummary {
  return summarize(inRange(incidents, range));
}

function keyOf(incident: MetricIncident, grouping: MetricsGrouping): string {
  if (grouping === 'severity') return incident.severity;
  if (grouping === 'service') return incident.serviceId;
  return incident.teamId;
}

function compareKeys(grouping: MetricsGrouping) {
  return (a: string, b: string): number => {
    if (grouping === 'severity') return severityRank(a as Severity) - severityRank(b as Severity);
    return a < b ? -1 : a > b ? 1 : 0;
  };
}

function seriesOf(perBucket: readonly MetricIncident[][], starts: readonly EpochMs[], ends: readonly EpochMs[]): MetricsSeries {
  const buckets = perBucket.map((members, i) => ({ start: starts[i]!, end: ends[i]!, ...summarize(members) }));
  return { buckets, total: summarize(perBucket.flat()) };
}

/**
 * Per bucket of `[from, to)` (every bucket, empty ones included, so a chart's x axis has no holes)
 * and for the whole range, optionally also per severity (P1 first), service or team (by id).
 * The first and last buckets are whole calendar buckets but hold only incidents inside `[from, to)`.
 */
export function incidentMetrics(
  incidents: readonly MetricIncident[],
  options: MetricsOptions,
  grouping?: MetricsGrouping,
): IncidentMetrics {
  const starts = bucketsBetween(options.from, options.to, options.size, options.zone);
  const ends = starts.map((start, i) => starts[i + 1] ?? nextBucketStart(start, options.size, options.zone));
  const end = ends[ends.length - 1] ?? options.to;
  const all: MetricIncident[][] = starts.map(() => []);
  const byGroup = new Map<string, MetricIncident[][]>();
  for (const incident of incidents) {
    if (incident.triggeredAt < options.from || incident.triggeredAt >= options.to) continue;
    const index = bucketIndex(starts, end, incident.triggeredAt);
    if (index < 0) continue;
    all[index]!.push(incident);
    if (grouping) {
      const key = keyOf(incident, grouping);
      let lists = byGroup.get(key);
      if (!lists) {
        lists = starts.map(() => []);
        byGroup.set(key, lists);
      }
      lists[index]!.push(incident);
    }
  }
  const groups = grouping
    ? [...byGroup.keys()].sort(compareKeys(grouping)).map((key) => ({ key, ...seriesOf(byGroup.get(key)!, starts, ends) }))
    : [];
  return { ...seriesOf(all, starts, ends), groups };
}

export type ComparedMetric = 'count' | 'mttaMedian' | 'mttaP90' | 'mttrMedian' | 'mttrP90' | 'escalationMedian';

export type MetricChange = {
  metric: ComparedMetric;
  before: number | null;
  after: number | null;
  /** (after − before) / before, e.g. −0.9333 for 30 min → 2 min; null when either side is missing or before is 0. */
  change: number | null;
  /** `change` as a whole percentage, rounded half away from zero (−93 for −0.9333, −50 for −0.5). */
  changePercent: number | null;
};

function valuesOf(summary: MetricsSummary): Record<ComparedMetric, number | null> {
  return {
    count: summary.count,
    mttaMedian: summary.mtta.median,
    mttaP90: summary.mtta.p90,
    mttrMedian: summary.mttr.median,
    mttrP90: summary.mttr.p90,
    escalationMedian: summary.escalation.median,
  };
}

const COMPARED: readonly ComparedMetric[] = ['count', 'mttaMedian', 'mttaP90', 'mttrMedian', 'mttrP90', 'escalationMedian'];

/** "Before / after": each metric of range `before` against range `after` (summaries from `summarizeRange`). */
export function compareRanges(before: MetricsSummary, after: MetricsSummary): MetricChange[] {
  const a = valuesOf(before);
  const b = valuesOf(after);
  return COMPARED.map((metric) => {
    const x = a[metric];
    const y = b[metric];
    const change = x === null || y === null || x === 0 ? null : (y - x) / x;
    const changePercent = change === null ? null : Math.sign(change) * Math.round(Math.abs(change) * 100);
    return { metric, before: x, after: y, change, changePercent };
  });
}
