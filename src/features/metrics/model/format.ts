/** How the metrics page writes durations, changes and buckets for people. */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A duration as people say it: "45 s", "2 min", "2 min 30 s" (seconds only matter under ten
 * minutes), "1 h 05 min", "2 d 4 h". Null (nothing measured) is "—", never "0".
 */
export function formatDuration(ms: number | null): string {
  if (ms === null) return '—';
  const value = Math.max(0, ms);
  if (value < MINUTE) return `${Math.round(value / SECOND)} s`;
  if (value < 10 * MINUTE) {
    const seconds = Math.round(value / SECOND);
    const rest = seconds % 60;
    return rest === 0 ? `${Math.floor(seconds / 60)} min` : `${Math.floor(seconds / 60)} min ${rest} s`;
  }
  const minutes = Math.round(value / MINUTE);
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 24 * 60) return `${Math.floor(minutes / 60)} h ${pad(minutes % 60)} min`;
  const hours = Math.round(value / HOUR);
  return hours % 24 === 0 ? `${hours / 24} d` : `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/** A whole percentage with a real minus sign: "−93 %", "+12 %", "0 %". */
export function formatPercent(percent: number): string {
  if (percent === 0) return '0 %';
  return `${percent < 0 ? '\u2212' : '+'}${Math.abs(percent)} %`;
}

/** A share of a whole as a percentage, or "—" when there is no whole. */
export function formatShare(part: number, whole: number): string {
  if (whole === 0) return '—';
  return `${Math.round((part / whole) * 100)} %`;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string, bucket: 'week' | 'month'): Intl.DateTimeFormat {
  const key = `${zone}|${bucket}`;
  let found = formatters.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat('en-GB', bucket === 'week' ? { timeZone: zone, day: 'numeric', month: 'short', year: 'numeric' } : { timeZone: zone, month: 'short', year: 'numeric' });
    formatters.set(key, found);
  }
  return found;
}

/** A bucket's name from its start, read in the viewer's zone: "23 Nov 2026" (its Monday) or "Nov 2026". */
export function bucketLabel(startIso: string, bucket: 'week' | 'month', zone: string): string {
  return formatter(zone, bucket).format(new Date(startIso));
}

/** The unit a duration chart's axis counts in: minutes, or hours once values pass three hours. */
export type AxisUnit = { name: 'minutes' | 'hours'; ms: number };

export function axisUnitFor(values: ReadonlyArray<number | null>): AxisUnit {
  const max = values.reduce<number>((m, v) => (v !== null && v > m ? v : m), 0);
  return max > 3 * HOUR ? { name: 'hours', ms: HOUR } : { name: 'minutes', ms: MINUTE };
}
