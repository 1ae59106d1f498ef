import type { EpochMs } from '../time/instant';
import { epochMs } from '../time/instant';
import type { LocalDay } from '../time/zoned';
import { addLocalDays, formatLocalDate, instantOfLocal, localDayOfWall, wallOf } from '../time/zoned';
import type { ComponentStatus } from './components';
import { worstStatus } from './components';

/** One span a component spent in one state; `to` null while it is still in it. */
export type StatusSpan = { status: ComponentStatus; from: EpochMs; to: EpochMs | null };

export type UptimeDay = {
  /** The calendar date in the page's zone, 'YYYY-MM-DD'. */
  date: string;
  /** Share of the day's tracked time that was not an outage (0–1), or null when nothing was tracked. */
  uptime: number | null;
  /** The worst state the component was in that day. */
  worst: ComponentStatus;
  /** Milliseconds of partial and major outage that day. */
  outageMs: number;
};

/**
 * How a partial outage counts against uptime: Statuspage weighs it at 30 % of a major outage, so
 * that a slow checkout and a dead one do not read the same. Degraded performance and maintenance
 * do not count as downtime.
 */
const DOWNTIME_WEIGHT: Record<ComponentStatus, number> = {
  operational: 0,
  under_maintenance: 0,
  degraded_performance: 0,
  partial_outage: 0.3,
  major_outage: 1,
};

/**
 * The uptime bars: one entry per calendar day in `zone`, the last `days` days up to and including
 * the day of `now`, oldest first. Time before the component existed (its first span) is not counted.
 */
export function uptimeDays(input: { spans: readonly StatusSpan[]; now: EpochMs; zone: string; days: number }): UptimeDay[] {
  const today = localDayOfWall(wallOf(input.zone, input.now));
  const result: UptimeDay[] = [];
  for (let i = input.days - 1; i >= 0; i--) {
    const day: LocalDay = addLocalDays(today, -i);
    const start = instantOfLocal(input.zone, day, 0);
    const end = Math.min(instantOfLocal(input.zone, addLocalDays(day, 1), 0), input.now);
    let tracked = 0;
    let weightedDown = 0;
    let outageMs = 0;
    const seen: ComponentStatus[] = [];
    for (const span of input.spans) {
      const from = Math.max(span.from, start);
      const to = Math.min(span.to ?? input.now, end);
      if (to <= from) continue;
      tracked += to - from;
      weightedDown += (to - from) * DOWNTIME_WEIGHT[span.status];
      if (span.status === 'partial_outage' || span.status === 'major_outage') outageMs += to - from;
      seen.push(span.status);
    }
    result.push({ date: formatLocalDate(day), uptime: tracked === 0 ? null : 1 - weightedDown / tracked, worst: worstStatus(seen), outageMs });
  }
  return result;
}

/** Uptime over all the days that were tracked, weighted by tracked time; null when none was. */
export function overallUptime(input: { spans: readonly StatusSpan[]; from: EpochMs; now: EpochMs }): number | null {
  let tracked = 0;
  let weightedDown = 0;
  for (const span of input.spans) {
    const from = Math.max(span.from, input.from);
    const to = Math.min(span.to ?? input.now, input.now);
    if (to <= from) continue;
    tracked += to - from;
    weightedDown += (to - from) * DOWNTIME_WEIGHT[span.status];
  }
  return tracked === 0 ? null : 1 - weightedDown / tracked;
}

export const UPTIME_DAYS = 90;

export function uptimeWindowStart(now: EpochMs, zone: string): EpochMs {
  const today = localDayOfWall(wallOf(zone, now));
  return epochMs(instantOfLocal(zone, addLocalDays(today, -(UPTIME_DAYS - 1)), 0));
}
