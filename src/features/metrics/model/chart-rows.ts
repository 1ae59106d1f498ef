import type { MetricsDto } from '../../../contracts/metrics';
import { bucketLabel } from './format';
import type { GroupedMetric } from './view-state';

/**
 * The metrics answer mapped to rows that a chart and its table both read, so the two can never
 * show different numbers. Durations stay in milliseconds; null means nothing was measured.
 */
export type BucketRow = {
  label: string;
  start: string;
  count: number;
  mttaN: number;
  mttaMedian: number | null;
  mttaP90: number | null;
  mttrN: number;
  mttrMedian: number | null;
  mttrP90: number | null;
  escalationN: number;
  escalationMedian: number | null;
  escalationP90: number | null;
};

type Summary = MetricsDto['total'];

function summaryRow(label: string, start: string, s: Summary): BucketRow {
  return {
    label,
    start,
    count: s.count,
    mttaN: s.mtta.n,
    mttaMedian: s.mtta.median,
    mttaP90: s.mtta.p90,
    mttrN: s.mttr.n,
    mttrMedian: s.mttr.median,
    mttrP90: s.mttr.p90,
    escalationN: s.escalation.n,
    escalationMedian: s.escalation.median,
    escalationP90: s.escalation.p90,
  };
}

export function bucketRows(dto: MetricsDto): BucketRow[] {
  return dto.buckets.map((bucket) => summaryRow(bucketLabel(bucket.start, dto.range.bucket, dto.range.zone), bucket.start, bucket));
}

export type GroupSeries = { key: string; name: string; dataKey: string };
export type GroupedRow = { label: string; start: string } & Record<string, number | string | null>;

function groupValue(summary: Summary, metric: GroupedMetric): number | null {
  if (metric === 'count') return summary.count;
  if (metric === 'mttaMedian') return summary.mtta.median;
  return summary.mttr.median;
}

/** One row per bucket with one column per group (`g0`, `g1`, … so a group's key never clashes with `label`). */
export function groupedRows(dto: MetricsDto, metric: GroupedMetric): { series: GroupSeries[]; rows: GroupedRow[] } {
  const series = dto.groups.map((group, i) => ({ key: group.key, name: group.name, dataKey: `g${i}` }));
  const rows = dto.buckets.map((bucket, b) => {
    const row: GroupedRow = { label: bucketLabel(bucket.start, dto.range.bucket, dto.range.zone), start: bucket.start };
    dto.groups.forEach((group, i) => {
      const cell = group.buckets[b];
      row[`g${i}`] = cell ? groupValue(cell, metric) : null;
    });
    return row;
  });
  return { series, rows };
}

export function groupTotals(dto: MetricsDto): BucketRow[] {
  return dto.groups.map((group) => summaryRow(group.name, group.key, group.total));
}

export type BurnoutRow = {
  userId: string;
  name: string;
  zone: string;
  /** "Name (Zone)": what the chart's axis and the table name the person by. */
  label: string;
  total: number;
  night: number;
  weekend: number;
  /** Weekend interruptions outside the night: the stacked bars' middle part, so night + weekendDay + businessHours = total. */
  weekendDay: number;
  businessHours: number;
};

/** The busiest people first; ties by name. */
export function burnoutRows(dto: MetricsDto): BurnoutRow[] {
  return dto.interruptions
    .map((p) => ({ userId: p.userId, name: p.name, zone: p.timeZone, label: `${p.name} (${p.timeZone})`, total: p.total, night: p.night, weekend: p.weekend, weekendDay: p.offHours - p.night, businessHours: p.businessHours }))
    .sort((a, b) => b.total - a.total || a.name.localeCompare(b.name));
}
