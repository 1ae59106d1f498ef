import type { MetricsQuery } from '../../../contracts/metrics';
import { isSeverity } from '../../../domain/incident/severity';
import type { Severity } from '../../../domain/incident/severity';
import { DAY_MS, toIsoUtc } from '../../../domain/time/instant';
import { addLocalDays, formatLocalDate, instantOfLocal, parseLocalDate } from '../../../domain/time/zoned';
import type { LocalDay } from '../../../domain/time/zoned';

/**
 * The page's state as it lives in the URL (so a link shows the same charts): the range as local
 * dates in the viewer's zone, both ends included, the bucket, grouping, filters, an optional
 * earlier range to compare with, and whether the numbers show as tables.
 */
export type Grouping = 'severity' | 'service' | 'team';
export type GroupedMetric = 'count' | 'mttaMedian' | 'mttrMedian';

export type MetricsView = {
  from: string;
  to: string;
  bucket: 'week' | 'month';
  groupBy: Grouping | null;
  groupMetric: GroupedMetric;
  severity: Severity | null;
  serviceId: string | null;
  teamId: string | null;
  compare: { from: string; to: string } | null;
  table: boolean;
};

export const GROUPINGS: readonly Grouping[] = ['severity', 'service', 'team'];
export const GROUPED_METRICS: readonly GroupedMetric[] = ['count', 'mttaMedian', 'mttrMedian'];

export type PresetKey = 'last4Weeks' | 'last3Months' | 'last12Months';
export const PRESETS: ReadonlyArray<{ key: PresetKey; label: string }> = [
  { key: 'last4Weeks', label: 'Last 4 weeks' },
  { key: 'last3Months', label: 'Last 3 months' },
  { key: 'last12Months', label: 'Last 12 months' },
];

/** The local day `months` calendar months before `day`, the day of the month clamped (31 May − 3 months = 28 or 29 Feb). */
function monthsBefore(day: LocalDay, months: number): LocalDay {
  const date = new Date(day * DAY_MS);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() - months;
  const lastOfMonth = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return Math.round(Date.UTC(year, month, Math.min(date.getUTCDate(), lastOfMonth)) / DAY_MS) as LocalDay;
}

/** A preset as local dates ending today (included): 28 days, or the months up to today since the same date. */
export function presetRange(key: PresetKey, today: LocalDay): { from: string; to: string } {
  const from = key === 'last4Weeks' ? addLocalDays(today, -27) : addLocalDays(monthsBefore(today, key === 'last3Months' ? 3 : 12), 1);
  return { from: formatLocalDate(from), to: formatLocalDate(today) };
}

/** Which preset a range is, if any (so its button shows as chosen). */
export function presetOf(view: Pick<MetricsView, 'from' | 'to'>, today: LocalDay): PresetKey | null {
  return PRESETS.find(({ key }) => {
    const range = presetRange(key, today);
    return range.from === view.from && range.to === view.to;
  })?.key ?? null;
}

/** The range of the same number of days just before `range`: the natural "before". */
export function previousRange(range: { from: string; to: string }): { from: string; to: string } | null {
  const from = parseLocalDate(range.from);
  const to = parseLocalDate(range.to);
  if (from === undefined || to === undefined || to < from) return null;
  const days = to - from + 1;
  return { from: formatLocalDate(addLocalDays(from, -days)), to: formatLocalDate(addLocalDays(from, -1)) };
}

const oneOf = <T extends string>(values: readonly T[], value: string | null): T | null => (value !== null && (values as readonly string[]).includes(value) ? (value as T) : null);

export function readView(search: URLSearchParams, today: LocalDay): MetricsView {
  const fallback = presetRange('last3Months', today);
  const compareFrom = search.get('compareFrom');
  const compareTo = search.get('compareTo');
  const severity = search.get('severity');
  return {
    from: search.get('from') ?? fallback.from,
    to: search.get('to') ?? fallback.to,
    bucket: search.get('bucket') === 'month' ? 'month' : 'week',
    groupBy: oneOf(GROUPINGS, search.get('groupBy')),
    groupMetric: oneOf(GROUPED_METRICS, search.get('groupMetric')) ?? 'count',
    severity: isSeverity(severity) ? severity : null,
    serviceId: search.get('serviceId') || null,
    teamId: search.get('teamId') || null,
    compare: compareFrom !== null || compareTo !== null ? { from: compareFrom ?? '', to: compareTo ?? '' } : null,
    table: search.get('view') === 'table',
  };
}

export function writeView(view: MetricsView): URLSearchParams {
  const search = new URLSearchParams();
  search.set('from', view.from);
  search.set('to', view.to);
  search.set('bucket', view.bucket);
  if (view.groupBy) search.set('groupBy', view.groupBy);
  if (view.groupBy && view.groupMetric !== 'count') search.set('groupMetric', view.groupMetric);
  if (view.severity) search.set('severity', view.severity);
  if (view.serviceId) search.set('serviceId', view.serviceId);
  if (view.teamId) search.set('teamId', view.teamId);
  if (view.compare) {
    search.set('compareFrom', view.compare.from);
    search.set('compareTo', view.compare.to);
  }
  if (view.table) search.set('view', 'table');
  return search;
}

/** A date field the browser cannot turn into a day, named as the server names its fields. */
export type DateProblem = { field: 'from' | 'to' | 'compareFrom' | 'compareTo'; problem: string };

/**
 * The API query for the view: each local date becomes the instant its day starts in `zone`, and the
 * last day is included, so `to` is the start of the day after it. Whether the range makes sense (to
 * after from, not too long) is the server's to say; only text that is no date is caught here.
 */
export function toQuery(view: MetricsView, zone: string): { query: MetricsQuery; problems: [] } | { query: null; problems: DateProblem[] } {
  const problems: DateProblem[] = [];
  const start = (field: DateProblem['field'], text: string, after: number) => {
    const day = parseLocalDate(text);
    if (day === undefined) {
      problems.push({ field, problem: 'must be a date' });
      return '';
    }
    return toIsoUtc(instantOfLocal(zone, addLocalDays(day, after), 0));
  };
  const from = start('from', view.from, 0);
  const to = start('to', view.to, 1);
  const compareFrom = view.compare ? start('compareFrom', view.compare.from, 0) : undefined;
  const compareTo = view.compare ? start('compareTo', view.compare.to, 1) : undefined;
  if (problems.length > 0) return { query: null, problems };
  const query: MetricsQuery = { from, to, zone, bucket: view.bucket };
  if (view.groupBy) query.groupBy = view.groupBy;
  if (view.severity) query.severity = view.severity;
  if (view.serviceId) query.serviceId = view.serviceId;
  if (view.teamId) query.teamId = view.teamId;
  if (compareFrom !== undefined && compareTo !== undefined) {
    query.compareFrom = compareFrom;
    query.compareTo = compareTo;
  }
  return { query, problems: [] };
}

/** The query as URL parameters, in a fixed order (the JSON request, the query key and the CSV link agree). */
export function querySearch(query: MetricsQuery): string {
  const order = ['from', 'to', 'zone', 'bucket', 'groupBy', 'severity', 'serviceId', 'teamId', 'compareFrom', 'compareTo'] as const;
  const search = new URLSearchParams();
  for (const key of order) {
    const value = query[key];
    if (value !== undefined) search.set(key, value);
  }
  return search.toString();
}
